/* Sync support: merging incoming versions, the pending change log, the
 * conflict log, purges and wiping. */

#include "tg-store-private.h"
#include "tg-store-sync.h"

void
tg_conflict_free (TgConflict *conflict)
{
  if (conflict == NULL)
    return;
  tg_change_free (conflict->mine);
  tg_change_free (conflict->theirs);
  g_free (conflict->detected_at);
  g_free (conflict->resolution);
  g_free (conflict);
}

char *
tg_store_get_setting (TgStore     *self,
                      const char  *key,
                      GError     **error)
{
  return _tg_store_get_meta (self, key, error);
}

gboolean
tg_store_set_setting (TgStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  return _tg_store_set_meta (self, key, value, error);
}

/* The newest version seen from anywhere but acknowledged or received; the
 * floor for re-stamping (tg_store_restamp_pending()). */
static gboolean
raise_seen (TgStore  *self,
            guint64   hlc,
            GError  **error)
{
  g_autofree char *current = _tg_store_get_meta (self, "hlc_max_seen", NULL);
  g_autofree char *text = NULL;

  if (current != NULL && g_ascii_strtoull (current, NULL, 10) >= hlc)
    return TRUE;
  text = g_strdup_printf ("%" G_GUINT64_FORMAT, hlc);
  return _tg_store_set_meta (self, "hlc_max_seen", text, error);
}

/* Reads the held value and version of one field into @held. */
static gboolean
read_held (TgStore         *self,
           const TgChange  *change,
           TgChange       **held,
           gboolean        *row_exists,
           GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT \"%s\", \"%s_hlc\", \"%s_node\" FROM \"%s\" WHERE id = ?",
                                          change->field->name, change->field->name,
                                          change->field->name, change->entity->name);
  sqlite3_stmt *stmt = _tg_store_prepare (self, sql, error);
  TgVersion version = { 0, 0 };
  g_autofree char *value = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      value = _tg_store_column_text (stmt, 0);
      version.hlc = (guint64) sqlite3_column_int64 (stmt, 1);
      version.node_id = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (self, error, "Could not read a field");
      return FALSE;
    }
  *held = tg_change_new (change->field, change->record_id, value, &version);
  *row_exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Returns 1 when the field has an unsent local change, 0 when not, -1 on
 * error. */
static int
is_pending (TgStore        *self,
            const TgChange *change,
            GError        **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (self,
                                          "SELECT 1 FROM pending_change WHERE entity = ? "
                                          "AND record_id = ? AND field = ?", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, change->entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, change->field->name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  _tg_store_set_sql_error (self, error, "Could not read the pending changes");
  return -1;
}

static gboolean
delete_pending (TgStore        *self,
                const TgChange *change,
                gboolean        only_this_version,
                GError        **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (self,
                                          "DELETE FROM pending_change WHERE entity = ?1 "
                                          "AND record_id = ?2 AND field = ?3 "
                                          "AND (?4 IS NULL OR hlc = ?4)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, change->field->name, -1, SQLITE_STATIC);
  if (only_this_version)
    sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) change->version.hlc);
  return _tg_store_step_done (self, stmt, error);
}

