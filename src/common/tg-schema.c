#include "config.h"

#include "tg-schema.h"

#include <glib/gi18n-lib.h>

#include "tg-error.h"
#include "tg-uuid.h"
#include "tg-validate.h"

/* Lengths in characters. A note body holds a long surgery write-up; anything
 * longer is almost certainly a paste gone wrong. */
#define NAME_LEN   100
#define SHORT_LEN  200
#define LONG_LEN   2000
#define BODY_LEN   20000

#define F(ent, nm, ty, cls, ...) \
  { .entity = &ent, .name = nm, .type = TG_FIELD_##ty, \
    .sensitivity = TG_SENSITIVITY_##cls, __VA_ARGS__ }

static const char * const custody_statuses[] = {
  "remand", "sentenced", "recalled", "released", "closed", NULL
};
static const char * const genders[] = {
  "female", "male", "non_binary", "other", "not_stated", NULL
};
static const char * const note_kinds[] = {
  "in_reach", "outreach", "gate_pickup", "phone", "other", NULL
};
static const char * const pickup_statuses[] = {
  "not_arranged", "arranged", "met", "missed", "declined", NULL
};
static const char * const release_types[] = {
  "standard", "hdc", "indeterminate", "parole_board", NULL
};
static const char * const plan_outcomes[] = {
  "completed", "disengaged", "transferred", NULL
};
static const char * const review_reasons[] = {
  "scheduled", "arrest", "breach", "disengagement", NULL
};
static const char * const goal_statuses[] = {
  "not_started", "in_progress", "achieved", "dropped", NULL
};
static const char * const referral_statuses[] = {
  "needed", "referred", "accepted", "declined", "completed", NULL
};
static const char * const top_stages[] = {
  "start", "review", "exit", NULL
};
static const char * const places[] = {
  "hmp_nottingham", "homelessness_project", "womens_centre",
  "approved_premises", "other", NULL
};
static const char * const appointment_kinds[] = {
  "probation", "treatment", "jobcentre", "pharmacy", "gp", "housing", "other", NULL
};
static const char * const contact_kinds[] = {
  "triage", "risk_assessment", "weekly_contact", "assessment", "relay_to_prison", NULL
};

static const TgEntityDef tg_entity_client;
static const TgEntityDef tg_entity_release_plan;
static const TgEntityDef tg_entity_note;
static const TgEntityDef tg_entity_care_plan;
static const TgEntityDef tg_entity_care_goal;
static const TgEntityDef tg_entity_referral;
static const TgEntityDef tg_entity_top_record;
static const TgEntityDef tg_entity_session;
static const TgEntityDef tg_entity_session_attendance;
static const TgEntityDef tg_entity_appointment;
static const TgEntityDef tg_entity_contact;

/* Who the person is and where they are: the mentor may hold these. */
static const TgFieldDef client_fields[] = {
  F (tg_entity_client, "given_name", TEXT, IDENTITY, .max_length = NAME_LEN),
  F (tg_entity_client, "family_name", TEXT, IDENTITY, .max_length = NAME_LEN),
  F (tg_entity_client, "preferred_name", TEXT, IDENTITY, .max_length = NAME_LEN),
  F (tg_entity_client, "date_of_birth", DATE, IDENTITY),
  F (tg_entity_client, "gender", CHOICE, IDENTITY, .choices = genders),
  F (tg_entity_client, "prison_number", PRISON_NUMBER, IDENTITY),
  F (tg_entity_client, "pnc_id", PNC_ID, IDENTITY),
  F (tg_entity_client, "cro_number", CRO_NUMBER, IDENTITY),
  F (tg_entity_client, "nhs_number", NHS_NUMBER, IDENTITY),
  F (tg_entity_client, "crn", CRN, IDENTITY),
  F (tg_entity_client, "team", TEXT, IDENTITY, .max_length = NAME_LEN),
  F (tg_entity_client, "establishment", TEXT, IDENTITY, .max_length = NAME_LEN),
  F (tg_entity_client, "custody_status", CHOICE, IDENTITY, .choices = custody_statuses),
  F (tg_entity_client, "key_worker", TEXT, IDENTITY, .max_length = NAME_LEN),
  F (tg_entity_client, "consent_to_share", BOOLEAN, IDENTITY),
  F (tg_entity_client, "consent_to_share_date", DATE, IDENTITY),
  /* Consent to NDTMS reporting says the person is in drug treatment. */
  F (tg_entity_client, "ndtms_consent", BOOLEAN, CLINICAL),
  F (tg_entity_client, "ndtms_consent_date", DATE, CLINICAL),
  /* The timeliness standards (docs/field-workflows.md) count from these.
   * A treatment episode, its named care co-ordinator and a restriction on
   * bail (a positive drug test) all say the person is in drug treatment;
   * when someone was remanded is custody, like custody_status. */
  F (tg_entity_client, "treatment_start", DATE, CLINICAL, .since_schema = 4),
  F (tg_entity_client, "treatment_end", DATE, CLINICAL, .since_schema = 4),
  F (tg_entity_client, "care_coordinator", TEXT, CLINICAL, .max_length = NAME_LEN, .since_schema = 4),
  F (tg_entity_client, "restriction_on_bail_on", DATE, CLINICAL, .since_schema = 4),
  F (tg_entity_client, "remanded_at", DATE_TIME, IDENTITY, .since_schema = 4),
  F (tg_entity_client, "deleted", BOOLEAN, IDENTITY),
};

/* One plan per client, keyed by the client's id. Treatment, GP and opioid
 * substitution details are clinical; where and when the person must be is
 * release logistics the gate mentor needs (docs/data-model.md). */
static const TgFieldDef release_plan_fields[] = {
  F (tg_entity_release_plan, "client_id", REFERENCE, RELEASE, .references = "client"),
  F (tg_entity_release_plan, "crd", DATE, RELEASE),
  F (tg_entity_release_plan, "ard", DATE, RELEASE),
  F (tg_entity_release_plan, "ped", DATE, RELEASE),
  F (tg_entity_release_plan, "hdced", DATE, RELEASE),
  F (tg_entity_release_plan, "hdcad", DATE, RELEASE),
  F (tg_entity_release_plan, "sed", DATE, RELEASE),
  F (tg_entity_release_plan, "led", DATE, RELEASE),
  F (tg_entity_release_plan, "tused", DATE, RELEASE),
  F (tg_entity_release_plan, "confirmed_release_date", DATE, RELEASE),
  F (tg_entity_release_plan, "confirmed_on", DATE, RELEASE),
  F (tg_entity_release_plan, "confirmed_by", TEXT, RELEASE, .max_length = NAME_LEN),
  F (tg_entity_release_plan, "release_type", CHOICE, RELEASE, .choices = release_types),
  F (tg_entity_release_plan, "release_time", TIME, RELEASE),
  F (tg_entity_release_plan, "gate", TEXT, RELEASE, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "accommodation", TEXT, RELEASE, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "no_fixed_abode", BOOLEAN, RELEASE),
  F (tg_entity_release_plan, "gp_registered", BOOLEAN, CLINICAL),
  F (tg_entity_release_plan, "gp_practice", TEXT, CLINICAL, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "treatment_provider", TEXT, CLINICAL, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "treatment_appointment_at", DATE_TIME, RELEASE),
  F (tg_entity_release_plan, "treatment_appointment_place", TEXT, RELEASE, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "ost_handover", TEXT, CLINICAL, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "naloxone_supplied", BOOLEAN, CLINICAL),
  F (tg_entity_release_plan, "id_documents", TEXT, RELEASE, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "bank_account", BOOLEAN, RELEASE),
  F (tg_entity_release_plan, "universal_credit_claim", BOOLEAN, RELEASE),
  F (tg_entity_release_plan, "jobcentre_appointment_at", DATE_TIME, RELEASE),
  F (tg_entity_release_plan, "jobcentre_place", TEXT, RELEASE, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "pharmacy_appointment_at", DATE_TIME, RELEASE),
  F (tg_entity_release_plan, "pharmacy_place", TEXT, RELEASE, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "probation_officer", TEXT, RELEASE, .max_length = NAME_LEN),
  F (tg_entity_release_plan, "probation_appointment_at", DATE_TIME, RELEASE),
  F (tg_entity_release_plan, "probation_place", TEXT, RELEASE, .max_length = SHORT_LEN),
  F (tg_entity_release_plan, "licence_conditions", TEXT, RELEASE, .max_length = LONG_LEN),
  F (tg_entity_release_plan, "pickup_mentor", TEXT, RELEASE, .max_length = NAME_LEN),
  F (tg_entity_release_plan, "pickup_status", CHOICE, RELEASE, .choices = pickup_statuses),
  /* For the release rules: the first day in custody that counts towards
   * the sentence (for the 28 days of the earlier-release rule), the day
   * the person actually walked out (continuity of care counts from it),
   * and whether there is a licence at all. An opioid substitution handover
   * or naloxone that is not needed, or was declined, is clinical. */
  F (tg_entity_release_plan, "sentence_start", DATE, RELEASE, .since_schema = 4),
  F (tg_entity_release_plan, "released_on", DATE, RELEASE, .since_schema = 4),
  F (tg_entity_release_plan, "on_licence", BOOLEAN, RELEASE, .since_schema = 4),
  F (tg_entity_release_plan, "ost_needed", BOOLEAN, CLINICAL, .since_schema = 4),
  F (tg_entity_release_plan, "naloxone_declined", BOOLEAN, CLINICAL, .since_schema = 4),
  /* The first day the person attended community treatment after release. */
  F (tg_entity_release_plan, "treatment_engaged_on", DATE, CLINICAL, .since_schema = 4),
  F (tg_entity_release_plan, "deleted", BOOLEAN, RELEASE),
};

static const TgFieldDef note_fields[] = {
  F (tg_entity_note, "client_id", REFERENCE, NOTES, .references = "client"),
  F (tg_entity_note, "author", TEXT, NOTES, .max_length = NAME_LEN),
  F (tg_entity_note, "kind", CHOICE, NOTES, .choices = note_kinds),
  F (tg_entity_note, "occurred_at", DATE_TIME, NOTES),
  F (tg_entity_note, "body", TEXT, NOTES, .max_length = BODY_LEN),
  F (tg_entity_note, "session_id", REFERENCE, NOTES, .references = "session"),
  F (tg_entity_note, "corrects_note_id", REFERENCE, NOTES, .references = "note"),
  F (tg_entity_note, "signed_at", DATE_TIME, NOTES),
  F (tg_entity_note, "signed_by", TEXT, NOTES, .max_length = NAME_LEN),
  F (tg_entity_note, "deleted", BOOLEAN, NOTES),
};

static const TgFieldDef care_plan_fields[] = {
  F (tg_entity_care_plan, "client_id", REFERENCE, CLINICAL, .references = "client"),
  F (tg_entity_care_plan, "start_date", DATE, CLINICAL),
  F (tg_entity_care_plan, "end_date", DATE, CLINICAL),
  F (tg_entity_care_plan, "review_due", DATE, CLINICAL),
  F (tg_entity_care_plan, "review_reason", CHOICE, CLINICAL, .choices = review_reasons),
  F (tg_entity_care_plan, "outcome", CHOICE, CLINICAL, .choices = plan_outcomes),
  F (tg_entity_care_plan, "closed_on", DATE, CLINICAL),
  /* Reviews fall due this many days after the last one (the team sets it;
   * unset means the team default of 91 days, about three months). */
  F (tg_entity_care_plan, "review_interval_days", INTEGER, CLINICAL, .min = 7, .max = 366, .since_schema = 4),
  F (tg_entity_care_plan, "last_reviewed_on", DATE, CLINICAL, .since_schema = 4),
  F (tg_entity_care_plan, "deleted", BOOLEAN, CLINICAL),
};

static const TgFieldDef care_goal_fields[] = {
  F (tg_entity_care_goal, "care_plan_id", REFERENCE, CLINICAL, .references = "care_plan"),
  F (tg_entity_care_goal, "what", TEXT, CLINICAL, .max_length = LONG_LEN),
  F (tg_entity_care_goal, "measure", TEXT, CLINICAL, .max_length = LONG_LEN),
  F (tg_entity_care_goal, "target_date", DATE, CLINICAL),
  F (tg_entity_care_goal, "status", CHOICE, CLINICAL, .choices = goal_statuses),
  F (tg_entity_care_goal, "deleted", BOOLEAN, CLINICAL),
};

static const TgFieldDef referral_fields[] = {
  F (tg_entity_referral, "client_id", REFERENCE, CLINICAL, .references = "client"),
  F (tg_entity_referral, "service", TEXT, CLINICAL, .max_length = SHORT_LEN),
  F (tg_entity_referral, "need_identified_on", DATE, CLINICAL),
  F (tg_entity_referral, "referred_on", DATE, CLINICAL),
  F (tg_entity_referral, "due_on", DATE, CLINICAL),
  F (tg_entity_referral, "status", CHOICE, CLINICAL, .choices = referral_statuses),
  F (tg_entity_referral, "deleted", BOOLEAN, CLINICAL),
};

/* Treatment Outcomes Profile: every question looks back over the past
 * four weeks, so a count of days is 0 to 28, and days at work or in
 * education 0 to 20 (the working days in four weeks). An amount is the
 * average on a day of use; its bound only catches a slipped finger. */
#define TOP_DAYS(nm) \
  F (tg_entity_top_record, nm, INTEGER, CLINICAL, .min = 0, .max = 28, .since_schema = 4)
#define TOP_AMOUNT(nm, most) \
  F (tg_entity_top_record, nm, DECIMAL, CLINICAL, .min = 0, .max = most, .since_schema = 4)

static const TgFieldDef top_record_fields[] = {
  F (tg_entity_top_record, "client_id", REFERENCE, CLINICAL, .references = "client"),
  F (tg_entity_top_record, "stage", CHOICE, CLINICAL, .choices = top_stages),
  F (tg_entity_top_record, "completed_on", DATE, CLINICAL),
  /* Section 1: substance use. */
  TOP_DAYS ("alcohol_days"),
  TOP_AMOUNT ("alcohol_units", 200),
  TOP_DAYS ("opiates_days"),
  TOP_AMOUNT ("opiates_grams", 50),
  TOP_DAYS ("crack_days"),
  TOP_AMOUNT ("crack_grams", 50),
  TOP_DAYS ("cocaine_days"),
  TOP_AMOUNT ("cocaine_grams", 50),
  TOP_DAYS ("amphetamines_days"),
  TOP_AMOUNT ("amphetamines_grams", 50),
  TOP_DAYS ("cannabis_days"),
  TOP_AMOUNT ("cannabis_joints", 100),
  F (tg_entity_top_record, "other_substance", TEXT, CLINICAL, .max_length = NAME_LEN, .since_schema = 4),
  TOP_DAYS ("other_substance_days"),
  /* Section 2: injecting risk. */
  TOP_DAYS ("injecting_days"),
  F (tg_entity_top_record, "shared_needles", BOOLEAN, CLINICAL, .since_schema = 4),
  F (tg_entity_top_record, "shared_equipment", BOOLEAN, CLINICAL, .since_schema = 4),
  /* Section 3: crime. */
  TOP_DAYS ("shoplifting_days"),
  TOP_DAYS ("selling_drugs_days"),
  TOP_DAYS ("theft_days"),
  TOP_DAYS ("violence_days"),
  /* Section 4: health and social functioning, with housing. */
  F (tg_entity_top_record, "psychological_health", INTEGER, CLINICAL, .min = 0, .max = 20),
  F (tg_entity_top_record, "physical_health", INTEGER, CLINICAL, .min = 0, .max = 20),
  F (tg_entity_top_record, "quality_of_life", INTEGER, CLINICAL, .min = 0, .max = 20),
  F (tg_entity_top_record, "paid_work_days", INTEGER, CLINICAL, .min = 0, .max = 20, .since_schema = 4),
  F (tg_entity_top_record, "education_days", INTEGER, CLINICAL, .min = 0, .max = 20, .since_schema = 4),
  F (tg_entity_top_record, "acute_housing_problem", BOOLEAN, CLINICAL, .since_schema = 4),
  F (tg_entity_top_record, "eviction_risk", BOOLEAN, CLINICAL, .since_schema = 4),
  F (tg_entity_top_record, "deleted", BOOLEAN, CLINICAL),
};

#undef TOP_DAYS
#undef TOP_AMOUNT

/* A surgery or clinic. That a person attended a drug clinic is clinical. */
static const TgFieldDef session_fields[] = {
  F (tg_entity_session, "place", CHOICE, CLINICAL, .choices = places),
  F (tg_entity_session, "place_detail", TEXT, CLINICAL, .max_length = SHORT_LEN),
  F (tg_entity_session, "date", DATE, CLINICAL),
  F (tg_entity_session, "worker", TEXT, CLINICAL, .max_length = NAME_LEN),
  /* Sessions belong to a team, not a client: sync scopes them by it. */
  F (tg_entity_session, "team", TEXT, CLINICAL, .max_length = NAME_LEN, .since_schema = 3),
  F (tg_entity_session, "deleted", BOOLEAN, CLINICAL),
};

static const TgFieldDef session_attendance_fields[] = {
  F (tg_entity_session_attendance, "session_id", REFERENCE, CLINICAL, .references = "session"),
  F (tg_entity_session_attendance, "client_id", REFERENCE, CLINICAL, .references = "client"),
  F (tg_entity_session_attendance, "deleted", BOOLEAN, CLINICAL),
};

/* Appointments after release are what the gate mentor drives people to. */
static const TgFieldDef appointment_fields[] = {
  F (tg_entity_appointment, "client_id", REFERENCE, RELEASE, .references = "client"),
  F (tg_entity_appointment, "kind", CHOICE, RELEASE, .choices = appointment_kinds),
  F (tg_entity_appointment, "at", DATE_TIME, RELEASE),
  F (tg_entity_appointment, "place", TEXT, RELEASE, .max_length = SHORT_LEN),
  F (tg_entity_appointment, "with_whom", TEXT, RELEASE, .max_length = NAME_LEN),
  F (tg_entity_appointment, "deleted", BOOLEAN, RELEASE),
};

/* A contact the timeliness standards count: triage and risk assessment at
 * first contact, weekly contact in early treatment, the assessment a
 * restriction on bail requires, and assessment details relayed to a
 * receiving prison. Each says the person is in drug treatment. */
static const TgFieldDef contact_fields[] = {
  F (tg_entity_contact, "client_id", REFERENCE, CLINICAL, .references = "client"),
  F (tg_entity_contact, "kind", CHOICE, CLINICAL, .choices = contact_kinds),
  F (tg_entity_contact, "at", DATE_TIME, CLINICAL),
  F (tg_entity_contact, "worker", TEXT, CLINICAL, .max_length = NAME_LEN),
  F (tg_entity_contact, "detail", TEXT, CLINICAL, .max_length = LONG_LEN),
  F (tg_entity_contact, "deleted", BOOLEAN, CLINICAL),
};

#define ENTITY(nm, since) \
  static const TgEntityDef tg_entity_##nm = { #nm, nm##_fields, G_N_ELEMENTS (nm##_fields), since }

ENTITY (client, 1);
ENTITY (release_plan, 1);
ENTITY (note, 1);
ENTITY (care_plan, 2);
ENTITY (care_goal, 2);
ENTITY (referral, 2);
ENTITY (top_record, 2);
ENTITY (session, 2);
ENTITY (session_attendance, 2);
ENTITY (appointment, 2);
ENTITY (contact, 4);

static const TgEntityDef * const entities[] = {
  &tg_entity_client,
  &tg_entity_release_plan,
  &tg_entity_session,
  &tg_entity_note,
  &tg_entity_care_plan,
  &tg_entity_care_goal,
  &tg_entity_referral,
  &tg_entity_top_record,
  &tg_entity_session_attendance,
  &tg_entity_appointment,
  &tg_entity_contact,
};

const TgEntityDef * const *
tg_schema_entities (guint *n_entities)
{
  *n_entities = G_N_ELEMENTS (entities);
  return entities;
}

const TgEntityDef *
tg_schema_lookup_entity (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_strcmp0 (entities[i]->name, entity) == 0)
      return entities[i];
  return NULL;
}

