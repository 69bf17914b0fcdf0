/* tg-bench.c: the C side of the benchmark harness (bench/run).
 *
 *   tg-bench gen    DIR KEYFILE CLIENTS NOTES_PER_CLIENT [SEED]
 *       makes a key-file store in DIR filled by tg_store_fill_demo()
 *   tg-bench genpin DIR PIN CLIENTS NOTES_PER_CLIENT
 *       the same in a keyring store with a PIN, for the app
 *   tg-bench search DIR KEYFILE [ROUNDS]
 *       times tg_store_search_clients() on typed prefixes; one line per
 *       query kind, and "search median_ms=..." over all queries
 *   tg-bench apply  WORKDIR N_CHANGES [SEED]
 *       applies N received field changes (10 fields of N/10 new clients)
 *       with tg_store_apply_changes() into a fresh store, then inserts the
 *       same rows into a bare SQLCipher table with the same key and cipher
 *       settings in one transaction; writes the changes as JSON lines to
 *       WORKDIR/changes.jsonl for the Yjs peer (bench/yjs-apply.js)
 *
 * Every figure is printed as "name value" lines on stdout for bench/run.
 * Nothing here asserts on time; it only fails when a call fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tg-change.h"
#include "tg-schema.h"
#include "tg-store.h"
#include "tg-store-demo.h"
#include "tg-store-sync.h"

static void
die (const char *what, GError *error)
{
  g_printerr ("tg-bench: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
write_key_file (const char *path)
{
  static const char hex[] =
    "3f1c5a7e9b2d4f6081a3c5e7092b4d6f8a1c3e5079b2d4f6183a5c7e90b2d4f6\n";
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  if (fd < 0 || write (fd, hex, strlen (hex)) != (ssize_t) strlen (hex) || close (fd) != 0)
    {
      g_printerr ("tg-bench: cannot write %s: %s\n", path, g_strerror (errno));
      exit (1);
    }
  chmod (path, 0600);
}

static TgStore *
open_store (const char *dir, const char *key_file)
{
  g_autoptr(GError) error = NULL;
  TgStore *store;

  if (!g_file_test (key_file, G_FILE_TEST_EXISTS))
    write_key_file (key_file);
  store = tg_store_open_with_key_file (dir, key_file, &error);
  if (store == NULL)
    die ("open", error);
  return store;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n == 0 ? 0 : (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

static int
cmd_gen (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (16, G_DATE_NOVEMBER, 2026);
  gint64 t0;

  if (argc < 6)
    return 2;
  g_mkdir_with_parents (argv[2], 0700);
  store = open_store (argv[2], argv[3]);
  t0 = g_get_monotonic_time ();
  if (!tg_store_fill_demo (store, argc > 6 ? (guint32) atoi (argv[6]) : 7,
                           (guint) atoi (argv[4]), (guint) atoi (argv[5]), today, &error))
    die ("fill", error);
  printf ("gen_seconds %.3f\n", (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}

/* A keyring store with a PIN, as the app opens it (run inside a private
 * D-Bus session with a throwaway gnome-keyring, as bench/run does). */
