/* test-validate.c: every validator against a table of inputs.
 *
 * The expected check letters and digits were worked out by hand, with the
 * arithmetic in the comments, so that a wrong implementation cannot write its
 * own expectations. All identifiers are synthetic: NHS numbers come from the
 * 999 range, which is never issued.
 */
#include <glib.h>
#include <string.h>

#include "tg-error.h"
#include "tg-validate.h"

typedef char *(*ValidateFunc) (const char  *field,
                               const char  *input,
                               GError     **error);

/* One kind of value: the validator, the field name passed to it (which
 * every message must start with) and the error code of a rejection. */
typedef struct {
  const char        *kind;
  const char        *field;
  ValidateFunc       validate;
  TgValidationError  code;
} Kind;

static const Kind kinds[] = {
  { "prison-number", "prison_number", tg_validate_prison_number, TG_VALIDATION_ERROR_PRISON_NUMBER },
  { "pnc-id", "pnc_id", tg_validate_pnc_id, TG_VALIDATION_ERROR_PNC_ID },
  { "cro-number", "cro_number", tg_validate_cro_number, TG_VALIDATION_ERROR_CRO_NUMBER },
  { "nhs-number", "nhs_number", tg_validate_nhs_number, TG_VALIDATION_ERROR_NHS_NUMBER },
  { "crn", "crn", tg_validate_crn, TG_VALIDATION_ERROR_CRN },
  { "date", "date_of_birth", tg_validate_date, TG_VALIDATION_ERROR_DATE },
  { "date-time", "occurred_at", tg_validate_date_time, TG_VALIDATION_ERROR_DATE_TIME },
  { "time", "release_time", tg_validate_time, TG_VALIDATION_ERROR_TIME },
};

/* One input: canonical is the expected output, or NULL when the input must
 * be rejected; then detail, if set, is a phrase the message must hold, which
 * tells a wrong check character apart from a wrong shape. */
typedef struct {
  const char *kind;
  const char *name;
  const char *input;
  const char *canonical;
  const char *detail;
} Case;

#define WRONG_SHAPE(kind, name, input) { kind, name, input, NULL, "(expected " }

/* Nothing at all is never a valid identifier, date or time. */
#define BLANK_CASES(kind) \
  { kind, "empty", "", NULL, "no value was given" }, \
  { kind, "blank", " \t ", NULL, "no value was given" }, \
  { kind, "null", NULL, NULL, "no value was given" }

#define CHECK_LETTER "wrong check letter"
#define CHECK_DIGIT "wrong check digit"

