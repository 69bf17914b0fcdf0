/* Release planning rules. The thresholds and their sources are in
 * docs/field-workflows.md; the tests (tests/test-release-rules.c) walk
 * each one across weekends, bank holidays, month ends and leap days. */
#include "tg-release-rules.h"

#include <string.h>

#include "tg-care-rules.h"
#include "tg-dates.h"
#include "tg-rules-util.h"

const char *
tg_release_date_source_to_string (TgReleaseDateSource source)
{
  switch (source)
    {
    case TG_RELEASE_DATE_NONE:      return "none";
    case TG_RELEASE_DATE_CONFIRMED: return "confirmed";
    case TG_RELEASE_DATE_ARD:       return "ard";
    case TG_RELEASE_DATE_CRD:       return "crd";
    default:                        g_return_val_if_reached (NULL);
    }
}

TgReleaseDateSource
tg_release_plan_date (const TgRecord *plan,
                      GDate          *out_date)
{
  if (tg_rules_record_date (plan, "confirmed_release_date", out_date))
    return TG_RELEASE_DATE_CONFIRMED;
  if (tg_rules_record_date (plan, "ard", out_date))
    return TG_RELEASE_DATE_ARD;
  if (tg_rules_record_date (plan, "crd", out_date))
    return TG_RELEASE_DATE_CRD;
  return TG_RELEASE_DATE_NONE;
}

const char *
tg_earlier_reason_to_string (TgEarlierReason reason)
{
  switch (reason)
    {
    case TG_EARLIER_NO_DATE:                return "no_date";
    case TG_EARLIER_ORDINARY_DAY:           return "ordinary_day";
    case TG_EARLIER_NON_WORKING_DAY:        return "non_working_day";
    case TG_EARLIER_FRIDAY:                 return "friday";
    case TG_EARLIER_BEFORE_BANK_HOLIDAY:    return "before_bank_holiday";
    case TG_EARLIER_EXCLUDED_HDC:           return "hdc";
    case TG_EARLIER_EXCLUDED_INDETERMINATE: return "indeterminate";
    case TG_EARLIER_EXCLUDED_PAROLE_BOARD:  return "parole_board";
    case TG_EARLIER_SERVED_TOO_LITTLE:      return "served_under_28_days";
    default:                                g_return_val_if_reached (NULL);
    }
}

static gboolean
is_before_bank_holiday (const GDate *date)
{
  GDate next = *date;

  g_date_add_days (&next, 1);
  return tg_date_is_bank_holiday (&next);
}

void
tg_release_earlier (const GDate      *release_date,
                    const char       *release_type,
                    const GDate      *sentence_start,
                    TgEarlierRelease *out)
{
  TgEarlierReason day_reason;

  memset (out, 0, sizeof *out);
  g_date_clear (&out->release_date, 1);
  g_date_clear (&out->likely_date, 1);
  out->days_served = -1;

  if (release_date == NULL || !g_date_valid (release_date))
    {
      out->reason = TG_EARLIER_NO_DATE;
      return;
    }
  out->release_date = *release_date;
  out->likely_date = *release_date;
  if (sentence_start != NULL && g_date_valid (sentence_start))
    out->days_served = tg_rules_days_between (sentence_start, release_date);

  /* Nobody is released on a weekend or a bank holiday, whatever the
   * sentence: the release happens on the last working day before, so
   * neither the exclusions nor the 28 days apply to this move. */
  if (!tg_date_is_working_day (release_date))
    {
      out->likely = TRUE;
      out->reason = TG_EARLIER_NON_WORKING_DAY;
      tg_rules_last_working_day_before (release_date, &out->likely_date);
      return;
    }

  if (g_date_get_weekday (release_date) == G_DATE_FRIDAY)
    day_reason = TG_EARLIER_FRIDAY;
  else if (is_before_bank_holiday (release_date))
    day_reason = TG_EARLIER_BEFORE_BANK_HOLIDAY;
  else
    {
      out->reason = TG_EARLIER_ORDINARY_DAY;
      return;
    }

  /* Release on these terms is set by a licence decision or the Parole
   * Board for a given day, so the day-before practice does not apply. */
  if (g_strcmp0 (release_type, "hdc") == 0)
    out->reason = TG_EARLIER_EXCLUDED_HDC;
  else if (g_strcmp0 (release_type, "indeterminate") == 0)
    out->reason = TG_EARLIER_EXCLUDED_INDETERMINATE;
  else if (g_strcmp0 (release_type, "parole_board") == 0)
    out->reason = TG_EARLIER_EXCLUDED_PAROLE_BOARD;
  else if (out->days_served >= 0
           && out->days_served < TG_EARLIER_RELEASE_MIN_DAYS_SERVED)
    out->reason = TG_EARLIER_SERVED_TOO_LITTLE;
  else
    {
      /* An unknown sentence start is flagged: a mentor at the gate a day
       * early loses an hour, one a day late loses the person. */
      out->likely = TRUE;
      out->reason = day_reason;
      tg_rules_last_working_day_before (release_date, &out->likely_date);
    }
}

