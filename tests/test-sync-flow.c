/* Sync between real devices (the CLI, each with its own store) through the
 * real server (DESIGN §4, §5): concurrent edits and the conflict log, a
 * mentor's scope, revocation, and every way the device refuses to talk to
 * a server that is not the one it was told about. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tg-key-vault.h"
#include "tg-store-sync.h"
#include "tg-sync-credentials.h"
#include "tg-sync-error.h"
#include "tg-sync-transport.h"
#include "tg-test-server.h"
#include "tg-test-json.h"
#include "tg-test-util.h"
#include "tg-wire.h"

#define PIN  "583920"
#define TEAM "Nottingham In-Reach"

typedef TgTestServerFixture Fixture;

/* A field of a client as the device holds it; NULL when unset. */
static char *
client_field (TgTestCli  *cli,
              const char *id,
              const char *field)
{
  g_autofree char *out = tg_test_cli_run_ok (cli, NULL, "client", "get", id, "--json", NULL);
  g_autoptr(JsonNode) root = tg_test_parse_json (out);
  JsonObject *object = json_node_get_object (root);

  if (!json_object_has_member (object, field))
    return NULL;
  return g_strdup (json_object_get_string_member (object, field));
}

static JsonNode *
sync_json (TgTestCli *cli)
{
  g_autofree char *out = tg_test_cli_run_ok (cli, NULL, "sync", "--json", NULL);

  return tg_test_parse_json (out);
}

static gint64
sync_count (TgTestCli  *cli,
            const char *member)
{
  g_autoptr(JsonNode) root = sync_json (cli);

  return json_object_get_int_member (json_node_get_object (root), member);
}

static char *
add_client (TgTestCli  *cli,
            const char *given,
            const char *family,
            guint       serial)
{
  g_autofree char *nhs = tg_test_nhs_number (serial);
  g_autofree char *out = tg_test_cli_run_ok (cli, NULL, "client", "add", "--given", given,
                                             "--family", family, "--team", TEAM,
                                             "--nhs-number", nhs, "--json", NULL);

  return tg_test_json_id (out);
}

/* Two workers edit the same field while offline; the later edit wins on
 * both, the earlier one waits in its device's conflict log, whole, and
 * keep-mine sends it out again as the newest version. */
static void
test_concurrent_edit (Fixture       *fixture,
                      gconstpointer  data)
{
  TgTestCli a = { 0 };
  TgTestCli b = { 0 };
  g_autofree char *device_a = NULL;
  g_autofree char *device_b = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *value = NULL;
  g_autofree char *conflict_id = NULL;
  g_autoptr(JsonNode) conflicts = NULL;
  JsonObject *conflict;

  tg_test_cli_init (&a, "tg-sync-a-XXXXXX", PIN);
  tg_test_cli_init (&b, "tg-sync-b-XXXXXX", PIN);
  device_a = tg_test_server_enroll_cli (fixture->server, &a, NULL, "worker", TEAM);
  device_b = tg_test_server_enroll_cli (fixture->server, &b, NULL, "worker", TEAM);
  g_assert_cmpstr (device_a, !=, device_b);

  id = add_client (&a, "Alex", "Testperson", 18);
  g_assert_cmpint (sync_count (&a, "pushed"), >=, 3);
  g_assert_cmpint (sync_count (&b, "pulled"), >=, 3);
  value = client_field (&b, id, "family_name");
  g_assert_cmpstr (value, ==, "Testperson");
  g_clear_pointer (&value, g_free);

  /* Offline on both: a writes first, b later, so b's version is newer. */
  g_free (tg_test_cli_run_ok (&a, NULL, "client", "set", id, "given_name", "Alexander", NULL));
  g_usleep (20000);
  g_free (tg_test_cli_run_ok (&b, NULL, "client", "set", id, "given_name", "Sandy", NULL));

  g_assert_cmpint (sync_count (&b, "conflicts"), ==, 0);
  /* a's push loses at the server, and the pull brings b's value, which
   * beats a's still unacknowledged one: a conflict, on a. */
  g_assert_cmpint (sync_count (&a, "conflicts"), ==, 1);
  g_assert_cmpint (sync_count (&b, "pulled"), ==, 0);

  value = client_field (&a, id, "given_name");
  g_assert_cmpstr (value, ==, "Sandy");
  g_clear_pointer (&value, g_free);
  value = client_field (&b, id, "given_name");
  g_assert_cmpstr (value, ==, "Sandy");
  g_clear_pointer (&value, g_free);

  out = tg_test_cli_run_ok (&b, NULL, "conflicts", "--json", NULL);
  conflicts = tg_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 0);
  g_clear_pointer (&conflicts, json_node_unref);
  g_clear_pointer (&out, g_free);

  out = tg_test_cli_run_ok (&a, NULL, "conflicts", "--json", NULL);
  conflicts = tg_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 1);
  conflict = json_array_get_object_element (json_node_get_array (conflicts), 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "record_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "given_name");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (conflict, "mine"),
                                                  "value"), ==, "Alexander");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (conflict, "theirs"),
                                                  "value"), ==, "Sandy");
  conflict_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (conflict, "id"));
  g_clear_pointer (&out, g_free);

  /* Keep mine: a new local write that wins everywhere. */
  g_free (tg_test_cli_run_ok (&a, NULL, "resolve", conflict_id, "--keep-mine", NULL));
  g_assert_cmpint (sync_count (&a, "pushed"), ==, 1);
  g_assert_cmpint (sync_count (&b, "pulled"), ==, 1);
  value = client_field (&b, id, "given_name");
  g_assert_cmpstr (value, ==, "Alexander");
  g_clear_pointer (&value, g_free);
  value = client_field (&a, id, "given_name");
  g_assert_cmpstr (value, ==, "Alexander");
  g_clear_pointer (&value, g_free);

  out = tg_test_cli_run_ok (&a, NULL, "conflicts", "--all", NULL);
  g_assert_nonnull (strstr (out, "kept_mine"));
  g_clear_pointer (&out, g_free);
  out = tg_test_cli_run_ok (&a, NULL, "conflicts", NULL);
  g_assert_nonnull (strstr (out, "No open conflicts"));

  tg_test_cli_clear (&a);
  tg_test_cli_clear (&b);
}

