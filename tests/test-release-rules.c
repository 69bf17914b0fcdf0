/* Release planning rules: the earlier-release rule across weekends, bank
 * holidays (Good Friday, the Christmas substitute days of 2026 and 2027,
 * the New Year substitute of 2028), month and year ends, the leap day of
 * 2028 and the 28-day boundary; the countdown prompts; the freshness of a
 * confirmed date; and the checklist. Every expected date below was worked
 * out on a calendar and is written next to its weekday. */

#include "tg-release-rules.h"
#include "tg-rules-test.h"

typedef struct {
  const char      *name;
  const char      *release_date;     /* NULL: none */
  const char      *release_type;     /* NULL: not recorded */
  const char      *sentence_start;   /* NULL: not recorded */
  gboolean         likely;
  TgEarlierReason  reason;
  const char      *likely_date;      /* NULL: none */
  gint             days_served;
} EarlierCase;

static const EarlierCase earlier_cases[] = {
  /* Fridays and ordinary days. */
  { "friday", "2026-11-27", "standard", "2026-09-01", TRUE, TG_EARLIER_FRIDAY, "2026-11-26", 87 },
  { "thursday-ordinary", "2026-11-26", "standard", "2026-09-01", FALSE, TG_EARLIER_ORDINARY_DAY, "2026-11-26", 86 },
  { "type-not-recorded", "2026-11-27", NULL, "2026-09-01", TRUE, TG_EARLIER_FRIDAY, "2026-11-26", 87 },
  { "month-end-friday", "2026-07-31", "standard", "2026-01-01", TRUE, TG_EARLIER_FRIDAY, "2026-07-30", 211 },
  { "year-end-friday", "2027-12-31", "standard", "2027-06-01", TRUE, TG_EARLIER_FRIDAY, "2027-12-30", 213 },
  /* Thursday 30 December 2027: Friday 31st is not a bank holiday. */
  { "year-end-thursday", "2027-12-30", "standard", "2027-06-01", FALSE, TG_EARLIER_ORDINARY_DAY, "2027-12-30", 212 },
  /* Easter 2026: Good Friday 3 April, Easter Monday 6 April. */
  { "before-good-friday", "2026-04-02", "standard", "2026-01-05", TRUE, TG_EARLIER_BEFORE_BANK_HOLIDAY, "2026-04-01", 87 },
  { "good-friday", "2026-04-03", "standard", "2026-01-05", TRUE, TG_EARLIER_NON_WORKING_DAY, "2026-04-02", 88 },
  { "easter-monday", "2026-04-06", "standard", "2026-01-05", TRUE, TG_EARLIER_NON_WORKING_DAY, "2026-04-02", 91 },
  /* Easter 2028: Good Friday 14 April. */
  { "before-good-friday-2028", "2028-04-13", "standard", "2028-01-03", TRUE, TG_EARLIER_BEFORE_BANK_HOLIDAY, "2028-04-12", 101 },
  /* Summer bank holiday 2026 is Monday 31 August, a month end. */
  { "friday-before-bank-holiday-monday", "2026-08-28", "standard", "2026-05-01", TRUE, TG_EARLIER_FRIDAY, "2026-08-27", 119 },
  { "summer-bank-holiday", "2026-08-31", "standard", "2026-05-01", TRUE, TG_EARLIER_NON_WORKING_DAY, "2026-08-28", 122 },
  /* Christmas 2026: Friday 25th, Boxing Day substitute Monday 28th. */
  { "christmas-eve-2026", "2026-12-24", "standard", "2026-09-01", TRUE, TG_EARLIER_BEFORE_BANK_HOLIDAY, "2026-12-23", 114 },
  { "boxing-day-substitute-2026", "2026-12-28", "standard", "2026-09-01", TRUE, TG_EARLIER_NON_WORKING_DAY, "2026-12-24", 118 },
  /* Thursday 31 December 2026: New Year's Day 2027 is a Friday. */
  { "new-year-eve-2026", "2026-12-31", "standard", "2026-09-01", TRUE, TG_EARLIER_BEFORE_BANK_HOLIDAY, "2026-12-30", 121 },
  /* Christmas 2027: substitutes Monday 27th and Tuesday 28th. */
  { "christmas-eve-2027", "2027-12-24", "standard", "2027-09-01", TRUE, TG_EARLIER_FRIDAY, "2027-12-23", 114 },
  { "christmas-substitute-2027", "2027-12-27", "standard", "2027-09-01", TRUE, TG_EARLIER_NON_WORKING_DAY, "2027-12-24", 117 },
  { "boxing-day-substitute-2027", "2027-12-28", "standard", "2027-09-01", TRUE, TG_EARLIER_NON_WORKING_DAY, "2027-12-24", 118 },
  { "after-christmas-2027", "2027-12-29", "standard", "2027-09-01", FALSE, TG_EARLIER_ORDINARY_DAY, "2027-12-29", 119 },
  /* New Year 2028: substitute Monday 3 January, back across the year end. */
  { "new-year-substitute-2028", "2028-01-03", "standard", "2027-09-01", TRUE, TG_EARLIER_NON_WORKING_DAY, "2027-12-31", 124 },
  /* Leap day 2028 is a Tuesday: an ordinary day. */
  { "leap-day", "2028-02-29", "standard", "2027-12-01", FALSE, TG_EARLIER_ORDINARY_DAY, "2028-02-29", 90 },
  /* The 28-day boundary: the day of release minus the first day. */
  { "served-28-days", "2026-11-27", "standard", "2026-10-30", TRUE, TG_EARLIER_FRIDAY, "2026-11-26", 28 },
  { "served-27-days", "2026-11-27", "standard", "2026-10-31", FALSE, TG_EARLIER_SERVED_TOO_LITTLE, "2026-11-27", 27 },
  /* Across the leap day: 4 February to Friday 3 March 2028 is 28 days. */
  { "served-28-days-over-leap-day", "2028-03-03", "standard", "2028-02-04", TRUE, TG_EARLIER_FRIDAY, "2028-03-02", 28 },
  { "served-27-days-over-leap-day", "2028-03-03", "standard", "2028-02-05", FALSE, TG_EARLIER_SERVED_TOO_LITTLE, "2028-03-03", 27 },
  { "served-unknown", "2026-11-27", "standard", NULL, TRUE, TG_EARLIER_FRIDAY, "2026-11-26", -1 },
  /* Exclusions, on a Friday and before a bank holiday. */
  { "hdc-friday", "2026-11-27", "hdc", "2026-09-01", FALSE, TG_EARLIER_EXCLUDED_HDC, "2026-11-27", 87 },
  { "indeterminate-friday", "2026-11-27", "indeterminate", "2020-09-01", FALSE, TG_EARLIER_EXCLUDED_INDETERMINATE, "2026-11-27", 2278 },
  { "parole-before-good-friday", "2026-04-02", "parole_board", "2022-01-05", FALSE, TG_EARLIER_EXCLUDED_PAROLE_BOARD, "2026-04-02", 1548 },
  /* Nobody is released at a weekend: the move is not an exclusion case. */
  { "hdc-saturday", "2026-10-31", "hdc", "2026-09-01", TRUE, TG_EARLIER_NON_WORKING_DAY, "2026-10-30", 60 },
  { "saturday-served-little", "2026-10-31", "standard", "2026-10-20", TRUE, TG_EARLIER_NON_WORKING_DAY, "2026-10-30", 11 },
  { "sunday-month-end", "2027-02-28", "standard", "2026-12-01", TRUE, TG_EARLIER_NON_WORKING_DAY, "2027-02-26", 89 },
  { "no-date", NULL, "standard", "2026-09-01", FALSE, TG_EARLIER_NO_DATE, NULL, -1 },
};

