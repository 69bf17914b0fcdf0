/* The field-workflow commands of throughgate-cli (care plans, goals, TOP,
 * referrals, contacts, appointments, sessions and the gate list's
 * earlier-release flag), driven through the real binary as a worker
 * would. The CLI's clock is set with faketime, so "today" is known: most
 * cases run on Tuesday 24 November 2026. The rules themselves are tested
 * case by case in test-*-rules.c and test-kpi.c; this checks that the
 * commands write what the rules read, refuse bad input naming the field
 * without changing anything, and print what docs/cli.md says. */

#include <json-glib/json-glib.h>

#include "tg-test-json.h"
#include "tg-test-util.h"

#define PIN "246813"
#define TEAM "Nottingham In-Reach"
#define WORKER "Sam Example"
#define TODAY "@2026-11-24 12:00:00"

typedef struct {
  TgTestCli cli;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;

  tg_test_cli_init (&f->cli, "tg-cli-workflows-XXXXXX", PIN);
  out = tg_test_cli_run_ok (&f->cli, NULL, "init", "--worker", WORKER, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tg_test_cli_clear (&f->cli);
}

/* Runs the CLI on TODAY with the arguments up to a NULL; fails unless it
 * exits 0. */
static char *
run (Fixture    *f,
     const char *first,
     ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = tg_test_cli_run_ok_valist (&f->cli, TODAY, first, args);
  va_end (args);
  return out;
}

/* As run(), on another day. */
static char *
run_on (Fixture    *f,
        const char *faketime,
        const char *first,
        ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = tg_test_cli_run_ok_valist (&f->cli, faketime, first, args);
  va_end (args);
  return out;
}

static char *
add_client (Fixture    *f,
            const char *given,
            const char *family)
{
  g_autofree char *out = run (f, "client", "add", "--given", given, "--family", family,
                              "--team", TEAM, "--key-worker", WORKER,
                              "--custody-status", "sentenced", "--json", NULL);

  return tg_test_json_id (out);
}

/* The id printed by an add command without --json. */
static char *
bare_id (char *out)
{
  g_strchomp (out);
  g_assert_cmpuint (strlen (out), ==, 36);
  return out;
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static JsonArray *
array_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

/* Every answer of a full TOP: no use but a little alcohol and cannabis,
 * no injecting or crime, middling health, housed. */
#define TOP_ANSWERS \
  "--alcohol-days", "4", "--alcohol-units", "6.5", "--opiates-days", "0", \
  "--crack-days", "0", "--cocaine-days", "0", "--amphetamines-days", "0", \
  "--cannabis-days", "10", "--cannabis-joints", "2", "--other-substance-days", "0", \
  "--injecting-days", "0", "--shoplifting-days", "0", "--selling-drugs-days", "0", \
  "--theft-days", "0", "--violence-days", "0", "--psychological-health", "11", \
  "--physical-health", "13", "--quality-of-life", "12", "--paid-work-days", "0", \
  "--education-days", "2", "--acute-housing-problem", "false", "--eviction-risk", "false"

/* A plan from 1 September 2026 to 1 March 2027 at the default interval
 * of 91 days, so its first scheduled review is on 1 December; an arrest
 * on 10 November asks for one that day instead, which is held on the
 * 12th; the next scheduled one falls 91 days later, 11 February 2027. */
static void
test_care_plan (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *client = add_client (f, "Ada", "Planperson");
  g_autofree char *plan = NULL;
  g_autofree char *goal = NULL;
  g_autofree char *out = NULL;
  g_autofree char *set = NULL;
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) event_node = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  JsonObject *record;
  JsonObject *review;
  JsonArray *goals;

  plan = bare_id (run (f, "care-plan", "add", client, "--start", "2026-09-01",
                       "--end", "2027-03-01", NULL));
  goal = bare_id (run (f, "goal", "add", plan, "--what", "Register with a GP",
                       "--measure", "Registration letter seen", "--target", "2026-12-31", NULL));
  set = run (f, "goal", "set", goal, "status", "in_progress", NULL);
  g_assert_cmpstr (set, ==, "");

  out = run (f, "care-plan", "event", plan, "--kind", "arrest", "--on", "2026-11-10", "--json", NULL);
  event_node = tg_test_parse_json (out);
  record = object_of (event_node);
  g_assert_cmpstr (json_object_get_string_member (record, "review_due"), ==, "2026-11-10");
  g_assert_cmpstr (json_object_get_string_member (record, "review_reason"), ==, "arrest");

  /* Before the review: due since the arrest, 14 days overdue on the 24th. */
  list = run (f, "care-plan", "list", client, "--json", NULL);
  list_node = tg_test_parse_json (list);
  review = json_object_get_object_member (json_array_get_object_element (array_of (list_node), 0),
                                          "review");
  g_assert_cmpstr (json_object_get_string_member (review, "state"), ==, "due");
  g_assert_cmpstr (json_object_get_string_member (review, "reason"), ==, "arrest");
  g_assert_cmpint (json_object_get_int_member (review, "days_until_due"), ==, -14);
  g_clear_pointer (&list, g_free);
  g_clear_pointer (&list_node, json_node_unref);

  g_clear_pointer (&out, g_free);
  out = run (f, "care-plan", "review", plan, "--reason", "arrest", "--on", "2026-11-12", NULL);
  list = run (f, "care-plan", "list", client, "--json", NULL);
  list_node = tg_test_parse_json (list);
  record = json_array_get_object_element (array_of (list_node), 0);
  g_assert_cmpstr (json_object_get_string_member (record, "last_reviewed_on"), ==, "2026-11-12");
  review = json_object_get_object_member (record, "review");
  g_assert_cmpstr (json_object_get_string_member (review, "state"), ==, "not_due");
  g_assert_cmpstr (json_object_get_string_member (review, "due"), ==, "2027-02-11");
  g_assert_cmpstr (json_object_get_string_member (review, "reason"), ==, "scheduled");
  goals = json_object_get_array_member (record, "goals");
  g_assert_cmpuint (json_array_get_length (goals), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (goals, 0), "status"),
                   ==, "in_progress");

  text = run (f, "care-plan", "list", client, NULL);
  g_assert_nonnull (strstr (text, "Register with a GP"));
  g_assert_nonnull (strstr (text, "2027-02-11"));

  /* Closed early with the goal met: on time, and no more reviews. */
  g_clear_pointer (&out, g_free);
  out = run (f, "care-plan", "close", plan, "--outcome", "completed", NULL);
  g_clear_pointer (&list, g_free);
  g_clear_pointer (&list_node, json_node_unref);
  list = run (f, "care-plan", "list", client, "--json", NULL);
  list_node = tg_test_parse_json (list);
  record = json_array_get_object_element (array_of (list_node), 0);
  g_assert_cmpstr (json_object_get_string_member (record, "outcome"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (record, "closed_on"), ==, "2026-11-24");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "review"), "state"),
                   ==, "none");
}

