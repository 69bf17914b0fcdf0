/* tg-server-db.c: the server's tables, made beside the store's own, and
 * the helpers every server file uses. */
#include "config.h"

#include "tg-server-private.h"

void
_tg_server_device_free (TgServerDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->device_id);
  g_free (device->team);
  g_free (device->name);
  g_free (device->device_name);
  g_free (device->enrolled_at);
  g_free (device->last_seen);
  g_free (device->revoked_at);
  g_free (device);
}

static const char * const role_names[] = {
  [TG_SERVER_ROLE_WORKER] = "worker",
  [TG_SERVER_ROLE_MENTOR] = "mentor",
  [TG_SERVER_ROLE_LEAD] = "lead",
};

const char *
_tg_server_role_to_string (TgServerRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
_tg_server_role_from_string (const char   *text,
                             TgServerRole *out_role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      {
        *out_role = (TgServerRole) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
_tg_server_role_may_hold (TgServerRole  role,
                          TgSensitivity sensitivity)
{
  if (role != TG_SERVER_ROLE_MENTOR)
    return TRUE;
  return sensitivity == TG_SENSITIVITY_IDENTITY || sensitivity == TG_SENSITIVITY_RELEASE;
}

/* Every table is made with IF NOT EXISTS in one transaction, on every
 * start and by every command, so a new table arrives with the build that
 * needs it and an interrupted start leaves nothing half made. */
gboolean
_tg_server_db_init (TgStore  *store,
                    GError  **error)
{
  if (!_tg_store_begin (store, error))
    return FALSE;
  if (!_tg_server_devices_create_tables (store, error) ||
      !_tg_server_feed_create_tables (store, error) ||
      !_tg_server_scope_create_tables (store, error) ||
      !_tg_store_commit (store, error))
    {
      _tg_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

char *
_tg_server_time_text (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
_tg_server_now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return _tg_server_time_text (now);
}

gint64
_tg_server_now_ms (void)
{
  return g_get_real_time () / 1000;
}

char *
_tg_server_sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

gboolean
_tg_server_exec_with (TgStore     *store,
                      const char  *sql,
                      const char  *text,
                      GError     **error)
{
  for (const char *tail = sql; tail != NULL && *tail != '\0';)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (sqlite3_prepare_v2 (store->db, tail, -1, &stmt, &tail) != SQLITE_OK)
        {
          _tg_store_set_sql_error (store, error, "Could not prepare a server query");
          return FALSE;
        }
      if (stmt == NULL)
        break;
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        {
          _tg_store_set_sql_error (store, error, "Server query failed");
          return FALSE;
        }
    }
  return TRUE;
}

void
_tg_server_error_to_wire (GError **error,
                          char   **log_message)
{
  g_return_if_fail (error != NULL && *error != NULL);

  *log_message = NULL;
  if ((*error)->domain == TG_WIRE_ERROR)
    return;
  *log_message = g_strdup ((*error)->message);
  g_clear_error (error);
  g_set_error_literal (error, TG_WIRE_ERROR, TG_WIRE_ERROR_SERVER,
                       "The server could not complete the request; try again later");
}