static void
test_earlier_release (gconstpointer data)
{
  const EarlierCase *c = data;
  GDate release = tg_rules_test_date (c->release_date);
  GDate start = tg_rules_test_date (c->sentence_start);
  TgEarlierRelease earlier;
  g_autofree char *text = NULL;

  tg_release_earlier (c->release_date != NULL ? &release : NULL, c->release_type,
                      c->sentence_start != NULL ? &start : NULL, &earlier);
  g_assert_cmpstr (tg_earlier_reason_to_string (earlier.reason), ==,
                   tg_earlier_reason_to_string (c->reason));
  g_assert_cmpint (earlier.likely, ==, c->likely);
  tg_rules_test_assert_date (&earlier.likely_date, c->likely_date);
  g_assert_cmpint (earlier.days_served, ==, c->days_served);

  text = tg_earlier_release_describe (&earlier);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, "."));
}

typedef struct {
  const char      *name;
  const char      *walk_out;
  const char      *today;
  TgReleasePrompt  prompt;
  const char      *since;
} PromptCase;

static const PromptCase prompt_cases[] = {
  /* Walking out on Thursday 26 November 2026. */
  { "85-days", "2026-11-26", "2026-09-02", TG_RELEASE_PROMPT_NONE, NULL },
  { "84-days", "2026-11-26", "2026-09-03", TG_RELEASE_PROMPT_12_WEEKS, "2026-09-03" },
  { "15-days", "2026-11-26", "2026-11-11", TG_RELEASE_PROMPT_12_WEEKS, "2026-09-03" },
  { "14-days", "2026-11-26", "2026-11-12", TG_RELEASE_PROMPT_14_DAYS, "2026-11-12" },
  { "3-days", "2026-11-26", "2026-11-23", TG_RELEASE_PROMPT_14_DAYS, "2026-11-12" },
  { "2-days", "2026-11-26", "2026-11-24", TG_RELEASE_PROMPT_2_DAYS, "2026-11-24" },
  { "release-day", "2026-11-26", "2026-11-26", TG_RELEASE_PROMPT_2_DAYS, "2026-11-24" },
  { "day-after", "2026-11-26", "2026-11-27", TG_RELEASE_PROMPT_RELEASED, "2026-11-27" },
  /* Wednesday 1 March 2028: the 84 and 14 days count the leap day. */
  { "leap-84-days", "2028-03-01", "2027-12-08", TG_RELEASE_PROMPT_12_WEEKS, "2027-12-08" },
  { "leap-15-days", "2028-03-01", "2028-02-15", TG_RELEASE_PROMPT_12_WEEKS, "2027-12-08" },
  { "leap-14-days", "2028-03-01", "2028-02-16", TG_RELEASE_PROMPT_14_DAYS, "2028-02-16" },
  { "leap-2-days", "2028-03-01", "2028-02-28", TG_RELEASE_PROMPT_2_DAYS, "2028-02-28" },
  { "leap-3-days", "2028-03-01", "2028-02-27", TG_RELEASE_PROMPT_14_DAYS, "2028-02-16" },
  /* Monday 4 January 2027: 14 days before is back in 2026. */
  { "year-end-14-days", "2027-01-04", "2026-12-21", TG_RELEASE_PROMPT_14_DAYS, "2026-12-21" },
  { "no-date", NULL, "2026-11-26", TG_RELEASE_PROMPT_NONE, NULL },
};