static void
test_top (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *client = add_client (f, "Bea", "Topperson");
  g_autofree char *start = NULL;
  g_autofree char *review = NULL;
  g_autofree char *list = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *tops;
  JsonObject *first;

  start = bare_id (run (f, "top", "add", client, "--stage", "start", "--completed-on", "2026-09-01",
                        TOP_ANSWERS, NULL));
  review = bare_id (run (f, "top", "add", client, "--stage", "review", "--completed-on", "2026-11-20",
                         TOP_ANSWERS, NULL));
  list = run (f, "top", "list", client, "--json", NULL);
  node = tg_test_parse_json (list);
  tops = array_of (node);
  g_assert_cmpuint (json_array_get_length (tops), ==, 2);
  first = json_array_get_object_element (tops, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, start);
  g_assert_cmpstr (json_object_get_string_member (first, "stage"), ==, "start");
  /* Amounts are decimals, kept as text in canonical form. */
  g_assert_cmpstr (json_object_get_string_member (first, "alcohol_units"), ==, "6.5");
  g_assert_cmpint (json_object_get_int_member (first, "quality_of_life"), ==, 12);
  g_assert_false (json_object_get_boolean_member (first, "eviction_risk"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tops, 1), "id"),
                   ==, review);
}

/* Need identified on 1 November: due on the 15th, overdue on the 24th.
 * Need on the 20th: due 4 December. One made on time, by hand. */
static void
test_referral (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *client = add_client (f, "Cy", "Referperson");
  g_autofree char *overdue = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *made = NULL;
  g_autofree char *all = NULL;
  g_autofree char *only = NULL;
  g_autofree char *set = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) all_node = NULL;
  g_autoptr(JsonNode) only_node = NULL;
  g_autoptr(JsonNode) after_node = NULL;
  JsonArray *rows;
  JsonObject *row;

  overdue = bare_id (run (f, "referral", "add", client, "--service", "Housing advice",
                          "--need-identified", "2026-11-01", NULL));
  pending = bare_id (run (f, "referral", "add", client, "--service", "Dentist",
                          "--need-identified", "2026-11-20", NULL));
  made = bare_id (run (f, "referral", "add", client, "--service", "Mental health",
                       "--need-identified", "2026-11-02", "--referred", "2026-11-09",
                       "--due", "2026-11-09", NULL));

  all = run (f, "referral", "list", client, "--json", NULL);
  all_node = tg_test_parse_json (all);
  rows = array_of (all_node);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  /* By due date: the one set by hand (9th), then the 15th, then 4 December. */
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "id"), ==, made);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "referred");
  g_assert_cmpstr (json_object_get_string_member (row, "timeliness"), ==, "done");
  row = json_array_get_object_element (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "id"), ==, overdue);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "needed");
  g_assert_false (json_object_has_member (row, "due_on"));
  g_assert_cmpstr (json_object_get_string_member (row, "due"), ==, "2026-11-15");
  g_assert_true (json_object_get_boolean_member (row, "overdue"));
  row = json_array_get_object_element (rows, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "id"), ==, pending);
  g_assert_cmpstr (json_object_get_string_member (row, "due"), ==, "2026-12-04");
  g_assert_cmpstr (json_object_get_string_member (row, "timeliness"), ==, "due");

  only = run (f, "referral", "list", "--overdue", "--json", NULL);
  only_node = tg_test_parse_json (only);
  g_assert_cmpuint (json_array_get_length (array_of (only_node)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array_of (only_node), 0), "id"),
                   ==, overdue);

  /* Made late, on the 23rd. */
  set = run (f, "referral", "set", overdue, "referred_on", "2026-11-23", "status", "referred", NULL);
  after = run (f, "referral", "list", client, "--json", NULL);
  after_node = tg_test_parse_json (after);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array_of (after_node), 1),
                                                  "timeliness"), ==, "late");
}

