/* tg-hlc.h: the hybrid logical clock that versions every field.
 *
 * A timestamp packs 48 bits of wall-clock milliseconds above a 16-bit
 * counter into one guint64, so timestamps compare as plain integers. A field
 * version is the pair (hlc, node_id): the higher hlc wins and equal hlcs are
 * broken by the higher node id (tg_version_compare()).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_HLC_COUNTER_BITS 16
#define TG_HLC_COUNTER_MASK G_GUINT64_CONSTANT (0xffff)
#define TG_HLC_MAX_MS       ((G_GUINT64_CONSTANT (1) << 48) - 1)

/* Returns the wall clock in milliseconds since the Unix epoch. */
typedef gint64 (*TgHlcClockFunc) (gpointer user_data);

typedef struct {
  /* The last timestamp this node issued or observed. Invariant: it never
   * decreases, whatever the wall clock does, for the life of the node,
   * because the store persists it with every write that used it and
   * tg_hlc_init() starts from the persisted value. */
  guint64        last;

  /* Positive 63-bit id of the node that owns the clock; breaks ties. */
  gint64         node_id;

  /* Wall clock source; g_get_real_time() unless a test injects one. */
  TgHlcClockFunc clock;
  gpointer       clock_data;
} TgHlc;

typedef struct {
  guint64 hlc;
  gint64  node_id;
} TgVersion;

void     tg_hlc_init      (TgHlc          *self,
                           gint64          node_id,
                           guint64         persisted_last,
                           TgHlcClockFunc  clock,
                           gpointer        clock_data);

/* Timestamp for a local event: strictly greater than every earlier one. */
guint64  tg_hlc_now       (TgHlc          *self);

/* Advance past a timestamp received from another node. */
void     tg_hlc_observe   (TgHlc          *self,
                           guint64         remote);

guint64  tg_hlc_pack      (guint64         ms,
                           guint           counter);
guint64  tg_hlc_ms        (guint64         hlc);
guint    tg_hlc_counter   (guint64         hlc);

/* Fresh random positive 63-bit node id from the system's random source. */
gint64   tg_node_id_new   (GError        **error);

/* <0, 0 or >0 as a is older than, the same as, or newer than b. */
int      tg_version_compare (const TgVersion *a,
                             const TgVersion *b);

/* Text form used on the wire and in exports: "<hlc>@<node hex>". */
char    *tg_version_to_string (const TgVersion *v) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