static void
test_prompt (gconstpointer data)
{
  const PromptCase *c = data;
  GDate walk_out = tg_rules_test_date (c->walk_out);
  GDate today = tg_rules_test_date (c->today);
  GDate since;
  TgReleasePrompt prompt;

  prompt = tg_release_prompt (&walk_out, &today, &since);
  g_assert_cmpstr (tg_release_prompt_to_string (prompt), ==,
                   tg_release_prompt_to_string (c->prompt));
  tg_rules_test_assert_date (&since, c->since);
  g_assert_true ((tg_release_prompt_action (prompt) != NULL)
                 == (prompt != TG_RELEASE_PROMPT_NONE && prompt != TG_RELEASE_PROMPT_RELEASED));
}

typedef struct {
  const char *name;
  const char *confirmed_date;   /* NULL: none */
  const char *confirmed_on;     /* NULL: none */
  const char *walk_out;
  const char *today;
  gboolean    confirmed;
  gint        days_since;       /* when confirmed */
  gboolean    in_final_week;
  gboolean    stale;
} FreshnessCase;

static const FreshnessCase freshness_cases[] = {
  /* Walking out Thursday 26 November 2026: the final week starts on
   * Thursday 19 November. */
  { "8-days-before", "2026-11-26", "2026-11-01", "2026-11-26", "2026-11-18", TRUE, 17, FALSE, FALSE },
  { "week-starts-old", "2026-11-26", "2026-11-18", "2026-11-26", "2026-11-19", TRUE, 1, TRUE, TRUE },
  { "week-starts-fresh", "2026-11-26", "2026-11-19", "2026-11-26", "2026-11-19", TRUE, 0, TRUE, FALSE },
  { "release-day-fresh", "2026-11-26", "2026-11-19", "2026-11-26", "2026-11-26", TRUE, 7, TRUE, FALSE },
  { "release-day-old", "2026-11-26", "2026-11-18", "2026-11-26", "2026-11-26", TRUE, 8, TRUE, TRUE },
  { "never-confirmed-final-week", NULL, NULL, "2026-11-26", "2026-11-20", FALSE, 0, TRUE, TRUE },
  { "never-confirmed-early", NULL, NULL, "2026-11-26", "2026-11-10", FALSE, 0, FALSE, FALSE },
  { "confirmed-on-without-date", NULL, "2026-11-24", "2026-11-26", "2026-11-25", FALSE, 0, TRUE, TRUE },
  { "after-release", "2026-11-26", "2026-11-01", "2026-11-26", "2026-11-27", TRUE, 26, FALSE, FALSE },
  /* Tuesday 1 December 2026: the week starts on 24 November, last month. */
  { "month-end-old", "2026-12-01", "2026-11-23", "2026-12-01", "2026-11-30", TRUE, 7, TRUE, TRUE },
  { "month-end-fresh", "2026-12-01", "2026-11-24", "2026-12-01", "2026-11-30", TRUE, 6, TRUE, FALSE },
  /* Friday 3 March 2028: the week starts on 25 February, before the leap day. */
  { "leap-old", "2028-03-03", "2028-02-24", "2028-03-03", "2028-03-01", TRUE, 6, TRUE, TRUE },
  { "leap-fresh", "2028-03-03", "2028-02-25", "2028-03-03", "2028-03-01", TRUE, 5, TRUE, FALSE },
};

