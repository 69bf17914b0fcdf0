/* throughgate-cli run-sheet, driven as a mentor would, with the CLI's
 * clock set by faketime so "tomorrow" is known. The rule itself is tested
 * case by case in test-run-sheet.c; this checks the command wires it up
 * and prints what docs/cli.md says. All names are invented. */

#include <string.h>

#include <json-glib/json-glib.h>

#include "tg-test-json.h"
#include "tg-test-util.h"

#define PIN "135790"
/* Wednesday evening: tomorrow is Thursday 26 November 2026. */
#define WEDNESDAY "@2026-11-25 20:00:00"

typedef struct {
  TgTestCli cli;
} Fixture;

static char *
add_client (Fixture    *f,
            const char *given,
            const char *family)
{
  g_autofree char *out = tg_test_cli_run_ok (&f->cli, NULL, "client", "add", "--given", given,
                                             "--family", family, "--prison-number", "A1234BC",
                                             "--json", NULL);

  return tg_test_json_id (out);
}

/* Ada: Friday 27th after months inside, so likely out on Thursday 26th;
 * her treatment appointment at 11:00 and probation at 14:00 that day,
 * entered out of order, and a treatment provider, which is clinical.
 * Ben: confirmed for Thursday, earlier in the morning. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *ada = NULL;
  g_autofree char *ben = NULL;

  tg_test_cli_init (&f->cli, "tg-cli-run-sheet-XXXXXX", PIN);
  out = tg_test_cli_run_ok (&f->cli, NULL, "init", "--worker", "Jo Mentor", NULL);
  ada = add_client (f, "Ada", "Alpha");
  ben = add_client (f, "Ben", "Bravo");
  g_free (out);
  out = tg_test_cli_run_ok (&f->cli, NULL, "release", "set", ada,
                            "ard", "2026-11-27", "sentence_start", "2026-06-01",
                            "release_time", "09:30", "gate", "Main gate",
                            "probation_appointment_at", "2026-11-26T14:00:00Z",
                            "probation_place", "Castle Boulevard",
                            "treatment_appointment_at", "2026-11-26T11:00:00Z",
                            "treatment_appointment_place", "The Health Shop",
                            "treatment_provider", "Riverside Recovery Clinic", NULL);
  g_free (out);
  out = tg_test_cli_run_ok (&f->cli, NULL, "release", "set", ben,
                            "confirmed_release_date", "2026-11-26", "release_time", "08:00",
                            "pickup_mentor", "Jo Mentor", "pickup_status", "arranged", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tg_test_cli_clear (&f->cli);
}

/* The default day is tomorrow: Ben then Ada, Ada marked earlier with the
 * date recorded, her appointments in time order. */
static void
test_json_tomorrow (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *json = tg_test_cli_run_ok (&f->cli, WEDNESDAY, "run-sheet", "--json", NULL);
  g_autoptr(JsonNode) root = tg_test_parse_json (json);
  JsonObject *sheet = json_node_get_object (root);
  JsonArray *people = json_object_get_array_member (sheet, "people");
  JsonObject *ben, *ada;
  JsonArray *appointments;

  g_assert_cmpstr (json_object_get_string_member (sheet, "date"), ==, "2026-11-26");
  g_assert_cmpuint (json_array_get_length (people), ==, 2);
  ben = json_array_get_object_element (people, 0);
  ada = json_array_get_object_element (people, 1);
  g_assert_cmpstr (json_object_get_string_member (ben, "family_name"), ==, "Bravo");
  g_assert_false (json_object_get_boolean_member (ben, "earlier_release"));
  g_assert_cmpstr (json_object_get_string_member (ben, "pickup_status"), ==, "arranged");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ben, "appointments")), ==, 0);

  g_assert_cmpstr (json_object_get_string_member (ada, "family_name"), ==, "Alpha");
  g_assert_cmpstr (json_object_get_string_member (ada, "release_date"), ==, "2026-11-27");
  g_assert_true (json_object_get_boolean_member (ada, "earlier_release"));
  g_assert_cmpstr (json_object_get_string_member (ada, "earlier_reason"), ==, "friday");
  g_assert_cmpstr (json_object_get_string_member (ada, "release_time"), ==, "09:30");
  appointments = json_object_get_array_member (ada, "appointments");
  g_assert_cmpuint (json_array_get_length (appointments), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (appointments, 0), "kind"),
                   ==, "treatment");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (appointments, 0), "time"),
                   ==, "11:00");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (appointments, 1), "place"),
                   ==, "Castle Boulevard");
  g_assert_null (strstr (json, "Riverside"));
}

/* The text for people, and today's empty sheet. */
static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *text = tg_test_cli_run_ok (&f->cli, NULL, "run-sheet", "--date", "2026-11-26", NULL);
  g_autofree char *today = tg_test_cli_run_ok (&f->cli, WEDNESDAY, "run-sheet", "--date", "today", NULL);
  const char *ben, *ada, *treatment, *probation;

  g_assert_true (g_str_has_prefix (text, "Run sheet for Thursday 26 November 2026\n"));
  ben = strstr (text, "08:00  Ben Bravo");
  ada = strstr (text, "09:30  Ada Alpha");
  treatment = strstr (text, "11:00  treatment, The Health Shop");
  probation = strstr (text, "14:00  probation, Castle Boulevard");
  g_assert_nonnull (ben);
  g_assert_nonnull (ada);
  g_assert_nonnull (treatment);
  g_assert_nonnull (probation);
  g_assert_true (ben < ada && ada < treatment && treatment < probation);
  g_assert_nonnull (strstr (text, "likely earlier: the date recorded is Friday 27 November 2026"));
  g_assert_null (strstr (text, "Riverside"));
  g_assert_cmpstr (today, ==, "No releases on Wednesday 25 November 2026.\n");
}

static void
test_bad_date (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) argv = tg_test_cli_argv_new (&f->cli, NULL, NULL);
  TgTestResult result = { 0 };

  g_ptr_array_add (argv, g_strdup ("run-sheet"));
  g_ptr_array_add (argv, g_strdup ("--date"));
  g_ptr_array_add (argv, g_strdup ("2026-02-30"));
  g_ptr_array_add (argv, NULL);
  tg_test_spawn ((const char * const *) argv->pdata, f->cli.dir, &result);
  g_assert_cmpint (result.status, !=, 0);
  g_assert_nonnull (strstr (result.err, "--date"));
  g_assert_cmpstr (result.out, ==, "");
  tg_test_result_clear (&result);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/cli/run-sheet/json-tomorrow", Fixture, NULL, fixture_set_up,
              test_json_tomorrow, fixture_tear_down);
  g_test_add ("/tg/cli/run-sheet/text", Fixture, NULL, fixture_set_up, test_text, fixture_tear_down);
  g_test_add ("/tg/cli/run-sheet/bad-date", Fixture, NULL, fixture_set_up, test_bad_date,
              fixture_tear_down);
  return g_test_run ();
}
