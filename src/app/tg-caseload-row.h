/* tg-caseload-row.h: how one client looks in the caseload list.
 *
 * The list view recycles a few of these for however many clients there
 * are; tg_caseload_row_bind() points one at an item.
 */
#pragma once

#include <adwaita.h>

#include "tg-client-item.h"

G_BEGIN_DECLS

#define TG_TYPE_CASELOAD_ROW (tg_caseload_row_get_type ())
G_DECLARE_FINAL_TYPE (TgCaseloadRow, tg_caseload_row, TG, CASELOAD_ROW, AdwBin)

GtkWidget *tg_caseload_row_new  (void);
void       tg_caseload_row_bind (TgCaseloadRow *self,
                                 TgClientItem  *item);

/* "Release in 3 days", "Release today", "Released 2 days ago"; NULL when
 * there is no date. Also used by the client page. */
char      *tg_release_badge_text (int days) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