const TgFieldDef *
tg_schema_lookup_field (const TgEntityDef *entity,
                        const char        *field)
{
  for (guint i = 0; i < entity->n_fields; i++)
    if (g_strcmp0 (entity->fields[i].name, field) == 0)
      return &entity->fields[i];
  return NULL;
}

guint
tg_field_since_schema (const TgFieldDef *field)
{
  return MAX (field->since_schema, field->entity->since_schema);
}

const char *
tg_sensitivity_to_string (TgSensitivity sensitivity)
{
  switch (sensitivity)
    {
    case TG_SENSITIVITY_IDENTITY: return "identity";
    case TG_SENSITIVITY_RELEASE:  return "release";
    case TG_SENSITIVITY_CLINICAL: return "clinical";
    case TG_SENSITIVITY_NOTES:    return "notes";
    default:                      g_return_val_if_reached (NULL);
    }
}

const char *
tg_field_type_to_string (TgFieldType type)
{
  switch (type)
    {
    case TG_FIELD_TEXT:          return "text";
    case TG_FIELD_DATE:          return "date";
    case TG_FIELD_DATE_TIME:     return "date_time";
    case TG_FIELD_TIME:          return "time";
    case TG_FIELD_BOOLEAN:       return "boolean";
    case TG_FIELD_INTEGER:       return "integer";
    case TG_FIELD_CHOICE:        return "choice";
    case TG_FIELD_REFERENCE:     return "reference";
    case TG_FIELD_PRISON_NUMBER: return "prison_number";
    case TG_FIELD_PNC_ID:        return "pnc_id";
    case TG_FIELD_CRO_NUMBER:    return "cro_number";
    case TG_FIELD_NHS_NUMBER:    return "nhs_number";
    case TG_FIELD_CRN:           return "crn";
    case TG_FIELD_DECIMAL:       return "decimal";
    default:                     g_return_val_if_reached (NULL);
    }
}

