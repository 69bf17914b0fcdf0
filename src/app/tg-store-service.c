/* The app's store service (tg-store-service.h).
 *
 * Sections: private types, the worker thread, the GObject, lifecycle
 * operations, reads, writes, sync.
 */

#include "config.h"

#include "tg-store-service.h"

#include <string.h>

#include "tg-dates.h"
#include "tg-field-labels.h"
#include "tg-store-demo.h"

#ifdef TG_HAVE_SYNC
#include "tg-sync-engine.h"
#endif

/* Private types */

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
#ifdef TG_HAVE_SYNC
  TgSyncEngine        *engine_main;   /* a reference for async calls */
#endif

  /* Worker thread only: the open store, or NULL while locked. */
  TgStore             *store;
#ifdef TG_HAVE_SYNC
  TgSyncEngine        *engine;
#endif
};

G_DEFINE_FINAL_TYPE (TgStoreService, tg_store_service, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TgStoreServiceState, tg_store_service_state,
                    G_DEFINE_ENUM_VALUE (TG_STORE_SERVICE_NO_STORE, "no-store"),
                    G_DEFINE_ENUM_VALUE (TG_STORE_SERVICE_LOCKED, "locked"),
                    G_DEFINE_ENUM_VALUE (TG_STORE_SERVICE_UNLOCKED, "unlocked"))

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_STATE,
  PROP_FAILED_UNLOCKS,
  PROP_ROLE,
  N_PROPS
};

enum {
  RECORD_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
tg_client_details_free (TgClientDetails *details)
{
  if (details == NULL)
    return;
  g_clear_pointer (&details->client, tg_record_free);
  g_clear_pointer (&details->release_plan, tg_record_free);
  g_clear_pointer (&details->notes, g_ptr_array_unref);
  g_free (details->draft);
  g_free (details);
}

void
tg_sync_status_free (TgSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->last_sync_at);
  g_free (status->server_url);
  g_free (status->role);
  g_free (status);
}

void
tg_conflict_view_free (TgConflictView *view)
{
  if (view == NULL)
    return;
  g_free (view->client_id);
  g_free (view->client_name);
  g_free (view->field_label);
  g_free (view->mine);
  g_free (view->theirs);
  g_free (view->detected_at);
  g_free (view);
}

void
tg_enrol_result_free (TgEnrolResult *result)
{
  if (result == NULL)
    return;
  g_free (result->role);
  g_free (result->team);
  g_free (result->server_url);
  g_free (result);
}

/* g_set_str() arrives with GLib 2.76. */
static gboolean
set_str (char       **slot,
         const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
set_locked_error (GError **error)
{
  g_set_error_literal (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND,
                       "The store is locked");
}

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_clear_object (&job->outer);
  g_clear_object (&job->self);
  g_free (job);
}

/* The worker thread */

static void
close_store_in_worker (TgStoreService *self)
{
#ifdef TG_HAVE_SYNC
  g_clear_object (&self->engine);
#endif
  g_clear_object (&self->store);
}

static void
job_finished_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  TgStoreService *self = job->self;

  /* Data read before a lock must not reach a widget after it. */
  if (job->error == NULL && job->kind == JOB_READ &&
      job->generation != g_atomic_int_get (&self->generation))
    {
      if (job->result_free != NULL)
        job->result_free (job->result);
      job->result = NULL;
      set_locked_error (&job->error);
    }

  if (job->hook != NULL && job->hook (self, job))
    {
      job_free (job);
      return;
    }

  if (job->error != NULL)
    g_task_return_error (job->outer, g_steal_pointer (&job->error));
  else
    g_task_return_pointer (job->outer, g_steal_pointer (&job->result), job->result_free);
  job_free (job);
}

static void
worker_run_cb (gpointer data,
               gpointer user_data)
{
  TgStoreService *self = user_data;
  Job *job = data;
  GCancellable *cancellable;
  GTask *hop;

  if (data == CLOSE_STORE)
    {
      close_store_in_worker (self);
      return;
    }

  cancellable = g_task_get_cancellable (job->outer);
  hop = job->hop;

  if (g_cancellable_set_error_if_cancelled (cancellable, &job->error))
    ;
  else if (job->kind != JOB_LIFECYCLE &&
           (self->store == NULL ||
            (job->kind == JOB_READ &&
             job->generation != g_atomic_int_get (&self->generation))))
    set_locked_error (&job->error);
  else
    {
#ifdef TG_HAVE_SYNC
      TgSyncEngine *engine = self->engine;

      /* The engine's own thread uses the store during a sync; take turns. */
      if (engine != NULL)
        tg_sync_engine_lock_store (engine);
#endif
      job->result = job->func (self, job->data, cancellable, &job->result_free, &job->error);
#ifdef TG_HAVE_SYNC
      if (engine != NULL)
        tg_sync_engine_unlock_store (engine);
#endif
      g_assert (job->result != NULL || job->error != NULL);
    }

  /* Back to the main context the caller used. */
  job->hop = NULL;
  g_task_return_boolean (hop, TRUE);
  g_object_unref (hop);
}

static void
queue_job (TgStoreService      *self,
           JobKind              kind,
           JobFunc              func,
           gpointer             data,
           GDestroyNotify       data_free,
           JobHook              hook,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->outer, source_tag);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->hook = hook;
  job->kind = kind;
  job->generation = g_atomic_int_get (&self->generation);

  job->hop = g_task_new (self, NULL, job_finished_cb, job);
  g_thread_pool_push (self->pool, job, NULL);
}

