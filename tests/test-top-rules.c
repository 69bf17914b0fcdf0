/* TOP records: every range the schema declares (days 0–28, work and
 * education days 0–20, ratings 0–20, amounts), the decimal amounts'
 * canonical form, the checks across fields, the order of stages and the
 * 28-day window around an occasion. */

#include "tg-error.h"
#include "tg-top-rules.h"
#include "tg-rules-test.h"

/* The bounds the issue asks for, written out here rather than read from
 * the schema, so a changed bound fails this test. */
typedef struct {
  const char  *field;
  TgFieldType  type;
  gint64       min;
  gint64       max;
  guint        since;       /* the schema version that added it */
} TopBound;

static const TopBound top_bounds[] = {
  { "alcohol_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "opiates_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "crack_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "cocaine_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "amphetamines_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "cannabis_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "other_substance_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "injecting_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "shoplifting_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "selling_drugs_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "theft_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "violence_days", TG_FIELD_INTEGER, 0, 28, 4 },
  { "psychological_health", TG_FIELD_INTEGER, 0, 20, 2 },
  { "physical_health", TG_FIELD_INTEGER, 0, 20, 2 },
  { "quality_of_life", TG_FIELD_INTEGER, 0, 20, 2 },
  { "paid_work_days", TG_FIELD_INTEGER, 0, 20, 4 },
  { "education_days", TG_FIELD_INTEGER, 0, 20, 4 },
  { "alcohol_units", TG_FIELD_DECIMAL, 0, 200, 4 },
  { "opiates_grams", TG_FIELD_DECIMAL, 0, 50, 4 },
  { "crack_grams", TG_FIELD_DECIMAL, 0, 50, 4 },
  { "cocaine_grams", TG_FIELD_DECIMAL, 0, 50, 4 },
  { "amphetamines_grams", TG_FIELD_DECIMAL, 0, 50, 4 },
  { "cannabis_joints", TG_FIELD_DECIMAL, 0, 100, 4 },
};

static void
test_bounds (gconstpointer data)
{
  const TopBound *b = data;
  const TgFieldDef *field = tg_schema_lookup_field (tg_schema_lookup_entity ("top_record"), b->field);
  struct { gint64 value; gboolean ok; } probes[] = {
    { b->min - 1, FALSE }, { b->min, TRUE }, { b->max, TRUE }, { b->max + 1, FALSE },
  };

  g_assert_nonnull (field);
  g_assert_cmpint (field->type, ==, b->type);
  g_assert_cmpint (field->sensitivity, ==, TG_SENSITIVITY_CLINICAL);
  g_assert_cmpuint (tg_field_since_schema (field), ==, b->since);
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, probes[i].value);
      g_autofree char *canonical = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (tg_field_normalize (field, text, &canonical, &error), ==, probes[i].ok);
      if (probes[i].ok)
        g_assert_cmpstr (canonical, ==, text);
      else
        g_assert_nonnull (strstr (error->message, b->field));
    }
}

/* Every TOP field but the record's links is in this test's tables, so a
 * field added later without a bound here fails. */
static void
test_every_field_bounded (void)
{
  const TgEntityDef *top = tg_schema_lookup_entity ("top_record");

  for (guint i = 0; i < top->n_fields; i++)
    {
      const TgFieldDef *field = &top->fields[i];
      gboolean listed = FALSE;

      g_assert_cmpint (field->sensitivity, ==, TG_SENSITIVITY_CLINICAL);
      if (field->type != TG_FIELD_INTEGER && field->type != TG_FIELD_DECIMAL)
        continue;
      for (guint b = 0; b < G_N_ELEMENTS (top_bounds); b++)
        listed = listed || g_str_equal (top_bounds[b].field, field->name);
      g_assert_true (listed);
    }
}

typedef struct {
  const char *input;
  const char *canonical;   /* NULL: refused */
} DecimalCase;

static const DecimalCase decimal_cases[] = {
  { "0.5", "0.5" }, { "0.50", "0.5" }, { ".5", "0.5" }, { "5.", "5" },
  { "1", "1" }, { "007", "7" }, { "1.25", "1.25" }, { "1.05", "1.05" },
  { "0", "0" }, { "0.00", "0" }, { "50", "50" }, { "50.0", "50" },
  { "50.01", NULL }, { "51", NULL }, { "1.250", NULL }, { "-1", NULL },
  { "1e2", NULL }, { "1,5", NULL }, { "", NULL }, { ".", NULL },
  { " 1", NULL }, { "99999999999999999999999", NULL },
};

