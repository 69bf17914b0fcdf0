/* TgStoreService: field-workflow records and sessions
 * (tg-store-service-records.h, tg-store-service-private.h). */

#include "config.h"

#include <string.h>

#include "tg-store-service-private.h"
#include "tg-store-service-records.h"
#include "tg-store-sync.h"

typedef struct {
  char  *entity;
  char  *id;        /* the record, or the client of a note */
  char  *field;
  char  *value;
  char **fields;
  char **values;    /* parallel to fields; may hold NULLs */
  guint  n_fields;
  char  *kind;
  char  *session_id;
} RecordData;

static void
record_data_free (RecordData *data)
{
  g_free (data->entity);
  g_free (data->id);
  g_free (data->field);
  g_free (data->value);
  for (guint i = 0; i < data->n_fields; i++)
    {
      g_free (data->fields[i]);
      g_free (data->values[i]);
    }
  g_free (data->fields);
  g_free (data->values);
  g_free (data->kind);
  g_free (data->session_id);
  g_free (data);
}

static void
copy_fields (RecordData         *data,
             const char * const *fields,
             const char * const *values)
{
  guint n = fields != NULL ? g_strv_length ((char **) fields) : 0;

  data->n_fields = n;
  data->fields = g_new0 (char *, n + 1);
  data->values = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      data->fields[i] = g_strdup (fields[i]);
      /* An empty value clears the field, as in tg_store_service_update. */
      data->values[i] = values[i] != NULL && *values[i] != '\0' ? g_strdup (values[i]) : NULL;
    }
}

/* Validation errors start with the schema name of the field ("due_on:
 * …"); people read its label instead. */
static void
name_field (const char  *entity,
            GError      *error)
{
  const char *colon;
  g_autofree char *field = NULL;
  const TgEntityDef *def = tg_schema_lookup_entity (entity);

  if (error == NULL || def == NULL || (colon = strchr (error->message, ':')) == NULL)
    return;
  field = g_strndup (error->message, colon - error->message);
  if (tg_schema_lookup_field (def, field) != NULL)
    {
      char *message = tg_field_error_message (entity, field, error->message);

      g_free (error->message);
      error->message = message;
    }
}

static gboolean
record_changed_hook (TgStoreService *self,
                     Job            *job)
{
  RecordData *data = job->data;
  const char *id = data->id;

  if (job->error != NULL)
    return FALSE;
  /* A new record's id is the job's result; a note names its client. */
  if (id == NULL)
    id = job->result;
  g_signal_emit (self, _tg_store_service_signals[_TG_STORE_SERVICE_RECORD_CHANGED], 0,
                 data->entity, id);
  return FALSE;
}

/* Reads */

static gpointer
list_records_job (TgStoreService  *self,
                  gpointer         data,
                  GCancellable    *cancellable,
                  GDestroyNotify  *result_free,
                  GError         **error)
{
  RecordData *list = data;

  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return tg_store_list (self->store, list->entity, list->field, list->value, FALSE, error);
}

void
tg_store_service_list_records_async (TgStoreService      *self,
                                     const char          *entity,
                                     const char          *field,
                                     const char          *value,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RecordData *data = g_new0 (RecordData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup (entity);
  data->field = g_strdup (field);
  data->value = g_strdup (value);
  _tg_store_service_queue_job (self, JOB_READ, list_records_job, data,
                               (GDestroyNotify) record_data_free, NULL, cancellable,
                               callback, user_data, tg_store_service_list_records_async);
}

GPtrArray *
tg_store_service_list_records_finish (TgStoreService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_list_records_async, error);
}

static gpointer
get_record_job (TgStoreService  *self,
                gpointer         data,
                GCancellable    *cancellable,
                GDestroyNotify  *result_free,
                GError         **error)
{
  RecordData *get = data;

  *result_free = (GDestroyNotify) tg_record_free;
  return tg_store_get (self->store, get->entity, get->id, error);
}

void
tg_store_service_get_record_async (TgStoreService      *self,
                                   const char          *entity,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RecordData *data = g_new0 (RecordData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup (entity);
  data->id = g_strdup (id);
  _tg_store_service_queue_job (self, JOB_READ, get_record_job, data,
                               (GDestroyNotify) record_data_free, NULL, cancellable,
                               callback, user_data, tg_store_service_get_record_async);
}

TgRecord *
tg_store_service_get_record_finish (TgStoreService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_get_record_async, error);
}

/* Writes */

static gpointer
insert_record_job (TgStoreService  *self,
                   gpointer         data,
                   GCancellable    *cancellable,
                   GDestroyNotify  *result_free,
                   GError         **error)
{
  RecordData *insert = data;
  g_autofree char *team = NULL;
  char *id;

  /* A session belongs to a team, not a client: sync scopes it by the
   * team this device was enrolled in (none on a device that never was). */
  if (g_strcmp0 (insert->entity, "session") == 0 &&
      !g_strv_contains ((const char * const *) insert->fields, "team"))
    team = tg_store_get_setting (self->store, "team", NULL);
  if (team != NULL)
    {
      insert->fields = g_renew (char *, insert->fields, insert->n_fields + 2);
      insert->values = g_renew (char *, insert->values, insert->n_fields + 2);
      insert->fields[insert->n_fields] = g_strdup ("team");
      insert->values[insert->n_fields] = g_strdup (team);
      insert->n_fields++;
      insert->fields[insert->n_fields] = NULL;
      insert->values[insert->n_fields] = NULL;
    }
  id = tg_store_insert (self->store, insert->entity, (const char * const *) insert->fields,
                        (const char * const *) insert->values, insert->n_fields, error);

  if (id == NULL)
    {
      name_field (insert->entity, *error);
      return NULL;
    }
  *result_free = g_free;
  return id;
}

