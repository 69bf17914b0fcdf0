/* tg-store-service-kpi.h: the KPI dashboard's and the run sheet's reads.
 *
 * Part of TgStoreService (tg-store-service-kpi.c), declared apart like the
 * reminders. The figures are the rules layer's tg_kpi_compute() and the
 * sheet its tg_run_sheet_compute(), run on the service's worker thread.
 */
#pragma once

#include "tg-kpi.h"
#include "tg-run-sheet.h"
#include "tg-store-service.h"

G_BEGIN_DECLS

/* The figures for one choice of team and worker, with what there is to
 * choose from: the teams of the clients on the device and the workers
 * (key workers and care co-ordinators, each name once whatever its case)
 * of the chosen team, both sorted. */
typedef struct {
  TgKpi  kpi;
  GStrv  teams;
  GStrv  workers;
} TgKpiSummary;

void tg_kpi_summary_free (TgKpiSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgKpiSummary, tg_kpi_summary_free)

/* @query's team and worker are copied; NULL means every team, every
 * worker. A read: a lock queued after it fails it with
 * TG_STORE_ERROR_NOT_FOUND. */
void          tg_store_service_kpi_async        (TgStoreService      *self,
                                                 const TgKpiQuery    *query,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
TgKpiSummary *tg_store_service_kpi_finish       (TgStoreService      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* The gate-day run sheet of @day. */
void          tg_store_service_run_sheet_async  (TgStoreService      *self,
                                                 const GDate         *day,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
TgRunSheet   *tg_store_service_run_sheet_finish (TgStoreService      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
