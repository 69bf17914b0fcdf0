/* tg-change.h: one field version on the move between replicas.
 *
 * A change names a field of a record and carries its value and version. It
 * is what the device pushes, what the server sends back, and what both
 * merge with tg_merge_decide(): the only place the merge rule lives.
 */
#pragma once

#include <glib.h>

#include "tg-hlc.h"
#include "tg-schema.h"

G_BEGIN_DECLS

typedef struct {
  const TgEntityDef *entity;
  const TgFieldDef  *field;
  char              *record_id;
  char              *value;       /* canonical text, or NULL for a cleared field */
  TgVersion          version;
} TgChange;

TgChange *tg_change_new   (const TgFieldDef *field,
                           const char       *record_id,
                           const char       *value,
                           const TgVersion  *version) G_GNUC_WARN_UNUSED_RESULT;
TgChange *tg_change_copy  (const TgChange   *change) G_GNUC_WARN_UNUSED_RESULT;
void      tg_change_free  (TgChange         *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgChange, tg_change_free)

typedef enum {
  TG_MERGE_KEEP_LOCAL,     /* the local version is newer: nothing to do */
  TG_MERGE_SAME,           /* the same version: already applied */
  TG_MERGE_TAKE_INCOMING,  /* the incoming version is newer: it wins */
} TgMergeDecision;

/* The per-field rule: the higher (hlc, node_id) wins. It depends only on
 * the two versions, so replicas that see the same versions in any order,
 * any number of times, agree. */
TgMergeDecision tg_merge_decide (const TgVersion *local,
                                 const TgVersion *incoming);

G_END_DECLS
