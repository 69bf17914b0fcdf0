/* tg-store-service-records.h: the field-workflow records through the
 * store service: care plans and goals, TOP records, referrals, contacts,
 * appointments, sessions and who was seen at them.
 *
 * Generic calls over any schema entity, run on the service's worker thread
 * like every other store call. A write that fails validation reports an
 * error whose message starts with the label of the field at fault ("Due
 * date: …"). Writes emit ::record-changed with the entity and record id.
 */
#pragma once

#include "tg-store-service.h"

G_BEGIN_DECLS

/* Records of @entity whose @field equals @value (both NULL: all), deleted
 * ones left out. Returns TgRecord elements. */
void       tg_store_service_list_records_async   (TgStoreService      *self,
                                                  const char          *entity,
                                                  const char          *field,
                                                  const char          *value,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *tg_store_service_list_records_finish  (TgStoreService      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;

void       tg_store_service_get_record_async     (TgStoreService      *self,
                                                  const char          *entity,
                                                  const char          *id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
TgRecord  *tg_store_service_get_record_finish    (TgStoreService      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Inserts one record; @fields and @values are parallel, NULL-terminated
 * by @fields. Returns the new id. */
void       tg_store_service_insert_record_async  (TgStoreService      *self,
                                                  const char          *entity,
                                                  const char * const  *fields,
                                                  const char * const  *values,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char      *tg_store_service_insert_record_finish (TgStoreService      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Writes several fields of one record together: all or none. A NULL or
 * empty value clears the field. */
void       tg_store_service_update_fields_async  (TgStoreService      *self,
                                                  const char          *entity,
                                                  const char          *id,
                                                  const char * const  *fields,
                                                  const char * const  *values,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean   tg_store_service_update_fields_finish (TgStoreService      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* The session being run on this device (main thread only), or NULL. */
const char *tg_store_service_get_active_session  (TgStoreService      *self);
void        tg_store_service_set_active_session  (TgStoreService      *self,
                                                  const char          *session_id);

/* Adds a note and clears the client's note draft in the same job; the
 * note is linked to the active session when the person is recorded as
 * seen at it. Returns the note id. */
void       tg_store_service_add_note_async  (TgStoreService      *self,
                                                     const char          *client_id,
                                                     const char          *kind,
                                                     const char          *body,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char      *tg_store_service_add_note_finish (TgStoreService      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