static void
test_decimal (gconstpointer data)
{
  const DecimalCase *c = data;
  const TgFieldDef *field = tg_schema_lookup_field (tg_schema_lookup_entity ("top_record"), "opiates_grams");
  g_autofree char *canonical = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = tg_field_normalize (field, c->input, &canonical, &error);
  g_assert_cmpstr (canonical, ==, c->canonical);
  if (c->canonical == NULL)
    {
      g_assert_false (ok);
      g_assert_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DECIMAL);
      g_assert_true (g_str_has_prefix (error->message, "opiates_grams: "));
    }
  else
    g_assert_no_error (error);
}

/* A complete and consistent TOP at the start of treatment. */
static const char * const complete_top[] = {
  "stage", "start", "completed_on", "2026-11-20",
  "alcohol_days", "0", "opiates_days", "12", "opiates_grams", "0.5",
  "crack_days", "4", "crack_grams", "0.2", "cocaine_days", "0",
  "amphetamines_days", "0", "cannabis_days", "20", "cannabis_joints", "3",
  "other_substance_days", "0",
  "injecting_days", "8", "shared_needles", "false", "shared_equipment", "true",
  "shoplifting_days", "6", "selling_drugs_days", "0", "theft_days", "2", "violence_days", "0",
  "psychological_health", "8", "physical_health", "11", "quality_of_life", "7",
  "paid_work_days", "0", "education_days", "0",
  "acute_housing_problem", "true", "eviction_risk", "false",
  NULL
};

typedef struct {
  const char *name;
  const char *changes[8];   /* field, value ("" clears) pairs over complete_top */
  const char *problems;     /* the fields at fault, sorted, comma-separated */
} ValidateCase;

static const ValidateCase validate_cases[] = {
  { "complete", { NULL }, "" },
  { "no-stage", { "stage", "", NULL }, "stage" },
  { "bad-stage", { "stage", "middle", NULL }, "stage" },
  { "no-date", { "completed_on", "", NULL }, "completed_on" },
  { "completed-today", { "completed_on", "2026-11-21", NULL }, "" },
  { "completed-tomorrow", { "completed_on", "2026-11-22", NULL }, "completed_on" },
  { "days-29", { "opiates_days", "29", NULL }, "opiates_days" },
  { "days-negative", { "theft_days", "-1", NULL }, "theft_days" },
  { "rating-21", { "quality_of_life", "21", NULL }, "quality_of_life" },
  { "work-days-21", { "paid_work_days", "21", NULL }, "paid_work_days" },
  { "not-a-number", { "violence_days", "few", NULL }, "violence_days" },
  { "amount-missing", { "opiates_grams", "", NULL }, "opiates_grams" },
  { "amount-without-use", { "alcohol_units", "4", NULL }, "alcohol_units" },
  { "zero-amount-without-use", { "alcohol_units", "0", NULL }, "" },
  { "amount-too-big", { "crack_grams", "51", NULL }, "crack_grams" },
  { "amount-three-decimals", { "crack_grams", "0.125", NULL }, "crack_grams" },
  { "other-unnamed", { "other_substance_days", "3", NULL }, "other_substance" },
  { "other-named", { "other_substance_days", "3", "other_substance", "Pregabalin", NULL }, "" },
  { "sharing-unanswered", { "shared_needles", "", NULL }, "shared_needles" },
  { "sharing-without-injecting", { "injecting_days", "0", "shared_needles", "", NULL }, "shared_equipment" },
  { "no-injecting-no-answers", { "injecting_days", "0", "shared_needles", "", "shared_equipment", "", NULL }, "" },
  { "unanswered", { "theft_days", "", "eviction_risk", "", NULL }, "eviction_risk,theft_days" },
};

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
test_validate (gconstpointer data)
{
  const ValidateCase *c = data;
  g_autoptr(TgRecord) top = tg_rules_test_record_v ("top_record", complete_top);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  GDate today = tg_rules_test_date ("2026-11-21");

  for (guint i = 0; c->changes[i] != NULL; i += 2)
    {
      const TgFieldDef *field = tg_schema_lookup_field (top->entity, c->changes[i]);
      guint index = (guint) (field - top->entity->fields);
      const char *value = c->changes[i + 1];

      g_free (top->values[index]);
      top->values[index] = value[0] != '\0' ? g_strdup (value) : NULL;
    }

  problems = tg_top_validate (top, &today);
  for (guint i = 0; i < problems->len; i++)
    {
      const TgRuleProblem *problem = g_ptr_array_index (problems, i);

      /* Each message names its field first, like a validation error. */
      g_assert_true (g_str_has_prefix (problem->message, problem->field));
      g_ptr_array_add (fields, (gpointer) problem->field);
    }
  g_ptr_array_sort (fields, compare_strings);
  g_ptr_array_add (fields, NULL);
  joined = g_strjoinv (",", (char **) fields->pdata);
  g_assert_cmpstr (joined, ==, c->problems);
}