static void
test_freshness (gconstpointer data)
{
  const FreshnessCase *c = data;
  g_autoptr(TgRecord) plan = NULL;
  GDate walk_out = tg_rules_test_date (c->walk_out);
  GDate today = tg_rules_test_date (c->today);
  TgReleaseFreshness freshness;

  plan = tg_rules_test_record ("release_plan", NULL,
                               "confirmed_release_date", c->confirmed_date,
                               "confirmed_on", c->confirmed_on,
                               NULL);
  tg_release_freshness (plan, &walk_out, &today, &freshness);
  g_assert_cmpint (freshness.confirmed, ==, c->confirmed);
  if (c->confirmed)
    g_assert_cmpint (freshness.days_since_confirmed, ==, c->days_since);
  g_assert_cmpint (freshness.in_final_week, ==, c->in_final_week);
  g_assert_cmpint (freshness.stale, ==, c->stale);
}

/* The checklist: one letter per item in TgCheckItem order —
 * accommodation, gp, treatment, ost, naloxone, id, bank, universal
 * credit, probation, licence, pickup — d done, m missing, n not needed. */
typedef struct {
  const char *name;
  const char *release_date;
  const char *fields[32];
  const char *expected;
  TgCheckItem noted;            /* an item whose note must be set... */
  const char *note_contains;    /* ...and hold this, or NULL */
} ChecklistCase;

