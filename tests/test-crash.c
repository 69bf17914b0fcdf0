/* A flat battery or a killed app in the middle of a write: the real CLI is
 * killed with SIGKILL at a random moment of a client add, over and over.
 * Afterwards the store must open, pass SQLite's integrity check, and hold
 * only whole records, each with its versions and pending changes, and
 * every add that reported success.
 *
 * The moments are drawn from a seeded generator; the seed is printed, and
 * TG_CRASH_SEED=N replays a run. */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tg-store-private.h"
#include "tg-test-util.h"

#define PIN        "560213"
#define ROUNDS     200
#define N_MEASURED 3

/* What every add writes; every one must be there or none. */
static const char * const written_fields[] = {
  "given_name", "family_name", "prison_number", "nhs_number", "team", NULL
};
#define N_WRITTEN (G_N_ELEMENTS (written_fields) - 1)

typedef struct {
  TgTestCli   cli;          /* the store and its PIN file */
  GHashTable *reported;     /* id → given name, of adds that said they were done */
} Run;

static GPtrArray *
add_argv (Run   *run,
          guint  round)
{
  static const char * const families[] = { "Penhallow", "Tresize", "Quennell", "Mawgan" };
  GPtrArray *argv = tg_test_cli_argv_new (&run->cli, NULL, NULL);

  g_ptr_array_add (argv, g_strdup ("client"));
  g_ptr_array_add (argv, g_strdup ("add"));
  /* The given name carries the round, so a record tells which run made it. */
  g_ptr_array_add (argv, g_strdup ("--given"));
  g_ptr_array_add (argv, g_strdup_printf ("Round%04u", round));
  g_ptr_array_add (argv, g_strdup ("--family"));
  g_ptr_array_add (argv, g_strdup (families[round % G_N_ELEMENTS (families)]));
  g_ptr_array_add (argv, g_strdup ("--prison-number"));
  g_ptr_array_add (argv, g_strdup_printf ("A%04uB%c", round, 'A' + round % 26));
  g_ptr_array_add (argv, g_strdup ("--nhs-number"));
  /* A valid NHS number, different for each round. */
  g_ptr_array_add (argv, tg_test_nhs_number (round * 10));
  g_ptr_array_add (argv, g_strdup ("--team"));
  g_ptr_array_add (argv, g_strdup_printf ("Team %u", round % 7));
  g_ptr_array_add (argv, g_strdup ("--json"));
  g_ptr_array_add (argv, NULL);
  return argv;
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  for (;;)
    {
      n = read (fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (text, buffer, n);
    }
  close (fd);
  return g_string_free (text, FALSE);
}

/* Starts one add, kills it after @delay_us (never, when negative) and
 * reaps it. Returns TRUE when the add finished on its own; an add that
 * finished must have succeeded. */
static gboolean
run_add (Run    *run,
         guint   round,
         gint64  delay_us)
{
  g_autoptr(GPtrArray) argv = add_argv (run, round);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GPid pid;
  int out_fd, err_fd;
  int status;

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, &out_fd, &err_fd, &error);
  g_assert_no_error (error);

  if (delay_us >= 0)
    {
      g_usleep ((gulong) delay_us);
      /* The child is not reaped yet, so @pid cannot belong to anyone else. */
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
    }
  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_spawn_close_pid (pid);
  out = read_all (out_fd);
  err = read_all (err_fd);

  if (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
    return FALSE;
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("round %u: client add failed on its own: %s\n%s", round, error->message, err);
  g_hash_table_insert (run->reported, tg_test_json_id (out), g_strdup_printf ("Round%04u", round));
  return TRUE;
}

static char *
query_text (TgStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return text;
}

/* (record id, field) → hlc of every pending client change. */
static GHashTable *
pending_changes (TgStore *store)
{
  GHashTable *pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db,
                                       "SELECT entity, record_id, field, hlc FROM pending_change",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "client");
      g_hash_table_insert (pending,
                           g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 1),
                                            sqlite3_column_text (stmt, 2)),
                           g_strdup_printf ("%" G_GINT64_FORMAT,
                                            (gint64) sqlite3_column_int64 (stmt, 3)));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return pending;
}

