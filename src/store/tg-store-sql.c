#include "tg-store-private.h"

G_DEFINE_QUARK (tg-store-error-quark, tg_store_error)

void
_tg_store_set_sql_error (TgStore     *self,
                         GError     **error,
                         const char  *doing)
{
  int code = sqlite3_extended_errcode (self->db);

  /* SQLITE_NOTADB is what a wrong key or a damaged file looks like. */
  g_set_error (error, TG_STORE_ERROR,
               (code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT
                 ? TG_STORE_ERROR_CORRUPT : TG_STORE_ERROR_SQL,
               "%s: %s (SQLite error %d)", doing, sqlite3_errmsg (self->db), code);
}

gboolean
_tg_store_exec (TgStore     *self,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      _tg_store_set_sql_error (self, error, "Store statement failed");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Statements are cached by their text and reset before being handed out,
 * so a caller only binds, steps and leaves them. */
sqlite3_stmt *
_tg_store_prepare (TgStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _tg_store_set_sql_error (self, error, "Could not prepare a store query");
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_tg_store_step_done (TgStore       *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _tg_store_set_sql_error (self, error, "Store write failed");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
_tg_store_begin (TgStore  *self,
                 GError  **error)
{
  if (self->in_batch)
    {
      if (self->batch_failed)
        {
          g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL,
                       "An earlier write of this batch failed; the batch was rolled back");
          return FALSE;
        }
      return TRUE;
    }

  if (self->in_group)
    {
      g_return_val_if_fail (!self->in_savepoint, FALSE);
      if (self->group_lost || sqlite3_get_autocommit (self->db))
        {
          /* A SAVEPOINT here would start a transaction of its own. */
          self->group_lost = TRUE;
          g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL,
                       "An earlier write of this group failed; the group was rolled back");
          return FALSE;
        }
      if (!_tg_store_exec (self, "SAVEPOINT tg_unit", error))
        return FALSE;
      self->in_savepoint = TRUE;
      return TRUE;
    }

  /* IMMEDIATE takes the write lock now, so a second process (the app and
   * the CLI at once) waits at the start instead of failing at commit. */
  return _tg_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_tg_store_commit (TgStore  *self,
                  GError  **error)
{
  g_autofree char *hlc_text = g_strdup_printf ("%" G_GUINT64_FORMAT, self->hlc.last);

  /* The clock's high-water mark rides in every write transaction. */
  if (self->in_batch)
    {
      if (_tg_store_set_meta (self, "hlc_last", hlc_text, error))
        return TRUE;
      _tg_store_rollback (self);
      return FALSE;
    }
  if (self->in_group)
    {
      g_return_val_if_fail (self->in_savepoint, FALSE);
      if (!_tg_store_set_meta (self, "hlc_last", hlc_text, error) ||
          !_tg_store_exec (self, "RELEASE tg_unit", error))
        {
          _tg_store_rollback (self);
          return FALSE;
        }
      self->in_savepoint = FALSE;
      return TRUE;
    }
  if (!_tg_store_set_meta (self, "hlc_last", hlc_text, error) ||
      !_tg_store_exec (self, "COMMIT", error))
    {
      _tg_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
_tg_store_rollback (TgStore *self)
{
  if (self->in_batch)
    self->batch_failed = TRUE;
  if (self->in_group)
    {
      /* Only this unit's writes: the units before it stay in the group.
       * Called again after a failed commit, it has nothing left to undo. */
      if (!self->in_savepoint)
        return;
      self->in_savepoint = FALSE;
      if (sqlite3_get_autocommit (self->db) ||
          sqlite3_exec (self->db, "ROLLBACK TO tg_unit; RELEASE tg_unit", NULL, NULL, NULL) != SQLITE_OK ||
          sqlite3_get_autocommit (self->db))
        self->group_lost = TRUE;
      return;
    }
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Opens the transaction that the units of a group share. */
gboolean
_tg_store_begin_group (TgStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (!self->in_group && !self->in_batch, FALSE);

  if (!_tg_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_group = TRUE;
  self->in_savepoint = FALSE;
  self->group_lost = FALSE;
  return TRUE;
}

/* Commits every unit released since _tg_store_begin_group(), with one
 * sync of the disk. On failure none of them is stored. */
gboolean
_tg_store_end_group (TgStore  *self,
                     GError  **error)
{
  gboolean lost = self->group_lost;

  g_return_val_if_fail (self->in_group, FALSE);

  /* A unit left open is not stored: only released units are. */
  if (self->in_savepoint)
    _tg_store_rollback (self);
  lost = self->group_lost;
  self->in_group = FALSE;
  self->group_lost = FALSE;
  if (lost || sqlite3_get_autocommit (self->db))
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL,
                   "A write of the group failed; nothing of it was stored");
      return FALSE;
    }
  if (!_tg_store_exec (self, "COMMIT", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

char *
_tg_store_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

char *
_tg_store_get_meta (TgStore     *self,
                    const char  *key,
                    GError     **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (self, "SELECT value FROM meta WHERE key = ?", error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = _tg_store_column_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    _tg_store_set_sql_error (self, error, "Could not read the store's settings");
  sqlite3_reset (stmt);
  return value;
}

gboolean
_tg_store_set_meta (TgStore     *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return _tg_store_step_done (self, stmt, error);
}

gboolean
tg_store_begin_batch (TgStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (!self->in_batch, FALSE);

  if (!_tg_store_begin (self, error))
    return FALSE;
  self->in_batch = TRUE;
  self->batch_failed = FALSE;
  return TRUE;
}

gboolean
tg_store_end_batch (TgStore  *self,
                    GError  **error)
{
  gboolean failed = self->batch_failed;

  g_return_val_if_fail (self->in_batch, FALSE);

  self->in_batch = FALSE;
  self->batch_failed = FALSE;
  if (failed)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL,
                   "A write of the batch failed; nothing of it was stored");
      return FALSE;
    }
  return _tg_store_commit (self, error);
}

gboolean
tg_store_in_batch (TgStore *self)
{
  return self->in_batch;
}

void
tg_store_abort_batch (TgStore *self)
{
  g_return_if_fail (self->in_batch);

  _tg_store_rollback (self);
  self->in_batch = FALSE;
  self->batch_failed = FALSE;
}
