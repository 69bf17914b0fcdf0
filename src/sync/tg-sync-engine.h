/* tg-sync-engine.h: the device side of sync (docs/sync-protocol.md).
 *
 * A TgSyncEngine enrols a device with a server and runs syncs, each a
 * bounded series of HTTPS round trips that push the store's pending
 * changes and pull what the device may hold. All network and database work
 * runs in a worker thread (GTask); results come back on the thread-default
 * main context of the caller.
 *
 * Store ownership: a TgStore is not thread-safe. While an operation runs,
 * the worker thread uses the store only with the engine's store lock held,
 * and only for short database work, never across a network request. Code
 * that uses the same TgStore on another thread during an operation (the
 * app's main thread) takes the lock too, with tg_sync_engine_lock_store();
 * code that does not must leave the store alone until the callback. One
 * operation runs at a time; a second is refused with TG_SYNC_ERROR_BUSY.
 *
 * Resuming: nothing is acknowledged before the server has replied, and the
 * cursor moves only after the pulled changes are stored, so a sync that is
 * cancelled or killed at any point is taken up by the next one, which
 * sends the same changes again (harmless: the server merges them as the
 * same versions).
 */
#pragma once

#include <gio/gio.h>

#include "tg-store.h"
#include "tg-wire.h"

G_BEGIN_DECLS

#define TG_TYPE_SYNC_ENGINE (tg_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (TgSyncEngine, tg_sync_engine, TG, SYNC_ENGINE, GObject)

/* Settings the engine keeps in the store (tg_store_get_setting()). */
#define TG_SYNC_SETTING_URL          "server_url"
#define TG_SYNC_SETTING_PIN          "server_pin"
#define TG_SYNC_SETTING_CA_FILE      "server_ca_file"
#define TG_SYNC_SETTING_DEVICE_ID    "device_id"
#define TG_SYNC_SETTING_DEVICE_NAME  "device_name"
#define TG_SYNC_SETTING_ROLE         "role"
#define TG_SYNC_SETTING_TEAM         "team"
#define TG_SYNC_SETTING_CURSOR       "sync_cursor"
#define TG_SYNC_SETTING_LAST_SYNC    "last_sync_at"
/* The server's policy from the last reply: the longest idle time before
 * the app locks, in seconds; "0" or missing when the server sets none. */
#define TG_SYNC_SETTING_IDLE_LOCK_MAX "policy_idle_lock_max_seconds"

/* Round trips one sync makes at most; a sync that stops there says so in
 * TgSyncResult.more and the caller runs another. */
#define TG_SYNC_MAX_ROUNDS 1000

/* Changes asked for per reply: the most the server sends. A new device's
 * first sync of a large team is hundreds of replies, and each costs a
 * round trip and a transaction on both sides (docs/performance.md, row 4). */
#define TG_SYNC_PULL_LIMIT TG_WIRE_MAX_PULL

/* What an enrolment gave this device. */
typedef struct {
  char *device_id;
  char *role;        /* worker, mentor or lead */
  char *team;
  char *name;        /* the name the administrator gave the code */
  char *server_url;
} TgSyncEnrollment;

void tg_sync_enrollment_free (TgSyncEnrollment *enrollment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgSyncEnrollment, tg_sync_enrollment_free)

/* What one sync did. Counts add up over every round trip of the sync. */
typedef struct {
  guint    rounds;           /* round trips that got a reply */
  guint    pushed;           /* changes the server accepted from this device */
  guint    pulled;           /* changes received */
  guint    applied;          /* of those, the ones that won here and were written */
  guint    conflicts;        /* local unsent values that lost, now in the conflict log */
  guint    purged;           /* clients removed because they left this device's scope */
  gboolean more;             /* stopped at TG_SYNC_MAX_ROUNDS with more to do */

  /* The clock. server_offset_ms is the server's time minus this device's
   * at the middle of the last round trip. clock_restamped: the server
   * refused a batch as stamped in its future, and the unsent changes were
   * stamped again from the corrected clock before the retry.
   * clock_warning: the device's clock is wrong by more than
   * TG_WIRE_SKEW_BOUND_MS (every reply said so, or a batch was refused);
   * the worker should be told to set the tablet's clock. */
  gint64   server_offset_ms;
  gboolean clock_restamped;
  gboolean clock_warning;
} TgSyncResult;

void tg_sync_result_free (TgSyncResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgSyncResult, tg_sync_result_free)

TgSyncEngine     *tg_sync_engine_new              (TgStore              *store) G_GNUC_WARN_UNUSED_RESULT;
TgStore          *tg_sync_engine_get_store        (TgSyncEngine         *self);

/* Takes and releases the lock the worker thread holds around its use of
 * the store (see the top of this file). Not recursive. */
void              tg_sync_engine_lock_store       (TgSyncEngine         *self);
void              tg_sync_engine_unlock_store     (TgSyncEngine         *self);

/* TRUE once the device has a server, a device id and a token. Asks the
 * keyring, so it blocks briefly; call it where that is fine. */
gboolean          tg_sync_engine_is_enrolled      (TgSyncEngine         *self);

/* Redeems @code at @url, checking the server against @pin (base64 SHA-256
 * of its public key) from the first byte; @ca_file (may be NULL) is a PEM
 * file of CA certificates for a server with a private CA; @device_name
 * (may be NULL: the host name) is how the server lists this device.
 * Stores the server, pin, CA file, device id, role and team in the store's
 * settings and the token in the keyring. A device already enrolled is
 * refused with TG_SYNC_ERROR_ALREADY_ENROLLED. Once the server has
 * answered, cancelling no longer stops the enrolment: the code is spent,
 * so its token is kept. */
void              tg_sync_engine_enroll_async     (TgSyncEngine         *self,
                                                   const char           *url,
                                                   const char           *code,
                                                   const char           *pin,
                                                   const char           *ca_file,
                                                   const char           *device_name,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
TgSyncEnrollment *tg_sync_engine_enroll_finish    (TgSyncEngine         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* One sync. Errors: those of TgSyncTransport; TG_SYNC_ERROR_NOT_ENROLLED;
 * TG_WIRE_ERROR from the server, and among them DEVICE_REVOKED after the
 * engine has wiped the store, its keyring items and its caches (the store
 * must not be used afterwards, and the engine refuses further work with
 * TG_SYNC_ERROR_WIPED). */
void              tg_sync_engine_sync_async       (TgSyncEngine         *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
TgSyncResult     *tg_sync_engine_sync_finish      (TgSyncEngine         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* The directory for this store's caches, removed with the store when the
 * device is revoked: $XDG_CACHE_HOME/throughgate/<store id>. */
char             *tg_sync_engine_get_cache_dir    (TgSyncEngine         *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
