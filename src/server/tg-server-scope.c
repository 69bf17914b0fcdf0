/* tg-server-scope.c: which clients each device may hold, and the pull.
 *
 * A worker or lead holds every client of its team and the team's
 * sessions; a mentor holds the identity and release fields of its team's
 * clients released between 7 days ago and 28 days ahead. device_clients
 * lists the clients the server has sent a device, so that it can tell the
 * device to purge one that leaves its scope, and send one that enters it
 * whole.
 *
 * A reply may be lost on the way, and the device then asks again with its
 * old cursor. So what a reply changes in device_clients is only taken as
 * done when the device comes back with that reply's cursor. Every reply
 * gets a fresh cursor from the feed's sequence (a sync point); device_sync
 * keeps, per device, the last sync point it acknowledged and the one in
 * flight, each with the feed position it stands for:
 *
 *   - the device sends the cursor in flight: the reply arrived, its purges
 *     and backfill are done;
 *   - it sends the acknowledged one: the reply was lost, and is undone;
 *   - anything else (a device that lost its cursor): the server forgets
 *     what it sent that device and starts it over from nothing.
 *
 * A client that enters a device's scope is sent whole, from the feed rows
 * it had when it entered (since_seq), a pull_limit at a time (backfill_pos
 * is how far the device has acknowledged); its later changes come with
 * the feed. A worker's or lead's team sessions are one more such unit, the
 * row whose client_id is SESSIONS_ROW. So a new device reads its clients
 * through the feed's index by client, never the whole feed.
 */
#include "config.h"

#include <string.h>

#include "tg-server-private.h"

/* The mentor's window around today (docs/sync-protocol.md). */
#define MENTOR_DAYS_BEFORE 7
#define MENTOR_DAYS_AFTER  28

/* The device_clients row that stands for the team's sessions; client ids
 * are UUIDs, so it cannot meet one. */
#define SESSIONS_ROW "team-sessions"

static const char tables_sql[] =
  "CREATE TABLE IF NOT EXISTS device_clients ("
  "  device_id    TEXT NOT NULL,"
  "  client_id    TEXT NOT NULL,"
  "  since_seq    INTEGER NOT NULL,"          /* feed rows up to here come by backfill */
  "  backfill_pos INTEGER NOT NULL DEFAULT 0,"/* backfill acknowledged up to here */
  "  sent_pos     INTEGER,"                   /* backfill in the reply in flight */
  "  purging      INTEGER NOT NULL DEFAULT 0,"/* purge in the reply in flight */
  "  PRIMARY KEY (device_id, client_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS device_clients_by_client ON device_clients (client_id);"
  "CREATE TABLE IF NOT EXISTS device_sync ("
  "  device_id        TEXT PRIMARY KEY NOT NULL,"
  "  acked_cursor     INTEGER NOT NULL,"
  "  acked_feed_pos   INTEGER NOT NULL,"
  "  pending_cursor   INTEGER,"
  "  pending_feed_pos INTEGER"
  ");"
  /* The scope a device's device_clients were last worked out for: while
   * the feed, the day, and the device's team and role are the same, the
   * scope is too (clients and release plans change only through the
   * feed), and a pull need not work it out again. */
  "CREATE TABLE IF NOT EXISTS device_scope ("
  "  device_id TEXT PRIMARY KEY NOT NULL,"
  "  team      TEXT NOT NULL,"
  "  role      INTEGER NOT NULL,"
  "  day       TEXT NOT NULL,"
  "  feed_seq  INTEGER NOT NULL"
  ");"
  /* Each pull settles the reply in flight and reads the backfill still to
   * send; these keep that to the rows concerned, not all of a device's
   * clients (a new device has thousands of them). */
  "CREATE INDEX IF NOT EXISTS device_clients_sent ON device_clients (device_id) "
  "  WHERE sent_pos IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS device_clients_purging ON device_clients (device_id) "
  "  WHERE purging = 1;"
  "CREATE INDEX IF NOT EXISTS device_clients_backfill ON device_clients "
  "  (device_id, since_seq, client_id) WHERE backfill_pos < since_seq;"
  /* Scopes are by team; the store has no index for that. */
  "CREATE INDEX IF NOT EXISTS server_client_by_team ON client (team);";