static void
test_contact (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *client = add_client (f, "Dev", "Contactperson");
  g_autofree char *triage = NULL;
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonObject *standards;
  JsonArray *contacts;

  /* First contact on Monday 23rd: triage that day, the risk assessment
   * not done, so overdue on the 24th. */
  triage = bare_id (run (f, "contact", "add", client, "--kind", "triage",
                         "--at", "2026-11-23T10:00:00Z", "--detail", "Triage on reception", NULL));
  list = run (f, "contact", "list", client, "--json", NULL);
  node = tg_test_parse_json (list);
  root = object_of (node);
  contacts = json_object_get_array_member (root, "contacts");
  g_assert_cmpuint (json_array_get_length (contacts), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (contacts, 0), "worker"),
                   ==, WORKER);
  standards = json_object_get_object_member (root, "standards");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (standards, "triage"), "state"),
                   ==, "done");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (standards, "risk_assessment"),
                                                  "state"), ==, "overdue");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (standards, "bail_assessment"),
                                                  "state"), ==, "none");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (standards, "weekly_contact"),
                                                  "applies"));

  text = run (f, "contact", "list", client, NULL);
  g_assert_nonnull (strstr (text, "Triage on reception"));
  g_assert_nonnull (strstr (text, "risk_assessment  overdue"));
}

static void
test_appointment (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *client = add_client (f, "Eli", "Apptperson");
  g_autofree char *later = NULL;
  g_autofree char *sooner = NULL;
  g_autofree char *list = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *first;

  later = bare_id (run (f, "appointment", "add", client, "--kind", "jobcentre",
                        "--at", "2026-11-27T14:00:00Z", "--place", "Jobcentre Plus, Castle Boulevard", NULL));
  sooner = bare_id (run (f, "appointment", "add", client, "--kind", "probation",
                         "--at", "2026-11-27T10:00:00Z", "--place", "Probation office",
                         "--with", "Pat Officer", NULL));
  list = run (f, "appointment", "list", client, "--json", NULL);
  node = tg_test_parse_json (list);
  g_assert_cmpuint (json_array_get_length (array_of (node)), ==, 2);
  first = json_array_get_object_element (array_of (node), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, sooner);
  g_assert_cmpstr (json_object_get_string_member (first, "with_whom"), ==, "Pat Officer");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array_of (node), 1), "id"),
                   ==, later);
}

static void
test_session (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *fay = add_client (f, "Fay", "Sessionperson");
  g_autofree char *gil = add_client (f, "Gil", "Sessionperson");
  g_autofree char *hal = add_client (f, "Hal", "Sessionperson");
  g_autofree char *session = NULL;
  g_autofree char *attend = NULL;
  g_autofree char *again = NULL;
  g_autofree char *note = NULL;
  g_autofree char *show = NULL;
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) attend_node = NULL;
  g_autoptr(JsonNode) again_node = NULL;
  g_autoptr(JsonNode) show_node = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  JsonObject *root;

  session = bare_id (run (f, "session", "start", "--place", "hmp_nottingham", NULL));
  attend = run (f, "session", "attend", session, fay, gil, "--json", NULL);
  attend_node = tg_test_parse_json (attend);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (attend_node), "added")),
                    ==, 2);
  /* Adding someone already seen adds nothing. */
  again = run (f, "session", "attend", session, gil, "--json", NULL);
  again_node = tg_test_parse_json (again);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (again_node), "added")),
                    ==, 0);
  /* A note written in the session adds the person as seen. */
  note = bare_id (run (f, "note", "add", hal, "--kind", "in_reach", "--body", "Seen on B wing.",
                       "--session", session, "--occurred-at", "2026-11-24T10:30:00Z", NULL));

  show = run (f, "session", "show", session, "--json", NULL);
  show_node = tg_test_parse_json (show);
  root = object_of (show_node);
  g_assert_cmpstr (json_object_get_string_member (root, "place"), ==, "hmp_nottingham");
  g_assert_cmpstr (json_object_get_string_member (root, "date"), ==, "2026-11-24");
  g_assert_cmpstr (json_object_get_string_member (root, "worker"), ==, WORKER);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "people")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "notes")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (root, "notes"), 0), "id"),
                   ==, note);

  list = run (f, "session", "list", "--from", "2026-11-01", "--json", NULL);
  list_node = tg_test_parse_json (list);
  g_assert_cmpuint (json_array_get_length (array_of (list_node)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array_of (list_node), 0),
                                               "people_seen"), ==, 3);

  text = run (f, "session", "show", session, NULL);
  g_assert_nonnull (strstr (text, "People seen: 3"));
  g_assert_nonnull (strstr (text, "Sessionperson, Hal"));
}