/* PNC and CRO check letters are table[N mod 23] with
 * table = Z A B C D E F G H J  K  L  M  N  P  Q  R  T  U  V  W  X  Y
 *         0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22
 * and N the two-digit year followed by the serial padded to seven digits.
 *
 * 2001/0012345: N = 010012345 = 10012345 = 23 × 435319 + 8 (23 × 435319 =
 *   10012337), so the letter is table[8] = H. The short form 01/12345 pads
 *   to the same N and has the same letter.
 * 1995/0000001: N = 950000001 = 23 × 41304347 + 20 (23 × 41304347 =
 *   949999981), so table[20] = W.
 * 2026/1234567: N = 261234567 = 23 × 11358024 + 15 (23 × 11358024 =
 *   261234552), so table[15] = Q. Six and seven more give the last two
 *   letters: 2026/1234573 is table[21] = X and 2026/1234574 is table[22] = Y.
 * 2023/0000023: N = 230000023 = 23 × 10000001 + 0, so table[0] = Z.
 * CRO 123456/95 and SF 95/123456: N = 950123456 = 949999981 + 123475, and
 *   123475 = 23 × 5368 + 11 (23 × 5368 = 123464), so table[11] = L.
 * CRO 12/07: N = 070000012 = 70000012 = 23 × 3043478 + 18 (23 × 3043478 =
 *   69999994), so table[18] = U.
 * CRO SF 03/4567: N = 030004567 = 30004567 = 23 × 1304546 + 9 (23 × 1304546
 *   = 30004558), so table[9] = J.
 *
 * NHS check digits: the first nine digits weighted 10, 9, …, 2; the check
 * digit is 11 - (sum mod 11), where 11 means 0 and 10 means no such number.
 * Every 999 number starts 9×10 + 9×9 + 9×8 = 243.
 * 999 000 001: 243 + 1×2 = 245 = 11 × 22 + 3, 11 - 3 = 8, so 999 000 0018.
 * 999 000 002: 243 + 2×2 = 247 = 11 × 22 + 5, 11 - 5 = 6, so 999 000 0026.
 * 999 000 005: 243 + 5×2 = 253 = 11 × 23 + 0, 11 - 0 = 11 → 0: 999 000 0050.
 * 999 000 008: 243 + 8×2 = 259 = 11 × 23 + 6, 11 - 6 = 5, so 999 000 0081,
 *   which is 999 000 0018 with its last two digits swapped, is wrong.
 * 999 876 543: 243 + 8×7 + 7×6 + 6×5 + 5×4 + 4×3 + 3×2 = 243 + 56 + 42 + 30
 *   + 20 + 12 + 6 = 409 = 11 × 37 + 2, 11 - 2 = 9, so 999 876 5439.
 * 999 000 000: 243 = 11 × 22 + 1, 11 - 1 = 10: no such number.
 * 999 123 456: 243 + 1×7 + 2×6 + 3×5 + 4×4 + 5×3 + 6×2 = 243 + 7 + 12 + 15
 *   + 16 + 15 + 12 = 320 = 11 × 29 + 1, 11 - 1 = 10: no such number.
 */