static char *
format_day (const GDate *date)
{
  char weekday[32];
  char month[32];

  /* Names in the reader's language; "%-d" would drop the leading zero but
   * is not in every C library. */
  g_date_strftime (weekday, sizeof weekday, "%A", date);
  g_date_strftime (month, sizeof month, "%B", date);
  return g_strdup_printf ("%s %u %s %u", weekday, (guint) g_date_get_day (date),
                          month, (guint) g_date_get_year (date));
}

char *
tg_earlier_release_describe (const TgEarlierRelease *earlier)
{
  g_autofree char *likely = NULL;
  const char *why;

  if (earlier->reason == TG_EARLIER_NO_DATE)
    return g_strdup ("No release date recorded.");
  if (!earlier->likely)
    {
      switch (earlier->reason)
        {
        case TG_EARLIER_EXCLUDED_HDC:
          return g_strdup ("Not earlier: home detention curfew releases keep their day.");
        case TG_EARLIER_EXCLUDED_INDETERMINATE:
          return g_strdup ("Not earlier: indeterminate sentence releases keep their day.");
        case TG_EARLIER_EXCLUDED_PAROLE_BOARD:
          return g_strdup ("Not earlier: Parole Board releases keep their day.");
        case TG_EARLIER_SERVED_TOO_LITTLE:
          return g_strdup_printf ("Not earlier: %d days served, fewer than %d.",
                                  earlier->days_served,
                                  TG_EARLIER_RELEASE_MIN_DAYS_SERVED);
        case TG_EARLIER_ORDINARY_DAY:
        case TG_EARLIER_NO_DATE:
        case TG_EARLIER_NON_WORKING_DAY:
        case TG_EARLIER_FRIDAY:
        case TG_EARLIER_BEFORE_BANK_HOLIDAY:
        default:
          return g_strdup ("Not earlier: an ordinary working day.");
        }
    }

  likely = format_day (&earlier->likely_date);
  switch (earlier->reason)
    {
    case TG_EARLIER_NON_WORKING_DAY:
      why = "No releases on a weekend or bank holiday";
      break;
    case TG_EARLIER_FRIDAY:
      why = "Friday release";
      break;
    case TG_EARLIER_BEFORE_BANK_HOLIDAY:
    case TG_EARLIER_NO_DATE:
    case TG_EARLIER_ORDINARY_DAY:
    case TG_EARLIER_EXCLUDED_HDC:
    case TG_EARLIER_EXCLUDED_INDETERMINATE:
    case TG_EARLIER_EXCLUDED_PAROLE_BOARD:
    case TG_EARLIER_SERVED_TOO_LITTLE:
    default:
      why = "Release the day before a bank holiday";
      break;
    }
  if (earlier->reason != TG_EARLIER_NON_WORKING_DAY && earlier->days_served < 0)
    return g_strdup_printf ("%s: likely out on %s, if at least %d days have been "
                            "served (the sentence start is not recorded).",
                            why, likely, TG_EARLIER_RELEASE_MIN_DAYS_SERVED);
  return g_strdup_printf ("%s: likely out on %s.", why, likely);
}

