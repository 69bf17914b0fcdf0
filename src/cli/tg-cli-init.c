/* tg-cli-init.c: creating the store (init) and opening it for every other
 * command. */
#include "tg-cli-private.h"
#include "tg-cli-output.h"

#include <stdio.h>
#include <string.h>

/* The worker's name as the system knows it; GLib answers "Unknown" when
 * the account has no real name. */
static const char *
default_worker (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || name[0] == '\0' || strcmp (name, "Unknown") == 0)
    name = g_get_user_name ();
  return name;
}

static void
print_created (TgCli   *cli,
               TgStore *store)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!cli->json)
    {
      fprintf (stdout, "Created store %s in %s for %s.\n",
               tg_store_get_id (store), tg_store_get_data_dir (store),
               tg_store_get_worker (store));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "store_id");
  json_builder_add_string_value (builder, tg_store_get_id (store));
  json_builder_set_member_name (builder, "node_id");
  json_builder_add_int_value (builder, tg_store_get_node_id (store));
  json_builder_set_member_name (builder, "worker");
  json_builder_add_string_value (builder, tg_store_get_worker (store));
  json_builder_set_member_name (builder, "data_dir");
  json_builder_add_string_value (builder, tg_store_get_data_dir (store));
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, tg_store_get_schema_version (store));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  _tg_cli_print_json (root);
}

gboolean
_tg_cli_init (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  static const TgCliOption options[] = {
    { "worker", TRUE },
    { NULL }
  };
  static const char * const no_positional[] = { NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgCliPin) pin = NULL;
  g_autoptr(TgStore) store = NULL;
  const char *worker;

  args = _tg_cli_args_parse (cli, "init", argc, argv, options, FALSE, error);
  if (args == NULL || !_tg_cli_args_expect (args, "init", no_positional, FALSE, error))
    return FALSE;

  worker = _tg_cli_args_get (args, "worker");
  if (worker == NULL)
    worker = default_worker ();

  /* Checked before asking for a PIN the worker would type for nothing. */
  if (tg_store_exists (cli->data_dir))
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_EXISTS,
                   "--data-dir: %s already holds a store", cli->data_dir);
      return FALSE;
    }

  pin = _tg_cli_read_pin (cli, TRUE, error);
  if (pin == NULL)
    return FALSE;

  store = tg_store_create (cli->data_dir, pin, worker, error);
  if (store == NULL)
    return FALSE;

  print_created (cli, store);
  return TRUE;
}

TgStore *
_tg_cli_open_store (TgCli   *cli,
                    GError **error)
{
  g_autoptr(TgCliPin) pin = NULL;
  TgStore *store;

  if (!tg_store_exists (cli->data_dir))
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND,
                   "--data-dir: no store in %s; create one with "
                   "throughgate-cli init", cli->data_dir);
      return NULL;
    }

  pin = _tg_cli_read_pin (cli, FALSE, error);
  if (pin == NULL)
    return NULL;

  store = tg_store_open (cli->data_dir, pin, error);
  if (store == NULL
      && error != NULL
      && g_error_matches (*error, TG_STORE_ERROR, TG_STORE_ERROR_WRONG_PIN))
    g_prefix_error (error, "%s: ", cli->pin_file != NULL ? "--pin-file" : "PIN");
  return store;
}
