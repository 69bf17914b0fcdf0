/* tg-cli-referral.c: referral add, set and list
 * (docs/field-workflows.md §5). The due date is the rule's: due_on when
 * set by hand, else 14 days after the need was identified. It is not
 * written when not given, so correcting the need date moves it. */
#include "tg-cli-fields.h"
#include "tg-cli-output.h"

#include <string.h>

#include "tg-error.h"
#include "tg-referral-rules.h"

static const TgCliAlias aliases[] = {
  { "need-identified", "need_identified_on" },
  { "referred", "referred_on" },
  { "due", "due_on" },
  { NULL }
};

/* What a referral must say whatever wrote it: the need is dated and not
 * in the future, the referral is not made before the need or in the
 * future, a due date is not before the need, and a referral marked made
 * says when (else nothing can be said about its timeliness). */
static gboolean
check_referral (const TgRecord  *referral,
                GError         **error)
{
  const char *need = tg_record_get (referral, "need_identified_on");
  const char *referred = tg_record_get (referral, "referred_on");
  const char *status = tg_record_get (referral, "status");

  if (tg_record_get (referral, "service") == NULL)
    {
      g_set_error_literal (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_REQUIRED,
                           "service: the service referred to is required");
      return FALSE;
    }
  if (need == NULL)
    {
      g_set_error_literal (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_REQUIRED,
                           "need_identified_on: the day the need was identified is required");
      return FALSE;
    }
  if (!_tg_cli_check_not_future ("need_identified_on", need, error)
      || !_tg_cli_check_not_future ("referred_on", referred, error)
      || !_tg_cli_check_order ("need_identified_on", need, "referred_on", referred, error)
      || !_tg_cli_check_order ("need_identified_on", need, "due_on",
                               tg_record_get (referral, "due_on"), error))
    return FALSE;
  if (referred == NULL && status != NULL
      && (strcmp (status, "referred") == 0 || strcmp (status, "accepted") == 0
          || strcmp (status, "completed") == 0))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_REQUIRED,
                   "referred_on: the day the referral was made is required when the status is %s",
                   status);
      return FALSE;
    }
  return TRUE;
}

static gboolean
referral_add (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  static const char * const positional[] = { "CLIENT_ID", NULL };
  static const char * const fixed[] = { "client_id", NULL };
  const char *command = "referral add";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) referral = NULL;
  const char *client_id;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, TRUE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, positional, FALSE, error)
      || !_tg_cli_options_to_fields (command, "referral", args, aliases, fixed,
                                     fields, values, error)
      || !_tg_cli_field_require (command, fields, values, "service", error)
      || !_tg_cli_field_require (command, fields, values, "need_identified_on", error))
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);

  _tg_cli_field_default (fields, values, "status",
                         _tg_cli_field_get (fields, values, "referred_on") != NULL
                         ? "referred" : "needed");
  referral = _tg_cli_record_from_fields ("referral", fields, values, error);
  if (referral == NULL || !check_referral (referral, error))
    return FALSE;

  store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", NULL, error);
  if (store == NULL)
    return FALSE;
  _tg_cli_field_put (fields, values, "client_id", client_id);
  return _tg_cli_insert_record (cli, store, "referral", fields, values, error);
}

