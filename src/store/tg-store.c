#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tg-key-vault.h"
#include "tg-random.h"
#include "tg-store-private.h"
#include "tg-uuid.h"

G_DEFINE_FINAL_TYPE (TgStore, tg_store, G_TYPE_OBJECT)

static void
tg_store_finalize (GObject *object)
{
  TgStore *self = (TgStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->data_dir);
  g_free (self->db_path);
  g_free (self->store_id);
  g_free (self->worker);

  G_OBJECT_CLASS (tg_store_parent_class)->finalize (object);
}

static void
tg_store_class_init (TgStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tg_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
tg_store_init (TgStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

void
tg_gate_entry_free (TgGateEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->client_id);
  g_free (entry->given_name);
  g_free (entry->family_name);
  g_free (entry->prison_number);
  g_free (entry->establishment);
  g_free (entry->release_date);
  g_free (entry->release_time);
  g_free (entry->release_type);
  g_free (entry->sentence_start);
  g_free (entry->gate);
  g_free (entry->pickup_mentor);
  g_free (entry->pickup_status);
  g_free (entry);
}

gboolean
tg_store_exists (const char *data_dir)
{
  g_autofree char *info = g_build_filename (data_dir, TG_STORE_INFO_NAME, NULL);
  g_autofree char *db = g_build_filename (data_dir, TG_STORE_DB_NAME, NULL);

  return g_file_test (info, G_FILE_TEST_EXISTS) || g_file_test (db, G_FILE_TEST_EXISTS);
}

static guint
runtime_cipher_major (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  guint major = 3;

  if (sqlite3_prepare_v2 (db, "PRAGMA cipher_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    major = (guint) g_ascii_strtoull ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
  sqlite3_finalize (stmt);
  return major;
}

/* Applies the raw key and the settings every connection needs. The key goes
 * in as a blob literal, which SQLCipher takes as the key itself with no
 * key derivation; the text holding it is wiped straight after. */
static gboolean
apply_key (TgStore       *self,
           const guint8   key[TG_STORE_KEY_SIZE],
           guint          created_with_major,
           GError       **error)
{
  /* PRAGMA key="x'<64 hex digits>'" and its terminator. */
  char sql[14 + 2 * TG_STORE_KEY_SIZE + 2 + 1];
  int rc;

  memcpy (sql, "PRAGMA key=\"x'", 14);
  for (guint i = 0; i < TG_STORE_KEY_SIZE; i++)
    {
      static const char hex[] = "0123456789ABCDEF";

      sql[14 + 2 * i] = hex[key[i] >> 4];
      sql[15 + 2 * i] = hex[key[i] & 0xf];
    }
  memcpy (sql + 14 + 2 * TG_STORE_KEY_SIZE, "'\"", 2);
  sql[sizeof sql - 1] = '\0';
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  tg_key_wipe (sql, sizeof sql);
  if (rc != SQLITE_OK)
    {
      _tg_store_set_sql_error (self, error, "Could not key the store");
      return FALSE;
    }

  /* A store made by SQLCipher 3 (Debian) keeps its page format when a
   * SQLCipher 4 build (the Flatpak) opens it. */
  if (created_with_major == 3 && runtime_cipher_major (self->db) >= 4 &&
      !_tg_store_exec (self, "PRAGMA cipher_compatibility = 3", error))
    return FALSE;

  /* Every page is encrypted and authenticated on its own, so page count
   * is crypto cost: 4 KiB pages (SQLCipher 4's default; SQLCipher 3 uses
   * 1 KiB) do a quarter of the calls into OpenSSL for the same data. */
  if (!_tg_store_exec (self, "PRAGMA cipher_page_size = 4096", error))
    return FALSE;

  sqlite3_busy_timeout (self->db, 5000);

  /* Reading the schema is the first use of the key: a wrong key or a file
   * that is not a store fails here, before anything is written. */
  if (sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT,
                   "The store at %s cannot be read with its key: it is damaged "
                   "or is not a Throughgate store", self->db_path);
      return FALSE;
    }

  /* Durability over speed: a note the worker saw saved must survive a flat
   * battery. Temporary tables stay in memory so nothing plain reaches disk. */
  return _tg_store_exec (self,
                         "PRAGMA synchronous = FULL;"
                         "PRAGMA cache_size = -16384;"
                         "PRAGMA temp_store = MEMORY;"
                         "PRAGMA secure_delete = ON;",
                         error);
}

static guint
read_schema_version (TgStore *self)
{
  sqlite3_stmt *stmt = NULL;
  guint version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Takes ownership of @text: "identity,release" → a bit set of classes. */
static guint
parse_classes (char *text)
{
  g_auto(GStrv) names = NULL;
  guint mask = 0;

  if (text == NULL || *text == '\0')
    {
      g_free (text);
      return _TG_STORE_ALL_CLASSES;
    }
  names = g_strsplit (text, ",", -1);
  g_free (text);
  for (guint i = 0; names[i] != NULL; i++)
    for (TgSensitivity c = TG_SENSITIVITY_IDENTITY; c <= TG_SENSITIVITY_NOTES; c++)
      if (g_str_equal (names[i], tg_sensitivity_to_string (c)))
        mask |= 1u << c;
  return mask;
}

static gint64
store_clock_cb (gpointer user_data)
{
  TgStore *self = user_data;

  return g_get_real_time () / 1000 + self->clock_offset_ms;
}

static gboolean
load_state (TgStore  *self,
            GError  **error)
{
  g_autofree char *node = _tg_store_get_meta (self, "node_id", error);
  g_autofree char *last = NULL;
  g_autofree char *offset = NULL;
  gint64 node_id;

  if (node == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT,
                     "The store at %s has no node id; it is damaged", self->db_path);
      return FALSE;
    }
  node_id = g_ascii_strtoll (node, NULL, 10);
  last = _tg_store_get_meta (self, "hlc_last", NULL);
  offset = _tg_store_get_meta (self, "clock_offset_ms", NULL);
  self->clock_offset_ms = offset != NULL ? g_ascii_strtoll (offset, NULL, 10) : 0;
  tg_hlc_init (&self->hlc, node_id,
               last != NULL ? g_ascii_strtoull (last, NULL, 10) : 0,
               store_clock_cb, self);
  g_free (self->worker);
  self->worker = _tg_store_get_meta (self, "worker", NULL);
  self->writable_classes = parse_classes (_tg_store_get_meta (self, "writable_classes", NULL));
  return TRUE;
}

guint
tg_store_get_failed_unlocks (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, TG_STORE_UNLOCKS_NAME, NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

/* The count of wrong PINs lives in a plain file beside the store: it must
 * be readable before the key is, and it is raised before each attempt so
 * that killing the program during the slow key derivation does not give a
 * free guess. It guards the unlock screen, not a copied disk (whoever
 * copies the files can reset it; docs/key-handling.md). */
static gboolean
set_failed_unlocks (const char  *data_dir,
                    guint        count,
                    GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, TG_STORE_UNLOCKS_NAME, NULL);
  g_autofree char *text = NULL;

  if (count == 0)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Could not reset %s: %s", path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  text = g_strdup_printf ("%u\n", count);
  return g_file_set_contents_full (path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_DURABLE, 0600, error);
}

void
_tg_store_wipe_files (const char *data_dir,
                      const char *store_id)
{
  const char *names[] = { TG_STORE_DB_NAME, TG_STORE_DB_NAME "-wal", TG_STORE_DB_NAME "-shm",
                          TG_STORE_DB_NAME "-journal", TG_STORE_INFO_NAME, TG_STORE_UNLOCKS_NAME };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (data_dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (data_dir);
  tg_key_vault_delete (store_id, NULL);
}

/* Unseals the key, counting wrong PINs and wiping at the limit. */
static gboolean
unlock_key (TgStore  *self,
            const char *pin,
            guint8    key[TG_STORE_KEY_SIZE],
            GError  **error)
{
  guint failed = tg_store_get_failed_unlocks (self->data_dir);
  g_autoptr(GError) local_error = NULL;

  if (!set_failed_unlocks (self->data_dir, failed + 1, error))
    return FALSE;

  if (tg_key_vault_load (self->store_id, pin, key, &local_error))
    return set_failed_unlocks (self->data_dir, 0, error);

  if (!g_error_matches (local_error, TG_STORE_ERROR, TG_STORE_ERROR_WRONG_PIN))
    {
      /* Not a guess (no keyring, no key): the count stays as it was. */
      set_failed_unlocks (self->data_dir, failed, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (failed + 1 >= TG_STORE_MAX_FAILED_UNLOCKS)
    {
      _tg_store_wipe_files (self->data_dir, self->store_id);
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WIPED,
                   "pin: %d wrong PINs in a row; the store on this device has been "
                   "wiped. Enrol the device again to get its records back from the server",
                   TG_STORE_MAX_FAILED_UNLOCKS);
      return FALSE;
    }

  g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WRONG_PIN,
               "pin: the PIN is not right for this store; %u more wrong PIN%s "
               "will wipe it", TG_STORE_MAX_FAILED_UNLOCKS - failed - 1,
               TG_STORE_MAX_FAILED_UNLOCKS - failed - 1 == 1 ? "" : "s");
  return FALSE;
}

TgStore *
_tg_store_new (const char *data_dir)
{
  TgStore *self = g_object_new (TG_TYPE_STORE, NULL);

  self->data_dir = g_strdup (data_dir);
  self->db_path = g_build_filename (data_dir, TG_STORE_DB_NAME, NULL);
  return self;
}

static gboolean
write_info (const char  *data_dir,
            const char  *store_id,
            guint        cipher_major,
            GError     **error)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autofree char *path = g_build_filename (data_dir, TG_STORE_INFO_NAME, NULL);
  g_autofree char *text = NULL;
  gsize length;

  g_key_file_set_string (info, "store", "id", store_id);
  g_key_file_set_integer (info, "store", "cipher-major", (gint) cipher_major);
  text = g_key_file_to_data (info, &length, NULL);
  return g_file_set_contents_full (path, text, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_DURABLE, 0600, error);
}

static gboolean
read_info (const char  *data_dir,
           char       **store_id,
           guint       *cipher_major,
           GError     **error)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autofree char *path = g_build_filename (data_dir, TG_STORE_INFO_NAME, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (info, path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND,
                     "There is no Throughgate store in %s; run init first", data_dir);
      else
        g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT,
                     "Could not read %s: %s", path, local_error->message);
      return FALSE;
    }
  *store_id = g_key_file_get_string (info, "store", "id", NULL);
  *cipher_major = (guint) g_key_file_get_integer (info, "store", "cipher-major", NULL);
  if (!tg_uuid_is_valid (*store_id))
    {
      g_clear_pointer (store_id, g_free);
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT,
                   "%s does not name a store", path);
      return FALSE;
    }
  return TRUE;
}