static guint
check_store (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GHashTable) pending = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *hlc_last = NULL;
  guint64 max_hlc = 0;
  GHashTableIter iter;
  gpointer id, given;

  store = tg_store_open (run->cli.data_dir, PIN, &error);
  g_assert_no_error (error);

  integrity = query_text (store, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  /* The search index is a table of its own; it must match the clients. */
  g_assert_cmpint (sqlite3_exec (store->db,
                                 "INSERT INTO client_search (client_search) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  clients = tg_store_list (store, "client", NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clients->len, <=, ROUNDS + N_MEASURED);
  pending = pending_changes (store);
  g_assert_cmpuint (g_hash_table_size (pending), ==,
                    clients->len * N_WRITTEN);

  for (guint c = 0; c < clients->len; c++)
    {
      const TgRecord *client = g_ptr_array_index (clients, c);

      for (guint f = 0; f < client->entity->n_fields; f++)
        {
          const char *name = client->entity->fields[f].name;
          g_autofree char *key = g_strdup_printf ("%s/%s", client->id, name);
          g_autofree char *hlc = NULL;

          if (!g_strv_contains (written_fields, name))
            {
              g_assert_null (client->values[f]);
              g_assert_cmpuint (client->versions[f].hlc, ==, 0);
              g_assert_false (g_hash_table_contains (pending, key));
              continue;
            }
          if (client->values[f] == NULL)
            g_error ("client %s is half written: %s is missing", client->id, name);
          g_assert_cmpuint (client->versions[f].hlc, >, 0);
          g_assert_cmpint (client->versions[f].node_id, ==, tg_store_get_node_id (store));
          hlc = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) client->versions[f].hlc);
          g_assert_cmpstr (g_hash_table_lookup (pending, key), ==, hlc);
          max_hlc = MAX (max_hlc, client->versions[f].hlc);
        }
    }

  /* The clock's high-water mark never lags a stamp that reached the disk. */
  hlc_last = _tg_store_get_meta (store, "hlc_last", &error);
  g_assert_no_error (error);
  g_assert_nonnull (hlc_last);
  g_assert_cmpuint (g_ascii_strtoull (hlc_last, NULL, 10), >=, max_hlc);

  /* Every add that printed its id is there, under that id. */
  g_hash_table_iter_init (&iter, run->reported);
  while (g_hash_table_iter_next (&iter, &id, &given))
    {
      g_autoptr(TgRecord) client = tg_store_get (store, "client", id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (tg_record_get (client, "given_name"), ==, given);
    }
  return clients->len;
}

static void
test_kill_9 (void)
{
  const char *seed_text = g_getenv ("TG_CRASH_SEED");
  guint32 seed = seed_text != NULL ? (guint32) g_ascii_strtoull (seed_text, NULL, 10)
                                   : g_random_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Run run = { 0 };
  gint64 slowest = 0;
  gint64 fastest = 0;
  guint killed = 0;
  guint finished = 0;
  guint n_clients;

  g_test_message ("seed %u (TG_CRASH_SEED=%u replays this run)", seed, seed);

  tg_test_cli_init (&run.cli, "tg-crash-XXXXXX", PIN);
  run.reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_free (tg_test_cli_run_ok (&run.cli, NULL, "init", NULL));

  /* How long one whole add takes here, so kills spread over all of it. */
  for (guint i = 0; i < N_MEASURED; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 took;

      g_assert_true (run_add (&run, ROUNDS + i, -1));
      took = g_get_monotonic_time () - start;
      slowest = MAX (slowest, took);
      fastest = fastest == 0 ? took : MIN (fastest, took);
    }
  g_test_message ("one add takes up to %" G_GINT64_FORMAT " ms", slowest / 1000);

  for (guint round = 0; round < ROUNDS; round++)
    {
      /* Most of a run is key derivation and the keyring; the write itself
       * comes last. Every other round aims its kill at that last stretch. */
      double from = round % 2 ? 0.75 * (double) fastest : 0;
      gint64 delay = (gint64) g_rand_double_range (rand, from, 1.2 * (double) slowest);

      if (run_add (&run, round, delay))
        finished++;
      else
        killed++;
    }

  n_clients = check_store (&run);
  g_test_message ("%u runs killed, %u finished; %u clients in the store, of which "
                  "%u were committed by runs killed before they could exit",
                  killed, finished, n_clients,
                  n_clients - (finished + N_MEASURED));

  /* Both kinds of round happened, or the test proved nothing. */
  g_assert_cmpuint (killed, >, 0);
  g_assert_cmpuint (finished, >, 0);

  g_hash_table_unref (run.reported);
  tg_test_cli_clear (&run.cli);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/crash/kill-9-during-writes", test_kill_9);

  return g_test_run ();
}
