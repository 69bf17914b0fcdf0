/* test-cli.c: throughgate-cli driven as a user drives it.
 *
 * Every case spawns the real executable (TG_CLI, set by tests/meson.build)
 * against a store in its own temporary directory, inside the keyring
 * session that keyring-session.sh gives this test binary. All data is
 * synthetic: NHS numbers are from the 999 range that is never issued, and
 * the PNC and CRO numbers use year 99 and serial 999999.
 */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tg-test-json.h"
#include "tg-test-util.h"

#define TEST_PIN "482913"

/* A store of one test: a temporary directory holding the data directory
 * and a private PIN file. */
typedef TgTestCli Env;

static Env *
env_new (void)
{
  Env *env = g_new0 (Env, 1);

  tg_test_cli_init (env, "tg-cli-XXXXXX", TEST_PIN);
  return env;
}

static void
env_free (Env *env)
{
  tg_test_cli_clear (env);
  g_free (env);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Env, env_free)

/* Runs the CLI with --data-dir and --pin-file (pin_file NULL: the env's)
 * followed by the NULL-terminated @args. */
static void
run_argv (Env                *env,
          const char         *pin_file,
          const char * const *args,
          TgTestResult       *result)
{
  g_autoptr(GPtrArray) argv = tg_test_cli_argv_new (env, NULL, pin_file);

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  tg_test_spawn ((const char * const *) argv->pdata, env->dir, result);
}

/* Runs a command that must succeed and returns its stdout, stripped. The
 * arguments end with NULL. */
static char *
run_ok (Env        *env,
        const char *first_arg,
        ...) G_GNUC_NULL_TERMINATED;

static char *
run_ok (Env        *env,
        const char *first_arg,
        ...)
{
  char *out;
  va_list ap;

  va_start (ap, first_arg);
  out = tg_test_cli_run_ok_valist (env, NULL, first_arg, ap);
  va_end (ap);
  return g_strstrip (out);
}

/* The JSON export with its one moving part, exported_at, blanked out. */
static char *
export_json (Env *env)
{
  g_autofree char *text = run_ok (env, "export", "--format", "json", NULL);
  g_autoptr(GRegex) regex = NULL;

  regex = g_regex_new ("\"exported_at\" : \"[^\"]*\"", 0, 0, NULL);
  g_assert_true (g_regex_match_simple ("\"exported_at\" : \"20", text, 0, 0));
  return g_regex_replace_literal (regex, text, -1, 0, "\"exported_at\" : \"\"",
                                  0, NULL);
}

static char *
init_store (Env *env)
{
  return run_ok (env, "init", "--worker", "Sam Example", NULL);
}

/* Bad input. Each case runs against one shared store that holds a client
 * with every identifier set, a release plan and a signed note; in the
 * arguments, @CLIENT, @NOTE and @LONG stand for the client's id, the note's
 * id and a 100,000-character note body. */

#define UNKNOWN_ID "00000000-0000-4000-8000-000000000999"

typedef struct {
  const char *name;
  const char *args[10];
  const char *expect;   /* stderr names this */
  int         status;
} BadInput;