/* Makes the files of a new store keyed with @key: the data directory, the
 * database with its tables and meta rows, and store.ini. On failure the
 * files it made are removed again; the caller owns the key and whatever
 * holds it (the keyring item, or the server's key file). */
gboolean
_tg_store_create_files (TgStore       *self,
                        gint64         node_id,
                        const guint8   key[TG_STORE_KEY_SIZE],
                        const char    *worker,
                        guint          max_schema,
                        GError       **error)
{
  g_autofree char *node_text = NULL;
  gboolean ok;

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create %s: %s", self->data_dir, g_strerror (saved));
      return FALSE;
    }

  node_text = g_strdup_printf ("%" G_GINT64_FORMAT, node_id);
  ok = sqlite3_open_v2 (self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK;
  if (!ok)
    _tg_store_set_sql_error (self, error, "Could not create the store");
  ok = ok && g_chmod (self->db_path, 0600) == 0;
  ok = ok && apply_key (self, key, runtime_cipher_major (self->db), error);
  ok = ok && write_info (self->data_dir, self->store_id, runtime_cipher_major (self->db), error);
  ok = ok && _tg_store_exec (self, "PRAGMA journal_mode = WAL", error);
  ok = ok && _tg_store_migrate (self, max_schema ? max_schema : TG_STORE_SCHEMA_VERSION, error);
  ok = ok && _tg_store_begin (self, error);
  if (ok)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *created = g_date_time_format_iso8601 (now);

      ok = _tg_store_set_meta (self, "node_id", node_text, error) &&
           _tg_store_set_meta (self, "store_id", self->store_id, error) &&
           _tg_store_set_meta (self, "worker", worker != NULL ? worker : g_get_user_name (), error) &&
           _tg_store_set_meta (self, "created_at", created, error) &&
           _tg_store_exec (self, "COMMIT", error);
      if (!ok)
        _tg_store_rollback (self);
    }
  ok = ok && load_state (self, error);

  if (!ok)
    {
      g_autofree char *info = g_build_filename (self->data_dir, TG_STORE_INFO_NAME, NULL);
      g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (self->db_path, "-shm", NULL);

      g_hash_table_remove_all (self->statements);
      g_clear_pointer (&self->db, sqlite3_close);
      g_unlink (self->db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_unlink (info);
      return FALSE;
    }
  return TRUE;
}