static int
cmd_genpin (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (16, G_DATE_NOVEMBER, 2026);
  gint64 t0;

  if (argc < 6)
    return 2;
  store = tg_store_create (argv[2], argv[3], "Sam Okoro", &error);
  if (store == NULL)
    die ("create", error);
  t0 = g_get_monotonic_time ();
  if (!tg_store_fill_demo (store, 7, (guint) atoi (argv[4]), (guint) atoi (argv[5]), today, &error))
    die ("fill", error);
  printf ("gen_seconds %.3f\n", (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}

static int
cmd_search (int argc, char **argv)
{
  /* What a worker types, one keystroke at a time: the caseload list
   * searches again on every change of the entry. */
  static const char * const typed[] = {
    "c", "ca", "cal", "call", "callo", "calloway",
    "m", "ma", "mar", "marc", "marcus",
    "k", "ke", "ket", "kettering j",
    "a1", "a12", "999", "999 0", "marlowe ry",
  };
  g_autoptr(TgStore) store = NULL;
  guint rounds, n = 0, n_q = G_N_ELEMENTS (typed);
  double *all;

  if (argc < 4)
    return 2;
  store = open_store (argv[2], argv[3]);
  rounds = argc > 4 ? (guint) atoi (argv[4]) : 5;
  all = g_new (double, rounds * n_q);

  /* Warm the page cache and SQLite's cache once, as an open caseload is. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) r = tg_store_search_clients (store, "x", 200, &error);
    if (r == NULL)
      die ("search", error);
  }
  for (guint q = 0; q < n_q; q++)
    {
      double *mine = g_new (double, rounds);
      guint hits = 0;

      for (guint r = 0; r < rounds; r++)
        {
          g_autoptr(GError) error = NULL;
          gint64 t0 = g_get_monotonic_time ();
          g_autoptr(GPtrArray) res = tg_store_search_clients (store, typed[q], 200, &error);

          if (res == NULL)
            die ("search", error);
          mine[r] = all[n++] = (g_get_monotonic_time () - t0) / 1000.0;
          hits = res->len;
        }
      printf ("query \"%s\" hits=%u median_ms=%.3f\n", typed[q], hits, median (mine, rounds));
      g_free (mine);
    }
  printf ("search_median_ms %.3f\n", median (all, n));
  printf ("search_max_ms %.3f\n", all[n - 1]);
  g_free (all);
  return 0;
}

static const char * const apply_fields[] = {
  "given_name", "family_name", "preferred_name", "team", "establishment",
  "key_worker", "care_coordinator", "date_of_birth", "treatment_start",
  "consent_to_share_date",
};
#define N_APPLY_FIELDS G_N_ELEMENTS (apply_fields)

static char *
apply_value (GRand *rand, guint f)
{
  static const char * const words[] = {
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
    "Davies", "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker",
  };
  if (f >= 7)
    return g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (rand, 1960, 2005),
                            g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
  return g_strdup_printf ("%s %s", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                          words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
}

static void
json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++)
    if (*s == '"' || *s == '\\')
      g_string_append_printf (out, "\\%c", *s);
    else
      g_string_append_c (out, *s);
  g_string_append_c (out, '"');
}

static int
cmd_apply (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  g_autoptr(TgStore) store = NULL;
  g_autofree char *store_dir = NULL, *key_file = NULL, *bare_path = NULL, *jsonl = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  const TgEntityDef *client = tg_schema_lookup_entity ("client");
  TgApplyStats stats = { 0, };
  guint n, n_records;
  guint64 hlc = (guint64) 1763000000000 << 16;
  gint64 t0;
  double store_s, bare_s;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  const char *keyed;

  if (argc < 4)
    return 2;
  n = (guint) atoi (argv[3]);
  n_records = MAX (1, n / N_APPLY_FIELDS);
  rand = g_rand_new_with_seed (argc > 4 ? (guint32) atoi (argv[4]) : 7);
  store_dir = g_build_filename (argv[2], "apply-store", NULL);
  key_file = g_build_filename (argv[2], "apply.key", NULL);
  bare_path = g_build_filename (argv[2], "bare.db", NULL);
  jsonl = g_build_filename (argv[2], "changes.jsonl", NULL);

  for (guint r = 0; r < n_records; r++)
    {
      g_autofree char *id = g_uuid_string_random ();

      for (guint f = 0; f < N_APPLY_FIELDS; f++)
        {
          g_autofree char *value = apply_value (rand, f);
          TgVersion v = { ++hlc, 4242 };
          const TgFieldDef *field = tg_schema_lookup_field (client, apply_fields[f]);

          if (field == NULL)
            g_error ("no field %s", apply_fields[f]);
          g_ptr_array_add (changes, tg_change_new (field, id, value, &v));
          g_string_append (lines, "{\"id\":");
          json_string (lines, id);
          g_string_append (lines, ",\"field\":");
          json_string (lines, apply_fields[f]);
          g_string_append (lines, ",\"value\":");
          json_string (lines, value);
          g_string_append_printf (lines, ",\"hlc\":%" G_GUINT64_FORMAT ",\"node\":4242}\n", v.hlc);
        }
    }
  if (!g_file_set_contents (jsonl, lines->str, (gssize) lines->len, &error))
    die ("write changes", error);

  /* The store: one call, one transaction, as the sync engine applies a
   * reply (the engine does the same per page of a reply). */
  g_mkdir_with_parents (store_dir, 0700);
  store = open_store (store_dir, key_file);
  t0 = g_get_monotonic_time ();
  if (!tg_store_apply_changes (store, changes, TRUE, NULL, NULL, &stats, &error))
    die ("apply", error);
  store_s = (g_get_monotonic_time () - t0) / 1e6;
  printf ("apply_changes %u\n", changes->len);
  printf ("apply_applied %u\n", stats.applied);
  printf ("apply_seconds %.4f\n", store_s);
  printf ("apply_per_second %.0f\n", changes->len / store_s);

  /* The bare limit: the same rows (record, field, value, version) into one
   * table of a SQLCipher database with the same raw key, page size, WAL
   * and synchronous=FULL, one prepared INSERT in one transaction. */
  g_unlink (bare_path);
  if (sqlite3_open (bare_path, &db) != SQLITE_OK)
    g_error ("open bare db");
  keyed =
    "PRAGMA key=\"x'3F1C5A7E9B2D4F6081A3C5E7092B4D6F8A1C3E5079B2D4F6183A5C7E90B2D4F6'\";"
    "PRAGMA cipher_page_size = 4096;"
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = FULL; PRAGMA cache_size = -16384;"
    "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;"
    "CREATE TABLE change (record_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT,"
    " hlc INTEGER NOT NULL, node INTEGER NOT NULL, PRIMARY KEY (record_id, field));";
  if (sqlite3_exec (db, keyed, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare setup: %s", sqlite3_errmsg (db));
  t0 = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO change VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      const TgChange *c = changes->pdata[i];

      sqlite3_bind_text (stmt, 1, c->record_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, c->field->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, c->value, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) c->version.hlc);
      sqlite3_bind_int64 (stmt, 5, c->version.node_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("bare insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare commit: %s", sqlite3_errmsg (db));
  bare_s = (g_get_monotonic_time () - t0) / 1e6;
  sqlite3_close (db);
  printf ("bare_seconds %.4f\n", bare_s);
  printf ("bare_per_second %.0f\n", changes->len / bare_s);
  printf ("apply_share_of_bare %.3f\n", bare_s / store_s);
  return 0;
}

int
main (int argc, char **argv)
{
  int rc = 2;

  if (argc >= 2 && strcmp (argv[1], "gen") == 0)
    rc = cmd_gen (argc, argv);
  else if (argc >= 2 && strcmp (argv[1], "genpin") == 0)
    rc = cmd_genpin (argc, argv);
  else if (argc >= 2 && strcmp (argv[1], "search") == 0)
    rc = cmd_search (argc, argv);
  else if (argc >= 2 && strcmp (argv[1], "apply") == 0)
    rc = cmd_apply (argc, argv);
  if (rc == 2)
    g_printerr ("usage: tg-bench gen DIR KEYFILE CLIENTS NOTES_PER_CLIENT [SEED]\n"
                "       tg-bench genpin DIR PIN CLIENTS NOTES_PER_CLIENT\n"
                "       tg-bench search DIR KEYFILE [ROUNDS]\n"
                "       tg-bench apply WORKDIR N_CHANGES [SEED]\n");
  return rc;
}
