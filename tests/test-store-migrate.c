/* Schema migrations: a store from the previous schema version opens, is
 * upgraded in place and keeps every value and version; a store from a newer
 * build is refused with a clear error and left untouched. */

#include <sqlite3.h>

#include "tg-store-private.h"
#include "tg-store-sync.h"

#define PIN "135790"

static char *
make_store_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("tg-migrate-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (tmp, "store", NULL);
}

static gboolean
table_exists (TgStore    *store,
              const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db,
                                       "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
column_exists (TgStore    *store,
               const char *table,
               const char *column)
{
  /* PRAGMA table_info, not the pragma_table_info() function: SQLite 3.15
   * under SQLCipher 3.4 (Debian 12) does not have the function. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(\"%s\")", table);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    found = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), column) == 0;
  sqlite3_finalize (stmt);
  return found;
}

static void
test_previous_version_upgrades (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) old = NULL;
  g_autoptr(TgStore) upgraded = NULL;
  g_autoptr(TgRecord) before = NULL;
  g_autoptr(TgRecord) after = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *client = NULL;
  g_autofree char *note = NULL;
  g_autofree char *plan = NULL;
  const char *client_fields[] = { "given_name", "family_name", "prison_number" };
  const char *client_values[] = { "Nia", "Osei", "A1234BC" };
  const char *release_fields[] = { "confirmed_release_date" };
  const char *release_values[] = { "2027-01-15" };
  const char *plan_fields[] = { "client_id", "start_date" };
  const char *plan_values[2] = { NULL, "2027-01-16" };
  gint64 pending;

  old = _tg_store_create_full (dir, PIN, "Worker", TG_STORE_SCHEMA_VERSION - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tg_store_get_schema_version (old), ==, TG_STORE_SCHEMA_VERSION - 1);
  /* Version 4 brings the contact entity and new fields on older ones. */
  g_assert_false (table_exists (old, "contact"));
  g_assert_false (column_exists (old, "release_plan", "sentence_start"));
  g_assert_false (column_exists (old, "top_record", "opiates_days_hlc"));

  client = tg_store_insert (old, "client", client_fields, client_values, 3, &error);
  g_assert_no_error (error);
  g_assert_true (tg_store_set_release (old, client, release_fields, release_values, 1, &error));
  {
    const char *fields[] = { "client_id", "kind", "body" };
    const char *values[] = { client, "in_reach", "Before the upgrade" };

    note = tg_store_insert (old, "note", fields, values, 3, &error);
    g_assert_no_error (error);
  }
  before = tg_store_get (old, "client", client, &error);
  pending = tg_store_count_pending (old, NULL);
  g_clear_object (&old);

  upgraded = tg_store_open (dir, PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tg_store_get_schema_version (upgraded), ==, TG_STORE_SCHEMA_VERSION);
  g_assert_true (table_exists (upgraded, "contact"));
  g_assert_true (column_exists (upgraded, "release_plan", "sentence_start"));
  g_assert_true (column_exists (upgraded, "top_record", "opiates_days_hlc"));

  after = tg_store_get (upgraded, "client", client, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < after->entity->n_fields; i++)
    {
      g_assert_cmpstr (after->values[i], ==, before->values[i]);
      g_assert_cmpuint (after->versions[i].hlc, ==, before->versions[i].hlc);
      g_assert_cmpint (after->versions[i].node_id, ==, before->versions[i].node_id);
    }
  g_assert_cmpint (tg_store_count_pending (upgraded, NULL), ==, pending);

  notes = tg_store_list (upgraded, "note", "client_id", client, FALSE, &error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((TgRecord *) notes->pdata[0])->id, ==, note);
  found = tg_store_search_clients (upgraded, "osei", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* What the new version brings works on the upgraded store. */
  {
    g_autoptr(GPtrArray) conflicts = tg_store_list_conflicts (upgraded, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 0);
  }
  plan_values[0] = client;
  plan = tg_store_insert (upgraded, "care_plan", plan_fields, plan_values, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  {
    const char *fields[] = { "client_id", "kind", "at" };
    const char *values[] = { client, "triage", "2027-01-16T10:00:00Z" };
    const char *start_fields[] = { "sentence_start" };
    const char *start_values[] = { "2026-10-01" };
    g_autofree char *contact = tg_store_insert (upgraded, "contact", fields, values, 3, &error);
    g_autoptr(TgRecord) release = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (contact);
    /* A field added to an existing record: the plan written before the
     * upgrade takes it and keeps what it had. */
    g_assert_true (tg_store_set_release (upgraded, client, start_fields, start_values, 1, &error));
    g_assert_no_error (error);
    release = tg_store_get (upgraded, "release_plan", client, &error);
    g_assert_cmpstr (tg_record_get (release, "sentence_start"), ==, "2026-10-01");
    g_assert_cmpstr (tg_record_get (release, "confirmed_release_date"), ==, "2027-01-15");
  }
}

static void
test_newer_version_refused (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgStore) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", TG_STORE_SCHEMA_VERSION + 1);

  store = tg_store_create (dir, PIN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (store->db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  /* Fold the WAL into the main file so the comparison sees every byte. */
  g_assert_cmpint (sqlite3_exec (store->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  db_path = g_strdup (tg_store_get_db_path (store));
  g_clear_object (&store);

  g_assert_true (g_file_get_contents (db_path, &before, &before_len, NULL));
  again = tg_store_open (dir, PIN, &error);
  g_assert_null (again);
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer Throughgate"));
  g_assert_true (g_file_get_contents (db_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_interrupted_create_leaves_nothing (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;

  /* A PIN that is too short stops creation before anything is written. */
  store = tg_store_create (dir, "12345", NULL, &error);
  g_assert_null (store);
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WEAK_PIN);
  g_assert_false (tg_store_exists (dir));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/store-migrate/previous-version", test_previous_version_upgrades);
  g_test_add_func ("/tg/store-migrate/newer-refused", test_newer_version_refused);
  g_test_add_func ("/tg/store-migrate/weak-pin", test_interrupted_create_leaves_nothing);

  return g_test_run ();
}