static gpointer
finish_pointer (TgStoreService *self,
                GAsyncResult   *result,
                gpointer        source_tag,
                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_boolean (TgStoreService *self,
                GAsyncResult   *result,
                gpointer        source_tag,
                GError        **error)
{
  return finish_pointer (self, result, source_tag, error) != NULL;
}

#define DONE GINT_TO_POINTER (1)

/* The GObject */

static void
set_state (TgStoreService      *self,
           TgStoreServiceState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_role (TgStoreService *self,
          const char     *role)
{
  if (set_str (&self->role, role))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

static void
update_failed_unlocks (TgStoreService *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_UNLOCKS]);
}

static void
tg_store_service_constructed (GObject *object)
{
  TgStoreService *self = TG_STORE_SERVICE (object);

  G_OBJECT_CLASS (tg_store_service_parent_class)->constructed (object);

  /* Two small file reads, once at start: cheaper than a hop. */
  self->state = tg_store_exists (self->data_dir) ? TG_STORE_SERVICE_LOCKED
                                                 : TG_STORE_SERVICE_NO_STORE;
  self->failed_unlocks = tg_store_get_failed_unlocks (self->data_dir);
  self->pool = g_thread_pool_new (worker_run_cb, self, 1, FALSE, NULL);
}

static void
tg_store_service_finalize (GObject *object)
{
  TgStoreService *self = TG_STORE_SERVICE (object);

  /* Every queued job holds a reference, so only the close is left. */
  g_thread_pool_push (self->pool, CLOSE_STORE, NULL);
  g_thread_pool_free (self->pool, FALSE, TRUE);
#ifdef TG_HAVE_SYNC
  g_clear_object (&self->engine_main);
#endif
  g_free (self->data_dir);
  g_free (self->role);
  g_free (self->worker);

  G_OBJECT_CLASS (tg_store_service_parent_class)->finalize (object);
}

static void
tg_store_service_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TgStoreService *self = TG_STORE_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_FAILED_UNLOCKS:
      g_value_set_uint (value, tg_store_service_get_failed_unlocks (self));
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_store_service_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TgStoreService *self = TG_STORE_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_store_service_class_init (TgStoreServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tg_store_service_constructed;
  object_class->finalize = tg_store_service_finalize;
  object_class->get_property = tg_store_service_get_property;
  object_class->set_property = tg_store_service_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       TG_TYPE_STORE_SERVICE_STATE, TG_STORE_SERVICE_NO_STORE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAILED_UNLOCKS] =
    g_param_spec_uint ("failed-unlocks", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A write succeeded: (entity, record id). Pages showing it reload. */
  signals[RECORD_CHANGED] =
    g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
tg_store_service_init (TgStoreService *self)
{
}

TgStoreService *
tg_store_service_new (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);
  return g_object_new (TG_TYPE_STORE_SERVICE, "data-dir", data_dir, NULL);
}

const char *
tg_store_service_get_data_dir (TgStoreService *self)
{
  g_return_val_if_fail (TG_IS_STORE_SERVICE (self), NULL);
  return self->data_dir;
}

TgStoreServiceState
tg_store_service_get_state (TgStoreService *self)
{
  g_return_val_if_fail (TG_IS_STORE_SERVICE (self), TG_STORE_SERVICE_NO_STORE);
  return self->state;
}

guint
tg_store_service_get_failed_unlocks (TgStoreService *self)
{
  g_return_val_if_fail (TG_IS_STORE_SERVICE (self), 0);
  return (guint) g_atomic_int_get ((int *) &self->failed_unlocks);
}

const char *
tg_store_service_get_role (TgStoreService *self)
{
  g_return_val_if_fail (TG_IS_STORE_SERVICE (self), NULL);
  return self->role;
}

const char *
tg_store_service_get_worker (TgStoreService *self)
{
  g_return_val_if_fail (TG_IS_STORE_SERVICE (self), NULL);
  return self->worker;
}

gboolean
tg_store_service_can_sync (TgStoreService *self)
{
#ifdef TG_HAVE_SYNC
  return TRUE;
#else
  return FALSE;
#endif
}

/* Lifecycle operations */

typedef struct {
  char    *pin;
  char    *worker;
  guint32  seed;
  guint    n_clients;
  guint    notes_per_client;
  char    *url;
  char    *code;
  char    *key_pin;
} OpenData;

static void
open_data_free (OpenData *data)
{
  /* The PIN leaves memory as soon as the job is done with it. */
  if (data->pin != NULL)
    memset (data->pin, 0, strlen (data->pin));
  g_free (data->pin);
  g_free (data->worker);
  g_free (data->url);
  g_free (data->code);
  g_free (data->key_pin);
  g_free (data);
}

/* What the main thread learns from an open or a create. */
typedef struct {
  char *role;
  char *worker;
} Opened;

static void
opened_free (Opened *opened)
{
  g_free (opened->role);
  g_free (opened->worker);
  g_free (opened);
}

static Opened *
adopt_store (TgStoreService  *self,
             TgStore         *store,
             GDestroyNotify  *result_free)
{
  Opened *opened = g_new0 (Opened, 1);

  close_store_in_worker (self);
  self->store = store;
#ifdef TG_HAVE_SYNC
  self->engine = tg_sync_engine_new (store);
#endif
  opened->role = tg_store_get_setting (store, "role", NULL);
  opened->worker = g_strdup (tg_store_get_worker (store));
  *result_free = (GDestroyNotify) opened_free;
  return opened;
}

static gboolean
opened_hook (TgStoreService *self,
             Job            *job)
{
  Opened *opened = job->result;

  update_failed_unlocks (self);
  if (job->error != NULL)
    {
      if (g_error_matches (job->error, TG_STORE_ERROR, TG_STORE_ERROR_WIPED))
        set_state (self, TG_STORE_SERVICE_NO_STORE);
      return FALSE;
    }
  /* A lock while opening wins: the worker drops the store again. */
  if (job->generation != g_atomic_int_get (&self->generation))
    return FALSE;

  set_str (&self->worker, opened->worker);
  set_role (self, opened->role);
#ifdef TG_HAVE_SYNC
  g_clear_object (&self->engine_main);
  /* The worker made the engine before returning; the pool ran nothing
   * since, so reading its pointer here is ordered by the hop. */
  self->engine_main = self->engine != NULL ? g_object_ref (self->engine) : NULL;
#endif
  set_state (self, TG_STORE_SERVICE_UNLOCKED);
  return FALSE;
}

static gpointer
unlock_job (TgStoreService  *self,
            gpointer         data,
            GCancellable    *cancellable,
            GDestroyNotify  *result_free,
            GError         **error)
{
  OpenData *open = data;
  TgStore *store = tg_store_open (self->data_dir, open->pin, error);

  g_atomic_int_set ((int *) &self->failed_unlocks,
                    (int) tg_store_get_failed_unlocks (self->data_dir));
  if (store == NULL)
    return NULL;
  return adopt_store (self, store, result_free);
}

void
tg_store_service_unlock_async (TgStoreService      *self,
                               const char          *pin,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  OpenData *data = g_new0 (OpenData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->pin = g_strdup (pin);
  queue_job (self, JOB_LIFECYCLE, unlock_job, data, (GDestroyNotify) open_data_free,
             opened_hook, cancellable, callback, user_data,
             tg_store_service_unlock_async);
}

gboolean
tg_store_service_unlock_finish (TgStoreService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_boolean (self, result, tg_store_service_unlock_async, error);
}

static gpointer
create_job (TgStoreService  *self,
            gpointer         data,
            GCancellable    *cancellable,
            GDestroyNotify  *result_free,
            GError         **error)
{
  OpenData *open = data;
  TgStore *store = tg_store_create (self->data_dir, open->pin, open->worker, error);

  if (store == NULL)
    return NULL;
  return adopt_store (self, store, result_free);
}

void
tg_store_service_create_async (TgStoreService      *self,
                               const char          *pin,
                               const char          *worker,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  OpenData *data = g_new0 (OpenData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->pin = g_strdup (pin);
  data->worker = g_strdup (worker);
  queue_job (self, JOB_LIFECYCLE, create_job, data, (GDestroyNotify) open_data_free,
             opened_hook, cancellable, callback, user_data,
             tg_store_service_create_async);
}

gboolean
tg_store_service_create_finish (TgStoreService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_boolean (self, result, tg_store_service_create_async, error);
}

static gpointer
create_demo_job (TgStoreService  *self,
                 gpointer         data,
                 GCancellable    *cancellable,
                 GDestroyNotify  *result_free,
                 GError         **error)
{
  OpenData *open = data;
  g_autoptr(TgStore) store = tg_store_create (self->data_dir, open->pin, open->worker, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  if (store == NULL)
    return NULL;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  if (!tg_store_fill_demo (store, open->seed, open->n_clients,
                           open->notes_per_client, &today, error))
    return NULL;
  /* Closed again: the demo starts at the unlock page, like a real day. */
  return DONE;
}

static gboolean
create_demo_hook (TgStoreService *self,
                  Job            *job)
{
  if (job->error == NULL)
    set_state (self, TG_STORE_SERVICE_LOCKED);
  return FALSE;
}

void
tg_store_service_create_demo_async (TgStoreService      *self,
                                    const char          *pin,
                                    guint32              seed,
                                    guint                n_clients,
                                    guint                notes_per_client,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  OpenData *data = g_new0 (OpenData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->pin = g_strdup (pin);
  data->worker = g_strdup ("Alex Demo");
  data->seed = seed;
  data->n_clients = n_clients;
  data->notes_per_client = notes_per_client;
  queue_job (self, JOB_LIFECYCLE, create_demo_job, data, (GDestroyNotify) open_data_free,
             create_demo_hook, cancellable, callback, user_data,
             tg_store_service_create_demo_async);
}

gboolean
tg_store_service_create_demo_finish (TgStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return finish_boolean (self, result, tg_store_service_create_demo_async, error);
}

void
tg_store_service_lock (TgStoreService *self)
{
  g_return_if_fail (TG_IS_STORE_SERVICE (self));

  if (self->state != TG_STORE_SERVICE_UNLOCKED)
    return;
  g_atomic_int_inc (&self->generation);
#ifdef TG_HAVE_SYNC
  g_clear_object (&self->engine_main);
#endif
  g_clear_pointer (&self->worker, g_free);
  g_thread_pool_push (self->pool, CLOSE_STORE, NULL);
  set_state (self, TG_STORE_SERVICE_LOCKED);
}

typedef struct {
  GMutex   mutex;
  GCond    cond;
  gboolean done;
} Flush;

static gpointer
flush_job (TgStoreService  *self,
           gpointer         data,
           GCancellable    *cancellable,
           GDestroyNotify  *result_free,
           GError         **error)
{
  Flush *flush = data;

  g_mutex_lock (&flush->mutex);
  flush->done = TRUE;
  g_cond_signal (&flush->cond);
  g_mutex_unlock (&flush->mutex);
  return DONE;
}

void
tg_store_service_flush (TgStoreService *self)
{
  Flush flush = { 0, };

  g_return_if_fail (TG_IS_STORE_SERVICE (self));

  g_mutex_init (&flush.mutex);
  g_cond_init (&flush.cond);
  queue_job (self, JOB_LIFECYCLE, flush_job, &flush, NULL, NULL, NULL, NULL, NULL,
             tg_store_service_flush);
  g_mutex_lock (&flush.mutex);
  while (!flush.done)
    g_cond_wait (&flush.cond, &flush.mutex);
  g_mutex_unlock (&flush.mutex);
  g_mutex_clear (&flush.mutex);
  g_cond_clear (&flush.cond);
}

/* Reads */

static void
today_date (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

static const char *
release_date_of (const TgRecord *plan)
{
  const char *date;

  if (plan == NULL)
    return NULL;
  date = tg_record_get (plan, "confirmed_release_date");
  if (date == NULL)
    date = tg_record_get (plan, "ard");
  if (date == NULL)
    date = tg_record_get (plan, "crd");
  return date;
}

/* The client a conflicting change belongs to, or NULL. */
static char *
conflict_client_id (TgStore        *store,
                    const TgChange *change)
{
  const char *entity = change->entity->name;
  g_autoptr(TgRecord) record = NULL;

  if (g_strcmp0 (entity, "client") == 0 || g_strcmp0 (entity, "release_plan") == 0)
    return g_strdup (change->record_id);
  if (tg_schema_lookup_field (change->entity, "client_id") == NULL)
    return NULL;
  record = tg_store_get (store, entity, change->record_id, NULL);
  return record != NULL ? g_strdup (tg_record_get (record, "client_id")) : NULL;
}

/* What the caseload needs besides the client rows, read once per list. */
typedef struct {
  GHashTable *plans;          /* client id → TgRecord (owned by plan_list) */
  GHashTable *reviews_due;    /* client ids with an open review due by today */
  GHashTable *conflicted;     /* client ids with an open conflict */
  GPtrArray  *plan_list;
  char       *today_iso;
  GDate       today;
} CaseloadContext;

static void
caseload_context_clear (CaseloadContext *context)
{
  g_clear_pointer (&context->plans, g_hash_table_unref);
  g_clear_pointer (&context->reviews_due, g_hash_table_unref);
  g_clear_pointer (&context->conflicted, g_hash_table_unref);
  g_clear_pointer (&context->plan_list, g_ptr_array_unref);
  g_clear_pointer (&context->today_iso, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseloadContext, caseload_context_clear)

static gboolean
caseload_context_load (CaseloadContext  *context,
                       TgStore          *store,
                       GError          **error)
{
  g_autoptr(GPtrArray) care_plans = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  today_date (&context->today);
  context->today_iso = tg_date_to_iso (&context->today);
  context->plans = g_hash_table_new (g_str_hash, g_str_equal);
  context->reviews_due = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  context->conflicted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  context->plan_list = tg_store_list (store, "release_plan", NULL, NULL, FALSE, error);
  if (context->plan_list == NULL)
    return FALSE;
  for (guint i = 0; i < context->plan_list->len; i++)
    {
      TgRecord *plan = context->plan_list->pdata[i];

      g_hash_table_insert (context->plans, plan->id, plan);
    }

  care_plans = tg_store_list (store, "care_plan", NULL, NULL, FALSE, error);
  if (care_plans == NULL)
    return FALSE;
  for (guint i = 0; i < care_plans->len; i++)
    {
      TgRecord *plan = care_plans->pdata[i];
      const char *due = tg_record_get (plan, "review_due");

      if (due != NULL && tg_record_get (plan, "outcome") == NULL &&
          g_strcmp0 (due, context->today_iso) <= 0)
        g_hash_table_add (context->reviews_due, g_strdup (tg_record_get (plan, "client_id")));
    }

  conflicts = tg_store_list_conflicts (store, FALSE, error);
  if (conflicts == NULL)
    return FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    {
      TgConflict *conflict = conflicts->pdata[i];
      char *client_id = conflict_client_id (store, conflict->mine);

      if (client_id != NULL)
        g_hash_table_add (context->conflicted, client_id);
    }
  return TRUE;
}

static TgClientItem *
make_item (CaseloadContext *context,
           const TgRecord  *client)
{
  const TgRecord *plan = g_hash_table_lookup (context->plans, client->id);
  const char *release = release_date_of (plan);
  TgClientItemData data = { 0, };
  GDate date;

  data.id = client->id;
  data.given_name = tg_record_get (client, "given_name");
  data.family_name = tg_record_get (client, "family_name");
  data.preferred_name = tg_record_get (client, "preferred_name");
  data.prison_number = tg_record_get (client, "prison_number");
  data.custody_status = tg_record_get (client, "custody_status");
  data.key_worker = tg_record_get (client, "key_worker");
  data.release_date = release;
  data.days_to_release = TG_CLIENT_ITEM_NO_RELEASE;
  if (release != NULL && tg_date_parse_iso (release, &date))
    {
      data.days_to_release = g_date_days_between (&context->today, &date);
      data.earlier_release = tg_date_is_earlier_release (&date);
    }
  data.review_overdue = g_hash_table_contains (context->reviews_due, client->id);
  data.has_conflict = g_hash_table_contains (context->conflicted, client->id);
  return tg_client_item_new (&data);
}

static gboolean
in_custody (const char *status)
{
  return g_strcmp0 (status, "remand") == 0 ||
         g_strcmp0 (status, "sentenced") == 0 ||
         g_strcmp0 (status, "recalled") == 0;
}

static gboolean
item_passes (TgStoreService   *self,
             TgCaseloadFilter  filter,
             TgClientItem     *item)
{
  int days = tg_client_item_get_days_to_release (item);

  switch (filter)
    {
    case TG_CASELOAD_ALL:
      return TRUE;
    case TG_CASELOAD_MINE:
      return g_strcmp0 (tg_client_item_get_key_worker (item),
                        tg_store_get_worker (self->store)) == 0;
    case TG_CASELOAD_IN_CUSTODY:
      return in_custody (tg_client_item_get_custody_status (item));
    case TG_CASELOAD_RELEASED:
      return g_strcmp0 (tg_client_item_get_custody_status (item), "released") == 0;
    case TG_CASELOAD_REVIEWS_DUE:
      return tg_client_item_get_review_overdue (item);
    case TG_CASELOAD_RELEASING_SOON:
      return in_custody (tg_client_item_get_custody_status (item)) &&
             days != TG_CLIENT_ITEM_NO_RELEASE &&
             days >= 0 && days <= TG_RELEASING_SOON_DAYS;
    default:
      g_return_val_if_reached (TRUE);
    }
}

/* Soonest release first; people with no date after, by name. */
static int
compare_by_release (gconstpointer a,
                    gconstpointer b)
{
  TgClientItem *x = *(TgClientItem **) a;
  TgClientItem *y = *(TgClientItem **) b;
  int dx = tg_client_item_get_days_to_release (x);
  int dy = tg_client_item_get_days_to_release (y);

  if (dx != dy)
    {
      if (dx == TG_CLIENT_ITEM_NO_RELEASE)
        return 1;
      if (dy == TG_CLIENT_ITEM_NO_RELEASE)
        return -1;
      return dx < dy ? -1 : 1;
    }
  return g_utf8_collate (tg_client_item_get_display_name (x),
                         tg_client_item_get_display_name (y));
}

typedef struct {
  TgCaseloadFilter  filter;
  char             *search;
  char             *client_id;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->search);
  g_free (data->client_id);
  g_free (data);
}

static gpointer
list_clients_job (TgStoreService  *self,
                  gpointer         data,
                  GCancellable    *cancellable,
                  GDestroyNotify  *result_free,
                  GError         **error)
{
  ListData *list = data;
  g_auto(CaseloadContext) context = { 0, };
  g_autoptr(GPtrArray) clients = NULL;
  GPtrArray *items;

  clients = tg_store_search_clients (self->store, list->search, 0, error);
  if (clients == NULL || !caseload_context_load (&context, self->store, error))
    return NULL;

  items = g_ptr_array_new_full (clients->len, g_object_unref);
  for (guint i = 0; i < clients->len; i++)
    {
      TgClientItem *item = make_item (&context, clients->pdata[i]);

      if (item_passes (self, list->filter, item))
        g_ptr_array_add (items, item);
      else
        g_object_unref (item);
    }
  if (list->filter == TG_CASELOAD_IN_CUSTODY || list->filter == TG_CASELOAD_RELEASING_SOON)
    g_ptr_array_sort (items, compare_by_release);

  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return items;
}

void
tg_store_service_list_clients_async (TgStoreService      *self,
                                     TgCaseloadFilter     filter,
                                     const char          *search,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ListData *data = g_new0 (ListData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->filter = filter;
  data->search = g_strdup (search);
  queue_job (self, JOB_READ, list_clients_job, data, (GDestroyNotify) list_data_free,
             NULL, cancellable, callback, user_data,
             tg_store_service_list_clients_async);
}

GPtrArray *
tg_store_service_list_clients_finish (TgStoreService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return finish_pointer (self, result, tg_store_service_list_clients_async, error);
}

static gpointer
get_client_item_job (TgStoreService  *self,
                     gpointer         data,
                     GCancellable    *cancellable,
                     GDestroyNotify  *result_free,
                     GError         **error)
{
  ListData *list = data;
  g_auto(CaseloadContext) context = { 0, };
  g_autoptr(TgRecord) client = tg_store_get (self->store, "client", list->client_id, error);

  if (client == NULL || !caseload_context_load (&context, self->store, error))
    return NULL;
  *result_free = g_object_unref;
  return make_item (&context, client);
}

void
tg_store_service_get_client_item_async (TgStoreService      *self,
                                        const char          *client_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ListData *data = g_new0 (ListData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->client_id = g_strdup (client_id);
  queue_job (self, JOB_READ, get_client_item_job, data, (GDestroyNotify) list_data_free,
             NULL, cancellable, callback, user_data,
             tg_store_service_get_client_item_async);
}

TgClientItem *
tg_store_service_get_client_item_finish (TgStoreService  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return finish_pointer (self, result, tg_store_service_get_client_item_async, error);
}

static char *
note_draft_key (const char *client_id)
{
  return g_strdup_printf ("note:%s", client_id);
}

/* Newest first, by when it happened. */
static int
compare_notes_newest_first (gconstpointer a,
                            gconstpointer b)
{
  const TgRecord *x = *(TgRecord **) a;
  const TgRecord *y = *(TgRecord **) b;

  return -g_strcmp0 (tg_record_get (x, "occurred_at"), tg_record_get (y, "occurred_at"));
}

static gpointer
load_client_job (TgStoreService  *self,
                 gpointer         data,
                 GCancellable    *cancellable,
                 GDestroyNotify  *result_free,
                 GError         **error)
{
  ListData *list = data;
  g_autoptr(TgClientDetails) details = g_new0 (TgClientDetails, 1);
  g_autoptr(GError) plan_error = NULL;
  g_autofree char *key = note_draft_key (list->client_id);
  g_autoptr(GPtrArray) conflicts = NULL;

  details->client = tg_store_get (self->store, "client", list->client_id, error);
  if (details->client == NULL)
    return NULL;
  details->release_plan = tg_store_get (self->store, "release_plan", list->client_id, &plan_error);
  if (details->release_plan == NULL &&
      !g_error_matches (plan_error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD))
    {
      g_propagate_error (error, g_steal_pointer (&plan_error));
      return NULL;
    }
  details->notes = tg_store_list (self->store, "note", "client_id", list->client_id, FALSE, error);
  if (details->notes == NULL)
    return NULL;
  g_ptr_array_sort (details->notes, compare_notes_newest_first);
  details->draft = tg_store_load_draft (self->store, key, error);
  if (error != NULL && *error != NULL)
    return NULL;

  conflicts = tg_store_list_conflicts (self->store, FALSE, error);
  if (conflicts == NULL)
    return NULL;
  for (guint i = 0; i < conflicts->len; i++)
    {
      TgConflict *conflict = conflicts->pdata[i];
      g_autofree char *client_id = conflict_client_id (self->store, conflict->mine);

      if (g_strcmp0 (client_id, list->client_id) == 0)
        details->open_conflicts++;
    }

  *result_free = (GDestroyNotify) tg_client_details_free;
  return g_steal_pointer (&details);
}

void
tg_store_service_load_client_async (TgStoreService      *self,
                                    const char          *client_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ListData *data = g_new0 (ListData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->client_id = g_strdup (client_id);
  queue_job (self, JOB_READ, load_client_job, data, (GDestroyNotify) list_data_free,
             NULL, cancellable, callback, user_data,
             tg_store_service_load_client_async);
}

TgClientDetails *
tg_store_service_load_client_finish (TgStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return finish_pointer (self, result, tg_store_service_load_client_async, error);
}

typedef struct {
  GDate from;
  guint days;
} GateData;

static gpointer
gate_list_job (TgStoreService  *self,
               gpointer         data,
               GCancellable    *cancellable,
               GDestroyNotify  *result_free,
               GError         **error)
{
  GateData *gate = data;
  GPtrArray *entries = tg_store_gate_list (self->store, &gate->from, gate->days, error);

  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return entries;
}

void
tg_store_service_gate_list_async (TgStoreService      *self,
                                  const GDate         *from,
                                  guint                days,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GateData *data = g_new0 (GateData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->from = *from;
  data->days = days;
  queue_job (self, JOB_READ, gate_list_job, data, g_free, NULL,
             cancellable, callback, user_data, tg_store_service_gate_list_async);
}

GPtrArray *
tg_store_service_gate_list_finish (TgStoreService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return finish_pointer (self, result, tg_store_service_gate_list_async, error);
}

static gpointer
sync_status_job (TgStoreService  *self,
                 gpointer         data,
                 GCancellable    *cancellable,
                 GDestroyNotify  *result_free,
                 GError         **error)
{
  g_autoptr(TgSyncStatus) status = g_new0 (TgSyncStatus, 1);
  g_autoptr(GPtrArray) conflicts = NULL;

  status->pending = tg_store_count_pending (self->store, error);
  if (status->pending < 0)
    return NULL;
  conflicts = tg_store_list_conflicts (self->store, FALSE, error);
  if (conflicts == NULL)
    return NULL;
  status->open_conflicts = conflicts->len;
  status->last_sync_at = tg_store_get_setting (self->store, "last_sync_at", NULL);
  status->server_url = tg_store_get_setting (self->store, "server_url", NULL);
  status->role = tg_store_get_setting (self->store, "role", NULL);
  *result_free = (GDestroyNotify) tg_sync_status_free;
  return g_steal_pointer (&status);
}

static gboolean
sync_status_hook (TgStoreService *self,
                  Job            *job)
{
  TgSyncStatus *status = job->result;

  if (status != NULL)
    status->clock_warning = self->clock_warning;
  return FALSE;
}

void
tg_store_service_sync_status_async (TgStoreService      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  queue_job (self, JOB_READ, sync_status_job, NULL, NULL, sync_status_hook,
             cancellable, callback, user_data, tg_store_service_sync_status_async);
}

TgSyncStatus *
tg_store_service_sync_status_finish (TgStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return finish_pointer (self, result, tg_store_service_sync_status_async, error);
}

static char *
client_name (TgStore    *store,
             const char *client_id)
{
  g_autoptr(TgRecord) client = NULL;

  if (client_id == NULL)
    return g_strdup ("Unknown person");
  client = tg_store_get (store, "client", client_id, NULL);
  if (client == NULL)
    return g_strdup ("Unknown person");
  return g_strdup_printf ("%s %s",
                          tg_record_get (client, "given_name") ?: "",
                          tg_record_get (client, "family_name") ?: "");
}

static gpointer
list_conflicts_job (TgStoreService  *self,
                    gpointer         data,
                    GCancellable    *cancellable,
                    GDestroyNotify  *result_free,
                    GError         **error)
{
  g_autoptr(GPtrArray) conflicts = tg_store_list_conflicts (self->store, FALSE, error);
  GPtrArray *views;

  if (conflicts == NULL)
    return NULL;
  views = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_conflict_view_free);
  for (guint i = 0; i < conflicts->len; i++)
    {
      TgConflict *conflict = conflicts->pdata[i];
      TgConflictView *view = g_new0 (TgConflictView, 1);

      view->id = conflict->id;
      view->client_id = conflict_client_id (self->store, conflict->mine);
      view->client_name = client_name (self->store, view->client_id);
      view->field_label = g_strdup (tg_field_label (conflict->mine->entity->name,
                                                    conflict->mine->field->name));
      view->mine = g_strdup (conflict->mine->value);
      view->theirs = g_strdup (conflict->theirs->value);
      view->detected_at = g_strdup (conflict->detected_at);
      g_ptr_array_add (views, view);
    }
  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return views;
}

void
tg_store_service_list_conflicts_async (TgStoreService      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  queue_job (self, JOB_READ, list_conflicts_job, NULL, NULL, NULL,
             cancellable, callback, user_data, tg_store_service_list_conflicts_async);
}

GPtrArray *
tg_store_service_list_conflicts_finish (TgStoreService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return finish_pointer (self, result, tg_store_service_list_conflicts_async, error);
}

/* Writes */

typedef struct {
  char   *entity;
  char   *id;
  char   *field;
  char   *value;
  char   *kind;
  gint64  conflict_id;
  TgConflictChoice choice;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->entity);
  g_free (data->id);
  g_free (data->field);
  g_free (data->value);
  g_free (data->kind);
  g_free (data);
}

/* Tells the pages what changed once the write is back on the main thread;
 * for a note, the client it belongs to (job->data->id holds it). */
static gboolean
record_changed_hook (TgStoreService *self,
                     Job            *job)
{
  WriteData *write = job->data;

  if (job->error == NULL)
    g_signal_emit (self, signals[RECORD_CHANGED], 0, write->entity, write->id);
  return FALSE;
}

static gpointer
update_job (TgStoreService  *self,
            gpointer         data,
            GCancellable    *cancellable,
            GDestroyNotify  *result_free,
            GError         **error)
{
  WriteData *write = data;
  const char *value = write->value != NULL && *write->value != '\0' ? write->value : NULL;
  gboolean ok;

  if (g_strcmp0 (write->entity, "release_plan") == 0)
    ok = tg_store_set_release (self->store, write->id, (const char **) &write->field,
                               &value, 1, error);
  else
    ok = tg_store_update (self->store, write->entity, write->id,
                          (const char **) &write->field, &value, 1, error);
  return ok ? DONE : NULL;
}

void
tg_store_service_update_async (TgStoreService      *self,
                               const char          *entity,
                               const char          *id,
                               const char          *field,
                               const char          *value,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  WriteData *data = g_new0 (WriteData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup (entity);
  data->id = g_strdup (id);
  data->field = g_strdup (field);
  data->value = g_strdup (value);
  queue_job (self, JOB_WRITE, update_job, data, (GDestroyNotify) write_data_free,
             record_changed_hook, cancellable, callback, user_data,
             tg_store_service_update_async);
}

gboolean
tg_store_service_update_finish (TgStoreService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_boolean (self, result, tg_store_service_update_async, error);
}

static gpointer
add_note_job (TgStoreService  *self,
              gpointer         data,
              GCancellable    *cancellable,
              GDestroyNotify  *result_free,
              GError         **error)
{
  WriteData *write = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *occurred = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *key = note_draft_key (write->id);
  const char *fields[] = { "client_id", "author", "kind", "occurred_at", "body" };
  const char *values[] = { write->id, tg_store_get_worker (self->store), write->kind,
                           occurred, write->value };
  char *note_id;

  note_id = tg_store_insert (self->store, "note", fields, values, G_N_ELEMENTS (fields), error);
  if (note_id == NULL)
    return NULL;
  /* The note is safe; the draft it came from goes. A failure here leaves
   * a stale draft, never a lost note, so it is not an error. */
  tg_store_clear_draft (self->store, key, NULL);
  *result_free = g_free;
  return note_id;
}

void
tg_store_service_add_note_async (TgStoreService      *self,
                                 const char          *client_id,
                                 const char          *kind,
                                 const char          *body,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  WriteData *data = g_new0 (WriteData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup ("note");
  data->id = g_strdup (client_id);
  data->kind = g_strdup (kind);
  data->value = g_strdup (body);
  queue_job (self, JOB_WRITE, add_note_job, data, (GDestroyNotify) write_data_free,
             record_changed_hook, cancellable, callback, user_data,
             tg_store_service_add_note_async);
}

char *
tg_store_service_add_note_finish (TgStoreService  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return finish_pointer (self, result, tg_store_service_add_note_async, error);
}

static gpointer
sign_note_job (TgStoreService  *self,
               gpointer         data,
               GCancellable    *cancellable,
               GDestroyNotify  *result_free,
               GError         **error)
{
  WriteData *write = data;
  g_autoptr(TgRecord) note = NULL;

  if (!tg_store_sign_note (self->store, write->field, error))
    return NULL;
  /* The change signal names the client, whose page shows the note. */
  note = tg_store_get (self->store, "note", write->field, NULL);
  if (note != NULL)
    write->id = g_strdup (tg_record_get (note, "client_id"));
  return DONE;
}

void
tg_store_service_sign_note_async (TgStoreService      *self,
                                  const char          *note_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  WriteData *data = g_new0 (WriteData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup ("note");
  data->field = g_strdup (note_id);
  queue_job (self, JOB_WRITE, sign_note_job, data, (GDestroyNotify) write_data_free,
             record_changed_hook, cancellable, callback, user_data,
             tg_store_service_sign_note_async);
}

gboolean
tg_store_service_sign_note_finish (TgStoreService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return finish_boolean (self, result, tg_store_service_sign_note_async, error);
}

static gpointer
save_draft_job (TgStoreService  *self,
                gpointer         data,
                GCancellable    *cancellable,
                GDestroyNotify  *result_free,
                GError         **error)
{
  WriteData *write = data;
  gboolean ok;

  if (write->value == NULL || *write->value == '\0')
    ok = tg_store_clear_draft (self->store, write->id, error);
  else
    ok = tg_store_save_draft (self->store, write->id, write->value, error);
  return ok ? DONE : NULL;
}

void
tg_store_service_save_draft_async (TgStoreService      *self,
                                   const char          *key,
                                   const char          *body,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  WriteData *data = g_new0 (WriteData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->id = g_strdup (key);
  data->value = g_strdup (body);
  queue_job (self, JOB_WRITE, save_draft_job, data, (GDestroyNotify) write_data_free,
             NULL, cancellable, callback, user_data,
             tg_store_service_save_draft_async);
}

gboolean
tg_store_service_save_draft_finish (TgStoreService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return finish_boolean (self, result, tg_store_service_save_draft_async, error);
}

static gpointer
resolve_conflict_job (TgStoreService  *self,
                      gpointer         data,
                      GCancellable    *cancellable,
                      GDestroyNotify  *result_free,
                      GError         **error)
{
  WriteData *write = data;

  if (!tg_store_resolve_conflict (self->store, write->conflict_id, write->choice, error))
    return NULL;
  return DONE;
}

void
tg_store_service_resolve_conflict_async (TgStoreService      *self,
                                         gint64               conflict_id,
                                         TgConflictChoice     choice,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  WriteData *data = g_new0 (WriteData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup ("conflict");
  data->conflict_id = conflict_id;
  data->choice = choice;
  queue_job (self, JOB_WRITE, resolve_conflict_job, data, (GDestroyNotify) write_data_free,
             record_changed_hook, cancellable, callback, user_data,
             tg_store_service_resolve_conflict_async);
}

gboolean
tg_store_service_resolve_conflict_finish (TgStoreService  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return finish_boolean (self, result, tg_store_service_resolve_conflict_async, error);
}

/* Sync */

typedef struct {
  guint pushed;
  guint pulled;
  guint conflicts;
} SyncCounts;

#ifdef TG_HAVE_SYNC
static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TgStoreService *self = g_task_get_source_object (task);
  g_autoptr(TgSyncResult) sync = NULL;
  g_autoptr(GError) error = NULL;
  SyncCounts *counts;

  sync = tg_sync_engine_sync_finish (TG_SYNC_ENGINE (source), result, &error);
  if (sync == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->clock_warning = sync->clock_warning;
  counts = g_new0 (SyncCounts, 1);
  counts->pushed = sync->pushed;
  counts->pulled = sync->pulled;
  counts->conflicts = sync->conflicts;
  g_signal_emit (self, signals[RECORD_CHANGED], 0, "sync", "");
  g_task_return_pointer (task, counts, g_free);
}
#endif

void
tg_store_service_sync_async (TgStoreService      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TG_IS_STORE_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tg_store_service_sync_async);
#ifdef TG_HAVE_SYNC
  if (self->engine_main != NULL && self->state == TG_STORE_SERVICE_UNLOCKED)
    {
      tg_sync_engine_sync_async (self->engine_main, cancellable, sync_done_cb,
                                 g_steal_pointer (&task));
      return;
    }
#endif
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "This device is not enrolled with a server, so its "
                           "changes stay here until it is");
}

gboolean
tg_store_service_sync_finish (TgStoreService  *self,
                              GAsyncResult    *result,
                              guint           *pushed,
                              guint           *pulled,
                              guint           *conflicts,
                              GError         **error)
{
  g_autofree SyncCounts *counts = finish_pointer (self, result, tg_store_service_sync_async, error);

  if (counts == NULL)
    return FALSE;
  if (pushed != NULL)
    *pushed = counts->pushed;
  if (pulled != NULL)
    *pulled = counts->pulled;
  if (conflicts != NULL)
    *conflicts = counts->conflicts;
  return TRUE;
}

/* Enrolment: create the store on the worker, redeem the code with the
 * engine on the main thread, and remove the new store if that fails. */

#ifdef TG_HAVE_SYNC
static gpointer
wipe_job (TgStoreService  *self,
          gpointer         data,
          GCancellable    *cancellable,
          GDestroyNotify  *result_free,
          GError         **error)
{
  TgStore *store = g_steal_pointer (&self->store);

  g_clear_object (&self->engine);
  if (store != NULL)
    {
      tg_store_wipe (store, NULL);
      g_object_unref (store);
    }
  return DONE;
}

typedef struct {
  GTask  *outer;
  GError *error;
} EnrolFailure;

static void
enrol_wiped_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  EnrolFailure *failure = user_data;
  TgStoreService *self = TG_STORE_SERVICE (source);

  g_task_propagate_pointer (G_TASK (result), NULL);
  set_state (self, TG_STORE_SERVICE_NO_STORE);
  g_task_return_error (failure->outer, failure->error);
  g_object_unref (failure->outer);
  g_free (failure);
}

static void
enrolled_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *outer = user_data;
  TgStoreService *self = g_task_get_source_object (outer);
  g_autoptr(TgSyncEnrollment) enrollment = NULL;
  GError *error = NULL;
  TgEnrolResult *enrolled;

  enrollment = tg_sync_engine_enroll_finish (TG_SYNC_ENGINE (source), result, &error);
  if (enrollment == NULL)
    {
      EnrolFailure *failure = g_new0 (EnrolFailure, 1);

      failure->outer = outer;
      failure->error = error;
      g_clear_object (&self->engine_main);
      g_clear_pointer (&self->worker, g_free);
      g_atomic_int_inc (&self->generation);
      queue_job (self, JOB_LIFECYCLE, wipe_job, NULL, NULL, NULL, NULL,
                 enrol_wiped_cb, failure, tg_store_service_enrol_async);
      return;
    }

  enrolled = g_new0 (TgEnrolResult, 1);
  enrolled->role = g_strdup (enrollment->role);
  enrolled->team = g_strdup (enrollment->team);
  enrolled->server_url = g_strdup (enrollment->server_url);
  set_role (self, enrollment->role);
  set_state (self, TG_STORE_SERVICE_UNLOCKED);
  g_task_return_pointer (outer, enrolled, (GDestroyNotify) tg_enrol_result_free);
  g_object_unref (outer);
}

static gboolean
enrol_created_hook (TgStoreService *self,
                    Job            *job)
{
  OpenData *open = job->data;
  Opened *opened = job->result;

  if (job->error != NULL)
    return FALSE;
  set_str (&self->worker, opened->worker);
  g_clear_object (&self->engine_main);
  self->engine_main = g_object_ref (self->engine);
  tg_sync_engine_enroll_async (self->engine_main, open->url, open->code,
                               open->key_pin, NULL, NULL,
                               g_task_get_cancellable (job->outer),
                               enrolled_cb, g_object_ref (job->outer));
  return TRUE;
}
#endif

void
tg_store_service_enrol_async (TgStoreService      *self,
                              const char          *pin,
                              const char          *worker,
                              const char          *url,
                              const char          *code,
                              const char          *key_pin,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
#ifdef TG_HAVE_SYNC
  OpenData *data = g_new0 (OpenData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->pin = g_strdup (pin);
  data->worker = g_strdup (worker);
  data->url = g_strdup (url);
  data->code = g_strdup (code);
  data->key_pin = g_strdup (key_pin);
  queue_job (self, JOB_LIFECYCLE, create_job, data, (GDestroyNotify) open_data_free,
             enrol_created_hook, cancellable, callback, user_data,
             tg_store_service_enrol_async);
#else
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tg_store_service_enrol_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "This build of Throughgate has no sync engine, so it "
                           "cannot enrol with a server");
#endif
}

TgEnrolResult *
tg_store_service_enrol_finish (TgStoreService  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return finish_pointer (self, result, tg_store_service_enrol_async, error);
}

/* Wiping the demo store at exit */

typedef struct {
  GMutex    mutex;
  GCond     cond;
  gboolean  done;
  char     *pin;
  GError   *error;
} WipeSync;

static void
wipe_sync_in_worker (TgStoreService *self,
                     WipeSync       *wipe)
{
  TgStore *store = g_steal_pointer (&self->store);

#ifdef TG_HAVE_SYNC
  g_clear_object (&self->engine);
#endif
  if (store == NULL && tg_store_exists (self->data_dir))
    store = tg_store_open (self->data_dir, wipe->pin, &wipe->error);
  if (store != NULL)
    {
      tg_store_wipe (store, wipe->error == NULL ? &wipe->error : NULL);
      g_object_unref (store);
    }
}

static gpointer
wipe_sync_job (TgStoreService  *self,
               gpointer         data,
               GCancellable    *cancellable,
               GDestroyNotify  *result_free,
               GError         **error)
{
  WipeSync *wipe = data;

  wipe_sync_in_worker (self, wipe);
  g_mutex_lock (&wipe->mutex);
  wipe->done = TRUE;
  g_cond_signal (&wipe->cond);
  g_mutex_unlock (&wipe->mutex);
  return DONE;
}

gboolean
tg_store_service_wipe_sync (TgStoreService  *self,
                            const char      *pin,
                            GError         **error)
{
  WipeSync wipe = { 0, };

  g_return_val_if_fail (TG_IS_STORE_SERVICE (self), FALSE);

  g_mutex_init (&wipe.mutex);
  g_cond_init (&wipe.cond);
  wipe.pin = (char *) pin;
  g_atomic_int_inc (&self->generation);
  queue_job (self, JOB_LIFECYCLE, wipe_sync_job, &wipe, NULL, NULL, NULL, NULL, NULL,
             tg_store_service_wipe_sync);
  g_mutex_lock (&wipe.mutex);
  while (!wipe.done)
    g_cond_wait (&wipe.cond, &wipe.mutex);
  g_mutex_unlock (&wipe.mutex);
  g_mutex_clear (&wipe.mutex);
  g_cond_clear (&wipe.cond);
  set_state (self, TG_STORE_SERVICE_NO_STORE);
  if (wipe.error != NULL)
    {
      g_propagate_error (error, wipe.error);
      return FALSE;
    }
  return TRUE;
}