/* One person from first contact inside to the first community appointment
 * after release, then the team's KPIs for September to November, worked
 * out on 10 December:
 *
 * - cases_with_active_care_plan: Jay is the team's one open case, with a
 *   plan in force on 30 November: 1 of 1.
 * - care plans closed, completed, disengaged, transferred: none closed.
 * - continuity_of_care: out on Thursday 26 November (the Friday release
 *   moved a day earlier), in community treatment on Monday 30th, day 4:
 *   met, 1 of 1.
 * - referrals_on_time: housing advice needed 1 September, due the 15th,
 *   made the 8th: on time; benefits advice needed 1 October, due the
 *   15th, made the 20th: late. 1 of 2.
 * - weekly_contacts_kept: treatment from 1 September; weeks run Tuesday
 *   to Monday, the 12th ends on 23 November. Contacts by the key worker
 *   on 1 September (week 1), the 8th (2), the 15th (3) and 20 November
 *   (12): 4 of 12.
 * - top_at_start: treatment started 1 September, TOP at start that day:
 *   1 of 1. No review falls before 2 March 2027 and no exit: 0 of 0.
 */
static void
test_walk_through (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *jay = add_client (f, "Jay", "Walkerperson");
  g_autofree char *session = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *check = NULL;
  g_autofree char *gate = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) check_node = NULL;
  g_autoptr(JsonNode) gate_node = NULL;
  JsonObject *entry;
  static const char * const contacts[][2] = {
    { "triage", "2026-09-01T09:30:00Z" },
    { "risk_assessment", "2026-09-01T09:45:00Z" },
    { "weekly_contact", "2026-09-08T10:00:00Z" },
    { "weekly_contact", "2026-09-15T10:00:00Z" },
    { "weekly_contact", "2026-11-20T10:00:00Z" },
  };
  static const char expected_csv[] =
    "team,worker,from,to,measure,numerator,denominator,percent,pending\r\n"
    TEAM ",,2026-09-01,2026-11-30,cases_with_active_care_plan,1,1,100.0,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,care_plans_closed_on_time,0,0,,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,care_plans_completed,0,0,,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,care_plans_disengaged,0,0,,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,care_plans_transferred,0,0,,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,continuity_of_care,1,1,100.0,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,referrals_on_time,1,2,50.0,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,weekly_contacts_kept,4,12,33.3,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,top_at_start,1,1,100.0,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,top_at_review,0,0,,0\r\n"
    TEAM ",,2026-09-01,2026-11-30,top_at_exit,0,0,,0\r\n";

  /* Tuesday 1 September, the surgery at HMP Nottingham. */
  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    g_free (run (f, "contact", "add", jay, "--kind", contacts[i][0], "--at", contacts[i][1], NULL));
  g_free (run (f, "client", "set", jay, "treatment_start", "2026-09-01", NULL));
  session = bare_id (run_on (f, "@2026-09-01 09:00:00", "session", "start", "--place", "hmp_nottingham", NULL));
  g_free (run (f, "session", "attend", session, jay, NULL));
  g_free (run (f, "note", "add", jay, "--kind", "in_reach", "--session", session,
               "--occurred-at", "2026-09-01T10:00:00Z",
               "--body", "Triage and risk assessment done; wants help with housing.", NULL));
  g_free (run (f, "top", "add", jay, "--stage", "start", "--completed-on", "2026-09-01", TOP_ANSWERS, NULL));
  plan = bare_id (run (f, "care-plan", "add", jay, "--start", "2026-09-01", "--end", "2027-03-01", NULL));
  g_free (run (f, "goal", "add", plan, "--what", "Somewhere to live on release",
               "--measure", "Tenancy or hostel place confirmed", "--target", "2026-11-20", NULL));
  g_free (run (f, "referral", "add", jay, "--service", "Housing advice",
               "--need-identified", "2026-09-01", "--referred", "2026-09-08", NULL));
  g_free (run (f, "referral", "add", jay, "--service", "Benefits advice",
               "--need-identified", "2026-10-01", "--referred", "2026-10-20", NULL));
  g_free (run (f, "care-plan", "review", plan, "--reason", "scheduled", "--on", "2026-11-20", NULL));

  /* The release plan, filled before release: nothing missing. */
  g_free (run (f, "release", "set", jay, "confirmed_release_date", "2026-11-27",
               "confirmed_on", "2026-11-23", "confirmed_by", "Custody office",
               "sentence_start", "2026-03-02", "release_type", "standard",
               "release_time", "08:00", "gate", "Main gate",
               "accommodation", "Hostel, Hope Street", "gp_registered", "true",
               "treatment_appointment_at", "2026-11-30T10:00:00Z", "ost_needed", "false",
               "naloxone_supplied", "true", "id_documents", "Birth certificate",
               "bank_account", "true", "universal_credit_claim", "true",
               "jobcentre_appointment_at", "2026-11-27T14:00:00Z", "on_licence", "true",
               "probation_appointment_at", "2026-11-26T13:00:00Z",
               "licence_conditions", "Reside at approved address",
               "pickup_mentor", "Pat Mentor", "pickup_status", "arranged", NULL));
  check = run (f, "release", "check", jay, "--json", NULL);
  check_node = tg_test_parse_json (check);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (check_node), "missing")),
                    ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object_of (check_node), "walk_out_date"), ==, "2026-11-26");

  gate = run (f, "gate-list", "--from", "2026-11-23", "--days", "7", "--json", NULL);
  gate_node = tg_test_parse_json (gate);
  g_assert_cmpuint (json_array_get_length (array_of (gate_node)), ==, 1);
  entry = json_array_get_object_element (array_of (gate_node), 0);
  g_assert_true (json_object_get_boolean_member (entry, "earlier_release"));
  g_assert_cmpstr (json_object_get_string_member (entry, "likely_release_date"), ==, "2026-11-26");

  /* Out on the Thursday; first community appointment on Monday 30th. */
  g_free (run_on (f, "@2026-11-30 12:00:00", "release", "set", jay, "released_on", "2026-11-26", NULL));
  g_free (run_on (f, "@2026-11-30 12:00:00", "client", "set", jay, "custody_status", "released", NULL));
  g_free (run_on (f, "@2026-11-30 12:00:00", "appointment", "add", jay, "--kind", "treatment",
                  "--at", "2026-11-30T10:00:00Z", "--place", "Community drug service", NULL));
  g_free (run_on (f, "@2026-11-30 12:00:00", "release", "set", jay, "treatment_engaged_on", "2026-11-30", NULL));

  csv = run_on (f, "@2026-12-10 12:00:00", "kpi", "--team", TEAM, "--from", "2026-09-01",
                "--to", "2026-11-30", "--format", "csv", NULL);
  g_assert_cmpstr (csv, ==, expected_csv);
}

