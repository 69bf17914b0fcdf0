/* test-format.c: dates and times as the app shows them (tg-format.h).
 *
 * In C (no translation), UK style: "Mon 23 Nov 2026", "14:05". Moments
 * are stored in UTC and shown in Europe/London, across both BST changes;
 * "now" is fixed by each case, never the clock.
 */

#include "config.h"

#include <locale.h>

#include "tg-format.h"

typedef struct {
  const char *iso;
  const char *expected;   /* NULL: tg_format_iso_date gives NULL */
} DateCase;

static const DateCase date_cases[] = {
  { "2026-11-23", "Mon 23 Nov 2026" },
  { "2027-01-01", "Fri 1 Jan 2027" },
  { "2024-02-29", "Thu 29 Feb 2024" },
  { "2026-05-31", "Sun 31 May 2026" },
  /* Not a day: shown as stored, never hidden. */
  { "2026-02-30", "2026-02-30" },
  { "next Tuesday", "next Tuesday" },
  { NULL, NULL },
};

typedef struct {
  const char *name;
  const char *iso;
  const char *now;        /* UTC */
  const char *expected;   /* in Europe/London */
} MomentCase;

static const MomentCase moment_cases[] = {
  { "today", "2026-11-23T14:05:00Z", "2026-11-23T16:00:00Z", "Today, 14:05" },
  { "yesterday", "2026-11-22T09:30:00Z", "2026-11-23T16:00:00Z", "Yesterday, 09:30" },
  { "earlier", "2026-11-20T08:00:00Z", "2026-11-23T16:00:00Z", "Fri 20 Nov 2026, 08:00" },
  { "summer", "2026-07-01T13:05:00Z", "2026-11-23T16:00:00Z", "Wed 1 Jul 2026, 14:05" },
  /* BST ends at 01:00 UTC on Sun 25 Oct 2026: 01:30 comes twice. */
  { "bst-last", "2026-10-25T00:30:00Z", "2026-11-23T16:00:00Z", "Sun 25 Oct 2026, 01:30" },
  { "gmt-first", "2026-10-25T01:30:00Z", "2026-11-23T16:00:00Z", "Sun 25 Oct 2026, 01:30" },
  /* BST starts at 01:00 UTC on Sun 29 Mar 2026: after 00:59 GMT comes 02:00 BST. */
  { "gmt-last", "2026-03-29T00:59:00Z", "2026-11-23T16:00:00Z", "Sun 29 Mar 2026, 00:59" },
  { "bst-first", "2026-03-29T01:00:00Z", "2026-11-23T16:00:00Z", "Sun 29 Mar 2026, 02:00" },
  /* Late in a summer evening in UTC is already tomorrow in London. */
  { "bst-midnight", "2026-06-30T23:30:00Z", "2026-11-23T16:00:00Z", "Wed 1 Jul 2026, 00:30" },
  /* "Today" is London's day, not UTC's: at 00:30 BST, 23:00 BST is yesterday. */
  { "bst-today", "2026-07-01T22:00:00Z", "2026-07-01T23:30:00Z", "Yesterday, 23:00" },
  { "not-a-moment", "2026-13-01T00:00:00Z", "2026-11-23T16:00:00Z", "2026-13-01T00:00:00Z" },
  { "unknown", NULL, "2026-11-23T16:00:00Z", "Unknown time" },
};

static void
test_date (gconstpointer data)
{
  const DateCase *c = data;
  g_autofree char *text = tg_format_iso_date (c->iso);

  g_assert_cmpstr (text, ==, c->expected);
}

static void
test_day (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 27, G_DATE_NOVEMBER, 2026);
  {
    g_autofree char *text = tg_format_day (&date);

    g_assert_cmpstr (text, ==, "Friday 27 November");
  }
}

static void
test_no_weekday (void)
{
  g_autofree char *born = tg_format_iso_date_no_weekday ("1986-03-04");
  g_autofree char *bad = tg_format_iso_date_no_weekday ("04/03/1986");

  g_assert_cmpstr (born, ==, "4 Mar 1986");
  g_assert_cmpstr (bad, ==, "04/03/1986");
  g_assert_null (tg_format_iso_date_no_weekday (NULL));
}

static void
test_moment (gconstpointer data)
{
  const MomentCase *c = data;
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (c->now, NULL);
  g_autofree char *text = NULL;

  g_assert_nonnull (london);
  g_assert_nonnull (now);
  text = tg_format_date_time_full (c->iso, london, now);
  g_assert_cmpstr (text, ==, c->expected);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/format/date/%s",
                                               date_cases[i].iso ?: "null");
      g_test_add_data_func (path, &date_cases[i], test_date);
    }
  g_test_add_func ("/tg/format/day", test_day);
  g_test_add_func ("/tg/format/no-weekday", test_no_weekday);
  for (guint i = 0; i < G_N_ELEMENTS (moment_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/format/moment/%s", moment_cases[i].name);
      g_test_add_data_func (path, &moment_cases[i], test_moment);
    }
  return g_test_run ();
}
