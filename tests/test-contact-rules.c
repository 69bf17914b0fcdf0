/* Contact and assessment timeliness: triage and risk assessment at first
 * contact (by the day in England, not in UTC); weekly contact until 12
 * weeks in treatment; the assessment within 3 working days of a
 * restriction on bail, over Easter, Christmas and New Year bank holidays
 * and the leap day; and the relay to the prison within 24 hours of a
 * remand, to the second. Weekdays and bank holidays are in the comments. */

#include "tg-contact-rules.h"
#include "tg-rules-test.h"

#define MAX_CONTACTS 6

/* One contact: kind, at, worker (NULL: not recorded). A kind starting
 * with "-" is a deleted contact of the kind after the dash. */
typedef struct {
  const char *kind;
  const char *at;
  const char *worker;
} Contact;

static GPtrArray *
make_contacts (const Contact *contacts)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);

  for (guint i = 0; i < MAX_CONTACTS && contacts[i].kind != NULL; i++)
    {
      gboolean deleted = contacts[i].kind[0] == '-';

      g_ptr_array_add (records, tg_rules_test_record ("contact", NULL,
                                                      "kind", contacts[i].kind + (deleted ? 1 : 0),
                                                      "at", contacts[i].at,
                                                      "worker", contacts[i].worker,
                                                      "deleted", deleted ? "true" : NULL,
                                                      NULL));
    }
  return records;
}

typedef struct {
  const char   *name;
  Contact       contacts[MAX_CONTACTS];
  const char   *kind;
  const char   *today;
  TgTimeliness  expected;
  const char   *first;
} FirstContactCase;

static const FirstContactCase first_contact_cases[] = {
  { "triage-is-first-contact", { { "triage", "2026-11-02T10:00:00Z" } }, "triage", "2026-11-20",
    TG_TIMELINESS_DONE, "2026-11-02" },
  { "triage-same-day", { { "weekly_contact", "2026-11-02T10:00:00Z" }, { "triage", "2026-11-02T15:00:00Z" } },
    "triage", "2026-11-20", TG_TIMELINESS_DONE, "2026-11-02" },
  { "triage-next-day", { { "weekly_contact", "2026-11-02T10:00:00Z" }, { "triage", "2026-11-03T09:00:00Z" } },
    "triage", "2026-11-20", TG_TIMELINESS_LATE, "2026-11-02" },
  { "triage-due", { { "assessment", "2026-11-02T10:00:00Z" } }, "triage", "2026-11-02",
    TG_TIMELINESS_DUE, "2026-11-02" },
  { "triage-overdue", { { "assessment", "2026-11-02T10:00:00Z" } }, "triage", "2026-11-03",
    TG_TIMELINESS_OVERDUE, "2026-11-02" },
  { "no-contact", { { NULL } }, "triage", "2026-11-03", TG_TIMELINESS_NONE, NULL },
  /* A relay to a prison is between services, not a first contact. */
  { "relay-is-not-contact", { { "relay_to_prison", "2026-10-30T10:00:00Z" }, { "assessment", "2026-11-02T10:00:00Z" },
                              { "risk_assessment", "2026-11-02T11:00:00Z" } },
    "risk_assessment", "2026-11-20", TG_TIMELINESS_DONE, "2026-11-02" },
  /* In summer 22:30 UTC is 23:30 in England, 23:30 UTC is past midnight:
   * the risk assessment happened the next day. */
  { "bst-next-day", { { "triage", "2026-07-01T22:30:00Z" }, { "risk_assessment", "2026-07-01T23:30:00Z" } },
    "risk_assessment", "2026-07-10", TG_TIMELINESS_LATE, "2026-07-01" },
  /* In winter UTC is the time in England: 23:30 UTC is still the same day. */
  { "gmt-same-day", { { "triage", "2026-12-01T09:00:00Z" }, { "risk_assessment", "2026-12-01T23:30:00Z" } },
    "risk_assessment", "2026-12-10", TG_TIMELINESS_DONE, "2026-12-01" },
  { "deleted-triage", { { "assessment", "2026-11-02T10:00:00Z" }, { "-triage", "2026-11-02T11:00:00Z" } },
    "triage", "2026-11-03", TG_TIMELINESS_OVERDUE, "2026-11-02" },
};

static void
test_first_contact (gconstpointer data)
{
  const FirstContactCase *c = data;
  g_autoptr(GPtrArray) contacts = make_contacts (c->contacts);
  GDate today = tg_rules_test_date (c->today);
  GDate first;
  TgTimeliness timeliness;

  timeliness = tg_contact_first_contact_duty (contacts, c->kind, &today, &first);
  g_assert_cmpstr (tg_timeliness_to_string (timeliness), ==, tg_timeliness_to_string (c->expected));
  tg_rules_test_assert_date (&first, c->first);
}