/* The gate list flags a likely earlier release by the whole rule, not the
 * date alone. From 14 December 2026: Friday 18th, Monday 21st, Thursday
 * 24th (Christmas Eve), Christmas Day and Saturday 19th. */
typedef struct {
  const char *name;
  const char *release_date;
  const char *release_type;     /* NULL: not recorded */
  const char *sentence_start;   /* NULL: not recorded */
  gboolean    likely;
  const char *reason;
  const char *likely_date;      /* when likely */
} GateCase;

static const GateCase gate_cases[] = {
  { "friday", "2026-12-18", "standard", "2026-06-01", TRUE, "friday", "2026-12-17" },
  { "friday-28-days-served", "2026-12-18", "standard", "2026-11-20", TRUE, "friday", "2026-12-17" },
  { "friday-27-days-served", "2026-12-18", "standard", "2026-11-21", FALSE, "served_under_28_days", NULL },
  { "friday-no-sentence-start", "2026-12-18", NULL, NULL, TRUE, "friday", "2026-12-17" },
  { "friday-hdc", "2026-12-18", "hdc", "2026-06-01", FALSE, "hdc", NULL },
  { "friday-indeterminate", "2026-12-18", "indeterminate", "2016-06-01", FALSE, "indeterminate", NULL },
  { "friday-parole-board", "2026-12-18", "parole_board", "2020-06-01", FALSE, "parole_board", NULL },
  { "before-christmas", "2026-12-24", "standard", "2026-06-01", TRUE, "before_bank_holiday", "2026-12-23" },
  { "before-christmas-hdc", "2026-12-24", "hdc", "2026-06-01", FALSE, "hdc", NULL },
  { "monday", "2026-12-21", "standard", "2026-06-01", FALSE, "ordinary_day", NULL },
  { "saturday-hdc", "2026-12-19", "hdc", "2026-06-01", TRUE, "non_working_day", "2026-12-18" },
  { "christmas-day-parole-board", "2026-12-25", "parole_board", "2020-06-01", TRUE, "non_working_day",
    "2026-12-24" },
};