static const Case cases[] = {
  { "prison-number", "valid", "A1234BC", "A1234BC", NULL },
  { "prison-number", "lower-case", "z9876yx", "Z9876YX", NULL },
  { "prison-number", "surrounding-spaces", "  a1234bc\t", "A1234BC", NULL },
  WRONG_SHAPE ("prison-number", "five-digits", "A12345C"),
  WRONG_SHAPE ("prison-number", "digit-first", "11234BC"),
  WRONG_SHAPE ("prison-number", "one-letter-at-end", "A1234B"),
  WRONG_SHAPE ("prison-number", "too-long", "A1234BCD"),
  WRONG_SHAPE ("prison-number", "inner-spaces", "A 1234 BC"),
  BLANK_CASES ("prison-number"),

  { "pnc-id", "long-form", "2001/0012345H", "2001/0012345H", NULL },
  { "pnc-id", "long-form-1995", "1995/0000001W", "1995/0000001W", NULL },
  { "pnc-id", "lower-case", " 2026/1234567q ", "2026/1234567Q", NULL },
  { "pnc-id", "check-x", "2026/1234573X", "2026/1234573X", NULL },
  { "pnc-id", "check-y", "2026/1234574y", "2026/1234574Y", NULL },
  { "pnc-id", "check-z", "2023/0000023Z", "2023/0000023Z", NULL },
  { "pnc-id", "short-form", "01/12345H", "01/12345H", NULL },
  { "pnc-id", "short-form-padded", "01/0012345H", "01/0012345H", NULL },
  { "pnc-id", "short-form-one-digit", "95/1W", "95/1W", NULL },
  { "pnc-id", "wrong-letter", "2001/0012345Z", NULL, CHECK_LETTER },
  { "pnc-id", "wrong-letter-short", "01/12345J", NULL, CHECK_LETTER },
  { "pnc-id", "swapped-digits", "2001/0012354H", NULL, CHECK_LETTER },
  /* Only the last two digits of the year go into the check letter. */
  { "pnc-id", "century-not-checked", "1901/0012345H", "1901/0012345H", NULL },
  WRONG_SHAPE ("pnc-id", "long-form-short-serial", "2001/12345H"),
  WRONG_SHAPE ("pnc-id", "eight-digit-serial", "01/00123456H"),
  WRONG_SHAPE ("pnc-id", "three-digit-year", "201/0012345H"),
  WRONG_SHAPE ("pnc-id", "no-letter", "2001/0012345"),
  WRONG_SHAPE ("pnc-id", "no-slash", "20010012345H"),
  WRONG_SHAPE ("pnc-id", "two-letters", "2001/0012345HH"),
  WRONG_SHAPE ("pnc-id", "no-serial", "01/H"),
  BLANK_CASES ("pnc-id"),

  { "cro-number", "serial-year", "123456/95L", "123456/95L", NULL },
  { "cro-number", "short-serial", "12/07U", "12/07U", NULL },
  { "cro-number", "lower-case", " 12/07u ", "12/07U", NULL },
  { "cro-number", "sf-with-space", "SF 95/123456L", "SF95/123456L", NULL },
  { "cro-number", "sf-without-space", "SF95/123456L", "SF95/123456L", NULL },
  { "cro-number", "sf-lower-case", "sf 03/4567j", "SF03/4567J", NULL },
  { "cro-number", "wrong-letter", "123456/95K", NULL, CHECK_LETTER },
  { "cro-number", "sf-wrong-letter", "SF 03/4567K", NULL, CHECK_LETTER },
  WRONG_SHAPE ("cro-number", "seven-digit-serial", "1234567/95L"),
  WRONG_SHAPE ("cro-number", "four-digit-year", "123456/1995L"),
  WRONG_SHAPE ("cro-number", "no-letter", "123456/95"),
  WRONG_SHAPE ("cro-number", "sf-two-spaces", "SF  95/123456L"),
  WRONG_SHAPE ("cro-number", "sf-serial-first", "SF 123456/95L"),
  WRONG_SHAPE ("cro-number", "sf-only", "SF"),
  WRONG_SHAPE ("cro-number", "pnc-shape", "2001/0012345H"),
  BLANK_CASES ("cro-number"),

  { "nhs-number", "plain", "9990000018", "9990000018", NULL },
  { "nhs-number", "spaces", "999 000 0026", "9990000026", NULL },
  { "nhs-number", "hyphens", "999-876-5439", "9998765439", NULL },
  { "nhs-number", "check-zero", " 999 000 0050 ", "9990000050", NULL },
  { "nhs-number", "wrong-digit", "9990000019", NULL, CHECK_DIGIT },
  { "nhs-number", "swapped-digits", "9990000081", NULL, CHECK_DIGIT },
  { "nhs-number", "remainder-ten", "999 000 0000", NULL, "none is issued" },
  { "nhs-number", "remainder-ten-b", "9991234567", NULL, "none is issued" },
  WRONG_SHAPE ("nhs-number", "nine-digits", "999000001"),
  WRONG_SHAPE ("nhs-number", "eleven-digits", "99900000180"),
  WRONG_SHAPE ("nhs-number", "letter-o", "999O000018"),
  WRONG_SHAPE ("nhs-number", "dots", "999.000.0018"),
  BLANK_CASES ("nhs-number"),

  { "crn", "valid", "A123456", "A123456", NULL },
  { "crn", "lower-case", " x654321 ", "X654321", NULL },
  WRONG_SHAPE ("crn", "five-digits", "A12345"),
  WRONG_SHAPE ("crn", "seven-digits", "A1234567"),
  WRONG_SHAPE ("crn", "two-letters", "AB12345"),
  WRONG_SHAPE ("crn", "no-letter", "1234567"),
  BLANK_CASES ("crn"),

  { "date", "valid", "2026-11-27", "2026-11-27", NULL },
  { "date", "surrounding-spaces", " 2026-11-27\n", "2026-11-27", NULL },
  { "date", "leap-day", "2028-02-29", "2028-02-29", NULL },
  { "date", "leap-day-400", "2000-02-29", "2000-02-29", NULL },
  { "date", "february-end", "2027-02-28", "2027-02-28", NULL },
  { "date", "january-end", "2026-01-31", "2026-01-31", NULL },
  { "date", "april-end", "2026-04-30", "2026-04-30", NULL },
  { "date", "year-end", "2026-12-31", "2026-12-31", NULL },
  { "date", "not-leap-year", "2027-02-29", NULL, "February 2027 has 28 days" },
  { "date", "not-leap-century", "1900-02-29", NULL, "February 1900 has 28 days" },
  { "date", "february-30", "2028-02-30", NULL, "February 2028 has 29 days" },
  { "date", "april-31", "2026-04-31", NULL, "April 2026 has 30 days" },
  { "date", "june-31", "2026-06-31", NULL, "June 2026 has 30 days" },
  { "date", "day-zero", "2026-01-00", NULL, "January 2026 has 31 days" },
  { "date", "month-13", "2026-13-01", NULL, "no month 13" },
  { "date", "month-zero", "2026-00-10", NULL, "no month 00" },
  { "date", "year-zero", "0000-01-01", NULL, "no year 0" },
  WRONG_SHAPE ("date", "unpadded", "2026-1-5"),
  WRONG_SHAPE ("date", "british-order", "27/11/2026"),
  WRONG_SHAPE ("date", "basic-format", "20261127"),
  WRONG_SHAPE ("date", "with-time", "2026-11-27T09:30"),
  BLANK_CASES ("date"),

  /* main() sets the local zone to the UK's: GMT in winter, BST (UTC+1)
   * from the last Sunday of March to the last Sunday of October. */
  { "date-time", "winter-local", "2026-11-27T09:30", "2026-11-27T09:30:00Z", NULL },
  { "date-time", "summer-local", "2026-07-01T09:30", "2026-07-01T08:30:00Z", NULL },
  { "date-time", "seconds", "2026-07-01T09:30:15", "2026-07-01T08:30:15Z", NULL },
  { "date-time", "space-separator", "2026-07-01 09:30", "2026-07-01T08:30:00Z", NULL },
  { "date-time", "utc", "2026-07-01T09:30:00Z", "2026-07-01T09:30:00Z", NULL },
  { "date-time", "lower-case", " 2026-07-01t09:30z ", "2026-07-01T09:30:00Z", NULL },
  { "date-time", "offset", "2026-07-01T09:30:00+02:00", "2026-07-01T07:30:00Z", NULL },
  { "date-time", "offset-hours", "2026-07-01T09:30-05", "2026-07-01T14:30:00Z", NULL },
  { "date-time", "offset-basic", "2026-07-01T09:30+0530", "2026-07-01T04:00:00Z", NULL },
  { "date-time", "fraction", "2026-11-27T09:30:15.750Z", "2026-11-27T09:30:15Z", NULL },
  { "date-time", "next-year", "2026-12-31T23:30-01:00", "2027-01-01T00:30:00Z", NULL },
  { "date-time", "leap-day", "2028-02-29T12:00Z", "2028-02-29T12:00:00Z", NULL },
  { "date-time", "not-leap-year", "2027-02-29T12:00Z", NULL, "February 2027 has 28 days" },
  { "date-time", "month-13", "2026-13-01T12:00", NULL, "no month 13" },
  { "date-time", "hour-24", "2026-11-27T24:00", NULL, "out of range" },
  { "date-time", "minute-60", "2026-11-27T09:60", NULL, "out of range" },
  WRONG_SHAPE ("date-time", "date-only", "2026-11-27"),
  WRONG_SHAPE ("date-time", "unpadded-hour", "2026-11-27T9:30"),
  WRONG_SHAPE ("date-time", "week-date", "2026-W48-5T09:30"),
  WRONG_SHAPE ("date-time", "british-order", "27/11/2026 09:30"),
  WRONG_SHAPE ("date-time", "one-digit-offset", "2026-11-27T09:30+1"),
  WRONG_SHAPE ("date-time", "empty-fraction", "2026-11-27T09:30:00.Z"),
  WRONG_SHAPE ("date-time", "trailing-text", "2026-11-27T09:30 tomorrow"),
  BLANK_CASES ("date-time"),

  { "time", "valid", "09:30", "09:30", NULL },
  { "time", "unpadded-hour", "9:30", "09:30", NULL },
  { "time", "midnight", "00:00", "00:00", NULL },
  { "time", "last-minute", " 23:59 ", "23:59", NULL },
  { "time", "hour-24", "24:00", NULL, "not a real time of day" },
  { "time", "minute-60", "12:60", NULL, "not a real time of day" },
  WRONG_SHAPE ("time", "no-colon", "0930"),
  WRONG_SHAPE ("time", "dot", "9.30"),
  WRONG_SHAPE ("time", "seconds", "09:30:00"),
  WRONG_SHAPE ("time", "one-digit-minute", "9:5"),
  WRONG_SHAPE ("time", "three-digit-hour", "009:30"),
  WRONG_SHAPE ("time", "twelve-hour", "9:30pm"),
  BLANK_CASES ("time"),
};