static char *
normalize_text (const TgFieldDef *field,
                const char       *input,
                GError          **error)
{
  glong length;

  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_TEXT,
                   _("%s: the text is not valid UTF-8"), field->name);
      return NULL;
    }
  length = g_utf8_strlen (input, -1);
  if ((guint) length > field->max_length)
    {
      /* Translators: a field's name, the length of the text and the most
       * characters the field takes (always more than 2). */
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_TOO_LONG,
                   _("%s: %ld characters is longer than the limit of %u"),
                   field->name, length, field->max_length);
      return NULL;
    }
  for (const char *p = input; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Control characters other than line breaks and tabs corrupt exports
       * and terminals; they never come from a keyboard. */
      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t' && c != '\r')
        {
          /* Translators: a field's name and a character's code point. */
          g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_TEXT,
                       _("%s: the text holds a control character (U+%04X)"),
                       field->name, c);
          return NULL;
        }
    }
  return g_strdup (input);
}

static char *
normalize_boolean (const TgFieldDef *field,
                   const char       *input,
                   GError          **error)
{
  static const char * const yes[] = { "true", "yes", "1", NULL };
  static const char * const no[] = { "false", "no", "0", NULL };

  for (guint i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (input, yes[i]) == 0)
      return g_strdup ("true");
  for (guint i = 0; no[i]; i++)
    if (g_ascii_strcasecmp (input, no[i]) == 0)
      return g_strdup ("false");

  g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_BOOLEAN,
               _("%s: “%s” is not true or false"), field->name, input);
  return NULL;
}