void
tg_store_service_insert_record_async (TgStoreService      *self,
                                      const char          *entity,
                                      const char * const  *fields,
                                      const char * const  *values,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  RecordData *data = g_new0 (RecordData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup (entity);
  copy_fields (data, fields, values);
  _tg_store_service_queue_job (self, JOB_WRITE, insert_record_job, data,
                               (GDestroyNotify) record_data_free, record_changed_hook,
                               cancellable, callback, user_data,
                               tg_store_service_insert_record_async);
}

char *
tg_store_service_insert_record_finish (TgStoreService  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_insert_record_async, error);
}

static gpointer
update_fields_job (TgStoreService  *self,
                   gpointer         data,
                   GCancellable    *cancellable,
                   GDestroyNotify  *result_free,
                   GError         **error)
{
  RecordData *update = data;

  if (!tg_store_update (self->store, update->entity, update->id,
                        (const char * const *) update->fields,
                        (const char * const *) update->values, update->n_fields, error))
    {
      name_field (update->entity, *error);
      return NULL;
    }
  return DONE;
}

void
tg_store_service_update_fields_async (TgStoreService      *self,
                                      const char          *entity,
                                      const char          *id,
                                      const char * const  *fields,
                                      const char * const  *values,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  RecordData *data = g_new0 (RecordData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup (entity);
  data->id = g_strdup (id);
  copy_fields (data, fields, values);
  _tg_store_service_queue_job (self, JOB_WRITE, update_fields_job, data,
                               (GDestroyNotify) record_data_free, record_changed_hook,
                               cancellable, callback, user_data,
                               tg_store_service_update_fields_async);
}

gboolean
tg_store_service_update_fields_finish (TgStoreService  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return _tg_store_service_finish_boolean (self, result, tg_store_service_update_fields_async, error);
}

/* Sessions */

const char *
tg_store_service_get_active_session (TgStoreService *self)
{
  g_return_val_if_fail (TG_IS_STORE_SERVICE (self), NULL);
  return self->active_session;
}

void
tg_store_service_set_active_session (TgStoreService *self,
                                     const char     *session_id)
{
  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  _tg_store_service_set_str (&self->active_session, session_id);
}

/* Whether @client_id is recorded as seen at @session_id. */
static gboolean
seen_at (TgStore    *store,
         const char *session_id,
         const char *client_id)
{
  g_autoptr(GPtrArray) seen = tg_store_list (store, "session_attendance", "session_id",
                                             session_id, FALSE, NULL);

  for (guint i = 0; seen != NULL && i < seen->len; i++)
    if (g_strcmp0 (tg_record_get (seen->pdata[i], "client_id"), client_id) == 0)
      return TRUE;
  return FALSE;
}

static gpointer
add_note_job (TgStoreService  *self,
                      gpointer         data,
                      GCancellable    *cancellable,
                      GDestroyNotify  *result_free,
                      GError         **error)
{
  RecordData *note = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *occurred = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *key = _tg_store_service_note_draft_key (note->id);
  const char *session = NULL;
  const char *fields[] = { "client_id", "author", "kind", "occurred_at", "body", "session_id" };
  const char *values[] = { note->id, tg_store_get_worker (self->store), note->kind,
                           occurred, note->value, NULL };
  char *note_id;

  /* A note belongs to the session only when the person was seen there:
   * a note for someone else written meanwhile is not part of it. */
  if (note->session_id != NULL && seen_at (self->store, note->session_id, note->id))
    session = note->session_id;
  values[5] = session;
  note_id = tg_store_insert (self->store, "note", fields, values, G_N_ELEMENTS (fields), error);
  if (note_id == NULL)
    return NULL;
  /* The note is safe; a stale draft left by a failure here is no loss. */
  tg_store_clear_draft (self->store, key, NULL);
  *result_free = g_free;
  return note_id;
}

static gboolean
note_changed_hook (TgStoreService *self,
                   Job            *job)
{
  RecordData *note = job->data;

  /* Pages listen for ("note", client id). */
  if (job->error == NULL)
    g_signal_emit (self, _tg_store_service_signals[_TG_STORE_SERVICE_RECORD_CHANGED], 0,
                   "note", note->id);
  return FALSE;
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
  RecordData *data = g_new0 (RecordData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->entity = g_strdup ("note");
  data->id = g_strdup (client_id);
  data->kind = g_strdup (kind);
  data->value = g_strdup (body);
  data->session_id = g_strdup (self->active_session);
  _tg_store_service_queue_job (self, JOB_WRITE, add_note_job, data,
                               (GDestroyNotify) record_data_free, note_changed_hook,
                               cancellable, callback, user_data,
                               tg_store_service_add_note_async);
}

char *
tg_store_service_add_note_finish (TgStoreService  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_add_note_async, error);
}
