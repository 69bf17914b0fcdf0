/* Applying received changes: the search index follows names that arrive
 * in a batch, and a batch that fails part-way leaves nothing behind. */

#include <sqlite3.h>

#include "tg-error.h"
#include "tg-store-private.h"
#include "tg-store-sync.h"
#include "tg-uuid.h"

#define PIN "246810"
#define OTHER_NODE 7

typedef struct {
  char    *dir;
  TgStore *store;
  guint64  next_hlc;   /* versions from another node, newer than any local write */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("tg-store-apply-XXXXXX", &error);

  g_assert_no_error (error);
  f->dir = g_build_filename (tmp, "store", NULL);
  f->store = tg_store_create (f->dir, PIN, "Test Worker", &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  /* A minute ahead of the wall clock beats every local write of the test. */
  f->next_hlc = tg_hlc_pack ((guint64) (g_get_real_time () / 1000) + 60000, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  g_free (f->dir);
}

static char *
add_client (TgStore    *store,
            const char *given,
            const char *family)
{
  const char *fields[] = { "given_name", "family_name" };
  const char *values[] = { given, family };
  g_autoptr(GError) error = NULL;
  char *id = tg_store_insert (store, "client", fields, values, 2, &error);

  g_assert_no_error (error);
  g_assert_true (tg_uuid_is_valid (id));
  return id;
}

/* Adds a received change of a client field to @batch. */
static void
receive (Fixture    *f,
         GPtrArray  *batch,
         const char *client_id,
         const char *field_name,
         const char *value)
{
  const TgEntityDef *client = tg_schema_lookup_entity ("client");
  const TgFieldDef *field = tg_schema_lookup_field (client, field_name);
  TgVersion version = { f->next_hlc++, OTHER_NODE };

  g_assert_nonnull (field);
  g_ptr_array_add (batch, tg_change_new (field, client_id, value, &version));
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The ids of the clients @text finds, sorted, joined by spaces. */
static char *
found_ids (TgStore    *store,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = tg_store_search_clients (store, text, 100, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (ids, ((TgRecord *) found->pdata[i])->id);
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

static gint64
count_rows (TgStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Clients held before the batch: the batch renames the first, deletes the
 * second, leaves the third; it also brings two new clients. The index is
 * rewritten at the end of the apply, once per client and in docid order,
 * whatever order the changes arrive in: the renames come last client
 * first, and one client's changes are split by another's. */
static void
test_search_follows_batch (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *renamed = add_client (f->store, "Aoife", "Brennan");
  g_autofree char *deleted = add_client (f->store, "Bartosz", "Brenner");
  g_autofree char *kept = add_client (f->store, "Chidi", "Okafor");
  g_autofree char *new_a = tg_uuid_new ();
  g_autofree char *new_b = tg_uuid_new ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  g_autoptr(GError) error = NULL;
  TgApplyStats stats = { 0, };
  const struct { const char *text; const char *expected; } cases[] = {
    { "brennan", "" },               /* the old name is gone */
    { "aoife", "" },
    { "gallagher", renamed },        /* the new one is found */
    { "niamh gall", renamed },
    { "bartosz", "" },               /* deleted in the batch */
    { "okafor", kept },              /* untouched */
    { "delphine", new_b },           /* new clients, names split across runs */
    { "mbeki", new_b },
    { "a9999zz", new_a },
    { "eamon", new_a },
    { "999 000 0026", new_b },
    { "olu", new_a },
  };

  receive (f, batch, new_b, "given_name", "Delphine");
  receive (f, batch, new_a, "given_name", "Eamon");
  receive (f, batch, new_a, "family_name", "Olufemi");
  receive (f, batch, new_a, "prison_number", "A9999ZZ");
  receive (f, batch, deleted, "deleted", "true");
  receive (f, batch, new_b, "family_name", "Mbeki");
  receive (f, batch, new_b, "nhs_number", "9990000026");
  receive (f, batch, renamed, "family_name", "Gallagher");
  receive (f, batch, renamed, "given_name", "Niamh");

  g_assert_true (tg_store_apply_changes (f->store, batch, TRUE, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.applied, ==, batch->len);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = found_ids (f->store, cases[i].text);
      g_test_message ("search %s", cases[i].text);
      g_assert_cmpstr (found, ==, cases[i].expected);
    }
  /* One index row per client that is not deleted. */
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM client_search"), ==, 4);
}

/* Fails the apply at the change numbered in @user_data. */
static gboolean
fail_at (TgStore          *store,
         const TgChange   *incoming,
         const TgChange   *held,
         TgMergeDecision   decision,
         gpointer          user_data,
         GError          **error)
{
  guint *countdown = user_data;

  if ((*countdown)-- > 0)
    return TRUE;
  g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL, "refused on purpose");
  return FALSE;
}

/* A batch that fails at its first, a middle or its last change leaves the
 * store as it was: rows, search index and the newest version seen; the
 * same batch then applies whole. */
static void
test_failure_rolls_back (Fixture       *f,
                         gconstpointer  data)
{
  const guint fail_points[] = { 0, 2, 4 };

  for (guint p = 0; p < G_N_ELEMENTS (fail_points); p++)
    {
      g_autofree char *held = add_client (f->store, "Farah", "Haddad");
      g_autofree char *arriving = tg_uuid_new ();
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *seen_before = _tg_store_get_meta (f->store, "hlc_max_seen", NULL);
      g_autofree char *seen_after = NULL;
      g_autoptr(TgRecord) missing = NULL;
      g_autofree char *by_old = NULL;
      g_autofree char *by_new = NULL;
      g_autofree char *by_arriving = NULL;
      gint64 indexed = count_rows (f->store, "SELECT count(*) FROM client_search");
      gint64 clients = count_rows (f->store, "SELECT count(*) FROM client");
      guint countdown = fail_points[p];

      receive (f, batch, arriving, "given_name", "Gideon");
      receive (f, batch, arriving, "family_name", "Achterberg");
      receive (f, batch, held, "family_name", "Iwu");
      receive (f, batch, held, "given_name", "Hana");
      receive (f, batch, arriving, "prison_number", "A9998ZY");
      g_assert_cmpuint (fail_points[p], <, batch->len);

      g_assert_false (tg_store_apply_changes (f->store, batch, TRUE, fail_at, &countdown,
                                              NULL, &error));
      g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL);
      g_clear_error (&error);

      missing = tg_store_get (f->store, "client", arriving, NULL);
      g_assert_null (missing);
      by_old = found_ids (f->store, "farah haddad");
      g_assert_cmpstr (by_old, ==, held);
      by_new = found_ids (f->store, "hana iwu");
      g_assert_cmpstr (by_new, ==, "");
      g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM client"), ==, clients);
      g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM client_search"), ==, indexed);
      seen_after = _tg_store_get_meta (f->store, "hlc_max_seen", NULL);
      g_assert_cmpstr (seen_after, ==, seen_before);

      /* Nothing is left half-open: the same batch now applies whole. */
      g_assert_true (tg_store_apply_changes (f->store, batch, TRUE, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_free (by_new);
      by_new = found_ids (f->store, "hana iwu");
      g_assert_cmpstr (by_new, ==, held);
      by_arriving = found_ids (f->store, "achterberg a9998");
      g_assert_cmpstr (by_arriving, ==, arriving);

      /* Leave both clients out of the next round's searches. */
      {
        const char *fields[] = { "deleted" };
        const char *values[] = { "true" };

        g_assert_true (tg_store_update (f->store, "client", held, fields, values, 1, NULL));
        g_assert_true (tg_store_update (f->store, "client", arriving, fields, values, 1, NULL));
      }
      f->next_hlc += 1000;
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/tg/store-apply/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("search-follows-batch", test_search_follows_batch);
  ADD ("failure-rolls-back", test_failure_rolls_back);
#undef ADD

  return g_test_run ();
}
