/* tg-run-sheet-page.h: the gate-day run sheet on screen, and "Print…".
 *
 * One day at a time (previous and next day buttons): each person walking
 * out, with release time, gate and mentor, then that day's appointments in
 * time order. "Print…" prints the same sheet, or saves it as a PDF, with
 * GtkPrintOperation (tg-run-sheet-print.h); everything it needs is on the
 * device, so it works offline. Opened from the gate list.
 */
#pragma once

#include <adwaita.h>

#include "tg-run-sheet.h"
#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_RUN_SHEET_PAGE (tg_run_sheet_page_get_type ())
G_DECLARE_FINAL_TYPE (TgRunSheetPage, tg_run_sheet_page, TG, RUN_SHEET_PAGE, AdwBin)

GtkWidget        *tg_run_sheet_page_new        (TgStoreService *service,
                                                const GDate    *day);
void              tg_run_sheet_page_set_day    (TgRunSheetPage *self,
                                                const GDate    *day);
void              tg_run_sheet_page_reload     (TgRunSheetPage *self);
gboolean          tg_run_sheet_page_is_loading (TgRunSheetPage *self);
/* The sheet shown, NULL before it has loaded. */
const TgRunSheet *tg_run_sheet_page_get_sheet  (TgRunSheetPage *self);

/* Prints the sheet shown. With GTK_PRINT_OPERATION_ACTION_EXPORT it
 * writes @export_file (a PDF) and returns when it is written; with the
 * print dialog it returns at once and reports failures as a toast. */
gboolean          tg_run_sheet_page_print      (TgRunSheetPage          *self,
                                                GtkPrintOperationAction  action,
                                                const char              *export_file,
                                                GError                 **error);

/* Opens the run sheet of @day in a window of its own over @parent (may
 * be NULL); the window closes when the app locks. Returns the page in it
 * (owned by the window). */
GtkWidget        *tg_run_sheet_page_present    (TgStoreService *service,
                                                const GDate    *day,
                                                GtkWindow      *parent);

G_END_DECLS