static const BadInput bad_inputs[] = {
  { "prison-number", { "client", "set", "@CLIENT", "prison_number", "1234ABC" }, "prison_number", 1 },
  { "pnc-id", { "client", "set", "@CLIENT", "pnc_id", "2099/0999999M" }, "pnc_id", 1 },
  { "cro-number", { "client", "set", "@CLIENT", "cro_number", "999999/99M" }, "cro_number", 1 },
  { "nhs-number", { "client", "set", "@CLIENT", "nhs_number", "999 000 0019" }, "nhs_number", 1 },
  { "crn", { "client", "set", "@CLIENT", "crn", "1234567" }, "crn", 1 },
  { "date", { "client", "set", "@CLIENT", "date_of_birth", "2027-02-30" }, "date_of_birth", 1 },
  { "date-time", { "release", "set", "@CLIENT", "treatment_appointment_at", "2026-11-27T25:00:00Z" }, "treatment_appointment_at", 1 },
  { "time", { "release", "set", "@CLIENT", "release_time", "24:30" }, "release_time", 1 },
  { "choice", { "client", "set", "@CLIENT", "custody_status", "escaped" }, "custody_status", 1 },
  { "boolean", { "client", "set", "@CLIENT", "consent_to_share", "perhaps" }, "consent_to_share", 1 },
  { "release-date", { "release", "set", "@CLIENT", "crd", "27/11/2026" }, "crd", 1 },
  { "unknown-field", { "client", "set", "@CLIENT", "favourite_colour", "blue" }, "favourite_colour", 1 },
  { "unknown-field-option", { "client", "add", "--given", "Jo", "--family", "Test", "--shoe-size", "9" }, "shoe_size", 1 },
  { "add-bad-nhs-number", { "client", "add", "--given", "Jo", "--family", "Test", "--nhs-number", "9990000019" }, "nhs_number", 1 },
  { "good-and-bad-field", { "client", "set", "@CLIENT", "team", "elsewhere", "crn", "X12345" }, "crn", 1 },
  { "note-body-too-long", { "note", "add", "@CLIENT", "--kind", "other", "--body", "@LONG" }, "body", 1 },
  { "note-occurred-at", { "note", "add", "@CLIENT", "--kind", "other", "--body", "Seen.", "--occurred-at", "yesterday" }, "occurred_at", 1 },
  { "note-kind", { "note", "add", "@CLIENT", "--kind", "visit", "--body", "Seen." }, "kind", 1 },
  { "unknown-client", { "note", "add", UNKNOWN_ID, "--kind", "other", "--body", "Seen." }, UNKNOWN_ID, 1 },
  { "unknown-client-set", { "client", "set", UNKNOWN_ID, "team", "north" }, UNKNOWN_ID, 1 },
  { "not-an-id", { "client", "get", "not-an-id" }, "not-an-id", 1 },
  { "signed-note-edit", { "note", "set", "@NOTE", "body", "Rewritten." }, "@NOTE", 1 },
  { "signed-note-forged-signer", { "note", "set", "@NOTE", "signed_by", "Someone Else" }, "signed_by", 2 },
  { "missing-kind", { "note", "add", "@CLIENT", "--body", "Seen." }, "--kind", 2 },
  { "missing-given", { "client", "add", "--family", "Test" }, "--given", 2 },
  { "missing-value", { "client", "set", "@CLIENT", "team" }, "team", 2 },
  { "unknown-command", { "frobnicate" }, "frobnicate", 2 },
  { "unknown-subcommand", { "client", "remove", "@CLIENT" }, "remove", 2 },
  { "unknown-option", { "client", "list", "--colour", "red" }, "--colour", 2 },
  { "gate-list-from", { "gate-list", "--from", "2026-13-01" }, "--from", 1 },
  { "export-format", { "export", "--format", "xml" }, "--format", 2 },
};

typedef struct {
  Env  *env;
  char *client_id;
  char *note_id;
  char *long_body;
} Shared;

static Shared shared;

/* Built by the first bad-input case that runs, so that running one case
 * alone (-p) still works; the cases only read it. */
static void
shared_ensure (void)
{
  if (shared.env != NULL)
    return;

  shared.env = env_new ();
  g_free (init_store (shared.env));
  shared.client_id = run_ok (shared.env, "client", "add",
                             "--given", "Alex", "--family", "Testperson",
                             "--dob", "1990-04-01",
                             "--prison-number", "A1234BC",
                             "--pnc-id", "2099/0999999L",
                             "--cro-number", "999999/99L",
                             "--nhs-number", "9990000018",
                             "--crn", "X123456",
                             "--team", "north",
                             "--custody-status", "sentenced", NULL);
  g_free (run_ok (shared.env, "release", "set", shared.client_id,
                  "confirmed_release_date", "2026-11-25",
                  "release_time", "09:30", "gate", "Main gate", NULL));
  shared.note_id = run_ok (shared.env, "note", "add", shared.client_id,
                           "--kind", "in_reach",
                           "--body", "Seen at surgery; release plan agreed.", NULL);
  g_free (run_ok (shared.env, "note", "sign", shared.note_id, NULL));
  shared.long_body = g_strnfill (100000, 'x');
}

