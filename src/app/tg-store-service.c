/* The app's store service (tg-store-service.h): the worker thread, the
 * GObject and the lifecycle (create, demo, unlock, lock, flush, wipe).
 * Reads, writes and sync live in tg-store-service-{clients,writes,sync}.c;
 * tg-store-service-private.h holds what they share.
 *
 * Sections: the worker thread, the GObject, lifecycle operations, wiping
 * the demo store at exit.
 */

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* SQLite's page cache of the app's connection, in KiB. */
#define TG_STORE_SERVICE_CACHE_KIB 2048

#include "tg-store-service-private.h"

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

static GParamSpec *properties[N_PROPS];
guint _tg_store_service_signals[_TG_STORE_SERVICE_N_SIGNALS];

void
tg_client_details_free (TgClientDetails *details)
{
  if (details == NULL)
    return;
  g_clear_pointer (&details->client, tg_record_free);
  g_clear_pointer (&details->release_plan, tg_record_free);
  g_clear_pointer (&details->session_places, g_hash_table_unref);
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
gboolean
_tg_store_service_set_str (char       **slot,
         const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

void
_tg_store_service_set_locked_error (GError **error)
{
  g_set_error_literal (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND,
                       _("The store is locked"));
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
  _tg_store_service_drop_item_cache (self);
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
      _tg_store_service_set_locked_error (&job->error);
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
  gboolean idle;

  if (data == CLOSE_STORE)
    {
      close_store_in_worker (self);
      return;
    }

  cancellable = g_task_get_cancellable (job->outer);
  hop = job->hop;
  /* A write or a new store makes the caseload items stale. */
  if (job->kind != JOB_READ)
    _tg_store_service_drop_item_cache (self);

  if (g_cancellable_set_error_if_cancelled (cancellable, &job->error))
    ;
  else if (job->kind != JOB_LIFECYCLE &&
           (self->store == NULL ||
            (job->kind == JOB_READ &&
             job->generation != g_atomic_int_get (&self->generation))))
    _tg_store_service_set_locked_error (&job->error);
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

  /* A caseload read makes and frees a whole record per client on this
   * thread, and glibc keeps the freed pages of the thread's arena resident
   * (tens of MB with 10,000 clients) unless asked to give them back: once
   * the queue is empty, so a burst of keystrokes pays for it once, and
   * after the job is handed back, so that its caller does not wait. */
  idle = g_thread_pool_unprocessed (self->pool) == 0;

  /* Back to the main context the caller used. */
  job->hop = NULL;
  g_task_return_boolean (hop, TRUE);
  g_object_unref (hop);

#ifdef __GLIBC__
  if (idle)
    malloc_trim (0);
#endif
}

void
_tg_store_service_queue_job (TgStoreService      *self,
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

gpointer
_tg_store_service_finish_pointer (TgStoreService *self,
                GAsyncResult   *result,
                gpointer        source_tag,
                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_tg_store_service_finish_boolean (TgStoreService *self,
                GAsyncResult   *result,
                gpointer        source_tag,
                GError        **error)
{
  return _tg_store_service_finish_pointer (self, result, source_tag, error) != NULL;
}

#define DONE GINT_TO_POINTER (1)

/* The GObject */

void
_tg_store_service_set_state (TgStoreService      *self,
           TgStoreServiceState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_tg_store_service_set_role (TgStoreService *self,
          const char     *role)
{
  if (_tg_store_service_set_str (&self->role, role))
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
  g_clear_pointer (&self->item_cache, g_hash_table_unref);
#ifdef TG_HAVE_SYNC
  g_clear_object (&self->engine_main);
#endif
  g_free (self->data_dir);
  g_free (self->role);
  g_free (self->worker);
  g_free (self->active_session);

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
  _tg_store_service_signals[_TG_STORE_SERVICE_RECORD_CHANGED] =
    g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
tg_store_service_init (TgStoreService *self)
{
  self->item_cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
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

void
_tg_store_service_open_data_free (OpenData *data)
{
  /* The PIN leaves memory as soon as the job is done with it. */
  if (data->pin != NULL)
    memset (data->pin, 0, strlen (data->pin));
  g_free (data->pin);
  g_free (data->worker);
  g_free (data->url);
  g_free (data->code);
  g_free (data->key_pin);
  g_free (data->ca_file);
  g_free (data);
}

void
_tg_store_service_opened_free (Opened *opened)
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
  g_autoptr(GError) cache_error = NULL;

  close_store_in_worker (self);
  self->store = store;
  /* Reading the caseload passes every client's pages through SQLite's
   * cache, which then stays resident: 16 MiB by default, more than the
   * caseload's own items. The file is in the system's page cache anyway. */
  if (!tg_store_set_cache_kib (store, TG_STORE_SERVICE_CACHE_KIB, &cache_error))
    g_warning ("Could not size the store's page cache: %s", cache_error->message);
#ifdef TG_HAVE_SYNC
  self->engine = tg_sync_engine_new (store);
#endif
  opened->role = tg_store_get_setting (store, "role", NULL);
  opened->worker = g_strdup (tg_store_get_worker (store));
  *result_free = (GDestroyNotify) _tg_store_service_opened_free;
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
        _tg_store_service_set_state (self, TG_STORE_SERVICE_NO_STORE);
      return FALSE;
    }
  /* A lock while opening wins: the worker drops the store again. */
  if (job->generation != g_atomic_int_get (&self->generation))
    return FALSE;

  _tg_store_service_set_str (&self->worker, opened->worker);
  _tg_store_service_set_role (self, opened->role);
#ifdef TG_HAVE_SYNC
  g_clear_object (&self->engine_main);
  /* The worker made the engine before returning; the pool ran nothing
   * since, so reading its pointer here is ordered by the hop. */
  self->engine_main = self->engine != NULL ? g_object_ref (self->engine) : NULL;
#endif
  _tg_store_service_set_state (self, TG_STORE_SERVICE_UNLOCKED);
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
  _tg_store_service_queue_job (self, JOB_LIFECYCLE, unlock_job, data, (GDestroyNotify) _tg_store_service_open_data_free,
             opened_hook, cancellable, callback, user_data,
             tg_store_service_unlock_async);
}

gboolean
tg_store_service_unlock_finish (TgStoreService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return _tg_store_service_finish_boolean (self, result, tg_store_service_unlock_async, error);
}

gpointer
_tg_store_service_create_job (TgStoreService  *self,
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
  _tg_store_service_queue_job (self, JOB_LIFECYCLE, _tg_store_service_create_job, data, (GDestroyNotify) _tg_store_service_open_data_free,
             opened_hook, cancellable, callback, user_data,
             tg_store_service_create_async);
}

gboolean
tg_store_service_create_finish (TgStoreService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return _tg_store_service_finish_boolean (self, result, tg_store_service_create_async, error);
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
    _tg_store_service_set_state (self, TG_STORE_SERVICE_LOCKED);
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
  _tg_store_service_queue_job (self, JOB_LIFECYCLE, create_demo_job, data, (GDestroyNotify) _tg_store_service_open_data_free,
             create_demo_hook, cancellable, callback, user_data,
             tg_store_service_create_demo_async);
}

gboolean
tg_store_service_create_demo_finish (TgStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return _tg_store_service_finish_boolean (self, result, tg_store_service_create_demo_async, error);
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
  g_clear_pointer (&self->active_session, g_free);
  g_thread_pool_push (self->pool, CLOSE_STORE, NULL);
  _tg_store_service_set_state (self, TG_STORE_SERVICE_LOCKED);
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
  _tg_store_service_queue_job (self, JOB_LIFECYCLE, flush_job, &flush, NULL, NULL, NULL, NULL, NULL,
             tg_store_service_flush);
  g_mutex_lock (&flush.mutex);
  while (!flush.done)
    g_cond_wait (&flush.cond, &flush.mutex);
  g_mutex_unlock (&flush.mutex);
  g_mutex_clear (&flush.mutex);
  g_cond_clear (&flush.cond);
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
  _tg_store_service_queue_job (self, JOB_LIFECYCLE, wipe_sync_job, &wipe, NULL, NULL, NULL, NULL, NULL,
             tg_store_service_wipe_sync);
  g_mutex_lock (&wipe.mutex);
  while (!wipe.done)
    g_cond_wait (&wipe.cond, &wipe.mutex);
  g_mutex_unlock (&wipe.mutex);
  g_mutex_clear (&wipe.mutex);
  g_cond_clear (&wipe.cond);
  _tg_store_service_set_state (self, TG_STORE_SERVICE_NO_STORE);
  if (wipe.error != NULL)
    {
      g_propagate_error (error, wipe.error);
      return FALSE;
    }
  return TRUE;
}
