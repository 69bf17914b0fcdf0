/* tg-cli-run-sheet.c: run-sheet, the gate-day run sheet of src/rules for
 * one day: who walks out, when and where, and what follows that day. The
 * default day is tomorrow, the sheet a mentor prints the evening before. */
#include "tg-cli-rules.h"
#include "tg-cli-output.h"

#include <stdio.h>

#include "tg-dates.h"
#include "tg-error.h"
#include "tg-run-sheet.h"

/* "today", "tomorrow" or YYYY-MM-DD, in the device's local calendar. */
static gboolean
parse_day (const char  *text,
           GDate       *out_day,
           GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out_day, 1);
  if (text == NULL || g_strcmp0 (text, "tomorrow") == 0 || g_strcmp0 (text, "today") == 0)
    {
      g_date_set_dmy (out_day, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
      if (g_strcmp0 (text, "today") != 0)
        g_date_add_days (out_day, 1);
      return TRUE;
    }
  if (!tg_date_parse_iso (text, out_day))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
                   "--date: “%s” is not a date (YYYY-MM-DD, today or tomorrow)", text);
      return FALSE;
    }
  return TRUE;
}

static void
print_json (const TgRunSheet *sheet)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  _tg_cli_builder_add_date (builder, "date", &sheet->day);
  json_builder_set_member_name (builder, "people");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sheet->entries->len; i++)
    {
      const TgRunSheetEntry *entry = sheet->entries->pdata[i];

      json_builder_begin_object (builder);
      _tg_cli_builder_add_string (builder, "client_id", entry->client_id);
      _tg_cli_builder_add_string (builder, "given_name", entry->given_name);
      _tg_cli_builder_add_string (builder, "family_name", entry->family_name);
      _tg_cli_builder_add_string (builder, "prison_number", entry->prison_number);
      _tg_cli_builder_add_string (builder, "establishment", entry->establishment);
      _tg_cli_builder_add_date (builder, "release_date", &entry->release_date);
      json_builder_set_member_name (builder, "earlier_release");
      json_builder_add_boolean_value (builder, entry->earlier);
      if (entry->earlier)
        _tg_cli_builder_add_string (builder, "earlier_reason", tg_earlier_reason_to_string (entry->earlier_reason));
      _tg_cli_builder_add_string (builder, "release_time", entry->release_time);
      _tg_cli_builder_add_string (builder, "gate", entry->gate);
      _tg_cli_builder_add_string (builder, "pickup_mentor", entry->pickup_mentor);
      _tg_cli_builder_add_string (builder, "pickup_status", entry->pickup_status);
      json_builder_set_member_name (builder, "appointments");
      json_builder_begin_array (builder);
      for (guint k = 0; k < entry->appointments->len; k++)
        {
          const TgRunSheetAppointment *appointment = entry->appointments->pdata[k];

          json_builder_begin_object (builder);
          _tg_cli_builder_add_string (builder, "kind", appointment->kind);
          _tg_cli_builder_add_string (builder, "at", appointment->at);
          _tg_cli_builder_add_string (builder, "time", appointment->time);
          _tg_cli_builder_add_string (builder, "place", appointment->place);
          _tg_cli_builder_add_string (builder, "with_whom", appointment->with_whom);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _tg_cli_print_builder (builder);
}

static void
format_day (const GDate *date,
            char         buffer[64])
{
  g_date_strftime (buffer, 64, "%A %-d %B %Y", date);
}

static void
print_text (const TgRunSheet *sheet)
{
  char day[64];

  format_day (&sheet->day, day);
  if (sheet->entries->len == 0)
    {
      printf ("No releases on %s.\n", day);
      return;
    }
  printf ("Run sheet for %s\n", day);
  for (guint i = 0; i < sheet->entries->len; i++)
    {
      const TgRunSheetEntry *entry = sheet->entries->pdata[i];

      printf ("\n%-5s  %s %s", entry->release_time ? entry->release_time : "--:--",
              entry->given_name ? entry->given_name : "",
              entry->family_name ? entry->family_name : "");
      if (entry->prison_number != NULL)
        printf ("  %s", entry->prison_number);
      printf ("\n       gate: %s\n", entry->gate ? entry->gate : "not known");
      if (entry->earlier)
        {
          char recorded[64];

          format_day (&entry->release_date, recorded);
          printf ("       likely earlier: the date recorded is %s\n", recorded);
        }
      printf ("       mentor: %s", entry->pickup_mentor ? entry->pickup_mentor : "none named");
      if (entry->pickup_status != NULL)
        printf (" (%s)", entry->pickup_status);
      printf ("\n");
      if (entry->appointments->len == 0)
        printf ("       no appointments that day\n");
      for (guint k = 0; k < entry->appointments->len; k++)
        {
          const TgRunSheetAppointment *appointment = entry->appointments->pdata[k];

          printf ("       %s  %s", appointment->time, appointment->kind);
          if (appointment->place != NULL)
            printf (", %s", appointment->place);
          if (appointment->with_whom != NULL)
            printf (", with %s", appointment->with_whom);
          printf ("\n");
        }
    }
}

gboolean
_tg_cli_run_sheet (TgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  static const TgCliOption options[] = {
    { "date", TRUE },
    { NULL }
  };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRunSheet) sheet = NULL;
  GDate day;

  args = _tg_cli_args_parse_exact (cli, "run-sheet", argc, argv, options, NULL, error);
  if (args == NULL || !parse_day (_tg_cli_args_get (args, "date"), &day, error))
    return FALSE;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  sheet = tg_run_sheet_compute (store, &day, error);
  if (sheet == NULL)
    return FALSE;

  if (cli->json)
    print_json (sheet);
  else
    print_text (sheet);
  return TRUE;
}
