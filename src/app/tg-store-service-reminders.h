/* tg-store-service-reminders.h: what is due, counted on the worker thread.
 *
 * Part of TgStoreService (tg-store-service-reminders.c), declared apart so
 * the reminders need no change to tg-store-service.h. The counting is the
 * rules layer's tg_reminders_count(), run on the service's worker.
 */
#pragma once

#include "tg-reminders.h"
#include "tg-store-service.h"

G_BEGIN_DECLS

/* Counts what is due on @today (see tg_reminders_count()); a read, so a
 * lock queued after it cancels it with TG_STORE_ERROR_NOT_FOUND. */
void              tg_store_service_count_reminders_async  (TgStoreService      *self,
                                                           const GDate         *today,
                                                           guint                team_review_days,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
/* Free with g_free(). */
TgReminderCounts *tg_store_service_count_reminders_finish (TgStoreService      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
