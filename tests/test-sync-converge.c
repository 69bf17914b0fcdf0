/* Convergence, as a property: a real server and three worker devices in
 * this process, each with its own encrypted store and sync engine. For
 * every seed, random edits of the same fields on random devices, with
 * offline spells (devices that do not sync for a while) and random sync
 * orders; then every device syncs until quiet. Every replica must then
 * hold, for every field written, the value of the highest (hlc, node)
 * version ever written — the simple model of the merge rule — and so all
 * replicas hold the same.
 *
 * TG_CONVERGE_SEEDS sets how many seeds run (default 1000);
 * TG_CONVERGE_SEED runs only that one. A failure names its seed. */
#include "config.h"

#include "tg-store-sync.h"
#include "tg-sync-engine.h"
#include "tg-test-server.h"
#include "tg-test-util.h"

#define PIN        "582946"
#define TEAM       "Nottingham In-Reach"
#define N_DEVICES  3
#define N_CLIENTS  2

static const char * const fields[] = {
  "given_name", "family_name", "key_worker", "establishment", "preferred_name",
};

static const char * const words[] = {
  "Ash", "Birch", "Cedar", "Hazel", "Rowan", "Alder", "Elm", "Yew", "Holly", "Oak",
};

typedef struct {
  TgStore      *store;
  TgSyncEngine *engine;
} Device;

typedef struct {
  char         *dir;
  TgTestServer *server;
  Device        devices[N_DEVICES];
} World;

typedef struct {
  char     *value;
  TgVersion version;
} Winner;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
device_sync (Device *device,
             guint   seed)
{
  GAsyncResult *result = NULL;
  g_autoptr(TgSyncResult) outcome = NULL;
  g_autoptr(GError) error = NULL;

  do
    {
      g_clear_object (&result);
      g_clear_pointer (&outcome, tg_sync_result_free);
      tg_sync_engine_sync_async (device->engine, NULL, async_done_cb, &result);
      outcome = tg_sync_engine_sync_finish (device->engine, wait_for (&result), &error);
      if (outcome == NULL)
        g_error ("seed %u: sync failed: %s", seed, error->message);
    }
  while (outcome->more);
  g_clear_object (&result);
}

