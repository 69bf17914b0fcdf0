/* The schema declaration: names are unique and SQL-safe, every field has
 * exactly one sensitivity class, and normalisation applies each type. */

#include "tg-error.h"
#include "tg-schema.h"

static gboolean
is_snake_case (const char *name)
{
  if (!g_ascii_islower (name[0]))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static void
test_names_unique_and_safe (void)
{
  g_autoptr(GHashTable) entities = g_hash_table_new (g_str_hash, g_str_equal);
  const TgEntityDef * const *all;
  guint n;

  all = tg_schema_entities (&n);
  g_assert_cmpuint (n, >=, 10);
  for (guint e = 0; e < n; e++)
    {
      g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_true (is_snake_case (all[e]->name));
      g_assert_false (g_hash_table_contains (entities, all[e]->name));
      g_hash_table_add (entities, (gpointer) all[e]->name);
      g_assert_true (tg_schema_lookup_entity (all[e]->name) == all[e]);

      /* Every record can be deleted by writing its deleted field. */
      g_assert_nonnull (tg_schema_lookup_field (all[e], "deleted"));

      for (guint i = 0; i < all[e]->n_fields; i++)
        {
          const TgFieldDef *field = &all[e]->fields[i];

          g_assert_true (field->entity == all[e]);
          g_assert_true (is_snake_case (field->name));
          g_assert_cmpstr (field->name, !=, "id");
          g_assert_false (g_str_has_suffix (field->name, "_hlc"));
          g_assert_false (g_str_has_suffix (field->name, "_node"));
          g_assert_false (g_hash_table_contains (fields, field->name));
          g_hash_table_add (fields, (gpointer) field->name);
          g_assert_nonnull (tg_sensitivity_to_string (field->sensitivity));
          g_assert_cmpuint (tg_field_since_schema (field), >=, all[e]->since_schema);

          if (field->type == TG_FIELD_TEXT)
            g_assert_cmpuint (field->max_length, >, 0);
          if (field->type == TG_FIELD_CHOICE)
            g_assert_nonnull (field->choices);
          if (field->type == TG_FIELD_REFERENCE)
            {
              const TgEntityDef *target = tg_schema_lookup_entity (field->references);

              g_assert_nonnull (target);
              /* Referenced entities come first, so a full export or sync
               * batch in this order never points forward. */
              for (guint k = e; k < n; k++)
                if (k != e)
                  g_assert_true (all[k] != target);
            }
        }
    }
}

static void
test_contract_field_names (void)
{
  const char *client[] = { "given_name", "family_name", "date_of_birth", "prison_number",
                           "pnc_id", "cro_number", "nhs_number", "crn", "team",
                           "custody_status" };
  const char *release[] = { "crd", "ard", "ped", "hdced", "hdcad", "sed", "led", "tused",
                            "confirmed_release_date", "release_time", "gate" };
  const TgEntityDef *c = tg_schema_lookup_entity ("client");
  const TgEntityDef *r = tg_schema_lookup_entity ("release_plan");

  for (guint i = 0; i < G_N_ELEMENTS (client); i++)
    g_assert_nonnull (tg_schema_lookup_field (c, client[i]));
  for (guint i = 0; i < G_N_ELEMENTS (release); i++)
    g_assert_nonnull (tg_schema_lookup_field (r, release[i]));
}

/* A mentor holds identity and release fields only: nothing about drug
 * treatment or health may be filed under those classes. */
static void
test_clinical_fields_classed (void)
{
  const struct { const char *entity, *field; TgSensitivity expected; } cases[] = {
    { "client", "ndtms_consent", TG_SENSITIVITY_CLINICAL },
    { "release_plan", "treatment_provider", TG_SENSITIVITY_CLINICAL },
    { "release_plan", "ost_handover", TG_SENSITIVITY_CLINICAL },
    { "release_plan", "naloxone_supplied", TG_SENSITIVITY_CLINICAL },
    { "release_plan", "gp_practice", TG_SENSITIVITY_CLINICAL },
    { "release_plan", "gate", TG_SENSITIVITY_RELEASE },
    { "note", "body", TG_SENSITIVITY_NOTES },
    { "client", "prison_number", TG_SENSITIVITY_IDENTITY },
    { "care_plan", "review_due", TG_SENSITIVITY_CLINICAL },
    { "top_record", "physical_health", TG_SENSITIVITY_CLINICAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const TgEntityDef *entity = tg_schema_lookup_entity (cases[i].entity);
      const TgFieldDef *field = tg_schema_lookup_field (entity, cases[i].field);

      g_assert_nonnull (field);
      g_assert_cmpint (field->sensitivity, ==, cases[i].expected);
    }
}

typedef struct {
  const char *entity;
  const char *field;
  const char *input;
  const char *canonical;   /* NULL: must be refused */
  int         code;
} NormalizeCase;

static const NormalizeCase normalize_cases[] = {
  { "client", "given_name", "Ada", "Ada", 0 },
  { "client", "given_name", "A\x01" "da", NULL, TG_VALIDATION_ERROR_TEXT },
  { "client", "given_name", "\xff\xfe", NULL, TG_VALIDATION_ERROR_TEXT },
  { "client", "custody_status", "remand", "remand", 0 },
  { "client", "custody_status", "Remand", NULL, TG_VALIDATION_ERROR_CHOICE },
  { "client", "consent_to_share", "yes", "true", 0 },
  { "client", "consent_to_share", "NO", "false", 0 },
  { "client", "consent_to_share", "maybe", NULL, TG_VALIDATION_ERROR_BOOLEAN },
  { "client", "prison_number", " a1234bc ", "A1234BC", 0 },
  { "client", "nhs_number", "999 000 0018", "9990000018", 0 },
  { "client", "nhs_number", "9990000019", NULL, TG_VALIDATION_ERROR_NHS_NUMBER },
  { "top_record", "physical_health", "20", "20", 0 },
  { "top_record", "physical_health", "21", NULL, TG_VALIDATION_ERROR_INTEGER },
  { "top_record", "physical_health", "-1", NULL, TG_VALIDATION_ERROR_INTEGER },
  { "top_record", "physical_health", "7.5", NULL, TG_VALIDATION_ERROR_INTEGER },
  { "note", "client_id", "not-an-id", NULL, TG_VALIDATION_ERROR_UUID },
  { "note", "client_id", "0F8FAD5B-D9CB-469F-A165-70867728950E", NULL, TG_VALIDATION_ERROR_UUID },
  { "note", "client_id", "0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e", 0 },
  { "release_plan", "crd", "2027-02-29", NULL, TG_VALIDATION_ERROR_DATE },
  { "release_plan", "crd", "2028-02-29", "2028-02-29", 0 },
  { "release_plan", "release_time", "9:05", "09:05", 0 },
  { "release_plan", "release_time", "24:00", NULL, TG_VALIDATION_ERROR_TIME },
};

static void
test_normalize (gconstpointer data)
{
  const NormalizeCase *c = data;
  const TgFieldDef *field = tg_schema_lookup_field (tg_schema_lookup_entity (c->entity), c->field);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gboolean ok;

  g_assert_nonnull (field);
  ok = tg_field_normalize (field, c->input, &out, &error);
  if (c->canonical != NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (out, ==, c->canonical);
    }
  else
    {
      g_assert_false (ok);
      g_assert_null (out);
      g_assert_error (error, TG_VALIDATION_ERROR, c->code);
      g_assert_true (g_str_has_prefix (error->message, c->field));
    }
}

static void
test_length_bound (void)
{
  const TgFieldDef *body = tg_schema_lookup_field (tg_schema_lookup_entity ("note"), "body");
  g_autofree char *at_limit = g_strnfill (body->max_length, 'x');
  g_autofree char *over = g_strnfill (100000, 'x');
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tg_field_normalize (body, at_limit, &out, &error));
  g_assert_no_error (error);
  g_clear_pointer (&out, g_free);

  g_assert_false (tg_field_normalize (body, over, &out, &error));
  g_assert_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_TOO_LONG);
  g_assert_true (g_str_has_prefix (error->message, "body: "));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/schema/names", test_names_unique_and_safe);
  g_test_add_func ("/tg/schema/contract-names", test_contract_field_names);
  g_test_add_func ("/tg/schema/clinical-classes", test_clinical_fields_classed);
  g_test_add_func ("/tg/schema/length-bound", test_length_bound);
  for (guint i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/schema/normalize/%s-%s-%u",
                                               normalize_cases[i].entity,
                                               normalize_cases[i].field, i);
      g_test_add_data_func (path, &normalize_cases[i], test_normalize);
    }

  return g_test_run ();
}
