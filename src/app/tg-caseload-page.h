/* tg-caseload-page.h: the caseload list with search and filters.
 *
 * A GtkListView over a GListStore of TgClientItem: the view makes widgets
 * only for the rows on screen, so 10,000 people scroll like 10. Searching
 * and filtering run in the store service's worker.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_CASELOAD_PAGE (tg_caseload_page_get_type ())
G_DECLARE_FINAL_TYPE (TgCaseloadPage, tg_caseload_page, TG, CASELOAD_PAGE, AdwBin)

GtkWidget  *tg_caseload_page_new          (TgStoreService   *service);
/* Reads the list again (after unlocking); clear forgets it (on lock). */
void        tg_caseload_page_reload       (TgCaseloadPage   *self);
void        tg_caseload_page_clear        (TgCaseloadPage   *self);
void        tg_caseload_page_focus_search (TgCaseloadPage   *self);
void        tg_caseload_page_set_search   (TgCaseloadPage   *self,
                                           const char       *text);
void        tg_caseload_page_set_filter   (TgCaseloadPage   *self,
                                           TgCaseloadFilter  filter);
/* The TgClientItem model the list shows. */
GListModel *tg_caseload_page_get_model    (TgCaseloadPage   *self);
/* TRUE while a search or reload is on its way. */
gboolean    tg_caseload_page_is_loading   (TgCaseloadPage   *self);

G_END_DECLS
