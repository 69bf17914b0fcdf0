/* tg-cli-appointment.c: appointment add and list. Appointments after
 * release (probation, treatment, jobcentre, pharmacy...) are what a gate
 * mentor drives people to; they are release-class, so a mentor's device
 * holds them. */
#include "tg-cli-fields.h"
#include "tg-cli-output.h"

#include <string.h>

static gboolean
appointment_add (TgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  static const char * const positional[] = { "CLIENT_ID", NULL };
  static const char * const fixed[] = { "client_id", NULL };
  static const TgCliAlias aliases[] = { { "with", "with_whom" }, { NULL } };
  const char *command = "appointment add";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  const char *client_id;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, TRUE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, positional, FALSE, error)
      || !_tg_cli_options_to_fields (command, "appointment", args, aliases, fixed,
                                     fields, values, error)
      || !_tg_cli_field_require (command, fields, values, "kind", error)
      || !_tg_cli_field_require (command, fields, values, "at", error))
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);

  store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", NULL, error);
  if (store == NULL)
    return FALSE;
  _tg_cli_field_put (fields, values, "client_id", client_id);
  return _tg_cli_insert_record (cli, store, "appointment", fields, values, error);
}

static int
compare_at (gconstpointer a,
            gconstpointer b)
{
  const TgRecord *left = *(const TgRecord * const *) a;
  const TgRecord *right = *(const TgRecord * const *) b;
  int order = g_strcmp0 (tg_record_get (left, "at"), tg_record_get (right, "at"));

  return order != 0 ? order : strcmp (left->id, right->id);
}

static gboolean
appointment_list (TgCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(TgCliTable) table = NULL;
  const char *client_id;

  store = _tg_cli_open_store_for_id (cli, "appointment list", argc, argv,
                                     "client", "CLIENT_ID", &client_id, error);
  if (store == NULL)
    return FALSE;
  appointments = tg_store_list (store, "appointment", "client_id", client_id, FALSE, error);
  if (appointments == NULL)
    return FALSE;
  g_ptr_array_sort (appointments, compare_at);

  if (cli->json)
    {
      _tg_cli_print_records_json (appointments);
      return TRUE;
    }
  table = _tg_cli_table_new ("ID", "AT", "KIND", "PLACE", "WITH", NULL);
  for (guint i = 0; i < appointments->len; i++)
    {
      const TgRecord *appointment = g_ptr_array_index (appointments, i);

      _tg_cli_table_add (table, appointment->id, tg_record_get (appointment, "at"),
                         tg_record_get (appointment, "kind"),
                         tg_record_get (appointment, "place"),
                         tg_record_get (appointment, "with_whom"));
    }
  _tg_cli_table_print (table);
  return TRUE;
}

gboolean
_tg_cli_appointment (TgCli   *cli,
                     int      argc,
                     char   **argv,
                     GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "add", appointment_add },
    { "list", appointment_list },
  };

  return _tg_cli_run_subcommand (cli, "appointment", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