typedef struct {
  const char *name;
  const char *client[12];
  Contact     contacts[MAX_CONTACTS];
  const char *today;
  gboolean    applies;
  guint       weeks;
  const char *last_contact;
  const char *next_due;
  gboolean    contact_due;
  gboolean    overdue;
} WeeklyCase;

#define IN_TREATMENT(start) \
  "treatment_start", start, "care_coordinator", "Sam Example", "custody_status", "released"

static const WeeklyCase weekly_cases[] = {
  /* Treatment from Monday 2 November 2026; no contact since. */
  { "first-week", { IN_TREATMENT ("2026-11-02"), NULL }, { { NULL } }, "2026-11-08",
    TRUE, 0, NULL, "2026-11-09", FALSE, FALSE },
  { "week-passed", { IN_TREATMENT ("2026-11-02"), NULL }, { { NULL } }, "2026-11-09",
    TRUE, 1, NULL, "2026-11-09", TRUE, FALSE },
  { "week-and-a-day", { IN_TREATMENT ("2026-11-02"), NULL }, { { NULL } }, "2026-11-10",
    TRUE, 1, NULL, "2026-11-09", TRUE, TRUE },
  { "seen-friday", { IN_TREATMENT ("2026-11-02"), NULL },
    { { "weekly_contact", "2026-11-06T10:00:00Z", "Sam Example" } }, "2026-11-12",
    TRUE, 1, "2026-11-06", "2026-11-13", FALSE, FALSE },
  /* Only the named care co-ordinator's contacts count... */
  { "seen-by-someone-else", { IN_TREATMENT ("2026-11-02"), NULL },
    { { "weekly_contact", "2026-11-06T10:00:00Z", "Robin Other" } }, "2026-11-10",
    TRUE, 1, NULL, "2026-11-09", TRUE, TRUE },
  /* ...whatever the case and spaces the name was typed with. */
  { "name-typed-differently", { IN_TREATMENT ("2026-11-02"), NULL },
    { { "assessment", "2026-11-06T10:00:00Z", " sam EXAMPLE " } }, "2026-11-10",
    TRUE, 1, "2026-11-06", "2026-11-13", FALSE, FALSE },
  { "key-worker-is-coordinator", { "treatment_start", "2026-11-02", "key_worker", "Sam Example", NULL },
    { { "weekly_contact", "2026-11-06T10:00:00Z", "Sam Example" },
      { "weekly_contact", "2026-11-08T10:00:00Z", "Robin Other" } }, "2026-11-10",
    TRUE, 1, "2026-11-06", "2026-11-13", FALSE, FALSE },
  { "nobody-named", { "treatment_start", "2026-11-02", NULL },
    { { "weekly_contact", "2026-11-08T10:00:00Z", "Robin Other" } }, "2026-11-10",
    TRUE, 1, "2026-11-08", "2026-11-15", FALSE, FALSE },
  { "relay-does-not-count", { IN_TREATMENT ("2026-11-02"), NULL },
    { { "relay_to_prison", "2026-11-06T10:00:00Z", "Sam Example" } }, "2026-11-10",
    TRUE, 1, NULL, "2026-11-09", TRUE, TRUE },
  { "future-contact-does-not-count", { IN_TREATMENT ("2026-11-02"), NULL },
    { { "weekly_contact", "2026-11-12T10:00:00Z", "Sam Example" } }, "2026-11-10",
    TRUE, 1, NULL, "2026-11-09", TRUE, TRUE },
  { "contact-before-treatment", { IN_TREATMENT ("2026-11-02"), NULL },
    { { "triage", "2026-10-30T10:00:00Z", "Sam Example" } }, "2026-11-10",
    TRUE, 1, NULL, "2026-11-09", TRUE, TRUE },
  /* 2 November 2026 + 84 days = Monday 25 January 2027: week 12 ends the 24th. */
  { "last-day-of-week-12", { IN_TREATMENT ("2026-11-02"), NULL }, { { NULL } }, "2027-01-24",
    TRUE, 11, NULL, "2026-11-09", TRUE, TRUE },
  { "after-12-weeks", { IN_TREATMENT ("2026-11-02"), NULL }, { { NULL } }, "2027-01-25",
    FALSE, 0, NULL, NULL, FALSE, FALSE },
  { "treatment-ended", { IN_TREATMENT ("2026-11-02"), "treatment_end", "2026-12-01", NULL }, { { NULL } },
    "2026-12-02", FALSE, 0, NULL, NULL, FALSE, FALSE },
  { "case-closed", { "treatment_start", "2026-11-02", "custody_status", "closed", NULL }, { { NULL } },
    "2026-11-10", FALSE, 0, NULL, NULL, FALSE, FALSE },
  { "not-started", { IN_TREATMENT ("2026-11-02"), NULL }, { { NULL } }, "2026-11-01",
    FALSE, 0, NULL, NULL, FALSE, FALSE },
  { "no-treatment", { "care_coordinator", "Sam Example", NULL }, { { NULL } }, "2026-11-01",
    FALSE, 0, NULL, NULL, FALSE, FALSE },
  /* Bank holidays do not move a weekly contact: seen Christmas Eve
   * (Thursday), due again on Thursday 31 December. */
  { "over-christmas", { IN_TREATMENT ("2026-12-14"), NULL },
    { { "weekly_contact", "2026-12-24T10:00:00Z", "Sam Example" } }, "2026-12-31",
    TRUE, 2, "2026-12-24", "2026-12-31", TRUE, FALSE },
  /* Seen Wednesday 23 February 2028: due on Wednesday 1 March, over the leap day. */
  { "over-leap-day", { IN_TREATMENT ("2028-02-01"), NULL },
    { { "weekly_contact", "2028-02-23T10:00:00Z", "Sam Example" } }, "2028-03-01",
    TRUE, 4, "2028-02-23", "2028-03-01", TRUE, FALSE },
};

