/* tg-kpi-page.h: the KPI dashboard (worker devices; hidden on a mentor's).
 *
 * The figures of tg-kpi (docs/field-workflows.md §8) for the team or one
 * worker, over the KPI interval of the settings (kpi-review-interval-days,
 * the days up to today). Each figure is written out ("12 of 15, 80 %")
 * and drawn as a bar; the bar's accessible label is the same text, so
 * nothing is only in the chart.
 */
#pragma once

#include <adwaita.h>

#include "tg-kpi.h"
#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_KPI_PAGE (tg_kpi_page_get_type ())
G_DECLARE_FINAL_TYPE (TgKpiPage, tg_kpi_page, TG, KPI_PAGE, AdwBin)

GtkWidget  *tg_kpi_page_new        (TgStoreService *service,
                                    GSettings      *settings);
void        tg_kpi_page_reload     (TgKpiPage      *self);
void        tg_kpi_page_clear      (TgKpiPage      *self);
gboolean    tg_kpi_page_is_loading (TgKpiPage      *self);

/* Fixes the period and "today" instead of the settings' interval up to
 * the real today; for tests and for looking back at a closed month. */
void        tg_kpi_page_set_period (TgKpiPage      *self,
                                    const GDate    *from,
                                    const GDate    *to,
                                    const GDate    *today);
/* Chooses the team and worker (NULL: all) as the drop-downs do. */
void        tg_kpi_page_set_choice (TgKpiPage      *self,
                                    const char     *team,
                                    const char     *worker);

/* The figure shown for row @index (tg_kpi_rows() order) as text, and its
 * measure name; NULL before anything has loaded. */
const char *tg_kpi_page_get_figure_text (TgKpiPage *self,
                                         guint      index);

/* "12 of 15, 80 %", with ", 2 pending" when some are; "none to count" for
 * nothing judged. */
char       *tg_kpi_format_figure   (const TgKpiFigure *figure) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
