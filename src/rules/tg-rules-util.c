#include "tg-rules-util.h"

#include "tg-dates.h"

/* England's zone, made once and never freed. Without tzdata (a stripped
 * container) the device's own zone is the best guess left. */
static GTimeZone *
england_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *found = g_time_zone_new_identifier ("Europe/London");

      if (found == NULL)
        found = g_time_zone_new_local ();
      g_once_init_leave (&zone, found);
    }
  return zone;
}

const char *
tg_timeliness_to_string (TgTimeliness timeliness)
{
  switch (timeliness)
    {
    case TG_TIMELINESS_NONE:    return "none";
    case TG_TIMELINESS_DUE:     return "due";
    case TG_TIMELINESS_OVERDUE: return "overdue";
    case TG_TIMELINESS_DONE:    return "done";
    case TG_TIMELINESS_LATE:    return "late";
    default:                    g_return_val_if_reached (NULL);
    }
}

TgRuleProblem *
tg_rule_problem_new (const char *field,
                     const char *format,
                     ...)
{
  TgRuleProblem *problem = g_new0 (TgRuleProblem, 1);
  va_list args;

  problem->field = field;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  return problem;
}

void
tg_rule_problem_free (TgRuleProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

gboolean
tg_rules_record_date (const TgRecord *record,
                      const char     *field,
                      GDate          *out_date)
{
  const char *value;

  g_date_clear (out_date, 1);
  if (record == NULL)
    return FALSE;
  value = tg_record_get (record, field);
  return value != NULL && tg_date_parse_iso (value, out_date);
}

static GDateTime *
parse_utc (const char *date_time)
{
  g_autoptr(GTimeZone) utc = NULL;

  if (date_time == NULL)
    return NULL;
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (date_time, utc);
}

gboolean
tg_rules_local_date (const char *date_time,
                     GDate      *out_date)
{
  g_autoptr(GDateTime) utc = parse_utc (date_time);
  g_autoptr(GDateTime) local = NULL;

  g_date_clear (out_date, 1);
  if (utc == NULL)
    return FALSE;
  local = g_date_time_to_timezone (utc, england_zone ());
  g_date_set_dmy (out_date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  return TRUE;
}

gboolean
tg_rules_local_time (const char *date_time,
                     GDate      *out_date,
                     char        out_time[6])
{
  g_autoptr(GDateTime) utc = parse_utc (date_time);
  g_autoptr(GDateTime) local = NULL;

  g_date_clear (out_date, 1);
  out_time[0] = '\0';
  if (utc == NULL)
    return FALSE;
  local = g_date_time_to_timezone (utc, england_zone ());
  g_date_set_dmy (out_date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  g_snprintf (out_time, 6, "%02d:%02d", g_date_time_get_hour (local),
              g_date_time_get_minute (local));
  return TRUE;
}

gboolean
tg_rules_unix_time (const char *date_time,
                    gint64     *out_seconds)
{
  g_autoptr(GDateTime) utc = parse_utc (date_time);

  if (utc == NULL)
    return FALSE;
  *out_seconds = g_date_time_to_unix (utc);
  return TRUE;
}

gint
tg_rules_days_between (const GDate *from,
                       const GDate *to)
{
  return (gint) g_date_get_julian (to) - (gint) g_date_get_julian (from);
}

void
tg_rules_working_days_after (const GDate *from,
                             guint        n,
                             GDate       *out_date)
{
  *out_date = *from;
  while (n > 0)
    {
      g_date_add_days (out_date, 1);
      if (tg_date_is_working_day (out_date))
        n--;
    }
}

void
tg_rules_last_working_day_before (const GDate *date,
                                  GDate       *out_date)
{
  *out_date = *date;
  do
    g_date_subtract_days (out_date, 1);
  while (!tg_date_is_working_day (out_date));
}

gboolean
tg_rules_same_name (const char *a,
                    const char *b)
{
  g_autofree char *a_stripped = NULL;
  g_autofree char *b_stripped = NULL;
  g_autofree char *a_folded = NULL;
  g_autofree char *b_folded = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  a_stripped = g_strstrip (g_strdup (a));
  b_stripped = g_strstrip (g_strdup (b));
  a_folded = g_utf8_casefold (a_stripped, -1);
  b_folded = g_utf8_casefold (b_stripped, -1);
  return g_strcmp0 (a_folded, b_folded) == 0;
}

double
tg_rules_percent (guint numerator,
                  guint denominator)
{
  if (denominator == 0)
    return -1.0;
  return 100.0 * numerator / denominator;
}
