/* tg-cli-top.c: top add and list, Treatment Outcomes Profile records
 * (docs/field-workflows.md §4). Every field of the four sections is its
 * own option (--alcohol-days 4 --alcohol-units 12.5 ...); the schema
 * bounds each one and tg_top_validate() checks the answers agree, so an
 * incomplete or inconsistent form is refused, naming the field. */
#include "tg-cli-fields.h"
#include "tg-cli-output.h"

#include <stdio.h>
#include <string.h>

#include "tg-error.h"
#include "tg-top-rules.h"

static gboolean
top_add (TgCli   *cli,
         int      argc,
         char   **argv,
         GError **error)
{
  static const char * const positional[] = { "CLIENT_ID", NULL };
  static const char * const fixed[] = { "client_id", NULL };
  const char *command = "top add";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tops = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) top = NULL;
  g_autofree char *id = NULL;
  const char *client_id;
  GDate today;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, TRUE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, positional, FALSE, error)
      || !_tg_cli_options_to_fields (command, "top_record", args, NULL, fixed,
                                     fields, values, error)
      || !_tg_cli_field_require (command, fields, values, "stage", error)
      || !_tg_cli_field_require (command, fields, values, "completed_on", error))
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);

  top = _tg_cli_record_from_fields ("top_record", fields, values, error);
  if (top == NULL)
    return FALSE;
  _tg_cli_today (&today);
  problems = tg_top_validate (top, &today);
  if (problems->len > 0)
    {
      const TgRuleProblem *first = g_ptr_array_index (problems, 0);

      g_set_error_literal (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_REQUIRED,
                           first->message);
      return FALSE;
    }

  store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", NULL, error);
  if (store == NULL)
    return FALSE;

  _tg_cli_field_put (fields, values, "client_id", client_id);
  id = tg_store_insert (store, "top_record", (const char * const *) fields->pdata,
                        (const char * const *) values->pdata, fields->len, error);
  if (id == NULL)
    return FALSE;

  /* The order of stages is worth a warning, not a refusal: the start may
   * have been done by another service before the person came here. */
  tops = tg_store_list (store, "top_record", "client_id", client_id, FALSE, NULL);
  if (tops != NULL)
    {
      order = tg_top_check_sequence (tops);
      for (guint i = 0; i < order->len; i++)
        fprintf (stderr, "throughgate-cli: warning: %s\n",
                 ((TgRuleProblem *) g_ptr_array_index (order, i))->message);
    }

  _tg_cli_print_id (cli->json, id);
  return TRUE;
}

static int
compare_completed (gconstpointer a,
                   gconstpointer b)
{
  const TgRecord *left = *(const TgRecord * const *) a;
  const TgRecord *right = *(const TgRecord * const *) b;
  int order = g_strcmp0 (tg_record_get (left, "completed_on"),
                         tg_record_get (right, "completed_on"));

  return order != 0 ? order : strcmp (left->id, right->id);
}

static gboolean
top_list (TgCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) tops = NULL;
  g_autoptr(TgCliTable) table = NULL;
  const char *client_id;

  store = _tg_cli_open_store_for_id (cli, "top list", argc, argv,
                                     "client", "CLIENT_ID", &client_id, error);
  if (store == NULL)
    return FALSE;
  tops = tg_store_list (store, "top_record", "client_id", client_id, FALSE, error);
  if (tops == NULL)
    return FALSE;
  g_ptr_array_sort (tops, compare_completed);

  if (cli->json)
    {
      _tg_cli_print_records_json (tops);
      return TRUE;
    }

  table = _tg_cli_table_new ("ID", "STAGE", "COMPLETED", "OPIATES", "CRACK", "ALCOHOL",
                             "INJECTING", "PSYCH", "PHYS", "QOL", NULL);
  for (guint i = 0; i < tops->len; i++)
    {
      const TgRecord *top = g_ptr_array_index (tops, i);

      _tg_cli_table_add (table, top->id, tg_record_get (top, "stage"),
                         tg_record_get (top, "completed_on"),
                         tg_record_get (top, "opiates_days"), tg_record_get (top, "crack_days"),
                         tg_record_get (top, "alcohol_days"), tg_record_get (top, "injecting_days"),
                         tg_record_get (top, "psychological_health"),
                         tg_record_get (top, "physical_health"),
                         tg_record_get (top, "quality_of_life"));
    }
  _tg_cli_table_print (table);
  return TRUE;
}

gboolean
_tg_cli_top (TgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "add", top_add },
    { "list", top_list },
  };

  return _tg_cli_run_subcommand (cli, "top", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
