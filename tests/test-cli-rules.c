/* throughgate-cli release check and kpi, driven as a worker would, with
 * the CLI's clock set by faketime so "today" is known. The rules
 * themselves are tested case by case in test-*-rules.c and test-kpi.c;
 * this checks the commands wire them up and print what docs/cli.md says. */

#include <json-glib/json-glib.h>

#include "tg-test-util.h"

#define PIN "135790"
#define TEAM "Nottingham In-Reach"

typedef struct {
  TgTestCli cli;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;

  tg_test_cli_init (&f->cli, "tg-cli-rules-XXXXXX", PIN);
  out = tg_test_cli_run_ok (&f->cli, NULL, "init", "--worker", "Sam Example", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tg_test_cli_clear (&f->cli);
}

static char *
add_client (Fixture    *f,
            const char *given,
            const char *status)
{
  g_autofree char *out = tg_test_cli_run_ok (&f->cli, NULL, "client", "add", "--given", given,
                                             "--family", "Testperson", "--team", TEAM,
                                             "--custody-status", status, "--json", NULL);

  return tg_test_json_id (out);
}

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Friday 27 November 2026, seen on Tuesday 24th: likely out on Thursday
 * 26th, two days away; confirmed on the 18th, before the final week that
 * began on the 19th. */
static void
test_release_check (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = add_client (f, "Nia", "sentenced");
  g_autofree char *set = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *earlier;
  JsonArray *missing;

  set = tg_test_cli_run_ok (&f->cli, NULL, "release", "set", id,
                            "confirmed_release_date", "2026-11-27", "confirmed_on", "2026-11-18",
                            "sentence_start", "2026-06-01", "release_type", "standard",
                            "accommodation", "Hostel", "gp_registered", "true",
                            "on_licence", "false", "pickup_status", "declined", NULL);
  json = tg_test_cli_run_ok (&f->cli, "@2026-11-24 12:00:00", "release", "check", id, "--json", NULL);
  root = parse_object (json, parser);

  g_assert_cmpstr (json_object_get_string_member (root, "release_date"), ==, "2026-11-27");
  g_assert_cmpstr (json_object_get_string_member (root, "walk_out_date"), ==, "2026-11-26");
  g_assert_cmpint (json_object_get_int_member (root, "days_to_release"), ==, 2);
  earlier = json_object_get_object_member (root, "earlier_release");
  g_assert_true (json_object_get_boolean_member (earlier, "likely"));
  g_assert_cmpstr (json_object_get_string_member (earlier, "reason"), ==, "friday");
  g_assert_cmpint (json_object_get_int_member (earlier, "days_served"), ==, 179);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "prompt"), "stage"),
                   ==, "2_days");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "freshness"), "stale"));
  g_assert_false (json_object_has_member (root, "continuity_of_care"));

  /* Done: accommodation, GP; not needed: probation and licence (no
   * licence), pickup (declined); the other six are missing. */
  missing = json_object_get_array_member (root, "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 6);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, "treatment_appointment");
  g_assert_cmpstr (json_array_get_string_element (missing, 5), ==, "universal_credit");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "checklist")), ==, 11);

  text = tg_test_cli_run_ok (&f->cli, "@2026-11-24 12:00:00", "release", "check", id, NULL);
  g_assert_nonnull (strstr (text, "likely out on Thursday 26 November 2026"));
  g_assert_nonnull (strstr (text, "WARNING"));
  g_assert_nonnull (strstr (text, "6 of 11 items missing"));
}

/* A client without a plan gets the whole checklist as missing. */
static void
test_release_check_no_plan (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = add_client (f, "Omar", "remand");
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  json = tg_test_cli_run_ok (&f->cli, "@2026-11-24 12:00:00", "release", "check", id, "--json", NULL);
  root = parse_object (json, parser);
  g_assert_false (json_object_has_member (root, "release_date"));
  g_assert_cmpstr (json_object_get_string_member (root, "release_date_source"), ==, "none");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "missing")), ==, 11);
}

/* Ada out 6 November, in treatment on the 20th (day 14): met. Ben out 2
 * November, in treatment on the 24th (day 22): missed. Cal still inside,
 * so three open cases, none with a care plan. Worked out on 10 December. */
