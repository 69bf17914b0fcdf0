/* TgStoreService: the KPI figures and the run sheet
 * (tg-store-service-kpi.h). */

#include "config.h"

#include "tg-store-service-kpi.h"
#include "tg-store-service-private.h"

#include "tg-rules-util.h"

typedef struct {
  TgKpiQuery  query;
  char       *team;
  char       *worker;
} KpiData;

static void
kpi_data_free (KpiData *data)
{
  g_free (data->team);
  g_free (data->worker);
  g_free (data);
}

void
tg_kpi_summary_free (TgKpiSummary *summary)
{
  if (summary == NULL)
    return;
  g_strfreev (summary->teams);
  g_strfreev (summary->workers);
  g_free (summary);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* Adds @name unless it is there already as typed in another case. */
static void
add_name (GPtrArray  *names,
          const char *name)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL)
    return;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return;
  for (guint i = 0; i < names->len; i++)
    if (tg_rules_same_name (names->pdata[i], trimmed))
      return;
  g_ptr_array_add (names, g_steal_pointer (&trimmed));
}

static GStrv
sorted_strv (GPtrArray *names)
{
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

/* Worker thread. */
static gpointer
kpi_job (TgStoreService  *self,
         gpointer         data,
         GCancellable    *cancellable,
         GDestroyNotify  *result_free,
         GError         **error)
{
  KpiData *kpi = data;
  g_autoptr(TgKpiSummary) summary = g_new0 (TgKpiSummary, 1);
  g_autoptr(GPtrArray) clients = NULL;
  GPtrArray *teams = g_ptr_array_new ();
  GPtrArray *workers = g_ptr_array_new ();

  *result_free = (GDestroyNotify) tg_kpi_summary_free;
  clients = tg_store_list (self->store, "client", NULL, NULL, FALSE, error);
  if (clients == NULL || !tg_kpi_compute (self->store, &kpi->query, &summary->kpi, error))
    {
      g_ptr_array_free (teams, TRUE);
      g_ptr_array_free (workers, TRUE);
      return NULL;
    }
  for (guint i = 0; i < clients->len; i++)
    {
      const TgRecord *client = clients->pdata[i];
      const char *team = tg_record_get (client, "team");

      add_name (teams, team);
      if (kpi->team != NULL && !tg_rules_same_name (team, kpi->team))
        continue;
      add_name (workers, tg_record_get (client, "key_worker"));
      add_name (workers, tg_record_get (client, "care_coordinator"));
    }
  summary->teams = sorted_strv (teams);
  summary->workers = sorted_strv (workers);
  return g_steal_pointer (&summary);
}

void
tg_store_service_kpi_async (TgStoreService      *self,
                            const TgKpiQuery    *query,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  KpiData *data;

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  g_return_if_fail (query != NULL && g_date_valid (&query->from) &&
                    g_date_valid (&query->to) && g_date_valid (&query->today));

  data = g_new0 (KpiData, 1);
  data->query = *query;
  data->team = g_strdup (query->team);
  data->worker = g_strdup (query->worker);
  data->query.team = data->team;
  data->query.worker = data->worker;
  _tg_store_service_queue_job (self, JOB_READ, kpi_job, data, (GDestroyNotify) kpi_data_free,
                               NULL, cancellable, callback, user_data,
                               tg_store_service_kpi_async);
}

TgKpiSummary *
tg_store_service_kpi_finish (TgStoreService  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_kpi_async, error);
}

/* Worker thread. */
static gpointer
run_sheet_job (TgStoreService  *self,
               gpointer         data,
               GCancellable    *cancellable,
               GDestroyNotify  *result_free,
               GError         **error)
{
  *result_free = (GDestroyNotify) tg_run_sheet_free;
  return tg_run_sheet_compute (self->store, data, error);
}

void
tg_store_service_run_sheet_async (TgStoreService      *self,
                                  const GDate         *day,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  _tg_store_service_queue_job (self, JOB_READ, run_sheet_job, g_memdup2 (day, sizeof *day), g_free,
                               NULL, cancellable, callback, user_data,
                               tg_store_service_run_sheet_async);
}

TgRunSheet *
tg_store_service_run_sheet_finish (TgStoreService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_run_sheet_async, error);
}
