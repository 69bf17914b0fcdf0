/* tg-serverfill.c: fills a server's store for row 4 of bench/run.
 *
 *   tg-serverfill SRC_DIR SRC_KEYFILE SERVER_DIR SERVER_KEYFILE [DOCS_JSONL]
 *
 * Reads every set field of every record of a device store (the seeded
 * dataset tg-bench gen makes) with its version, and writes them into a new
 * server store through the server's own push path: the store's merge loop
 * with the server's hook (history), then the feed with each record's
 * owner, 5,000 changes to a transaction. It skips what only a device's
 * sync adds around that (the node and scope checks, the pull): syncing
 * 2 million fields up through one device would take the harness far
 * longer and measure nothing of row 4. With DOCS_JSONL, also writes every
 * record as one JSON document a line ("_id" "entity:id", its set fields as
 * members) for the PouchDB peer (bench/pouch-first.js). Prints "name
 * value" lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tg-server-private.h"
#include "tg-store-sync.h"

#define BATCH 5000

static FILE *docs;   /* DOCS_JSONL, or NULL */

static void
die (const char *what, GError *error)
{
  g_printerr ("tg-serverfill: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
push_batch (TgStore        *server,
            TgServerDevice *loader,
            GPtrArray      *changes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = _tg_server_now_text ();
  g_autoptr(TgServerPush) push = _tg_server_push_new (loader, now);
  TgApplyStats stats = { 0, };

  if (!_tg_store_begin (server, &error) ||
      !_tg_store_apply_in_transaction (server, changes, FALSE, _tg_server_push_hook_cb,
                                       push, &stats, &error) ||
      !_tg_server_push_finish (server, push, &error) ||
      !_tg_store_commit (server, &error))
    die ("push", error);
  g_ptr_array_set_size (changes, 0);
}

/* Every set field of @entity's records, BATCH at a time. */
static guint64
copy_entity (TgStore           *source,
             TgStore           *server,
             TgServerDevice    *loader,
             const TgEntityDef *entity,
             GPtrArray         *changes)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint64 n = 0;
  int rc;

  for (guint f = 0; f < entity->n_fields; f++)
    g_string_append_printf (sql, ", \"%s\", \"%s_hlc\", \"%s_node\"", entity->fields[f].name,
                            entity->fields[f].name, entity->fields[f].name);
  g_string_append_printf (sql, " FROM \"%s\"", entity->name);
  stmt = _tg_store_prepare (source, sql->str, &error);
  if (stmt == NULL)
    die ("read", error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(JsonBuilder) doc = json_builder_new ();
      g_autofree char *doc_id = g_strconcat (entity->name, ":", id, NULL);

      json_builder_begin_object (doc);
      json_builder_set_member_name (doc, "_id");
      json_builder_add_string_value (doc, doc_id);
      json_builder_set_member_name (doc, "entity");
      json_builder_add_string_value (doc, entity->name);
      for (guint f = 0; f < entity->n_fields; f++)
        {
          TgVersion version;
          g_autofree char *value = _tg_store_column_text (stmt, 1 + 3 * (int) f);

          version.hlc = (guint64) sqlite3_column_int64 (stmt, 2 + 3 * (int) f);
          version.node_id = sqlite3_column_int64 (stmt, 3 + 3 * (int) f);
          if (version.hlc == 0)
            continue;
          g_ptr_array_add (changes, tg_change_new (&entity->fields[f], id, value, &version));
          json_builder_set_member_name (doc, entity->fields[f].name);
          json_builder_add_string_value (doc, value);
          n++;
        }
      json_builder_end_object (doc);
      if (docs != NULL)
        {
          g_autoptr(JsonNode) root = json_builder_get_root (doc);
          g_autofree char *line = json_to_string (root, FALSE);

          fprintf (docs, "%s\n", line);
        }
      if (changes->len >= BATCH)
        push_batch (server, loader, changes);
    }
  if (rc != SQLITE_DONE)
    die ("read", NULL);
  sqlite3_reset (stmt);
  if (changes->len > 0)
    push_batch (server, loader, changes);
  return n;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) source = NULL;
  g_autoptr(TgStore) server = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  TgServerDevice loader = { (char *) "bench-loader", 1, TG_SERVER_ROLE_LEAD, (char *) "",
                            (char *) "bench", (char *) "bench", NULL, NULL, NULL };
  const TgEntityDef * const *entities;
  guint n_entities;
  guint64 n = 0;
  gint64 t0;

  if (argc < 5)
    {
      g_printerr ("usage: tg-serverfill SRC_DIR SRC_KEYFILE SERVER_DIR SERVER_KEYFILE [DOCS_JSONL]\n");
      return 2;
    }
  source = tg_store_open_with_key_file (argv[1], argv[2], &error);
  if (source == NULL)
    die ("open the dataset", error);
  g_mkdir_with_parents (argv[3], 0700);
  server = tg_store_open_with_key_file (argv[3], argv[4], &error);
  if (server == NULL || !_tg_server_db_init (server, &error))
    die ("open the server's store", error);

  if (argc > 5 && (docs = fopen (argv[5], "w")) == NULL)
    die ("write the documents", NULL);
  t0 = g_get_monotonic_time ();
  entities = tg_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    n += copy_entity (source, server, &loader, entities[e], changes);
  if (docs != NULL && fclose (docs) != 0)
    die ("write the documents", NULL);
  printf ("serverfill_fields %" G_GUINT64_FORMAT "\n", n);
  printf ("serverfill_seconds %.1f\n", (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}