#define FULL_PLAN \
  "accommodation", "Hostel, Sneinton", \
  "gp_registered", "true", \
  "treatment_appointment_at", "2026-11-30T10:00:00Z", \
  "ost_handover", "Methadone 60 ml, pharmacy on Carlton Road", \
  "naloxone_supplied", "true", \
  "id_documents", "Birth certificate", \
  "bank_account", "true", \
  "universal_credit_claim", "true", \
  "jobcentre_appointment_at", "2026-12-01T09:30:00Z", \
  "probation_appointment_at", "2026-11-27T14:00:00Z", \
  "licence_conditions", "Reside at the approved address", \
  "pickup_mentor", "Pat Mentor", \
  "pickup_status", "arranged"

static const ChecklistCase checklist_cases[] = {
  { "empty", "2026-11-27", { NULL }, "mmmmmmmmmmm", TG_CHECK_N_ITEMS, NULL },
  { "full", "2026-11-27", { FULL_PLAN, NULL }, "ddddddddddd", TG_CHECK_N_ITEMS, NULL },
  { "nfa-nowhere", "2026-11-27", { "no_fixed_abode", "true", NULL }, "mmmmmmmmmmm",
    TG_CHECK_ACCOMMODATION, "No fixed abode" },
  { "nfa-shelter", "2026-11-27", { "no_fixed_abode", "true", "accommodation", "Night shelter", NULL },
    "dmmmmmmmmmm", TG_CHECK_ACCOMMODATION, "no fixed abode" },
  { "gp-false", "2026-11-27", { "gp_registered", "false", NULL }, "mmmmmmmmmmm", TG_CHECK_N_ITEMS, NULL },
  { "no-ost", "2026-11-27", { "ost_needed", "false", NULL }, "mmmnmmmmmmm", TG_CHECK_OST_HANDOVER, "Not on" },
  { "ost-needed", "2026-11-27", { "ost_needed", "true", NULL }, "mmmmmmmmmmm", TG_CHECK_N_ITEMS, NULL },
  { "ost-unknown", "2026-11-27", { NULL }, "mmmmmmmmmmm", TG_CHECK_OST_HANDOVER, "Record whether" },
  { "naloxone-declined", "2026-11-27", { "naloxone_declined", "true", NULL }, "mmmmdmmmmmm",
    TG_CHECK_NALOXONE, "declined" },
  { "naloxone-not-supplied", "2026-11-27", { "naloxone_supplied", "false", NULL }, "mmmmmmmmmmm", TG_CHECK_N_ITEMS, NULL },
  { "no-licence", "2026-11-27", { "on_licence", "false", "licence_conditions", "", NULL }, "mmmmmmmmnnm",
    TG_CHECK_PROBATION_APPOINTMENT, "Not on licence" },
  { "claim-only", "2026-11-27", { "universal_credit_claim", "true", NULL }, "mmmmmmmmmmm",
    TG_CHECK_UNIVERSAL_CREDIT, "no jobcentre" },
  { "jobcentre-only", "2026-11-27", { "jobcentre_appointment_at", "2026-12-01T09:30:00Z", NULL }, "mmmmmmmmmmm",
    TG_CHECK_UNIVERSAL_CREDIT, "no claim" },
  { "pickup-declined", "2026-11-27", { "pickup_status", "declined", NULL }, "mmmmmmmmmmn", TG_CHECK_GATE_PICKUP, "declined" },
  { "mentor-not-arranged", "2026-11-27", { "pickup_mentor", "Pat Mentor", NULL }, "mmmmmmmmmmm",
    TG_CHECK_GATE_PICKUP, "not arranged" },
  { "pickup-met", "2026-11-27", { "pickup_mentor", "Pat Mentor", "pickup_status", "met", NULL }, "mmmmmmmmmmd",
    TG_CHECK_N_ITEMS, NULL },
  /* Released Friday 27 November 2026: day 21 is Friday 18 December. */
  { "treatment-day-21", "2026-11-27", { "treatment_appointment_at", "2026-12-18T10:00:00Z", NULL }, "mmdmmmmmmmm",
    TG_CHECK_N_ITEMS, NULL },
  { "treatment-day-22", "2026-11-27", { "treatment_appointment_at", "2026-12-19T10:00:00Z", NULL }, "mmmmmmmmmmm",
    TG_CHECK_TREATMENT_APPOINTMENT, "more than 21 days" },
  { "treatment-before-release", "2026-11-27", { "treatment_appointment_at", "2026-11-26T10:00:00Z", NULL },
    "mmmmmmmmmmm", TG_CHECK_TREATMENT_APPOINTMENT, "before the release" },
  /* Released Wednesday 1 July 2026: day 21 is Wednesday 22 July. At
   * 23:30 UTC in summer it is already the next day in England. */
  { "treatment-bst-day-21", "2026-07-01", { "treatment_appointment_at", "2026-07-21T23:30:00Z", NULL }, "mmdmmmmmmmm",
    TG_CHECK_N_ITEMS, NULL },
  { "treatment-bst-day-22", "2026-07-01", { "treatment_appointment_at", "2026-07-22T23:30:00Z", NULL }, "mmmmmmmmmmm",
    TG_CHECK_TREATMENT_APPOINTMENT, "more than 21 days" },
  { "treatment-no-release-date", NULL, { "treatment_appointment_at", "2026-12-19T10:00:00Z", NULL }, "mmdmmmmmmmm",
    TG_CHECK_N_ITEMS, NULL },
};

