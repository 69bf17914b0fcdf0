/* tg-run-sheet-print.h: the gate-day run sheet on paper or in a PDF.
 *
 * A GtkPrintOperation that draws the sheet with Pango and Cairo: a header
 * on every page with the day and "Page N of M", then each person as one
 * block (release time, name, prison number, gate, mentor, a likely
 * earlier release, then the day's appointments), never split across a
 * page break. The sheet holds identity and release fields only, so no
 * clinical field can reach the paper. Works offline: printing to a PDF
 * file needs no printer.
 */
#pragma once

#include <gtk/gtk.h>

#include "tg-run-sheet.h"

G_BEGIN_DECLS

/* A new operation printing a copy of what @sheet says now. */
GtkPrintOperation *tg_run_sheet_print_new     (const TgRunSheet *sheet) G_GNUC_WARN_UNUSED_RESULT;

/* What people read for an appointment kind ("probation" → "Probation"). */
const char        *tg_run_sheet_kind_label    (const char       *kind);

/* The lines the page and the paper show for one person, as Pango markup:
 * the first line is the release time and the name, the rest are
 * indented details, one per line. */
char              *tg_run_sheet_entry_markup  (const TgRunSheetEntry *entry) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