static void
test_weekly (gconstpointer data)
{
  const WeeklyCase *c = data;
  g_autoptr(TgRecord) client = tg_rules_test_record_v ("client", c->client);
  g_autoptr(GPtrArray) contacts = make_contacts (c->contacts);
  GDate today = tg_rules_test_date (c->today);
  TgWeeklyContact weekly;

  tg_contact_weekly (client, contacts, &today, &weekly);
  g_assert_cmpint (weekly.applies, ==, c->applies);
  if (!c->applies)
    return;
  g_assert_cmpuint (weekly.weeks_in_treatment, ==, c->weeks);
  tg_rules_test_assert_date (&weekly.last_contact, c->last_contact);
  tg_rules_test_assert_date (&weekly.next_due, c->next_due);
  g_assert_cmpint (weekly.contact_due, ==, c->contact_due);
  g_assert_cmpint (weekly.overdue, ==, c->overdue);
}

typedef struct {
  const char *name;
  const char *client[12];
  const char *today;
  guint       weeks;
  guint       kept;
} WeeksKeptCase;

/* Treatment from Monday 2 November 2026; weeks run Monday to Sunday:
 * week 1 ends 8 November, week 2 the 15th, week 3 the 22nd, week 4 the
 * 29th. Sam Example saw the person on the 3rd (week 1), the 10th (week 2)
 * and the 24th (week 4); week 3 had no contact. Period: November 2026. */
static const Contact november_contacts[MAX_CONTACTS] = {
  { "weekly_contact", "2026-11-03T10:00:00Z", "Sam Example" },
  { "weekly_contact", "2026-11-10T10:00:00Z", "Sam Example" },
  { "weekly_contact", "2026-11-17T10:00:00Z", "Robin Other" },
  { "weekly_contact", "2026-11-24T10:00:00Z", "Sam Example" },
};

static const WeeksKeptCase weeks_kept_cases[] = {
  /* All four weeks are over by 1 December: 3 of 4 kept. */
  { "four-weeks", { IN_TREATMENT ("2026-11-02"), NULL }, "2026-12-01", 4, 3 },
  /* On the 29th week 4 is not over yet: 2 of 3. */
  { "week-4-running", { IN_TREATMENT ("2026-11-02"), NULL }, "2026-11-29", 3, 2 },
  /* Treatment ended on the 20th: weeks 1 and 2 only, both kept. */
  { "ended", { IN_TREATMENT ("2026-11-02"), "treatment_end", "2026-11-20", NULL }, "2026-12-01", 2, 2 },
  /* Nobody named: Robin's contact in week 3 counts too, 4 of 4. */
  { "nobody-named", { "treatment_start", "2026-11-02", NULL }, "2026-12-01", 4, 4 },
};

static void
test_weeks_kept (gconstpointer data)
{
  const WeeksKeptCase *c = data;
  g_autoptr(TgRecord) client = tg_rules_test_record_v ("client", c->client);
  g_autoptr(GPtrArray) contacts = make_contacts (november_contacts);
  GDate from = tg_rules_test_date ("2026-11-01");
  GDate to = tg_rules_test_date ("2026-11-30");
  GDate today = tg_rules_test_date (c->today);
  guint weeks;

  g_assert_cmpuint (tg_contact_weeks_kept (client, contacts, &from, &to, &today, &weeks), ==, c->kept);
  g_assert_cmpuint (weeks, ==, c->weeks);
}