static void
test_checklist (gconstpointer data)
{
  const ChecklistCase *c = data;
  g_autoptr(TgRecord) plan = NULL;
  GDate release = tg_rules_test_date (c->release_date);
  TgCheckLine lines[TG_CHECK_N_ITEMS];
  char states[TG_CHECK_N_ITEMS + 1] = { 0 };
  guint missing;
  guint expected_missing = 0;

  /* An empty value stands for a field cleared by a write: NULL. */
  plan = tg_rules_test_record_v ("release_plan", c->fields);
  for (guint i = 0; i < plan->entity->n_fields; i++)
    if (g_strcmp0 (plan->values[i], "") == 0)
      g_clear_pointer (&plan->values[i], g_free);

  missing = tg_release_checklist (plan, c->release_date != NULL ? &release : NULL, lines);
  for (guint i = 0; i < TG_CHECK_N_ITEMS; i++)
    {
      g_assert_cmpint (lines[i].item, ==, i);
      states[i] = tg_check_state_to_string (lines[i].state)[0];
      if (lines[i].state == TG_CHECK_MISSING)
        expected_missing++;
    }
  g_assert_cmpstr (states, ==, c->expected);
  g_assert_cmpuint (missing, ==, expected_missing);
  if (c->note_contains != NULL)
    {
      g_assert_nonnull (lines[c->noted].note);
      g_assert_nonnull (strstr (lines[c->noted].note, c->note_contains));
    }
}

/* A NULL plan is a plan with nothing in it. */
static void
test_checklist_no_plan (void)
{
  TgCheckLine lines[TG_CHECK_N_ITEMS];

  g_assert_cmpuint (tg_release_checklist (NULL, NULL, lines), ==, TG_CHECK_N_ITEMS);
  /* Clinical items are marked so a mentor's device can leave them out. */
  g_assert_cmpint (lines[TG_CHECK_GP].sensitivity, ==, TG_SENSITIVITY_CLINICAL);
  g_assert_cmpint (lines[TG_CHECK_OST_HANDOVER].sensitivity, ==, TG_SENSITIVITY_CLINICAL);
  g_assert_cmpint (lines[TG_CHECK_NALOXONE].sensitivity, ==, TG_SENSITIVITY_CLINICAL);
  g_assert_cmpint (lines[TG_CHECK_GATE_PICKUP].sensitivity, ==, TG_SENSITIVITY_RELEASE);
}

