/* Words for fields and values (tg-field-labels.h). */

#include "config.h"

#include "tg-field-labels.h"

#include <glib/gi18n.h>

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
