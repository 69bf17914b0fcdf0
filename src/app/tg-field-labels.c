/* Words for fields and values (tg-field-labels.h). */

#include "tg-field-labels.h"

#include <string.h>

typedef struct {
  const char *entity;   /* NULL: any entity */
  const char *field;
  const char *label;
} FieldLabel;

static const FieldLabel field_labels[] = {
  { NULL, "given_name", "Given name" },
  { NULL, "family_name", "Family name" },
  { NULL, "preferred_name", "Preferred name" },
  { NULL, "date_of_birth", "Date of birth" },
  { NULL, "gender", "Gender" },
  { NULL, "prison_number", "Prison number" },
  { NULL, "pnc_id", "PNC ID" },
  { NULL, "cro_number", "CRO number" },
  { NULL, "nhs_number", "NHS number" },
  { NULL, "crn", "Probation CRN" },
  { NULL, "team", "Team" },
  { NULL, "establishment", "Establishment" },
  { NULL, "custody_status", "Custody status" },
  { NULL, "key_worker", "Key worker" },
  { NULL, "consent_to_share", "Consent to share" },
  { NULL, "crd", "Conditional release date (CRD)" },
  { NULL, "ard", "Automatic release date (ARD)" },
  { NULL, "ped", "Parole eligibility date (PED)" },
  { NULL, "hdced", "HDC eligibility date (HDCED)" },
  { NULL, "hdcad", "HDC approved date (HDCAD)" },
  { NULL, "sed", "Sentence expiry date (SED)" },
  { NULL, "led", "Licence expiry date (LED)" },
  { NULL, "tused", "Supervision ends (TUSED)" },
  { NULL, "confirmed_release_date", "Confirmed release date" },
  { NULL, "release_time", "Release time" },
  { NULL, "gate", "Gate" },
  { NULL, "accommodation", "First-night accommodation" },
  { NULL, "no_fixed_abode", "No fixed abode" },
  { NULL, "gp_registered", "Registered with a GP" },
  { NULL, "gp_practice", "GP practice" },
  { NULL, "treatment_provider", "Treatment provider" },
  { NULL, "treatment_appointment_at", "Treatment appointment" },
  { NULL, "treatment_appointment_place", "Treatment appointment place" },
  { NULL, "ost_handover", "Opioid substitution handover" },
  { NULL, "naloxone_supplied", "Naloxone supplied" },
  { NULL, "id_documents", "ID documents" },
  { NULL, "bank_account", "Bank account" },
  { NULL, "universal_credit_claim", "Universal Credit claim" },
  { NULL, "jobcentre_appointment_at", "Jobcentre appointment" },
  { NULL, "probation_officer", "Probation officer" },
  { NULL, "probation_appointment_at", "Probation appointment" },
  { NULL, "probation_place", "Probation office" },
  { NULL, "licence_conditions", "Licence conditions" },
  { NULL, "pickup_mentor", "Gate-pickup mentor" },
  { NULL, "pickup_status", "Pickup" },
  { "note", "body", "Note" },
  { "note", "kind", "Kind of contact" },
};

static const struct { const char *value; const char *label; } choice_labels[] = {
  { "in_reach", "In-reach surgery" },
  { "outreach", "Outreach clinic" },
  { "gate_pickup", "Gate pickup" },
  { "phone", "Phone" },
  { "other", "Other" },
  { "not_arranged", "Not arranged" },
  { "arranged", "Arranged" },
  { "met", "Met at the gate" },
  { "missed", "Missed" },
  { "declined", "Declined" },
};

const char *
tg_field_label (const char *entity,
                const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if ((field_labels[i].entity == NULL ||
         g_strcmp0 (field_labels[i].entity, entity) == 0) &&
        g_strcmp0 (field_labels[i].field, field) == 0)
      return field_labels[i].label;
  return field;
}

const char *
tg_choice_label (const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_strcmp0 (choice_labels[i].value, value) == 0)
      return choice_labels[i].label;
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
