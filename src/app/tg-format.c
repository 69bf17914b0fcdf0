/* Dates and times as a worker reads them (tg-format.h). */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tg-format.h"

#include "tg-dates.h"

/* Index: GDateWeekday (1 = Monday). */
static const char * const short_weekdays[] = {
  NULL, NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"),
  NC_("weekday", "Thu"), NC_("weekday", "Fri"), NC_("weekday", "Sat"), NC_("weekday", "Sun"),
};
static const char * const weekdays[] = {
  NULL, NC_("weekday", "Monday"), NC_("weekday", "Tuesday"), NC_("weekday", "Wednesday"),
  NC_("weekday", "Thursday"), NC_("weekday", "Friday"), NC_("weekday", "Saturday"),
  NC_("weekday", "Sunday"),
};
/* Index: GDateMonth (1 = January). */
static const char * const short_months[] = {
  NULL, NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"), NC_("month", "Apr"),
  NC_("month", "May"), NC_("month", "Jun"), NC_("month", "Jul"), NC_("month", "Aug"),
  NC_("month", "Sep"), NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec"),
};
static const char * const months[] = {
  NULL, NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"), NC_("month", "July"),
  NC_("month", "August"), NC_("month", "September"), NC_("month", "October"),
  NC_("month", "November"), NC_("month", "December"),
};

char *
tg_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  /* Translators: a date: weekday, day of the month, month, year, as in
   * “Mon 23 Nov 2026”. Reorder with %2$d, %1$s… if your language needs. */
  return g_strdup_printf (_("%1$s %2$d %3$s %4$d"),
                          g_dpgettext2 (NULL, "weekday", short_weekdays[g_date_get_weekday (date)]),
                          g_date_get_day (date),
                          g_dpgettext2 (NULL, "month", short_months[g_date_get_month (date)]),
                          g_date_get_year (date));
}

char *
tg_format_date_no_weekday (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  /* Translators: a date without its weekday: day of the month, month,
   * year, as in “23 Aug 1995” (a date of birth). */
  return g_strdup_printf (_("%1$d %2$s %3$d"),
                          g_date_get_day (date),
                          g_dpgettext2 (NULL, "month", short_months[g_date_get_month (date)]),
                          g_date_get_year (date));
}

char *
tg_format_day (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  /* Translators: a day in the coming weeks: weekday, day of the month,
   * month, as in “Monday 23 November”. */
  return g_strdup_printf (_("%1$s %2$d %3$s"),
                          g_dpgettext2 (NULL, "weekday", weekdays[g_date_get_weekday (date)]),
                          g_date_get_day (date),
                          g_dpgettext2 (NULL, "month", months[g_date_get_month (date)]));
}

char *
tg_format_long_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  /* Translators: a date written out in full, as in “Monday 23 November
   * 2026” (the run sheet's heading). */
  return g_strdup_printf (_("%1$s %2$d %3$s %4$d"),
                          g_dpgettext2 (NULL, "weekday", weekdays[g_date_get_weekday (date)]),
                          g_date_get_day (date),
                          g_dpgettext2 (NULL, "month", months[g_date_get_month (date)]),
                          g_date_get_year (date));
}

char *
tg_format_iso_date (const char *iso)
{
  GDate date;

  if (iso == NULL)
    return NULL;
  if (!tg_date_parse_iso (iso, &date))
    return g_strdup (iso);
  return tg_format_date (&date);
}

char *
tg_format_iso_date_no_weekday (const char *iso)
{
  GDate date;

  if (iso == NULL)
    return NULL;
  if (!tg_date_parse_iso (iso, &date))
    return g_strdup (iso);
  return tg_format_date_no_weekday (&date);
}

static void
date_of (GDateTime *moment,
         GDate     *date)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (moment),
                  (GDateMonth) g_date_time_get_month (moment),
                  (GDateYear) g_date_time_get_year (moment));
}

void
tg_format_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  date_of (now, today);
}

char *
tg_format_date_time_full (const char *iso,
                          GTimeZone  *tz,
                          GDateTime  *now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GDateTime) here_now = NULL;
  g_autoptr(GTimeZone) local = NULL;
  g_autofree char *time = NULL;
  GDate day, today;
  int days;

  if (iso == NULL)
    return g_strdup (_("Unknown time"));
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);
  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  moment = g_date_time_to_timezone (utc, tz);
  here_now = now != NULL ? g_date_time_to_timezone (now, tz) : g_date_time_new_now (tz);

  /* Translators: a time of day: hours (0–23) and minutes, as in “14:05”. */
  time = g_strdup_printf (_("%1$02d:%2$02d"), g_date_time_get_hour (moment),
                          g_date_time_get_minute (moment));
  date_of (moment, &day);
  date_of (here_now, &today);
  days = g_date_days_between (&today, &day);
  if (days == 0)
    /* Translators: %s is a time, as in “Today, 14:05”. */
    return g_strdup_printf (_("Today, %s"), time);
  if (days == -1)
    /* Translators: %s is a time, as in “Yesterday, 14:05”. */
    return g_strdup_printf (_("Yesterday, %s"), time);
  {
    g_autofree char *date = tg_format_date (&day);

    /* Translators: a date and a time, as in “Mon 23 Nov 2026, 14:05”. */
    return g_strdup_printf (_("%1$s, %2$s"), date, time);
  }
}

char *
tg_format_date_time (const char *iso)
{
  return tg_format_date_time_full (iso, NULL, NULL);
}

char *
tg_format_iso_readable (const char *iso)
{
  if (iso == NULL)
    return g_strdup ("");
  if (strlen (iso) == 10)
    return tg_format_iso_date (iso);
  return tg_format_date_time (iso);
}
