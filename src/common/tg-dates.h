/* tg-dates.h: calendar rules for England and Wales.
 *
 * Bank holidays are data (data/bank-holidays-england-and-wales.txt, compiled
 * in as a resource), not a formula: they move for coronations, jubilees and
 * funerals, and the list is updated from the government's published one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses YYYY-MM-DD into a GDate; FALSE if it is not a real day. */
gboolean tg_date_parse_iso       (const char  *text,
                                  GDate       *out_date);
char    *tg_date_to_iso          (const GDate *date) G_GNUC_WARN_UNUSED_RESULT;

gboolean tg_date_is_bank_holiday (const GDate *date);
gboolean tg_date_is_working_day  (const GDate *date);

/* First and last year the bank holiday list covers. */
void     tg_bank_holidays_range  (guint       *first_year,
                                  guint       *last_year);

/* A release date on a Friday, or on the day before a bank holiday, is
 * likely to happen one working day earlier; so is one that falls on a
 * weekend or bank holiday, when nobody is released. */
gboolean tg_date_is_earlier_release (const GDate *release_date);

G_END_DECLS
