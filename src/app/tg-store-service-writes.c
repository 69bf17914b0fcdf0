/* TgStoreService: writes: field updates, notes, drafts and conflict
 * choices (tg-store-service-private.h). */

#include "config.h"

#include <string.h>

#include "tg-store-service-private.h"

/* Writes */

typedef struct {
  char   *entity;
  char   *id;
  char   *field;
  char   *value;
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
    g_signal_emit (self, _tg_store_service_signals[_TG_STORE_SERVICE_RECORD_CHANGED], 0, write->entity, write->id);
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
  _tg_store_service_queue_job (self, JOB_WRITE, update_job, data, (GDestroyNotify) write_data_free,
             record_changed_hook, cancellable, callback, user_data,
             tg_store_service_update_async);
}

gboolean
tg_store_service_update_finish (TgStoreService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return _tg_store_service_finish_boolean (self, result, tg_store_service_update_async, error);
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
  _tg_store_service_queue_job (self, JOB_WRITE, sign_note_job, data, (GDestroyNotify) write_data_free,
             record_changed_hook, cancellable, callback, user_data,
             tg_store_service_sign_note_async);
}

gboolean
tg_store_service_sign_note_finish (TgStoreService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return _tg_store_service_finish_boolean (self, result, tg_store_service_sign_note_async, error);
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
  _tg_store_service_queue_job (self, JOB_WRITE, save_draft_job, data, (GDestroyNotify) write_data_free,
             NULL, cancellable, callback, user_data,
             tg_store_service_save_draft_async);
}

gboolean
tg_store_service_save_draft_finish (TgStoreService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return _tg_store_service_finish_boolean (self, result, tg_store_service_save_draft_async, error);
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
  _tg_store_service_queue_job (self, JOB_WRITE, resolve_conflict_job, data, (GDestroyNotify) write_data_free,
             record_changed_hook, cancellable, callback, user_data,
             tg_store_service_resolve_conflict_async);
}

gboolean
tg_store_service_resolve_conflict_finish (TgStoreService  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return _tg_store_service_finish_boolean (self, result, tg_store_service_resolve_conflict_async, error);
}
