/* tg-gate-list-page.h: who goes out of the gate today, tomorrow, this week.
 *
 * Grouped by date; each release shows the time, gate and mentor, flags a
 * likely earlier release, and lets the mentor set the pickup status. On a
 * mentor's device this page is the whole app.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_GATE_LIST_PAGE (tg_gate_list_page_get_type ())
G_DECLARE_FINAL_TYPE (TgGateListPage, tg_gate_list_page, TG, GATE_LIST_PAGE, AdwBin)

typedef enum {
  TG_GATE_RANGE_TODAY,
  TG_GATE_RANGE_TOMORROW,
  TG_GATE_RANGE_WEEK,      /* today and the six days after */
} TgGateRange;

GtkWidget *tg_gate_list_page_new       (TgStoreService *service);
void       tg_gate_list_page_reload    (TgGateListPage *self);
void       tg_gate_list_page_clear     (TgGateListPage *self);
void       tg_gate_list_page_set_range (TgGateListPage *self,
                                        TgGateRange     range);
/* Releases shown; for tests. */
guint      tg_gate_list_page_get_n_entries (TgGateListPage *self);
gboolean   tg_gate_list_page_is_loading (TgGateListPage *self);

G_END_DECLS
