/* test-dates.c: the calendar rules in tg-dates.h.
 *
 * Every expected value below was worked out by hand from a paper calendar
 * and the published bank holiday list, never by calling the code under
 * test; the weekday is written next to each date so a reader can check it.
 */
#include <glib.h>

#include "tg-dates.h"

typedef struct
{
  const char *name;
  const char *iso;
  gboolean    bank_holiday;
  gboolean    working_day;
  gboolean    earlier_release;
} CalendarCase;

static const CalendarCase calendar_cases[] = {
  /* Ordinary weeks. */
  { "tuesday",                       "2026-11-24", FALSE, TRUE,  FALSE }, /* Tue */
  { "thursday-before-plain-friday",  "2026-11-26", FALSE, TRUE,  FALSE }, /* Thu */
  { "friday",                        "2026-11-27", FALSE, TRUE,  TRUE  }, /* Fri */
  { "saturday",                      "2026-11-28", FALSE, FALSE, TRUE  }, /* Sat */
  { "sunday",                        "2026-11-29", FALSE, FALSE, TRUE  }, /* Sun */

  /* Easter. The Thursday before Good Friday is flagged because the next day
   * is a bank holiday; the Sunday before Easter Monday is a weekend anyway. */
  { "thursday-before-good-friday-2024", "2024-03-28", FALSE, TRUE,  TRUE  }, /* Thu */
  { "thursday-before-good-friday-2027", "2027-03-25", FALSE, TRUE,  TRUE  }, /* Thu */
  { "good-friday-2027",                 "2027-03-26", TRUE,  FALSE, TRUE  }, /* Fri */
  { "easter-sunday-2027",               "2027-03-28", FALSE, FALSE, TRUE  }, /* Sun */
  { "easter-monday-2027",               "2027-03-29", TRUE,  FALSE, TRUE  }, /* Mon */
  { "tuesday-after-easter-2027",        "2027-03-30", FALSE, TRUE,  FALSE }, /* Tue */
  { "thursday-before-good-friday-2028", "2028-04-13", FALSE, TRUE,  TRUE  }, /* Thu */
  { "easter-monday-2028",               "2028-04-17", TRUE,  FALSE, TRUE  }, /* Mon */

  /* The Monday holidays of May and August. */
  { "friday-before-early-may-2028",  "2028-04-28", FALSE, TRUE,  TRUE  }, /* Fri */
  { "sunday-before-early-may-2028",  "2028-04-30", FALSE, FALSE, TRUE  }, /* Sun */
  { "early-may-2028",                "2028-05-01", TRUE,  FALSE, TRUE  }, /* Mon */
  { "early-may-2025",                "2025-05-05", TRUE,  FALSE, TRUE  }, /* Mon */
  { "spring-2026",                   "2026-05-25", TRUE,  FALSE, TRUE  }, /* Mon */
  { "tuesday-after-spring-2026",     "2026-05-26", FALSE, TRUE,  FALSE }, /* Tue */
  { "friday-before-summer-2026",     "2026-08-28", FALSE, TRUE,  TRUE  }, /* Fri */
  { "summer-2028",                   "2028-08-28", TRUE,  FALSE, TRUE  }, /* Mon */

  /* Christmas on weekdays: both days are holidays, so Christmas Eve is
   * flagged as the day before one. */
  { "monday-before-christmas-2024",  "2024-12-23", FALSE, TRUE,  FALSE }, /* Mon */
  { "christmas-eve-2024",            "2024-12-24", FALSE, TRUE,  TRUE  }, /* Tue */
  { "christmas-2024",                "2024-12-25", TRUE,  FALSE, TRUE  }, /* Wed */
  { "boxing-day-2024",               "2024-12-26", TRUE,  FALSE, TRUE  }, /* Thu */
  { "friday-after-boxing-day-2024",  "2024-12-27", FALSE, TRUE,  TRUE  }, /* Fri */
  { "tuesday-before-christmas-2025", "2025-12-23", FALSE, TRUE,  FALSE }, /* Tue */
  { "christmas-eve-2025",            "2025-12-24", FALSE, TRUE,  TRUE  }, /* Wed */

  /* 2026: Christmas is a Friday and Boxing Day a Saturday, so Boxing Day's
   * holiday moves to Monday 28 December; the 26th itself is a weekend. */
  { "christmas-eve-2026",            "2026-12-24", FALSE, TRUE,  TRUE  }, /* Thu */
  { "christmas-2026",                "2026-12-25", TRUE,  FALSE, TRUE  }, /* Fri */
  { "boxing-day-2026-saturday",      "2026-12-26", FALSE, FALSE, TRUE  }, /* Sat */
  { "boxing-day-substitute-2026",    "2026-12-28", TRUE,  FALSE, TRUE  }, /* Mon */
  { "tuesday-after-substitute-2026", "2026-12-29", FALSE, TRUE,  FALSE }, /* Tue */

  /* 2027: Christmas is a Saturday and Boxing Day a Sunday, so the holidays
   * are Monday 27 and Tuesday 28 December. Christmas Eve is flagged only
   * because it is a Friday. */
  { "christmas-eve-2027",            "2027-12-24", FALSE, TRUE,  TRUE  }, /* Fri */
  { "christmas-2027-saturday",       "2027-12-25", FALSE, FALSE, TRUE  }, /* Sat */
  { "boxing-day-2027-sunday",        "2027-12-26", FALSE, FALSE, TRUE  }, /* Sun */
  { "christmas-substitute-2027",     "2027-12-27", TRUE,  FALSE, TRUE  }, /* Mon */
  { "boxing-day-substitute-2027",    "2027-12-28", TRUE,  FALSE, TRUE  }, /* Tue */
  { "wednesday-after-christmas-2027", "2027-12-29", FALSE, TRUE, FALSE }, /* Wed */

  /* 2028: Christmas is a Monday; the Friday before is flagged as a Friday,
   * and Christmas Eve is a Sunday. */
  { "friday-before-christmas-2028",  "2028-12-22", FALSE, TRUE,  TRUE  }, /* Fri */
  { "christmas-eve-2028",            "2028-12-24", FALSE, FALSE, TRUE  }, /* Sun */
  { "boxing-day-2028",               "2028-12-26", TRUE,  FALSE, TRUE  }, /* Tue */
  { "wednesday-after-christmas-2028", "2028-12-27", FALSE, TRUE, FALSE }, /* Wed */

  /* Year boundaries. New Year's Eve is flagged when 1 January is a weekday
   * holiday. 2027-12-31 is a Friday but the day after is a Saturday, not a
   * holiday: New Year's Day 2028 moves to Monday 3 January. */
  { "new-years-eve-2024",            "2024-12-31", FALSE, TRUE,  TRUE  }, /* Tue */
  { "new-year-2025",                 "2025-01-01", TRUE,  FALSE, TRUE  }, /* Wed */
  { "new-years-eve-2025",            "2025-12-31", FALSE, TRUE,  TRUE  }, /* Wed */
  { "new-years-eve-2026",            "2026-12-31", FALSE, TRUE,  TRUE  }, /* Thu */
  { "new-year-2027-friday",          "2027-01-01", TRUE,  FALSE, TRUE  }, /* Fri */
  { "new-years-eve-2027",            "2027-12-31", FALSE, TRUE,  TRUE  }, /* Fri */
  { "new-year-2028-saturday",        "2028-01-01", FALSE, FALSE, TRUE  }, /* Sat */
  { "new-year-2028-sunday",          "2028-01-02", FALSE, FALSE, TRUE  }, /* Sun */
  { "new-year-substitute-2028",      "2028-01-03", TRUE,  FALSE, TRUE  }, /* Mon */
  { "tuesday-after-new-year-2028",   "2028-01-04", FALSE, TRUE,  FALSE }, /* Tue */

  /* Month ends. */
  { "month-end-february-2026",       "2026-02-28", FALSE, FALSE, TRUE  }, /* Sat */
  { "month-end-april-2027",          "2027-04-30", FALSE, TRUE,  TRUE  }, /* Fri */
  { "month-end-june-2026",           "2026-06-30", FALSE, TRUE,  FALSE }, /* Tue */
  { "month-end-august-2026",         "2026-08-31", TRUE,  FALSE, TRUE  }, /* Mon, summer holiday */
  { "month-end-september-2026",      "2026-09-30", FALSE, TRUE,  FALSE }, /* Wed */

  /* Leap days. 2024-02-29 is a Thursday, and 1 March a plain Friday. */
  { "leap-day-2024",                 "2024-02-29", FALSE, TRUE,  FALSE }, /* Thu */
  { "day-before-leap-day-2028",      "2028-02-28", FALSE, TRUE,  FALSE }, /* Mon */
  { "leap-day-2028",                 "2028-02-29", FALSE, TRUE,  FALSE }, /* Tue */
  { "day-after-leap-day-2028",       "2028-03-01", FALSE, TRUE,  FALSE }, /* Wed */
};

