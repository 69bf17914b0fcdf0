/* tg-cli-contact.c: contact add and list, with where the client stands
 * against the contact and assessment standards
 * (docs/field-workflows.md §7, tg-contact-rules.h). */
#include "tg-cli-fields.h"
#include "tg-cli-output.h"

#include <stdio.h>
#include <string.h>

#include "tg-contact-rules.h"
#include "tg-error.h"

static gboolean
contact_add (TgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  static const char * const positional[] = { "CLIENT_ID", NULL };
  static const char * const fixed[] = { "client_id", NULL };
  const char *command = "contact add";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) contact = NULL;
  g_autofree char *now = _tg_cli_now_utc ();
  const char *client_id;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, TRUE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, positional, FALSE, error)
      || !_tg_cli_options_to_fields (command, "contact", args, NULL, fixed,
                                     fields, values, error)
      || !_tg_cli_field_require (command, fields, values, "kind", error))
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);
  _tg_cli_field_default (fields, values, "at", now);

  /* A contact is recorded once it has happened. */
  contact = _tg_cli_record_from_fields ("contact", fields, values, error);
  if (contact == NULL
      || !_tg_cli_check_not_future ("at", tg_record_get (contact, "at"), error))
    return FALSE;

  store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", NULL, error);
  if (store == NULL)
    return FALSE;
  _tg_cli_field_default (fields, values, "worker", tg_store_get_worker (store));
  _tg_cli_field_put (fields, values, "client_id", client_id);
  return _tg_cli_insert_record (cli, store, "contact", fields, values, error);
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

/* One standard: its name, its state and the day or moment it is due by. */
typedef struct {
  const char   *name;
  TgTimeliness  state;
  char         *by;
} Standard;

static void
standards_clear (Standard *standards,
                 guint     n)
{
  for (guint i = 0; i < n; i++)
    g_free (standards[i].by);
}

static gboolean
contact_list (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) client = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(TgCliTable) table = NULL;
  g_autoptr(TgCliTable) standards_table = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *weekly_next = NULL;
  g_autofree char *weekly_last = NULL;
  const char *client_id;
  Standard standards[4] = { { "triage" }, { "risk_assessment" },
                            { "bail_assessment" }, { "relay_to_prison" } };
  TgWeeklyContact weekly;
  GDate today;
  GDate first;
  GDate deadline;
  gint64 relay_deadline = 0;

  store = _tg_cli_open_store_for_id (cli, "contact list", argc, argv,
                                     "client", "CLIENT_ID", &client_id, error);
  if (store == NULL)
    return FALSE;
  client = tg_store_get (store, "client", client_id, error);
  if (client == NULL)
    return FALSE;
  contacts = tg_store_list (store, "contact", "client_id", client_id, FALSE, error);
  if (contacts == NULL)
    return FALSE;
  g_ptr_array_sort (contacts, compare_at);
  _tg_cli_today (&today);

  standards[0].state = tg_contact_first_contact_duty (contacts, "triage", &today, &first);
  standards[0].by = _tg_cli_date_text (&first);
  standards[1].state = tg_contact_first_contact_duty (contacts, "risk_assessment", &today, NULL);
  standards[1].by = g_strdup (standards[0].by);
  standards[2].state = tg_contact_bail_assessment (client, contacts, &today, &deadline);
  standards[2].by = standards[2].state != TG_TIMELINESS_NONE ? _tg_cli_date_text (&deadline) : NULL;
  standards[3].state = tg_contact_relay (client, contacts, now, &relay_deadline);
  if (standards[3].state != TG_TIMELINESS_NONE)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (relay_deadline);

      standards[3].by = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");
    }
  tg_contact_weekly (client, contacts, &today, &weekly);
  if (weekly.applies)
    {
      weekly_next = _tg_cli_date_text (&weekly.next_due);
      weekly_last = _tg_cli_date_text (&weekly.last_contact);
    }

  if (cli->json)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "contacts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < contacts->len; i++)
        _tg_cli_builder_add_record (builder, g_ptr_array_index (contacts, i), FALSE);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "standards");
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (standards); i++)
        {
          json_builder_set_member_name (builder, standards[i].name);
          json_builder_begin_object (builder);
          _tg_cli_add_string (builder, "state", tg_timeliness_to_string (standards[i].state));
          _tg_cli_add_string (builder, "by", standards[i].by);
          json_builder_end_object (builder);
        }
      json_builder_set_member_name (builder, "weekly_contact");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "applies");
      json_builder_add_boolean_value (builder, weekly.applies);
      if (weekly.applies)
        {
          _tg_cli_add_string (builder, "last_contact", weekly_last);
          _tg_cli_add_string (builder, "next_due", weekly_next);
          json_builder_set_member_name (builder, "contact_due");
          json_builder_add_boolean_value (builder, weekly.contact_due);
          json_builder_set_member_name (builder, "overdue");
          json_builder_add_boolean_value (builder, weekly.overdue);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      _tg_cli_print_builder (builder);
      standards_clear (standards, G_N_ELEMENTS (standards));
      return TRUE;
    }

  table = _tg_cli_table_new ("ID", "AT", "KIND", "WORKER", "DETAIL", NULL);
  for (guint i = 0; i < contacts->len; i++)
    {
      const TgRecord *contact = g_ptr_array_index (contacts, i);

      _tg_cli_table_add (table, contact->id, tg_record_get (contact, "at"),
                         tg_record_get (contact, "kind"), tg_record_get (contact, "worker"),
                         tg_record_get (contact, "detail"));
    }
  _tg_cli_table_print (table);

  standards_table = _tg_cli_table_new ("STANDARD", "STATE", "BY", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (standards); i++)
    _tg_cli_table_add (standards_table, standards[i].name,
                       tg_timeliness_to_string (standards[i].state), standards[i].by);
  _tg_cli_table_add (standards_table, "weekly_contact",
                     !weekly.applies ? "none" : weekly.overdue ? "overdue"
                     : weekly.contact_due ? "due" : "kept",
                     weekly_next);
  fputs ("\nStandards\n", stdout);
  _tg_cli_table_print (standards_table);
  standards_clear (standards, G_N_ELEMENTS (standards));
  return TRUE;
}

gboolean
_tg_cli_contact (TgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "add", contact_add },
    { "list", contact_list },
  };

  return _tg_cli_run_subcommand (cli, "contact", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
