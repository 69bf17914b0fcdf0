/* Local writes: validate everything first, then write the values, their
 * versions and the pending changes in one transaction. */

#include "tg-error.h"
#include "tg-store-private.h"
#include "tg-uuid.h"

/* Client fields that feed the search index. */
static const char * const search_fields[] = {
  "given_name", "family_name", "preferred_name", "prison_number",
  "nhs_number", "pnc_id", "cro_number", "crn", "deleted", NULL
};

gboolean
_tg_store_is_search_field (const TgEntityDef *entity,
                           const TgFieldDef  *field)
{
  return g_str_equal (entity->name, "client") && g_strv_contains (search_fields, field->name);
}

typedef struct {
  const TgFieldDef *def;
  char             *value;      /* canonical; NULL clears */
} FieldWrite;

static void
field_writes_free (FieldWrite *writes,
                   guint       n)
{
  for (guint i = 0; i < n; i++)
    g_free (writes[i].value);
  g_free (writes);
}

static const TgEntityDef *
lookup_entity (const char  *entity,
               GError     **error)
{
  const TgEntityDef *def = tg_schema_lookup_entity (entity);

  if (def == NULL)
    g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_UNKNOWN_FIELD,
                 "entity: there is no kind of record called “%s”", entity);
  return def;
}

static FieldWrite *
validate_fields (const TgEntityDef  *entity,
                 const char * const *fields,
                 const char * const *values,
                 guint               n_fields,
                 guint               writable_classes,
                 GError            **error)
{
  FieldWrite *writes = g_new0 (FieldWrite, n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      writes[i].def = tg_schema_lookup_field (entity, fields[i]);
      if (writes[i].def == NULL)
        {
          g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_UNKNOWN_FIELD,
                       "%s: a %s has no field of that name", fields[i], entity->name);
          field_writes_free (writes, n_fields);
          return NULL;
        }
      if ((writable_classes & (1u << writes[i].def->sensitivity)) == 0)
        {
          g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_READ_ONLY,
                       "%s: this device's role may not change %s fields", fields[i],
                       tg_sensitivity_to_string (writes[i].def->sensitivity));
          field_writes_free (writes, n_fields);
          return NULL;
        }
      if (!tg_field_normalize (writes[i].def, values[i], &writes[i].value, error))
        {
          field_writes_free (writes, n_fields);
          return NULL;
        }
    }
  return writes;
}

static gboolean
record_exists (TgStore            *self,
               const TgEntityDef  *entity,
               const char         *id,
               gboolean           *out_signed,
               GError            **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean is_note = g_str_equal (entity->name, "note");
  int rc;

  sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE id = ?",
                         is_note ? "signed_at IS NOT NULL" : "0", entity->name);
  stmt = _tg_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && out_signed != NULL)
    *out_signed = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD,
                 "id: there is no %s with id %s", entity->name, id);
  else
    _tg_store_set_sql_error (self, error, "Could not look up a record");
  return FALSE;
}

