/* Reads: records, lists, the caseload search and the gate list. */

#include "tg-dates.h"
#include "tg-store-private.h"

/* Only the columns that exist at @version: a store part-way through its
 * migrations (tests stop one there) lacks the newer ones. */
char *
_tg_store_select_columns (const TgEntityDef *entity,
                          guint              version)
{
  GString *sql = g_string_new ("id");

  for (guint i = 0; i < entity->n_fields; i++)
    if (tg_field_since_schema (&entity->fields[i]) <= version)
      g_string_append_printf (sql, ", \"%s\", \"%s_hlc\", \"%s_node\"",
                              entity->fields[i].name, entity->fields[i].name,
                              entity->fields[i].name);
  return g_string_free (sql, FALSE);
}

TgRecord *
_tg_store_record_from_row (const TgEntityDef *entity,
                           guint              schema_version,
                           sqlite3_stmt      *stmt)
{
  TgRecord *record = tg_record_new (entity, (const char *) sqlite3_column_text (stmt, 0));
  int column = 1;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      TgVersion version;

      if (tg_field_since_schema (&entity->fields[i]) > schema_version)
        continue;
      version.hlc = (guint64) sqlite3_column_int64 (stmt, column + 1);
      version.node_id = sqlite3_column_int64 (stmt, column + 2);
      tg_record_take (record, i, _tg_store_column_text (stmt, column), &version);
      column += 3;
    }
  return record;
}

static gboolean
collect_records (TgStore            *self,
                 const TgEntityDef  *entity,
                 sqlite3_stmt       *stmt,
                 GPtrArray          *out,
                 GError            **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, _tg_store_record_from_row (entity, self->schema_version, stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (self, error, "Could not read records");
      return FALSE;
    }
  return TRUE;
}

TgRecord *
tg_store_get (TgStore     *self,
              const char  *entity,
              const char  *id,
              GError     **error)
{
  const TgEntityDef *def = tg_schema_lookup_entity (entity);
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TG_IS_STORE (self), NULL);
  g_return_val_if_fail (def != NULL, NULL);

  columns = _tg_store_select_columns (def, self->schema_version);
  sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE id = ?", columns, def->name);
  stmt = _tg_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (!collect_records (self, def, stmt, found, error))
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD,
                   "id: there is no %s with id %s", def->name, id);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

static const char *
order_for (const TgEntityDef *entity)
{
  if (g_str_equal (entity->name, "client"))
    return "family_name COLLATE NOCASE, given_name COLLATE NOCASE, rowid";
  if (tg_schema_lookup_field (entity, "occurred_at") != NULL)
    return "occurred_at, rowid";
  return "rowid";
}

GPtrArray *
tg_store_list (TgStore     *self,
               const char  *entity,
               const char  *field,
               const char  *value,
               gboolean     include_deleted,
               GError     **error)
{
  const TgEntityDef *def = tg_schema_lookup_entity (entity);
  g_autofree char *columns = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TG_IS_STORE (self), NULL);
  g_return_val_if_fail (def != NULL, NULL);
  /* The field name becomes SQL: only names from the schema may. */
  g_return_val_if_fail (field == NULL || tg_schema_lookup_field (def, field) != NULL, NULL);

  columns = _tg_store_select_columns (def, self->schema_version);
  g_string_append_printf (sql, "SELECT %s FROM \"%s\" WHERE 1", columns, def->name);
  if (field != NULL)
    g_string_append_printf (sql, " AND \"%s\" = ?1", field);
  if (!include_deleted)
    g_string_append (sql, " AND deleted IS NOT 'true'");
  g_string_append_printf (sql, " ORDER BY %s", order_for (def));

  stmt = _tg_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (field != NULL)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  if (!collect_records (self, def, stmt, found, error))
    return NULL;
  return g_steal_pointer (&found);
}

/* Turns what a person types into an FTS4 query: every word must match the
 * start of some indexed word. Only letters and digits survive, so nothing
 * typed can become query syntax; words are case-folded so "or" and "not"
 * stay words rather than operators. Digits split by spaces or hyphens are
 * joined, because NHS numbers are written "999 123 4567". */
