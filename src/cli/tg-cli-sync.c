/* tg-cli-sync.c: enroll, sync, conflicts and resolve.
 *
 * The engine runs its work in a thread and answers on the main context;
 * the CLI waits for it there, and a Ctrl-C (SIGINT) or SIGTERM cancels
 * the operation cleanly instead of killing it mid-write (a kill is safe
 * too, only less tidy: see tg-sync-engine.h).
 */
#include "tg-cli-sync.h"
#include "tg-cli-output.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tg-store-sync.h"
#include "tg-sync-engine.h"
#include "tg-sync-error.h"
#include "tg-sync-transport.h"
#include "tg-wire.h"

static void
print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  _tg_cli_print_json (root);
}

static void
operation_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
cancel_on_signal_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @result is set, cancelling
 * @cancellable on SIGINT or SIGTERM. */
static void
wait_for (GAsyncResult **result,
          GCancellable  *cancellable)
{
  guint sigint = g_unix_signal_add (SIGINT, cancel_on_signal_cb, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, cancel_on_signal_cb, cancellable);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}

/* enroll URL CODE --server-key-sha256 B64 [--ca-file F] [--name NAME] */
gboolean
_tg_cli_enroll (TgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  static const TgCliOption options[] = {
    { "server-key-sha256", TRUE },
    { "ca-file", TRUE },
    { "name", TRUE },
    { NULL }
  };
  static const char * const positional[] = { "URL", "CODE", NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgSyncTransport) checked = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgSyncEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TgSyncEnrollment) enrollment = NULL;
  const char *url;
  const char *code;
  const char *pin;

  args = _tg_cli_args_parse (cli, "enroll", argc, argv, options, FALSE, error);
  if (args == NULL || !_tg_cli_args_expect (args, "enroll", positional, FALSE, error))
    return FALSE;
  url = g_ptr_array_index (args->positional, 0);
  code = g_ptr_array_index (args->positional, 1);
  pin = _tg_cli_args_get (args, "server-key-sha256");
  if (pin == NULL || pin[0] == '\0')
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "enroll: --server-key-sha256 is required (the pin "
                           "handed over with the enrolment code)");
      return FALSE;
    }

  /* The URL and the pin are checked before the PIN is asked for: an
   * http:// URL is refused here, and nothing is ever sent to it. */
  checked = tg_sync_transport_new (url, pin, NULL, error);
  if (checked == NULL)
    return FALSE;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;

  engine = tg_sync_engine_new (store);
  tg_sync_engine_enroll_async (engine, url, code, pin,
                               _tg_cli_args_get (args, "ca-file"),
                               _tg_cli_args_get (args, "name"),
                               cancellable, operation_done_cb, &result);
  wait_for (&result, cancellable);
  enrollment = tg_sync_engine_enroll_finish (engine, result, error);
  if (enrollment == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "device_id");
      json_builder_add_string_value (builder, enrollment->device_id);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, enrollment->role);
      json_builder_set_member_name (builder, "team");
      json_builder_add_string_value (builder, enrollment->team);
      if (enrollment->name != NULL)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, enrollment->name);
        }
      json_builder_set_member_name (builder, "server_url");
      json_builder_add_string_value (builder, enrollment->server_url);
      json_builder_end_object (builder);
      print_builder (builder);
    }
  else
    fprintf (stdout, "Enrolled as device %s (%s, %s) with %s.\n",
             enrollment->device_id, enrollment->role,
             enrollment->team != NULL ? enrollment->team : "no team",
             enrollment->server_url);
  return TRUE;
}

static void
print_sync_result (TgCli              *cli,
                   const TgSyncResult *result)
{
  if (result->clock_warning)
    fprintf (stderr, "throughgate-cli: warning: this device's clock is %s the "
             "server's by about %" G_GINT64_FORMAT " minutes; set the date and "
             "time of the device%s\n",
             result->server_offset_ms > 0 ? "behind" : "ahead of",
             ABS (result->server_offset_ms) / 60000,
             result->clock_restamped ? " (its unsent changes were stamped again "
             "from the server's clock and sent)" : "");
  if (result->more)
    fprintf (stderr, "throughgate-cli: warning: there is more to sync; run "
             "sync again\n");

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pushed");
      json_builder_add_int_value (builder, result->pushed);
      json_builder_set_member_name (builder, "pulled");
      json_builder_add_int_value (builder, result->pulled);
      json_builder_set_member_name (builder, "applied");
      json_builder_add_int_value (builder, result->applied);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_int_value (builder, result->conflicts);
      json_builder_set_member_name (builder, "purged");
      json_builder_add_int_value (builder, result->purged);
      json_builder_set_member_name (builder, "round_trips");
      json_builder_add_int_value (builder, result->rounds);
      json_builder_set_member_name (builder, "more");
      json_builder_add_boolean_value (builder, result->more);
      json_builder_set_member_name (builder, "clock_warning");
      json_builder_add_boolean_value (builder, result->clock_warning);
      json_builder_set_member_name (builder, "clock_restamped");
      json_builder_add_boolean_value (builder, result->clock_restamped);
      json_builder_set_member_name (builder, "server_offset_ms");
      json_builder_add_int_value (builder, result->server_offset_ms);
      json_builder_end_object (builder);
      print_builder (builder);
      return;
    }

  fprintf (stdout, "Pushed %u, pulled %u, conflicts %u.\n",
           result->pushed, result->pulled, result->conflicts);
  if (result->purged > 0)
    fprintf (stdout, "Removed %u client%s that left this device's scope.\n",
             result->purged, result->purged == 1 ? "" : "s");
  if (result->conflicts > 0)
    fprintf (stdout, "Review the conflicts with throughgate-cli conflicts.\n");
}

