/* The store key and the keyring: what a wrong PIN, a missing keyring item,
 * no Secret Service at all, a damaged sealed key and a damaged store file
 * do. The binary runs in its own keyring session (keyring-session.sh), so
 * the keyring starts empty and its items can be counted exactly. */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "tg-key-vault.h"
#include "tg-key-wrap.h"
#include "tg-store-private.h"
#include "tg-test-util.h"
#include "tg-uuid.h"

#define PIN       "482916"
#define WRONG_PIN "482917"

/* Layout of a sealed key (tg-key-wrap.c): magic, three cost bytes, salt,
 * nonce, ciphertext, tag. */
#define SEALED_LEN (4 + 3 + 16 + 12 + TG_STORE_KEY_SIZE + 16)

/* The same name and attribute as the store's schema, declared here so the
 * test reads what the keyring really holds, not what the store reports. */
static const SecretSchema test_key_schema = {
  "org.throughgate.StoreKey", SECRET_SCHEMA_NONE,
  {
    { "store-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct {
  char   *tmp;
  char   *data_dir;
  char   *store_id;
  char   *client_id;
  gint64  node_id;
} Fixture;

/* Every file below @dir with a digest of its bytes, one sorted line each;
 * two of these are equal only when no file was added, removed or changed,
 * and a failed comparison prints which. The wrong-PIN count is left out:
 * counting is its job, and test_wrong_pin checks it separately. */
static void
snapshot_into (GPtrArray  *lines,
               const char *root,
               const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *rel = g_build_filename (relative, name, NULL);
      g_autofree char *full = g_build_filename (root, rel, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *digest = NULL;
      gsize length = 0;

      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        {
          snapshot_into (lines, root, rel);
          continue;
        }
      if (g_str_equal (name, TG_STORE_UNLOCKS_NAME))
        continue;
      if (g_file_get_contents (full, &contents, &length, NULL))
        digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                              (const guchar *) contents, length);
      g_ptr_array_add (lines, g_strdup_printf ("%s %s", rel,
                                               digest != NULL ? digest : "(unreadable)"));
    }
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
snapshot (const char *dir)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  snapshot_into (lines, dir, "");
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* Items of the store key schema in the keyring, whatever their store. */
static guint
count_key_items (void)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (&test_key_schema, SECRET_SEARCH_ALL, NULL,
                                       &error, NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);
  return n;
}

static char *
lookup_sealed (const char *store_id)
{
  g_autoptr(GError) error = NULL;
  char *sealed;
  char *copy;

  sealed = secret_password_lookup_sync (&test_key_schema, NULL, &error,
                                        "store-id", store_id, NULL);
  g_assert_no_error (error);
  copy = g_strdup (sealed);
  secret_password_free (sealed);
  return copy;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *fields[] = { "given_name", "family_name", "prison_number", "nhs_number" };
  const char *values[] = { "Orla", "Penhallow", "A1234BC", "9990000018" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autofree char *sealed = NULL;

  fixture->tmp = tg_test_make_tmp_dir ("tg-store-keys-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp, "store", NULL);

  store = tg_store_create (fixture->data_dir, PIN, "Test Worker", &error);
  g_assert_no_error (error);
  fixture->client_id = tg_store_insert (store, "client", fields, values,
                                        G_N_ELEMENTS (fields), &error);
  g_assert_no_error (error);
  fixture->store_id = g_strdup (tg_store_get_id (store));
  fixture->node_id = tg_store_get_node_id (store);

  /* Closed, so the files are at rest as a worker's device leaves them. */
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_cmpuint (count_key_items (), ==, 1);
  sealed = lookup_sealed (fixture->store_id);
  g_assert_nonnull (sealed);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tg_key_vault_delete (fixture->store_id, NULL);
  tg_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->data_dir);
  g_free (fixture->store_id);
  g_free (fixture->client_id);
}

static void
assert_opens_with_data (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) client = NULL;

  store = tg_store_open (fixture->data_dir, PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tg_store_get_id (store), ==, fixture->store_id);
  g_assert_cmpint (tg_store_get_node_id (store), ==, fixture->node_id);
  client = tg_store_get (store, "client", fixture->client_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tg_record_get (client, "family_name"), ==, "Penhallow");
  g_assert_cmpstr (tg_record_get (client, "prison_number"), ==, "A1234BC");
  g_assert_cmpstr (tg_record_get (client, "nhs_number"), ==, "9990000018");
  g_clear_pointer (&client, tg_record_free);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  assert_opens_with_data (fixture);
  /* A second time: opening must not have used anything up. */
  assert_opens_with_data (fixture);
  g_assert_cmpuint (count_key_items (), ==, 1);
}

static void
test_wrong_pin (Fixture       *fixture,
                gconstpointer  data)
{
  const char *wrong[] = { WRONG_PIN, "", "4829160", "ABCDEF" };
  g_autofree char * before = snapshot (fixture->data_dir);
  g_autofree char *sealed = lookup_sealed (fixture->store_id);

  g_assert_nonnull (sealed);
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TgStore) store = tg_store_open (fixture->data_dir, wrong[i], &error);
      g_autofree char * after = snapshot (fixture->data_dir);
      g_autofree char *sealed_after = lookup_sealed (fixture->store_id);

      g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WRONG_PIN);
      g_assert_true (g_str_has_prefix (error->message, "pin: "));
      g_assert_null (store);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (tg_store_get_failed_unlocks (fixture->data_dir), ==, i + 1);
      /* A wrong PIN must not re-seal, replace or add a keyring item. */
      g_assert_cmpuint (count_key_items (), ==, 1);
      g_assert_cmpstr (sealed_after, ==, sealed);
    }

  /* The right PIN resets the count. */
  assert_opens_with_data (fixture);
  g_assert_cmpuint (tg_store_get_failed_unlocks (fixture->data_dir), ==, 0);
}