static const Kind *
find_kind (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, name))
      return &kinds[i];

  g_assert_not_reached ();
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  const Kind *kind = find_kind (c->kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *quoted = NULL;

  result = kind->validate (kind->field, c->input, &error);

  if (c->canonical != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, c->canonical);
      return;
    }

  g_assert_null (result);
  g_assert_error (error, TG_VALIDATION_ERROR, (int) kind->code);

  /* Every message names the field first, so callers can point at it. */
  prefix = g_strconcat (kind->field, ": ", NULL);
  g_assert_true (g_str_has_prefix (error->message, prefix));

  /* A rejected value is quoted back, without the spaces around it. */
  stripped = g_strstrip (g_strdup (c->input != NULL ? c->input : ""));
  if (stripped[0] != '\0')
    {
      quoted = g_strconcat ("“", stripped, "”", NULL);
      g_assert_nonnull (strstr (error->message, quoted));
    }

  if (c->detail != NULL)
    g_assert_nonnull (strstr (error->message, c->detail));
}

/* The check functions against the hand-worked examples above. */
typedef struct {
  const char *name;
  guint       year2;
  guint       serial;
  char        letter;
} PncLetterCase;

static const PncLetterCase pnc_letters[] = {
  { "2001-0012345", 1, 12345, 'H' },
  { "1995-0000001", 95, 1, 'W' },
  { "2026-1234567", 26, 1234567, 'Q' },
  { "2026-1234573", 26, 1234573, 'X' },
  { "2026-1234574", 26, 1234574, 'Y' },
  { "2023-0000023", 23, 23, 'Z' },
  { "95-123456", 95, 123456, 'L' },
  { "07-12", 7, 12, 'U' },
  { "03-4567", 3, 4567, 'J' },
  { "00-0", 0, 0, 'Z' },
};