gboolean
_tg_cli_sync (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  static const char * const no_positional[] = { NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgSyncEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TgSyncResult) outcome = NULL;

  args = _tg_cli_args_parse (cli, "sync", argc, argv, NULL, FALSE, error);
  if (args == NULL || !_tg_cli_args_expect (args, "sync", no_positional, FALSE, error))
    return FALSE;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;

  engine = tg_sync_engine_new (store);
  tg_sync_engine_sync_async (engine, cancellable, operation_done_cb, &result);
  wait_for (&result, cancellable);
  outcome = tg_sync_engine_sync_finish (engine, result, error);
  if (outcome == NULL)
    {
      g_prefix_error (error, "sync: ");
      return FALSE;
    }

  print_sync_result (cli, outcome);
  return TRUE;
}

static void
add_side (JsonBuilder    *builder,
          const char     *name,
          const TgChange *change)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  if (change->value != NULL)
    json_builder_add_string_value (builder, change->value);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_int_value (builder, (gint64) change->version.hlc);
  json_builder_set_member_name (builder, "node");
  json_builder_add_int_value (builder, change->version.node_id);
  json_builder_end_object (builder);
}

static void
add_conflict (JsonBuilder      *builder,
              const TgConflict *conflict)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, conflict->id);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, conflict->mine->entity->name);
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_string_value (builder, conflict->mine->record_id);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, conflict->mine->field->name);
  add_side (builder, "mine", conflict->mine);
  add_side (builder, "theirs", conflict->theirs);
  json_builder_set_member_name (builder, "detected_at");
  json_builder_add_string_value (builder, conflict->detected_at);
  if (conflict->resolution != NULL)
    {
      json_builder_set_member_name (builder, "resolution");
      json_builder_add_string_value (builder, conflict->resolution);
    }
  json_builder_end_object (builder);
}

static void
print_conflicts (TgCli     *cli,
                 GPtrArray *conflicts,
                 gboolean   with_resolution)
{
  g_autoptr(TgCliTable) table = NULL;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < conflicts->len; i++)
        add_conflict (builder, conflicts->pdata[i]);
      json_builder_end_array (builder);
      print_builder (builder);
      return;
    }

  if (conflicts->len == 0)
    {
      fprintf (stdout, "No %sconflicts.\n", with_resolution ? "" : "open ");
      return;
    }

  if (with_resolution)
    table = _tg_cli_table_new ("ID", "ENTITY", "RECORD", "FIELD", "MINE", "THEIRS",
                               "DETECTED", "RESOLUTION", NULL);
  else
    table = _tg_cli_table_new ("ID", "ENTITY", "RECORD", "FIELD", "MINE", "THEIRS",
                               "DETECTED", NULL);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const TgConflict *conflict = conflicts->pdata[i];
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, conflict->id);

      _tg_cli_table_add (table, id, conflict->mine->entity->name,
                         conflict->mine->record_id, conflict->mine->field->name,
                         conflict->mine->value, conflict->theirs->value,
                         conflict->detected_at,
                         with_resolution ? conflict->resolution : NULL);
    }
  _tg_cli_table_print (table);
}

/* conflicts [--all] */
gboolean
_tg_cli_conflicts (TgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  static const TgCliOption options[] = {
    { "all", FALSE },
    { NULL }
  };
  static const char * const no_positional[] = { NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  gboolean all;

  args = _tg_cli_args_parse (cli, "conflicts", argc, argv, options, FALSE, error);
  if (args == NULL || !_tg_cli_args_expect (args, "conflicts", no_positional, FALSE, error))
    return FALSE;
  all = _tg_cli_args_has (args, "all");

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  conflicts = tg_store_list_conflicts (store, all, error);
  if (conflicts == NULL)
    return FALSE;

  print_conflicts (cli, conflicts, all);
  return TRUE;
}

/* resolve CONFLICT_ID --keep-mine|--accept-theirs */
gboolean
_tg_cli_resolve (TgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  static const TgCliOption options[] = {
    { "keep-mine", FALSE },
    { "accept-theirs", FALSE },
    { NULL }
  };
  static const char * const positional[] = { "CONFLICT_ID", NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  gboolean keep_mine;
  const char *id_text;
  guint64 id = 0;

  args = _tg_cli_args_parse (cli, "resolve", argc, argv, options, FALSE, error);
  if (args == NULL || !_tg_cli_args_expect (args, "resolve", positional, FALSE, error))
    return FALSE;

  keep_mine = _tg_cli_args_has (args, "keep-mine");
  if (keep_mine == _tg_cli_args_has (args, "accept-theirs"))
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "resolve: give exactly one of --keep-mine and --accept-theirs");
      return FALSE;
    }
  id_text = g_ptr_array_index (args->positional, 0);
  if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "CONFLICT_ID: “%s” is not a conflict id (a number from "
                   "throughgate-cli conflicts)", id_text);
      return FALSE;
    }

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  if (!tg_store_resolve_conflict (store, (gint64) id,
                                  keep_mine ? TG_CONFLICT_KEEP_MINE : TG_CONFLICT_ACCEPT_THEIRS,
                                  error))
    {
      if (error != NULL && g_error_matches (*error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD))
        {
          g_clear_error (error);
          g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD,
                       "CONFLICT_ID: there is no open conflict %s", id_text);
        }
      return FALSE;
    }

  if (cli->json)
    {
      conflicts = tg_store_list_conflicts (store, TRUE, error);
      if (conflicts == NULL)
        return FALSE;
      for (guint i = 0; i < conflicts->len; i++)
        if (((TgConflict *) conflicts->pdata[i])->id == (gint64) id)
          {
            g_autoptr(JsonBuilder) builder = json_builder_new ();

            add_conflict (builder, conflicts->pdata[i]);
            print_builder (builder);
          }
    }
  return TRUE;
}
