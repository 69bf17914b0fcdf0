/* TgStoreService: the sync status, the conflict log, sync and enrolment
 * (tg-store-service-private.h). */

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "tg-store-service-private.h"

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
  /* The sync engine's TG_SYNC_SETTING_IDLE_LOCK_MAX, stored from the last
   * reply; the app reads it also in a build without the engine. */
  {
    g_autofree char *policy = tg_store_get_setting (self->store, "policy_idle_lock_max_seconds",
                                                    NULL);

    status->idle_lock_max_seconds = policy != NULL ? (guint) g_ascii_strtoull (policy, NULL, 10) : 0;
  }
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
  _tg_store_service_queue_job (self, JOB_READ, sync_status_job, NULL, NULL, sync_status_hook,
             cancellable, callback, user_data, tg_store_service_sync_status_async);
}

TgSyncStatus *
tg_store_service_sync_status_finish (TgStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_sync_status_async, error);
}

static char *
client_name (TgStore    *store,
             const char *client_id)
{
  g_autoptr(TgRecord) client = NULL;

  if (client_id == NULL)
    return g_strdup (_("Unknown person"));
  client = tg_store_get (store, "client", client_id, NULL);
  if (client == NULL)
    return g_strdup (_("Unknown person"));
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
      view->client_id = _tg_store_service_conflict_client_id (self->store, conflict->mine);
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
  _tg_store_service_queue_job (self, JOB_READ, list_conflicts_job, NULL, NULL, NULL,
             cancellable, callback, user_data, tg_store_service_list_conflicts_async);
}

GPtrArray *
tg_store_service_list_conflicts_finish (TgStoreService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_list_conflicts_async, error);
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
  /* Even a sync that failed may have applied part of what it pulled. */
  g_atomic_int_inc (&self->cache_stamp);
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
  g_signal_emit (self, _tg_store_service_signals[_TG_STORE_SERVICE_RECORD_CHANGED], 0, "sync", "");
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
                           _("This device is not enrolled with a server, so its "
                             "changes stay here until it is"));
}

gboolean
tg_store_service_sync_finish (TgStoreService  *self,
                              GAsyncResult    *result,
                              guint           *pushed,
                              guint           *pulled,
                              guint           *conflicts,
                              GError         **error)
{
  g_autofree SyncCounts *counts = _tg_store_service_finish_pointer (self, result, tg_store_service_sync_async, error);

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
  _tg_store_service_set_state (self, TG_STORE_SERVICE_NO_STORE);
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
      _tg_store_service_queue_job (self, JOB_LIFECYCLE, wipe_job, NULL, NULL, NULL, NULL,
                 enrol_wiped_cb, failure, tg_store_service_enrol_async);
      return;
    }

  enrolled = g_new0 (TgEnrolResult, 1);
  enrolled->role = g_strdup (enrollment->role);
  enrolled->team = g_strdup (enrollment->team);
  enrolled->server_url = g_strdup (enrollment->server_url);
  _tg_store_service_set_role (self, enrollment->role);
  _tg_store_service_set_state (self, TG_STORE_SERVICE_UNLOCKED);
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
  _tg_store_service_set_str (&self->worker, opened->worker);
  g_clear_object (&self->engine_main);
  self->engine_main = g_object_ref (self->engine);
  tg_sync_engine_enroll_async (self->engine_main, open->url, open->code,
                               open->key_pin, open->ca_file, NULL,
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
                              const char          *ca_file,
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
  data->ca_file = ca_file != NULL && *ca_file != '\0' ? g_strdup (ca_file) : NULL;
  _tg_store_service_queue_job (self, JOB_LIFECYCLE, _tg_store_service_create_job, data, (GDestroyNotify) _tg_store_service_open_data_free,
             enrol_created_hook, cancellable, callback, user_data,
             tg_store_service_enrol_async);
#else
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tg_store_service_enrol_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This build of Throughgate has no sync engine, so it "
                             "cannot enrol with a server"));
#endif
}

TgEnrolResult *
tg_store_service_enrol_finish (TgStoreService  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_enrol_async, error);
}
