#include "config.h"

#include "tg-validate.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

/* The check letters of the PNC and CRO schemes; I, O and S are left out
 * because they are read as 1, 0 and 5. */
static const char pnc_check_letters[] = "ZABCDEFGHJKLMNPQRTUVWXY";

/* What each kind looks like, said once so that every message about a kind
 * describes it in the same words. */
#define PRISON_NUMBER_SHAPE N_("one letter, four digits and two letters, like A1234BC")
#define PNC_ID_SHAPE N_("YYYY/NNNNNNNC or YY/NNNNNNNC: year, slash, serial, check letter")
#define CRO_NUMBER_SHAPE N_("NNNNNN/YYC or SF YY/NNNNNNC, ending in the check letter")
#define NHS_NUMBER_SHAPE N_("ten digits, like 999 000 0018")
#define CRN_SHAPE N_("one letter and six digits, like A123456")
#define DATE_SHAPE N_("YYYY-MM-DD, like 2026-11-27")
#define DATE_TIME_SHAPE N_("YYYY-MM-DDTHH:MM, with optional seconds and zone, like 2026-11-27T09:30")
#define TIME_SHAPE N_("HH:MM in 24 hours, like 09:30")

/* The message for a wrong check letter does not give the right one: someone
 * who is shown it tends to copy it in, which hides the mistyped digit the
 * check letter exists to catch. */
#define WRONG_CHECK_LETTER N_( \
  "has the wrong check letter for its year and serial " \
  "(a character was probably copied wrongly)")

/* Longest part of an input quoted back in a message; a pasted page of text
 * must not turn into a page-long error. */
#define QUOTE_MAX_CHARS 40

/* Returns the input in quotation marks, safe to show: messages end up in
 * JSON, terminals and labels, so bad UTF-8 and control characters become
 * U+FFFD and long input is cut short. */
static char *
quote (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new ("“");
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == QUOTE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
      n++;
    }
  g_string_append (out, "”");

  return g_string_free (out, FALSE);
}

/* Sets an error about input and returns NULL, so that a validator can say
 * `return reject (...)`. The message is "FIELD: “INPUT” " and then the
 * formatted detail. */
static void * G_GNUC_PRINTF (5, 6)
reject (GError           **error,
        TgValidationError  code,
        const char        *field,
        const char        *input,
        const char        *format,
        ...)
{
  g_autofree char *quoted = quote (input);
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: a field's name, the input in quotation marks and what is
   * wrong with it, e.g. "nhs_number: “123” is not an NHS number (…)". */
  g_set_error (error, TG_VALIDATION_ERROR, code, _("%1$s: %2$s %3$s"),
               field, quoted, detail);
  return NULL;
}

/* Returns a copy of the input without surrounding white space, or NULL with
 * an error when nothing is left: a blank identifier is never valid, and the
 * caller decides whether the field may be left out altogether. */
static char *
strip_input (const char         *field,
             const char         *input,
             TgValidationError   code,
             const char         *shape,
             GError            **error)
{
  g_autofree char *text = NULL;

  if (input != NULL)
    text = g_strstrip (g_strdup (input));

  if (text == NULL || text[0] == '\0')
    {
      /* Translators: a field's name, then what it should look like. */
      g_set_error (error, TG_VALIDATION_ERROR, code,
                   _("%s: no value was given (expected %s)"), field, shape);
      return NULL;
    }

  return g_steal_pointer (&text);
}

/* TRUE if text starts with the shape of pattern, where in the pattern 'A'
 * stands for any ASCII letter, '9' for any digit and anything else for
 * itself. Reading stops at the first mismatch, so text may be shorter. */
static gboolean
matches_prefix (const char *text,
                const char *pattern)
{
  for (; *pattern != '\0'; text++, pattern++)
    {
      gboolean fits;

      if (*pattern == 'A')
        fits = g_ascii_isalpha (*text);
      else if (*pattern == '9')
        fits = g_ascii_isdigit (*text);
      else
        fits = *text == *pattern;
      if (!fits)
        return FALSE;
    }

  return TRUE;
}

/* TRUE if the whole of text has the shape of pattern. */
static gboolean
matches_pattern (const char *text,
                 const char *pattern)
{
  return matches_prefix (text, pattern) && text[strlen (pattern)] == '\0';
}

/* Reads from min to max digits at *p into *value and moves *p past them;
 * FALSE if there are fewer than min or more than max. The callers' max is
 * small enough that the value fits. */
