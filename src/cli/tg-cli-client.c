/* tg-cli-client.c: client add, set, get and list. */
#include "tg-cli-private.h"
#include "tg-cli-output.h"

#include <string.h>

/* Short options for the fields typed on every add; any other client field
 * is its own --field-name option. */
static const struct {
  const char *option;
  const char *field;
} aliases[] = {
  { "given", "given_name" },
  { "family", "family_name" },
  { "dob", "date_of_birth" },
};

static const char *
resolve_alias (const char *option)
{
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (aliases[i].option, option) == 0)
      return aliases[i].field;
  return option;
}

static int
field_index (GPtrArray  *fields,
             const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    if (strcmp (g_ptr_array_index (fields, i), name) == 0)
      return i;
  return -1;
}

static gboolean
has_value (GPtrArray  *fields,
           GPtrArray  *values,
           const char *name)
{
  int i = field_index (fields, name);

  return i >= 0 && g_ptr_array_index (values, i) != NULL;
}

static gboolean
client_add (TgCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  static const char * const no_positional[] = { NULL };
  const TgEntityDef *entity = tg_schema_lookup_entity ("client");
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;

  args = _tg_cli_args_parse (cli, "client add", argc, argv, NULL, TRUE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, "client add", no_positional, FALSE, error))
    return FALSE;

  for (guint i = 0; i < args->names->len; i++)
    {
      const char *option = g_ptr_array_index (args->names, i);
      const char *value = g_ptr_array_index (args->values, i);
      const TgFieldDef *field;

      field = _tg_cli_lookup_field (entity, resolve_alias (option), error);
      if (field == NULL)
        return FALSE;
      if (field_index (fields, field->name) >= 0)
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                       "client add: %s is given more than once", field->name);
          return FALSE;
        }
      g_ptr_array_add (fields, (gpointer) field->name);
      g_ptr_array_add (values, value[0] == '\0' ? NULL : (gpointer) value);
    }

  /* A person is found by name, so a record without one would be lost in
   * the caseload. */
  if (!has_value (fields, values, "given_name"))
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "client add: --given is required");
      return FALSE;
    }
  if (!has_value (fields, values, "family_name"))
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "client add: --family is required");
      return FALSE;
    }

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;

  return _tg_cli_insert_record (cli, store, "client", fields, values, error);
}

static gboolean
client_set (TgCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  return _tg_cli_set_record (cli, "client set", "client", "ID", NULL,
                             argc, argv, error);
}

static gboolean
client_get (TgCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  static const TgCliOption options[] = {
    { "versions", FALSE },
    { NULL }
  };
  static const char * const positional[] = { "ID", NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) record = NULL;

  args = _tg_cli_args_parse_exact (cli, "client get", argc, argv, options,
                                   positional, error);
  if (args == NULL)
    return FALSE;

  store = _tg_cli_open_store_at (cli, "client",
                                 g_ptr_array_index (args->positional, 0),
                                 "ID", &record, error);
  if (store == NULL)
    return FALSE;

  _tg_cli_print_record (cli->json, record, _tg_cli_args_has (args, "versions"));
  return TRUE;
}

static gboolean
client_list (TgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  static const TgCliOption options[] = {
    { "search", TRUE },
    { NULL }
  };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(TgCliTable) table = NULL;

  args = _tg_cli_args_parse_exact (cli, "client list", argc, argv, options,
                                   NULL, error);
  if (args == NULL)
    return FALSE;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;

  clients = tg_store_search_clients (store, _tg_cli_args_get (args, "search"),
                                     0, error);
  if (clients == NULL)
    return FALSE;

  if (cli->json)
    {
      _tg_cli_print_records_json (clients);
      return TRUE;
    }

  table = _tg_cli_table_new ("ID", "FAMILY NAME", "GIVEN NAME", "PRISON NO",
                             "BORN", "CUSTODY", NULL);
  for (guint i = 0; i < clients->len; i++)
    {
      const TgRecord *client = g_ptr_array_index (clients, i);

      _tg_cli_table_add (table, client->id,
                         tg_record_get (client, "family_name"),
                         tg_record_get (client, "given_name"),
                         tg_record_get (client, "prison_number"),
                         tg_record_get (client, "date_of_birth"),
                         tg_record_get (client, "custody_status"));
    }
  _tg_cli_table_print (table);
  return TRUE;
}

gboolean
_tg_cli_client (TgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "add", client_add },
    { "set", client_set },
    { "get", client_get },
    { "list", client_list },
  };

  return _tg_cli_run_subcommand (cli, "client", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
