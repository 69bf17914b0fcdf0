/* Printing the run sheet (tg-run-sheet-print.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-run-sheet-print.h"

#include "tg-format.h"

#include "tg-field-labels.h"

/* Sizes in points. */
#define HEADER_HEIGHT 40.0
#define BLOCK_GAP     14.0
#define TIME_COLUMN   54.0
#define BODY_FONT     "Sans 11"
#define HEADER_FONT   "Sans Bold 13"

/* What one operation prints; made once, so the sheet may change on
 * screen while the printer is still busy. */
typedef struct {
  char       *title;          /* "Run sheet: Thursday 26 November 2026" */
  GPtrArray  *blocks;         /* markup, one per person */
  GArray     *first_block;    /* guint: the first block of each page */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_free (job->title);
  g_ptr_array_unref (job->blocks);
  g_clear_pointer (&job->first_block, g_array_unref);
  g_free (job);
}

const char *
tg_run_sheet_kind_label (const char *kind)
{
  static const struct { const char *kind; const char *label; } labels[] = {
    { "probation", N_("Probation") },
    { "treatment", N_("Treatment") },
    { "jobcentre", N_("Jobcentre") },
    { "pharmacy", N_("Pharmacy") },
    { "gp", N_("GP") },
    { "housing", N_("Housing") },
    { "other", N_("Appointment") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].kind, kind) == 0)
      return _(labels[i].label);
  return _("Appointment");
}

char *
tg_run_sheet_entry_markup (const TgRunSheetEntry *entry)
{
  GString *out = g_string_new (NULL);
  g_autofree char *name = NULL;

  name = g_markup_printf_escaped ("%s %s", entry->given_name ? entry->given_name : "",
                                  entry->family_name ? entry->family_name : "");
  g_string_append_printf (out, "<b>%s\t%s</b>",
                          entry->release_time ? entry->release_time : _("Time not known"),
                          name);
  if (entry->prison_number != NULL)
    {
      g_autofree char *number = g_markup_escape_text (entry->prison_number, -1);

      g_string_append_printf (out, "  ·  %s", number);
    }
  {
    g_autofree char *gate = g_markup_escape_text (entry->gate ? entry->gate : _("not known"), -1);

    /* Translators: the gate of the prison the person walks out of. */
    g_string_append_printf (out, "\n\t%s %s", _("Gate:"), gate);
  }
  {
    g_autofree char *mentor = g_markup_escape_text (entry->pickup_mentor ? entry->pickup_mentor
                                                                         : _("none named"), -1);

    g_string_append_printf (out, "\n\t%s %s", _("Pickup mentor:"), mentor);
    if (entry->pickup_status != NULL)
      g_string_append_printf (out, " (%s)", tg_choice_label (entry->pickup_status));
  }
  if (entry->earlier)
    {
      g_autofree char *recorded = tg_format_long_date (&entry->release_date);

      g_string_append (out, "\n\t<i>");
      /* Translators: %s is the day recorded, such as “Friday 27 November 2026”. */
      g_string_append_printf (out, _("Likely earlier release: the date recorded is %s. "
                                     "Ring the prison to confirm."), recorded);
      g_string_append (out, "</i>");
    }
  if (entry->appointments->len == 0)
    g_string_append_printf (out, "\n\t%s", _("No appointments that day"));
  for (guint i = 0; i < entry->appointments->len; i++)
    {
      const TgRunSheetAppointment *appointment = entry->appointments->pdata[i];
      g_autofree char *place = g_markup_escape_text (appointment->place ? appointment->place
                                                                        : _("place not known"), -1);

      g_string_append_printf (out, "\n%s\t%s, %s", appointment->time,
                              tg_run_sheet_kind_label (appointment->kind), place);
      if (appointment->with_whom != NULL)
        {
          g_autofree char *with = g_markup_escape_text (appointment->with_whom, -1);

          /* Translators: %s is who the appointment is with. */
          g_string_append_printf (out, _(", with %s"), with);
        }
    }
  return g_string_free (out, FALSE);
}

/* A layout for one block: the time in its own column, wrapped lines
 * hanging under the text. */
static PangoLayout *
block_layout (GtkPrintContext *context,
              const char      *markup)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (BODY_FONT);
  PangoTabArray *tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT, (int) TIME_COLUMN);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_tabs (layout, tabs);
  pango_layout_set_indent (layout, (int) (-TIME_COLUMN * PANGO_SCALE));
  pango_layout_set_markup (layout, markup, -1);
  pango_tab_array_free (tabs);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) height / PANGO_SCALE;
}

/* Lays the blocks out on pages; a block never splits, so a person's
 * details stay on one sheet of paper. */
static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double page_height = gtk_print_context_get_height (context) - HEADER_HEIGHT;
  double used = 0;
  guint first = 0;

  g_clear_pointer (&job->first_block, g_array_unref);
  job->first_block = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (job->first_block, first);
  for (guint i = 0; i < job->blocks->len; i++)
    {
      g_autoptr(PangoLayout) layout = block_layout (context, job->blocks->pdata[i]);
      double height = layout_height (layout) + BLOCK_GAP;

      if (used > 0 && used + height > page_height)
        {
          g_array_append_val (job->first_block, i);
          used = 0;
        }
      used += height;
    }
  gtk_print_operation_set_n_pages (operation, job->first_block->len);
}

static void
draw_header (GtkPrintContext *context,
             PrintJob        *job,
             int              page_nr,
             int              n_pages)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (HEADER_FONT);
  g_autofree char *page = NULL;
  int text_width, text_height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, job->title, -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);

  /* Translators: the page numbers in a printed run sheet's header. */
  page = g_strdup_printf (_("Page %d of %d"), page_nr + 1, n_pages);
  pango_layout_set_text (layout, page, -1);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  cairo_move_to (cr, width - text_width, 0);
  pango_cairo_show_layout (cr, layout);

  cairo_set_line_width (cr, 0.75);
  cairo_move_to (cr, 0, HEADER_HEIGHT - 14);
  cairo_line_to (cr, width, HEADER_HEIGHT - 14);
  cairo_stroke (cr);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  guint first = g_array_index (job->first_block, guint, page_nr);
  guint last = (guint) page_nr + 1 < job->first_block->len
               ? g_array_index (job->first_block, guint, page_nr + 1) : job->blocks->len;
  double y = HEADER_HEIGHT;

  draw_header (context, job, page_nr, (int) job->first_block->len);
  if (job->blocks->len == 0)
    {
      g_autoptr(PangoLayout) layout = block_layout (context, _("Nobody is due out of the gate on this day."));

      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, layout);
      return;
    }
  for (guint i = first; i < last; i++)
    {
      g_autoptr(PangoLayout) layout = block_layout (context, job->blocks->pdata[i]);

      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, layout);
      y += layout_height (layout) + BLOCK_GAP;
    }
}

GtkPrintOperation *
tg_run_sheet_print_new (const TgRunSheet *sheet)
{
  GtkPrintOperation *operation;
  PrintJob *job = g_new0 (PrintJob, 1);
  g_autofree char *day = NULL;

  g_return_val_if_fail (sheet != NULL, NULL);

  day = tg_format_long_date (&sheet->day);
  /* Translators: %s is a day such as “Thursday 26 November 2026”. */
  job->title = g_strdup_printf (_("Run sheet: %s"), day);
  job->blocks = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < sheet->entries->len; i++)
    g_ptr_array_add (job->blocks, tg_run_sheet_entry_markup (sheet->entries->pdata[i]));

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "tg-print-job", job, (GDestroyNotify) print_job_free);
  return operation;
}
