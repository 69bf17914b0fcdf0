/* Nothing a worker types reaches the disk in plain. The real CLI writes a
 * client and a signed note carrying a per-run canary, searches and exports
 * them; then every file it could have touched is read byte by byte, while a
 * writer holds the store open and again after everyone has closed it.
 *
 * Every process here, the CLI runs included, has TMPDIR inside the session
 * directory of keyring-session.sh, which also holds HOME and the XDG
 * directories; so scanning that one tree covers every file the run made. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tg-store-private.h"
#include "tg-test-util.h"

#define PIN "731904"

/* The CLI runs with tg_test_cli_run_ok(), with the fixture's store and PIN
 * and the environment of this process (TMPDIR included, see main()). */
typedef TgTestCli Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_assert_nonnull (g_getenv ("TG_TEST_TMPDIR"));
  tg_test_cli_init (fixture, "tg-store-files-XXXXXX", PIN);
  g_free (tg_test_cli_run_ok (fixture, NULL, "init", "--worker", "Test Worker", NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tg_test_cli_clear (fixture);
}

/* One thing that must not be found, in the forms it could take on disk:
 * ASCII or UTF-8 in any letter case (the search index folds case), and
 * UTF-16LE. */
typedef struct {
  const char *what;
  GBytes     *ascii;
  GBytes     *utf16;
} Needle;

static void
needle_init (Needle     *needle,
             const char *what,
             const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  gsize length = strlen (lower);
  guint8 *wide = g_new0 (guint8, 2 * length);

  for (gsize i = 0; i < length; i++)
    wide[2 * i] = (guint8) lower[i];
  needle->what = what;
  needle->ascii = g_bytes_new (lower, length);
  needle->utf16 = g_bytes_new_take (wide, 2 * length);
}

static void
needle_clear (Needle *needle)
{
  g_bytes_unref (needle->ascii);
  g_bytes_unref (needle->utf16);
}

static gboolean
contains (const guint8 *haystack,
          gsize         length,
          GBytes       *needle)
{
  gsize n;
  const guint8 *bytes = g_bytes_get_data (needle, &n);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (haystack[i] == bytes[0] && memcmp (haystack + i, bytes, n) == 0)
      return TRUE;
  return FALSE;
}

/* Reads every regular file under @path, counting them in @files. Returns
 * where the first needle was found, or NULL. */
static char *
scan_tree (const char *path,
           Needle     *needles,
           guint       n_needles,
           guint      *files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      GStatBuf st;
      gsize length = 0;

      if (g_lstat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          char *found = scan_tree (child, needles, n_needles, files);

          if (found != NULL)
            return found;
          continue;
        }
      /* Sockets and pipes of the bus and the keyring hold no bytes. */
      if (!S_ISREG (st.st_mode) ||
          !g_file_get_contents (child, &contents, &length, NULL))
        continue;

      for (gsize i = 0; i < length; i++)
        contents[i] = g_ascii_tolower (contents[i]);
      for (guint i = 0; i < n_needles; i++)
        if (contains ((const guint8 *) contents, length, needles[i].ascii) ||
            contains ((const guint8 *) contents, length, needles[i].utf16))
          return g_strdup_printf ("%s is in plain in %s", needles[i].what, child);
      (*files)++;
    }
  return NULL;
}

static void
assert_no_plaintext (Fixture *fixture,
                     Needle  *needles,
                     guint    n_needles)
{
  g_autofree char *db = g_build_filename (fixture->data_dir, TG_STORE_DB_NAME, NULL);
  g_autofree char *head = NULL;
  g_autofree char *found = NULL;
  gsize length = 0;
  guint in_store = 0;
  guint in_session = 0;

  found = scan_tree (fixture->data_dir, needles, n_needles, &in_store);
  g_assert_null (found);
  g_assert_cmpuint (in_store, >=, 2);
  found = scan_tree (g_getenv ("TG_TEST_TMPDIR"), needles, n_needles, &in_session);
  g_assert_null (found);
  g_test_message ("%u files in the store, %u in the session", in_store, in_session);

  g_assert_true (g_file_get_contents (db, &head, &length, NULL));
  g_assert_cmpuint (length, >=, 16);
  g_assert_true (memcmp (head, "SQLite format 3", 15) != 0);
}

/* The scan itself must be able to fail: it finds a needle in UTF-16LE and
 * in another letter case. */
static void
assert_scan_finds (Fixture *fixture,
                   Needle  *needle,
                   GBytes  *form)
{
  g_autofree char *decoy_dir = g_build_filename (fixture->dir, "decoy", NULL);
  g_autofree char *decoy = g_build_filename (decoy_dir, "file", NULL);
  g_autofree char *found = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  gsize n;
  const guint8 *data = g_bytes_get_data (form, &n);
  guint files = 0;

  g_byte_array_append (bytes, (const guint8 *) "\0\1 before ", 10);
  g_byte_array_append (bytes, data, n);
  g_byte_array_append (bytes, (const guint8 *) " after", 6);
  for (guint i = 0; i < bytes->len; i++)
    bytes->data[i] = g_ascii_toupper (bytes->data[i]);
  g_mkdir_with_parents (decoy_dir, 0700);
  g_assert_true (g_file_set_contents (decoy, (const char *) bytes->data, bytes->len, NULL));
  found = scan_tree (decoy_dir, needle, 1, &files);
  g_assert_nonnull (found);
  g_unlink (decoy);
  g_rmdir (decoy_dir);
}

static char *
random_letters (guint       n,
                const char *alphabet)
{
  char *text = g_malloc0 (n + 1);

  for (guint i = 0; i < n; i++)
    text[i] = alphabet[g_random_int_range (0, (gint32) strlen (alphabet))];
  return text;
}