const char *
tg_release_prompt_to_string (TgReleasePrompt prompt)
{
  switch (prompt)
    {
    case TG_RELEASE_PROMPT_NONE:     return "none";
    case TG_RELEASE_PROMPT_12_WEEKS: return "12_weeks";
    case TG_RELEASE_PROMPT_14_DAYS:  return "14_days";
    case TG_RELEASE_PROMPT_2_DAYS:   return "2_days";
    case TG_RELEASE_PROMPT_RELEASED: return "released";
    default:                         g_return_val_if_reached (NULL);
    }
}

const char *
tg_release_prompt_action (TgReleasePrompt prompt)
{
  switch (prompt)
    {
    case TG_RELEASE_PROMPT_12_WEEKS:
      return "Start the release plan: accommodation, ID, bank account, "
             "Universal Credit and the community treatment referral.";
    case TG_RELEASE_PROMPT_14_DAYS:
      return "Book the appointments: community treatment within 21 days, "
             "probation, jobcentre; arrange the gate pickup.";
    case TG_RELEASE_PROMPT_2_DAYS:
      return "Confirm the release date, the pickup, the opioid substitution "
             "handover and naloxone.";
    case TG_RELEASE_PROMPT_NONE:
    case TG_RELEASE_PROMPT_RELEASED:
    default:
      return NULL;
    }
}

TgReleasePrompt
tg_release_prompt (const GDate *walk_out,
                   const GDate *today,
                   GDate       *out_since)
{
  static const struct {
    TgReleasePrompt prompt;
    gint            days;
  } steps[] = {
    /* Nearest first: the first step reached is the one that applies. */
    { TG_RELEASE_PROMPT_2_DAYS, TG_RELEASE_PROMPT_2_DAYS_DAYS },
    { TG_RELEASE_PROMPT_14_DAYS, TG_RELEASE_PROMPT_14_DAYS_DAYS },
    { TG_RELEASE_PROMPT_12_WEEKS, TG_RELEASE_PROMPT_12_WEEKS_DAYS },
  };
  gint days;

  if (out_since != NULL)
    g_date_clear (out_since, 1);
  if (walk_out == NULL || !g_date_valid (walk_out))
    return TG_RELEASE_PROMPT_NONE;

  days = tg_rules_days_between (today, walk_out);
  if (days < 0)
    {
      if (out_since != NULL)
        {
          *out_since = *walk_out;
          g_date_add_days (out_since, 1);
        }
      return TG_RELEASE_PROMPT_RELEASED;
    }
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (days <= steps[i].days)
      {
        if (out_since != NULL)
          {
            *out_since = *walk_out;
            g_date_subtract_days (out_since, steps[i].days);
          }
        return steps[i].prompt;
      }
  return TG_RELEASE_PROMPT_NONE;
}

void
tg_release_freshness (const TgRecord     *plan,
                      const GDate        *walk_out,
                      const GDate        *today,
                      TgReleaseFreshness *out)
{
  GDate confirmed_date;
  GDate week_start;
  gint days_to;

  memset (out, 0, sizeof *out);
  g_date_clear (&out->confirmed_on, 1);

  /* A confirmed_on without a confirmed date confirms nothing. */
  out->confirmed = tg_rules_record_date (plan, "confirmed_release_date", &confirmed_date)
                   && tg_rules_record_date (plan, "confirmed_on", &out->confirmed_on);
  if (out->confirmed)
    out->days_since_confirmed = tg_rules_days_between (&out->confirmed_on, today);
  else
    g_date_clear (&out->confirmed_on, 1);

  if (walk_out == NULL || !g_date_valid (walk_out))
    return;
  days_to = tg_rules_days_between (today, walk_out);
  out->in_final_week = days_to >= 0 && days_to <= TG_RELEASE_FRESHNESS_DAYS;
  if (!out->in_final_week)
    return;

  /* Dates move most in the last week (added days, HDC decisions, the
   * earlier-release practice), so a confirmation from before it is not
   * trusted on release day. */
  week_start = *walk_out;
  g_date_subtract_days (&week_start, TG_RELEASE_FRESHNESS_DAYS);
  out->stale = !out->confirmed
               || g_date_compare (&out->confirmed_on, &week_start) < 0;
}

