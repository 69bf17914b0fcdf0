/* tg-format.h: dates and times as a worker reads them.
 *
 * The store keeps dates as ISO 8601 days (2026-11-23) and moments as UTC
 * (2026-11-23T14:05:00Z); the app shows them in local time, UK style by
 * default: "Mon 23 Nov 2026", "14:05". Day and month names and every
 * pattern are translatable strings, not the C library's locale data, so a
 * translation changes them whatever locales the system has generated.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "Mon 23 Nov 2026". */
char *tg_format_date          (const GDate *date) G_GNUC_WARN_UNUSED_RESULT;

/* "23 Aug 1995": a date whose weekday nobody needs (a date of birth). */
char *tg_format_date_no_weekday (const GDate *date) G_GNUC_WARN_UNUSED_RESULT;

/* "Monday 23 November": a day in the coming weeks, year understood. */
char *tg_format_day           (const GDate *date) G_GNUC_WARN_UNUSED_RESULT;

/* "Monday 23 November 2026". */
char *tg_format_long_date     (const GDate *date) G_GNUC_WARN_UNUSED_RESULT;

/* An ISO day (YYYY-MM-DD) as tg_format_date(); NULL gives NULL, text that
 * is not a day comes back as it is, so nothing stored is ever hidden. */
char *tg_format_iso_date      (const char  *iso) G_GNUC_WARN_UNUSED_RESULT;
/* The same for tg_format_date_no_weekday(). */
char *tg_format_iso_date_no_weekday (const char *iso) G_GNUC_WARN_UNUSED_RESULT;

/* A stored ISO day as tg_format_iso_date(), or a stored moment as
 * tg_format_date_time(); "" for NULL. For rows that show either. */
char *tg_format_iso_readable  (const char  *iso) G_GNUC_WARN_UNUSED_RESULT;

/* A stored UTC moment in @tz (NULL: the local zone), relative to @now
 * (NULL: the present): "Today, 14:05", "Yesterday, 09:30", otherwise
 * "Mon 23 Nov 2026, 14:05". NULL gives "Unknown time"; text that is not
 * a moment comes back as it is. */
char *tg_format_date_time_full (const char *iso,
                                GTimeZone  *tz,
                                GDateTime  *now) G_GNUC_WARN_UNUSED_RESULT;

/* tg_format_date_time_full (iso, NULL, NULL). */
char *tg_format_date_time      (const char *iso) G_GNUC_WARN_UNUSED_RESULT;

/* Today in the local zone. */
void  tg_format_today          (GDate *today);

G_END_DECLS