static const char *
substitute (const char *arg)
{
  if (g_strcmp0 (arg, "@CLIENT") == 0)
    return shared.client_id;
  if (g_strcmp0 (arg, "@NOTE") == 0)
    return shared.note_id;
  if (g_strcmp0 (arg, "@LONG") == 0)
    return shared.long_body;
  return arg;
}

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *first_line = NULL;
  const char *args[G_N_ELEMENTS (bad->args) + 1] = { NULL };
  const char *expect;
  TgTestResult result = { 0 };

  shared_ensure ();
  before = export_json (shared.env);

  for (guint i = 0; bad->args[i] != NULL; i++)
    args[i] = substitute (bad->args[i]);
  run_argv (shared.env, NULL, args, &result);

  g_test_message ("stderr: %s", result.err);
  g_assert_cmpint (result.status, ==, bad->status);
  g_assert_cmpstr (result.out, ==, "");

  /* One line, from the program, naming what was wrong. */
  expect = substitute (bad->expect);
  g_assert_true (g_str_has_prefix (result.err, "throughgate-cli: "));
  g_assert_true (g_str_has_suffix (result.err, "\n"));
  g_assert_true (strchr (result.err, '\n') == result.err + strlen (result.err) - 1);
  g_assert_nonnull (strstr (result.err, expect));

  after = export_json (shared.env);
  g_assert_cmpstr (after, ==, before);
  tg_test_result_clear (&result);
}

/* The happy path: three releases, notes signed, the gate list in date
 * order with the Friday flagged, and the export holding it all. */

static const struct {
  const char *given;
  const char *family;
  const char *prison_number;
  const char *release_date;
  gboolean    earlier;
} releases[] = {
  /* 27 November 2026 is a Friday; the other two are midweek. */
  { "Robin", "Fridayperson", "A1111AA", "2026-11-27", TRUE },
  { "Kim", "Wednesdayperson", "B2222BB", "2026-11-25", FALSE },
  { "Lee", "Tuesdayperson", "C3333CC", "2026-11-24", FALSE },
};

static void
test_flow (void)
{
  g_autoptr(Env) env = env_new ();
  g_autoptr(JsonNode) gate = NULL;
  g_autoptr(JsonNode) export = NULL;
  g_autoptr(JsonNode) client = NULL;
  g_autofree char *gate_text = NULL;
  g_autofree char *export_text = NULL;
  g_autofree char *client_text = NULL;
  g_autofree char *csv = NULL;
  char *ids[G_N_ELEMENTS (releases)];
  JsonArray *array;
  JsonObject *records;
  static const guint expected_order[] = { 2, 1, 0 };

  g_free (init_store (env));

  for (guint i = 0; i < G_N_ELEMENTS (releases); i++)
    {
      g_autofree char *added = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *note = NULL;
      g_autofree char *correction = NULL;

      /* --json may come anywhere after the command. */
      added = run_ok (env, "client", "add", "--json",
                      "--given", releases[i].given,
                      "--family", releases[i].family,
                      "--prison-number", releases[i].prison_number,
                      "--establishment", "HMP Nottingham", NULL);
      node = tg_test_parse_json (added);
      ids[i] = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));

      g_free (run_ok (env, "release", "set", ids[i],
                      "confirmed_release_date", releases[i].release_date,
                      "release_time", "08:30", "gate", "Gate 2",
                      "pickup_mentor", "Pat Mentor",
                      "pickup_status", "arranged", NULL));
      note = run_ok (env, "note", "add", ids[i], "--kind", "in_reach",
                     "--body", "Release plan checked, \"all\" in place,\nID sorted.",
                     "--occurred-at", "2026-11-20T10:15:00Z", NULL);
      g_free (run_ok (env, "note", "sign", note, NULL));
      correction = run_ok (env, "note", "add", ids[i], "--kind", "other",
                           "--body", "Correction: gate 3.", "--corrects", note, NULL);
      g_assert_cmpstr (correction, !=, note);
    }

  gate_text = run_ok (env, "gate-list", "--from", "2026-11-23", "--days", "7", "--json", NULL);
  gate = tg_test_parse_json (gate_text);
  array = json_node_get_array (gate);
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (releases));
  for (guint i = 0; i < G_N_ELEMENTS (expected_order); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      guint r = expected_order[i];

      g_assert_cmpstr (json_object_get_string_member (entry, "client_id"), ==, ids[r]);
      g_assert_cmpstr (json_object_get_string_member (entry, "release_date"), ==,
                       releases[r].release_date);
      g_assert_cmpstr (json_object_get_string_member (entry, "given_name"), ==,
                       releases[r].given);
      g_assert_cmpstr (json_object_get_string_member (entry, "prison_number"), ==,
                       releases[r].prison_number);
      g_assert_cmpstr (json_object_get_string_member (entry, "gate"), ==, "Gate 2");
      g_assert_cmpint (json_object_get_boolean_member (entry, "earlier_release"), ==,
                       releases[r].earlier);
    }

  /* Every field version is reported for the clock tests. */
  client_text = run_ok (env, "client", "get", ids[0], "--json", "--versions", NULL);
  client = tg_test_parse_json (client_text);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (client),
                                                  "family_name"), ==, "Fridayperson");
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (
                       json_object_get_object_member (json_node_get_object (client),
                                                      "versions"),
                       "family_name"),
                     "hlc"), >, 0);

  export_text = run_ok (env, "export", "--format", "json", NULL);
  export = tg_test_parse_json (export_text);
  records = json_object_get_object_member (json_node_get_object (export), "records");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (records, "client")),
                    ==, G_N_ELEMENTS (releases));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (records, "release_plan")),
                    ==, G_N_ELEMENTS (releases));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (records, "note")),
                    ==, 2 * G_N_ELEMENTS (releases));
  g_assert_true (json_object_has_member (records, "appointment"));
  g_assert_nonnull (strstr (export_text, "\"signed_by\" : \"Sam Example\""));

  csv = run_ok (env, "export", "--format", "csv", NULL);
  g_assert_true (g_str_has_prefix (csv, "entity,id,field,value\r\n"));
  for (guint i = 0; i < G_N_ELEMENTS (releases); i++)
    {
      g_autofree char *row = g_strdup_printf ("client,%s,family_name,%s\r\n",
                                              ids[i], releases[i].family);
      g_assert_nonnull (strstr (csv, row));
      g_free (ids[i]);
    }
  /* A body with quotes, a comma and a line break is one quoted field. */
  g_assert_nonnull (strstr (csv, ",body,\"Release plan checked, \"\"all\"\" in place,\nID sorted.\""));
}