/* A mentor's device holds identity and release fields of its team's
 * clients due out soon, nothing else, and cannot push anything else. */
static void
test_mentor_scope (Fixture       *fixture,
                   gconstpointer  data)
{
  TgTestCli worker = { 0 };
  TgTestCli mentor = { 0 };
  g_autofree char *device_w = NULL;
  g_autofree char *device_m = NULL;
  g_autofree char *id = NULL;
  g_autofree char *later = NULL;
  g_autofree char *release_date = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 3);
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *note_id = NULL;
  const TgEntityDef * const *entities;
  guint n_entities;
  guint n_values = 0;
  TgTestResult result = { 0 };

  tg_test_cli_init (&worker, "tg-sync-w-XXXXXX", PIN);
  tg_test_cli_init (&mentor, "tg-sync-m-XXXXXX", PIN);
  device_w = tg_test_server_enroll_cli (fixture->server, &worker, NULL, "worker", TEAM);
  device_m = tg_test_server_enroll_cli (fixture->server, &mentor, NULL, "mentor", TEAM);

  /* One client due out in three days, with clinical fields and a note;
   * one whose release is months away. */
  release_date = g_date_time_format (soon, "%Y-%m-%d");
  id = add_client (&worker, "Robin", "Gateperson", 26);
  g_free (tg_test_cli_run_ok (&worker, NULL, "client", "set", id, "ndtms_consent", "true",
                              "ndtms_consent_date", "2026-01-05", NULL));
  g_free (tg_test_cli_run_ok (&worker, NULL, "release", "set", id,
                              "confirmed_release_date", release_date, "gate", "Gate 2",
                              "treatment_provider", "Example Recovery Service",
                              "gp_registered", "true", NULL));
  g_free (tg_test_cli_run_ok (&worker, NULL, "note", "add", id, "--kind", "in_reach",
                              "--body", "Talked through the first night plan.", NULL));
  later = add_client (&worker, "Jordan", "Laterperson", 34);
  g_free (tg_test_cli_run_ok (&worker, NULL, "release", "set", later,
                              "confirmed_release_date", "2099-01-05", NULL));
  g_assert_cmpint (sync_count (&worker, "pushed"), >, 0);

  g_assert_cmpint (sync_count (&mentor, "pulled"), >, 0);
  value = client_field (&mentor, id, "given_name");
  g_assert_cmpstr (value, ==, "Robin");

  /* The mentor's store, read with the library: nothing clinical, no notes,
   * nobody outside the window. */
  store = tg_store_open (mentor.data_dir, PIN, &error);
  g_assert_no_error (error);
  entities = tg_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      g_autoptr(GPtrArray) records = tg_store_list (store, entities[e]->name, NULL, NULL,
                                                    TRUE, &error);

      g_assert_no_error (error);
      for (guint r = 0; r < records->len; r++)
        {
          TgRecord *record = records->pdata[r];

          g_assert_cmpstr (record->id, !=, later);
          for (guint f = 0; f < entities[e]->n_fields; f++)
            {
              TgSensitivity sensitivity = entities[e]->fields[f].sensitivity;

              if (record->values[f] == NULL)
                continue;
              n_values++;
              if (sensitivity != TG_SENSITIVITY_IDENTITY && sensitivity != TG_SENSITIVITY_RELEASE)
                g_error ("the mentor holds %s.%s (%s)", entities[e]->name,
                         entities[e]->fields[f].name, tg_sensitivity_to_string (sensitivity));
            }
        }
    }
  g_assert_cmpuint (n_values, >, 3);
  notes = tg_store_list (store, "note", NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);

  /* The CLI refuses a note up front ... */
  g_clear_object (&store);
  tg_test_cli_run_any (&mentor, NULL, &result, "note", "add", id, "--kind", "gate_pickup",
                       "--body", "Met at the gate.", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "role may not change"));
  tg_test_result_clear (&result);

  /* ... and the server refuses one that got past it, keeping nothing. */
  store = tg_store_open (mentor.data_dir, PIN, &error);
  g_assert_no_error (error);
  g_assert_true (tg_store_set_writable_classes (store, NULL, 0, &error));
  {
    const char *fields[] = { "client_id", "kind", "body", "occurred_at" };
    const char *values[] = { id, "gate_pickup", "Met at the gate.", "2026-01-05T09:00:00Z" };

    note_id = tg_store_insert (store, "note", fields, values, G_N_ELEMENTS (fields), &error);
    g_assert_no_error (error);
  }
  g_clear_object (&store);

  tg_test_cli_run_any (&mentor, NULL, &result, "sync", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "sync:"));
  tg_test_result_clear (&result);

  g_assert_cmpint (sync_count (&worker, "pulled"), ==, 0);
  {
    g_autofree char *listed = tg_test_cli_run_ok (&worker, NULL, "note", "list", id, "--json", NULL);
    g_autoptr(JsonNode) root = tg_test_parse_json (listed);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  }

  tg_test_cli_clear (&worker);
  tg_test_cli_clear (&mentor);
}

