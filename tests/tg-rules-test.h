/* tg-rules-test.h: building records and dates for the rules tests.
 *
 * Header-only (static inline) so that each rules test stays one .c file
 * in the unit_tests loop of tests/meson.build. A helper that cannot do
 * what it is asked fails the test: a test that cannot set itself up has
 * proved nothing.
 */
#pragma once

#include <stdarg.h>

#include "tg-dates.h"
#include "tg-record.h"
#include "tg-schema.h"

/* A record of @entity held in memory, as a form would build it: @... are
 * field name and value pairs ending with NULL. The values are not
 * validated here; the rules must cope with what a form holds. */
static inline TgRecord *
tg_rules_test_record (const char *entity,
                      const char *id,
                      ...)
{
  const TgEntityDef *def = tg_schema_lookup_entity (entity);
  TgRecord *record;
  TgVersion version = { 1, 1 };
  const char *field;
  va_list args;

  g_assert_nonnull (def);
  record = tg_record_new (def, id != NULL ? id : "00000000-0000-4000-8000-000000000001");
  va_start (args, id);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      const TgFieldDef *f = tg_schema_lookup_field (def, field);

      if (f == NULL)
        g_error ("%s has no field %s", entity, field);
      tg_record_take (record, (guint) (f - def->fields), g_strdup (value), &version);
    }
  va_end (args);
  return record;
}

/* The same from a NULL-terminated array of name, value pairs (a table
 * row), so table-driven tests can keep the fields in the table. */
static inline TgRecord *
tg_rules_test_record_v (const char         *entity,
                        const char * const *pairs)
{
  const TgEntityDef *def = tg_schema_lookup_entity (entity);
  TgRecord *record;
  TgVersion version = { 1, 1 };

  g_assert_nonnull (def);
  record = tg_record_new (def, "00000000-0000-4000-8000-000000000001");
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    {
      const TgFieldDef *f = tg_schema_lookup_field (def, pairs[i]);

      if (f == NULL)
        g_error ("%s has no field %s", entity, pairs[i]);
      tg_record_take (record, (guint) (f - def->fields), g_strdup (pairs[i + 1]), &version);
    }
  return record;
}

/* A GDate from YYYY-MM-DD; NULL gives an invalid (cleared) date. */
static inline GDate
tg_rules_test_date (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  if (iso != NULL && !tg_date_parse_iso (iso, &date))
    g_error ("“%s” is not a date", iso);
  return date;
}

/* @date as YYYY-MM-DD, or "(none)" for an invalid date, for assertions
 * that print both sides. */
static inline char *
tg_rules_test_iso (const GDate *date)
{
  if (!g_date_valid (date))
    return g_strdup ("(none)");
  return tg_date_to_iso (date);
}

#define tg_rules_test_assert_date(date, expected_iso) \
  G_STMT_START { \
    g_autofree char *tg_rules_test_actual_ = tg_rules_test_iso (date); \
    g_assert_cmpstr (tg_rules_test_actual_, ==, (expected_iso) != NULL ? (expected_iso) : "(none)"); \
  } G_STMT_END