TgStore *
_tg_store_create_full (const char  *data_dir,
                       const char  *pin,
                       const char  *worker,
                       guint        max_schema,
                       GError     **error)
{
  g_autoptr(TgStore) self = NULL;
  guint8 key[TG_STORE_KEY_SIZE];
  gint64 node_id;
  gboolean ok;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (pin == NULL || g_utf8_strlen (pin, -1) < TG_PIN_MIN_LENGTH)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WEAK_PIN,
                   "pin: the PIN must be at least %d characters", TG_PIN_MIN_LENGTH);
      return NULL;
    }
  if (tg_store_exists (data_dir))
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_EXISTS,
                   "%s already holds a Throughgate store", data_dir);
      return NULL;
    }

  self = _tg_store_new (data_dir);
  self->store_id = tg_uuid_new ();
  node_id = tg_node_id_new (error);
  if (node_id == 0 || !tg_random_bytes (key, sizeof key, error))
    return NULL;

  /* The key reaches the keyring before any file exists, so a keyring
   * failure leaves nothing behind to clean up. */
  if (!tg_key_vault_save (self->store_id, key, pin, error))
    {
      tg_key_wipe (key, sizeof key);
      return NULL;
    }

  ok = _tg_store_create_files (self, node_id, key, worker, max_schema, error);
  tg_key_wipe (key, sizeof key);
  if (!ok)
    {
      tg_key_vault_delete (self->store_id, NULL);
      return NULL;
    }
  return g_steal_pointer (&self);
}

