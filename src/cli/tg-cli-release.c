/* tg-cli-release.c: release set and get. A client has at most one release
 * plan, found by its client_id and created by the store on its first
 * write. */
#include "tg-cli-private.h"
#include "tg-cli-output.h"

#include <stdio.h>
#include <string.h>

static TgRecord *
find_plan (TgStore     *store,
           const char  *client_id,
           GError     **error)
{
  g_autoptr(GPtrArray) plans = NULL;

  plans = tg_store_list (store, "release_plan", "client_id", client_id,
                         FALSE, error);
  if (plans == NULL || plans->len == 0)
    return NULL;
  return g_ptr_array_steal_index (plans, 0);
}

static gboolean
release_set (TgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  static const char * const positional[] = { "CLIENT_ID", "FIELD", NULL };
  const TgEntityDef *entity = tg_schema_lookup_entity ("release_plan");
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) record = NULL;
  const char *client_id;

  args = _tg_cli_args_parse (cli, "release set", argc, argv, NULL, FALSE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, "release set", positional, TRUE, error)
      || !_tg_cli_collect_pairs ("release set", entity, args->positional, 1,
                                 fields, values, error))
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);

  /* The plan belongs to the client named by CLIENT_ID; moving it to
   * another client would leave this one without a plan. */
  for (guint i = 0; i < fields->len; i++)
    if (strcmp (g_ptr_array_index (fields, i), "client_id") == 0)
      {
        g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                             "client_id: a release plan stays with its client; "
                             "name the client as CLIENT_ID");
        return FALSE;
      }

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;

  record = _tg_cli_require_record (store, "client", client_id, "CLIENT_ID", error);
  if (record == NULL)
    return FALSE;
  g_clear_pointer (&record, tg_record_free);

  if (!tg_store_set_release (store, client_id,
                             (const char * const *) fields->pdata,
                             (const char * const *) values->pdata,
                             fields->len, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(GError) local_error = NULL;

      record = find_plan (store, client_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (record == NULL)
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                       "CLIENT_ID: the store kept no release plan for %s",
                       client_id);
          return FALSE;
        }
      _tg_cli_print_record (TRUE, record, FALSE);
    }
  return TRUE;
}

static gboolean
release_get (TgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  static const char * const positional[] = { "CLIENT_ID", NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) client = NULL;
  g_autoptr(TgRecord) plan = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *client_id;

  args = _tg_cli_args_parse (cli, "release get", argc, argv, NULL, FALSE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, "release get", positional, FALSE, error))
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;

  client = _tg_cli_require_record (store, "client", client_id, "CLIENT_ID", error);
  if (client == NULL)
    return FALSE;

  plan = find_plan (store, client_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (plan != NULL)
    _tg_cli_print_record (cli->json, plan, FALSE);
  else if (cli->json)
    {
      g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);

      _tg_cli_print_json (null_node);
    }
  else
    fprintf (stdout, "No release plan for client %s yet.\n", client_id);
  return TRUE;
}

gboolean
_tg_cli_release (TgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  const char *sub = argc > 0 ? argv[0] : NULL;

  if (g_strcmp0 (sub, "set") == 0)
    return release_set (cli, argc - 1, argv + 1, error);
  if (g_strcmp0 (sub, "get") == 0)
    return release_get (cli, argc - 1, argv + 1, error);

  if (sub == NULL)
    g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                         "release: missing subcommand (set or get)");
  else
    g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                 "release: unknown subcommand “%s” (set or get)", sub);
  return FALSE;
}