static gboolean
log_conflict (TgStore        *self,
              const TgChange *mine,
              const TgChange *theirs,
              GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *detected = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt = _tg_store_prepare (self,
                                          "INSERT INTO conflict (entity, record_id, field, "
                                          "mine_value, mine_hlc, mine_node, theirs_value, "
                                          "theirs_hlc, theirs_node, detected_at) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, mine->entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, mine->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, mine->field->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, mine->value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) mine->version.hlc);
  sqlite3_bind_int64 (stmt, 6, mine->version.node_id);
  sqlite3_bind_text (stmt, 7, theirs->value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, (sqlite3_int64) theirs->version.hlc);
  sqlite3_bind_int64 (stmt, 9, theirs->version.node_id);
  sqlite3_bind_text (stmt, 10, detected, -1, SQLITE_STATIC);
  return _tg_store_step_done (self, stmt, error);
}

/* What one apply call carries from change to change. */
typedef struct {
  gboolean           any_pending;   /* pending_change had rows when the apply began */
  GHashTable        *reindex;       /* ids of clients whose searchable words changed */
  /* The row statements of the last entity seen: the changes of one entity
   * arrive together, so their SQL is built and looked up once per entity,
   * not once per record. The store's statement cache owns them. */
  const TgEntityDef *entity;
  sqlite3_stmt      *select;
  sqlite3_stmt      *update;
  sqlite3_stmt      *insert;
} ApplyState;

/* Whether @field has its columns in this store (a store opened at an
 * older schema lacks the newer fields). */
static gboolean
has_columns (TgStore          *self,
             const TgFieldDef *field)
{
  return tg_field_since_schema (field) <= self->schema_version;
}

/* "SELECT <every column of the entity> FROM entity WHERE id = ?1" or the
 * UPDATE of every column; the same text for every record, so the store's
 * statement cache keeps one of each per entity. */
static char *
row_sql (TgStore           *self,
         const TgEntityDef *entity,
         gboolean           update)
{
  GString *sql = g_string_new (update ? "UPDATE OR FAIL \"" : "SELECT ");
  guint column = 0;

  if (update)
    g_string_append_printf (sql, "%s\" SET ", entity->name);
  for (guint f = 0; f < entity->n_fields; f++)
    {
      const char *name = entity->fields[f].name;

      if (!has_columns (self, &entity->fields[f]))
        continue;
      if (update)
        g_string_append_printf (sql, "%s\"%s\" = ?%u, \"%s_hlc\" = ?%u, \"%s_node\" = ?%u",
                                column > 0 ? ", " : "", name, column + 2, name, column + 3,
                                name, column + 4);
      else
        g_string_append_printf (sql, "%s\"%s\", \"%s_hlc\", \"%s_node\"",
                                column > 0 ? ", " : "", name, name, name);
      column += 3;
    }
  if (update)
    g_string_append (sql, " WHERE id = ?1");
  else
    g_string_append_printf (sql, " FROM \"%s\" WHERE id = ?1", entity->name);
  return g_string_free (sql, FALSE);
}

/* The column of @field's value in row_sql()'s SELECT; its version's
 * columns follow it. */
static int
row_column (TgStore          *self,
            const TgFieldDef *field)
{
  const TgEntityDef *entity = field->entity;
  int column = 0;

  for (guint f = 0; f < entity->n_fields && &entity->fields[f] != field; f++)
    if (has_columns (self, &entity->fields[f]))
      column += 3;
  return column;
}

/* The end of the run of changes that starts at @start: the following
 * changes of the same record, each field once. */
static guint
run_end (GPtrArray *changes,
         guint      start)
{
  const TgChange *first = changes->pdata[start];
  guint end = start + 1;

  for (; end < changes->len; end++)
    {
      const TgChange *change = changes->pdata[end];

      if (change->entity != first->entity || g_strcmp0 (change->record_id, first->record_id) != 0)
        break;
      for (guint k = start; k < end; k++)
        if (((const TgChange *) changes->pdata[k])->field == change->field)
          return end;
    }
  return end;
}

/* Points @state's row statements at @entity's. */
static gboolean
prepare_rows (TgStore           *self,
              const TgEntityDef *entity,
              ApplyState        *state,
              GError           **error)
{
  g_autofree char *select_sql = NULL;
  g_autofree char *update_sql = NULL;
  g_autofree char *insert_sql = NULL;

  if (state->entity == entity)
    return TRUE;
  state->entity = NULL;
  select_sql = row_sql (self, entity, FALSE);
  update_sql = row_sql (self, entity, TRUE);
  insert_sql = g_strdup_printf ("INSERT OR IGNORE INTO \"%s\" (id) VALUES (?)", entity->name);
  state->select = _tg_store_prepare (self, select_sql, error);
  state->update = state->select != NULL ? _tg_store_prepare (self, update_sql, error) : NULL;
  state->insert = state->update != NULL ? _tg_store_prepare (self, insert_sql, error) : NULL;
  if (state->insert == NULL)
    return FALSE;
  state->entity = entity;
  return TRUE;
}

/* Steps @select (bound to the record) once; FALSE on error. */
static gboolean
read_row (TgStore      *self,
          sqlite3_stmt *select,
          gboolean     *row_exists,
          GError      **error)
{
  int rc = sqlite3_step (select);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sqlite3_reset (select);
      _tg_store_set_sql_error (self, error, "Could not read a record");
      return FALSE;
    }
  *row_exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Writes the winning changes of a run with one UPDATE of the whole row:
 * every UPDATE rewrites a record's (wide) row, so one per record rather
 * than one per field. @select holds the row as it was read. */
static gboolean
write_run (TgStore         *self,
           const TgChange **winners,
           guint            n_winners,
           ApplyState      *state,
           gboolean         row_exists,
           GError         **error)
{
  sqlite3_stmt *select = state->select;
  sqlite3_stmt *update = state->update;
  int n_columns;

  if (!row_exists)
    {
      sqlite3_reset (select);
      sqlite3_bind_text (state->insert, 1, winners[0]->record_id, -1, SQLITE_STATIC);
      if (!_tg_store_step_done (self, state->insert, error))
        return FALSE;
      /* Read again for the columns' defaults. */
      if (!read_row (self, select, &row_exists, error))
        return FALSE;
    }

  n_columns = sqlite3_column_count (select);
  for (int c = 0; c < n_columns; c++)
    sqlite3_bind_value (update, c + 2, sqlite3_column_value (select, c));
  sqlite3_reset (select);
  for (guint w = 0; w < n_winners; w++)
    {
      const TgChange *change = winners[w];
      int column = row_column (self, change->field);

      if (change->value != NULL)
        sqlite3_bind_text (update, column + 2, change->value, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (update, column + 2);
      sqlite3_bind_int64 (update, column + 3, (sqlite3_int64) change->version.hlc);
      sqlite3_bind_int64 (update, column + 4, change->version.node_id);
    }
  sqlite3_bind_text (update, 1, winners[0]->record_id, -1, SQLITE_STATIC);
  return _tg_store_step_done (self, update, error);
}

/* Merges the run of changes [start, end) of one record: one SELECT of its
 * row, each field decided against it as before, one UPDATE. The hook sees
 * each change before the run is written, which changes nothing for it:
 * the fields of a run are distinct, so none of them was written earlier
 * in the run. */
static gboolean
apply_run (TgStore        *self,
           GPtrArray      *changes,
           guint           start,
           guint           end,
           gboolean        keep_conflicts,
           TgApplyHook     hook,
           gpointer        hook_data,
           ApplyState     *state,
           TgApplyStats   *stats,
           GError        **error)
{
  const TgChange *first = changes->pdata[start];
  g_autofree const TgChange **winners = g_new (const TgChange *, end - start);
  sqlite3_stmt *select;
  gboolean row_exists = FALSE;
  guint n_winners = 0;

  if (!prepare_rows (self, first->entity, state, error))
    return FALSE;
  select = state->select;
  sqlite3_bind_text (select, 1, first->record_id, -1, SQLITE_STATIC);
  if (!read_row (self, select, &row_exists, error))
    return FALSE;

  for (guint i = start; i < end; i++)
    {
      const TgChange *change = changes->pdata[i];
      g_autoptr(TgChange) held = NULL;
      g_autofree char *value = NULL;
      TgVersion version = { 0, 0 };
      TgMergeDecision decision;

      if (row_exists)
        {
          int column = row_column (self, change->field);

          value = _tg_store_column_text (select, column);
          version.hlc = (guint64) sqlite3_column_int64 (select, column + 1);
          version.node_id = sqlite3_column_int64 (select, column + 2);
        }
      held = tg_change_new (change->field, change->record_id, value, &version);
      decision = tg_merge_decide (&held->version, &change->version);

      if (decision == TG_MERGE_TAKE_INCOMING)
        {
          /* Applying adds no pending change, so an empty log stays empty. */
          if (keep_conflicts && state->any_pending)
            {
              int pending = is_pending (self, change, error);

              if (pending < 0)
                goto failed;
              /* My unsent value lost: keep it whole for the worker to review. */
              if (pending == 1)
                {
                  if (!log_conflict (self, held, change, error) ||
                      !delete_pending (self, change, FALSE, error))
                    goto failed;
                  stats->conflicts++;
                }
            }
          winners[n_winners++] = change;
          /* Reindexed once per client at the end of the apply, not per field. */
          if (_tg_store_is_search_field (change->entity, change->field))
            g_hash_table_add (state->reindex, change->record_id);
          stats->applied++;
        }
      else
        stats->unchanged++;

      if (hook != NULL && !hook (self, change, held, decision, hook_data, error))
        goto failed;
      tg_hlc_observe (&self->hlc, change->version.hlc);
    }

  if (n_winners == 0)
    {
      sqlite3_reset (select);
      return TRUE;
    }
  return write_run (self, winners, n_winners, state, row_exists, error);

failed:
  sqlite3_reset (select);
  return FALSE;
}

gboolean
_tg_store_apply_in_transaction (TgStore       *self,
                                GPtrArray     *changes,
                                gboolean       keep_conflicts,
                                TgApplyHook    hook,
                                gpointer       hook_data,
                                TgApplyStats  *stats,
                                GError       **error)
{
  TgApplyStats local_stats = { 0, };
  g_autoptr(GHashTable) reindex = g_hash_table_new (g_str_hash, g_str_equal);
  ApplyState state = { TRUE, reindex, NULL, NULL, NULL, NULL };
  guint64 newest = 0;
  g_autofree gpointer *client_ids = NULL;
  guint n_ids;

  if (keep_conflicts)
    {
      sqlite3_stmt *stmt = _tg_store_prepare (self, "SELECT 1 FROM pending_change LIMIT 1", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _tg_store_set_sql_error (self, error, "Could not read the pending changes");
          return FALSE;
        }
      state.any_pending = rc == SQLITE_ROW;
    }

  for (guint start = 0, end; start < changes->len; start = end)
    {
      end = run_end (changes, start);
      if (!apply_run (self, changes, start, end, keep_conflicts, hook, hook_data, &state,
                      &local_stats, error))
        return FALSE;
      for (guint i = start; i < end; i++)
        newest = MAX (newest, ((const TgChange *) changes->pdata[i])->version.hlc);
    }
  /* The ids point into @changes, which outlive this loop. */
  client_ids = g_hash_table_get_keys_as_array (reindex, &n_ids);
  if (!_tg_store_reindex_clients (self, (const char * const *) client_ids, n_ids, error))
    return FALSE;
  if (!raise_seen (self, newest, error))
    return FALSE;
  if (stats != NULL)
    *stats = local_stats;
  return TRUE;
}

gboolean
tg_store_apply_changes (TgStore       *self,
                        GPtrArray     *changes,
                        gboolean       keep_conflicts,
                        TgApplyHook    hook,
                        gpointer       hook_data,
                        TgApplyStats  *stats,
                        GError       **error)
{
  TgApplyStats local_stats = { 0, };

  g_return_val_if_fail (TG_IS_STORE (self), FALSE);

  if (!_tg_store_begin (self, error))
    return FALSE;
  if (!_tg_store_apply_in_transaction (self, changes, keep_conflicts, hook, hook_data,
                                       &local_stats, error) ||
      !_tg_store_commit (self, error))
    {
      _tg_store_rollback (self);
      return FALSE;
    }
  if (stats != NULL)
    *stats = local_stats;
  return TRUE;
}

GPtrArray *
tg_store_collect_pending (TgStore  *self,
                          guint     limit,
                          GError  **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _tg_store_prepare (self,
                            "SELECT entity, record_id, field FROM pending_change "
                            "ORDER BY hlc, entity, record_id, field LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (sqlite3_int64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (int c = 0; c < 3; c++)
      g_ptr_array_add (keys, _tg_store_column_text (stmt, c));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (self, error, "Could not read the pending changes");
      return NULL;
    }

  for (guint i = 0; i < keys->len; i += 3)
    {
      const TgEntityDef *entity = tg_schema_lookup_entity (keys->pdata[i]);
      const TgFieldDef *field = entity != NULL ? tg_schema_lookup_field (entity, keys->pdata[i + 2]) : NULL;
      TgVersion none = { 0, 0 };
      g_autoptr(TgChange) key = NULL;
      TgChange *held = NULL;
      gboolean row_exists;

      /* A field this build does not know cannot have been written by it. */
      if (field == NULL)
        continue;
      key = tg_change_new (field, keys->pdata[i + 1], NULL, &none);
      if (!read_held (self, key, &held, &row_exists, error))
        return NULL;
      g_ptr_array_add (changes, held);
    }
  return g_steal_pointer (&changes);
}

gboolean
tg_store_ack_pending (TgStore    *self,
                      GPtrArray  *pushed,
                      GError    **error)
{
  guint64 newest = 0;

  if (!_tg_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < pushed->len; i++)
    {
      const TgChange *change = pushed->pdata[i];

      if (!delete_pending (self, change, TRUE, error))
        {
          _tg_store_rollback (self);
          return FALSE;
        }
      newest = MAX (newest, change->version.hlc);
    }
  if (!raise_seen (self, newest, error))
    {
      _tg_store_rollback (self);
      return FALSE;
    }
  return _tg_store_commit (self, error);
}

void
tg_store_set_clock_offset (TgStore *self,
                           gint64   offset_ms)
{
  self->clock_offset_ms = offset_ms;
}

gboolean
tg_store_restamp_pending (TgStore  *self,
                          gint64    offset_ms,
                          guint64   floor_hlc,
                          GError  **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *offset_text = g_strdup_printf ("%" G_GINT64_FORMAT, offset_ms);
  sqlite3_stmt *stmt;
  guint64 stamp;

  if (!_tg_store_begin (self, error))
    return FALSE;
  pending = tg_store_collect_pending (self, 0, error);
  seen = _tg_store_get_meta (self, "hlc_max_seen", NULL);
  if (pending == NULL)
    goto fail;

  /* Only stamps nobody else has seen are replaced, so the clock may step
   * back to the corrected wall time, but never below anything received or
   * acknowledged. */
  self->clock_offset_ms = offset_ms;
  self->hlc.last = MAX (floor_hlc, seen != NULL ? g_ascii_strtoull (seen, NULL, 10) : 0);
  stamp = tg_hlc_now (&self->hlc);

  for (guint i = 0; i < pending->len; i++)
    {
      TgChange *change = pending->pdata[i];
      g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET \"%s_hlc\" = ?, \"%s_node\" = ? WHERE id = ?",
                                              change->entity->name, change->field->name,
                                              change->field->name);

      stmt = _tg_store_prepare (self, sql, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) stamp);
      sqlite3_bind_int64 (stmt, 2, self->hlc.node_id);
      sqlite3_bind_text (stmt, 3, change->record_id, -1, SQLITE_STATIC);
      if (!_tg_store_step_done (self, stmt, error))
        goto fail;
    }
  stmt = _tg_store_prepare (self, "UPDATE pending_change SET hlc = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) stamp);
  if (!_tg_store_step_done (self, stmt, error) ||
      !_tg_store_set_meta (self, "clock_offset_ms", offset_text, error))
    goto fail;
  return _tg_store_commit (self, error);

fail:
  _tg_store_rollback (self);
  return FALSE;
}

/* SQL condition selecting the records of @entity that belong to the client
 * bound as ?1, or NULL when the entity belongs to no client (a session). */
static char *
owner_condition (const TgEntityDef *entity)
{
  if (g_str_equal (entity->name, "client"))
    return g_strdup ("id = ?1");
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const TgFieldDef *field = &entity->fields[i];
      const TgEntityDef *target;

      if (field->type != TG_FIELD_REFERENCE)
        continue;
      if (g_str_equal (field->references, "client"))
        return g_strdup_printf ("\"%s\" = ?1", field->name);
      /* One step further: a goal belongs to its plan's client. */
      target = tg_schema_lookup_entity (field->references);
      if (target != entity && tg_schema_lookup_field (target, "client_id") != NULL)
        return g_strdup_printf ("\"%s\" IN (SELECT id FROM \"%s\" WHERE client_id = ?1)",
                                field->name, target->name);
    }
  return NULL;
}

