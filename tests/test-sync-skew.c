/* Devices with wrong clocks against the real server (docs/sync-protocol.md,
 * "Clock skew"): a clock a day ahead gets its batch refused, re-stamps and
 * gets through in the same sync, and nobody ever sees the future stamps;
 * a clock ten years behind still wins with edits made after it last saw
 * newer data. The CLI runs under faketime; the server keeps real time. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tg-test-server.h"
#include "tg-test-json.h"
#include "tg-test-util.h"

#define PIN    "716204"
#define TEAM   "Nottingham Outreach"
#define MIN_MS G_GINT64_CONSTANT (60000)

typedef TgTestServerFixture Fixture;

/* Runs the CLI with --json and the arguments from @first on; it must
 * succeed. */
static JsonNode *
run_json (TgTestCli  *cli,
          const char *faketime,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = tg_test_cli_argv_new (cli, faketime, NULL);
  TgTestResult result = { 0 };
  JsonNode *root;
  va_list ap;

  g_ptr_array_add (argv, g_strdup ("--json"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  tg_test_spawn ((const char * const *) argv->pdata, cli->dir, &result);
  if (result.status != 0)
    g_error ("throughgate-cli %s (clock %s) failed (%d): %s", first,
             faketime != NULL ? faketime : "real", result.status, result.err);
  root = tg_test_parse_json (result.out);
  tg_test_result_clear (&result);
  return root;
}

static gboolean
member_true (JsonNode   *node,
             const char *member)
{
  return json_object_get_boolean_member (json_node_get_object (node), member);
}

static gint64
member_int (JsonNode   *node,
            const char *member)
{
  return json_object_get_int_member (json_node_get_object (node), member);
}

/* The value and the milliseconds of the version of a client field. */
static char *
field_version (TgTestCli  *cli,
               const char *id,
               const char *field,
               gint64     *out_ms)
{
  g_autoptr(JsonNode) root = run_json (cli, NULL, "client", "get", id, "--versions", NULL);
  JsonObject *object = json_node_get_object (root);
  JsonObject *version;

  version = json_object_get_object_member (json_object_get_object_member (object, "versions"),
                                           field);
  *out_ms = (gint64) ((guint64) json_object_get_int_member (version, "hlc") >> 16);
  return g_strdup (json_object_get_string_member (object, field));
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* A tablet a day ahead: refused, re-stamped, accepted, all in one sync. */
static void
test_ahead (Fixture       *fixture,
            gconstpointer  data)
{
  TgTestCli a = { 0 };
  TgTestCli b = { 0 };
  g_autofree char *device_a = NULL;
  g_autofree char *device_b = NULL;
  g_autofree char *id = NULL;
  g_autofree char *value = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) result = NULL;
  gint64 ms;

  tg_test_cli_init (&a, "tg-skew-a-XXXXXX", PIN);
  tg_test_cli_init (&b, "tg-skew-b-XXXXXX", PIN);
  device_a = tg_test_server_enroll_cli (fixture->server, &a, NULL, "worker", TEAM);
  device_b = tg_test_server_enroll_cli (fixture->server, &b, "+1d", "worker", TEAM);

  out = tg_test_cli_run_ok (&a, NULL, "client", "add", "--given", "Morgan", "--family",
                            "Clockperson", "--team", TEAM, "--json", NULL);
  id = tg_test_json_id (out);
  g_clear_pointer (&out, g_free);
  result = run_json (&a, NULL, "sync", NULL);
  g_clear_pointer (&result, json_node_unref);
  result = run_json (&b, "+1d", "sync", NULL);
  g_assert_cmpint (member_int (result, "pulled"), >, 0);
  g_clear_pointer (&result, json_node_unref);

  /* The write is stamped a day ahead; the sync is refused once, re-stamps
   * from the server's clock and gets through. */
  g_free (tg_test_cli_run_ok (&b, "+1d", "client", "set", id, "preferred_name", "Mo", NULL));
  value = field_version (&b, id, "preferred_name", &ms);
  g_assert_cmpint (ms, >, now_ms () + 23 * 60 * MIN_MS);
  g_clear_pointer (&value, g_free);

  result = run_json (&b, "+1d", "sync", NULL);
  g_assert_true (member_true (result, "clock_restamped"));
  g_assert_true (member_true (result, "clock_warning"));
  g_assert_cmpint (member_int (result, "pushed"), ==, 1);
  g_assert_cmpint (member_int (result, "server_offset_ms"), <, -23 * 60 * MIN_MS);
  g_clear_pointer (&result, json_node_unref);

  value = field_version (&b, id, "preferred_name", &ms);
  g_assert_cmpstr (value, ==, "Mo");
  g_assert_cmpint (ABS (ms - now_ms ()), <, 5 * MIN_MS);
  g_clear_pointer (&value, g_free);

  /* The other device gets the value with a sane stamp: the day-ahead one
   * never reached the server. */
  result = run_json (&a, NULL, "sync", NULL);
  g_assert_cmpint (member_int (result, "pulled"), ==, 1);
  g_assert_false (member_true (result, "clock_warning"));
  g_clear_pointer (&result, json_node_unref);
  value = field_version (&a, id, "preferred_name", &ms);
  g_assert_cmpstr (value, ==, "Mo");
  g_assert_cmpint (ABS (ms - now_ms ()), <, 5 * MIN_MS);
  g_clear_pointer (&value, g_free);

  /* The correction is kept: the next write on the fast tablet is sane. */
  g_free (tg_test_cli_run_ok (&b, "+1d", "client", "set", id, "preferred_name", "Morg", NULL));
  value = field_version (&b, id, "preferred_name", &ms);
  g_assert_cmpint (ABS (ms - now_ms ()), <, 5 * MIN_MS);
  result = run_json (&b, "+1d", "sync", NULL);
  g_assert_false (member_true (result, "clock_restamped"));
  g_assert_cmpint (member_int (result, "pushed"), ==, 1);

  tg_test_cli_clear (&a);
  tg_test_cli_clear (&b);
}

/* A tablet ten years behind: what it writes after pulling newer data
 * wins over that data, across restarts of the program. */
static void
test_behind (Fixture       *fixture,
             gconstpointer  data)
{
  TgTestCli a = { 0 };
  TgTestCli b = { 0 };
  g_autofree char *device_a = NULL;
  g_autofree char *device_b = NULL;
  g_autofree char *id = NULL;
  g_autofree char *value = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) result = NULL;
  gint64 ms_a;
  gint64 ms_b;

  tg_test_cli_init (&a, "tg-skew-c-XXXXXX", PIN);
  tg_test_cli_init (&b, "tg-skew-d-XXXXXX", PIN);
  device_a = tg_test_server_enroll_cli (fixture->server, &a, NULL, "worker", TEAM);
  device_b = tg_test_server_enroll_cli (fixture->server, &b, "-10y", "worker", TEAM);

  out = tg_test_cli_run_ok (&a, NULL, "client", "add", "--given", "Riley", "--family",
                            "Oldclockperson", "--team", TEAM, "--establishment",
                            "HMP Nottingham", "--json", NULL);
  id = tg_test_json_id (out);
  result = run_json (&a, NULL, "sync", NULL);
  g_clear_pointer (&result, json_node_unref);

  result = run_json (&b, "-10y", "sync", NULL);
  g_assert_cmpint (member_int (result, "pulled"), >, 0);
  g_assert_true (member_true (result, "clock_warning"));
  g_assert_false (member_true (result, "clock_restamped"));
  g_clear_pointer (&result, json_node_unref);

  /* Written after b saw a's version, in a new process: still newer. */
  g_free (tg_test_cli_run_ok (&b, "-10y", "client", "set", id, "establishment",
                              "HMP Lowdham Grange", NULL));
  value = field_version (&a, id, "establishment", &ms_a);
  g_clear_pointer (&value, g_free);
  value = field_version (&b, id, "establishment", &ms_b);
  g_assert_cmpint (ms_b, >=, ms_a);
  g_clear_pointer (&value, g_free);

  result = run_json (&b, "-10y", "sync", NULL);
  g_assert_cmpint (member_int (result, "pushed"), ==, 1);
  g_clear_pointer (&result, json_node_unref);
  result = run_json (&a, NULL, "sync", NULL);
  g_assert_cmpint (member_int (result, "pulled"), ==, 1);
  g_clear_pointer (&result, json_node_unref);

  value = field_version (&a, id, "establishment", &ms_a);
  g_assert_cmpstr (value, ==, "HMP Lowdham Grange");

  tg_test_cli_clear (&a);
  tg_test_cli_clear (&b);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/sync-skew/ahead", Fixture, NULL, tg_test_server_fixture_set_up, test_ahead,
              tg_test_server_fixture_tear_down);
  g_test_add ("/tg/sync-skew/behind", Fixture, NULL, tg_test_server_fixture_set_up, test_behind,
              tg_test_server_fixture_tear_down);

  return g_test_run ();
}