static char *
normalize_integer (const TgFieldDef *field,
                   const char       *input,
                   GError          **error)
{
  gint64 value;

  if (!g_ascii_string_to_signed (input, 10, field->min, field->max,
                                 &value, NULL))
    {
      g_autofree char *min = g_strdup_printf ("%" G_GINT64_FORMAT, field->min);
      g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, field->max);

      /* Translators: a field's name, the input, the lowest and the highest
       * number the field takes. */
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_INTEGER,
                   _("%s: “%s” is not a whole number from %s to %s"),
                   field->name, input, min, max);
      return NULL;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* Digits with at most two after a point: "0.5", "12", "1.25". The
 * canonical form drops leading zeros and trailing fractional zeros, so
 * "0.50" and ".5" are both "0.5"; no sign, exponent or comma is taken. */
static char *
normalize_decimal (const TgFieldDef *field,
                   const char       *input,
                   GError          **error)
{
  const char *p = input;
  gint64 whole = 0;
  guint hundredths = 0;
  guint fraction_digits = 0;
  gboolean any_digit = FALSE;

  while (g_ascii_isdigit (*p))
    {
      /* The bounds are small; a long run of digits is out of range, not an
       * overflow. */
      if (whole <= field->max)
        whole = whole * 10 + (*p - '0');
      any_digit = TRUE;
      p++;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p) && fraction_digits < 3)
        {
          if (fraction_digits < 2)
            hundredths = hundredths * 10 + (guint) (*p - '0');
          fraction_digits++;
          any_digit = TRUE;
          p++;
        }
      if (fraction_digits == 1)
        hundredths *= 10;
    }

  if (!any_digit || *p != '\0' || fraction_digits > 2)
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DECIMAL,
                   _("%s: “%s” is not a number with at most two decimal places"),
                   field->name, input);
      return NULL;
    }
  if (whole < field->min || whole > field->max
      || (whole == field->max && hundredths > 0))
    {
      g_autofree char *min = g_strdup_printf ("%" G_GINT64_FORMAT, field->min);
      g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, field->max);

      /* Translators: a field's name, the input, the lowest and the highest
       * number the field takes. */
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DECIMAL,
                   _("%s: “%s” is not from %s to %s"),
                   field->name, input, min, max);
      return NULL;
    }

  if (hundredths == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, whole);
  if (hundredths % 10 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%u", whole, hundredths / 10);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02u", whole, hundredths);
}