static void
test_pin_file_mode (void)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *open_pin = tg_test_write_pin_file (env->dir, "open-pin", TEST_PIN, 0644);
  const char *init_args[] = { "init", NULL };
  const char *list_args[] = { "client", "list", NULL };
  TgTestResult result = { 0 };

  /* Refused before anything is created. */
  run_argv (env, open_pin, init_args, &result);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "--pin-file"));
  g_assert_nonnull (strstr (result.err, "0644"));
  g_assert_false (g_file_test (env->data_dir, G_FILE_TEST_EXISTS));
  tg_test_result_clear (&result);

  g_free (init_store (env));
  run_argv (env, open_pin, list_args, &result);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "--pin-file"));
  tg_test_result_clear (&result);
}

static void
test_pin_wrong (void)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *wrong_pin = tg_test_write_pin_file (env->dir, "wrong-pin", "482914", 0600);
  const char *list_args[] = { "client", "list", "--json", NULL };
  g_autofree char *id = NULL;
  g_autofree char *list = NULL;
  TgTestResult result = { 0 };

  g_free (init_store (env));
  id = run_ok (env, "client", "add", "--given", "Alex", "--family", "Testperson", NULL);

  run_argv (env, wrong_pin, list_args, &result);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "PIN"));
  tg_test_result_clear (&result);

  /* The right PIN still opens everything. */
  list = run_ok (env, "client", "list", "--json", NULL);
  g_assert_nonnull (strstr (list, id));
}

static void
test_pin_short (void)
{
  g_autoptr(Env) env = env_new ();
  g_autofree char *short_pin = tg_test_write_pin_file (env->dir, "short-pin", "48291", 0600);
  const char *init_args[] = { "init", NULL };
  TgTestResult result = { 0 };

  run_argv (env, short_pin, init_args, &result);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "6 characters"));
  tg_test_result_clear (&result);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/cli/bad-input/%s", bad_inputs[i].name);

      g_test_add_data_func (path, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/tg/cli/flow", test_flow);
  g_test_add_func ("/tg/cli/pin/file-mode", test_pin_file_mode);
  g_test_add_func ("/tg/cli/pin/wrong", test_pin_wrong);
  g_test_add_func ("/tg/cli/pin/short", test_pin_short);

  status = g_test_run ();

  if (shared.env != NULL)
    env_free (shared.env);
  g_free (shared.client_id);
  g_free (shared.note_id);
  g_free (shared.long_body);
  return status;
}