typedef struct {
  const char   *name;
  const char   *required;
  Contact       contacts[MAX_CONTACTS];
  const char   *today;
  TgTimeliness  expected;
  const char   *deadline;
} BailCase;

static const BailCase bail_cases[] = {
  /* Monday 2 November 2026: Tuesday, Wednesday, Thursday 5th. */
  { "ordinary-week-day-3", "2026-11-02", { { "assessment", "2026-11-05T16:00:00Z" } }, "2026-11-20",
    TG_TIMELINESS_DONE, "2026-11-05" },
  { "ordinary-week-day-4", "2026-11-02", { { "assessment", "2026-11-06T09:00:00Z" } }, "2026-11-20",
    TG_TIMELINESS_LATE, "2026-11-05" },
  { "same-day", "2026-11-02", { { "assessment", "2026-11-02T16:00:00Z" } }, "2026-11-20",
    TG_TIMELINESS_DONE, "2026-11-05" },
  /* Saturday 7 November: Monday 9th, Tuesday 10th, Wednesday 11th. */
  { "saturday", "2026-11-07", { { NULL } }, "2026-11-11", TG_TIMELINESS_DUE, "2026-11-11" },
  /* Thursday 24 December 2026: Christmas Friday, the weekend, the Boxing
   * Day substitute Monday 28th; then Tuesday 29th, Wednesday 30th,
   * Thursday 31st. */
  { "christmas-2026", "2026-12-24", { { "assessment", "2026-12-31T12:00:00Z" } }, "2027-01-05",
    TG_TIMELINESS_DONE, "2026-12-31" },
  { "christmas-2026-due", "2026-12-24", { { NULL } }, "2026-12-31", TG_TIMELINESS_DUE, "2026-12-31" },
  /* New Year's Day 2027 is a bank holiday and the next working day is the 4th. */
  { "christmas-2026-overdue", "2026-12-24", { { NULL } }, "2027-01-01", TG_TIMELINESS_OVERDUE, "2026-12-31" },
  { "christmas-2026-late", "2026-12-24", { { "assessment", "2027-01-04T10:00:00Z" } }, "2027-01-05",
    TG_TIMELINESS_LATE, "2026-12-31" },
  /* Thursday 2 April 2026: Good Friday, the weekend, Easter Monday; then
   * Tuesday 7th, Wednesday 8th, Thursday 9th. */
  { "easter-2026", "2026-04-02", { { NULL } }, "2026-04-09", TG_TIMELINESS_DUE, "2026-04-09" },
  /* Friday 24 December 2027: the weekend, substitutes Monday 27th and
   * Tuesday 28th; then Wednesday 29th, Thursday 30th, Friday 31st. */
  { "christmas-2027", "2027-12-24", { { NULL } }, "2027-12-31", TG_TIMELINESS_DUE, "2027-12-31" },
  /* Thursday 30 December 2027: Friday 31st; the weekend, the New Year
   * substitute Monday 3 January 2028; then Tuesday 4th and Wednesday 5th. */
  { "new-year-2028", "2027-12-30", { { "assessment", "2028-01-05T10:00:00Z" } }, "2028-01-10",
    TG_TIMELINESS_DONE, "2028-01-05" },
  /* Friday 25 February 2028: Monday 28th, the leap day, Wednesday 1 March. */
  { "leap-day", "2028-02-25", { { NULL } }, "2028-03-02", TG_TIMELINESS_OVERDUE, "2028-03-01" },
  /* An assessment before the requirement was for something else. */
  { "assessment-before", "2026-11-02", { { "assessment", "2026-11-01T10:00:00Z" } }, "2026-11-06",
    TG_TIMELINESS_OVERDUE, "2026-11-05" },
  { "other-kind", "2026-11-02", { { "triage", "2026-11-03T10:00:00Z" } }, "2026-11-04",
    TG_TIMELINESS_DUE, "2026-11-05" },
  { "no-requirement", NULL, { { "assessment", "2026-11-03T10:00:00Z" } }, "2026-11-04",
    TG_TIMELINESS_NONE, NULL },
};

static void
test_bail (gconstpointer data)
{
  const BailCase *c = data;
  g_autoptr(TgRecord) client = tg_rules_test_record ("client", NULL, "restriction_on_bail_on", c->required, NULL);
  g_autoptr(GPtrArray) contacts = make_contacts (c->contacts);
  GDate today = tg_rules_test_date (c->today);
  GDate deadline;
  TgTimeliness timeliness;

  timeliness = tg_contact_bail_assessment (client, contacts, &today, &deadline);
  g_assert_cmpstr (tg_timeliness_to_string (timeliness), ==, tg_timeliness_to_string (c->expected));
  tg_rules_test_assert_date (&deadline, c->deadline);
}

