/* Tables are built from the schema declaration (tg-schema.h): each entity
 * is a table with one row per record and three columns per field — the
 * value and the two halves of its version — so a record and its versions
 * are read and written together. Migrations step one schema version at a
 * time: a version creates the entities that arrive with it and adds the
 * columns of fields that arrive with it to older tables. */

#include "tg-store-private.h"

/* What each version adds beyond the entity tables. */
static const char version_1_sql[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"
  /* One row per field written here and not yet acknowledged by the server;
   * the value and version are read from the record at push time. */
  "CREATE TABLE pending_change ("
  "  entity    TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  field     TEXT NOT NULL,"
  "  hlc       INTEGER NOT NULL,"
  "  PRIMARY KEY (entity, record_id, field)"
  ") WITHOUT ROWID;"
  "CREATE INDEX pending_change_by_hlc ON pending_change (hlc);"
  /* The sensitivity class of every field, for SQL readers (scopes). */
  "CREATE TABLE field_class ("
  "  entity TEXT NOT NULL,"
  "  field  TEXT NOT NULL,"
  "  class  TEXT NOT NULL,"
  "  type   TEXT NOT NULL,"
  "  PRIMARY KEY (entity, field)"
  ") WITHOUT ROWID;"
  /* Search by words of names and identifiers; the docid is the client's
   * rowid. FTS4, not FTS5: SQLCipher 3.4 has no FTS5. */
  "CREATE VIRTUAL TABLE client_search USING fts4 ("
  "  words, tokenize=unicode61 \"remove_diacritics=1\", prefix=\"1,2,3\""
  ");"
  "CREATE INDEX release_plan_by_confirmed ON release_plan (confirmed_release_date);";

/* Version 3: sync. A conflict is a local value that had not reached the
 * server when a newer version from elsewhere replaced it; it is kept here,
 * whole, until the worker keeps it or lets it go. */
static const char version_3_sql[] =
  "CREATE TABLE conflict ("
  "  id           INTEGER PRIMARY KEY,"
  "  entity       TEXT NOT NULL,"
  "  record_id    TEXT NOT NULL,"
  "  field        TEXT NOT NULL,"
  "  mine_value   TEXT,"
  "  mine_hlc     INTEGER NOT NULL,"
  "  mine_node    INTEGER NOT NULL,"
  "  theirs_value TEXT,"
  "  theirs_hlc   INTEGER NOT NULL,"
  "  theirs_node  INTEGER NOT NULL,"
  "  detected_at  TEXT NOT NULL,"
  "  resolution   TEXT"                      /* NULL while open */
  ");"
  "CREATE INDEX conflict_by_resolution ON conflict (resolution);"
  /* What the worker is typing, saved as they type so a crash or a flat
   * battery loses nothing. Local only: a draft is never synced. */
  "CREATE TABLE draft ("
  "  key        TEXT PRIMARY KEY NOT NULL,"  /* e.g. the client id of a note being written */
  "  body       TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");";

static const char * const version_sql[] = {
  [1] = version_1_sql,
  [3] = version_3_sql,
};

static void
append_field_columns (GString          *sql,
                      const TgFieldDef *field,
                      const char       *separator)
{
  const char *affinity = field->type == TG_FIELD_INTEGER ? "INTEGER" : "TEXT";

  g_string_append_printf (sql,
                          "%s\"%s\" %s, \"%s_hlc\" INTEGER NOT NULL DEFAULT 0, "
                          "\"%s_node\" INTEGER NOT NULL DEFAULT 0",
                          separator, field->name, affinity, field->name, field->name);
}

static char *
create_table_sql (const TgEntityDef *entity,
                  guint              version)
{
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "CREATE TABLE \"%s\" (id TEXT PRIMARY KEY NOT NULL",
                          entity->name);
  for (guint i = 0; i < entity->n_fields; i++)
    if (tg_field_since_schema (&entity->fields[i]) <= version)
      append_field_columns (sql, &entity->fields[i], ", ");
  g_string_append (sql, ");");

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const TgFieldDef *field = &entity->fields[i];

      if (field->type == TG_FIELD_REFERENCE && tg_field_since_schema (field) <= version)
        g_string_append_printf (sql, "CREATE INDEX \"%s_by_%s\" ON \"%s\" (\"%s\");",
                                entity->name, field->name, entity->name, field->name);
    }
  return g_string_free (sql, FALSE);
}

