/* tg-server-feed.c: the change feed and the history.
 *
 * The feed holds one row per field: the latest version the server has,
 * numbered by a sequence that only grows. A new winner replaces the row
 * (INSERT OR REPLACE deletes the old one and the new one gets the next
 * number), so reading the feed after a cursor gives every field that
 * changed since, once, and the feed as a whole is an index of every field
 * the server holds. Each row carries what the pull filters on: the field's
 * sensitivity class and the record's owner (a client, or a session's team).
 *
 * The history keeps every version that stopped being the winner — the one
 * a new version replaced, or an incoming one that lost on arrival — with
 * the device and person that wrote it where the server knows them.
 */
#include "config.h"

#include <string.h>

#include "tg-server-private.h"

static const char tables_sql[] =
  "CREATE TABLE IF NOT EXISTS feed ("
  "  seq       INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity    TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  field     TEXT NOT NULL,"
  "  class     TEXT NOT NULL,"
  "  client_id TEXT,"               /* the owning client; NULL for a session */
  "  team      TEXT,"               /* a session's team */
  "  hlc       INTEGER NOT NULL,"
  "  node      INTEGER NOT NULL,"
  "  device_id TEXT,"               /* the device that pushed this version */
  "  UNIQUE (entity, record_id, field)"
  ");"
  "CREATE INDEX IF NOT EXISTS feed_by_client ON feed (client_id, seq);"
  "CREATE INDEX IF NOT EXISTS feed_by_team ON feed (team, seq);"
  "CREATE TABLE IF NOT EXISTS history ("
  "  id                 INTEGER PRIMARY KEY,"
  "  entity             TEXT NOT NULL,"
  "  record_id          TEXT NOT NULL,"
  "  field              TEXT NOT NULL,"
  "  value              TEXT,"
  "  hlc                INTEGER NOT NULL,"
  "  node               INTEGER NOT NULL,"
  "  writer_device_id   TEXT,"
  "  writer_name        TEXT,"
  "  superseded_by_hlc  INTEGER NOT NULL,"
  "  superseded_by_node INTEGER NOT NULL,"
  "  superseded_at      TEXT NOT NULL"
  ");"
  "CREATE INDEX IF NOT EXISTS history_by_field ON history (entity, record_id, field);";

gboolean
_tg_server_feed_create_tables (TgStore  *store,
                               GError  **error)
{
  return _tg_store_exec (store, tables_sql, error);
}

/* A field that won in this batch, and the version it was left at. */
typedef struct {
  const TgFieldDef *field;
  char             *record_id;
  TgVersion         version;
} Winner;

static void
winner_free (Winner *winner)
{
  g_free (winner->record_id);
  g_free (winner);
}

struct _TgServerPush
{
  const TgServerDevice *device;   /* not owned; outlives the push */
  char                 *now;

  /* "entity\nid" of every record a change named, won or lost. */
  GHashTable           *touched;

  /* "entity\nid\nfield" -> Winner, and the same Winners in the order they
   * first won, so the feed is written in the order the batch came. */
  GHashTable           *winners;
  GPtrArray            *winner_order;

  /* Note id -> 1 when it was signed before this batch, 2 when not. Read
   * on a note's first change in the batch, before the batch wrote any of
   * its fields, so "signed" means signed on the server. */
  GHashTable           *signed_notes;

  /* "entity\nid" of records whose owner became known in this batch; their
   * older feed rows (and their dependants') must reach the owner's devices. */
  GHashTable           *owner_set;
};

TgServerPush *
_tg_server_push_new (const TgServerDevice *device,
                     const char           *now)
{
  TgServerPush *push = g_new0 (TgServerPush, 1);

  push->device = device;
  push->now = g_strdup (now);
  push->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  push->winners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  push->winner_order = g_ptr_array_new_with_free_func ((GDestroyNotify) winner_free);
  push->signed_notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  push->owner_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return push;
}

void
_tg_server_push_free (TgServerPush *push)
{
  if (push == NULL)
    return;
  g_free (push->now);
  g_hash_table_unref (push->touched);
  g_hash_table_unref (push->winners);
  g_ptr_array_unref (push->winner_order);
  g_hash_table_unref (push->signed_notes);
  g_hash_table_unref (push->owner_set);
  g_free (push);
}

GHashTable *
_tg_server_push_get_touched (TgServerPush *push)
{
  return push->touched;
}

static char *
record_key (const TgEntityDef *entity,
            const char        *record_id)
{
  return g_strconcat (entity->name, "\n", record_id, NULL);
}