/* Local writes may only point at records this device holds. */
static gboolean
check_references (TgStore     *self,
                  FieldWrite  *writes,
                  guint        n,
                  GError     **error)
{
  for (guint i = 0; i < n; i++)
    {
      const TgFieldDef *def = writes[i].def;
      g_autoptr(GError) local_error = NULL;

      if (def->type != TG_FIELD_REFERENCE || writes[i].value == NULL)
        continue;
      if (!record_exists (self, tg_schema_lookup_entity (def->references),
                          writes[i].value, NULL, &local_error))
        {
          if (g_error_matches (local_error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD))
            g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD,
                         "%s: there is no %s with id %s", def->name,
                         def->references, writes[i].value);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_values (TgStore            *self,
              const TgEntityDef  *entity,
              const char         *id,
              FieldWrite         *writes,
              guint               n,
              GError            **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  sqlite3_stmt *pending;
  guint64 hlc = tg_hlc_now (&self->hlc);
  int column = 1;

  /* One stamp for the whole write: it is one event on this device. */
  g_string_append_printf (sql, "UPDATE \"%s\" SET ", entity->name);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s\"%s\" = ?, \"%s_hlc\" = ?, \"%s_node\" = ?",
                            i ? ", " : "", writes[i].def->name,
                            writes[i].def->name, writes[i].def->name);
  g_string_append (sql, " WHERE id = ?");

  stmt = _tg_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (writes[i].value != NULL)
        sqlite3_bind_text (stmt, column, writes[i].value, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, column + 1, (sqlite3_int64) hlc);
      sqlite3_bind_int64 (stmt, column + 2, self->hlc.node_id);
      column += 3;
    }
  sqlite3_bind_text (stmt, column, id, -1, SQLITE_STATIC);
  if (!_tg_store_step_done (self, stmt, error))
    return FALSE;

  pending = _tg_store_prepare (self,
                               "INSERT OR REPLACE INTO pending_change "
                               "(entity, record_id, field, hlc) VALUES (?, ?, ?, ?)",
                               error);
  if (pending == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_text (pending, 1, entity->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (pending, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (pending, 3, writes[i].def->name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (pending, 4, (sqlite3_int64) hlc);
      if (!_tg_store_step_done (self, pending, error))
        return FALSE;
    }

  for (guint i = 0; i < n; i++)
    if (_tg_store_is_search_field (entity, writes[i].def))
      return _tg_store_reindex_client (self, id, error);

  return TRUE;
}

typedef enum {
  WRITE_UPDATE,         /* the record must exist */
  WRITE_INSERT,         /* the record must not exist */
  WRITE_CREATE_OR_UPDATE,
  WRITE_SIGN,           /* the one write a signed note may not refuse */
} WriteMode;

static gboolean
write_record (TgStore            *self,
              const char         *entity_name,
              const char         *id,
              const char * const *fields,
              const char * const *values,
              guint               n_fields,
              WriteMode           mode,
              GError            **error)
{
  const TgEntityDef *entity;
  FieldWrite *writes;
  gboolean is_signed = FALSE;
  gboolean exists;
  gboolean ok = FALSE;
  g_autoptr(GError) lookup_error = NULL;

  g_return_val_if_fail (TG_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  entity = lookup_entity (entity_name, error);
  if (entity == NULL)
    return FALSE;
  writes = validate_fields (entity, fields, values, n_fields, self->writable_classes, error);
  if (writes == NULL)
    {
      /* Inside a batch, any failed write fails the whole batch. */
      if (self->in_batch)
        _tg_store_rollback (self);
      return FALSE;
    }

  if (!_tg_store_begin (self, error))
    goto out;

  exists = record_exists (self, entity, id, &is_signed, &lookup_error);
  if (!exists && !g_error_matches (lookup_error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      goto rollback;
    }
  if (!exists && mode == WRITE_UPDATE)
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      goto rollback;
    }
  if (exists && mode == WRITE_INSERT)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_EXISTS,
                   "id: a %s with id %s already exists", entity->name, id);
      goto rollback;
    }
  if (is_signed)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_READ_ONLY,
                   "note: note %s is signed and can no longer change; write a "
                   "new note that corrects it", id);
      goto rollback;
    }

  if (!exists)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO \"%s\" (id) VALUES (?)", entity->name);
      sqlite3_stmt *stmt = _tg_store_prepare (self, sql, error);

      if (stmt == NULL)
        goto rollback;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      if (!_tg_store_step_done (self, stmt, error))
        goto rollback;
    }

  if (!check_references (self, writes, n_fields, error) ||
      (n_fields > 0 && !write_values (self, entity, id, writes, n_fields, error)))
    goto rollback;

  ok = _tg_store_commit (self, error);
  goto out;

rollback:
  _tg_store_rollback (self);
out:
  field_writes_free (writes, n_fields);
  return ok;
}

char *
tg_store_insert (TgStore            *self,
                 const char         *entity,
                 const char * const *fields,
                 const char * const *values,
                 guint               n_fields,
                 GError            **error)
{
  g_autofree char *id = tg_uuid_new ();

  if (!write_record (self, entity, id, fields, values, n_fields, WRITE_INSERT, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
tg_store_update (TgStore            *self,
                 const char         *entity,
                 const char         *id,
                 const char * const *fields,
                 const char * const *values,
                 guint               n_fields,
                 GError            **error)
{
  for (guint i = 0; i < n_fields; i++)
    if (g_str_equal (entity, "note") &&
        (g_str_equal (fields[i], "signed_at") || g_str_equal (fields[i], "signed_by")))
      {
        g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_READ_ONLY,
                     "%s: a note is signed with the sign command, not edited", fields[i]);
        return FALSE;
      }
  return write_record (self, entity, id, fields, values, n_fields, WRITE_UPDATE, error);
}

gboolean
tg_store_set_release (TgStore            *self,
                      const char         *client_id,
                      const char * const *fields,
                      const char * const *values,
                      guint               n_fields,
                      GError            **error)
{
  g_autofree const char **all_fields = g_new0 (const char *, n_fields + 1);
  g_autofree const char **all_values = g_new0 (const char *, n_fields + 1);

  if (!tg_uuid_is_valid (client_id))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_UUID,
                   "client_id: “%s” is not a record id", client_id);
      return FALSE;
    }

  /* The plan shares its client's id, so two devices that each start a plan
   * for the same person while offline write to one record, not two. */
  all_fields[0] = "client_id";
  all_values[0] = client_id;
  for (guint i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i], "client_id"))
        {
          g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_READ_ONLY,
                       "client_id: a release plan cannot move to another client");
          return FALSE;
        }
      all_fields[i + 1] = fields[i];
      all_values[i + 1] = values[i];
    }
  return write_record (self, "release_plan", client_id, all_fields, all_values,
                       n_fields + 1, WRITE_CREATE_OR_UPDATE, error);
}