static gboolean
scan_digits (const char **p,
             gsize        min,
             gsize        max,
             guint       *value)
{
  gsize n = 0;

  *value = 0;
  for (; g_ascii_isdigit ((*p)[n]); n++)
    {
      if (n == max)
        return FALSE;
      *value = *value * 10 + (guint) ((*p)[n] - '0');
    }
  if (n < min)
    return FALSE;
  *p += n;

  return TRUE;
}

/* Moves *p past the character c if it is there. */
static gboolean
scan_char (const char **p,
           char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;

  return TRUE;
}

char
tg_pnc_check_letter (guint year2,
                     guint serial)
{
  guint64 number;

  g_return_val_if_fail (year2 <= 99, '\0');
  g_return_val_if_fail (serial <= 9999999, '\0');

  /* The year and the serial padded to seven digits, read as one number. */
  number = (guint64) year2 * 10000000 + serial;

  return pnc_check_letters[number % 23];
}

int
tg_nhs_check_digit (const char *nine_digits)
{
  guint sum = 0;
  guint check;

  g_return_val_if_fail (nine_digits != NULL, -1);

  for (guint i = 0; i < 9; i++)
    {
      g_return_val_if_fail (g_ascii_isdigit (nine_digits[i]), -1);
      sum += (guint) (nine_digits[i] - '0') * (10 - i);
    }

  check = 11 - sum % 11;
  if (check == 11)
    return 0;
  if (check == 10)
    return -1;

  return (int) check;
}

/* Validates the identifiers that are a fixed run of letters and digits, and
 * returns them in upper case. */
static char *
validate_pattern (const char         *field,
                  const char         *input,
                  const char         *pattern,
                  TgValidationError   code,
                  const char         *what,
                  const char         *shape,
                  GError            **error)
{
  g_autofree char *text = NULL;

  text = strip_input (field, input, code, shape, error);
  if (text == NULL)
    return NULL;
  if (!matches_pattern (text, pattern))
    /* Translators: the kind of number ("a prison number"), then what it
     * should look like. */
    return reject (error, code, field, text, _("is not %s (expected %s)"),
                   what, shape);

  return g_ascii_strup (text, -1);
}

char *
tg_validate_prison_number (const char  *field,
                           const char  *input,
                           GError     **error)
{
  g_return_val_if_fail (field != NULL, NULL);

  /* Translators: the kind of number in "is not %s (expected %s)". */
  return validate_pattern (field, input, "A9999AA",
                           TG_VALIDATION_ERROR_PRISON_NUMBER,
                           _("a prison number"), _(PRISON_NUMBER_SHAPE), error);
}

char *
tg_validate_crn (const char  *field,
                 const char  *input,
                 GError     **error)
{
  g_return_val_if_fail (field != NULL, NULL);

  /* Translators: the kind of number in "is not %s (expected %s)". */
  return validate_pattern (field, input, "A999999", TG_VALIDATION_ERROR_CRN,
                           _("a case reference number"), _(CRN_SHAPE), error);
}

char *
tg_validate_pnc_id (const char  *field,
                    const char  *input,
                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *upper = NULL;
  const char *p;
  gsize year_width;
  guint year;
  guint serial;

  g_return_val_if_fail (field != NULL, NULL);

  text = strip_input (field, input, TG_VALIDATION_ERROR_PNC_ID,
                      _(PNC_ID_SHAPE), error);
  if (text == NULL)
    return NULL;
  upper = g_ascii_strup (text, -1);

  /* The long form has a four-digit year and a serial padded to seven
   * digits; the short form drops the century and may drop the padding. */
  year_width = matches_prefix (upper, "9999/") ? 4 : 2;
  p = upper;
  if (!scan_digits (&p, year_width, year_width, &year) ||
      !scan_char (&p, '/') ||
      !scan_digits (&p, year_width == 4 ? 7 : 1, 7, &serial) ||
      !matches_pattern (p, "A"))
    return reject (error, TG_VALIDATION_ERROR_PNC_ID, field, text,
                   _("is not a PNC ID (expected %s)"), _(PNC_ID_SHAPE));

  if (*p != tg_pnc_check_letter (year % 100, serial))
    return reject (error, TG_VALIDATION_ERROR_PNC_ID, field, text,
                   _(WRONG_CHECK_LETTER));

  return g_steal_pointer (&upper);
}