static void
world_set_up (World *world)
{
  world->dir = tg_test_make_tmp_dir ("tg-converge-XXXXXX");
  world->server = tg_test_server_new (world->dir);
  /* The devices here sync far faster than a person could make them. */
  tg_test_server_set_device_rate (world->server, 1000);
  tg_test_server_start (world->server, TG_TEST_CERT_GOOD);

  for (guint d = 0; d < N_DEVICES; d++)
    {
      Device *device = &world->devices[d];
      g_autofree char *data_dir = g_strdup_printf ("%s/device-%u", world->dir, d);
      g_autofree char *name = g_strdup_printf ("Worker %u", d);
      g_autofree char *code = tg_test_server_make_code (world->server, "worker", TEAM, name);
      g_autoptr(TgSyncEnrollment) enrollment = NULL;
      g_autoptr(GError) error = NULL;
      GAsyncResult *result = NULL;

      device->store = tg_store_create (data_dir, PIN, name, &error);
      g_assert_no_error (error);
      device->engine = tg_sync_engine_new (device->store);
      tg_sync_engine_enroll_async (device->engine, tg_test_server_get_url (world->server),
                                   code, tg_test_server_get_pin (world->server),
                                   tg_test_server_get_ca_file (world->server), name,
                                   NULL, async_done_cb, &result);
      enrollment = tg_sync_engine_enroll_finish (device->engine, wait_for (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (enrollment->role, ==, "worker");
      g_clear_object (&result);
    }
}

static void
world_tear_down (World *world)
{
  for (guint d = 0; d < N_DEVICES; d++)
    {
      g_clear_object (&world->devices[d].engine);
      g_clear_object (&world->devices[d].store);
    }
  tg_test_server_free (world->server);
  tg_test_remove_tree (world->dir);
  g_free (world->dir);
}

static void
winner_free (gpointer data)
{
  Winner *winner = data;

  g_free (winner->value);
  g_free (winner);
}

/* Feeds one write, as the device stamped it, to the model. */
static void
model_record (GHashTable *model,
              const char *client,
              const char *field,
              TgRecord   *written)
{
  const TgFieldDef *def = tg_schema_lookup_field (written->entity, field);
  guint index = (guint) (def - written->entity->fields);
  char *key = g_strdup_printf ("%s/%s", client, field);
  Winner *current = g_hash_table_lookup (model, key);

  if (current == NULL || tg_version_compare (&written->versions[index], &current->version) > 0)
    {
      Winner *winner = g_new0 (Winner, 1);

      winner->value = g_strdup (written->values[index]);
      winner->version = written->versions[index];
      g_hash_table_replace (model, key, winner);
    }
  else
    g_free (key);
}

static void
run_seed (World *world,
          guint  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, winner_free);
  char *clients[N_CLIENTS];
  gboolean offline[N_DEVICES] = { FALSE, };
  guint n_steps = (guint) g_rand_int_range (rand, 6, 20);
  GHashTableIter iter;
  gpointer key, value;

  /* The clients of this seed start on a random device and reach the
   * others, so every device can edit them. */
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      Device *creator = &world->devices[g_rand_int_range (rand, 0, N_DEVICES)];
      g_autofree char *family = g_strdup_printf ("Seed%u", seed);
      const char *names[] = { "given_name", "family_name", "team" };
      const char *values[] = { words[c], family, TEAM };
      g_autoptr(GError) error = NULL;
      g_autoptr(TgRecord) written = NULL;

      clients[c] = tg_store_insert (creator->store, "client", names, values, 3, &error);
      g_assert_no_error (error);
      written = tg_store_get (creator->store, "client", clients[c], &error);
      for (guint f = 0; f < G_N_ELEMENTS (names); f++)
        model_record (model, clients[c], names[f], written);
      device_sync (creator, seed);
    }
  for (guint d = 0; d < N_DEVICES; d++)
    device_sync (&world->devices[d], seed);

  for (guint step = 0; step < n_steps; step++)
    {
      guint d = (guint) g_rand_int_range (rand, 0, N_DEVICES);
      Device *device = &world->devices[d];
      guint action = (guint) g_rand_int_range (rand, 0, 10);

      if (action < 6)
        {
          const char *client = clients[g_rand_int_range (rand, 0, N_CLIENTS)];
          const char *field = fields[g_rand_int_range (rand, 0, G_N_ELEMENTS (fields))];
          g_autofree char *text = g_strdup_printf ("%s %u-%u", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], seed, step);
          const char *new_value = g_rand_int_range (rand, 0, 8) == 0 ? NULL : text;
          g_autoptr(GError) error = NULL;
          g_autoptr(TgRecord) written = NULL;

          g_assert_true (tg_store_update (device->store, "client", client, &field, &new_value, 1, &error));
          g_assert_no_error (error);
          written = tg_store_get (device->store, "client", client, &error);
          model_record (model, client, field, written);
        }
      else if (action < 8)
        offline[d] = !offline[d];     /* an offline spell starts or ends */
      else if (!offline[d])
        device_sync (device, seed);
    }

  /* Back online, in a random order, twice round: the first round brings
   * every change to the server, the second brings them to every device. */
  for (guint round = 0; round < 2; round++)
    {
      guint first = (guint) g_rand_int_range (rand, 0, N_DEVICES);

      for (guint i = 0; i < N_DEVICES; i++)
        device_sync (&world->devices[(first + i) % N_DEVICES], seed);
    }

  g_hash_table_iter_init (&iter, model);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "/", 2);
      Winner *winner = value;

      for (guint d = 0; d < N_DEVICES; d++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(TgRecord) held = tg_store_get (world->devices[d].store, "client", parts[0], &error);
          const TgFieldDef *def;
          guint index;

          if (held == NULL)
            g_error ("seed %u: device %u lacks client %s: %s", seed, d, parts[0], error->message);
          def = tg_schema_lookup_field (held->entity, parts[1]);
          index = (guint) (def - held->entity->fields);
          if (g_strcmp0 (held->values[index], winner->value) != 0 ||
              tg_version_compare (&held->versions[index], &winner->version) != 0)
            g_error ("seed %u: device %u holds %s = “%s” but the newest write was “%s”",
                     seed, d, (char *) key, held->values[index], winner->value);
        }
    }

  /* Quiet: nothing is left to send anywhere. */
  for (guint d = 0; d < N_DEVICES; d++)
    g_assert_cmpint (tg_store_count_pending (world->devices[d].store, NULL), ==, 0);

  for (guint c = 0; c < N_CLIENTS; c++)
    g_free (clients[c]);
}

static void
test_converges (void)
{
  const char *only = g_getenv ("TG_CONVERGE_SEED");
  const char *count = g_getenv ("TG_CONVERGE_SEEDS");
  guint n_seeds = count != NULL ? (guint) g_ascii_strtoull (count, NULL, 10) : 1000;
  guint32 base = only != NULL ? (guint32) g_ascii_strtoull (only, NULL, 10) : g_random_int ();
  World world = { 0, };

  if (only != NULL)
    n_seeds = 1;
  g_test_message ("seeds %u to %u (rerun one with TG_CONVERGE_SEED)", base, base + n_seeds - 1);

  world_set_up (&world);
  for (guint i = 0; i < n_seeds; i++)
    run_seed (&world, base + i);
  world_tear_down (&world);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/sync-converge/random-edits-and-sync-orders", test_converges);

  return g_test_run ();
}