static void
test_no_plaintext (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *hex = random_letters (16, "0123456789abcdef");
  g_autofree char *canary = g_strconcat ("CANARY", hex, NULL);
  g_autofree char *suffix = random_letters (8, "abcdefghijklmnopqrstuvwxyz");
  g_autofree char *family = g_strconcat ("Tresk", suffix, NULL);
  g_autofree char *digits = random_letters (4, "0123456789");
  g_autofree char *letters = random_letters (3, "ABCDEFGHJKLMNPQRSTUVWXYZ");
  g_autofree char *prison = g_strdup_printf ("%c%s%c%c", letters[0], digits,
                                             letters[1], letters[2]);
  g_autofree char *nhs = tg_test_nhs_number (g_random_int_range (0, 1000000));
  g_autofree char *body = g_strdup_printf ("Met %s at the gate; the hostel place "
                                           "fell through. Café voucher given.",
                                           canary);
  g_autofree char *out = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *note_id = NULL;
  g_autofree char *changed = g_strconcat (canary, "-ALT", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  const char *field = "preferred_name";
  const char *value = changed;
  Needle needles[4];

  g_test_message ("canary %s, family name %s, prison number %s", canary, family, prison);
  needle_init (&needles[0], "the canary", canary);
  needle_init (&needles[1], "the family name", family);
  needle_init (&needles[2], "the prison number", prison);
  needle_init (&needles[3], "the NHS number", nhs);
  assert_scan_finds (fixture, &needles[0], needles[0].ascii);
  assert_scan_finds (fixture, &needles[1], needles[1].utf16);

  out = tg_test_cli_run_ok (fixture, NULL, "client", "add", "--given", canary,
                            "--family", family, "--prison-number", prison,
                            "--nhs-number", nhs, "--team", "North", "--json", NULL);
  client_id = tg_test_json_id (out);
  g_free (out);
  out = tg_test_cli_run_ok (fixture, NULL, "note", "add", client_id, "--kind", "in_reach",
                            "--body", body, "--json", NULL);
  note_id = tg_test_json_id (out);
  g_free (out);
  out = tg_test_cli_run_ok (fixture, NULL, "note", "sign", note_id, NULL);
  g_free (out);

  /* Search and export read everything back: the values are in the store
   * (so finding none on disk means they are encrypted, not absent). */
  out = tg_test_cli_run_ok (fixture, NULL, "client", "list", "--search", family,
                            "--json", NULL);
  g_assert_nonnull (strstr (out, client_id));
  g_free (out);
  out = tg_test_cli_run_ok (fixture, NULL, "client", "list", "--search", prison, NULL);
  g_assert_nonnull (strstr (out, family));
  g_free (out);
  out = tg_test_cli_run_ok (fixture, NULL, "export", "--format", "json", NULL);
  g_assert_nonnull (strstr (out, canary));
  g_assert_nonnull (strstr (out, nhs));
  g_free (out);
  out = tg_test_cli_run_ok (fixture, NULL, "export", "--format", "csv", NULL);
  g_assert_nonnull (strstr (out, family));
  g_clear_pointer (&out, g_free);

  /* A writer holds the store open with a committed change still in the
   * write-ahead log, as the app does all day. */
  store = tg_store_open (fixture->data_dir, PIN, &error);
  g_assert_no_error (error);
  tg_store_update (store, "client", client_id, &field, &value, 1, &error);
  g_assert_no_error (error);
  assert_no_plaintext (fixture, needles, G_N_ELEMENTS (needles));

  g_assert_finalize_object (g_steal_pointer (&store));
  assert_no_plaintext (fixture, needles, G_N_ELEMENTS (needles));

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    needle_clear (&needles[i]);
}

static void
assert_private (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  GStatBuf st;

  g_assert_nonnull (listing);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_lstat (path, &st), ==, 0);
      g_test_message ("%s %04o", name, (guint) (st.st_mode & 07777));
      g_assert_true (S_ISREG (st.st_mode));
      if (g_str_equal (name, TG_STORE_DB_NAME))
        g_assert_cmpint (st.st_mode & 07777, ==, 0600);
      /* Journal files and store.ini: nobody else may read them either. */
      g_assert_cmpint (st.st_mode & 0077, ==, 0);
    }
}

/* The store makes its own modes; it does not trust the worker's umask. */
static void
test_modes (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autofree char *out = NULL;
  g_autofree char *wal = NULL;
  mode_t saved = umask (0);

  fixture_set_up (&fixture, NULL);
  out = tg_test_cli_run_ok (&fixture, NULL, "client", "add", "--given", "Orla",
                            "--family", "Penhallow", "--json", NULL);
  assert_private (fixture.data_dir);

  /* With a connection open the -wal and -shm files exist too. */
  store = tg_store_open (fixture.data_dir, PIN, &error);
  g_assert_no_error (error);
  wal = g_strconcat (tg_store_get_db_path (store), "-wal", NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_private (fixture.data_dir);
  g_assert_finalize_object (g_steal_pointer (&store));

  umask (saved);
  fixture_tear_down (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *session = g_getenv ("TG_TEST_TMPDIR");

  /* Before anything reads TMPDIR: every temporary file of this run, ours
   * and the CLI's, must land where the scan looks. */
  if (session != NULL)
    {
      g_autofree char *tmp = g_build_filename (session, "tmp", NULL);

      g_mkdir_with_parents (tmp, 0700);
      g_setenv ("TMPDIR", tmp, TRUE);
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/store-files/no-plaintext", Fixture, NULL,
              fixture_set_up, test_no_plaintext, fixture_tear_down);
  g_test_add_func ("/tg/store-files/modes", test_modes);

  return g_test_run ();
}
