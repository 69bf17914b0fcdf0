/* tg-cli-rules.c: kpi and release check, the field workflow rules of
 * src/rules shown on the command line. The rules take "today" as an
 * argument; here it is the device's local date, the one place the clock
 * is read. */
#include "tg-cli-rules.h"
#include "tg-cli-output.h"

#include <stdio.h>

#include "tg-care-rules.h"
#include "tg-dates.h"
#include "tg-error.h"
#include "tg-kpi.h"
#include "tg-release-rules.h"
#include "tg-store-sync.h"
#include "tg-sync-engine.h"

static void
today_local (GDate *out_date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

static gboolean
parse_date_option (TgCliArgs   *args,
                   const char  *name,
                   GDate       *out_date,
                   GError     **error)
{
  const char *text = _tg_cli_args_get (args, name);

  if (text == NULL)
    return TRUE;
  if (!tg_date_parse_iso (text, out_date))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
                   "--%s: “%s” is not a date (YYYY-MM-DD)", name, text);
      return FALSE;
    }
  return TRUE;
}

/* kpi */

static void
print_kpi_json (const TgKpiQuery *query,
                const TgKpi      *kpi)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  TgKpiRow rows[TG_KPI_N_ROWS];

  tg_kpi_rows (kpi, rows);
  json_builder_begin_object (builder);
  _tg_cli_builder_add_string (builder, "team", query->team);
  _tg_cli_builder_add_string (builder, "worker", query->worker);
  _tg_cli_builder_add_date (builder, "from", &query->from);
  _tg_cli_builder_add_date (builder, "to", &query->to);
  _tg_cli_builder_add_date (builder, "today", &query->today);
  json_builder_set_member_name (builder, "measures");
  json_builder_begin_array (builder);
  /* No percent: a JSON double would print 66.7 as 66.700000000000003.
   * Readers divide; the CSV carries it rounded. */
  for (guint i = 0; i < TG_KPI_N_ROWS; i++)
    {
      json_builder_begin_object (builder);
      _tg_cli_builder_add_string (builder, "measure", rows[i].measure);
      _tg_cli_builder_add_int (builder, "numerator", rows[i].figure->numerator);
      _tg_cli_builder_add_int (builder, "denominator", rows[i].figure->denominator);
      _tg_cli_builder_add_int (builder, "pending", rows[i].figure->pending);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _tg_cli_print_builder (builder);
}

gboolean
_tg_cli_kpi (TgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  static const TgCliOption options[] = {
    { "team", TRUE },
    { "worker", TRUE },
    { "from", TRUE },
    { "to", TRUE },
    { "format", TRUE },
    { NULL }
  };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  TgKpiQuery query = { 0 };
  TgKpi kpi;
  const char *format;

  args = _tg_cli_args_parse_exact (cli, "kpi", argc, argv, options, NULL, error);
  if (args == NULL)
    return FALSE;

  /* As export: --json alone asks for JSON; with --format csv it would ask
   * for two things at once. */
  format = _tg_cli_args_get (args, "format");
  if (format == NULL && cli->json)
    format = "json";
  if (format == NULL)
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "kpi: --format is required (csv or json)");
      return FALSE;
    }
  if (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0)
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "--format: “%s” is not csv or json", format);
      return FALSE;
    }
  if (cli->json && g_strcmp0 (format, "csv") == 0)
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "kpi: --json and --format csv contradict each other");
      return FALSE;
    }

  query.team = _tg_cli_args_get (args, "team");
  query.worker = _tg_cli_args_get (args, "worker");
  today_local (&query.today);
  query.to = query.today;
  if (!parse_date_option (args, "to", &query.to, error))
    return FALSE;
  /* By default the calendar month that --to falls in, up to --to. */
  g_date_clear (&query.from, 1);
  g_date_set_dmy (&query.from, 1, g_date_get_month (&query.to), g_date_get_year (&query.to));
  if (!parse_date_option (args, "from", &query.from, error))
    return FALSE;
  if (g_date_compare (&query.from, &query.to) > 0)
    {
      g_autofree char *from = tg_date_to_iso (&query.from);
      g_autofree char *to = tg_date_to_iso (&query.to);

      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
                   "--from: %s is after --to %s", from, to);
      return FALSE;
    }

  store = _tg_cli_open_store (cli, error);
  if (store == NULL || !tg_kpi_compute (store, &query, &kpi, error))
    return FALSE;

  if (g_strcmp0 (format, "json") == 0)
    print_kpi_json (&query, &kpi);
  else
    {
      g_autofree char *csv = tg_kpi_to_csv (&query, &kpi);

      fputs (csv, stdout);
    }
  return TRUE;
}

/* release check */

