/* TgStoreService: counting reminders (tg-store-service-reminders.h). */

#include "config.h"

#include "tg-store-service-reminders.h"
#include "tg-store-service-private.h"

typedef struct {
  GDate today;
  guint team_review_days;
} RemindersData;

/* Worker thread. */
static gpointer
count_reminders_job (TgStoreService  *self,
                     gpointer         data,
                     GCancellable    *cancellable,
                     GDestroyNotify  *result_free,
                     GError         **error)
{
  RemindersData *reminders = data;
  g_autofree TgReminderCounts *counts = g_new0 (TgReminderCounts, 1);

  *result_free = g_free;
  if (!tg_reminders_count (self->store, &reminders->today, reminders->team_review_days,
                           counts, error))
    return NULL;
  return g_steal_pointer (&counts);
}

void
tg_store_service_count_reminders_async (TgStoreService      *self,
                                        const GDate         *today,
                                        guint                team_review_days,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RemindersData *data;

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  g_return_if_fail (today != NULL && g_date_valid (today));

  data = g_new0 (RemindersData, 1);
  data->today = *today;
  data->team_review_days = team_review_days;
  _tg_store_service_queue_job (self, JOB_READ, count_reminders_job, data, g_free, NULL,
                               cancellable, callback, user_data,
                               tg_store_service_count_reminders_async);
}

TgReminderCounts *
tg_store_service_count_reminders_finish (TgStoreService  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_count_reminders_async,
                                           error);
}