char *
tg_validate_cro_number (const char  *field,
                        const char  *input,
                        GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *upper = NULL;
  const char *p;
  gboolean well_formed;
  guint year = 0;
  guint serial = 0;

  g_return_val_if_fail (field != NULL, NULL);

  text = strip_input (field, input, TG_VALIDATION_ERROR_CRO_NUMBER,
                      _(CRO_NUMBER_SHAPE), error);
  if (text == NULL)
    return NULL;
  upper = g_ascii_strup (text, -1);

  if (g_str_has_prefix (upper, "SF"))
    {
      /* SF YY/NNNNNNC. The space after SF is written both ways; the
       * canonical form drops it, so that both compare equal. */
      if (upper[2] == ' ')
        memmove (upper + 2, upper + 3, strlen (upper + 3) + 1);
      p = upper + 2;
      well_formed = scan_digits (&p, 2, 2, &year) &&
                    scan_char (&p, '/') &&
                    scan_digits (&p, 1, 6, &serial);
    }
  else
    {
      /* NNNNNN/YYC. */
      p = upper;
      well_formed = scan_digits (&p, 1, 6, &serial) &&
                    scan_char (&p, '/') &&
                    scan_digits (&p, 2, 2, &year);
    }

  if (!well_formed || !matches_pattern (p, "A"))
    return reject (error, TG_VALIDATION_ERROR_CRO_NUMBER, field, text,
                   _("is not a CRO number (expected %s)"), _(CRO_NUMBER_SHAPE));

  if (*p != tg_pnc_check_letter (year, serial))
    return reject (error, TG_VALIDATION_ERROR_CRO_NUMBER, field, text,
                   _(WRONG_CHECK_LETTER));

  return g_steal_pointer (&upper);
}

char *
tg_validate_nhs_number (const char  *field,
                        const char  *input,
                        GError     **error)
{
  g_autofree char *text = NULL;
  char digits[11];
  gsize n = 0;
  gboolean well_formed = TRUE;
  int check;

  g_return_val_if_fail (field != NULL, NULL);

  text = strip_input (field, input, TG_VALIDATION_ERROR_NHS_NUMBER,
                      _(NHS_NUMBER_SHAPE), error);
  if (text == NULL)
    return NULL;

  /* Cards and letters print the number as 3-3-4 with spaces or hyphens;
   * people copy it either way, so separators are dropped wherever they are. */
  for (const char *p = text; *p != '\0' && well_formed; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (g_ascii_isdigit (*p) && n < 10)
        digits[n++] = *p;
      else
        well_formed = FALSE;
    }
  if (!well_formed || n != 10)
    return reject (error, TG_VALIDATION_ERROR_NHS_NUMBER, field, text,
                   _("is not an NHS number (expected %s)"), _(NHS_NUMBER_SHAPE));
  digits[10] = '\0';

  check = tg_nhs_check_digit (digits);
  if (check < 0)
    return reject (error, TG_VALIDATION_ERROR_NHS_NUMBER, field, text,
                   _("is not an NHS number: none is issued with these first "
                   "nine digits (a digit was probably copied wrongly)"));
  if (digits[9] - '0' != check)
    return reject (error, TG_VALIDATION_ERROR_NHS_NUMBER, field, text,
                   _("has the wrong check digit "
                   "(a digit was probably copied wrongly)"));

  return g_strdup (digits);
}

/* Checks that text, which starts with the shape 9999-99-99, names a real
 * day, and says what is wrong with it if not. */
static gboolean
check_real_day (const char         *field,
                const char         *text,
                TgValidationError   code,
                GError            **error)
{
  static const char * const month_names[] = {
    NULL, NC_("month", "January"), NC_("month", "February"),
    NC_("month", "March"), NC_("month", "April"), NC_("month", "May"),
    NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
    NC_("month", "September"), NC_("month", "October"),
    NC_("month", "November"), NC_("month", "December"),
  };
  const char *p = text;
  guint year;
  guint month;
  guint day;
  guint days_in_month;

  /* The caller has checked the shape, so none of this can fail. */
  scan_digits (&p, 4, 4, &year);
  scan_char (&p, '-');
  scan_digits (&p, 2, 2, &month);
  scan_char (&p, '-');
  scan_digits (&p, 2, 2, &day);

  if (year == 0)
    {
      reject (error, code, field, text, _("is not a real day: there is no year 0"));
      return FALSE;
    }
  if (month < 1 || month > 12)
    {
      reject (error, code, field, text,
              _("is not a real day: there is no month %02u"), month);
      return FALSE;
    }

  days_in_month = g_date_get_days_in_month ((GDateMonth) month,
                                            (GDateYear) year);
  if (day < 1 || day > days_in_month)
    {
      /* Translators: a month's name, a year and the number of days in
       * that month. */
      reject (error, code, field, text,
              _("is not a real day: %s %04u has %u days"),
              g_dpgettext2 (GETTEXT_PACKAGE, "month", month_names[month]),
              year, days_in_month);
      return FALSE;
    }

  return TRUE;
}