static char *
normalize_choice (const TgFieldDef *field,
                  const char       *input,
                  GError          **error)
{
  g_autofree char *joined = NULL;

  for (guint i = 0; field->choices[i]; i++)
    if (g_strcmp0 (input, field->choices[i]) == 0)
      return g_strdup (input);

  joined = g_strjoinv (", ", (char **) field->choices);
  g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_CHOICE,
               _("%s: “%s” is not one of %s"), field->name, input, joined);
  return NULL;
}

static char *
normalize_reference (const TgFieldDef *field,
                     const char       *input,
                     GError          **error)
{
  if (!tg_uuid_is_valid (input))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_UUID,
                   _("%s: “%s” is not a record id"), field->name, input);
      return NULL;
    }
  return g_strdup (input);
}

gboolean
tg_field_normalize (const TgFieldDef  *field,
                    const char        *input,
                    char             **out_canonical,
                    GError           **error)
{
  char *canonical = NULL;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (out_canonical != NULL, FALSE);

  *out_canonical = NULL;
  if (input == NULL)
    return TRUE;

  switch (field->type)
    {
    case TG_FIELD_TEXT:          canonical = normalize_text (field, input, error); break;
    case TG_FIELD_DATE:          canonical = tg_validate_date (field->name, input, error); break;
    case TG_FIELD_DATE_TIME:     canonical = tg_validate_date_time (field->name, input, error); break;
    case TG_FIELD_TIME:          canonical = tg_validate_time (field->name, input, error); break;
    case TG_FIELD_BOOLEAN:       canonical = normalize_boolean (field, input, error); break;
    case TG_FIELD_INTEGER:       canonical = normalize_integer (field, input, error); break;
    case TG_FIELD_CHOICE:        canonical = normalize_choice (field, input, error); break;
    case TG_FIELD_REFERENCE:     canonical = normalize_reference (field, input, error); break;
    case TG_FIELD_PRISON_NUMBER: canonical = tg_validate_prison_number (field->name, input, error); break;
    case TG_FIELD_PNC_ID:        canonical = tg_validate_pnc_id (field->name, input, error); break;
    case TG_FIELD_CRO_NUMBER:    canonical = tg_validate_cro_number (field->name, input, error); break;
    case TG_FIELD_NHS_NUMBER:    canonical = tg_validate_nhs_number (field->name, input, error); break;
    case TG_FIELD_CRN:           canonical = tg_validate_crn (field->name, input, error); break;
    case TG_FIELD_DECIMAL:       canonical = normalize_decimal (field, input, error); break;
    default:                     g_return_val_if_reached (FALSE);
    }

  if (canonical == NULL)
    return FALSE;
  *out_canonical = canonical;
  return TRUE;
}