typedef struct {
  const char *name;
  const char *tops[12];     /* stage, completed_on pairs; a "-" stage is a deleted start */
  guint       problems;
} SequenceCase;

static const SequenceCase sequence_cases[] = {
  { "start-reviews-exit", { "start", "2026-01-10", "review", "2026-07-10", "review", "2027-01-08",
                            "exit", "2027-03-01", NULL }, 0 },
  { "review-alone", { "review", "2026-07-10", NULL }, 1 },
  { "two-starts", { "start", "2026-01-10", "start", "2026-02-10", NULL }, 1 },
  { "two-episodes", { "start", "2026-01-10", "exit", "2026-05-01", "start", "2026-09-01",
                      "review", "2027-03-01", NULL }, 0 },
  { "exit-then-start", { "exit", "2026-01-10", "start", "2026-02-10", NULL }, 1 },
  { "given-out-of-order", { "review", "2026-07-10", "start", "2026-01-10", NULL }, 0 },
  { "deleted-start", { "-", "2026-01-10", "review", "2026-07-10", NULL }, 1 },
  { "review-after-exit", { "start", "2026-01-10", "exit", "2026-05-01", "review", "2026-07-10", NULL }, 1 },
};

static void
test_sequence (gconstpointer data)
{
  const SequenceCase *c = data;
  g_autoptr(GPtrArray) tops = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  g_autoptr(GPtrArray) problems = NULL;

  for (guint i = 0; c->tops[i] != NULL; i += 2)
    {
      gboolean deleted = g_str_equal (c->tops[i], "-");

      g_ptr_array_add (tops, tg_rules_test_record ("top_record", NULL,
                                                   "stage", deleted ? "start" : c->tops[i],
                                                   "completed_on", c->tops[i + 1],
                                                   "deleted", deleted ? "true" : NULL,
                                                   NULL));
    }
  problems = tg_top_check_sequence (tops);
  g_assert_cmpuint (problems->len, ==, c->problems);
  for (guint i = 0; i < problems->len; i++)
    g_assert_cmpstr (((TgRuleProblem *) g_ptr_array_index (problems, i))->field, ==, "stage");
}

typedef struct {
  const char *name;
  const char *occasion;
  const char *stage;
  const char *completed_on;
  gboolean    done;
} WindowCase;

static const WindowCase window_cases[] = {
  /* 1 March 2026 − 28 days = 1 February; + 28 days = 29 March. */
  { "28-days-before", "2026-03-01", "start", "2026-02-01", TRUE },
  { "29-days-before", "2026-03-01", "start", "2026-01-31", FALSE },
  { "28-days-after", "2026-03-01", "start", "2026-03-29", TRUE },
  { "29-days-after", "2026-03-01", "start", "2026-03-30", FALSE },
  { "other-stage", "2026-03-01", "review", "2026-03-01", FALSE },
  /* 1 March 2028 − 28 days = 2 February, over the leap day. */
  { "leap-28-days-before", "2028-03-01", "start", "2028-02-02", TRUE },
  { "leap-29-days-before", "2028-03-01", "start", "2028-02-01", FALSE },
};

static void
test_window (gconstpointer data)
{
  const WindowCase *c = data;
  g_autoptr(GPtrArray) tops = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  GDate occasion = tg_rules_test_date (c->occasion);

  g_ptr_array_add (tops, tg_rules_test_record ("top_record", NULL, "stage", c->stage,
                                               "completed_on", c->completed_on, NULL));
  g_assert_cmpint (tg_top_done_for_occasion (tops, "start", &occasion), ==, c->done);
}

#define ADD_TABLE(prefix, table, key, func) \
  for (guint i = 0; i < G_N_ELEMENTS (table); i++) \
    { \
      g_autofree char *path = g_strdup_printf ("/tg/top-rules/" prefix "/%s", table[i].key); \
      g_test_add_data_func (path, &table[i], func); \
    }

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TABLE ("bounds", top_bounds, field, test_bounds);
  ADD_TABLE ("validate", validate_cases, name, test_validate);
  ADD_TABLE ("sequence", sequence_cases, name, test_sequence);
  ADD_TABLE ("window", window_cases, name, test_window);
  for (guint i = 0; i < G_N_ELEMENTS (decimal_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/top-rules/decimal/%u", i);

      g_test_add_data_func (path, &decimal_cases[i], test_decimal);
    }
  g_test_add_func ("/tg/top-rules/every-field-bounded", test_every_field_bounded);

  return g_test_run ();
}
