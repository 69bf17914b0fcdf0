#include "tg-dates.h"

#include <gio/gio.h>
#include <string.h>

#include "tg-common-resources.h"

#define BANK_HOLIDAYS_RESOURCE "/org/throughgate/common/bank-holidays-england-and-wales.txt"
#define ISO_DATE_LENGTH 10

/* The bank holidays, as GDate Julian day numbers in ascending order with no
 * duplicates. Built once on first use and never freed; after
 * g_once_init_leave() it is only ever read, so any thread may search it. */
static GArray *bank_holidays;

static int
compare_julian (gconstpointer a,
                gconstpointer b)
{
  guint32 left = *(const guint32 *) a;
  guint32 right = *(const guint32 *) b;

  return (left > right) - (left < right);
}

/* Reads one line of the list. A line is blank, a '#' comment, or a date
 * followed by whitespace and the holiday's name; anything else is a mistake
 * in a file we ship, which the tests must catch rather than a user. */
static void
parse_line (const char *line,
            guint       line_number,
            GArray     *julians)
{
  char iso[ISO_DATE_LENGTH + 1];
  GDate date;
  guint32 julian;

  if (line[0] == '\0' || line[0] == '#')
    return;

  if (strlen (line) < ISO_DATE_LENGTH
      || (line[ISO_DATE_LENGTH] != '\0'
          && !g_ascii_isspace (line[ISO_DATE_LENGTH])))
    {
      g_critical ("Bank holiday list, line %u: expected a date and a name, "
                  "got “%s”", line_number, line);
      return;
    }

  memcpy (iso, line, ISO_DATE_LENGTH);
  iso[ISO_DATE_LENGTH] = '\0';

  if (!tg_date_parse_iso (iso, &date))
    {
      g_critical ("Bank holiday list, line %u: “%s” is not a date",
                  line_number, iso);
      return;
    }

  julian = g_date_get_julian (&date);
  g_array_append_val (julians, julian);
}

static GArray *
load_bank_holidays (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *julians = g_array_new (FALSE, FALSE, sizeof (guint32));
  const char *data;
  gsize size;
  guint kept = 0;

  /* Looking the file up in our own GResource, rather than registering it
   * globally and using g_resources_lookup_data(), also keeps the linker from
   * dropping the resource object out of the static library. */
  bytes = g_resource_lookup_data (_tg_common_get_resource (),
                                  BANK_HOLIDAYS_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE,
                                  &error);
  if (bytes == NULL)
    {
      g_critical ("Could not read the bank holiday list: %s", error->message);
      return julians;
    }

  data = g_bytes_get_data (bytes, &size);
  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    parse_line (g_strstrip (lines[i]), i + 1, julians);

  /* The file is kept in date order for people to read, but sorting here
   * means a line added out of order cannot break the binary search. */
  g_array_sort (julians, compare_julian);

  for (guint i = 0; i < julians->len; i++)
    {
      guint32 julian = g_array_index (julians, guint32, i);

      if (kept > 0 && g_array_index (julians, guint32, kept - 1) == julian)
        {
          g_critical ("Bank holiday list: a date is listed twice");
          continue;
        }
      g_array_index (julians, guint32, kept++) = julian;
    }
  g_array_set_size (julians, kept);

  return julians;
}

static GArray *
get_bank_holidays (void)
{
  if (g_once_init_enter (&bank_holidays))
    g_once_init_leave (&bank_holidays, load_bank_holidays ());

  return bank_holidays;
}

static gboolean
julian_is_bank_holiday (guint32 julian)
{
  GArray *julians = get_bank_holidays ();
  guint low = 0;
  guint high = julians->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      guint32 found = g_array_index (julians, guint32, middle);

      if (found == julian)
        return TRUE;
      if (found < julian)
        low = middle + 1;
      else
        high = middle;
    }

  return FALSE;
}

static guint
parse_digits (const char *text,
              guint       count)
{
  guint value = 0;

  for (guint i = 0; i < count; i++)
    value = value * 10 + (guint) (text[i] - '0');

  return value;
}

gboolean
tg_date_parse_iso (const char *text,
                   GDate      *out_date)
{
  guint year;
  guint month;
  guint day;

  g_return_val_if_fail (text != NULL, FALSE);

  if (out_date != NULL)
    g_date_clear (out_date, 1);

  /* Exactly YYYY-MM-DD: no signs, no spaces, no time part, ASCII digits
   * only. Anything looser lets two spellings of one date into the store. */
  if (strlen (text) != ISO_DATE_LENGTH || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < ISO_DATE_LENGTH; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = parse_digits (text, 4);
  month = parse_digits (text + 5, 2);
  day = parse_digits (text + 8, 2);

  /* g_date_valid_dmy() knows month lengths and leap years, and refuses
   * year 0, month 0 and day 0. */
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if (out_date != NULL)
    g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month,
                    (GDateYear) year);

  return TRUE;
}

char *
tg_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

gboolean
tg_date_is_bank_holiday (const GDate *date)
{
  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (date), FALSE);

  return julian_is_bank_holiday (g_date_get_julian (date));
}

gboolean
tg_date_is_working_day (const GDate *date)
{
  GDateWeekday weekday;

  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (date), FALSE);

  weekday = g_date_get_weekday (date);
  if (weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY)
    return FALSE;

  return !julian_is_bank_holiday (g_date_get_julian (date));
}

void
tg_bank_holidays_range (guint *first_year,
                        guint *last_year)
{
  GArray *julians = get_bank_holidays ();
  guint first = 0;
  guint last = 0;

  if (julians->len > 0)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, g_array_index (julians, guint32, 0));
      first = g_date_get_year (&date);
      g_date_set_julian (&date, g_array_index (julians, guint32, julians->len - 1));
      last = g_date_get_year (&date);
    }

  if (first_year != NULL)
    *first_year = first;
  if (last_year != NULL)
    *last_year = last;
}

gboolean
tg_date_is_earlier_release (const GDate *release_date)
{
  g_return_val_if_fail (release_date != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (release_date), FALSE);

  /* A prison does not release on a weekend or a bank holiday, so such a
   * date means the last working day before it. */
  if (!tg_date_is_working_day (release_date))
    return TRUE;

  /* Someone released on a Friday or before a bank holiday would face days
   * with no probation, housing or pharmacy open, so the release is usually
   * brought forward. Comparing Julian day numbers avoids building a second
   * GDate for the next day. */
  if (g_date_get_weekday (release_date) == G_DATE_FRIDAY)
    return TRUE;

  return julian_is_bank_holiday (g_date_get_julian (release_date) + 1);
}