char *
tg_validate_date (const char  *field,
                  const char  *input,
                  GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  text = strip_input (field, input, TG_VALIDATION_ERROR_DATE, _(DATE_SHAPE), error);
  if (text == NULL)
    return NULL;

  if (!matches_pattern (text, "9999-99-99"))
    return reject (error, TG_VALIDATION_ERROR_DATE, field, text,
                   _("is not a date (expected %s)"), _(DATE_SHAPE));
  if (!check_real_day (field, text, TG_VALIDATION_ERROR_DATE, error))
    return NULL;

  return g_steal_pointer (&text);
}

/* Rewrites a date and time in the shapes Throughgate accepts into the one
 * g_date_time_new_from_iso8601() reads, or returns NULL if text has none
 * of those shapes. GLib needs the seconds, which people leave out, and also
 * reads week and ordinal dates, which nobody here means to type. */
static char *
date_time_for_glib (const char *text)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  if (!matches_prefix (text, "9999-99-99") ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      !matches_prefix (text + 11, "99:99"))
    return NULL;

  out = g_string_new_len (text, 10);
  g_string_append_c (out, 'T');
  g_string_append_len (out, text + 11, 5);

  p = text + 16;
  if (matches_prefix (p, ":99"))
    {
      g_string_append_len (out, p, 3);
      p += 3;
      if (matches_prefix (p, ".9"))
        {
          g_string_append_c (out, '.');
          for (p++; g_ascii_isdigit (*p); p++)
            g_string_append_c (out, *p);
        }
    }
  else
    {
      g_string_append (out, ":00");
    }

  if (*p == 'Z' || *p == 'z')
    {
      g_string_append_c (out, 'Z');
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      if (!matches_pattern (p + 1, "99") &&
          !matches_pattern (p + 1, "99:99") &&
          !matches_pattern (p + 1, "9999"))
        return NULL;
      g_string_append (out, p);
      p += strlen (p);
    }
  if (*p != '\0')
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
tg_validate_date_time (const char  *field,
                       const char  *input,
                       GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *for_glib = NULL;
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  text = strip_input (field, input, TG_VALIDATION_ERROR_DATE_TIME,
                      _(DATE_TIME_SHAPE), error);
  if (text == NULL)
    return NULL;

  for_glib = date_time_for_glib (text);
  if (for_glib == NULL)
    return reject (error, TG_VALIDATION_ERROR_DATE_TIME, field, text,
                   _("is not a date and time (expected %s)"), _(DATE_TIME_SHAPE));

  /* A worker types the time on the clock in front of them; only a zone
   * written in the text overrides that. */
  local = g_time_zone_new_local ();
  parsed = g_date_time_new_from_iso8601 (for_glib, local);
  if (parsed == NULL)
    {
      /* Say what is wrong with the day when it is the day. */
      if (!check_real_day (field, text, TG_VALIDATION_ERROR_DATE_TIME, error))
        return NULL;
      return reject (error, TG_VALIDATION_ERROR_DATE_TIME, field, text,
                     _("has a time of day or zone out of range (expected %s)"),
                     _(DATE_TIME_SHAPE));
    }

  utc = g_date_time_to_utc (parsed);
  if (utc == NULL)
    return reject (error, TG_VALIDATION_ERROR_DATE_TIME, field, text,
                   _("is out of the range of dates that can be stored"));

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
tg_validate_time (const char  *field,
                  const char  *input,
                  GError     **error)
{
  g_autofree char *text = NULL;
  const char *p;
  guint hour;
  guint minute;

  g_return_val_if_fail (field != NULL, NULL);

  text = strip_input (field, input, TG_VALIDATION_ERROR_TIME, _(TIME_SHAPE), error);
  if (text == NULL)
    return NULL;

  /* The hour may be written without its leading zero (9:30). */
  p = text;
  if (!scan_digits (&p, 1, 2, &hour) ||
      !scan_char (&p, ':') ||
      !scan_digits (&p, 2, 2, &minute) ||
      *p != '\0')
    return reject (error, TG_VALIDATION_ERROR_TIME, field, text,
                   _("is not a time (expected %s)"), _(TIME_SHAPE));
  if (hour > 23 || minute > 59)
    return reject (error, TG_VALIDATION_ERROR_TIME, field, text,
                   _("is not a real time of day (expected %s)"), _(TIME_SHAPE));

  return g_strdup_printf ("%02u:%02u", hour, minute);
}