static gboolean
referral_set (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  const char *command = "referral set";
  const TgEntityDef *entity = tg_schema_lookup_entity ("referral");
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GPtrArray) merged_fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) merged_values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) stored = NULL;
  g_autoptr(TgRecord) merged = NULL;
  const char *id;

  args = _tg_cli_args_parse_pairs (cli, command, "REFERRAL_ID", "referral", argc, argv,
                                   fields, values, error);
  if (args == NULL)
    return FALSE;
  id = g_ptr_array_index (args->positional, 0);
  if (_tg_cli_field_index (fields, "client_id") >= 0)
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "client_id: a referral stays with its client");
      return FALSE;
    }

  store = _tg_cli_open_store_at (cli, "referral", id, "REFERRAL_ID", &stored, error);
  if (store == NULL)
    return FALSE;

  /* The checks are of the referral as it will stand. */
  for (guint i = 0; i < entity->n_fields; i++)
    if (stored->values[i] != NULL)
      _tg_cli_field_put (merged_fields, merged_values, entity->fields[i].name, stored->values[i]);
  for (guint i = 0; i < fields->len; i++)
    _tg_cli_field_put (merged_fields, merged_values, g_ptr_array_index (fields, i),
                       g_ptr_array_index (values, i));
  merged = _tg_cli_record_from_fields ("referral", merged_fields, merged_values, error);
  if (merged == NULL || !check_referral (merged, error))
    return FALSE;

  if (!tg_store_update (store, "referral", id, (const char * const *) fields->pdata,
                        (const char * const *) values->pdata, fields->len, error))
    return FALSE;
  return _tg_cli_print_stored_record (cli->json, store, "referral", id, error);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const TgRecord *left = *(const TgRecord * const *) a;
  const TgRecord *right = *(const TgRecord * const *) b;
  GDate left_due;
  GDate right_due;
  gboolean has_left = tg_referral_due (left, &left_due);
  gboolean has_right = tg_referral_due (right, &right_due);

  if (has_left != has_right)
    return has_left ? -1 : 1;
  if (has_left && g_date_compare (&left_due, &right_due) != 0)
    return g_date_compare (&left_due, &right_due);
  return strcmp (left->id, right->id);
}

static gboolean
referral_list (TgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  static const TgCliOption options[] = { { "overdue", FALSE }, { NULL } };
  const char *command = "referral list";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) referrals = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(TgCliTable) table = NULL;
  const char *client_id = NULL;
  gboolean only_overdue;
  GDate today;

  args = _tg_cli_args_parse (cli, command, argc, argv, options, FALSE, error);
  if (args == NULL)
    return FALSE;
  if (args->positional->len > 1)
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "%s: unexpected argument “%s”", command,
                   (const char *) g_ptr_array_index (args->positional, 1));
      return FALSE;
    }
  only_overdue = _tg_cli_args_has (args, "overdue");

  /* Without a client: the whole caseload, for the worker's week. */
  if (args->positional->len == 1)
    {
      client_id = g_ptr_array_index (args->positional, 0);
      store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", NULL, error);
    }
  else
    store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  referrals = tg_store_list (store, "referral", client_id != NULL ? "client_id" : NULL,
                             client_id, FALSE, error);
  if (referrals == NULL)
    return FALSE;
  g_ptr_array_sort (referrals, compare_due);
  _tg_cli_today (&today);

  table = _tg_cli_table_new ("ID", "CLIENT", "SERVICE", "NEED", "REFERRED", "DUE", "STATUS",
                             "STATE", NULL);
  json_builder_begin_array (builder);
  for (guint i = 0; i < referrals->len; i++)
    {
      const TgRecord *referral = g_ptr_array_index (referrals, i);
      g_autofree char *due_text = NULL;
      g_autofree char *name = NULL;
      TgTimeliness state;
      GDate due;

      state = tg_referral_timeliness (referral, &today, &due);
      if (only_overdue && state != TG_TIMELINESS_OVERDUE)
        continue;
      due_text = _tg_cli_date_text (&due);
      name = _tg_cli_client_name (store, tg_record_get (referral, "client_id"));

      _tg_cli_table_add (table, referral->id, name, tg_record_get (referral, "service"),
                         tg_record_get (referral, "need_identified_on"),
                         tg_record_get (referral, "referred_on"), due_text,
                         tg_record_get (referral, "status"),
                         state == TG_TIMELINESS_OVERDUE ? "OVERDUE" : tg_timeliness_to_string (state));

      json_builder_begin_object (builder);
      _tg_cli_builder_add_record_members (builder, referral, FALSE);
      _tg_cli_add_string (builder, "due", due_text);
      _tg_cli_add_string (builder, "timeliness", tg_timeliness_to_string (state));
      json_builder_set_member_name (builder, "overdue");
      json_builder_add_boolean_value (builder, state == TG_TIMELINESS_OVERDUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (cli->json)
    _tg_cli_print_builder (builder);
  else
    _tg_cli_table_print (table);
  return TRUE;
}

gboolean
_tg_cli_referral (TgCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "add", referral_add },
    { "set", referral_set },
    { "list", referral_list },
  };

  return _tg_cli_run_subcommand (cli, "referral", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
