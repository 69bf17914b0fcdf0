/* Contacts on the client page, and where each timeliness standard stands
 * (docs/field-workflows.md §7): triage and risk assessment at first
 * contact, weekly contact in early treatment, the assessment a
 * restriction on bail requires, and details relayed to the prison. */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-record-section.h"

#include "tg-contact-rules.h"
#include "tg-dates.h"
#include "tg-field-labels.h"
#include "tg-format.h"

static const TgFormField contact_form[] = {
  { "kind", TG_FORM_CHOICE, TG_FORM_DEFAULT_NONE },
  { "at", TG_FORM_ENTRY, TG_FORM_DEFAULT_NOW },
  { "detail", TG_FORM_ENTRY, TG_FORM_DEFAULT_NONE },
};

static const char * const contact_required[] = { "kind", "at", NULL };

static void
set_badge (TgRecordView *view,
           TgTimeliness  timeliness)
{
  switch (timeliness)
    {
    case TG_TIMELINESS_DUE:
      view->badge = g_strdup (_("Due"));
      view->badge_style = "due";
      break;
    case TG_TIMELINESS_OVERDUE:
      view->badge = g_strdup (_("Late, not done"));
      view->badge_style = "overdue";
      break;
    case TG_TIMELINESS_DONE:
      view->badge = g_strdup (_("Done"));
      view->badge_style = "done";
      break;
    case TG_TIMELINESS_LATE:
      view->badge = g_strdup (_("Done late"));
      view->badge_style = "late";
      break;
    case TG_TIMELINESS_NONE:
    default:
      break;
    }
}

static char *
readable_date (const GDate *date)
{
  g_autofree char *iso = NULL;

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("?");
  iso = tg_date_to_iso (date);
  return tg_format_iso_readable (iso);
}

static void
add_duty (GPtrArray    *rows,
          const char   *title,
          char         *subtitle,
          TgTimeliness  timeliness)
{
  TgRecordView *view = g_new0 (TgRecordView, 1);

  view->title = g_strdup (title);
  view->subtitle = subtitle;
  set_badge (view, timeliness);
  g_ptr_array_add (rows, view);
}

static void
view_free (TgRecordView *view)
{
  tg_record_view_clear (view);
  g_free (view);
}

static GPtrArray *
contact_summarize (GPtrArray      *all,
                   const TgRecord *client,
                   const GDate    *today)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) view_free);
  static const char * const first_kinds[] = { "triage", "risk_assessment" };
  TgWeeklyContact weekly;
  GDate date;
  TgTimeliness timeliness;

  for (guint i = 0; i < G_N_ELEMENTS (first_kinds); i++)
    {
      g_autofree char *first = NULL;

      timeliness = tg_contact_first_contact_duty (all, first_kinds[i], today, &date);
      if (timeliness == TG_TIMELINESS_NONE)
        continue;
      first = readable_date (&date);
      /* Translators: a duty at first contact, e.g. "Triage at first contact". */
      add_duty (rows, first_kinds[i][0] == 't' ? _("Triage at first contact") : _("Risk assessment at first contact"),
                g_strdup_printf (_("First contact %s"), first), timeliness);
    }

  tg_contact_weekly (client, all, today, &weekly);
  if (weekly.applies)
    {
      g_autofree char *next = readable_date (&weekly.next_due);

      add_duty (rows, _("Weekly contact"),
                /* Translators: weeks in treatment, then the next weekly contact's date. */
                g_strdup_printf (_("Week %u of 12 in treatment · next contact by %s"),
                                 weekly.weeks_in_treatment + 1, next),
                weekly.overdue ? TG_TIMELINESS_OVERDUE
                               : weekly.contact_due ? TG_TIMELINESS_DUE : TG_TIMELINESS_DONE);
    }

  timeliness = tg_contact_bail_assessment (client, all, today, &date);
  if (timeliness != TG_TIMELINESS_NONE)
    {
      g_autofree char *deadline = readable_date (&date);

      add_duty (rows, _("Assessment for a restriction on bail"),
                g_strdup_printf (_("Within 3 working days: by %s"), deadline), timeliness);
    }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    gint64 deadline = 0;

    timeliness = tg_contact_relay (client, all, now, &deadline);
    if (timeliness != TG_TIMELINESS_NONE)
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (deadline);
        g_autofree char *iso = g_date_time_format_iso8601 (utc);
        g_autofree char *when = tg_format_iso_readable (iso);

        add_duty (rows, _("Details relayed to the receiving prison"),
                  g_strdup_printf (_("Within 24 hours of remand: by %s"), when), timeliness);
      }
  }
  return rows;
}

static void
contact_describe (const TgRecord *contact,
                  GPtrArray      *all,
                  const TgRecord *client,
                  const GDate    *today,
                  TgRecordView   *view)
{
  g_autofree char *when = tg_format_iso_readable (tg_record_get (contact, "at"));
  const char *worker = tg_record_get (contact, "worker");
  const char *detail = tg_record_get (contact, "detail");

  view->title = g_strdup (tg_choice_label (tg_record_get (contact, "kind")));
  view->subtitle = g_strjoin (" · ", when, worker != NULL ? worker : _("unknown worker"), detail, NULL);
}

static int
contact_compare (gconstpointer a,
                 gconstpointer b)
{
  /* Newest first. */
  return g_strcmp0 (tg_record_get (*(TgRecord **) b, "at"), tg_record_get (*(TgRecord **) a, "at"));
}

/* A contact is the worker's who records it. */
static void
contact_complete (TgStoreService *service,
                  GPtrArray      *fields,
                  GPtrArray      *values)
{
  g_ptr_array_add (fields, (gpointer) "worker");
  g_ptr_array_add (values, g_strdup (tg_store_service_get_worker (service)));
}

static const TgRecordSectionSpec contact_spec = {
  .entity = "contact",
  .title = N_("Contacts and assessments"),
  .empty = N_("No contacts recorded. Triage and a risk assessment are due at first contact."),
  .add_title = N_("Record a _contact"),
  .add_subtitle = N_("Triage, risk assessment, weekly contact, assessment or relay"),
  .add_button = N_("Record c_ontact"),
  .form = contact_form,
  .n_form = G_N_ELEMENTS (contact_form),
  .required = contact_required,
  .needs_client = TRUE,
  .describe = contact_describe,
  .summarize = contact_summarize,
  .compare = contact_compare,
  .complete = contact_complete,
};

GtkWidget *
tg_contact_section_new (TgStoreService *service)
{
  return tg_record_section_new (service, &contact_spec);
}