gboolean
tg_store_sign_note (TgStore     *self,
                    const char  *note_id,
                    GError     **error)
{
  g_autoptr(TgRecord) note = tg_store_get (self, "note", note_id, error);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *signed_at = NULL;
  const char *fields[] = { "signed_at", "signed_by" };
  const char *values[2];

  if (note == NULL)
    return FALSE;
  if (tg_record_get (note, "signed_at") != NULL)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_READ_ONLY,
                   "note: note %s is already signed", note_id);
      return FALSE;
    }
  if (tg_record_get (note, "body") == NULL || *tg_record_get (note, "body") == '\0')
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_REQUIRED,
                   "body: an empty note cannot be signed");
      return FALSE;
    }

  now = g_date_time_new_now_utc ();
  signed_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  values[0] = signed_at;
  values[1] = self->worker;
  return write_record (self, "note", note_id, fields, values, 2, WRITE_SIGN, error);
}

/* A client's search row: its docid (the client's rowid) and its words;
 * a deleted client has no row. */
typedef struct {
  sqlite3_int64  rowid;
  gboolean       deleted;
  char          *words;
} SearchRow;

static gboolean
read_search_row (TgStore     *self,
                 const char  *client_id,
                 SearchRow   *row,
                 GError     **error)
{
  g_autoptr(GString) words = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _tg_store_prepare (self,
                            "SELECT rowid, deleted, given_name, family_name, preferred_name, "
                            "prison_number, nhs_number, pnc_id, cro_number, crn "
                            "FROM client WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->rowid = sqlite3_column_int64 (stmt, 0);
      row->deleted = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "true") == 0;
      for (int c = 2; c < 10; c++)
        if (sqlite3_column_text (stmt, c) != NULL)
          g_string_append_printf (words, "%s ", sqlite3_column_text (stmt, c));
      row->words = g_string_free (g_steal_pointer (&words), FALSE);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _tg_store_set_sql_error (self, error, "Could not index a client");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_search_row (TgStore          *self,
                  const SearchRow  *row,
                  GError          **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (self, "DELETE FROM client_search WHERE docid = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->rowid);
  if (!_tg_store_step_done (self, stmt, error))
    return FALSE;
  if (row->deleted)
    return TRUE;

  stmt = _tg_store_prepare (self, "INSERT INTO client_search (docid, words) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->rowid);
  sqlite3_bind_text (stmt, 2, row->words, -1, SQLITE_STATIC);
  return _tg_store_step_done (self, stmt, error);
}

gboolean
_tg_store_reindex_client (TgStore     *self,
                          const char  *client_id,
                          GError     **error)
{
  SearchRow row = { 0, FALSE, NULL };
  gboolean ok = read_search_row (self, client_id, &row, error) &&
                write_search_row (self, &row, error);

  g_free (row.words);
  return ok;
}

static int
compare_search_rows (gconstpointer a,
                     gconstpointer b)
{
  sqlite3_int64 x = ((const SearchRow *) a)->rowid, y = ((const SearchRow *) b)->rowid;

  return x < y ? -1 : x > y;
}

static void
search_row_clear (SearchRow *row)
{
  g_free (row->words);
}

gboolean
_tg_store_reindex_clients (TgStore            *self,
                           const char * const *client_ids,
                           guint               n_ids,
                           GError            **error)
{
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, TRUE, sizeof (SearchRow), n_ids);

  g_array_set_clear_func (rows, (GDestroyNotify) search_row_clear);
  for (guint i = 0; i < n_ids; i++)
    {
      SearchRow row = { 0, FALSE, NULL };

      if (!read_search_row (self, client_ids[i], &row, error))
        return FALSE;
      g_array_append_val (rows, row);
    }
  /* FTS4 keeps the terms of a transaction in memory only while docids
   * arrive in ascending order; one out of order writes them all out as a
   * new segment, and the segments must then be merged. */
  g_array_sort (rows, compare_search_rows);
  for (guint i = 0; i < rows->len; i++)
    if (!write_search_row (self, &g_array_index (rows, SearchRow, i), error))
      return FALSE;
  return TRUE;
}

gint64
tg_store_count_pending (TgStore  *self,
                        GError  **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (self, "SELECT count(*) FROM pending_change", error);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _tg_store_set_sql_error (self, error, "Could not count pending changes");
  sqlite3_reset (stmt);
  return count;
}

gboolean
tg_store_save_draft (TgStore     *self,
                     const char  *key,
                     const char  *body,
                     GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *updated = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt;

  /* Bounded like a note body: a draft becomes one. */
  if (g_utf8_strlen (body, -1) > tg_schema_lookup_field (tg_schema_lookup_entity ("note"), "body")->max_length)
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_TOO_LONG,
                   "body: the draft is longer than a note may be");
      return FALSE;
    }
  stmt = _tg_store_prepare (self, "INSERT OR REPLACE INTO draft (key, body, updated_at) "
                                  "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, updated, -1, SQLITE_STATIC);
  return _tg_store_step_done (self, stmt, error);
}

char *
tg_store_load_draft (TgStore     *self,
                     const char  *key,
                     GError     **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (self, "SELECT body FROM draft WHERE key = ?", error);
  char *body = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    body = _tg_store_column_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    _tg_store_set_sql_error (self, error, "Could not read a draft");
  sqlite3_reset (stmt);
  return body;
}

gboolean
tg_store_clear_draft (TgStore     *self,
                      const char  *key,
                      GError     **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (self, "DELETE FROM draft WHERE key = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  return _tg_store_step_done (self, stmt, error);
}
