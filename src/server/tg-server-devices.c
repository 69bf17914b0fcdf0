/* tg-server-devices.c: enrolled devices and one-time enrolment codes.
 *
 * Neither a code nor a token is ever stored: only its SHA-256. A code is
 * twelve characters from an alphabet without look-alikes (no 0/O, 1/I),
 * 60 random bits, good once and for 7 days; a token is 32 random bytes.
 */
#include "config.h"

#include <string.h>

#include "tg-random.h"
#include "tg-server-private.h"
#include "tg-uuid.h"

#define CODE_GROUPS      3
#define CODE_GROUP_SIZE  4
#define CODE_LENGTH      (CODE_GROUPS * CODE_GROUP_SIZE)
#define CODE_DAYS        7
#define TOKEN_BYTES      32
/* A token is 43 characters of base64url; anything far longer is not one
 * and is not worth hashing. */
#define TOKEN_MAX_LENGTH 128
#define DEVICE_NAME_MAX  100

/* 32 symbols, so one random byte's low five bits pick one uniformly. */
static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
G_STATIC_ASSERT (sizeof code_alphabet - 1 == 32);

static const char tables_sql[] =
  "CREATE TABLE IF NOT EXISTS devices ("
  "  device_id   TEXT PRIMARY KEY NOT NULL,"
  "  node_id     INTEGER NOT NULL,"
  "  token_hash  TEXT NOT NULL UNIQUE,"     /* hex SHA-256 of the token */
  "  role        TEXT NOT NULL,"
  "  team        TEXT NOT NULL,"
  "  name        TEXT NOT NULL,"            /* whom the code was made for */
  "  device_name TEXT NOT NULL,"
  "  enrolled_at TEXT NOT NULL,"
  "  revoked_at  TEXT,"
  "  last_seen   TEXT"
  ");"
  "CREATE TABLE IF NOT EXISTS enrol_codes ("
  "  code_hash  TEXT PRIMARY KEY NOT NULL,"  /* hex SHA-256 of the code */
  "  role       TEXT NOT NULL,"
  "  team       TEXT NOT NULL,"
  "  name       TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  expires_at TEXT NOT NULL,"
  "  used_at    TEXT,"
  "  device_id  TEXT"                        /* the device it enrolled */
  ");";

gboolean
_tg_server_devices_create_tables (TgStore  *store,
                                  GError  **error)
{
  return _tg_store_exec (store, tables_sql, error);
}

/* Upper-cases and drops the separators a person may type, and checks the
 * rest is a code; NULL when it cannot be one. */
static char *
normalize_code (const char *typed)
{
  g_autoptr(GString) code = g_string_new (NULL);

  for (const char *p = typed; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ')
        continue;
      if (strchr (code_alphabet, c) == NULL || code->len >= CODE_LENGTH)
        return NULL;
      g_string_append_c (code, c);
    }
  if (code->len != CODE_LENGTH)
    return NULL;
  return g_string_free (g_steal_pointer (&code), FALSE);
}

static gboolean
check_text (const char  *what,
            const char  *text,
            GError     **error)
{
  const TgEntityDef *client = tg_schema_lookup_entity ("client");
  g_autofree char *canonical = NULL;
  g_autoptr(GError) local_error = NULL;

  /* A team is matched against clients' team field, so it obeys that
   * field's rules; a name the same ones. */
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST,
                   "%s: must not be empty", what);
      return FALSE;
    }
  if (!tg_field_normalize (tg_schema_lookup_field (client, "team"), text,
                           &canonical, &local_error))
    {
      /* The message names the client field; say which argument it was. */
      g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST,
                   "%s: %s", what,
                   strchr (local_error->message, ':') != NULL
                     ? strchr (local_error->message, ':') + 2 : local_error->message);
      return FALSE;
    }
  return TRUE;
}