static char *
read_store_id (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "store.ini", NULL);
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (info, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return g_key_file_get_string (info, "store", "id", NULL);
}

/* A revoked device wipes its store and keyring items at its next sync,
 * and its token no longer opens anything. */
static void
test_revoke (Fixture       *fixture,
             gconstpointer  data)
{
  TgTestCli device = { 0 };
  g_autofree char *device_id = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autoptr(TgSyncTransport) transport = NULL;
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[32];
  gint64 server_time = 0;
  TgTestResult result = { 0 };
  char *missing;

  tg_test_cli_init (&device, "tg-sync-r-XXXXXX", PIN);
  device_id = tg_test_server_enroll_cli (fixture->server, &device, NULL, "worker", TEAM);
  id = add_client (&device, "Casey", "Revokeperson", 42);
  g_assert_cmpint (sync_count (&device, "pushed"), >, 0);

  store_id = read_store_id (device.data_dir);
  token = tg_sync_credentials_load (store_id, NULL, &error);
  g_assert_no_error (error);

  tg_test_server_revoke (fixture->server, device_id);
  tg_test_cli_run_any (&device, NULL, &result, "sync", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "revoked"));
  tg_test_result_clear (&result);

  /* Nothing of the store is left, in the directory or the keyring. */
  g_assert_false (g_file_test (device.data_dir, G_FILE_TEST_EXISTS));
  missing = tg_sync_credentials_load (store_id, NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_NOT_ENROLLED);
  g_clear_error (&error);
  g_assert_false (tg_key_vault_load (store_id, PIN, key, &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_MISSING);
  g_clear_error (&error);

  /* The old token, tried by hand, is refused. */
  transport = tg_sync_transport_new (tg_test_server_get_url (fixture->server),
                                     tg_test_server_get_pin (fixture->server),
                                     tg_test_server_get_ca_file (fixture->server), &error);
  g_assert_no_error (error);
  request->batch = g_strdup ("0b3f2a7e-7d8c-4c53-9f0e-2a7b6f1d9c41");
  body = tg_wire_encode_sync_request (request);
  reply = tg_sync_transport_post (transport, "/v1/sync", token, body, TRUE, &server_time,
                                  NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_DEVICE_REVOKED);
  g_assert_cmpint (server_time, >, 0);

  tg_test_cli_clear (&device);
}