/* Whether the note was signed before this batch; -1 on error. */
static int
note_was_signed (TgStore         *store,
                 TgServerPush    *push,
                 const TgChange  *incoming,
                 const TgChange  *held,
                 GError         **error)
{
  gpointer known = g_hash_table_lookup (push->signed_notes, incoming->record_id);
  sqlite3_stmt *stmt;
  gboolean is_signed;
  int rc;

  if (known != NULL)
    return GPOINTER_TO_INT (known) == 1;

  if (g_str_equal (incoming->field->name, "signed_at"))
    is_signed = held->value != NULL;
  else
    {
      /* This is the note's first change in the batch, and it is not to
       * signed_at, so the column still holds what it held before. */
      stmt = _tg_store_prepare (store, "SELECT signed_at IS NOT NULL FROM note WHERE id = ?",
                                error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_text (stmt, 1, incoming->record_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      is_signed = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _tg_store_set_sql_error (store, error, "Could not read a note");
          return -1;
        }
    }
  g_hash_table_insert (push->signed_notes, g_strdup (incoming->record_id),
                       GINT_TO_POINTER (is_signed ? 1 : 2));
  return is_signed;
}

/* Which device wrote @held, when the server knows: this batch's device if
 * the version was written earlier in the batch, else the feed's. */
static char *
writer_of (TgStore         *store,
           TgServerPush    *push,
           const TgChange  *held,
           const char      *key,
           GError         **error)
{
  Winner *winner = g_hash_table_lookup (push->winners, key);
  sqlite3_stmt *stmt;
  char *device_id = NULL;
  int rc;

  if (winner != NULL && tg_version_compare (&winner->version, &held->version) == 0)
    return g_strdup (push->device->device_id);

  stmt = _tg_store_prepare (store,
                            "SELECT device_id FROM feed WHERE entity = ? AND record_id = ? "
                            "AND field = ? AND hlc = ? AND node = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, held->entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, held->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, held->field->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) held->version.hlc);
  sqlite3_bind_int64 (stmt, 5, held->version.node_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    device_id = _tg_store_column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _tg_store_set_sql_error (store, error, "Could not read the feed");
  return device_id;
}

static gboolean
keep_history (TgStore         *store,
              TgServerPush    *push,
              const TgChange  *superseded,
              const char      *writer,
              const TgVersion *by,
              GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = _tg_store_prepare (store,
                            "INSERT INTO history (entity, record_id, field, value, hlc, node, "
                            "writer_device_id, writer_name, superseded_by_hlc, superseded_by_node, "
                            "superseded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                            "(SELECT name FROM devices WHERE device_id = ?7), ?8, ?9, ?10)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, superseded->entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, superseded->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, superseded->field->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, superseded->value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) superseded->version.hlc);
  sqlite3_bind_int64 (stmt, 6, superseded->version.node_id);
  sqlite3_bind_text (stmt, 7, writer, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, (sqlite3_int64) by->hlc);
  sqlite3_bind_int64 (stmt, 9, by->node_id);
  sqlite3_bind_text (stmt, 10, push->now, -1, SQLITE_STATIC);
  return _tg_store_step_done (store, stmt, error);
}

/* What a push may not do even to a record in its scope. */
static gboolean
check_winner (TgStore         *store,
              TgServerPush    *push,
              const TgChange  *incoming,
              const TgChange  *held,
              GError         **error)
{
  const TgFieldDef *owner_field = _tg_server_owner_field (incoming->entity);

  if (g_str_equal (incoming->entity->name, "note"))
    {
      int was_signed = note_was_signed (store, push, incoming, held, error);
      gboolean completes_signing;

      if (was_signed < 0)
        return FALSE;
      /* A signature may arrive in two batches (signed_at, then signed_by);
       * filling in a field of the signature that is still empty completes
       * it. Anything else would change a signed note. */
      completes_signing = held->value == NULL &&
                          (g_str_equal (incoming->field->name, "signed_at") ||
                           g_str_equal (incoming->field->name, "signed_by"));
      if (was_signed == 1 && !completes_signing)
        {
          g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_INVALID_CHANGE,
                       "%s: note %s is signed on the server and can no longer "
                       "change; write a correction as a new note",
                       incoming->field->name, incoming->record_id);
          return FALSE;
        }
    }

  /* A record's owner is set once: moving a note to another client, or a
   * session to another team, would leave copies on devices that may no
   * longer hold it. */
  if (owner_field == incoming->field && held->value != NULL &&
      g_strcmp0 (held->value, incoming->value) != 0)
    {
      g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_INVALID_CHANGE,
                   "%s: %s %s already belongs to another %s and cannot move",
                   incoming->field->name, incoming->entity->name, incoming->record_id,
                   g_str_equal (incoming->field->name, "team") ? "team" : "record");
      return FALSE;
    }
  /* A client's team is its scope: set to another team, the scope check
   * refuses it; cleared, the client would drop out of every device. */
  if (g_str_equal (incoming->entity->name, "client") &&
      g_str_equal (incoming->field->name, "team") &&
      held->value != NULL && incoming->value == NULL)
    {
      g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_INVALID_CHANGE,
                   "team: client %s has a team, which cannot be cleared",
                   incoming->record_id);
      return FALSE;
    }
  if (owner_field == incoming->field && held->value == NULL && incoming->value != NULL)
    g_hash_table_add (push->owner_set, record_key (incoming->entity, incoming->record_id));
  return TRUE;
}