/* Ten wrong PINs in a row wipe the store and its key; nine do not. */
static void
test_wrong_pins_wipe (Fixture       *fixture,
                      gconstpointer  data)
{
  for (guint i = 1; i <= TG_STORE_MAX_FAILED_UNLOCKS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TgStore) store = tg_store_open (fixture->data_dir, WRONG_PIN, &error);

      g_assert_null (store);
      if (i < TG_STORE_MAX_FAILED_UNLOCKS)
        {
          g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WRONG_PIN);
          g_assert_true (tg_store_exists (fixture->data_dir));
          g_assert_cmpuint (count_key_items (), ==, 1);
        }
      else
        {
          g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WIPED);
          g_assert_false (tg_store_exists (fixture->data_dir));
          g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));
          g_assert_cmpuint (count_key_items (), ==, 0);
        }
    }
}

static void
test_item_missing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autofree char * before = snapshot (fixture->data_dir);
  g_autofree char * after = NULL;

  tg_key_vault_delete (fixture->store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_key_items (), ==, 0);

  store = tg_store_open (fixture->data_dir, PIN, &error);
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_MISSING);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->store_id));

  after = snapshot (fixture->data_dir);
  g_assert_cmpstr (after, ==, before);
  /* Opening never makes a key: a new one would not open the old file. */
  g_assert_cmpuint (count_key_items (), ==, 0);

  /* Deleting what is not there is not an error. */
  g_clear_error (&error);
  g_assert_true (tg_key_vault_delete (fixture->store_id, &error));
  g_assert_no_error (error);
}

/* Without a Secret Service the store neither opens nor comes into being,
 * and nothing falls back to keeping the key in a file. Runs in a child so
 * that the session bus address can be changed before GDBus first reads it. */
