/* tg-store-service.h: the app's one way to the store.
 *
 * A TgStoreService owns the TgStore of a data directory and runs every
 * database call on one worker thread of its own (a TgStore is not
 * thread-safe): each operation is an _async/_finish pair whose callback
 * runs on the caller's main context. Widgets get the service injected as a
 * construct property and never see the store, SQL or a record row.
 *
 * State: without a store in the data directory the service is NO_STORE;
 * create or enrol makes one. LOCKED means a store exists but is closed (no
 * key in memory); open with the PIN to get UNLOCKED. Locking drops the
 * store, and with it the key, on the worker thread.
 */
#pragma once

#include <gio/gio.h>

#include "tg-client-item.h"
#include "tg-store.h"
#include "tg-store-sync.h"

G_BEGIN_DECLS

#define TG_TYPE_STORE_SERVICE (tg_store_service_get_type ())
G_DECLARE_FINAL_TYPE (TgStoreService, tg_store_service, TG, STORE_SERVICE, GObject)

typedef enum {
  TG_STORE_SERVICE_NO_STORE,
  TG_STORE_SERVICE_LOCKED,
  TG_STORE_SERVICE_UNLOCKED,
} TgStoreServiceState;

GType tg_store_service_state_get_type (void) G_GNUC_CONST;
#define TG_TYPE_STORE_SERVICE_STATE (tg_store_service_state_get_type ())

typedef enum {
  TG_CASELOAD_ALL,
  TG_CASELOAD_MINE,             /* key worker is this store's worker */
  TG_CASELOAD_IN_CUSTODY,       /* remand, sentenced or recalled */
  TG_CASELOAD_RELEASED,
  TG_CASELOAD_REVIEWS_DUE,      /* an open care plan's review is due by today */
  TG_CASELOAD_RELEASING_SOON,   /* release in the next 14 days */
} TgCaseloadFilter;

#define TG_RELEASING_SOON_DAYS 14

/* Everything the client page shows, read in one go. */
typedef struct {
  TgRecord  *client;
  TgRecord  *release_plan;   /* NULL when the client has none yet */
  GPtrArray *notes;          /* TgRecord, newest first */
  char      *draft;          /* the note being written, or NULL */
  GHashTable *session_places; /* session id → where it was held, for notes
                               * written in a session */
  guint      open_conflicts;
} TgClientDetails;

void tg_client_details_free (TgClientDetails *details);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgClientDetails, tg_client_details_free)

/* The sync header: what waits, when it last went, what this device is. */
typedef struct {
  gint64    pending;          /* field changes not yet acknowledged */
  guint     open_conflicts;
  char     *last_sync_at;     /* ISO 8601 UTC, NULL when never */
  char     *server_url;       /* NULL when not enrolled */
  char     *role;             /* worker, mentor or lead; NULL: local only */
  gboolean  clock_warning;    /* the last sync said the clock is wrong */
  guint     idle_lock_max_seconds; /* the server's policy; 0: none */
} TgSyncStatus;

void tg_sync_status_free (TgSyncStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgSyncStatus, tg_sync_status_free)

/* One open conflict, with what a worker needs to decide. */
typedef struct {
  gint64  id;
  char   *client_id;
  char   *client_name;
  char   *field_label;
  char   *mine;
  char   *theirs;
  char   *detected_at;
} TgConflictView;

void tg_conflict_view_free (TgConflictView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgConflictView, tg_conflict_view_free)

/* Results of an enrolment, for the first-run page. */
typedef struct {
  char *role;
  char *team;
  char *server_url;
} TgEnrolResult;

void tg_enrol_result_free (TgEnrolResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgEnrolResult, tg_enrol_result_free)

TgStoreService     *tg_store_service_new               (const char          *data_dir) G_GNUC_WARN_UNUSED_RESULT;

const char         *tg_store_service_get_data_dir      (TgStoreService      *self);
TgStoreServiceState tg_store_service_get_state         (TgStoreService      *self);
/* Wrong PINs in a row, as last read from the data directory. */
guint               tg_store_service_get_failed_unlocks (TgStoreService     *self);
/* The device's role from enrolment ("mentor" makes the gate list the whole
 * app); NULL while locked or when the store was made on this device only. */
const char         *tg_store_service_get_role          (TgStoreService      *self);
/* The worker who signs notes; NULL while locked. */
const char         *tg_store_service_get_worker        (TgStoreService      *self);
/* Whether this build can enrol and sync (the sync engine is linked). */
gboolean            tg_store_service_can_sync          (TgStoreService      *self);

