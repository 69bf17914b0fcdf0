/* tg-store-sync.h: what sync needs from a store, on the device and on the
 * server alike.
 *
 * Incoming changes are merged field by field with tg_merge_decide(); the
 * store never applies a version older than the one it holds, and applying
 * the same change twice changes nothing.
 */
#pragma once

#include "tg-change.h"
#include "tg-store.h"

G_BEGIN_DECLS

typedef struct {
  guint applied;     /* incoming versions that won and were written */
  guint unchanged;   /* already held, or older than what is held */
  guint conflicts;   /* local unsent values that lost, kept in the log */
} TgApplyStats;

/* Called inside the apply transaction for each incoming change once the
 * decision is made. @held is what the store held before (its version is
 * zero for a field never written). Returning FALSE aborts the whole batch.
 * The server keeps its audit trail and change feed here. */
typedef gboolean (*TgApplyHook) (TgStore         *store,
                                 const TgChange  *incoming,
                                 const TgChange  *held,
                                 TgMergeDecision  decision,
                                 gpointer         user_data,
                                 GError         **error);

/* Merges @changes (TgChange elements) in one transaction. With
 * @keep_conflicts, an incoming version that beats a local value not yet
 * acknowledged by the server moves that local value into the conflict log
 * (the device); the server passes FALSE. */
gboolean   tg_store_apply_changes   (TgStore       *self,
                                     GPtrArray     *changes,
                                     gboolean       keep_conflicts,
                                     TgApplyHook    hook,
                                     gpointer       hook_data,
                                     TgApplyStats  *stats,
                                     GError       **error);

/* Local changes not yet acknowledged, oldest first, at most @limit. */
GPtrArray *tg_store_collect_pending (TgStore       *self,
                                     guint          limit,
                                     GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* The server has stored @pushed: forget each pending change whose field
 * still has the pushed version (a field written again since stays). */
gboolean   tg_store_ack_pending     (TgStore       *self,
                                     GPtrArray     *pushed,
                                     GError       **error);

/* Gives every pending change a fresh stamp from a wall clock corrected by
 * @offset_ms, never below @floor_hlc (the newest version seen from any
 * other node). Used after the server refused a batch stamped in its future;
 * those stamps were never seen by anyone, so they may be replaced. */
gboolean   tg_store_restamp_pending (TgStore       *self,
                                     gint64         offset_ms,
                                     guint64        floor_hlc,
                                     GError       **error);

/* Wall clock correction applied to every stamp from now on. */
void       tg_store_set_clock_offset (TgStore      *self,
                                      gint64        offset_ms);

/* Removes a client and every record that belongs to them from this device,
 * with their pending changes and conflicts: the server said the client
 * left this device's scope. */
gboolean   tg_store_purge_client    (TgStore       *self,
                                     const char    *client_id,
                                     GError       **error);

/* Key-value settings kept in the store (sync cursor, device id, server). */
char      *tg_store_get_setting     (TgStore       *self,
                                     const char    *key,
                                     GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean   tg_store_set_setting     (TgStore       *self,
                                     const char    *key,
                                     const char    *value,
                                     GError       **error);

/* Limits local writes to fields of the given sensitivity classes, kept
 * with the store: a mentor's device may only write what the server lets a
 * mentor push, so no change is stranded unsendable. NULL or empty allows
 * every class again. */
gboolean   tg_store_set_writable_classes (TgStore            *self,
                                          const TgSensitivity *classes,
                                          guint               n_classes,
                                          GError            **error);

/* The conflict log. */
typedef enum {
  TG_CONFLICT_KEEP_MINE,
  TG_CONFLICT_ACCEPT_THEIRS,
} TgConflictChoice;

typedef struct {
  gint64    id;
  TgChange *mine;
  TgChange *theirs;
  char     *detected_at;
  char     *resolution;   /* NULL while open */
} TgConflict;

void       tg_conflict_free         (TgConflict    *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgConflict, tg_conflict_free)

GPtrArray *tg_store_list_conflicts  (TgStore       *self,
                                     gboolean       include_resolved,
                                     GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* Keep mine writes my value again as a new local change, so it wins and
 * goes to the server; accept theirs closes the conflict. */
gboolean   tg_store_resolve_conflict (TgStore          *self,
                                      gint64            conflict_id,
                                      TgConflictChoice  choice,
                                      GError          **error);

/* Deletes the store files and its key from the keyring. The store object
 * must not be used afterwards. */
gboolean   tg_store_wipe            (TgStore       *self,
                                     GError       **error);

G_END_DECLS
