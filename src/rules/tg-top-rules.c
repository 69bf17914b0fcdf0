/* TOP checks; see docs/field-workflows.md. */
#include "tg-top-rules.h"

#include "tg-dates.h"
#include "tg-schema.h"

static const TgTopSubstance substances[] = {
  { "alcohol_days", "alcohol_units", "alcohol" },
  { "opiates_days", "opiates_grams", "opiates" },
  { "crack_days", "crack_grams", "crack" },
  { "cocaine_days", "cocaine_grams", "cocaine" },
  { "amphetamines_days", "amphetamines_grams", "amphetamines" },
  { "cannabis_days", "cannabis_joints", "cannabis" },
  { "other_substance_days", NULL, "another substance" },
};

/* Questions every TOP answers, beyond the substances' days. */
static const char * const required_fields[] = {
  "injecting_days",
  "shoplifting_days", "selling_drugs_days", "theft_days", "violence_days",
  "psychological_health", "physical_health", "quality_of_life",
  "paid_work_days", "education_days",
  "acute_housing_problem", "eviction_risk",
};

const TgTopSubstance *
tg_top_substances (guint *n_substances)
{
  *n_substances = G_N_ELEMENTS (substances);
  return substances;
}

static const char *
field_value (const TgRecord *top,
             const char     *name)
{
  return tg_record_get (top, name);
}

static void
require (GPtrArray      *problems,
         const TgRecord *top,
         const char     *field)
{
  if (field_value (top, field) == NULL)
    g_ptr_array_add (problems,
                     tg_rule_problem_new (field, "%s: this question is not answered", field));
}

/* Whether @field holds a number above zero. Decimal amounts compare as
 * text safely here: the canonical form of zero is exactly "0". */
static gboolean
is_positive (const TgRecord *top,
             const char     *field)
{
  const char *value = field_value (top, field);

  return value != NULL && g_strcmp0 (value, "0") != 0;
}

static gboolean
is_zero (const TgRecord *top,
         const char     *field)
{
  return g_strcmp0 (field_value (top, field), "0") == 0;
}

static void
check_bounds (GPtrArray      *problems,
              const TgRecord *top)
{
  const TgEntityDef *entity = top->entity;

  /* A record read from the store is already valid; one built by a form is
   * not, and the schema is the one place the bounds are written. */
  for (guint i = 0; i < entity->n_fields; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;

      if (top->values[i] == NULL)
        continue;
      if (!tg_field_normalize (&entity->fields[i], top->values[i], &canonical, &error))
        g_ptr_array_add (problems, tg_rule_problem_new (entity->fields[i].name, "%s",
                                                        error->message));
    }
}

static void
check_substances (GPtrArray      *problems,
                  const TgRecord *top)
{
  for (guint i = 0; i < G_N_ELEMENTS (substances); i++)
    {
      const TgTopSubstance *s = &substances[i];

      require (problems, top, s->days_field);
      if (s->amount_field == NULL)
        continue;
      if (is_positive (top, s->days_field) && field_value (top, s->amount_field) == NULL)
        g_ptr_array_add (problems,
                         tg_rule_problem_new (s->amount_field,
                                              "%s: how much %s on a day of use is not recorded",
                                              s->amount_field, s->label));
      if (is_zero (top, s->days_field) && is_positive (top, s->amount_field))
        g_ptr_array_add (problems,
                         tg_rule_problem_new (s->amount_field,
                                              "%s: an amount is recorded but %s was used on no day",
                                              s->amount_field, s->label));
    }

  if (is_positive (top, "other_substance_days") && field_value (top, "other_substance") == NULL)
    g_ptr_array_add (problems,
                     tg_rule_problem_new ("other_substance",
                                          "other_substance: the other substance used is not named"));
}

