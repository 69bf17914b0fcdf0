/* Words for fields and values (tg-field-labels.h). */

#include "config.h"

#include "tg-field-labels.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <string.h>

typedef struct {
  const char *entity;   /* NULL: any entity */
  const char *field;
  const char *label;
} FieldLabel;

static const FieldLabel field_labels[] = {
  { NULL, "given_name", N_("Given name") },
  { NULL, "family_name", N_("Family name") },
  { NULL, "preferred_name", N_("Preferred name") },
  { NULL, "date_of_birth", N_("Date of birth") },
  { NULL, "gender", N_("Gender") },
  { NULL, "prison_number", N_("Prison number") },
  { NULL, "pnc_id", N_("PNC ID") },
  { NULL, "cro_number", N_("CRO number") },
  { NULL, "nhs_number", N_("NHS number") },
  { NULL, "crn", N_("Probation CRN") },
  { NULL, "team", N_("Team") },
  { NULL, "establishment", N_("Establishment") },
  { NULL, "custody_status", N_("Custody status") },
  { NULL, "key_worker", N_("Key worker") },
  { NULL, "consent_to_share", N_("Consent to share") },
  { NULL, "crd", N_("Conditional release date (CRD)") },
  { NULL, "ard", N_("Automatic release date (ARD)") },
  { NULL, "ped", N_("Parole eligibility date (PED)") },
  { NULL, "hdced", N_("HDC eligibility date (HDCED)") },
  { NULL, "hdcad", N_("HDC approved date (HDCAD)") },
  { NULL, "sed", N_("Sentence expiry date (SED)") },
  { NULL, "led", N_("Licence expiry date (LED)") },
  { NULL, "tused", N_("Supervision ends (TUSED)") },
  { NULL, "confirmed_release_date", N_("Confirmed release date") },
  { NULL, "release_time", N_("Release time") },
  { NULL, "gate", N_("Gate") },
  { NULL, "accommodation", N_("First-night accommodation") },
  { NULL, "no_fixed_abode", N_("No fixed abode") },
  { NULL, "gp_registered", N_("Registered with a GP") },
  { NULL, "gp_practice", N_("GP practice") },
  { NULL, "treatment_provider", N_("Treatment provider") },
  { NULL, "treatment_appointment_at", N_("Treatment appointment") },
  { NULL, "treatment_appointment_place", N_("Treatment appointment place") },
  { NULL, "ost_handover", N_("Opioid substitution handover") },
  { NULL, "naloxone_supplied", N_("Naloxone supplied") },
  { NULL, "id_documents", N_("ID documents") },
  { NULL, "bank_account", N_("Bank account") },
  { NULL, "universal_credit_claim", N_("Universal Credit claim") },
  { NULL, "jobcentre_appointment_at", N_("Jobcentre appointment") },
  { NULL, "probation_officer", N_("Probation officer") },
  { NULL, "probation_appointment_at", N_("Probation appointment") },
  { NULL, "probation_place", N_("Probation office") },
  { NULL, "licence_conditions", N_("Licence conditions") },
  { NULL, "pickup_mentor", N_("Gate-pickup mentor") },
  { NULL, "pickup_status", N_("Pickup") },
  { "note", "body", N_("Note") },
  /* Care plans and their goals. */
  { "care_plan", "start_date", N_("Start date") },
  { "care_plan", "end_date", N_("End date") },
  { "care_plan", "review_due", N_("Review asked for on") },
  { "care_plan", "review_reason", N_("Reason") },
  { "care_plan", "review_interval_days", N_("Review every (days)") },
  { "care_plan", "last_reviewed_on", N_("Reviewed on") },
  { "care_plan", "outcome", N_("Outcome") },
  { "care_plan", "closed_on", N_("Closed on") },
  { "care_goal", "what", N_("What") },
  { "care_goal", "measure", N_("Measure") },
  { "care_goal", "target_date", N_("Target date") },
  { "care_goal", "status", N_("Status") },
  /* Referrals. */
  { "referral", "service", N_("Service") },
  { "referral", "need_identified_on", N_("Need identified on") },
  { "referral", "referred_on", N_("Referred on") },
  { "referral", "due_on", N_("Due by") },
  { "referral", "status", N_("Status") },
  /* Contacts and appointments. */
  { "contact", "kind", N_("Contact") },
  { "contact", "at", N_("When") },
  { "contact", "worker", N_("Worker") },
  { "contact", "detail", N_("Detail") },
  { "appointment", "kind", N_("Appointment") },
  { "appointment", "at", N_("Date and time") },
  { "appointment", "place", N_("Place") },
  { "appointment", "with_whom", N_("With whom") },
  /* Sessions. */
  { "session", "place", N_("Place") },
  { "session", "place_detail", N_("Which place") },
  { "session", "date", N_("Date") },
  /* TOP: the stage and the four sections. */
  { "top_record", "stage", N_("Stage") },
  { "top_record", "completed_on", N_("Completed on") },
  { "top_record", "alcohol_days", N_("Alcohol: days used") },
  { "top_record", "alcohol_units", N_("Alcohol: units a day") },
  { "top_record", "opiates_days", N_("Opiates: days used") },
  { "top_record", "opiates_grams", N_("Opiates: grams a day") },
  { "top_record", "crack_days", N_("Crack: days used") },
  { "top_record", "crack_grams", N_("Crack: grams a day") },
  { "top_record", "cocaine_days", N_("Cocaine: days used") },
  { "top_record", "cocaine_grams", N_("Cocaine: grams a day") },
  { "top_record", "amphetamines_days", N_("Amphetamines: days used") },
  { "top_record", "amphetamines_grams", N_("Amphetamines: grams a day") },
  { "top_record", "cannabis_days", N_("Cannabis: days used") },
  { "top_record", "cannabis_joints", N_("Cannabis: joints a day") },
  { "top_record", "other_substance", N_("Other substance") },
  { "top_record", "other_substance_days", N_("Other substance: days used") },
  { "top_record", "injecting_days", N_("Days injected") },
  { "top_record", "shared_needles", N_("Shared needles") },
  { "top_record", "shared_equipment", N_("Shared other equipment") },
  { "top_record", "shoplifting_days", N_("Shoplifting: days") },
  { "top_record", "selling_drugs_days", N_("Selling drugs: days") },
  { "top_record", "theft_days", N_("Other theft: days") },
  { "top_record", "violence_days", N_("Violence: days") },
  { "top_record", "psychological_health", N_("Psychological health (0–20)") },
  { "top_record", "physical_health", N_("Physical health (0–20)") },
  { "top_record", "quality_of_life", N_("Quality of life (0–20)") },
  { "top_record", "paid_work_days", N_("Days in paid work") },
  { "top_record", "education_days", N_("Days in education") },
  { "top_record", "acute_housing_problem", N_("Acute housing problem") },
  { "top_record", "eviction_risk", N_("At risk of eviction") },
  { "note", "kind", N_("Kind of contact") },
};