/* The whole status counts down to the likely day, not the recorded one:
 * release recorded Friday 27 November 2026, likely Thursday 26th. */
static void
test_status_counts_to_walk_out (void)
{
  g_autoptr(TgRecord) plan = NULL;
  GDate today = tg_rules_test_date ("2026-11-24");
  TgReleaseStatus status;

  plan = tg_rules_test_record ("release_plan", NULL,
                               "crd", "2026-12-04",
                               "confirmed_release_date", "2026-11-27",
                               "confirmed_on", "2026-11-18",
                               "sentence_start", "2026-06-01",
                               "release_type", "standard",
                               FULL_PLAN,
                               NULL);
  tg_release_status (plan, &today, &status);
  g_assert_cmpint (status.source, ==, TG_RELEASE_DATE_CONFIRMED);
  tg_rules_test_assert_date (&status.release_date, "2026-11-27");
  g_assert_true (status.earlier.likely);
  tg_rules_test_assert_date (&status.walk_out, "2026-11-26");
  g_assert_cmpint (status.days_to_release, ==, 2);
  g_assert_cmpint (status.prompt, ==, TG_RELEASE_PROMPT_2_DAYS);
  tg_rules_test_assert_date (&status.prompt_since, "2026-11-24");
  /* The final week before Thursday starts on the 19th; the 18th is older. */
  g_assert_true (status.freshness.stale);
  g_assert_cmpint (status.freshness.days_since_confirmed, ==, 6);
  g_assert_cmpuint (status.n_missing, ==, 0);
  g_assert_false (status.released);
}

/* Once released, the countdown stops and the actual day counts. */
static void
test_status_released (void)
{
  g_autoptr(TgRecord) plan = NULL;
  GDate today = tg_rules_test_date ("2026-12-01");
  TgReleaseStatus status;

  plan = tg_rules_test_record ("release_plan", NULL,
                               "ard", "2026-11-27",
                               "released_on", "2026-11-25",
                               NULL);
  tg_release_status (plan, &today, &status);
  g_assert_cmpint (status.source, ==, TG_RELEASE_DATE_ARD);
  g_assert_true (status.released);
  tg_rules_test_assert_date (&status.walk_out, "2026-11-25");
  g_assert_cmpint (status.days_to_release, ==, -6);
  g_assert_cmpint (status.prompt, ==, TG_RELEASE_PROMPT_RELEASED);
  g_assert_false (status.freshness.stale);
  g_assert_cmpuint (status.n_missing, ==, TG_CHECK_N_ITEMS);
}

static void
test_status_no_date (void)
{
  g_autoptr(TgRecord) plan = tg_rules_test_record ("release_plan", NULL, "gate", "Gate 2", NULL);
  GDate today = tg_rules_test_date ("2026-12-01");
  TgReleaseStatus status;

  tg_release_status (plan, &today, &status);
  g_assert_cmpint (status.source, ==, TG_RELEASE_DATE_NONE);
  g_assert_false (g_date_valid (&status.walk_out));
  g_assert_cmpint (status.prompt, ==, TG_RELEASE_PROMPT_NONE);
  g_assert_false (status.freshness.stale);
  g_assert_cmpint (status.earlier.reason, ==, TG_EARLIER_NO_DATE);
}

/* ARD before CRD; a confirmed date before both. */
static void
test_release_date_source (void)
{
  g_autoptr(TgRecord) crd = tg_rules_test_record ("release_plan", NULL, "crd", "2027-01-08", NULL);
  g_autoptr(TgRecord) ard = tg_rules_test_record ("release_plan", NULL, "crd", "2027-01-08",
                                                  "ard", "2027-01-06", NULL);
  GDate date;

  g_assert_cmpint (tg_release_plan_date (crd, &date), ==, TG_RELEASE_DATE_CRD);
  tg_rules_test_assert_date (&date, "2027-01-08");
  g_assert_cmpint (tg_release_plan_date (ard, &date), ==, TG_RELEASE_DATE_ARD);
  tg_rules_test_assert_date (&date, "2027-01-06");
  g_assert_cmpint (tg_release_plan_date (NULL, &date), ==, TG_RELEASE_DATE_NONE);
  g_assert_false (g_date_valid (&date));
}