char *
_tg_server_devices_new_code (TgStore       *store,
                             TgServerRole   role,
                             const char    *team,
                             const char    *name,
                             char         **out_expires_at,
                             GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_days (now, CODE_DAYS);
  g_autofree char *created_text = _tg_server_time_text (now);
  g_autofree char *expires_text = _tg_server_time_text (expires);
  g_autofree char *hash = NULL;
  guint8 random[CODE_LENGTH];
  char code[CODE_LENGTH + 1];
  GString *shown;
  sqlite3_stmt *stmt;

  if (!check_text ("team", team, error) || !check_text ("name", name, error))
    return NULL;
  if (!tg_random_bytes (random, sizeof random, error))
    return NULL;
  for (guint i = 0; i < CODE_LENGTH; i++)
    code[i] = code_alphabet[random[i] & 0x1f];
  code[CODE_LENGTH] = '\0';
  hash = _tg_server_sha256_hex (code);

  stmt = _tg_store_prepare (store,
                            "INSERT INTO enrol_codes (code_hash, role, team, name, "
                            "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, _tg_server_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, team, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, created_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, expires_text, -1, SQLITE_STATIC);
  if (!_tg_store_step_done (store, stmt, error))
    return NULL;

  shown = g_string_new (NULL);
  for (guint g = 0; g < CODE_GROUPS; g++)
    {
      if (g > 0)
        g_string_append_c (shown, '-');
      g_string_append_len (shown, code + g * CODE_GROUP_SIZE, CODE_GROUP_SIZE);
    }
  if (out_expires_at != NULL)
    *out_expires_at = g_steal_pointer (&expires_text);
  return g_string_free (shown, FALSE);
}

static char *
new_token (GError **error)
{
  guint8 random[TOKEN_BYTES];
  g_autofree char *base64 = NULL;
  GString *token;

  if (!tg_random_bytes (random, sizeof random, error))
    return NULL;
  base64 = g_base64_encode (random, sizeof random);
  tg_key_wipe (random, sizeof random);

  /* base64url without padding: safe in a header and a file name alike. */
  token = g_string_new (NULL);
  for (const char *p = base64; *p != '\0' && *p != '='; p++)
    g_string_append_c (token, *p == '+' ? '-' : *p == '/' ? '_' : *p);
  tg_key_wipe (base64, strlen (base64));
  return g_string_free (token, FALSE);
}

static gboolean
check_device_name (const char  *device_name,
                   GError     **error)
{
  if (*device_name == '\0' || g_utf8_strlen (device_name, -1) > DEVICE_NAME_MAX)
    {
      g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST,
                   "device_name: must be 1 to %d characters", DEVICE_NAME_MAX);
      return FALSE;
    }
  for (const char *p = device_name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST,
                     "device_name: holds a control character");
        return FALSE;
      }
  return TRUE;
}