typedef struct
{
  const char *name;
  const char *iso;
  guint       year;
  guint       month;
  guint       day;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "ordinary",        "2026-11-27", 2026, 11, 27 },
  { "leap-day-2028",   "2028-02-29", 2028,  2, 29 },
  { "leap-day-2000",   "2000-02-29", 2000,  2, 29 }, /* divisible by 400 */
  { "first-year",      "0001-01-01",    1,  1,  1 },
  { "last-four-digit", "9999-12-31", 9999, 12, 31 },
  { "thirty-day-month", "2026-04-30", 2026, 4, 30 },
};

typedef struct
{
  const char *name;
  const char *text;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "empty",              "" },
  { "short-month",        "2026-1-01" },
  { "short-day",          "2026-01-1" },
  { "two-digit-year",     "26-01-01" },
  { "five-digit-year",    "20260-01-01" },
  { "slashes",            "2026/01/01" },
  { "no-separators",      "20260101" },
  { "month-zero",         "2026-00-10" },
  { "month-thirteen",     "2026-13-01" },
  { "day-zero",           "2026-01-00" },
  { "day-thirty-two",     "2026-01-32" },
  { "april-thirty-one",   "2026-04-31" },
  { "february-29-2026",   "2026-02-29" },
  { "february-29-2027",   "2027-02-29" },
  { "february-29-2100",   "2100-02-29" }, /* divisible by 100, not by 400 */
  { "february-30-2028",   "2028-02-30" },
  { "year-zero",          "0000-01-01" },
  { "leading-space",      " 2026-01-01" },
  { "trailing-space",     "2026-01-01 " },
  { "trailing-newline",   "2026-01-01\n" },
  { "with-time",          "2026-01-01T09:00" },
  { "plus-sign",          "+026-01-01" },
  { "minus-sign-in-day",  "2026-01--1" },
  { "letter",             "2026-0a-01" },
  { "day-first",          "27-11-2026" },
  { "fullwidth-digits",   "２０２６-01-01" },
};