static void
test_gate_rule (Fixture       *f,
                gconstpointer  data)
{
  const GateCase *c = data;
  g_autofree char *client = add_client (f, "Ivy", "Gateperson");
  g_autofree char *gate = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *entry;

  g_ptr_array_add (argv, (gpointer) "release");
  g_ptr_array_add (argv, (gpointer) "set");
  g_ptr_array_add (argv, client);
  g_ptr_array_add (argv, (gpointer) "confirmed_release_date");
  g_ptr_array_add (argv, (gpointer) c->release_date);
  if (c->release_type != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "release_type");
      g_ptr_array_add (argv, (gpointer) c->release_type);
    }
  if (c->sentence_start != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "sentence_start");
      g_ptr_array_add (argv, (gpointer) c->sentence_start);
    }
  g_ptr_array_add (argv, NULL);
  {
    g_autoptr(GPtrArray) full = tg_test_cli_argv_new (&f->cli, TODAY, NULL);
    TgTestResult result = { 0 };

    for (guint i = 0; g_ptr_array_index (argv, i) != NULL; i++)
      g_ptr_array_add (full, g_strdup (g_ptr_array_index (argv, i)));
    g_ptr_array_add (full, NULL);
    tg_test_spawn ((const char * const *) full->pdata, f->cli.dir, &result);
    g_assert_cmpint (result.status, ==, 0);
    tg_test_result_clear (&result);
  }

  gate = run (f, "gate-list", "--from", "2026-12-14", "--days", "14", "--json", NULL);
  node = tg_test_parse_json (gate);
  g_assert_cmpuint (json_array_get_length (array_of (node)), ==, 1);
  entry = json_array_get_object_element (array_of (node), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "release_date"), ==, c->release_date);
  g_assert_cmpint (json_object_get_boolean_member (entry, "earlier_release"), ==, c->likely);
  g_assert_cmpstr (json_object_get_string_member (entry, "earlier_release_reason"), ==, c->reason);
  if (c->likely_date != NULL)
    g_assert_cmpstr (json_object_get_string_member (entry, "likely_release_date"), ==, c->likely_date);
  else
    g_assert_false (json_object_has_member (entry, "likely_release_date"));
}

/* Bad input: refused with the field or argument named, the status
 * docs/cli.md gives, nothing on stdout, and the store unchanged. A value
 * out of its range is refused before the completeness of a TOP is
 * checked, so those cases need no other answers. In the
 * arguments, CLIENT, PLAN, CLOSED_PLAN, GOAL, REFERRAL and SESSION stand
 * for records the fixture made. */