static const struct { const char *value; const char *label; } choice_labels[] = {
  { "in_reach", N_("In-reach surgery") },
  { "outreach", N_("Outreach clinic") },
  { "gate_pickup", N_("Gate pickup") },
  { "phone", N_("Phone") },
  { "other", N_("Other") },
  { "not_arranged", N_("Not arranged") },
  { "arranged", N_("Arranged") },
  { "met", N_("Met at the gate") },
  { "missed", N_("Missed") },
  { "declined", N_("Declined") },
  /* Care plans. */
  { "scheduled", N_("Scheduled review") },
  { "arrest", N_("Arrest") },
  { "breach", N_("Breach") },
  { "disengagement", N_("Disengagement") },
  { "completed", N_("Completed") },
  { "disengaged", N_("Disengaged") },
  { "transferred", N_("Transferred") },
  { "not_started", N_("Not started") },
  { "in_progress", N_("In progress") },
  { "achieved", N_("Achieved") },
  { "dropped", N_("Dropped") },
  /* Referrals. */
  { "needed", N_("Needed") },
  { "referred", N_("Referred") },
  { "accepted", N_("Accepted") },
  /* TOP stages. */
  { "start", N_("Start") },
  { "review", N_("Review") },
  { "exit", N_("Exit") },
  /* Session places. */
  { "hmp_nottingham", N_("HMP Nottingham") },
  { "homelessness_project", N_("Homelessness project") },
  { "womens_centre", N_("Women’s centre") },
  { "approved_premises", N_("Approved premises") },
  /* Appointments. */
  { "probation", N_("Probation") },
  { "treatment", N_("Community treatment") },
  { "jobcentre", N_("Jobcentre") },
  { "pharmacy", N_("Pharmacy") },
  { "gp", N_("GP") },
  { "housing", N_("Housing") },
  /* Contacts. */
  { "triage", N_("Triage") },
  { "risk_assessment", N_("Risk assessment") },
  { "weekly_contact", N_("Weekly contact") },
  { "assessment", N_("Assessment") },
  { "relay_to_prison", N_("Details relayed to the prison") },
};

const char *
tg_field_label (const char *entity,
                const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if ((field_labels[i].entity == NULL ||
         g_strcmp0 (field_labels[i].entity, entity) == 0) &&
        g_strcmp0 (field_labels[i].field, field) == 0)
      return _(field_labels[i].label);
  return field;
}

const char *
tg_choice_label (const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_strcmp0 (choice_labels[i].value, value) == 0)
      return _(choice_labels[i].label);
  return value;
}

char *
tg_field_error_message (const char *entity,
                        const char *field,
                        const char *message)
{
  size_t prefix = strlen (field);

  /* Validators start their messages with "field: ". */
  if (g_str_has_prefix (message, field) && message[prefix] == ':')
    {
      message += prefix + 1;
      while (*message == ' ')
        message++;
    }
  return g_strdup_printf ("%s: %s", tg_field_label (entity, field), message);
}

char *
tg_session_place_label (const char *place,
                        const char *detail)
{
  if (detail != NULL && *detail != '\0')
    {
      if (place == NULL || g_strcmp0 (place, "other") == 0)
        return g_strdup (detail);
      /* Translators: a session's place and the detail typed for it. */
      return g_strdup_printf (_("%s, %s"), tg_choice_label (place), detail);
    }
  return g_strdup (place != NULL ? tg_choice_label (place) : _("Unknown place"));
}