gboolean
_tg_server_push_hook_cb (TgStore         *store,
                         const TgChange  *incoming,
                         const TgChange  *held,
                         TgMergeDecision  decision,
                         gpointer         user_data,
                         GError         **error)
{
  TgServerPush *push = user_data;
  g_autofree char *key = g_strconcat (incoming->entity->name, "\n", incoming->record_id,
                                      "\n", incoming->field->name, NULL);
  Winner *winner;

  g_hash_table_add (push->touched, record_key (incoming->entity, incoming->record_id));

  /* Note the signature state before anything of the note can win. */
  if (g_str_equal (incoming->entity->name, "note") &&
      note_was_signed (store, push, incoming, held, error) < 0)
    return FALSE;

  switch (decision)
    {
    case TG_MERGE_SAME:
      return TRUE;

    case TG_MERGE_KEEP_LOCAL:
      /* The incoming version lost on arrival; it is still something a
       * person typed, so the audit trail keeps it. */
      return keep_history (store, push, incoming, push->device->device_id,
                           &held->version, error);

    case TG_MERGE_TAKE_INCOMING:
      if (!check_winner (store, push, incoming, held, error))
        return FALSE;
      if (held->version.hlc != 0 || held->version.node_id != 0)
        {
          g_autoptr(GError) local_error = NULL;
          g_autofree char *writer = writer_of (store, push, held, key, &local_error);

          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (!keep_history (store, push, held, writer, &incoming->version, error))
            return FALSE;
        }
      winner = g_hash_table_lookup (push->winners, key);
      if (winner == NULL)
        {
          winner = g_new0 (Winner, 1);
          winner->field = incoming->field;
          winner->record_id = g_strdup (incoming->record_id);
          g_hash_table_insert (push->winners, g_steal_pointer (&key), winner);
          g_ptr_array_add (push->winner_order, winner);
        }
      winner->version = incoming->version;
      return TRUE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

static gboolean
write_feed_row (TgStore             *store,
                const TgFieldDef    *field,
                const char          *record_id,
                const TgServerOwner *owner,
                const TgVersion     *version,
                const char          *device_id,
                GError             **error)
{
  sqlite3_stmt *stmt;

  /* A DELETE and a plain INSERT rather than INSERT OR REPLACE: the same
   * rows, but SQLite keeps a statement journal for an INSERT OR REPLACE
   * inside a transaction, and SQLCipher encrypts every page written to
   * it; that was most of the cost of a push (docs/performance.md, row 7). */
  stmt = _tg_store_prepare (store,
                            "DELETE FROM feed WHERE entity = ? AND record_id = ? AND field = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, field->entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field->name, -1, SQLITE_STATIC);
  if (!_tg_store_step_done (store, stmt, error))
    return FALSE;

  stmt = _tg_store_prepare (store,
                            "INSERT INTO feed (entity, record_id, field, class, "
                            "client_id, team, hlc, node, device_id) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, field->entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, tg_sensitivity_to_string (field->sensitivity), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, owner->client_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, owner->team, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, (sqlite3_int64) version->hlc);
  sqlite3_bind_int64 (stmt, 8, version->node_id);
  sqlite3_bind_text (stmt, 9, device_id, -1, SQLITE_STATIC);
  return _tg_store_step_done (store, stmt, error);
}

typedef struct {
  const TgFieldDef *field;
  TgVersion         version;
  char             *device_id;
} FeedRow;

static void
feed_row_free (FeedRow *row)
{
  g_free (row->device_id);
  g_free (row);
}

/* Gives the record's feed rows that name another owner the current one,
 * with new numbers, so the owner's devices receive fields written before
 * the owner was known. */
static gboolean
renumber_record (TgStore            *store,
                 const TgEntityDef  *entity,
                 const char         *record_id,
                 GError            **error)
{
  g_auto(TgServerOwner) owner = { NULL, NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) feed_row_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!_tg_server_owner_lookup (store, entity, record_id, &owner, error))
    return FALSE;
  stmt = _tg_store_prepare (store,
                            "SELECT field, hlc, node, device_id FROM feed WHERE entity = ?1 "
                            "AND record_id = ?2 AND (client_id IS NOT ?3 OR team IS NOT ?4)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, owner.client_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, owner.team, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const TgFieldDef *field = tg_schema_lookup_field (entity, name);
      FeedRow *row;

      if (field == NULL)
        continue;
      row = g_new0 (FeedRow, 1);
      row->field = field;
      row->version.hlc = (guint64) sqlite3_column_int64 (stmt, 1);
      row->version.node_id = sqlite3_column_int64 (stmt, 2);
      row->device_id = _tg_store_column_text (stmt, 3);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (store, error, "Could not read the feed");
      return FALSE;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      FeedRow *row = rows->pdata[i];

      if (!write_feed_row (store, row->field, record_id, &owner, &row->version,
                           row->device_id, error))
        return FALSE;
    }
  return TRUE;
}

/* A care goal is owned through its care plan: when the plan's client
 * becomes known, so does the goals'. */
static gboolean
renumber_dependants (TgStore            *store,
                     const TgEntityDef  *entity,
                     const char         *record_id,
                     GError            **error)
{
  const TgEntityDef * const *entities;
  guint n_entities;

  entities = tg_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      const TgFieldDef *via = _tg_server_owner_field (entities[e]);
      g_autoptr(GPtrArray) ids = NULL;
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (entities[e] == entity || via == NULL || via->type != TG_FIELD_REFERENCE ||
          g_strcmp0 (via->references, entity->name) != 0)
        continue;

      ids = g_ptr_array_new_with_free_func (g_free);
      sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE \"%s\" = ?",
                             entities[e]->name, via->name);
      stmt = _tg_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (ids, _tg_store_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _tg_store_set_sql_error (store, error, "Could not read dependent records");
          return FALSE;
        }
      for (guint i = 0; i < ids->len; i++)
        if (!renumber_record (store, entities[e], ids->pdata[i], error))
          return FALSE;
    }
  return TRUE;
}

gboolean
_tg_server_push_finish (TgStore       *store,
                        TgServerPush  *push,
                        GError       **error)
{
  g_autoptr(GHashTable) owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) _tg_server_owner_free);
  GHashTableIter iter;
  gpointer key;

  /* Owners are read after the whole batch is applied: a record's first
   * fields may come in the same batch as the field that names its owner,
   * in any order. */
  for (guint i = 0; i < push->winner_order->len; i++)
    {
      Winner *winner = push->winner_order->pdata[i];
      g_autofree char *rkey = record_key (winner->field->entity, winner->record_id);
      TgServerOwner *owner = g_hash_table_lookup (owners, rkey);

      if (owner == NULL)
        {
          owner = g_new0 (TgServerOwner, 1);
          g_hash_table_insert (owners, g_steal_pointer (&rkey), owner);
          if (!_tg_server_owner_lookup (store, winner->field->entity, winner->record_id,
                                        owner, error))
            return FALSE;
        }
      if (!write_feed_row (store, winner->field, winner->record_id, owner,
                           &winner->version, push->device->device_id, error))
        return FALSE;
    }

  g_hash_table_iter_init (&iter, push->owner_set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\n", 2);
      const TgEntityDef *entity = tg_schema_lookup_entity (parts[0]);

      if (!renumber_record (store, entity, parts[1], error) ||
          !renumber_dependants (store, entity, parts[1], error))
        return FALSE;
    }
  return TRUE;
}

gint64
_tg_server_feed_last_seq (TgStore  *store,
                          GError  **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (store, "SELECT COALESCE(MAX(seq), 0) FROM feed", error);
  gint64 seq = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  else
    _tg_store_set_sql_error (store, error, "Could not read the feed");
  sqlite3_reset (stmt);
  return seq;
}

gint64
_tg_server_feed_next_seq (TgStore  *store,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 seq = -1;

  /* sqlite_sequence keeps the feed's AUTOINCREMENT high-water mark; taking
   * a number from it here means no feed row will ever get it, and every
   * later row is numbered above it. Its row appears with the first feed
   * row, so it may have to be made. */
  if (!_tg_store_exec (store,
                       "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'feed';"
                       "INSERT INTO sqlite_sequence (name, seq) SELECT 'feed', 1 "
                       "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'feed');",
                       error))
    return -1;
  stmt = _tg_store_prepare (store, "SELECT seq FROM sqlite_sequence WHERE name = 'feed'", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  else
    _tg_store_set_sql_error (store, error, "Could not read the feed's sequence");
  sqlite3_reset (stmt);
  return seq;
}