gboolean
_tg_server_scope_create_tables (TgStore  *store,
                                GError  **error)
{
  return _tg_store_exec (store, tables_sql, error);
}

void
_tg_server_owner_clear (TgServerOwner *owner)
{
  g_clear_pointer (&owner->client_id, g_free);
  g_clear_pointer (&owner->team, g_free);
}

void
_tg_server_owner_free (TgServerOwner *owner)
{
  if (owner == NULL)
    return;
  _tg_server_owner_clear (owner);
  g_free (owner);
}

static gboolean
owned_by_own_id (const TgEntityDef *entity)
{
  /* A release plan shares its client's id (docs/data-model.md). */
  return g_str_equal (entity->name, "client") || g_str_equal (entity->name, "release_plan");
}

const TgFieldDef *
_tg_server_owner_field (const TgEntityDef *entity)
{
  if (owned_by_own_id (entity))
    return NULL;
  if (g_str_equal (entity->name, "session"))
    return tg_schema_lookup_field (entity, "team");

  /* The same rule as the device's purge (tg-store-sync.c): the first
   * reference to a client, else the first to a record that names one. */
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const TgFieldDef *field = &entity->fields[i];
      const TgEntityDef *target;

      if (field->type != TG_FIELD_REFERENCE)
        continue;
      if (g_str_equal (field->references, "client"))
        return field;
      target = tg_schema_lookup_entity (field->references);
      if (target != entity && tg_schema_lookup_field (target, "client_id") != NULL)
        return field;
    }
  return NULL;
}

static gboolean
read_one_text (TgStore     *store,
               const char  *sql,
               const char  *arg,
               char       **out,
               GError     **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = _tg_store_column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (store, error, "Could not read a record's owner");
      return FALSE;
    }
  return TRUE;
}

gboolean
_tg_server_owner_lookup (TgStore            *store,
                         const TgEntityDef  *entity,
                         const char         *record_id,
                         TgServerOwner      *owner,
                         GError            **error)
{
  const TgFieldDef *field;
  g_autofree char *sql = NULL;

  _tg_server_owner_clear (owner);
  if (owned_by_own_id (entity))
    {
      owner->client_id = g_strdup (record_id);
      return TRUE;
    }
  field = _tg_server_owner_field (entity);
  if (field == NULL)
    return TRUE;

  if (field->type != TG_FIELD_REFERENCE)
    {
      sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE id = ?", field->name, entity->name);
      return read_one_text (store, sql, record_id, &owner->team, error);
    }
  if (g_str_equal (field->references, "client"))
    sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE id = ?", field->name, entity->name);
  else
    sql = g_strdup_printf ("SELECT t.client_id FROM \"%s\" e JOIN \"%s\" t ON t.id = e.\"%s\" "
                           "WHERE e.id = ?", entity->name, field->references, field->name);
  return read_one_text (store, sql, record_id, &owner->client_id, error);
}

static void
mentor_window (const GDate *today,
               char         from[11],
               char         to[11])
{
  GDate date = *today;

  g_date_subtract_days (&date, MENTOR_DAYS_BEFORE);
  g_date_strftime (from, 11, "%Y-%m-%d", &date);
  date = *today;
  g_date_add_days (&date, MENTOR_DAYS_AFTER);
  g_date_strftime (to, 11, "%Y-%m-%d", &date);
}

/* 1 when the client is in the device's scope, 0 when not, 2 when nobody's
 * yet (no such client, or no team), -1 on error. */
static int
client_in_scope (TgStore              *store,
                 const TgServerDevice *device,
                 const char           *client_id,
                 const char           *from,
                 const char           *to,
                 GError              **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *team = NULL;
  g_autofree char *release = NULL;
  int rc;

  stmt = _tg_store_prepare (store,
                            "SELECT c.team, COALESCE(r.confirmed_release_date, r.ard, r.crd) "
                            "FROM client c LEFT JOIN release_plan r ON r.id = c.id WHERE c.id = ?",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      team = _tg_store_column_text (stmt, 0);
      release = _tg_store_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (store, error, "Could not read a client's scope");
      return -1;
    }
  if (team == NULL)
    return 2;
  if (!g_str_equal (team, device->team))
    return 0;
  if (device->role != TG_SERVER_ROLE_MENTOR)
    return 1;
  return release != NULL && strcmp (release, from) >= 0 && strcmp (release, to) <= 0;
}