static void
test_no_secret_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *data_dir = NULL;

  if (g_test_subprocess ())
    {
      const char *existing = g_getenv ("TG_TEST_STORE_DIR");
      const char *session_tmp = g_getenv ("TG_TEST_TMPDIR");
      g_autofree char * store_before = NULL;
      g_autofree char * store_after = NULL;
      g_autofree char * session_before = NULL;
      g_autofree char * session_after = NULL;
      g_autofree char *new_dir = NULL;
      g_autoptr(GDir) dir = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
      g_assert_nonnull (existing);
      g_assert_nonnull (session_tmp);

      /* The session directory holds HOME and every XDG directory. */
      session_before = snapshot (session_tmp);
      store_before = snapshot (existing);

      store = tg_store_open (existing, PIN, &error);
      g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEYRING_UNAVAILABLE);
      g_assert_nonnull (strstr (error->message, "keyring"));
      g_assert_null (store);
      g_clear_error (&error);

      new_dir = g_build_filename (existing, "..", "new-store", NULL);
      store = tg_store_create (new_dir, PIN, "Test Worker", &error);
      g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEYRING_UNAVAILABLE);
      g_assert_null (store);

      /* The directory may exist, but nothing may be in it. */
      dir = g_dir_open (new_dir, 0, NULL);
      if (dir != NULL)
        g_assert_null (g_dir_read_name (dir));

      store_after = snapshot (existing);
      g_assert_cmpstr (store_after, ==, store_before);
      session_after = snapshot (session_tmp);
      g_assert_cmpstr (session_after, ==, session_before);
      return;
    }

  tmp = tg_test_make_tmp_dir ("tg-store-keys-XXXXXX");
  data_dir = g_build_filename (tmp, "store", NULL);
  store = tg_store_create (data_dir, PIN, "Test Worker", &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  g_setenv ("TG_TEST_STORE_DIR", data_dir, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("TG_TEST_STORE_DIR");
  g_test_trap_assert_passed ();

  store = tg_store_open (data_dir, PIN, &error);
  g_assert_no_error (error);
  tg_key_vault_delete (tg_store_get_id (store), NULL);
  g_assert_finalize_object (g_steal_pointer (&store));
  tg_test_remove_tree (tmp);
}

static void
test_key (guint8 key[TG_STORE_KEY_SIZE])
{
  for (guint i = 0; i < TG_STORE_KEY_SIZE; i++)
    key[i] = (guint8) (0xa5 ^ (i * 7));
}

static char *
seal_test_key (const char *store_id)
{
  g_autoptr(GError) error = NULL;
  guint8 key[TG_STORE_KEY_SIZE];
  char *sealed;

  test_key (key);
  sealed = tg_key_wrap (key, PIN, store_id, &error);
  g_assert_no_error (error);
  return sealed;
}

static void
test_wrap_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_id = tg_uuid_new ();
  g_autofree char *sealed = seal_test_key (store_id);
  g_autofree char *again = seal_test_key (store_id);
  guint8 key[TG_STORE_KEY_SIZE];
  guint8 out[TG_STORE_KEY_SIZE] = { 0 };

  test_key (key);
  g_assert_true (tg_key_unwrap (sealed, PIN, store_id, out, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (out, sizeof out, key, sizeof key);

  /* A fresh salt and nonce every time: two seals of one key differ. */
  g_assert_cmpstr (again, !=, sealed);
}

static void
assert_unwrap_fails (const char  *sealed,
                     const char  *pin,
                     const char  *store_id,
                     int          expected)
{
  g_autoptr(GError) error = NULL;
  guint8 key[TG_STORE_KEY_SIZE];
  guint8 out[TG_STORE_KEY_SIZE];

  test_key (key);
  memset (out, 0x5a, sizeof out);
  g_assert_false (tg_key_unwrap (sealed, pin, store_id, out, &error));
  if (expected >= 0)
    g_assert_error (error, TG_STORE_ERROR, expected);
  else if (!g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_WRONG_PIN) &&
           !g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_DAMAGED))
    g_error ("unexpected error: %s", error->message);

  /* Whatever was decrypted before the tag check failed is not handed out. */
  g_assert_true (memcmp (out, key, sizeof key) != 0);
}

static void
test_wrap_wrong_opener (void)
{
  g_autofree char *store_id = tg_uuid_new ();
  g_autofree char *other_id = tg_uuid_new ();
  g_autofree char *sealed = seal_test_key (store_id);

  assert_unwrap_fails (sealed, WRONG_PIN, store_id, TG_STORE_ERROR_WRONG_PIN);
  assert_unwrap_fails (sealed, "", store_id, TG_STORE_ERROR_WRONG_PIN);
  /* The store id is bound in as associated data: a sealed key copied into
   * another store's item does not open there, even with the right PIN. */
  assert_unwrap_fails (sealed, PIN, other_id, -1);
  assert_unwrap_fails (sealed, PIN, "", -1);
}

static void
test_wrap_damaged (void)
{
  /* One byte in each part: magic, the three cost bytes, salt, nonce, the
   * first and last byte of the ciphertext, the last byte of the tag. The
   * low bit is flipped, so the cost bytes stay affordable (2^14, r=9). */
  const guint positions[] = { 0, 4, 5, 6, 7, 23, 35, 66, SEALED_LEN - 1 };
  g_autofree char *store_id = tg_uuid_new ();
  g_autofree char *sealed = seal_test_key (store_id);
  g_autofree guint8 *blob = NULL;
  g_autofree char *short_text = NULL;
  gsize length;

  blob = g_base64_decode (sealed, &length);
  g_assert_cmpuint (length, ==, SEALED_LEN);

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autofree char *damaged = NULL;

      blob[positions[i]] ^= 0x01;
      damaged = g_base64_encode (blob, length);
      blob[positions[i]] ^= 0x01;
      g_test_message ("byte %u flipped", positions[i]);
      assert_unwrap_fails (damaged, PIN, store_id, -1);
    }

  short_text = g_base64_encode (blob, length - 1);
  assert_unwrap_fails (short_text, PIN, store_id, TG_STORE_ERROR_KEY_DAMAGED);
  assert_unwrap_fails ("", PIN, store_id, TG_STORE_ERROR_KEY_DAMAGED);
  assert_unwrap_fails ("not a sealed key at all", PIN, store_id, TG_STORE_ERROR_KEY_DAMAGED);
}