static char *
search_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree char *folded = g_utf8_casefold (text, -1);
  gboolean last_was_digit = FALSE;

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean digit_joiner = (c == ' ' || c == '-') && last_was_digit &&
                              g_unichar_isdigit (g_utf8_get_char (g_utf8_next_char (p)));

      if (c != 0 && (g_unichar_isalnum (c) || digit_joiner))
        {
          if (!digit_joiner)
            g_string_append_unichar (word, c);
          last_was_digit = g_unichar_isdigit (c) || digit_joiner;
          continue;
        }
      if (word->len > 0)
        {
          g_string_append_printf (query, "%s%s*", query->len ? " " : "", word->str);
          g_string_truncate (word, 0);
        }
      last_was_digit = FALSE;
      if (c == 0)
        break;
    }
  return g_string_free (g_steal_pointer (&query), FALSE);
}

GPtrArray *
tg_store_search_clients (TgStore     *self,
                         const char  *text,
                         guint        limit,
                         GError     **error)
{
  const TgEntityDef *def = tg_schema_lookup_entity ("client");
  g_autofree char *columns = _tg_store_select_columns (def, self->schema_version);
  g_autofree char *query = search_query (text != NULL ? text : "");
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TG_IS_STORE (self), NULL);

  if (*query == '\0')
    return tg_store_list (self, "client", NULL, NULL, FALSE, error);

  sql = g_strdup_printf ("SELECT %s FROM client WHERE rowid IN "
                         "(SELECT docid FROM client_search WHERE client_search MATCH ?1) "
                         "AND deleted IS NOT 'true' ORDER BY %s LIMIT ?2",
                         columns, order_for (def));
  stmt = _tg_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (sqlite3_int64) limit : -1);
  if (!collect_records (self, def, stmt, found, error))
    return NULL;
  return g_steal_pointer (&found);
}

GPtrArray *
tg_store_gate_list (TgStore      *self,
                    const GDate  *from,
                    guint         days,
                    GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_gate_entry_free);
  g_autofree char *first = NULL;
  g_autofree char *end = NULL;
  GDate until = *from;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TG_IS_STORE (self), NULL);
  g_return_val_if_fail (g_date_valid (from), NULL);

  g_date_add_days (&until, days);
  first = tg_date_to_iso (from);
  end = tg_date_to_iso (&until);

  /* The release date is the confirmed one when known, else the automatic
   * release date, else the conditional release date (docs/store.md). */
  stmt = _tg_store_prepare (self,
                            "SELECT c.id, c.given_name, c.family_name, c.prison_number, "
                            "  c.establishment, p.release_date, p.release_time, p.gate, "
                            "  p.pickup_mentor, p.pickup_status, p.release_type, p.sentence_start "
                            "FROM (SELECT id, COALESCE (confirmed_release_date, ard, crd) AS release_date, "
                            "        release_time, gate, pickup_mentor, pickup_status, release_type, "
                            "        sentence_start "
                            "      FROM release_plan WHERE deleted IS NOT 'true') AS p "
                            "JOIN client AS c ON c.id = p.id "
                            "WHERE p.release_date >= ?1 AND p.release_date < ?2 "
                            "  AND c.deleted IS NOT 'true' "
                            "ORDER BY p.release_date, p.release_time IS NULL, p.release_time, "
                            "  c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TgGateEntry *entry = g_new0 (TgGateEntry, 1);

      entry->client_id = _tg_store_column_text (stmt, 0);
      entry->given_name = _tg_store_column_text (stmt, 1);
      entry->family_name = _tg_store_column_text (stmt, 2);
      entry->prison_number = _tg_store_column_text (stmt, 3);
      entry->establishment = _tg_store_column_text (stmt, 4);
      entry->release_date = _tg_store_column_text (stmt, 5);
      entry->release_time = _tg_store_column_text (stmt, 6);
      entry->gate = _tg_store_column_text (stmt, 7);
      entry->pickup_mentor = _tg_store_column_text (stmt, 8);
      entry->pickup_status = _tg_store_column_text (stmt, 9);
      entry->release_type = _tg_store_column_text (stmt, 10);
      entry->sentence_start = _tg_store_column_text (stmt, 11);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (self, error, "Could not read the gate list");
      return NULL;
    }
  return g_steal_pointer (&entries);
}