/* A mentor's device holds no clinical field, so clinical items would all
 * look missing there; they are left out instead (DESIGN §5). */
static gboolean
shows_clinical (TgStore *store)
{
  g_autofree char *role = tg_store_get_setting (store, TG_SYNC_SETTING_ROLE, NULL);

  return g_strcmp0 (role, "mentor") != 0;
}

static void
print_check_json (const char            *client_id,
                  const TgReleaseStatus *status,
                  gboolean               clinical,
                  TgContinuity           continuity,
                  const GDate           *continuity_deadline)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *describe = tg_earlier_release_describe (&status->earlier);
  gboolean dated = status->source != TG_RELEASE_DATE_NONE || status->released;

  json_builder_begin_object (builder);
  _tg_cli_builder_add_string (builder, "client_id", client_id);
  _tg_cli_builder_add_date (builder, "release_date", &status->release_date);
  _tg_cli_builder_add_string (builder, "release_date_source", tg_release_date_source_to_string (status->source));
  _tg_cli_builder_add_date (builder, "released_on", &status->released_on);
  _tg_cli_builder_add_date (builder, "walk_out_date", &status->walk_out);
  if (dated)
    _tg_cli_builder_add_int (builder, "days_to_release", status->days_to_release);

  json_builder_set_member_name (builder, "earlier_release");
  json_builder_begin_object (builder);
  _tg_cli_builder_add_bool (builder, "likely", status->earlier.likely);
  _tg_cli_builder_add_string (builder, "reason", tg_earlier_reason_to_string (status->earlier.reason));
  if (status->earlier.likely)
    _tg_cli_builder_add_date (builder, "likely_date", &status->earlier.likely_date);
  if (status->earlier.days_served >= 0)
    _tg_cli_builder_add_int (builder, "days_served", status->earlier.days_served);
  _tg_cli_builder_add_string (builder, "description", describe);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "prompt");
  json_builder_begin_object (builder);
  _tg_cli_builder_add_string (builder, "stage", tg_release_prompt_to_string (status->prompt));
  _tg_cli_builder_add_date (builder, "since", &status->prompt_since);
  _tg_cli_builder_add_string (builder, "action", tg_release_prompt_action (status->prompt));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "freshness");
  json_builder_begin_object (builder);
  _tg_cli_builder_add_bool (builder, "confirmed", status->freshness.confirmed);
  _tg_cli_builder_add_date (builder, "confirmed_on", &status->freshness.confirmed_on);
  if (status->freshness.confirmed)
    _tg_cli_builder_add_int (builder, "days_since_confirmed", status->freshness.days_since_confirmed);
  _tg_cli_builder_add_bool (builder, "in_final_week", status->freshness.in_final_week);
  _tg_cli_builder_add_bool (builder, "stale", status->freshness.stale);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "checklist");
  json_builder_begin_array (builder);
  for (guint i = 0; i < TG_CHECK_N_ITEMS; i++)
    {
      const TgCheckLine *line = &status->checklist[i];

      if (!clinical && line->sensitivity == TG_SENSITIVITY_CLINICAL)
        continue;
      json_builder_begin_object (builder);
      _tg_cli_builder_add_string (builder, "item", line->name);
      _tg_cli_builder_add_string (builder, "title", line->title);
      _tg_cli_builder_add_string (builder, "state", tg_check_state_to_string (line->state));
      _tg_cli_builder_add_string (builder, "note", line->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "missing");
  json_builder_begin_array (builder);
  for (guint i = 0; i < TG_CHECK_N_ITEMS; i++)
    if (status->checklist[i].state == TG_CHECK_MISSING
        && (clinical || status->checklist[i].sensitivity != TG_SENSITIVITY_CLINICAL))
      json_builder_add_string_value (builder, status->checklist[i].name);
  json_builder_end_array (builder);

  if (continuity != TG_CONTINUITY_NOT_RELEASED)
    {
      json_builder_set_member_name (builder, "continuity_of_care");
      json_builder_begin_object (builder);
      _tg_cli_builder_add_string (builder, "state", tg_continuity_to_string (continuity));
      _tg_cli_builder_add_date (builder, "deadline", continuity_deadline);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  _tg_cli_print_builder (builder);
}

static void
print_line (const char *label,
            const char *value)
{
  fprintf (stdout, "%-18s %s\n", label, value);
}

static void
print_check_text (const TgRecord        *client,
                  const TgReleaseStatus *status,
                  gboolean               clinical,
                  TgContinuity           continuity,
                  const GDate           *continuity_deadline)
{
  g_autoptr(TgCliTable) table = NULL;
  g_autofree char *describe = tg_earlier_release_describe (&status->earlier);
  const char *prison_number = tg_record_get (client, "prison_number");
  const char *given = tg_record_get (client, "given_name");
  const char *family = tg_record_get (client, "family_name");
  guint shown = 0;
  guint missing = 0;

  fprintf (stdout, "Release check: %s %s%s%s%s\n",
           given != NULL ? given : "", family != NULL ? family : "",
           prison_number != NULL ? " (" : "", prison_number != NULL ? prison_number : "",
           prison_number != NULL ? ")" : "");

  if (status->source == TG_RELEASE_DATE_NONE)
    print_line ("release date", "not recorded");
  else
    {
      g_autofree char *release = tg_date_to_iso (&status->release_date);
      g_autofree char *text = g_strdup_printf ("%s (%s)", release,
                                               tg_release_date_source_to_string (status->source));

      print_line ("release date", text);
      print_line ("earlier release", describe);
    }

  if (status->released)
    {
      g_autofree char *out = tg_date_to_iso (&status->released_on);

      print_line ("released on", out);
    }
  else if (g_date_valid (&status->walk_out))
    {
      g_autofree char *walk_out = tg_date_to_iso (&status->walk_out);
      g_autofree char *text = g_strdup_printf ("%d (to %s)", status->days_to_release, walk_out);

      print_line ("days to release", text);
    }

  if (status->prompt != TG_RELEASE_PROMPT_NONE && status->prompt != TG_RELEASE_PROMPT_RELEASED)
    {
      g_autofree char *since = tg_date_to_iso (&status->prompt_since);
      g_autofree char *text = g_strdup_printf ("%s, since %s: %s",
                                               tg_release_prompt_to_string (status->prompt), since,
                                               tg_release_prompt_action (status->prompt));

      print_line ("prompt", text);
    }

  if (status->freshness.confirmed)
    {
      g_autofree char *on = tg_date_to_iso (&status->freshness.confirmed_on);
      g_autofree char *text = g_strdup_printf ("%s, %d days ago%s", on,
                                               status->freshness.days_since_confirmed,
                                               status->freshness.stale
                                               ? "; WARNING: confirm it again, that was before the final week"
                                               : "");

      print_line ("confirmed", text);
    }
  else if (status->freshness.stale)
    print_line ("confirmed", "never; WARNING: confirm the date with the prison this week");

  if (continuity != TG_CONTINUITY_NOT_RELEASED)
    {
      g_autofree char *deadline = tg_date_to_iso (continuity_deadline);
      g_autofree char *text = g_strdup_printf ("%s (treatment by %s)",
                                               tg_continuity_to_string (continuity), deadline);

      print_line ("continuity of care", text);
    }

  table = _tg_cli_table_new ("ITEM", "STATE", "NOTE", NULL);
  for (guint i = 0; i < TG_CHECK_N_ITEMS; i++)
    {
      const TgCheckLine *line = &status->checklist[i];

      if (!clinical && line->sensitivity == TG_SENSITIVITY_CLINICAL)
        continue;
      shown++;
      if (line->state == TG_CHECK_MISSING)
        missing++;
      _tg_cli_table_add (table, line->name,
                         line->state == TG_CHECK_MISSING ? "MISSING" : tg_check_state_to_string (line->state),
                         line->note);
    }
  fprintf (stdout, "\nChecklist: %u of %u items missing\n", missing, shown);
  _tg_cli_table_print (table);
}

gboolean
_tg_cli_release_check (TgCli   *cli,
                       int      argc,
                       char   **argv,
                       GError **error)
{
  static const char * const positional[] = { "CLIENT_ID", NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) client = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  const TgRecord *plan;
  const char *client_id;
  TgReleaseStatus status;
  TgContinuity continuity = TG_CONTINUITY_NOT_RELEASED;
  GDate deadline;
  GDate today;
  gboolean clinical;

  args = _tg_cli_args_parse_exact (cli, "release check", argc, argv, NULL, positional, error);
  if (args == NULL)
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);

  store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", &client, error);
  if (store == NULL)
    return FALSE;
  plans = tg_store_list (store, "release_plan", "client_id", client_id, FALSE, error);
  if (plans == NULL)
    return FALSE;
  /* No plan yet is a plan with nothing done: the checklist says so. */
  plan = plans->len > 0 ? g_ptr_array_index (plans, 0) : NULL;

  today_local (&today);
  tg_release_status (plan, &today, &status);
  clinical = shows_clinical (store);
  g_date_clear (&deadline, 1);
  if (clinical)
    continuity = tg_continuity_for (client, plan, &today, NULL, &deadline);

  if (cli->json)
    print_check_json (client_id, &status, clinical, continuity, &deadline);
  else
    print_check_text (client, &status, clinical, continuity, &deadline);
  return TRUE;
}
