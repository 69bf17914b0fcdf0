/* tg-store-keyfile.c: a store keyed from a file, for throughgate-server.
 *
 * The server runs unattended as a system service: there is no worker to
 * type a PIN and no desktop keyring. Its store key is a file the
 * administrator makes once and keeps apart from the backups of the data
 * directory (docs/server.md). Everything else — the database, its
 * tables, store.ini — is made and opened by the same steps as a device
 * store (tg-store.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tg-random.h"
#include "tg-store-private.h"
#include "tg-uuid.h"

/* What the server's store records as the writer of its own rows; it never
 * writes records itself. */
#define SERVER_WORKER "throughgate-server"

/* Longest key file read: 64 hex digits and a CRLF. Anything longer is not
 * a key file, and is not read further. */
#define KEY_FILE_MAX 66

static gboolean
parse_key (const char  *key_file,
           const char  *data,
           gsize        length,
           guint8       key[TG_STORE_KEY_SIZE],
           GError     **error)
{
  gsize hex_length = length;

  if (length == TG_STORE_KEY_SIZE)
    {
      memcpy (key, data, TG_STORE_KEY_SIZE);
      return TRUE;
    }

  /* Hex made with `openssl rand -hex 32 > key` ends in a newline. */
  if (hex_length > 0 && data[hex_length - 1] == '\n')
    hex_length--;
  if (hex_length > 0 && data[hex_length - 1] == '\r')
    hex_length--;
  if (hex_length == 2 * TG_STORE_KEY_SIZE)
    {
      gboolean all_hex = TRUE;

      for (gsize i = 0; i < hex_length; i++)
        all_hex = all_hex && g_ascii_isxdigit (data[i]);
      if (all_hex)
        {
          for (guint i = 0; i < TG_STORE_KEY_SIZE; i++)
            key[i] = (guint8) (g_ascii_xdigit_value (data[2 * i]) << 4 |
                               g_ascii_xdigit_value (data[2 * i + 1]));
          return TRUE;
        }
    }

  g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_DAMAGED,
               "store-key-file: %s must hold exactly %d random bytes or %d hex "
               "digits (make one with: head -c 32 /dev/urandom > FILE; chmod 600 FILE)",
               key_file, TG_STORE_KEY_SIZE, 2 * TG_STORE_KEY_SIZE);
  return FALSE;
}

/* Reads the key, refusing a file that others could read or replace: a key
 * readable by the whole machine protects nothing. */
static gboolean
read_key_file (const char  *key_file,
               guint8       key[TG_STORE_KEY_SIZE],
               GError     **error)
{
  char data[KEY_FILE_MAX + 1];
  struct stat st;
  gssize length = 0;
  gboolean ok;
  int fd;

  fd = open (key_file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "store-key-file: cannot open %s: %s", key_file, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_DAMAGED,
                   "store-key-file: %s is not a regular file", key_file);
      return FALSE;
    }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      close (fd);
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_DAMAGED,
                   "store-key-file: %s is accessible to group or others (mode %04o); "
                   "make it private with: chmod 600 %s",
                   key_file, (guint) (st.st_mode & 07777), key_file);
      return FALSE;
    }

  while (length < (gssize) sizeof data)
    {
      gssize n = read (fd, data + length, sizeof data - (gsize) length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          tg_key_wipe (data, sizeof data);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "store-key-file: cannot read %s: %s", key_file, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      length += n;
    }
  close (fd);

  ok = parse_key (key_file, data, length > KEY_FILE_MAX ? 0 : (gsize) length, key, error);
  tg_key_wipe (data, sizeof data);
  return ok;
}

static TgStore *
create_with_key (const char    *data_dir,
                 const guint8   key[TG_STORE_KEY_SIZE],
                 GError       **error)
{
  g_autoptr(TgStore) self = _tg_store_new (data_dir);
  gint64 node_id;

  self->store_id = tg_uuid_new ();
  node_id = tg_node_id_new (error);
  if (node_id == 0 ||
      !_tg_store_create_files (self, node_id, key, SERVER_WORKER, 0, error))
    return NULL;
  return g_steal_pointer (&self);
}

static TgStore *
open_with_key (const char    *data_dir,
               const guint8   key[TG_STORE_KEY_SIZE],
               GError       **error)
{
  g_autoptr(TgStore) self = NULL;
  guint cipher_major;

  self = _tg_store_new_for_open (data_dir, &cipher_major, error);
  if (self == NULL || !_tg_store_open_files (self, key, cipher_major, 0, error))
    return NULL;
  return g_steal_pointer (&self);
}

TgStore *
tg_store_open_with_key_file (const char  *data_dir,
                             const char  *key_file,
                             GError     **error)
{
  guint8 key[TG_STORE_KEY_SIZE];
  TgStore *store;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (key_file != NULL, NULL);

  if (!read_key_file (key_file, key, error))
    return NULL;

  if (tg_store_exists (data_dir))
    store = open_with_key (data_dir, key, error);
  else
    store = create_with_key (data_dir, key, error);
  tg_key_wipe (key, sizeof key);
  return store;
}