static gboolean
redeem (TgStore                *store,
        const TgEnrollRequest  *request,
        const char             *code_hash,
        TgEnrollReply          *reply,
        GError                **error)
{
  g_autofree char *now = _tg_server_now_text ();
  g_autofree char *token_hash = NULL;
  g_autofree char *role = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _tg_store_prepare (store,
                            "SELECT role, team, name FROM enrol_codes WHERE code_hash = ? "
                            "AND used_at IS NULL AND expires_at > ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      role = _tg_store_column_text (stmt, 0);
      reply->team = _tg_store_column_text (stmt, 1);
      reply->name = _tg_store_column_text (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (store, error, "Could not read the enrolment codes");
      return FALSE;
    }
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, TG_WIRE_ERROR, TG_WIRE_ERROR_INVALID_CODE,
                           "code: unknown, already used or expired; ask for a new one");
      return FALSE;
    }

  reply->role = g_steal_pointer (&role);
  reply->device_id = tg_uuid_new ();
  reply->token = new_token (error);
  if (reply->token == NULL)
    return FALSE;
  token_hash = _tg_server_sha256_hex (reply->token);

  stmt = _tg_store_prepare (store,
                            "INSERT INTO devices (device_id, node_id, token_hash, role, team, "
                            "name, device_name, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reply->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, request->node_id);
  sqlite3_bind_text (stmt, 3, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, reply->role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, reply->team, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, reply->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, request->device_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
  if (!_tg_store_step_done (store, stmt, error))
    return FALSE;

  stmt = _tg_store_prepare (store,
                            "UPDATE enrol_codes SET used_at = ?, device_id = ? WHERE code_hash = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reply->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, code_hash, -1, SQLITE_STATIC);
  return _tg_store_step_done (store, stmt, error);
}

TgEnrollReply *
_tg_server_devices_enroll (TgStore                *store,
                           const TgEnrollRequest  *request,
                           GError                **error)
{
  g_autoptr(TgEnrollReply) reply = g_new0 (TgEnrollReply, 1);
  g_autofree char *code = NULL;
  g_autofree char *code_hash = NULL;

  if (!check_device_name (request->device_name, error))
    return NULL;
  code = normalize_code (request->code);
  if (code == NULL)
    {
      g_set_error_literal (error, TG_WIRE_ERROR, TG_WIRE_ERROR_INVALID_CODE,
                           "code: unknown, already used or expired; ask for a new one");
      return NULL;
    }
  code_hash = _tg_server_sha256_hex (code);

  /* The code is read and spent in one transaction, so two devices racing
   * with the same code cannot both get a token. */
  if (!_tg_store_begin (store, error))
    return NULL;
  if (!redeem (store, request, code_hash, reply, error) ||
      !_tg_store_commit (store, error))
    {
      _tg_store_rollback (store);
      return NULL;
    }
  reply->server_time = _tg_server_now_ms ();
  return g_steal_pointer (&reply);
}

static const char device_columns[] =
  "device_id, node_id, role, team, name, device_name, enrolled_at, last_seen, revoked_at";

static TgServerDevice *
device_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(TgServerDevice) device = g_new0 (TgServerDevice, 1);
  g_autofree char *role = _tg_store_column_text (stmt, 2);

  device->device_id = _tg_store_column_text (stmt, 0);
  device->node_id = sqlite3_column_int64 (stmt, 1);
  device->team = _tg_store_column_text (stmt, 3);
  device->name = _tg_store_column_text (stmt, 4);
  device->device_name = _tg_store_column_text (stmt, 5);
  device->enrolled_at = _tg_store_column_text (stmt, 6);
  device->last_seen = _tg_store_column_text (stmt, 7);
  device->revoked_at = _tg_store_column_text (stmt, 8);
  /* A role this build does not know holds nothing it may sync. */
  if (!_tg_server_role_from_string (role, &device->role))
    return NULL;
  return g_steal_pointer (&device);
}

TgServerDevice *
_tg_server_devices_authenticate (TgStore     *store,
                                 const char  *token,
                                 GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM devices WHERE token_hash = ?",
                                          device_columns);
  g_autoptr(TgServerDevice) device = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (token == NULL || *token == '\0' || strlen (token) > TOKEN_MAX_LENGTH)
    {
      g_set_error_literal (error, TG_WIRE_ERROR, TG_WIRE_ERROR_UNAUTHORIZED,
                           "token: this server does not know the device's token");
      return NULL;
    }
  hash = _tg_server_sha256_hex (token);
  stmt = _tg_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    device = device_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (store, error, "Could not read the devices");
      return NULL;
    }
  if (device == NULL)
    {
      g_set_error_literal (error, TG_WIRE_ERROR, TG_WIRE_ERROR_UNAUTHORIZED,
                           "token: this server does not know the device's token");
      return NULL;
    }
  if (device->revoked_at != NULL)
    {
      g_set_error_literal (error, TG_WIRE_ERROR, TG_WIRE_ERROR_DEVICE_REVOKED,
                           "device: this device has been revoked; it must wipe its data");
      return NULL;
    }
  return g_steal_pointer (&device);
}

gboolean
_tg_server_devices_revoke (TgStore     *store,
                           const char  *device_id,
                           gboolean    *already,
                           GError     **error)
{
  g_autofree char *now = _tg_server_now_text ();
  sqlite3_stmt *stmt;
  int rc;
  int revoked;

  if (!_tg_store_begin (store, error))
    return FALSE;
  stmt = _tg_store_prepare (store,
                            "SELECT revoked_at IS NOT NULL FROM devices WHERE device_id = ?",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  revoked = rc == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_NOT_FOUND,
                   "revoke: there is no device %s", device_id);
      goto fail;
    }
  if (rc != SQLITE_ROW)
    {
      _tg_store_set_sql_error (store, error, "Could not read the devices");
      goto fail;
    }
  *already = revoked != 0;

  stmt = _tg_store_prepare (store,
                            "UPDATE devices SET revoked_at = ? WHERE device_id = ? "
                            "AND revoked_at IS NULL", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_STATIC);
  if (!_tg_store_step_done (store, stmt, error) ||
      !_tg_server_scope_forget (store, device_id, error))
    goto fail;
  return _tg_store_commit (store, error);

fail:
  _tg_store_rollback (store);
  return FALSE;
}

GPtrArray *
_tg_server_devices_list (TgStore  *store,
                         GError  **error)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM devices ORDER BY enrolled_at, device_id",
                                          device_columns);
  sqlite3_stmt *stmt = _tg_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) _tg_server_device_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TgServerDevice *device = device_from_row (stmt);

      if (device != NULL)
        g_ptr_array_add (devices, device);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (store, error, "Could not read the devices");
      return NULL;
    }
  return g_steal_pointer (&devices);
}

gboolean
_tg_server_devices_touch (TgStore     *store,
                          const char  *device_id,
                          const char  *now,
                          GError     **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (store,
                                          "UPDATE devices SET last_seen = ? WHERE device_id = ?",
                                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_STATIC);
  return _tg_store_step_done (store, stmt, error);
}