/* Lifecycle. */
void      tg_store_service_create_async   (TgStoreService       *self,
                                           const char           *pin,
                                           const char           *worker,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  tg_store_service_create_finish  (TgStoreService       *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* Creates the store, fills it with the seeded demo caseload and leaves it
 * locked, as after a restart. */
void      tg_store_service_create_demo_async  (TgStoreService   *self,
                                               const char       *pin,
                                               guint32           seed,
                                               guint             n_clients,
                                               guint             notes_per_client,
                                               GCancellable     *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer          user_data);
gboolean  tg_store_service_create_demo_finish (TgStoreService   *self,
                                               GAsyncResult     *result,
                                               GError          **error);

/* Creates the store, then redeems an enrolment code with the sync engine;
 * a failed enrolment removes the new store again. @ca_file (NULL or empty:
 * the system's CAs) is a PEM file for a server with a CA of its own. */
void      tg_store_service_enrol_async    (TgStoreService       *self,
                                           const char           *pin,
                                           const char           *worker,
                                           const char           *url,
                                           const char           *code,
                                           const char           *key_pin,
                                           const char           *ca_file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
TgEnrolResult *tg_store_service_enrol_finish (TgStoreService    *self,
                                              GAsyncResult      *result,
                                              GError           **error) G_GNUC_WARN_UNUSED_RESULT;

/* Errors: TG_STORE_ERROR_WRONG_PIN (failed-unlocks has the new count),
 * TG_STORE_ERROR_WIPED (the state is NO_STORE afterwards). */
void      tg_store_service_unlock_async   (TgStoreService       *self,
                                           const char           *pin,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  tg_store_service_unlock_finish  (TgStoreService       *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* Closes the store on the worker thread and goes LOCKED at once; work
 * already queued fails with TG_STORE_ERROR_NOT_FOUND ("locked"). */
void      tg_store_service_lock           (TgStoreService       *self);

/* Blocks until the worker has run everything queued; for shutdown and
 * tests only, never from a handler of a running app. */
void      tg_store_service_flush          (TgStoreService       *self);

/* Reads. */
void       tg_store_service_list_clients_async   (TgStoreService      *self,
                                                  TgCaseloadFilter     filter,
                                                  const char          *search,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* TgClientItem elements. */
GPtrArray *tg_store_service_list_clients_finish  (TgStoreService      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;

void       tg_store_service_get_client_item_async  (TgStoreService      *self,
                                                    const char          *client_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
TgClientItem *tg_store_service_get_client_item_finish (TgStoreService   *self,
                                                       GAsyncResult     *result,
                                                       GError          **error) G_GNUC_WARN_UNUSED_RESULT;

void       tg_store_service_load_client_async    (TgStoreService      *self,
                                                  const char          *client_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
TgClientDetails *tg_store_service_load_client_finish (TgStoreService  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* TgGateEntry elements, from @from for @days days. */
void       tg_store_service_gate_list_async      (TgStoreService      *self,
                                                  const GDate         *from,
                                                  guint                days,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *tg_store_service_gate_list_finish     (TgStoreService      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;

void       tg_store_service_sync_status_async    (TgStoreService      *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
TgSyncStatus *tg_store_service_sync_status_finish (TgStoreService     *self,
                                                   GAsyncResult       *result,
                                                   GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* TgConflictView elements, open ones only. */
void       tg_store_service_list_conflicts_async (TgStoreService      *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *tg_store_service_list_conflicts_finish (TgStoreService     *self,
                                                   GAsyncResult       *result,
                                                   GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Writes. Each emits ::record-changed on success. A NULL or empty @value
 * clears the field. */
void      tg_store_service_update_async   (TgStoreService       *self,
                                           const char           *entity,
                                           const char           *id,
                                           const char           *field,
                                           const char           *value,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  tg_store_service_update_finish  (TgStoreService       *self,
                                           GAsyncResult         *result,
                                           GError              **error);

void      tg_store_service_sign_note_async  (TgStoreService     *self,
                                             const char         *note_id,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean  tg_store_service_sign_note_finish (TgStoreService     *self,
                                             GAsyncResult       *result,
                                             GError            **error);

/* Saves @body under @key; an empty body clears the draft. */
void      tg_store_service_save_draft_async  (TgStoreService    *self,
                                              const char        *key,
                                              const char        *body,
                                              GCancellable      *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer           user_data);
gboolean  tg_store_service_save_draft_finish (TgStoreService    *self,
                                              GAsyncResult      *result,
                                              GError           **error);

void      tg_store_service_resolve_conflict_async  (TgStoreService      *self,
                                                    gint64               conflict_id,
                                                    TgConflictChoice     choice,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean  tg_store_service_resolve_conflict_finish (TgStoreService      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* One sync with the server; TG_STORE_ERROR_NOT_FOUND-free errors come from
 * the sync engine. Without the engine or an enrolment, fails with
 * G_IO_ERROR_NOT_SUPPORTED. The result's clock warning is remembered for
 * the sync status. */
void      tg_store_service_sync_async     (TgStoreService       *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  tg_store_service_sync_finish    (TgStoreService       *self,
                                           GAsyncResult         *result,
                                           guint                *pushed,
                                           guint                *pulled,
                                           guint                *conflicts,
                                           GError              **error);

G_END_DECLS

G_BEGIN_DECLS

/* Deletes the store and its key from the keyring (the demo's throwaway
 * store, at exit), opening it with @pin first when it is locked. Blocks
 * until done: for shutdown only. */
gboolean  tg_store_service_wipe_sync      (TgStoreService       *self,
                                           const char           *pin,
                                           GError              **error);

G_END_DECLS