static void
parse_or_fail (const char *iso,
               GDate      *date)
{
  if (!tg_date_parse_iso (iso, date))
    g_error ("Test table date “%s” did not parse", iso);
}

static void
test_calendar (gconstpointer data)
{
  const CalendarCase *c = data;
  GDate date;

  parse_or_fail (c->iso, &date);

  g_assert_cmpint (tg_date_is_bank_holiday (&date), ==, c->bank_holiday);
  g_assert_cmpint (tg_date_is_working_day (&date), ==, c->working_day);
  g_assert_cmpint (tg_date_is_earlier_release (&date), ==, c->earlier_release);
}

static void
test_parse_valid (gconstpointer data)
{
  const ValidCase *c = data;
  g_autofree char *round_trip = NULL;
  GDate date;

  g_assert_true (tg_date_parse_iso (c->iso, &date));
  g_assert_cmpuint (g_date_get_year (&date), ==, c->year);
  g_assert_cmpuint (g_date_get_month (&date), ==, c->month);
  g_assert_cmpuint (g_date_get_day (&date), ==, c->day);

  round_trip = tg_date_to_iso (&date);
  g_assert_cmpstr (round_trip, ==, c->iso);

  /* Callers that only validate may pass no date. */
  g_assert_true (tg_date_parse_iso (c->iso, NULL));
}