static void
test_kpi (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *ada = add_client (f, "Ada", "released");
  g_autofree char *ben = add_client (f, "Ben", "released");
  g_autofree char *cal = add_client (f, "Cal", "sentenced");
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *measures;
  JsonObject *continuity;

  out = tg_test_cli_run_ok (&f->cli, NULL, "release", "set", ada, "ard", "2026-11-06",
                            "released_on", "2026-11-06", "treatment_engaged_on", "2026-11-20", NULL);
  g_clear_pointer (&out, g_free);
  out = tg_test_cli_run_ok (&f->cli, NULL, "release", "set", ben, "ard", "2026-11-02",
                            "released_on", "2026-11-02", "treatment_engaged_on", "2026-11-24", NULL);

  csv = tg_test_cli_run_ok (&f->cli, "@2026-12-10 12:00:00", "kpi", "--team", TEAM,
                            "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv", NULL);
  g_assert_true (g_str_has_prefix (csv, "team,worker,from,to,measure,numerator,denominator,percent,pending\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n" TEAM ",,2026-11-01,2026-11-30,cases_with_active_care_plan,0,3,0.0,0\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n" TEAM ",,2026-11-01,2026-11-30,continuity_of_care,1,2,50.0,0\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n" TEAM ",,2026-11-01,2026-11-30,referrals_on_time,0,0,,0\r\n"));

  /* Without --from and --to: the month of today, 1 to 10 December. */
  json = tg_test_cli_run_ok (&f->cli, "@2026-12-10 12:00:00", "kpi", "--json", NULL);
  root = parse_object (json, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "2026-12-01");
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, "2026-12-10");
  g_assert_false (json_object_has_member (root, "team"));
  measures = json_object_get_array_member (root, "measures");
  g_assert_cmpuint (json_array_get_length (measures), ==, 11);
  continuity = json_array_get_object_element (measures, 5);
  g_assert_cmpstr (json_object_get_string_member (continuity, "measure"), ==, "continuity_of_care");
  /* Nobody was released in December. */
  g_assert_cmpint (json_object_get_int_member (continuity, "denominator"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (measures, 0), "denominator"), ==, 3);
}

typedef struct {
  const char *name;
  const char *args[8];
  int         status;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "kpi-no-format", { "kpi", NULL }, 2, "kpi: --format is required" },
  { "kpi-bad-format", { "kpi", "--format", "xlsx", NULL }, 2, "--format: “xlsx”" },
  { "kpi-json-and-csv", { "kpi", "--format", "csv", "--json", NULL }, 2, "contradict" },
  { "kpi-bad-from", { "kpi", "--format", "csv", "--from", "2026-02-30", NULL }, 1, "--from: “2026-02-30” is not a date" },
  { "kpi-from-after-to", { "kpi", "--format", "csv", "--from", "2026-12-02", "--to", "2026-12-01", NULL }, 1,
    "--from: 2026-12-02 is after --to 2026-12-01" },
  { "check-no-id", { "release", "check", NULL }, 2, "CLIENT_ID" },
  { "check-unknown-id", { "release", "check", "00000000-0000-4000-8000-000000000999", NULL }, 1, "CLIENT_ID:" },
};

static void
test_bad (Fixture       *f,
          gconstpointer  data)
{
  const BadCase *c = data;
  g_autoptr(GPtrArray) argv = tg_test_cli_argv_new (&f->cli, NULL, NULL);
  TgTestResult result = { 0 };

  for (guint i = 0; c->args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (c->args[i]));
  g_ptr_array_add (argv, NULL);
  tg_test_spawn ((const char * const *) argv->pdata, f->cli.dir, &result);
  g_assert_cmpint (result.status, ==, c->status);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, c->message));
  tg_test_result_clear (&result);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/cli-rules/release-check", Fixture, NULL, fixture_set_up, test_release_check, fixture_tear_down);
  g_test_add ("/tg/cli-rules/release-check-no-plan", Fixture, NULL, fixture_set_up, test_release_check_no_plan,
              fixture_tear_down);
  g_test_add ("/tg/cli-rules/kpi", Fixture, NULL, fixture_set_up, test_kpi, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/cli-rules/bad/%s", bad_cases[i].name);

      g_test_add (path, Fixture, &bad_cases[i], fixture_set_up, test_bad, fixture_tear_down);
    }

  return g_test_run ();
}