gboolean
tg_store_purge_client (TgStore     *self,
                       const char  *client_id,
                       GError     **error)
{
  const TgEntityDef * const *entities;
  guint n_entities;
  sqlite3_stmt *stmt;

  if (!_tg_store_begin (self, error))
    return FALSE;

  stmt = _tg_store_prepare (self,
                            "DELETE FROM client_search WHERE docid = "
                            "(SELECT rowid FROM client WHERE id = ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_STATIC);
  if (!_tg_store_step_done (self, stmt, error))
    goto fail;

  /* Dependants first: a goal is found through its plan. */
  entities = tg_schema_entities (&n_entities);
  for (guint e = n_entities; e-- > 0;)
    {
      g_autofree char *owned = owner_condition (entities[e]);
      const char *name = entities[e]->name;
      g_autofree char *sql = NULL;

      if (owned == NULL)
        continue;
      sql = g_strdup_printf ("DELETE FROM pending_change WHERE entity = '%s' AND record_id IN "
                             "(SELECT id FROM \"%s\" WHERE %s);"
                             "DELETE FROM conflict WHERE entity = '%s' AND record_id IN "
                             "(SELECT id FROM \"%s\" WHERE %s);"
                             "DELETE FROM \"%s\" WHERE %s;",
                             name, name, owned, name, name, owned, name, owned);
      for (const char *tail = sql; tail != NULL && *tail != '\0';)
        {
          sqlite3_stmt *one = NULL;

          if (sqlite3_prepare_v2 (self->db, tail, -1, &one, &tail) != SQLITE_OK)
            {
              _tg_store_set_sql_error (self, error, "Could not purge a client");
              goto fail;
            }
          if (one == NULL)
            break;
          sqlite3_bind_text (one, 1, client_id, -1, SQLITE_STATIC);
          if (sqlite3_step (one) != SQLITE_DONE)
            {
              _tg_store_set_sql_error (self, error, "Could not purge a client");
              sqlite3_finalize (one);
              goto fail;
            }
          sqlite3_finalize (one);
        }
    }
  return _tg_store_commit (self, error);

fail:
  _tg_store_rollback (self);
  return FALSE;
}

gboolean
tg_store_set_writable_classes (TgStore             *self,
                               const TgSensitivity *classes,
                               guint                n_classes,
                               GError             **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint mask = 0;

  for (guint i = 0; i < n_classes; i++)
    {
      mask |= 1u << classes[i];
      g_string_append_printf (text, "%s%s", i ? "," : "", tg_sensitivity_to_string (classes[i]));
    }
  if (!_tg_store_set_meta (self, "writable_classes", n_classes ? text->str : NULL, error))
    return FALSE;
  self->writable_classes = n_classes ? mask : _TG_STORE_ALL_CLASSES;
  return TRUE;
}

static TgChange *
conflict_side (const char   *entity_name,
               const char   *record_id,
               const char   *field_name,
               sqlite3_stmt *stmt,
               int           column)
{
  const TgEntityDef *entity = tg_schema_lookup_entity (entity_name);
  const TgFieldDef *field = entity != NULL ? tg_schema_lookup_field (entity, field_name) : NULL;
  TgVersion version;
  g_autofree char *value = NULL;

  if (field == NULL)
    return NULL;
  value = _tg_store_column_text (stmt, column);
  version.hlc = (guint64) sqlite3_column_int64 (stmt, column + 1);
  version.node_id = sqlite3_column_int64 (stmt, column + 2);
  return tg_change_new (field, record_id, value, &version);
}

GPtrArray *
tg_store_list_conflicts (TgStore   *self,
                         gboolean   include_resolved,
                         GError   **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _tg_store_prepare (self,
                            "SELECT id, entity, record_id, field, mine_value, mine_hlc, mine_node, "
                            "theirs_value, theirs_hlc, theirs_node, detected_at, resolution "
                            "FROM conflict WHERE ?1 OR resolution IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_resolved);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *entity = (const char *) sqlite3_column_text (stmt, 1);
      const char *record = (const char *) sqlite3_column_text (stmt, 2);
      const char *field = (const char *) sqlite3_column_text (stmt, 3);
      TgConflict *conflict = g_new0 (TgConflict, 1);

      conflict->id = sqlite3_column_int64 (stmt, 0);
      conflict->mine = conflict_side (entity, record, field, stmt, 4);
      conflict->theirs = conflict_side (entity, record, field, stmt, 7);
      conflict->detected_at = _tg_store_column_text (stmt, 10);
      conflict->resolution = _tg_store_column_text (stmt, 11);
      if (conflict->mine == NULL || conflict->theirs == NULL)
        tg_conflict_free (conflict);   /* a field from a newer build */
      else
        g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (self, error, "Could not read the conflict log");
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

gboolean
tg_store_resolve_conflict (TgStore           *self,
                           gint64             conflict_id,
                           TgConflictChoice   choice,
                           GError           **error)
{
  g_autoptr(GPtrArray) conflicts = tg_store_list_conflicts (self, FALSE, error);
  TgConflict *conflict = NULL;
  sqlite3_stmt *stmt;

  if (conflicts == NULL)
    return FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    if (((TgConflict *) conflicts->pdata[i])->id == conflict_id)
      conflict = conflicts->pdata[i];
  if (conflict == NULL)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD,
                   "conflict: there is no open conflict %" G_GINT64_FORMAT, conflict_id);
      return FALSE;
    }

  if (choice == TG_CONFLICT_KEEP_MINE)
    {
      const char *fields[] = { conflict->mine->field->name };
      const char *values[] = { conflict->mine->value };

      /* A new local write: a fresh stamp beats the version that won. */
      if (!tg_store_update (self, conflict->mine->entity->name, conflict->mine->record_id,
                            fields, values, 1, error))
        return FALSE;
    }

  stmt = _tg_store_prepare (self, "UPDATE conflict SET resolution = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, choice == TG_CONFLICT_KEEP_MINE ? "kept_mine" : "accepted_theirs",
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, conflict_id);
  return _tg_store_step_done (self, stmt, error);
}

gboolean
tg_store_wipe (TgStore  *self,
               GError  **error)
{
  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->db, sqlite3_close);
  _tg_store_wipe_files (self->data_dir, self->store_id);
  if (tg_store_exists (self->data_dir))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "Could not delete every file of the store in %s", self->data_dir);
      return FALSE;
    }
  return TRUE;
}
