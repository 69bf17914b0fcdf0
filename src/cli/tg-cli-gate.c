/* tg-cli-gate.c: gate-list, the releases a gate-pickup mentor meets. */
#include "tg-cli-private.h"
#include "tg-cli-output.h"

#include "tg-dates.h"
#include "tg-error.h"
#include "tg-release-rules.h"

/* A mentor plans a week ahead; a year is the most anyone can mean. */
#define DEFAULT_DAYS 7
#define MAX_DAYS 366

static void
print_json (GPtrArray *entries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const TgGateEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *likely_date = NULL;
      TgEarlierRelease earlier;

      tg_gate_entry_earlier_release (entry, &earlier);
      if (earlier.likely)
        likely_date = tg_date_to_iso (&earlier.likely_date);

      json_builder_begin_object (builder);
      _tg_cli_builder_add_string (builder, "client_id", entry->client_id);
      _tg_cli_builder_add_string (builder, "given_name", entry->given_name);
      _tg_cli_builder_add_string (builder, "family_name", entry->family_name);
      _tg_cli_builder_add_string (builder, "prison_number", entry->prison_number);
      _tg_cli_builder_add_string (builder, "establishment", entry->establishment);
      _tg_cli_builder_add_string (builder, "release_date", entry->release_date);
      _tg_cli_builder_add_string (builder, "release_time", entry->release_time);
      _tg_cli_builder_add_string (builder, "gate", entry->gate);
      _tg_cli_builder_add_string (builder, "pickup_mentor", entry->pickup_mentor);
      _tg_cli_builder_add_string (builder, "pickup_status", entry->pickup_status);
      _tg_cli_builder_add_string (builder, "release_type", entry->release_type);
      json_builder_set_member_name (builder, "earlier_release");
      json_builder_add_boolean_value (builder, earlier.likely);
      _tg_cli_builder_add_string (builder, "earlier_release_reason",
                         tg_earlier_reason_to_string (earlier.reason));
      _tg_cli_builder_add_string (builder, "likely_release_date", likely_date);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  _tg_cli_print_builder (builder);
}

static void
print_table (GPtrArray *entries)
{
  g_autoptr(TgCliTable) table = NULL;

  table = _tg_cli_table_new ("DATE", "TIME", "NAME", "PRISON NO",
                             "ESTABLISHMENT", "GATE", "MENTOR", "PICKUP",
                             "LIKELY OUT", NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const TgGateEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = NULL;
      g_autofree char *likely = NULL;
      TgEarlierRelease earlier;

      tg_gate_entry_earlier_release (entry, &earlier);
      if (earlier.likely)
        likely = tg_date_to_iso (&earlier.likely_date);

      name = g_strdup_printf ("%s, %s",
                              entry->family_name ? entry->family_name : "",
                              entry->given_name ? entry->given_name : "");
      _tg_cli_table_add (table, entry->release_date, entry->release_time,
                         name, entry->prison_number, entry->establishment,
                         entry->gate, entry->pickup_mentor,
                         entry->pickup_status,
                         likely);
    }
  _tg_cli_table_print (table);
}

gboolean
_tg_cli_gate_list (TgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  static const TgCliOption options[] = {
    { "from", TRUE },
    { "days", TRUE },
    { NULL }
  };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  const char *from_text;
  const char *days_text;
  guint64 days = DEFAULT_DAYS;
  GDate from;

  args = _tg_cli_args_parse_exact (cli, "gate-list", argc, argv, options, NULL, error);
  if (args == NULL)
    return FALSE;

  from_text = _tg_cli_args_get (args, "from");
  if (from_text == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (&from, 1);
      g_date_set_dmy (&from, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }
  else if (!tg_date_parse_iso (from_text, &from))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
                   "--from: “%s” is not a date (YYYY-MM-DD)", from_text);
      return FALSE;
    }

  days_text = _tg_cli_args_get (args, "days");
  if (days_text != NULL
      && !g_ascii_string_to_unsigned (days_text, 10, 1, MAX_DAYS, &days, NULL))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_INTEGER,
                   "--days: “%s” is not a number of days from 1 to %d",
                   days_text, MAX_DAYS);
      return FALSE;
    }

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;

  entries = tg_store_gate_list (store, &from, days, error);
  if (entries == NULL)
    return FALSE;

  if (cli->json)
    print_json (entries);
  else
    print_table (entries);
  return TRUE;
}