const char *
tg_check_state_to_string (TgCheckState state)
{
  switch (state)
    {
    case TG_CHECK_MISSING:    return "missing";
    case TG_CHECK_DONE:       return "done";
    case TG_CHECK_NOT_NEEDED: return "not_needed";
    default:                  g_return_val_if_reached (NULL);
    }
}

static gboolean
is_true (const TgRecord *plan,
         const char     *field)
{
  return plan != NULL && g_strcmp0 (tg_record_get (plan, field), "true") == 0;
}

static gboolean
is_false (const TgRecord *plan,
          const char     *field)
{
  return plan != NULL && g_strcmp0 (tg_record_get (plan, field), "false") == 0;
}

static gboolean
is_set (const TgRecord *plan,
        const char     *field)
{
  return plan != NULL && tg_record_get (plan, field) != NULL;
}

static void
set_line (TgCheckLine   *line,
          TgCheckState   state,
          const char    *note)
{
  line->state = state;
  line->note = note;
}

static void
check_accommodation (const TgRecord *plan,
                     TgCheckLine    *line)
{
  gboolean nfa = is_true (plan, "no_fixed_abode");

  if (is_set (plan, "accommodation"))
    set_line (line, TG_CHECK_DONE, nfa ? "First night arranged; still of no fixed abode." : NULL);
  else if (nfa)
    set_line (line, TG_CHECK_MISSING, "No fixed abode and nowhere arranged for the first night.");
  else
    set_line (line, TG_CHECK_MISSING, NULL);
}

static void
check_treatment (const TgRecord *plan,
                 const GDate    *release_date,
                 TgCheckLine    *line)
{
  GDate appointment;
  GDate window_end;

  if (plan == NULL
      || !tg_rules_local_date (tg_record_get (plan, "treatment_appointment_at"), &appointment))
    {
      set_line (line, TG_CHECK_MISSING, NULL);
      return;
    }
  if (release_date == NULL || !g_date_valid (release_date))
    {
      set_line (line, TG_CHECK_DONE, NULL);
      return;
    }

  /* Booked is not enough when the booking cannot meet continuity of care:
   * the item stays open until the appointment is inside the window. */
  window_end = *release_date;
  g_date_add_days (&window_end, TG_CONTINUITY_OF_CARE_DAYS);
  if (g_date_compare (&appointment, release_date) < 0)
    set_line (line, TG_CHECK_MISSING, "The appointment is before the release date.");
  else if (g_date_compare (&appointment, &window_end) > 0)
    set_line (line, TG_CHECK_MISSING,
              "The appointment is more than 21 days after release; bring it forward.");
  else
    set_line (line, TG_CHECK_DONE, NULL);
}

static void
check_universal_credit (const TgRecord *plan,
                        TgCheckLine    *line)
{
  gboolean claim = is_true (plan, "universal_credit_claim");
  gboolean appointment = is_set (plan, "jobcentre_appointment_at");

  if (claim && appointment)
    set_line (line, TG_CHECK_DONE, NULL);
  else if (claim)
    set_line (line, TG_CHECK_MISSING, "Claim made; no jobcentre appointment yet.");
  else if (appointment)
    set_line (line, TG_CHECK_MISSING, "Jobcentre appointment booked; no claim made yet.");
  else
    set_line (line, TG_CHECK_MISSING, NULL);
}

