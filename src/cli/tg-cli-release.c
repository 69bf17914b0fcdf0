/* tg-cli-release.c: release set and get (release check is in
 * tg-cli-rules.c). A client has at most one release plan, found by its
 * client_id and created by the store on its first write. */
#include "tg-cli-private.h"
#include "tg-cli-output.h"
#include "tg-cli-rules.h"

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
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) record = NULL;
  const char *client_id;

  args = _tg_cli_args_parse_pairs (cli, "release set", "CLIENT_ID", "release_plan",
                                   argc, argv, fields, values, error);
  if (args == NULL)
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

  store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", NULL, error);
  if (store == NULL)
    return FALSE;

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
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) plan = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *client_id;

  store = _tg_cli_open_store_for_id (cli, "release get", argc, argv,
                                     "client", "CLIENT_ID", &client_id, error);
  if (store == NULL)
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
  static const TgCliSubcommand subcommands[] = {
    { "set", release_set },
    { "get", release_get },
    { "check", _tg_cli_release_check },
  };

  return _tg_cli_run_subcommand (cli, "release", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