static char *
add_columns_sql (const TgEntityDef *entity,
                 guint              version)
{
  GString *sql = g_string_new (NULL);

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const TgFieldDef *field = &entity->fields[i];
      const char *affinity = field->type == TG_FIELD_INTEGER ? "INTEGER" : "TEXT";

      if (tg_field_since_schema (field) != version)
        continue;
      g_string_append_printf (sql,
                              "ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s;"
                              "ALTER TABLE \"%s\" ADD COLUMN \"%s_hlc\" INTEGER NOT NULL DEFAULT 0;"
                              "ALTER TABLE \"%s\" ADD COLUMN \"%s_node\" INTEGER NOT NULL DEFAULT 0;",
                              entity->name, field->name, affinity,
                              entity->name, field->name,
                              entity->name, field->name);
      if (field->type == TG_FIELD_REFERENCE)
        g_string_append_printf (sql, "CREATE INDEX \"%s_by_%s\" ON \"%s\" (\"%s\");",
                                entity->name, field->name, entity->name, field->name);
    }
  return g_string_free (sql, FALSE);
}

static gboolean
refresh_field_classes (TgStore  *self,
                       guint     version,
                       GError  **error)
{
  const TgEntityDef * const *entities;
  guint n_entities;
  sqlite3_stmt *stmt;

  if (!_tg_store_exec (self, "DELETE FROM field_class", error))
    return FALSE;
  stmt = _tg_store_prepare (self, "INSERT INTO field_class (entity, field, class, type) "
                                  "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  entities = tg_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    for (guint i = 0; i < entities[e]->n_fields; i++)
      {
        const TgFieldDef *field = &entities[e]->fields[i];

        if (tg_field_since_schema (field) > version)
          continue;
        sqlite3_bind_text (stmt, 1, entities[e]->name, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, field->name, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, tg_sensitivity_to_string (field->sensitivity), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, tg_field_type_to_string (field->type), -1, SQLITE_STATIC);
        if (!_tg_store_step_done (self, stmt, error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
migrate_one (TgStore  *self,
             guint     version,
             GError  **error)
{
  const TgEntityDef * const *entities;
  guint n_entities;
  g_autofree char *set_version = NULL;

  entities = tg_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      g_autofree char *sql = NULL;

      if (entities[e]->since_schema == version)
        sql = create_table_sql (entities[e], version);
      else if (entities[e]->since_schema < version)
        sql = add_columns_sql (entities[e], version);
      if (sql != NULL && *sql != '\0' && !_tg_store_exec (self, sql, error))
        return FALSE;
    }

  if (version < G_N_ELEMENTS (version_sql) && version_sql[version] != NULL &&
      !_tg_store_exec (self, version_sql[version], error))
    return FALSE;

  if (!refresh_field_classes (self, version, error))
    return FALSE;

  set_version = g_strdup_printf ("PRAGMA user_version = %u", version);
  return _tg_store_exec (self, set_version, error);
}

gboolean
_tg_store_migrate (TgStore  *self,
                   guint     target,
                   GError  **error)
{
  while (self->schema_version < target)
    {
      guint next = self->schema_version + 1;

      /* Each step is its own transaction: a crash between steps leaves a
       * store at a consistent older version that the next open carries on
       * from. The prepared statement cache is flushed because it would hold
       * statements compiled against the old tables. */
      if (!_tg_store_begin (self, error))
        return FALSE;
      if (!migrate_one (self, next, error) || !_tg_store_exec (self, "COMMIT", error))
        {
          g_prefix_error (error, "Could not upgrade the store to schema %u: ", next);
          _tg_store_rollback (self);
          return FALSE;
        }
      g_hash_table_remove_all (self->statements);
      self->schema_version = next;
    }
  return TRUE;
}