static void
check_gate_pickup (const TgRecord *plan,
                   TgCheckLine    *line)
{
  const char *status = plan != NULL ? tg_record_get (plan, "pickup_status") : NULL;

  if (g_strcmp0 (status, "declined") == 0)
    set_line (line, TG_CHECK_NOT_NEEDED, "The person declined a gate pickup.");
  else if (is_set (plan, "pickup_mentor")
           && (g_strcmp0 (status, "arranged") == 0 || g_strcmp0 (status, "met") == 0))
    set_line (line, TG_CHECK_DONE, NULL);
  else if (is_set (plan, "pickup_mentor"))
    set_line (line, TG_CHECK_MISSING, "A mentor is named; the pickup is not arranged yet.");
  else
    set_line (line, TG_CHECK_MISSING, NULL);
}

guint
tg_release_checklist (const TgRecord *plan,
                      const GDate    *release_date,
                      TgCheckLine     out[TG_CHECK_N_ITEMS])
{
  static const struct {
    const char    *name;
    const char    *title;
    TgSensitivity  sensitivity;
  } items[TG_CHECK_N_ITEMS] = {
    [TG_CHECK_ACCOMMODATION] = { "accommodation", "First-night accommodation", TG_SENSITIVITY_RELEASE },
    [TG_CHECK_GP] = { "gp", "GP registration", TG_SENSITIVITY_CLINICAL },
    [TG_CHECK_TREATMENT_APPOINTMENT] = { "treatment_appointment", "Community treatment appointment", TG_SENSITIVITY_RELEASE },
    [TG_CHECK_OST_HANDOVER] = { "ost_handover", "Opioid substitution handover", TG_SENSITIVITY_CLINICAL },
    [TG_CHECK_NALOXONE] = { "naloxone", "Naloxone", TG_SENSITIVITY_CLINICAL },
    [TG_CHECK_ID_DOCUMENTS] = { "id_documents", "ID documents", TG_SENSITIVITY_RELEASE },
    [TG_CHECK_BANK_ACCOUNT] = { "bank_account", "Bank account", TG_SENSITIVITY_RELEASE },
    [TG_CHECK_UNIVERSAL_CREDIT] = { "universal_credit", "Universal Credit claim and jobcentre appointment", TG_SENSITIVITY_RELEASE },
    [TG_CHECK_PROBATION_APPOINTMENT] = { "probation_appointment", "First probation appointment", TG_SENSITIVITY_RELEASE },
    [TG_CHECK_LICENCE_CONDITIONS] = { "licence_conditions", "Licence conditions", TG_SENSITIVITY_RELEASE },
    [TG_CHECK_GATE_PICKUP] = { "gate_pickup", "Gate pickup", TG_SENSITIVITY_RELEASE },
  };
  gboolean no_licence = is_false (plan, "on_licence");
  guint missing = 0;

  for (guint i = 0; i < TG_CHECK_N_ITEMS; i++)
    {
      out[i].item = (TgCheckItem) i;
      out[i].name = items[i].name;
      out[i].title = items[i].title;
      out[i].sensitivity = items[i].sensitivity;
      set_line (&out[i], TG_CHECK_MISSING, NULL);
    }

  check_accommodation (plan, &out[TG_CHECK_ACCOMMODATION]);

  if (is_true (plan, "gp_registered"))
    set_line (&out[TG_CHECK_GP], TG_CHECK_DONE, NULL);

  check_treatment (plan, release_date, &out[TG_CHECK_TREATMENT_APPOINTMENT]);

  if (is_false (plan, "ost_needed"))
    set_line (&out[TG_CHECK_OST_HANDOVER], TG_CHECK_NOT_NEEDED,
              "Not on opioid substitution treatment.");
  else if (is_set (plan, "ost_handover"))
    set_line (&out[TG_CHECK_OST_HANDOVER], TG_CHECK_DONE, NULL);
  else if (!is_true (plan, "ost_needed"))
    set_line (&out[TG_CHECK_OST_HANDOVER], TG_CHECK_MISSING,
              "Record whether a handover is needed.");

  /* The duty is to offer naloxone; an offer declined is done. */
  if (is_true (plan, "naloxone_supplied"))
    set_line (&out[TG_CHECK_NALOXONE], TG_CHECK_DONE, NULL);
  else if (is_true (plan, "naloxone_declined"))
    set_line (&out[TG_CHECK_NALOXONE], TG_CHECK_DONE, "Offered and declined.");

  if (is_set (plan, "id_documents"))
    set_line (&out[TG_CHECK_ID_DOCUMENTS], TG_CHECK_DONE, NULL);
  if (is_true (plan, "bank_account"))
    set_line (&out[TG_CHECK_BANK_ACCOUNT], TG_CHECK_DONE, NULL);

  check_universal_credit (plan, &out[TG_CHECK_UNIVERSAL_CREDIT]);

  if (no_licence)
    {
      set_line (&out[TG_CHECK_PROBATION_APPOINTMENT], TG_CHECK_NOT_NEEDED, "Not on licence.");
      set_line (&out[TG_CHECK_LICENCE_CONDITIONS], TG_CHECK_NOT_NEEDED, "Not on licence.");
    }
  else
    {
      if (is_set (plan, "probation_appointment_at"))
        set_line (&out[TG_CHECK_PROBATION_APPOINTMENT], TG_CHECK_DONE, NULL);
      if (is_set (plan, "licence_conditions"))
        set_line (&out[TG_CHECK_LICENCE_CONDITIONS], TG_CHECK_DONE, NULL);
    }

  check_gate_pickup (plan, &out[TG_CHECK_GATE_PICKUP]);

  for (guint i = 0; i < TG_CHECK_N_ITEMS; i++)
    if (out[i].state == TG_CHECK_MISSING)
      missing++;
  return missing;
}