typedef struct {
  const char *name;
  const char *args[60];
  int         status;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "plan-no-end", { "care-plan", "add", "CLIENT", NULL }, 2, "care-plan add: --end-date is required" },
  { "plan-end-before-start", { "care-plan", "add", "CLIENT", "--start", "2026-09-01", "--end", "2026-08-01", NULL },
    1, "end_date: 2026-08-01 is before start_date 2026-09-01" },
  { "plan-bad-end", { "care-plan", "add", "CLIENT", "--end", "2027-02-30", NULL }, 1, "end_date:" },
  { "plan-short-interval", { "care-plan", "add", "CLIENT", "--end", "2027-03-01", "--review-interval", "3", NULL },
    1, "review_interval_days:" },
  { "plan-outcome-option", { "care-plan", "add", "CLIENT", "--end", "2027-03-01", "--outcome", "completed", NULL },
    2, "care-plan add: outcome cannot be given as an option" },
  { "plan-unknown-field", { "care-plan", "add", "CLIENT", "--end", "2027-03-01", "--colour", "red", NULL },
    1, "colour: care_plan has no field of that name" },
  { "plan-unknown-client", { "care-plan", "add", "00000000-0000-4000-8000-000000000999", "--end", "2027-03-01", NULL },
    1, "CLIENT_ID: no client with id" },
  { "review-no-reason", { "care-plan", "review", "PLAN", NULL }, 2, "care-plan review: --reason is required" },
  { "review-bad-reason", { "care-plan", "review", "PLAN", "--reason", "holiday", NULL }, 1, "--reason: “holiday”" },
  { "review-future", { "care-plan", "review", "PLAN", "--reason", "scheduled", "--on", "2026-12-01", NULL },
    1, "--on: 2026-12-01 is in the future" },
  { "review-before-start", { "care-plan", "review", "PLAN", "--reason", "scheduled", "--on", "2026-08-01", NULL },
    1, "--on: 2026-08-01 is before start_date 2026-09-01" },
  { "review-closed-plan", { "care-plan", "review", "CLOSED_PLAN", "--reason", "scheduled", NULL },
    1, "is closed (disengaged)" },
  { "event-scheduled", { "care-plan", "event", "PLAN", "--kind", "scheduled", NULL }, 1, "--kind: “scheduled”" },
  { "close-bad-outcome", { "care-plan", "close", "PLAN", "--outcome", "finished", NULL }, 1, "--outcome: “finished”" },
  { "close-unknown-plan", { "care-plan", "close", "00000000-0000-4000-8000-000000000999", "--outcome", "completed",
                            NULL }, 1, "PLAN_ID: no care_plan with id" },
  { "goal-no-measure", { "goal", "add", "PLAN", "--what", "Housing", "--target", "2026-12-31", NULL },
    2, "goal add: --measure is required" },
  { "goal-after-plan-end", { "goal", "add", "PLAN", "--what", "Housing", "--measure", "Tenancy",
                             "--target", "2027-05-01", NULL }, 1,
    "target_date: 2027-05-01 is after the plan's end date 2027-03-01" },
  { "goal-bad-status", { "goal", "set", "GOAL", "status", "nearly", NULL }, 1, "status:" },
  { "goal-move-plan", { "goal", "set", "GOAL", "care_plan_id", "CLOSED_PLAN", NULL }, 2, "care_plan_id:" },
  { "top-no-stage", { "top", "add", "CLIENT", "--completed-on", "2026-11-20", TOP_ANSWERS, NULL },
    2, "top add: --stage is required" },
  { "top-days-out-of-range", { "top", "add", "CLIENT", "--stage", "start", "--completed-on", "2026-11-20",
                               "--injecting-days", "29", NULL }, 1, "injecting_days:" },
  { "top-rating-out-of-range", { "top", "add", "CLIENT", "--stage", "start", "--completed-on", "2026-11-20",
                                 "--quality-of-life", "21", NULL }, 1, "quality_of_life:" },
  { "top-amount-too-precise", { "top", "add", "CLIENT", "--stage", "start", "--completed-on", "2026-11-20",
                                "--opiates-grams", "0.125", TOP_ANSWERS, NULL }, 1, "opiates_grams:" },
  { "top-work-days-out-of-range", { "top", "add", "CLIENT", "--stage", "exit", "--completed-on", "2026-11-20",
                                    "--paid-work-days", "21", NULL }, 1, "paid_work_days:" },
  { "top-unanswered", { "top", "add", "CLIENT", "--stage", "start", "--completed-on", "2026-11-20", NULL },
    1, "alcohol_days:" },
  { "top-future", { "top", "add", "CLIENT", "--stage", "start", "--completed-on", "2026-11-25", TOP_ANSWERS, NULL },
    1, "completed_on:" },
  { "referral-no-service", { "referral", "add", "CLIENT", "--need-identified", "2026-11-01", NULL },
    2, "referral add: --service is required" },
  { "referral-before-need", { "referral", "add", "CLIENT", "--service", "GP", "--need-identified", "2026-11-10",
                              "--referred", "2026-11-09", NULL }, 1,
    "referred_on: 2026-11-09 is before need_identified_on 2026-11-10" },
  { "referral-future-need", { "referral", "add", "CLIENT", "--service", "GP", "--need-identified", "2026-12-01",
                              NULL }, 1, "need_identified_on: 2026-12-01 is in the future" },
  { "referral-made-undated", { "referral", "add", "CLIENT", "--service", "GP", "--need-identified", "2026-11-10",
                               "--status", "accepted", NULL }, 1, "referred_on: the day the referral was made" },
  { "referral-bad-status", { "referral", "set", "REFERRAL", "status", "lost", NULL }, 1, "status:" },
  { "referral-set-before-need", { "referral", "set", "REFERRAL", "referred_on", "2026-10-01", NULL }, 1,
    "referred_on: 2026-10-01 is before need_identified_on 2026-11-01" },
  { "contact-bad-kind", { "contact", "add", "CLIENT", "--kind", "chat", NULL }, 1, "kind:" },
  { "contact-future", { "contact", "add", "CLIENT", "--kind", "triage", "--at", "2026-11-26T10:00:00Z", NULL },
    1, "at: 2026-11-26T10:00:00Z is in the future" },
  { "appointment-no-at", { "appointment", "add", "CLIENT", "--kind", "gp", NULL }, 2,
    "appointment add: --at is required" },
  { "appointment-bad-at", { "appointment", "add", "CLIENT", "--kind", "gp", "--at", "tomorrow", NULL }, 1, "at:" },
  { "session-no-place", { "session", "start", NULL }, 2, "session start: --place is required" },
  { "session-bad-place", { "session", "start", "--place", "hmp_lincoln", NULL }, 1, "place:" },
  { "session-other-undescribed", { "session", "start", "--place", "other", NULL }, 1, "place_detail:" },
  { "attend-unknown-client", { "session", "attend", "SESSION", "CLIENT", "00000000-0000-4000-8000-000000000999",
                               NULL }, 1, "CLIENT_ID: no client with id" },
  { "attend-no-client", { "session", "attend", "SESSION", NULL }, 2, "session attend: CLIENT_ID is missing" },
  { "note-unknown-session", { "note", "add", "CLIENT", "--kind", "in_reach", "--body", "Seen.",
                              "--session", "00000000-0000-4000-8000-000000000999", NULL }, 1,
    "--session: no session with id" },
  { "workflow-unknown-subcommand", { "care-plan", "delete", NULL }, 2, "care-plan: unknown subcommand" },
};