typedef struct {
  const char *nine_digits;
  int         check;
} NhsDigitCase;

static const NhsDigitCase nhs_digits[] = {
  { "999000001", 8 },
  { "999000002", 6 },
  { "999000005", 0 },
  { "999876543", 9 },
  { "999000000", -1 },
  { "999123456", -1 },
};

static void
test_pnc_check_letter (gconstpointer data)
{
  const PncLetterCase *c = data;

  g_assert_cmpint (tg_pnc_check_letter (c->year2, c->serial), ==, c->letter);
}

static void
test_nhs_check_digit (gconstpointer data)
{
  const NhsDigitCase *c = data;

  g_assert_cmpint (tg_nhs_check_digit (c->nine_digits), ==, c->check);
}

int
main (int   argc,
      char *argv[])
{
  /* The local zone decides what a date-time without a zone means; pin it
   * to the UK's rules, written out so the test needs no tzdata. */
  g_setenv ("TZ", "GMT0BST,M3.5.0/1,M10.5.0", TRUE);

  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/validate/%s/%s",
                                               cases[i].kind, cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (pnc_letters); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/validate/pnc-check-letter/%s",
                                               pnc_letters[i].name);

      g_test_add_data_func (path, &pnc_letters[i], test_pnc_check_letter);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (nhs_digits); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/validate/nhs-check-digit/%s",
                                               nhs_digits[i].nine_digits);

      g_test_add_data_func (path, &nhs_digits[i], test_nhs_check_digit);
    }

  return g_test_run ();
}