static void
test_weak_pin (void)
{
  /* The third is five characters in ten bytes: length counts characters. */
  const char *weak[] = { "12345", "", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = tg_test_make_tmp_dir ("tg-store-keys-XXXXXX");
  g_autofree char *data_dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *store_id = tg_uuid_new ();
  guint items = count_key_items ();
  guint8 key[TG_STORE_KEY_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_autoptr(TgStore) store = tg_store_create (data_dir, weak[i], "Test Worker", &error);

      g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WEAK_PIN);
      g_assert_null (store);
      g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
    }

  test_key (key);
  g_assert_false (tg_key_vault_save (store_id, key, "12345", &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WEAK_PIN);
  g_assert_cmpuint (count_key_items (), ==, items);
  tg_test_remove_tree (tmp);
}

typedef enum {
  DAMAGE_GARBAGE,
  DAMAGE_HALF,
  DAMAGE_EMPTY,
  DAMAGE_HEADER,
  DAMAGE_INFO,
  DAMAGE_MISSING,
} Damage;

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  Damage damage = GPOINTER_TO_INT (data);
  int expected = damage == DAMAGE_MISSING ? TG_STORE_ERROR_NOT_FOUND : TG_STORE_ERROR_CORRUPT;
  g_autofree char *db = g_build_filename (fixture->data_dir, TG_STORE_DB_NAME, NULL);
  g_autofree char *info = g_build_filename (fixture->data_dir, TG_STORE_INFO_NAME, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autofree char * before = NULL;
  g_autofree char * after = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4096);

  switch (damage)
    {
    case DAMAGE_GARBAGE:
      for (gsize i = 0; i < length; i++)
        contents[i] = (char) g_test_rand_int_range (0, 256);
      g_assert_true (g_file_set_contents (db, contents, (gssize) length, NULL));
      break;
    case DAMAGE_HALF:
      g_assert_true (g_file_set_contents (db, contents, (gssize) length / 2, NULL));
      break;
    case DAMAGE_EMPTY:
      g_assert_true (g_file_set_contents (db, "", 0, NULL));
      break;
    case DAMAGE_HEADER:
      /* The first page holds the salt and the schema's root. */
      memset (contents, 0, 1024);
      g_assert_true (g_file_set_contents (db, contents, (gssize) length, NULL));
      break;
    case DAMAGE_INFO:
      g_assert_true (g_file_set_contents (info, "\x01\x02garbage\n[store\nid=", -1, NULL));
      break;
    case DAMAGE_MISSING:
      /* store.ini alone must not become a new, empty store: that would
       * hide the loss of every record behind a working app. */
      g_assert_cmpint (g_unlink (db), ==, 0);
      break;
    default:
      g_assert_not_reached ();
    }

  before = snapshot (fixture->data_dir);
  store = tg_store_open (fixture->data_dir, PIN, &error);
  g_assert_error (error, TG_STORE_ERROR, expected);
  g_assert_null (store);
  g_test_message ("%s", error->message);

  /* A failed open leaves the damaged file as it found it, for recovery. */
  after = snapshot (fixture->data_dir);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_key_items (), ==, 1);

  /* The message names the file at fault in words, not in SQLite codes. */
  g_assert_nonnull (strstr (error->message, fixture->data_dir));
  g_assert_null (strstr (error->message, "SQLite error"));
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *name;
    Damage      damage;
  } damages[] = {
    { "garbage", DAMAGE_GARBAGE },
    { "truncated-half", DAMAGE_HALF },
    { "first-page-zeroed", DAMAGE_HEADER },
    { "store-ini-garbage", DAMAGE_INFO },
    { "db-missing", DAMAGE_MISSING },
    { "truncated-empty", DAMAGE_EMPTY },
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/store-keys/reopen", Fixture, NULL,
              fixture_set_up, test_reopen, fixture_tear_down);
  g_test_add ("/tg/store-keys/wrong-pin", Fixture, NULL,
              fixture_set_up, test_wrong_pin, fixture_tear_down);
  g_test_add ("/tg/store-keys/wrong-pins-wipe", Fixture, NULL,
              fixture_set_up, test_wrong_pins_wipe, fixture_tear_down);
  g_test_add ("/tg/store-keys/item-missing", Fixture, NULL,
              fixture_set_up, test_item_missing, fixture_tear_down);
  g_test_add_func ("/tg/store-keys/no-secret-service", test_no_secret_service);
  g_test_add_func ("/tg/store-keys/weak-pin", test_weak_pin);
  g_test_add_func ("/tg/store-keys/wrap/round-trip", test_wrap_round_trip);
  g_test_add_func ("/tg/store-keys/wrap/wrong-pin-or-store", test_wrap_wrong_opener);
  g_test_add_func ("/tg/store-keys/wrap/damaged", test_wrap_damaged);

  for (guint i = 0; i < G_N_ELEMENTS (damages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/store-keys/corrupt/%s",
                                               damages[i].name);

      g_test_add (path, Fixture, GINT_TO_POINTER (damages[i].damage),
                  fixture_set_up, test_corrupt, fixture_tear_down);
    }

  return g_test_run ();
}