/* The fields the rules added in schema 4 and their classes: a mentor
 * holds identity and release only, so nothing about treatment may be in
 * those two (docs/field-workflows.md, "Schema version 4"). */
static void
test_schema_classes (void)
{
  const struct {
    const char    *entity;
    const char    *field;
    TgSensitivity  expected;
  } fields[] = {
    { "client", "treatment_start", TG_SENSITIVITY_CLINICAL },
    { "client", "treatment_end", TG_SENSITIVITY_CLINICAL },
    { "client", "care_coordinator", TG_SENSITIVITY_CLINICAL },
    { "client", "restriction_on_bail_on", TG_SENSITIVITY_CLINICAL },
    { "client", "remanded_at", TG_SENSITIVITY_IDENTITY },
    { "release_plan", "sentence_start", TG_SENSITIVITY_RELEASE },
    { "release_plan", "released_on", TG_SENSITIVITY_RELEASE },
    { "release_plan", "on_licence", TG_SENSITIVITY_RELEASE },
    { "release_plan", "ost_needed", TG_SENSITIVITY_CLINICAL },
    { "release_plan", "naloxone_declined", TG_SENSITIVITY_CLINICAL },
    { "release_plan", "treatment_engaged_on", TG_SENSITIVITY_CLINICAL },
    { "care_plan", "review_interval_days", TG_SENSITIVITY_CLINICAL },
    { "care_plan", "last_reviewed_on", TG_SENSITIVITY_CLINICAL },
  };
  const TgEntityDef *contact = tg_schema_lookup_entity ("contact");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const TgFieldDef *field = tg_schema_lookup_field (tg_schema_lookup_entity (fields[i].entity),
                                                        fields[i].field);

      g_assert_nonnull (field);
      g_assert_cmpint (field->sensitivity, ==, fields[i].expected);
      g_assert_cmpuint (tg_field_since_schema (field), ==, 4);
    }

  g_assert_nonnull (contact);
  g_assert_cmpuint (contact->since_schema, ==, 4);
  for (guint i = 0; i < contact->n_fields; i++)
    g_assert_cmpint (contact->fields[i].sensitivity, ==, TG_SENSITIVITY_CLINICAL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (earlier_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/release-rules/earlier/%s", earlier_cases[i].name);

      g_test_add_data_func (path, &earlier_cases[i], test_earlier_release);
    }
  for (guint i = 0; i < G_N_ELEMENTS (prompt_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/release-rules/prompt/%s", prompt_cases[i].name);

      g_test_add_data_func (path, &prompt_cases[i], test_prompt);
    }
  for (guint i = 0; i < G_N_ELEMENTS (freshness_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/release-rules/freshness/%s", freshness_cases[i].name);

      g_test_add_data_func (path, &freshness_cases[i], test_freshness);
    }
  for (guint i = 0; i < G_N_ELEMENTS (checklist_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/release-rules/checklist/%s", checklist_cases[i].name);

      g_test_add_data_func (path, &checklist_cases[i], test_checklist);
    }
  g_test_add_func ("/tg/release-rules/checklist-no-plan", test_checklist_no_plan);
  g_test_add_func ("/tg/release-rules/status/walk-out", test_status_counts_to_walk_out);
  g_test_add_func ("/tg/release-rules/status/released", test_status_released);
  g_test_add_func ("/tg/release-rules/status/no-date", test_status_no_date);
  g_test_add_func ("/tg/release-rules/date-source", test_release_date_source);
  g_test_add_func ("/tg/release-rules/schema-classes", test_schema_classes);

  return g_test_run ();
}