static void
check_injecting (GPtrArray      *problems,
                 const TgRecord *top)
{
  static const char * const sharing[] = { "shared_needles", "shared_equipment" };

  for (guint i = 0; i < G_N_ELEMENTS (sharing); i++)
    {
      if (is_positive (top, "injecting_days") && field_value (top, sharing[i]) == NULL)
        g_ptr_array_add (problems,
                         tg_rule_problem_new (sharing[i],
                                              "%s: not answered, and there was injecting",
                                              sharing[i]));
      if (is_zero (top, "injecting_days")
          && g_strcmp0 (field_value (top, sharing[i]), "true") == 0)
        g_ptr_array_add (problems,
                         tg_rule_problem_new (sharing[i],
                                              "%s: sharing is recorded but there was no injecting",
                                              sharing[i]));
    }
}

GPtrArray *
tg_top_validate (const TgRecord *top,
                 const GDate    *today)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_rule_problem_free);
  const char *completed = field_value (top, "completed_on");
  GDate completed_on;

  check_bounds (problems, top);

  require (problems, top, "stage");
  if (completed == NULL)
    require (problems, top, "completed_on");
  else if (tg_date_parse_iso (completed, &completed_on)
           && g_date_compare (&completed_on, today) > 0)
    g_ptr_array_add (problems,
                     tg_rule_problem_new ("completed_on",
                                          "completed_on: %s is in the future", completed));

  check_substances (problems, top);
  check_injecting (problems, top);
  for (guint i = 0; i < G_N_ELEMENTS (required_fields); i++)
    require (problems, top, required_fields[i]);

  return problems;
}

static gint
compare_by_completed (gconstpointer a,
                      gconstpointer b)
{
  const TgRecord *left = *(const TgRecord * const *) a;
  const TgRecord *right = *(const TgRecord * const *) b;

  return g_strcmp0 (tg_record_get (left, "completed_on"),
                    tg_record_get (right, "completed_on"));
}

GPtrArray *
tg_top_check_sequence (GPtrArray *tops)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_rule_problem_free);
  g_autoptr(GPtrArray) dated = g_ptr_array_new ();
  const char *open_start = NULL;   /* completed_on of the open episode's start */

  for (guint i = 0; i < tops->len; i++)
    {
      const TgRecord *top = g_ptr_array_index (tops, i);

      if (!tg_record_is_deleted (top)
          && tg_record_get (top, "stage") != NULL
          && tg_record_get (top, "completed_on") != NULL)
        g_ptr_array_add (dated, (gpointer) top);
    }
  /* ISO dates sort as text; g_ptr_array_sort is stable, so two records of
   * one day keep the order they were given in. */
  g_ptr_array_sort (dated, compare_by_completed);

  for (guint i = 0; i < dated->len; i++)
    {
      const TgRecord *top = g_ptr_array_index (dated, i);
      const char *stage = tg_record_get (top, "stage");
      const char *on = tg_record_get (top, "completed_on");

      if (g_strcmp0 (stage, "start") == 0)
        {
          if (open_start != NULL)
            g_ptr_array_add (problems,
                             tg_rule_problem_new ("stage",
                                                  "stage: a start on %s, but the episode "
                                                  "started on %s has no exit", on, open_start));
          open_start = on;
        }
      else if (open_start == NULL)
        g_ptr_array_add (problems,
                         tg_rule_problem_new ("stage",
                                              "stage: a %s on %s with no start before it",
                                              stage, on));
      else if (g_strcmp0 (stage, "exit") == 0)
        open_start = NULL;
    }
  return problems;
}

gboolean
tg_top_done_for_occasion (GPtrArray   *tops,
                          const char  *stage,
                          const GDate *occasion)
{
  for (guint i = 0; i < tops->len; i++)
    {
      const TgRecord *top = g_ptr_array_index (tops, i);
      GDate completed;
      gint days;

      if (tg_record_is_deleted (top)
          || g_strcmp0 (tg_record_get (top, "stage"), stage) != 0
          || !tg_rules_record_date (top, "completed_on", &completed))
        continue;
      days = tg_rules_days_between (occasion, &completed);
      if (days >= -TG_TOP_WINDOW_DAYS && days <= TG_TOP_WINDOW_DAYS)
        return TRUE;
    }
  return FALSE;
}
