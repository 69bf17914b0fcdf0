/* Retries are harmless (docs/sync-protocol.md): a batch sent twice or out
 * of order, a device killed at random points of its sync, and the server
 * killed at random points of its commits all end in the same state as a
 * clean run, with no value lost or duplicated and nothing the server
 * acknowledged missing. The random points come from the test's seed
 * (--seed to repeat a run). */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tg-store-sync.h"
#include "tg-sync-credentials.h"
#include "tg-sync-transport.h"
#include "tg-test-server.h"
#include "tg-test-json.h"
#include "tg-test-util.h"
#include "tg-wire.h"

#define PIN  "402817"
#define TEAM "Nottingham Women's Centre"

/* Rounds of the kill tests: enough random points to land in every step of
 * a sync many times over, few enough for the test to stay quick. */
#define DEVICE_KILLS 16
#define SERVER_KILLS 8

/* Clients each device adds before each server kill. */
#define BULK 40

typedef TgTestServerFixture Fixture;

static void
sync_ok (TgTestCli *cli)
{
  g_free (tg_test_cli_run_ok (cli, NULL, "sync", NULL));
}

static char *
add_client (TgTestCli  *cli,
            const char *given,
            const char *family)
{
  g_autofree char *out = tg_test_cli_run_ok (cli, NULL, "client", "add", "--given", given,
                                             "--family", family, "--team", TEAM, "--json",
                                             NULL);

  return tg_test_json_id (out);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What a device holds, as sorted lines of the long CSV export without its
 * header: equal stores give equal text, whatever order rows arrived in. */
static char *
holdings (TgTestCli *cli)
{
  g_autofree char *csv = tg_test_cli_run_ok (cli, NULL, "export", "--format", "csv", NULL);
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (kept, lines[i]);
  g_ptr_array_sort (kept, compare_lines);
  g_ptr_array_add (kept, (gpointer) "");
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\n", (char **) kept->pdata);
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

static gint64
client_node (TgTestCli  *cli,
             const char *id)
{
  g_autofree char *out = tg_test_cli_run_ok (cli, NULL, "client", "get", id, "--versions",
                                             "--json", NULL);
  g_autoptr(JsonNode) root = tg_test_parse_json (out);
  JsonObject *versions = json_object_get_object_member (json_node_get_object (root), "versions");

  return json_object_get_int_member (json_object_get_object_member (versions, "given_name"),
                                     "node");
}

static TgChange *
client_change (const char *id,
               const char *field,
               const char *value,
               guint64     hlc,
               gint64      node)
{
  const TgEntityDef *client = tg_schema_lookup_entity ("client");
  TgVersion version = { hlc, node };

  return tg_change_new (tg_schema_lookup_field (client, field), id, value, &version);
}

static void
post_batch (TgSyncTransport *transport,
            const char      *token,
            GPtrArray       *changes)
{
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(TgSyncReply) decoded = NULL;
  g_autoptr(GError) error = NULL;

  request->batch = g_strdup ("5d0c8e0a-3f1b-4e6a-9a57-0c4f1e2b7d63");
  for (guint i = 0; i < changes->len; i++)
    g_ptr_array_add (request->changes, tg_change_copy (changes->pdata[i]));
  body = tg_wire_encode_sync_request (request);
  reply = tg_sync_transport_post (transport, "/v1/sync", token, body, TRUE, NULL, NULL, &error);
  g_assert_no_error (error);
  decoded = tg_wire_decode_sync_reply (reply, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->accepted, ==, changes->len);
}

/* The same batch twice, and a newer batch before an older one: the newer
 * versions win, once, as if each had been sent once in order. */
static void
test_replay (Fixture       *fixture,
             gconstpointer  data)
{
  TgTestCli a = { 0 };
  TgTestCli b = { 0 };
  g_autofree char *device_a = NULL;
  g_autofree char *device_b = NULL;
  g_autofree char *id = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autoptr(TgSyncTransport) transport = NULL;
  g_autoptr(GPtrArray) older = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  g_autoptr(GPtrArray) newer = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *client;
  guint64 base;
  gint64 node;

  tg_test_cli_init (&a, "tg-retry-a-XXXXXX", PIN);
  tg_test_cli_init (&b, "tg-retry-b-XXXXXX", PIN);
  device_a = tg_test_server_enroll_cli (fixture->server, &a, NULL, "worker", TEAM);
  device_b = tg_test_server_enroll_cli (fixture->server, &b, NULL, "worker", TEAM);
  id = add_client (&a, "Jamie", "Replayperson");
  sync_ok (&a);
  sync_ok (&b);

  node = client_node (&a, id);
  store_id = read_store_id (a.data_dir);
  token = tg_sync_credentials_load (store_id, NULL, &error);
  g_assert_no_error (error);
  transport = tg_sync_transport_new (tg_test_server_get_url (fixture->server),
                                     tg_test_server_get_pin (fixture->server),
                                     tg_test_server_get_ca_file (fixture->server), &error);
  g_assert_no_error (error);

  base = (guint64) (g_get_real_time () / 1000) << 16;
  g_ptr_array_add (older, client_change (id, "preferred_name", "Jay", base + 1, node));
  g_ptr_array_add (older, client_change (id, "key_worker", "Pat Example", base + 1, node));
  g_ptr_array_add (newer, client_change (id, "preferred_name", "Jamie J", base + 2, node));
  g_ptr_array_add (newer, client_change (id, "crn", "X123456", base + 2, node));

  post_batch (transport, token, newer);
  post_batch (transport, token, older);
  post_batch (transport, token, older);
  post_batch (transport, token, newer);

  sync_ok (&b);
  out = tg_test_cli_run_ok (&b, NULL, "client", "get", id, "--json", NULL);
  root = tg_test_parse_json (out);
  client = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (client, "preferred_name"), ==, "Jamie J");
  g_assert_cmpstr (json_object_get_string_member (client, "key_worker"), ==, "Pat Example");
  g_assert_cmpstr (json_object_get_string_member (client, "crn"), ==, "X123456");
  g_assert_cmpstr (json_object_get_string_member (client, "given_name"), ==, "Jamie");

  tg_test_cli_clear (&a);
  tg_test_cli_clear (&b);
}

/* Starts a sync of @cli in the background. */
static GSubprocess *
start_sync (TgTestCli *cli)
{
  g_autoptr(GPtrArray) argv = tg_test_cli_argv_new (cli, NULL, NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, g_strdup ("sync"));
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, cli->dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Kills @process with SIGKILL @delay_ms after @start (monotonic time)
 * unless it has finished; TRUE when it was still running. */
static gboolean
kill_at (GSubprocess *process,
         gint64       start,
         guint        delay_ms)
{
  gint64 deadline = start + delay_ms * 1000;
  gboolean running;

  while (g_get_monotonic_time () < deadline && g_subprocess_get_identifier (process) != NULL)
    g_usleep (1000);
  running = g_subprocess_get_identifier (process) != NULL;
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  return running;
}

static void
assert_same_holdings (TgTestCli  *a,
                      TgTestCli  *b,
                      const char *what)
{
  g_autofree char *held_a = holdings (a);
  g_autofree char *held_b = holdings (b);

  if (g_strcmp0 (held_a, held_b) != 0)
    g_error ("%s: the devices hold different data:\n--- a\n%s\n--- b\n%s", what, held_a, held_b);
}

static TgStore *
open_store (TgTestCli *cli)
{
  g_autoptr(GError) error = NULL;
  TgStore *store = tg_store_open (cli->data_dir, PIN, &error);

  g_assert_no_error (error);
  return store;
}

/* Both devices' syncs killed at random points, again and again, with new
 * edits in between; then clean syncs. They end equal to each other and to
 * a fresh device that pulls everything once. */
static void
test_kill_device (Fixture       *fixture,
                  gconstpointer  data)
{
  TgTestCli a = { 0 };
  TgTestCli b = { 0 };
  TgTestCli fresh = { 0 };
  g_autofree char *device_a = NULL;
  g_autofree char *device_b = NULL;
  g_autofree char *device_c = NULL;
  g_autofree char *held = NULL;
  char *ids[4];
  guint mid_sync = 0;
  guint sync_ms;

  tg_test_cli_init (&a, "tg-retry-c-XXXXXX", PIN);
  tg_test_cli_init (&b, "tg-retry-d-XXXXXX", PIN);
  tg_test_cli_init (&fresh, "tg-retry-e-XXXXXX", PIN);
  device_a = tg_test_server_enroll_cli (fixture->server, &a, NULL, "worker", TEAM);
  device_b = tg_test_server_enroll_cli (fixture->server, &b, NULL, "worker", TEAM);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *given = g_strdup_printf ("Kim%c", 'a' + i);

      ids[i] = add_client (&a, given, "Killperson");
    }
  sync_ok (&a);
  sync_ok (&b);

  /* How long one whole sync takes here, so the kills spread over it
   * whatever the speed of the machine. */
  {
    gint64 took = g_get_monotonic_time ();
    g_autoptr(GSubprocess) whole = start_sync (&a);

    g_assert_true (g_subprocess_wait_check (whole, NULL, NULL));
    sync_ms = (guint) ((g_get_monotonic_time () - took) / 1000);
    g_test_message ("one sync takes %u ms", sync_ms);
  }

  for (guint round = 0; round < DEVICE_KILLS; round++)
    {
      g_autofree char *worker = g_strdup_printf ("Worker %u", round);
      g_autofree char *name = g_strdup_printf ("Name %u", round);
      g_autofree char *body = g_strdup_printf ("Clinic visit %u, all well.", round);
      g_autoptr(GSubprocess) sync_a = NULL;
      g_autoptr(GSubprocess) sync_b = NULL;
      gint64 start;
      guint delay_a;
      guint delay_b;

      /* Through the library: the CLI would spend most of the test
       * unlocking the store for each edit. */
      {
        g_autoptr(TgStore) store_a = open_store (&a);
        g_autoptr(TgStore) store_b = open_store (&b);
        const char *note_fields[] = { "client_id", "kind", "body", "occurred_at" };
        const char *note_values[] = { ids[round % 4], "outreach", body, "2026-01-05T10:00:00Z" };
        const char *worker_field[] = { "key_worker" };
        const char *worker_value[] = { worker };
        const char *name_field[] = { "preferred_name" };
        const char *name_value[] = { name };
        g_autofree char *note = NULL;
        g_autoptr(GError) error = NULL;

        tg_store_update (store_a, "client", ids[round % 4], worker_field, worker_value, 1, &error);
        g_assert_no_error (error);
        note = tg_store_insert (store_a, "note", note_fields, note_values,
                                G_N_ELEMENTS (note_fields), &error);
        g_assert_no_error (error);
        tg_store_update (store_b, "client", ids[(round + 1) % 4], name_field, name_value, 1,
                         &error);
        g_assert_no_error (error);
      }

      /* Most of a run is opening the store (key derivation); the kills
       * are spread over the whole run, the exchange at its end included. */
      start = g_get_monotonic_time ();
      sync_a = start_sync (&a);
      sync_b = start_sync (&b);
      delay_a = g_test_rand_int_range (sync_ms / 4, sync_ms + sync_ms / 5 + 1);
      delay_b = g_test_rand_int_range (sync_ms / 4, sync_ms + sync_ms / 5 + 1);
      if (delay_a <= delay_b)
        {
          mid_sync += kill_at (sync_a, start, delay_a);
          mid_sync += kill_at (sync_b, start, delay_b);
        }
      else
        {
          mid_sync += kill_at (sync_b, start, delay_b);
          mid_sync += kill_at (sync_a, start, delay_a);
        }
    }
  g_test_message ("%u of %u syncs were killed while running", mid_sync, 2 * DEVICE_KILLS);
  /* Not every kill can land mid-sync (some syncs are done before it), but
   * a run where none did has tested nothing. */
  g_assert_cmpuint (mid_sync, >=, DEVICE_KILLS / 2);

  sync_ok (&a);
  sync_ok (&b);
  sync_ok (&a);
  assert_same_holdings (&a, &b, "after killed syncs");

  device_c = tg_test_server_enroll_cli (fixture->server, &fresh, NULL, "worker", TEAM);
  sync_ok (&fresh);
  assert_same_holdings (&a, &fresh, "a clean run");

  held = holdings (&fresh);
  g_assert_nonnull (strstr (held, "key_worker,Worker 15"));
  g_assert_nonnull (strstr (held, "Clinic visit 15, all well."));
  g_assert_nonnull (strstr (held, "preferred_name,Name 15"));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
  tg_test_cli_clear (&a);
  tg_test_cli_clear (&b);
  tg_test_cli_clear (&fresh);
}

static guint
count_lines_with (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (text, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

/* Adds BULK clients to the store of @cli through the library, in one
 * go: the CLI would take a quarter of a second for each. */
static void
add_clients (TgTestCli  *cli,
             const char *given,
             const char *family)
{
  g_autoptr(TgStore) store = open_store (cli);
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < BULK; k++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", family, k);
      const char *fields[] = { "given_name", "family_name", "team", "key_worker" };
      const char *values[] = { given, name, TEAM, "Pat Example" };
      g_autofree char *id = tg_store_insert (store, "client", fields, values,
                                             G_N_ELEMENTS (fields), &error);

      g_assert_no_error (error);
    }
}

/* The server killed at random points while two devices sync, and started
 * again on the same data: every client made is there once, every edit is
 * there, and a fresh device pulls the same. */
static void
test_kill_server (Fixture       *fixture,
                  gconstpointer  data)
{
  TgTestCli a = { 0 };
  TgTestCli b = { 0 };
  TgTestCli fresh = { 0 };
  g_autofree char *device_a = NULL;
  g_autofree char *device_b = NULL;
  g_autofree char *device_c = NULL;
  g_autofree char *held = NULL;
  g_autofree char *shared = NULL;
  guint failed = 0;
  gint64 sync_ms = 0;
  gint64 pending;

  tg_test_cli_init (&a, "tg-retry-f-XXXXXX", PIN);
  tg_test_cli_init (&b, "tg-retry-g-XXXXXX", PIN);
  tg_test_cli_init (&fresh, "tg-retry-h-XXXXXX", PIN);
  device_a = tg_test_server_enroll_cli (fixture->server, &a, NULL, "worker", TEAM);
  device_b = tg_test_server_enroll_cli (fixture->server, &b, NULL, "worker", TEAM);
  shared = add_client (&a, "Drew", "Sharedperson");
  sync_ok (&a);
  sync_ok (&b);

  /* Round 0 runs to its end and times the syncs, so that the kills of
   * the later rounds land inside them however fast this machine is. */
  for (guint round = 0; round <= SERVER_KILLS; round++)
    {
      g_autofree char *family_a = g_strdup_printf ("Serverkill A%u", round);
      g_autofree char *family_b = g_strdup_printf ("Serverkill B%u", round);
      g_autofree char *worker = g_strdup_printf ("Lead %u", round);
      g_autoptr(GSubprocess) sync_a = NULL;
      g_autoptr(GSubprocess) sync_b = NULL;
      gint64 started;

      /* Batches of some size, so the server spends a while committing. */
      add_clients (&a, "Ari", family_a);
      add_clients (&b, "Bo", family_b);
      g_free (tg_test_cli_run_ok (&a, NULL, "client", "set", shared, "key_worker", worker,
                                  NULL));

      started = g_get_monotonic_time ();
      sync_a = start_sync (&a);
      sync_b = start_sync (&b);
      if (round == 0)
        {
          g_assert_true (g_subprocess_wait_check (sync_a, NULL, NULL));
          g_assert_true (g_subprocess_wait_check (sync_b, NULL, NULL));
          sync_ms = (g_get_monotonic_time () - started) / 1000;
          continue;
        }

      g_usleep (1000 * g_test_rand_int_range (sync_ms * 3 / 10, sync_ms + 1));
      tg_test_server_kill (fixture->server);
      g_subprocess_wait (sync_a, NULL, NULL);
      g_subprocess_wait (sync_b, NULL, NULL);
      failed += !g_subprocess_get_successful (sync_a) + !g_subprocess_get_successful (sync_b);
      tg_test_server_start (fixture->server, TG_TEST_CERT_GOOD);
    }
  g_test_message ("%u of %u syncs failed with the server killed %" G_GINT64_FORMAT
                  " ms or less into them", failed, 2 * SERVER_KILLS, sync_ms);
  g_assert_cmpuint (failed, >, 0);

  sync_ok (&a);
  sync_ok (&b);
  sync_ok (&a);
  assert_same_holdings (&a, &b, "after server kills");

  /* Nothing is left waiting: what was acknowledged is on the server. */
  {
    g_autoptr(TgStore) store = NULL;
    g_autoptr(GError) error = NULL;

    store = tg_store_open (a.data_dir, PIN, &error);
    g_assert_no_error (error);
    pending = tg_store_count_pending (store, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pending, ==, 0);
  }

  device_c = tg_test_server_enroll_cli (fixture->server, &fresh, NULL, "worker", TEAM);
  sync_ok (&fresh);
  assert_same_holdings (&a, &fresh, "a clean run");

  held = holdings (&fresh);
  g_assert_cmpuint (count_lines_with (held, ",given_name,Ari"), ==, (SERVER_KILLS + 1) * BULK);
  g_assert_cmpuint (count_lines_with (held, ",given_name,Bo"), ==, (SERVER_KILLS + 1) * BULK);
  for (guint round = 0; round <= SERVER_KILLS; round++)
    for (guint k = 0; k < BULK; k++)
      {
        g_autofree char *family_a = g_strdup_printf (",family_name,Serverkill A%u-%u\n", round, k);
        g_autofree char *family_b = g_strdup_printf (",family_name,Serverkill B%u-%u\n", round, k);

        g_assert_cmpuint (count_lines_with (held, family_a), ==, 1);
        g_assert_cmpuint (count_lines_with (held, family_b), ==, 1);
      }
  {
    g_autofree char *last = g_strdup_printf ("key_worker,Lead %u", SERVER_KILLS);

    g_assert_nonnull (strstr (held, last));
  }

  tg_test_cli_clear (&a);
  tg_test_cli_clear (&b);
  tg_test_cli_clear (&fresh);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/sync-retry/replay", Fixture, NULL, tg_test_server_fixture_set_up, test_replay,
              tg_test_server_fixture_tear_down);
  g_test_add ("/tg/sync-retry/kill-device", Fixture, NULL, tg_test_server_fixture_set_up, test_kill_device,
              tg_test_server_fixture_tear_down);
  g_test_add ("/tg/sync-retry/kill-server", Fixture, NULL, tg_test_server_fixture_set_up, test_kill_server,
              tg_test_server_fixture_tear_down);

  return g_test_run ();
}