gboolean
_tg_server_scope_check_push (TgStore              *store,
                             const TgServerDevice *device,
                             GHashTable           *touched,
                             const GDate          *today,
                             GError              **error)
{
  g_autoptr(GHashTable) clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char from[11], to[11];
  GHashTableIter iter;
  gpointer key;

  mentor_window (today, from, to);
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\n", 2);
      const TgEntityDef *entity = tg_schema_lookup_entity (parts[0]);
      g_auto(TgServerOwner) owner = { NULL, NULL };
      int verdict;

      if (!_tg_server_owner_lookup (store, entity, parts[1], &owner, error))
        return FALSE;

      /* A record whose owner is not known yet (its first fields came
       * before the one naming the owner; a client without a team yet)
       * reaches no device until it has one, so it may wait. */
      if (owner.team != NULL)
        verdict = device->role != TG_SERVER_ROLE_MENTOR && g_str_equal (owner.team, device->team);
      else if (owner.client_id == NULL)
        verdict = 2;
      else if (g_hash_table_contains (clients, owner.client_id))
        verdict = GPOINTER_TO_INT (g_hash_table_lookup (clients, owner.client_id));
      else
        {
          verdict = client_in_scope (store, device, owner.client_id, from, to, error);
          if (verdict < 0)
            return FALSE;
          g_hash_table_insert (clients, g_strdup (owner.client_id), GINT_TO_POINTER (verdict));
        }

      if (verdict == 0)
        {
          g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_OUT_OF_SCOPE,
                       "%s: record %s is outside this device's scope (%s, %s)",
                       entity->name, parts[1], _tg_server_role_to_string (device->role),
                       device->team);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_tg_server_scope_forget (TgStore     *store,
                         const char  *device_id,
                         GError     **error)
{
  return _tg_server_exec_with (store,
                               "DELETE FROM device_clients WHERE device_id = ?1;"
                               "DELETE FROM device_sync WHERE device_id = ?1;"
                               "DELETE FROM device_scope WHERE device_id = ?1;",
                               device_id, error);
}

/* One pull being built. */
typedef struct {
  TgStore              *store;
  const TgServerDevice *device;
  TgSyncReply          *reply;
  guint                 limit;
  char                  from[11];
  char                  to[11];
  const char           *class_filter;  /* SQL appended to feed conditions */
} Pull;

/* Binds ?1 device id, ?2 team, ?3 and ?4 the mentor's window. */
static void
bind_scope (Pull         *pull,
            sqlite3_stmt *stmt)
{
  sqlite3_bind_text (stmt, 1, pull->device->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pull->device->team, -1, SQLITE_STATIC);
  if (pull->device->role == TG_SERVER_ROLE_MENTOR)
    {
      sqlite3_bind_text (stmt, 3, pull->from, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, pull->to, -1, SQLITE_STATIC);
    }
}

static const char *
scope_condition (Pull *pull)
{
  if (pull->device->role == TG_SERVER_ROLE_MENTOR)
    return "c.team = ?2 AND COALESCE(r.confirmed_release_date, r.ard, r.crd) BETWEEN ?3 AND ?4";
  return "c.team = ?2";
}

/* Settles the reply before this request by the cursor the device sent,
 * and returns the feed position the device stands at. */
static gboolean
settle_cursor (Pull     *pull,
               gint64    cursor,
               gint64   *feed_pos,
               gboolean *arrived,
               GError  **error)
{
  TgStore *store = pull->store;
  const char *device_id = pull->device->device_id;
  gboolean found = FALSE, has_pending = FALSE;
  gint64 acked_cursor = 0, acked_pos = 0, pending_cursor = 0, pending_pos = 0;
  sqlite3_stmt *stmt;
  int rc;

  *arrived = FALSE;
  stmt = _tg_store_prepare (store,
                            "SELECT acked_cursor, acked_feed_pos, pending_cursor, pending_feed_pos "
                            "FROM device_sync WHERE device_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      acked_cursor = sqlite3_column_int64 (stmt, 0);
      acked_pos = sqlite3_column_int64 (stmt, 1);
      has_pending = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      pending_cursor = sqlite3_column_int64 (stmt, 2);
      pending_pos = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (store, error, "Could not read the sync state");
      return FALSE;
    }

  if (has_pending && cursor == pending_cursor)
    {
      /* The last reply arrived. */
      if (!_tg_server_exec_with (store,
                                 "UPDATE device_clients SET backfill_pos = sent_pos "
                                 "WHERE device_id = ?1 AND sent_pos IS NOT NULL;"
                                 "DELETE FROM device_clients WHERE device_id = ?1 AND purging = 1;",
                                 device_id, error))
        return FALSE;
      *feed_pos = pending_pos;
      *arrived = TRUE;
    }
  else if (cursor == acked_cursor && (found || cursor == 0))
    *feed_pos = acked_pos;   /* the last reply, if any, was lost */
  else
    {
      /* Not a cursor this server gave this device, or its first sync
       * after losing its cursor: start it over. */
      g_message ("Device %s sent cursor %" G_GINT64_FORMAT " that it was never given; "
                 "sending it everything again", device_id, cursor);
      if (!_tg_server_exec_with (store, "DELETE FROM device_clients WHERE device_id = ?1",
                                 device_id, error))
        return FALSE;
      *feed_pos = 0;
    }

  /* What the lost reply would have done is undone. Two statements, so
   * that each reads its partial index. */
  return _tg_server_exec_with (store,
                               "UPDATE device_clients SET sent_pos = NULL "
                               "WHERE device_id = ?1 AND sent_pos IS NOT NULL;"
                               "UPDATE device_clients SET purging = 0 "
                               "WHERE device_id = ?1 AND purging = 1;",
                               device_id, error);
}

static gboolean
mark_purges (Pull    *pull,
             GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT d.client_id FROM device_clients d "
                                          "LEFT JOIN client c ON c.id = d.client_id "
                                          "LEFT JOIN release_plan r ON r.id = d.client_id "
                                          "WHERE d.device_id = ?1 "
                                          "AND d.client_id != '" SESSIONS_ROW "' "
                                          "AND NOT COALESCE((%s), 0) ORDER BY d.client_id",
                                          scope_condition (pull));
  sqlite3_stmt *stmt = _tg_store_prepare (pull->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_scope (pull, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (pull->reply->purge, _tg_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (pull->store, error, "Could not find clients to purge");
      return FALSE;
    }

  stmt = _tg_store_prepare (pull->store,
                            "UPDATE device_clients SET purging = 1 "
                            "WHERE device_id = ? AND client_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < pull->reply->purge->len; i++)
    {
      sqlite3_bind_text (stmt, 1, pull->device->device_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, pull->reply->purge->pdata[i], -1, SQLITE_STATIC);
      if (!_tg_store_step_done (pull->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_entering (Pull    *pull,
              gint64   last_seq,
              GError **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO device_clients "
                                          "(device_id, client_id, since_seq) "
                                          "SELECT ?1, c.id, ?5 FROM client c "
                                          "LEFT JOIN release_plan r ON r.id = c.id WHERE (%s) "
                                          "AND NOT EXISTS (SELECT 1 FROM device_clients d "
                                          "WHERE d.device_id = ?1 AND d.client_id = c.id)",
                                          scope_condition (pull));
  sqlite3_stmt *stmt = _tg_store_prepare (pull->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_scope (pull, stmt);
  sqlite3_bind_int64 (stmt, 5, last_seq);
  if (!_tg_store_step_done (pull->store, stmt, error))
    return FALSE;
  if (pull->device->role == TG_SERVER_ROLE_MENTOR)
    return TRUE;

  stmt = _tg_store_prepare (pull->store,
                            "INSERT OR IGNORE INTO device_clients "
                            "(device_id, client_id, since_seq) "
                            "VALUES (?, '" SESSIONS_ROW "', ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pull->device->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, last_seq);
  return _tg_store_step_done (pull->store, stmt, error);
}

/* Reads the current value and version of one field into the reply. */
static gboolean
add_change (Pull        *pull,
            const char  *entity_name,
            const char  *record_id,
            const char  *field_name,
            GError     **error)
{
  const TgEntityDef *entity = tg_schema_lookup_entity (entity_name);
  const TgFieldDef *field = entity != NULL ? tg_schema_lookup_field (entity, field_name) : NULL;
  g_autofree char *sql = NULL;
  g_autofree char *value = NULL;
  TgVersion version = { 0, 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (field == NULL)
    return TRUE;
  sql = g_strdup_printf ("SELECT \"%s\", \"%s_hlc\", \"%s_node\" FROM \"%s\" WHERE id = ?",
                         field->name, field->name, field->name, entity->name);
  stmt = _tg_store_prepare (pull->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
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
      _tg_store_set_sql_error (pull->store, error, "Could not read a field to send");
      return FALSE;
    }
  if (rc == SQLITE_ROW && version.hlc != 0)
    g_ptr_array_add (pull->reply->changes, tg_change_new (field, record_id, value, &version));
  return TRUE;
}

typedef struct {
  char *client_id;
  gint64 since_seq;
  gint64 backfill_pos;
} Backfill;

static void
backfill_free (Backfill *backfill)
{
  g_free (backfill->client_id);
  g_free (backfill);
}

/* Runs a feed query whose first four columns are seq, entity, record_id
 * and field, adding a change per row, at most @room of them. Returns the
 * number of rows read (up to @room + 1, to tell whether there are more)
 * and the seq of the last row added. */
static gboolean
collect_rows (Pull          *pull,
              sqlite3_stmt  *stmt,
              guint          room,
              guint         *n_rows,
              gint64        *last_seq,
              GError       **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  int rc;

  *n_rows = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (*n_rows == room)
        {
          (*n_rows)++;
          break;
        }
      *last_seq = sqlite3_column_int64 (stmt, 0);
      for (int c = 1; c <= 3; c++)
        g_ptr_array_add (keys, _tg_store_column_text (stmt, c));
      (*n_rows)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _tg_store_set_sql_error (pull->store, error, "Could not read the feed");
      return FALSE;
    }
  /* Read after the feed statement is reset: add_change() prepares its own. */
  for (guint i = 0; i < keys->len; i += 3)
    if (!add_change (pull, keys->pdata[i], keys->pdata[i + 1], keys->pdata[i + 2], error))
      return FALSE;
  return TRUE;
}

/* Reads up to @count units still to backfill, oldest entry first, from
 * the @offset'th. */
static gboolean
read_pending (Pull       *pull,
              guint       offset,
              guint       count,
              GPtrArray  *pending,
              GError    **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (pull->store,
                                          "SELECT client_id, since_seq, backfill_pos "
                                          "FROM device_clients WHERE device_id = ? "
                                          "AND backfill_pos < since_seq AND purging = 0 "
                                          "ORDER BY since_seq, client_id LIMIT ? OFFSET ?",
                                          error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pull->device->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, count);
  sqlite3_bind_int64 (stmt, 3, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Backfill *item = g_new0 (Backfill, 1);

      item->client_id = _tg_store_column_text (stmt, 0);
      item->since_seq = sqlite3_column_int64 (stmt, 1);
      item->backfill_pos = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (pending, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (pull->store, error, "Could not read the device's clients");
      return FALSE;
    }
  return TRUE;
}

/* Sends one unit's backfill, as much as the reply has room for. */
static gboolean
backfill_unit (Pull      *pull,
               Backfill  *item,
               gboolean  *full,
               GError   **error)
{
  static const char sessions_sql[] =
    "SELECT seq, entity, record_id, field FROM feed WHERE team = ?1 AND client_id IS NULL "
    "AND entity = 'session' AND seq > ?2 AND seq <= ?3 AND node != ?4 ORDER BY seq LIMIT ?5";
  g_autofree char *rows_sql = g_strdup_printf ("SELECT seq, entity, record_id, field FROM feed "
                                               "WHERE client_id = ?1 AND seq > ?2 AND seq <= ?3 "
                                               "AND node != ?4%s ORDER BY seq LIMIT ?5",
                                               pull->class_filter);
  guint room = pull->limit - pull->reply->changes->len;
  gint64 last_seq = item->backfill_pos;
  gboolean sessions = g_str_equal (item->client_id, SESSIONS_ROW);
  sqlite3_stmt *stmt;
  guint n_rows;

  stmt = _tg_store_prepare (pull->store, sessions ? sessions_sql : rows_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sessions ? pull->device->team : item->client_id,
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, item->backfill_pos);
  sqlite3_bind_int64 (stmt, 3, item->since_seq);
  sqlite3_bind_int64 (stmt, 4, pull->device->node_id);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) room + 1);
  if (!collect_rows (pull, stmt, room, &n_rows, &last_seq, error))
    return FALSE;
  if (n_rows > room)
    *full = TRUE;
  else
    last_seq = item->since_seq;

  stmt = _tg_store_prepare (pull->store,
                            "UPDATE device_clients SET sent_pos = ? "
                            "WHERE device_id = ? AND client_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last_seq);
  sqlite3_bind_text (stmt, 2, pull->device->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, item->client_id, -1, SQLITE_STATIC);
  if (!_tg_store_step_done (pull->store, stmt, error))
    return FALSE;
  if (pull->reply->changes->len >= pull->limit)
    *full = TRUE;
  return TRUE;
}

/* Sends clients that entered the scope, oldest entry first. Returns
 * whether the reply is full. The units are read a batch at a time, as a
 * page holds a few dozen clients of a new device's thousands; sending
 * one changes only its sent_pos, so the order and the offsets hold. */
static gboolean
backfill (Pull      *pull,
          gboolean  *full,
          GError   **error)
{
  const guint batch = 64;
  guint offset = 0;

  *full = FALSE;
  while (!*full)
    {
      g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) backfill_free);

      if (!read_pending (pull, offset, batch, pending, error))
        return FALSE;
      for (guint i = 0; i < pending->len && !*full; i++)
        if (!backfill_unit (pull, pending->pdata[i], full, error))
          return FALSE;
      if (pending->len < batch)
        break;
      offset += batch;
    }
  return TRUE;
}

/* The lowest since_seq of the units the device holds: the feed before it
 * holds nothing the device lacks. -1 when it holds nothing; -2 on error. */
static gint64
oldest_unit (Pull    *pull,
             GError **error)
{
  sqlite3_stmt *stmt = _tg_store_prepare (pull->store,
                                          "SELECT MIN(since_seq) FROM device_clients "
                                          "WHERE device_id = ? AND purging = 0", error);
  gint64 oldest = -2;

  if (stmt == NULL)
    return -2;
  sqlite3_bind_text (stmt, 1, pull->device->device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    oldest = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 0);
  else
    _tg_store_set_sql_error (pull->store, error, "Could not read the device's clients");
  sqlite3_reset (stmt);
  return oldest;
}

/* Feed rows after @feed_pos for the clients (and, but for mentors, the
 * sessions) the device holds. Returns the new feed position. */
static gboolean
follow_feed (Pull     *pull,
             gint64    feed_pos,
             gint64    last_seq,
             gint64   *new_pos,
             GError  **error)
{
  guint room = pull->limit - pull->reply->changes->len;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 oldest = oldest_unit (pull, error);
  gint64 start;
  gint64 last_sent;
  guint n_rows;

  if (oldest == -2)
    return FALSE;
  if (oldest == -1)
    {
      *new_pos = MAX (feed_pos, last_seq);
      return TRUE;
    }
  start = MAX (feed_pos, oldest);
  last_sent = start;

  sql = g_strdup_printf ("SELECT f.seq, f.entity, f.record_id, f.field FROM feed f "
                         "WHERE f.seq > ?1 AND f.node != ?2%s AND ("
                         "EXISTS (SELECT 1 FROM device_clients d WHERE d.device_id = ?3 "
                         "AND d.client_id = f.client_id AND d.purging = 0 "
                         "AND d.since_seq < f.seq)%s) "
                         "ORDER BY f.seq LIMIT ?5",
                         pull->class_filter,
                         pull->device->role == TG_SERVER_ROLE_MENTOR ? "" :
                         " OR (f.client_id IS NULL AND f.entity = 'session' AND f.team = ?4 "
                         "AND EXISTS (SELECT 1 FROM device_clients d WHERE d.device_id = ?3 "
                         "AND d.client_id = '" SESSIONS_ROW "' AND d.since_seq < f.seq))");
  stmt = _tg_store_prepare (pull->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, pull->device->node_id);
  sqlite3_bind_text (stmt, 3, pull->device->device_id, -1, SQLITE_STATIC);
  if (pull->device->role != TG_SERVER_ROLE_MENTOR)
    sqlite3_bind_text (stmt, 4, pull->device->team, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) room + 1);
  if (!collect_rows (pull, stmt, room, &n_rows, &last_sent, error))
    return FALSE;

  if (n_rows > room)
    {
      pull->reply->more = TRUE;
      *new_pos = last_sent;
    }
  else
    *new_pos = MAX (feed_pos, last_seq);
  return TRUE;
}

/* Whether device_clients already stands for the scope as it is now: it
 * was worked out for this feed, day, team and role, and the reply that
 * carried its purges arrived. */
static gboolean
scope_settled (Pull     *pull,
               gboolean  arrived,
               gint64    last_seq,
               gboolean *settled,
               GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *settled = FALSE;
  if (!arrived || pull->device->team == NULL)
    return TRUE;
  stmt = _tg_store_prepare (pull->store,
                            "SELECT 1 FROM device_scope WHERE device_id = ? AND team = ? "
                            "AND role = ? AND day = ? AND feed_seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pull->device->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pull->device->team, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, pull->device->role);
  sqlite3_bind_text (stmt, 4, pull->from, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, last_seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tg_store_set_sql_error (pull->store, error, "Could not read the device's scope");
      return FALSE;
    }
  *settled = rc == SQLITE_ROW;
  return TRUE;
}

/* Works out which clients left and entered the device's scope, and notes
 * what it was worked out for. */
static gboolean
settle_scope (Pull     *pull,
              gint64    last_seq,
              GError  **error)
{
  sqlite3_stmt *stmt;

  if (!mark_purges (pull, error) || !add_entering (pull, last_seq, error))
    return FALSE;
  if (pull->device->team == NULL)
    return TRUE;
  stmt = _tg_store_prepare (pull->store,
                            "INSERT OR REPLACE INTO device_scope (device_id, team, role, day, feed_seq) "
                            "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pull->device->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pull->device->team, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, pull->device->role);
  sqlite3_bind_text (stmt, 4, pull->from, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, last_seq);
  return _tg_store_step_done (pull->store, stmt, error);
}

gboolean
_tg_server_scope_pull (TgStore              *store,
                       const TgServerDevice *device,
                       gint64                cursor,
                       guint                 limit,
                       const GDate          *today,
                       TgSyncReply          *reply,
                       GError              **error)
{
  Pull pull = { store, device, reply, MAX (limit, 1), "", "", "" };
  gint64 feed_pos = 0, new_pos, last_seq, sync_point;
  gboolean full, arrived, settled;
  sqlite3_stmt *stmt;

  mentor_window (today, pull.from, pull.to);
  if (device->role == TG_SERVER_ROLE_MENTOR)
    pull.class_filter = " AND class IN ('identity', 'release')";

  last_seq = _tg_server_feed_last_seq (store, error);
  if (last_seq < 0 ||
      !settle_cursor (&pull, cursor, &feed_pos, &arrived, error) ||
      !scope_settled (&pull, arrived, last_seq, &settled, error) ||
      (!settled && !settle_scope (&pull, last_seq, error)) ||
      !backfill (&pull, &full, error))
    return FALSE;

  if (full)
    {
      reply->more = TRUE;
      new_pos = feed_pos;
    }
  else if (!follow_feed (&pull, feed_pos, last_seq, &new_pos, error))
    return FALSE;

  sync_point = _tg_server_feed_next_seq (store, error);
  if (sync_point < 0)
    return FALSE;
  stmt = _tg_store_prepare (store,
                            "INSERT OR REPLACE INTO device_sync (device_id, acked_cursor, "
                            "acked_feed_pos, pending_cursor, pending_feed_pos) "
                            "VALUES (?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, cursor);
  sqlite3_bind_int64 (stmt, 3, feed_pos);
  sqlite3_bind_int64 (stmt, 4, sync_point);
  sqlite3_bind_int64 (stmt, 5, new_pos);
  if (!_tg_store_step_done (store, stmt, error))
    return FALSE;
  reply->cursor = sync_point;
  return TRUE;
}
