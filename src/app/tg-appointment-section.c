/* Appointments after release on the client page: kind, time, place and
 * with whom, soonest first. Release data: a mentor's device shows them
 * too, on the run sheet. */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-record-section.h"

#include "tg-field-labels.h"
#include "tg-format.h"

static const TgFormField appointment_form[] = {
  { "kind", TG_FORM_CHOICE, TG_FORM_DEFAULT_NONE },
  { "at", TG_FORM_ENTRY, TG_FORM_DEFAULT_NONE },
  { "place", TG_FORM_ENTRY, TG_FORM_DEFAULT_NONE },
  { "with_whom", TG_FORM_ENTRY, TG_FORM_DEFAULT_NONE },
};

static const char * const appointment_required[] = { "kind", "at", NULL };

static void
appointment_describe (const TgRecord *appointment,
                      GPtrArray      *all,
                      const TgRecord *client,
                      const GDate    *today,
                      TgRecordView   *view)
{
  g_autofree char *when = tg_format_iso_readable (tg_record_get (appointment, "at"));
  const char *place = tg_record_get (appointment, "place");
  const char *with_whom = tg_record_get (appointment, "with_whom");

  /* Translators: an appointment's kind and when it is. */
  view->title = g_strdup_printf (_("%s · %s"), tg_choice_label (tg_record_get (appointment, "kind")), when);
  if (place != NULL || with_whom != NULL)
    view->subtitle = g_strjoin (" · ", place != NULL ? place : with_whom,
                                place != NULL ? with_whom : NULL, NULL);
}

static int
appointment_compare (gconstpointer a,
                     gconstpointer b)
{
  return g_strcmp0 (tg_record_get (*(TgRecord **) a, "at"), tg_record_get (*(TgRecord **) b, "at"));
}

static const TgRecordSectionSpec appointment_spec = {
  .entity = "appointment",
  .title = N_("Appointments after release"),
  .empty = N_("No appointments yet: probation, treatment, jobcentre, pharmacy…"),
  .add_title = N_("Add an _appointment"),
  .add_subtitle = N_("What, when (2026-11-30T10:00), where and with whom"),
  .add_button = N_("Add a_ppointment"),
  .form = appointment_form,
  .n_form = G_N_ELEMENTS (appointment_form),
  .required = appointment_required,
  .describe = appointment_describe,
  .compare = appointment_compare,
};

GtkWidget *
tg_appointment_section_new (TgStoreService *service)
{
  return tg_record_section_new (service, &appointment_spec);
}
