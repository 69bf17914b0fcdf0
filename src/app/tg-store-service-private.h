/* tg-store-service-private.h: what the files of TgStoreService share.
 *
 * The service is one class in several files, by concern:
 *   tg-store-service.c          the worker thread, the GObject, lifecycle
 *                               (create, demo, unlock, lock, flush, wipe)
 *   tg-store-service-clients.c  reads for the caseload, client and gate list
 *   tg-store-service-writes.c   field updates, signing, drafts, conflict choices
 *   tg-store-service-sync.c     sync status, conflict log, sync, enrolment
 *   tg-store-service-kpi.c      the KPI figures and the gate-day run sheet
 *   tg-store-service-records.c  field-workflow records, sessions, new notes
 * Jobs are queued with _tg_store_service_queue_job() and run one at a time
 * on the worker thread; see the struct below for who may touch what.
 */
#pragma once

#include "tg-store-service.h"

#include "tg-dates.h"
#include "tg-field-labels.h"
#include "tg-store-demo.h"

#ifdef TG_HAVE_SYNC
#include "tg-sync-engine.h"
#endif

G_BEGIN_DECLS

typedef struct _Job Job;

typedef enum {
  JOB_LIFECYCLE,   /* makes, opens or drops the store; runs without one */
  JOB_READ,        /* needs the store; dropped when a lock came after it */
  JOB_WRITE,       /* needs the store; runs even when a lock came after it,
                    * since the store closes only after it (a draft saved
                    * just before the idle lock must not be lost) */
} JobKind;

/* Runs on the worker thread with the store (NULL for jobs that make one).
 * Returns the result, never NULL on success; sets @result_free. */
typedef gpointer (*JobFunc) (TgStoreService  *self,
                             gpointer         data,
                             GCancellable    *cancellable,
                             GDestroyNotify  *result_free,
                             GError         **error);

/* Runs on the main thread once the job is done, before the caller hears of
 * it. Returns TRUE when it took over job->outer (it will return it later). */
typedef gboolean (*JobHook) (TgStoreService *self,
                             Job            *job);

struct _Job
{
  TgStoreService *self;          /* strong */
  GTask          *outer;         /* the caller's task */
  JobFunc         func;
  gpointer        data;
  GDestroyNotify  data_free;
  JobHook         hook;
  GTask          *hop;           /* returned by the worker to come back */
  int             generation;    /* the lock generation when queued */
  JobKind         kind;

  /* Set by the worker, read on the main thread after the hop. */
  gpointer        result;
  GDestroyNotify  result_free;
  GError         *error;
};

/* What the caseload needs besides the client rows (see list_clients_job). */
typedef struct _CaseloadContext CaseloadContext;

/* Pushed to the pool instead of a Job: drop the store and its key. */
#define CLOSE_STORE GINT_TO_POINTER (1)

struct _TgStoreService
{
  GObject              parent_instance;

  char                *data_dir;

  /* One worker thread; jobs run in the order they were queued. */
  GThreadPool         *pool;

  /* Raised on every lock. A job queued before a lock neither runs on the
   * store nor reports data after it. Read on both threads. */
  int                  generation;

  /* Wrong PINs in a row, written by the worker after each attempt. */
  guint                failed_unlocks;

  /* Main thread only. */
  TgStoreServiceState  state;
  char                *role;
  char                *worker;
  gboolean             clock_warning;
  char                *active_session; /* the session being run, or NULL */
#ifdef TG_HAVE_SYNC
  TgSyncEngine        *engine_main;   /* a reference for async calls */
#endif

  /* Raised on the main thread when the store changed behind the
   * worker's back (a sync, on the engine's thread). Read on both. */
  int                  cache_stamp;

  /* Worker thread only: the open store, or NULL while locked. */
  TgStore             *store;
  /* Worker thread only: the caseload items already made (client id →
   * TgClientItem) and what they were made from. Valid only while no job
   * other than a read ran since, cache_stamp still equals
   * item_cache_stamp and the day has not changed; dropped otherwise. */
  GHashTable          *item_cache;
  CaseloadContext     *item_context;
  int                  item_cache_stamp;
#ifdef TG_HAVE_SYNC
  TgSyncEngine        *engine;
#endif
};


enum {
  _TG_STORE_SERVICE_RECORD_CHANGED,
  _TG_STORE_SERVICE_N_SIGNALS
};

extern guint _tg_store_service_signals[_TG_STORE_SERVICE_N_SIGNALS];

/* A job's result when there is nothing to hand back. */
#define DONE GINT_TO_POINTER (1)

typedef struct {
  char    *pin;
  char    *worker;
  guint32  seed;
  guint    n_clients;
  guint    notes_per_client;
  char    *url;
  char    *code;
  char    *key_pin;
  char    *ca_file;   /* NULL: the system's CAs */
} OpenData;


/* What the main thread learns from an open or a create. */
typedef struct {
  char *role;
  char *worker;
} Opened;

void      _tg_store_service_open_data_free   (OpenData            *data);
void      _tg_store_service_opened_free      (Opened              *opened);

void      _tg_store_service_queue_job        (TgStoreService      *self,
                                              JobKind              kind,
                                              JobFunc              func,
                                              gpointer             data,
                                              GDestroyNotify       data_free,
                                              JobHook              hook,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data,
                                              gpointer             source_tag);
gpointer  _tg_store_service_finish_pointer   (TgStoreService      *self,
                                              GAsyncResult        *result,
                                              gpointer             source_tag,
                                              GError             **error);
gboolean  _tg_store_service_finish_boolean   (TgStoreService      *self,
                                              GAsyncResult        *result,
                                              gpointer             source_tag,
                                              GError             **error);
void      _tg_store_service_set_locked_error (GError             **error);
gboolean  _tg_store_service_set_str          (char               **slot,
                                              const char          *value);
/* Main thread only. */
void      _tg_store_service_set_state        (TgStoreService      *self,
                                              TgStoreServiceState  state);
void      _tg_store_service_set_role         (TgStoreService      *self,
                                              const char          *role);
/* Worker thread: makes the store of OpenData (pin, worker). */
gpointer  _tg_store_service_create_job       (TgStoreService      *self,
                                              gpointer             data,
                                              GCancellable        *cancellable,
                                              GDestroyNotify      *result_free,
                                              GError             **error);

/* tg-store-service-clients.c */
void      _tg_store_service_today            (GDate               *today);
char     *_tg_store_service_conflict_client_id (TgStore           *store,
                                                const TgChange    *change) G_GNUC_WARN_UNUSED_RESULT;
char     *_tg_store_service_note_draft_key   (const char          *client_id) G_GNUC_WARN_UNUSED_RESULT;
/* Worker thread only: forgets the caseload items made so far. */
void      _tg_store_service_drop_item_cache  (TgStoreService      *self);

G_END_DECLS
