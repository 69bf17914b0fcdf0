/* Referrals on the client page: service, need identified, referred, due
 * (need + 14 days unless changed), status, and the overdue badge from the
 * referral rules (docs/field-workflows.md §5). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-record-section.h"

#include "tg-dates.h"
#include "tg-field-labels.h"
#include "tg-format.h"
#include "tg-form-rows.h"
#include "tg-referral-rules.h"

static const TgFormField referral_form[] = {
  { "service", TG_FORM_ENTRY, TG_FORM_DEFAULT_NONE },
  { "need_identified_on", TG_FORM_ENTRY, TG_FORM_DEFAULT_TODAY },
  { "due_on", TG_FORM_ENTRY, TG_FORM_DEFAULT_NONE },
  { "referred_on", TG_FORM_ENTRY, TG_FORM_DEFAULT_NONE },
  { "status", TG_FORM_CHOICE, TG_FORM_DEFAULT_NONE },
};

static const char * const referral_required[] = { "service", "need_identified_on", NULL };

/* need + 14 days, or NULL. */
static char *
default_due (const char *need)
{
  GDate date;

  if (need == NULL || !tg_date_parse_iso (need, &date))
    return NULL;
  g_date_add_days (&date, TG_REFERRAL_DUE_DAYS);
  return tg_date_to_iso (&date);
}

static GtkWidget *
form_row (GPtrArray  *rows,
          const char *field)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (tg_form_row_get_field (rows->pdata[i]), field) == 0)
      return rows->pdata[i];
  return NULL;
}

/* The due date follows the need until the worker sets another. */
static void
referral_form_changed (GPtrArray *rows,
                       GtkWidget *changed)
{
  g_autofree char *need = NULL;
  g_autofree char *due = NULL;

  if (g_strcmp0 (tg_form_row_get_field (changed), "need_identified_on") != 0)
    return;
  if (!tg_form_row_get_value (changed, &need) || need == NULL)
    return;
  due = default_due (need);
  tg_form_row_set_value (form_row (rows, "due_on"), due);
}

/* A due date that is the default is left to the rule, so it still
 * follows the need if the need's date is corrected later. */
static void
referral_complete (TgStoreService *service,
                   GPtrArray      *fields,
                   GPtrArray      *values)
{
  const char *need = NULL;
  guint due_index = G_MAXUINT;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < fields->len; i++)
    {
      if (g_strcmp0 (fields->pdata[i], "need_identified_on") == 0)
        need = values->pdata[i];
      else if (g_strcmp0 (fields->pdata[i], "due_on") == 0)
        due_index = i;
    }
  expected = default_due (need);
  if (due_index != G_MAXUINT && g_strcmp0 (values->pdata[due_index], expected) == 0)
    {
      g_ptr_array_remove_index (fields, due_index);
      g_ptr_array_remove_index (values, due_index);
    }
}

static void
referral_describe (const TgRecord *referral,
                   GPtrArray      *all,
                   const TgRecord *client,
                   const GDate    *today,
                   TgRecordView   *view)
{
  g_autofree char *need = tg_format_iso_readable (tg_record_get (referral, "need_identified_on"));
  g_autofree char *referred = tg_format_iso_readable (tg_record_get (referral, "referred_on"));
  g_autofree char *due = NULL;
  const char *status = tg_record_get (referral, "status");
  GDate due_date;
  TgTimeliness timeliness = tg_referral_timeliness (referral, today, &due_date);

  if (g_date_valid (&due_date))
    {
      g_autofree char *iso = tg_date_to_iso (&due_date);

      due = tg_format_iso_readable (iso);
    }
  view->title = g_strdup (tg_record_get (referral, "service") ?: _("A referral without a service"));
  /* Translators: the need's date, the due date, when referred (or a
   * dash) and the status. */
  view->subtitle = g_strdup_printf (_("Need %s · due %s · referred %s · %s"), need,
                                    due != NULL ? due : "?", *referred != '\0' ? referred : "—",
                                    status != NULL ? tg_choice_label (status) : _("Needed"));
  switch (timeliness)
    {
    case TG_TIMELINESS_DUE:
      view->badge = g_strdup (_("Due"));
      view->badge_style = "due";
      break;
    case TG_TIMELINESS_OVERDUE:
      view->badge = g_strdup (_("Overdue"));
      view->badge_style = "overdue";
      break;
    case TG_TIMELINESS_DONE:
      view->badge = g_strdup (_("Made on time"));
      view->badge_style = "done";
      break;
    case TG_TIMELINESS_LATE:
      view->badge = g_strdup (_("Made late"));
      view->badge_style = "late";
      break;
    case TG_TIMELINESS_NONE:
    default:
      break;
    }
}

static int
referral_compare (gconstpointer a,
                  gconstpointer b)
{
  const TgRecord *ra = *(TgRecord **) a;
  const TgRecord *rb = *(TgRecord **) b;

  /* Newest need first. */
  return g_strcmp0 (tg_record_get (rb, "need_identified_on"), tg_record_get (ra, "need_identified_on"));
}

static gboolean
referral_not_made (const TgRecord *referral)
{
  const char *status = tg_record_get (referral, "status");

  return tg_record_get (referral, "referred_on") == NULL &&
         (status == NULL || g_strcmp0 (status, "needed") == 0);
}

static const char * const referral_action_fields[] = { "referred_on", "status", NULL };
static const char * const referral_action_values[] = { "today", "referred", NULL };

static const TgRecordSectionSpec referral_spec = {
  .entity = "referral",
  .title = N_("Referrals"),
  .empty = N_("No referrals yet. A referral is due 14 days after the need was identified."),
  .add_title = N_("Add a _referral"),
  .add_subtitle = N_("The service, when the need was identified, when it is due"),
  .add_button = N_("Add re_ferral"),
  .form = referral_form,
  .n_form = G_N_ELEMENTS (referral_form),
  .required = referral_required,
  .describe = referral_describe,
  .compare = referral_compare,
  .form_changed = referral_form_changed,
  .complete = referral_complete,
  .action_label = N_("Referred today"),
  .action_applies = referral_not_made,
  .action_fields = referral_action_fields,
  .action_values = referral_action_values,
};

GtkWidget *
tg_referral_section_new (TgStoreService *service)
{
  return tg_record_section_new (service, &referral_spec);
}