typedef struct {
  const char   *name;
  const char   *remanded_at;
  Contact       contacts[MAX_CONTACTS];
  const char   *now;
  TgTimeliness  expected;
  const char   *deadline;
} RelayCase;

static const RelayCase relay_cases[] = {
  { "at-24-hours", "2026-11-02T15:00:00Z", { { "relay_to_prison", "2026-11-03T15:00:00Z" } },
    "2026-11-05T00:00:00Z", TG_TIMELINESS_DONE, "2026-11-03T15:00:00Z" },
  { "a-second-late", "2026-11-02T15:00:00Z", { { "relay_to_prison", "2026-11-03T15:00:01Z" } },
    "2026-11-05T00:00:00Z", TG_TIMELINESS_LATE, "2026-11-03T15:00:00Z" },
  { "due-at-24-hours", "2026-11-02T15:00:00Z", { { NULL } },
    "2026-11-03T15:00:00Z", TG_TIMELINESS_DUE, "2026-11-03T15:00:00Z" },
  { "overdue-a-second-after", "2026-11-02T15:00:00Z", { { NULL } },
    "2026-11-03T15:00:01Z", TG_TIMELINESS_OVERDUE, "2026-11-03T15:00:00Z" },
  { "relay-before-remand", "2026-11-02T15:00:00Z", { { "relay_to_prison", "2026-11-02T14:00:00Z" } },
    "2026-11-03T16:00:00Z", TG_TIMELINESS_OVERDUE, "2026-11-03T15:00:00Z" },
  { "other-kind", "2026-11-02T15:00:00Z", { { "assessment", "2026-11-02T16:00:00Z" } },
    "2026-11-03T14:00:00Z", TG_TIMELINESS_DUE, "2026-11-03T15:00:00Z" },
  /* Clocks go back at 01:00 UTC on 25 October 2026: 24 hours are 24 real
   * hours, so 23:30 UTC on the 25th (23:30 on the clock) is the limit,
   * not 00:30 UTC on the 26th. */
  { "clocks-go-back", "2026-10-24T23:30:00Z", { { "relay_to_prison", "2026-10-26T00:00:00Z" } },
    "2026-10-27T00:00:00Z", TG_TIMELINESS_LATE, "2026-10-25T23:30:00Z" },
  { "leap-day", "2028-02-28T12:00:00Z", { { "relay_to_prison", "2028-02-29T11:59:59Z" } },
    "2028-03-01T00:00:00Z", TG_TIMELINESS_DONE, "2028-02-29T12:00:00Z" },
  { "no-remand", NULL, { { "relay_to_prison", "2026-11-02T14:00:00Z" } },
    "2026-11-03T16:00:00Z", TG_TIMELINESS_NONE, NULL },
};

static void
test_relay (gconstpointer data)
{
  const RelayCase *c = data;
  g_autoptr(TgRecord) client = tg_rules_test_record ("client", NULL, "remanded_at", c->remanded_at, NULL);
  g_autoptr(GPtrArray) contacts = make_contacts (c->contacts);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (c->now, utc);
  gint64 deadline;
  TgTimeliness timeliness;

  g_assert_nonnull (now);
  timeliness = tg_contact_relay (client, contacts, now, &deadline);
  g_assert_cmpstr (tg_timeliness_to_string (timeliness), ==, tg_timeliness_to_string (c->expected));
  if (c->deadline == NULL)
    g_assert_cmpint (deadline, ==, 0);
  else
    {
      g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (c->deadline, utc);

      g_assert_cmpint (deadline, ==, g_date_time_to_unix (expected));
    }
}

#define ADD_TABLE(prefix, table, func) \
  for (guint i = 0; i < G_N_ELEMENTS (table); i++) \
    { \
      g_autofree char *path = g_strdup_printf ("/tg/contact-rules/" prefix "/%s", table[i].name); \
      g_test_add_data_func (path, &table[i], func); \
    }

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TABLE ("first-contact", first_contact_cases, test_first_contact);
  ADD_TABLE ("weekly", weekly_cases, test_weekly);
  ADD_TABLE ("weeks-kept", weeks_kept_cases, test_weeks_kept);
  ADD_TABLE ("bail-assessment", bail_cases, test_bail);
  ADD_TABLE ("relay", relay_cases, test_relay);

  return g_test_run ();
}
