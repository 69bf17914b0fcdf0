/* Group commit in the store (_tg_store_begin_group()): units of work
 * inside one transaction, each a savepoint. A unit rolled back undoes
 * only its own writes, released units are kept when the group commits,
 * and a group whose transaction SQLite threw away stores none of them.
 * Each unit writes one meta key, so what survived is read back directly. */

#include <sqlite3.h>

#include "tg-store-private.h"
#include "tg-test-util.h"

#define PIN "246810"
#define MAX_UNITS 4

typedef enum {
  UNIT_RELEASE,      /* _tg_store_commit(): kept if the group commits */
  UNIT_ROLL_BACK,    /* _tg_store_rollback(): its write undone */
  UNIT_ROLL_BACK_2,  /* rolled back twice, as after a failed commit */
  UNIT_LEFT_OPEN,    /* neither: the group ends with it open */
  UNIT_LOSE_GROUP,   /* SQLite rolls the whole transaction back */
} UnitEnd;

typedef struct {
  const char *name;
  guint       n_units;
  UnitEnd     ends[MAX_UNITS];
  gboolean    group_commits;
} Case;

static const Case cases[] = {
  { "all-released", 3, { UNIT_RELEASE, UNIT_RELEASE, UNIT_RELEASE }, TRUE },
  { "middle-refused", 3, { UNIT_RELEASE, UNIT_ROLL_BACK, UNIT_RELEASE }, TRUE },
  { "first-refused", 3, { UNIT_ROLL_BACK, UNIT_RELEASE, UNIT_RELEASE }, TRUE },
  { "last-refused", 3, { UNIT_RELEASE, UNIT_RELEASE, UNIT_ROLL_BACK }, TRUE },
  { "refused-twice", 3, { UNIT_RELEASE, UNIT_ROLL_BACK_2, UNIT_RELEASE }, TRUE },
  { "all-refused", 2, { UNIT_ROLL_BACK, UNIT_ROLL_BACK }, TRUE },
  { "last-left-open", 2, { UNIT_RELEASE, UNIT_LEFT_OPEN }, TRUE },
  { "group-lost", 3, { UNIT_RELEASE, UNIT_LOSE_GROUP, UNIT_RELEASE }, FALSE },
};

static char *
unit_key (guint unit)
{
  return g_strdup_printf ("group_test_%u", unit);
}

static void
test_group (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = tg_test_make_tmp_dir ("tg-store-group-XXXXXX");
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autoptr(TgStore) store = tg_store_create (dir, PIN, "Test Worker", &error);
  gboolean lost = FALSE;

  g_assert_no_error (error);
  g_assert_true (_tg_store_begin_group (store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < c->n_units; i++)
    {
      g_autofree char *key = unit_key (i);

      if (lost)
        {
          /* Nothing more goes into a group that is gone. */
          g_assert_false (_tg_store_begin (store, &error));
          g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL);
          g_clear_error (&error);
          continue;
        }
      g_assert_true (_tg_store_begin (store, &error));
      g_assert_true (_tg_store_set_meta (store, key, "written", &error));
      g_assert_no_error (error);
      switch (c->ends[i])
        {
        case UNIT_RELEASE:
          g_assert_true (_tg_store_commit (store, &error));
          g_assert_no_error (error);
          break;
        case UNIT_ROLL_BACK_2:
          _tg_store_rollback (store);
          G_GNUC_FALLTHROUGH;
        case UNIT_ROLL_BACK:
          _tg_store_rollback (store);
          break;
        case UNIT_LEFT_OPEN:
          break;
        case UNIT_LOSE_GROUP:
          /* What SQLite does itself after some I/O errors. */
          g_assert_cmpint (sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
          _tg_store_rollback (store);
          lost = TRUE;
          break;
        }
    }

  g_assert_cmpint (_tg_store_end_group (store, &error), ==, c->group_commits);
  if (c->group_commits)
    g_assert_no_error (error);
  else
    g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL);
  g_clear_error (&error);
  g_assert_true (sqlite3_get_autocommit (store->db));

  for (guint i = 0; i < c->n_units; i++)
    {
      g_autofree char *key = unit_key (i);
      g_autofree char *value = _tg_store_get_meta (store, key, &error);
      gboolean kept = c->group_commits && c->ends[i] == UNIT_RELEASE;

      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, kept ? "written" : NULL);
    }

  /* After the group, writes have their own transactions again. */
  g_assert_true (_tg_store_begin (store, &error));
  g_assert_true (_tg_store_set_meta (store, "group_test_after", "written", &error));
  g_assert_true (_tg_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_true (sqlite3_get_autocommit (store->db));

  g_clear_object (&store);
  tg_test_remove_tree (tmp);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/store/group/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_group);
    }
  return g_test_run ();
}