typedef struct {
  Fixture  base;
  char    *client;
  char    *plan;
  char    *closed_plan;
  char    *goal;
  char    *referral;
  char    *session;
} BadFixture;

static void
bad_set_up (BadFixture    *f,
            gconstpointer  data)
{
  fixture_set_up (&f->base, data);
  f->client = add_client (&f->base, "Kit", "Badperson");
  f->plan = bare_id (run (&f->base, "care-plan", "add", f->client, "--start", "2026-09-01",
                          "--end", "2027-03-01", NULL));
  f->closed_plan = bare_id (run (&f->base, "care-plan", "add", f->client, "--start", "2026-03-01",
                                 "--end", "2026-09-01", NULL));
  g_free (run (&f->base, "care-plan", "close", f->closed_plan, "--outcome", "disengaged",
               "--on", "2026-08-01", NULL));
  f->goal = bare_id (run (&f->base, "goal", "add", f->plan, "--what", "Register with a GP",
                          "--measure", "Letter seen", "--target", "2026-12-31", NULL));
  f->referral = bare_id (run (&f->base, "referral", "add", f->client, "--service", "GP",
                              "--need-identified", "2026-11-01", NULL));
  f->session = bare_id (run (&f->base, "session", "start", "--place", "womens_centre", NULL));
}

static void
bad_tear_down (BadFixture    *f,
               gconstpointer  data)
{
  g_free (f->client);
  g_free (f->plan);
  g_free (f->closed_plan);
  g_free (f->goal);
  g_free (f->referral);
  g_free (f->session);
  fixture_tear_down (&f->base, data);
}

/* Everything the store holds, as the export prints it (without the time
 * of the export). */
static JsonNode *
store_records (Fixture *f)
{
  g_autofree char *out = run (f, "export", "--format", "json", NULL);
  g_autoptr(JsonNode) node = tg_test_parse_json (out);

  return json_node_ref (json_object_get_member (object_of (node), "records"));
}

static void
test_bad (BadFixture    *f,
          gconstpointer  data)
{
  const BadCase *c = data;
  g_autoptr(GPtrArray) argv = tg_test_cli_argv_new (&f->base.cli, TODAY, NULL);
  g_autoptr(JsonNode) before = store_records (&f->base);
  g_autoptr(JsonNode) after = NULL;
  TgTestResult result = { 0 };

  for (guint i = 0; c->args[i] != NULL; i++)
    {
      const char *arg = c->args[i];

      if (g_str_equal (arg, "CLIENT"))
        arg = f->client;
      else if (g_str_equal (arg, "PLAN"))
        arg = f->plan;
      else if (g_str_equal (arg, "CLOSED_PLAN"))
        arg = f->closed_plan;
      else if (g_str_equal (arg, "GOAL"))
        arg = f->goal;
      else if (g_str_equal (arg, "REFERRAL"))
        arg = f->referral;
      else if (g_str_equal (arg, "SESSION"))
        arg = f->session;
      g_ptr_array_add (argv, g_strdup (arg));
    }
  g_ptr_array_add (argv, NULL);
  tg_test_spawn ((const char * const *) argv->pdata, f->base.cli.dir, &result);
  g_test_message ("stderr: %s", result.err);
  g_assert_cmpint (result.status, ==, c->status);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, c->message));
  tg_test_result_clear (&result);

  after = store_records (&f->base);
  g_assert_true (json_node_equal (before, after));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/cli-workflows/care-plan", Fixture, NULL, fixture_set_up, test_care_plan, fixture_tear_down);
  g_test_add ("/tg/cli-workflows/top", Fixture, NULL, fixture_set_up, test_top, fixture_tear_down);
  g_test_add ("/tg/cli-workflows/referral", Fixture, NULL, fixture_set_up, test_referral, fixture_tear_down);
  g_test_add ("/tg/cli-workflows/contact", Fixture, NULL, fixture_set_up, test_contact, fixture_tear_down);
  g_test_add ("/tg/cli-workflows/appointment", Fixture, NULL, fixture_set_up, test_appointment,
              fixture_tear_down);
  g_test_add ("/tg/cli-workflows/session", Fixture, NULL, fixture_set_up, test_session, fixture_tear_down);
  g_test_add ("/tg/cli-workflows/walk-through", Fixture, NULL, fixture_set_up, test_walk_through,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (gate_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/cli-workflows/gate-rule/%s", gate_cases[i].name);

      g_test_add (path, Fixture, &gate_cases[i], fixture_set_up, test_gate_rule, fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/cli-workflows/bad/%s", bad_cases[i].name);

      g_test_add (path, BadFixture, &bad_cases[i], bad_set_up, test_bad, bad_tear_down);
    }

  return g_test_run ();
}