void
tg_release_status (const TgRecord  *plan,
                   const GDate     *today,
                   TgReleaseStatus *out)
{
  GDate sentence_start;
  GDate *start = NULL;

  memset (out, 0, sizeof *out);
  g_date_clear (&out->release_date, 1);
  g_date_clear (&out->walk_out, 1);

  out->source = tg_release_plan_date (plan, &out->release_date);
  if (tg_rules_record_date (plan, "sentence_start", &sentence_start))
    start = &sentence_start;
  tg_release_earlier (out->source != TG_RELEASE_DATE_NONE ? &out->release_date : NULL,
                      plan != NULL ? tg_record_get (plan, "release_type") : NULL,
                      start, &out->earlier);

  out->released = tg_rules_record_date (plan, "released_on", &out->released_on)
                  && g_date_compare (&out->released_on, today) <= 0;
  if (out->released)
    out->walk_out = out->released_on;
  else
    {
      g_date_clear (&out->released_on, 1);
      out->walk_out = out->earlier.likely_date;
    }

  if (g_date_valid (&out->walk_out))
    out->days_to_release = tg_rules_days_between (today, &out->walk_out);
  out->prompt = tg_release_prompt (&out->walk_out, today, &out->prompt_since);
  tg_release_freshness (plan, out->released ? NULL : &out->walk_out, today,
                        &out->freshness);
  out->n_missing = tg_release_checklist (plan,
                                         out->released ? &out->released_on : &out->release_date,
                                         out->checklist);
}

void
tg_gate_entry_earlier_release (const TgGateEntry *entry,
                               TgEarlierRelease  *out)
{
  GDate release_date;
  GDate sentence_start;
  gboolean dated = entry->release_date != NULL
                   && tg_date_parse_iso (entry->release_date, &release_date);
  gboolean started = entry->sentence_start != NULL
                     && tg_date_parse_iso (entry->sentence_start, &sentence_start);

  tg_release_earlier (dated ? &release_date : NULL, entry->release_type,
                      started ? &sentence_start : NULL, out);
}