static void
test_parse_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  GDate date;

  /* Start from a valid date so the test sees the parser clear it. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2026);

  g_assert_false (tg_date_parse_iso (c->text, &date));
  g_assert_false (g_date_valid (&date));
  g_assert_false (tg_date_parse_iso (c->text, NULL));
}

static void
test_to_iso_invalid (void)
{
  g_autofree char *iso = NULL;
  GDate date;

  g_date_clear (&date, 1);

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*g_date_valid*");
  iso = tg_date_to_iso (&date);
  g_test_assert_expected_messages ();
  g_assert_null (iso);
}

static void
test_range (void)
{
  guint first = 0;
  guint last = 0;

  tg_bank_holidays_range (&first, &last);
  g_assert_cmpuint (first, ==, 2024);
  g_assert_cmpuint (last, ==, 2028);

  /* Either end may be left out. */
  tg_bank_holidays_range (NULL, &last);
  g_assert_cmpuint (last, ==, 2028);
}

/* Every year from 2024 to 2028 has exactly the eight regular holidays and
 * no one-off ones, so a count of eight catches a dropped or mistyped line
 * in the list that the spot checks above would miss. */
static void
test_holidays_per_year (gconstpointer data)
{
  guint year = GPOINTER_TO_UINT (data);
  guint count = 0;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, (GDateYear) year);

  while (g_date_get_year (&date) == year)
    {
      if (tg_date_is_bank_holiday (&date))
        {
          g_assert_false (tg_date_is_working_day (&date));
          count++;
        }
      g_date_add_days (&date, 1);
    }

  g_assert_cmpuint (count, ==, 8);
}

static gpointer
check_from_thread (gpointer data)
{
  GDate holiday;
  GDate ordinary;

  parse_or_fail ("2027-12-28", &holiday);
  parse_or_fail ("2027-12-29", &ordinary);

  return GINT_TO_POINTER (tg_date_is_bank_holiday (&holiday)
                          && !tg_date_is_bank_holiday (&ordinary));
}

/* The list is loaded on first use. This runs before any other case touches
 * it, so the threads race to load it; each must see the whole list. */
static void
test_first_use_from_threads (void)
{
  GThread *threads[8];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("tg-dates-test", check_from_thread, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Cases added directly under /tg/dates run before the nested suites, in
   * the order added, so this one sees the list unloaded. */
  g_test_add_func ("/tg/dates/first-use-from-threads", test_first_use_from_threads);
  g_test_add_func ("/tg/dates/range", test_range);
  g_test_add_func ("/tg/dates/to-iso-invalid", test_to_iso_invalid);

  for (guint i = 0; i < G_N_ELEMENTS (calendar_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/dates/calendar/%s",
                                               calendar_cases[i].name);

      g_test_add_data_func (path, &calendar_cases[i], test_calendar);
    }

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/dates/parse/valid/%s",
                                               valid_cases[i].name);

      g_test_add_data_func (path, &valid_cases[i], test_parse_valid);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/dates/parse/invalid/%s",
                                               invalid_cases[i].name);

      g_test_add_data_func (path, &invalid_cases[i], test_parse_invalid);
    }

  for (guint year = 2024; year <= 2028; year++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/dates/holidays-per-year/%u",
                                               year);

      g_test_add_data_func (path, GUINT_TO_POINTER (year), test_holidays_per_year);
    }

  return g_test_run ();
}