TgStore *
_tg_store_new_for_open (const char  *data_dir,
                        guint       *cipher_major,
                        GError     **error)
{
  g_autoptr(TgStore) self = _tg_store_new (data_dir);

  *cipher_major = 3;
  if (!read_info (data_dir, &self->store_id, cipher_major, error))
    return NULL;
  if (!g_file_test (self->db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND,
                   "The store file %s is missing", self->db_path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Opens the database of a store made by _tg_store_new_for_open() with its
 * key, checks its schema version and migrates it. */
gboolean
_tg_store_open_files (TgStore       *self,
                      const guint8   key[TG_STORE_KEY_SIZE],
                      guint          cipher_major,
                      guint          max_schema,
                      GError       **error)
{
  guint found;

  /* No SQLITE_OPEN_CREATE: a missing file must not become an empty store. */
  if (sqlite3_open_v2 (self->db_path, &self->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      _tg_store_set_sql_error (self, error, "Could not open the store");
      return FALSE;
    }
  if (!apply_key (self, key, cipher_major, error))
    return FALSE;

  found = read_schema_version (self);
  if (found == 0)
    {
      /* An empty file (a store whose creation was cut short, or one
       * truncated on disk) keys as an empty database; it must not quietly
       * become a new, empty store. */
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_CORRUPT,
                   "The store at %s is empty or damaged; nothing was changed",
                   self->db_path);
      return FALSE;
    }
  if (found > TG_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NEWER_SCHEMA,
                   "The store was written by a newer Throughgate (schema %u; this "
                   "build reads up to %u). Update Throughgate to open it",
                   found, TG_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  self->schema_version = found;
  return _tg_store_migrate (self, max_schema ? max_schema : TG_STORE_SCHEMA_VERSION, error) &&
         load_state (self, error);
}

TgStore *
_tg_store_open_full (const char  *data_dir,
                     const char  *pin,
                     guint        max_schema,
                     GError     **error)
{
  g_autoptr(TgStore) self = NULL;
  guint8 key[TG_STORE_KEY_SIZE];
  guint cipher_major;
  gboolean opened;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = _tg_store_new_for_open (data_dir, &cipher_major, error);
  if (self == NULL)
    return NULL;

  if (!unlock_key (self, pin, key, error))
    return NULL;

  opened = _tg_store_open_files (self, key, cipher_major, max_schema, error);
  tg_key_wipe (key, sizeof key);
  if (!opened)
    return NULL;

  return g_steal_pointer (&self);
}

TgStore *
tg_store_create (const char  *data_dir,
                 const char  *pin,
                 const char  *worker,
                 GError     **error)
{
  return _tg_store_create_full (data_dir, pin, worker, 0, error);
}

TgStore *
tg_store_open (const char  *data_dir,
               const char  *pin,
               GError     **error)
{
  return _tg_store_open_full (data_dir, pin, 0, error);
}

void
_tg_store_set_clock (TgStore        *self,
                     TgHlcClockFunc  clock,
                     gpointer        clock_data)
{
  tg_hlc_init (&self->hlc, self->hlc.node_id, self->hlc.last, clock, clock_data);
}

const char *
tg_store_get_data_dir (TgStore *self)
{
  return self->data_dir;
}

const char *
tg_store_get_db_path (TgStore *self)
{
  return self->db_path;
}

const char *
tg_store_get_id (TgStore *self)
{
  return self->store_id;
}

gint64
tg_store_get_node_id (TgStore *self)
{
  return self->hlc.node_id;
}

const char *
tg_store_get_worker (TgStore *self)
{
  return self->worker;
}

guint
tg_store_get_schema_version (TgStore *self)
{
  return self->schema_version;
}

gboolean
tg_store_set_cache_kib (TgStore  *self,
                        guint     kib,
                        GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (TG_IS_STORE (self), FALSE);
  g_return_val_if_fail (kib > 0, FALSE);

  /* A negative cache_size is in KiB rather than pages. */
  sql = g_strdup_printf ("PRAGMA cache_size = -%u", kib);
  return _tg_store_exec (self, sql, error);
}