static void
assert_refused (TgTestCli  *cli,
                const char *url,
                const char *code,
                const char *pin,
                const char *ca_file,
                const char *expected)
{
  TgTestResult result = { 0 };

  if (ca_file != NULL)
    tg_test_cli_run_any (cli, NULL, &result, "enroll", url, code, "--server-key-sha256", pin,
                         "--ca-file", ca_file, NULL);
  else
    tg_test_cli_run_any (cli, NULL, &result, "enroll", url, code, "--server-key-sha256", pin,
                         NULL);
  g_assert_cmpint (result.status, ==, 1);
  if (strstr (result.err, expected) == NULL)
    g_error ("enroll at %s: expected “%s” in: %s", url, expected, result.err);
  tg_test_result_clear (&result);
}

/* A wrong pin, a certificate for another host, an expired certificate, an
 * unknown CA and a plain http:// URL are each refused before the request
 * goes out: the one-time code still works afterwards. */
static void
test_identity (Fixture       *fixture,
               gconstpointer  data)
{
  TgTestServer *server = fixture->server;
  TgTestCli device = { 0 };
  g_autofree char *code = tg_test_server_make_code (server, "worker", TEAM, "Tablet 9");
  g_autofree char *http_url = NULL;
  g_autofree char *init = NULL;
  g_autofree char *out = NULL;
  const char *pin = tg_test_server_get_pin (server);
  const char *ca = tg_test_server_get_ca_file (server);

  tg_test_cli_init (&device, "tg-sync-i-XXXXXX", PIN);
  init = tg_test_cli_run_ok (&device, NULL, "init", NULL);

  assert_refused (&device, tg_test_server_get_url (server), code,
                  tg_test_server_get_other_pin (server), ca, "identity did not match");
  /* The system's CAs do not know the test CA. */
  assert_refused (&device, tg_test_server_get_url (server), code, pin, NULL,
                  "identity did not match");
  http_url = g_strdup_printf ("http://%s", tg_test_server_get_url (server) + strlen ("https://"));
  assert_refused (&device, http_url, code, pin, ca, "https");

  tg_test_server_kill (server);
  tg_test_server_start (server, TG_TEST_CERT_WRONG_HOST);
  assert_refused (&device, tg_test_server_get_url (server), code, pin, ca,
                  "identity did not match");

  tg_test_server_kill (server);
  tg_test_server_start (server, TG_TEST_CERT_EXPIRED);
  assert_refused (&device, tg_test_server_get_url (server), code, pin, ca,
                  "identity did not match");

  /* Not one of those reached the server: the code is still unspent. */
  tg_test_server_kill (server);
  tg_test_server_start (server, TG_TEST_CERT_GOOD);
  out = tg_test_cli_run_ok (&device, NULL, "enroll", tg_test_server_get_url (server), code,
                            "--server-key-sha256", pin, "--ca-file", ca, NULL);
  g_assert_nonnull (strstr (out, "Enrolled as device"));

  tg_test_cli_clear (&device);
}

/* A server that allows one request every four seconds per device: syncs
 * in quick succession are refused with 429, and the engine waits as asked
 * and sends again, so every one of them still goes through. */
static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  TgTestCli a = { 0 };
  g_autofree char *device = NULL;
  g_autofree char *id = NULL;

  tg_test_server_kill (fixture->server);
  tg_test_server_set_device_rate (fixture->server, 0.25);
  tg_test_server_start (fixture->server, TG_TEST_CERT_GOOD);

  tg_test_cli_init (&a, "tg-sync-rate-XXXXXX", PIN);
  device = tg_test_server_enroll_cli (fixture->server, &a, NULL, "worker", TEAM);
  id = add_client (&a, "Rae", "Limit", 26);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Rae %u", i);

      g_free (tg_test_cli_run_ok (&a, NULL, "client", "set", id, "preferred_name", name, NULL));
      g_assert_cmpint (sync_count (&a, "pushed"), >=, 1);
    }
  g_assert_cmpint (sync_count (&a, "pushed"), ==, 0);
  tg_test_cli_clear (&a);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/sync-flow/rate-limited", Fixture, NULL,
              tg_test_server_fixture_set_up, test_rate_limited, tg_test_server_fixture_tear_down);
  g_test_add ("/tg/sync-flow/concurrent-edit", Fixture, NULL,
              tg_test_server_fixture_set_up, test_concurrent_edit, tg_test_server_fixture_tear_down);
  g_test_add ("/tg/sync-flow/mentor-scope", Fixture, NULL,
              tg_test_server_fixture_set_up, test_mentor_scope, tg_test_server_fixture_tear_down);
  g_test_add ("/tg/sync-flow/revoke", Fixture, NULL,
              tg_test_server_fixture_set_up, test_revoke, tg_test_server_fixture_tear_down);
  g_test_add ("/tg/sync-flow/identity", Fixture, NULL,
              tg_test_server_fixture_set_up, test_identity, tg_test_server_fixture_tear_down);

  return g_test_run ();
}
