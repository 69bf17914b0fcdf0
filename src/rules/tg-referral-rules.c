/* Referral rules; see docs/field-workflows.md. */
#include "tg-referral-rules.h"

gboolean
tg_referral_due (const TgRecord *referral,
                 GDate          *out_due)
{
  if (tg_rules_record_date (referral, "due_on", out_due))
    return TRUE;
  if (!tg_rules_record_date (referral, "need_identified_on", out_due))
    return FALSE;
  g_date_add_days (out_due, TG_REFERRAL_DUE_DAYS);
  return TRUE;
}

TgTimeliness
tg_referral_timeliness (const TgRecord *referral,
                        const GDate    *today,
                        GDate          *out_due)
{
  const char *status = tg_record_get (referral, "status");
  GDate due;
  GDate referred;

  if (out_due != NULL)
    g_date_clear (out_due, 1);
  if (tg_record_is_deleted (referral) || !tg_referral_due (referral, &due))
    return TG_TIMELINESS_NONE;
  if (out_due != NULL)
    *out_due = due;

  if (tg_rules_record_date (referral, "referred_on", &referred))
    return g_date_compare (&referred, &due) <= 0 ? TG_TIMELINESS_DONE : TG_TIMELINESS_LATE;

  /* Declined before it was made, or moved past "needed" with no date:
   * nothing is waiting, and nothing can be said about when it was made. */
  if (status != NULL && g_strcmp0 (status, "needed") != 0)
    return TG_TIMELINESS_NONE;

  return g_date_compare (today, &due) <= 0 ? TG_TIMELINESS_DUE : TG_TIMELINESS_OVERDUE;
}

gboolean
tg_referral_is_overdue (const TgRecord *referral,
                        const GDate    *today)
{
  return tg_referral_timeliness (referral, today, NULL) == TG_TIMELINESS_OVERDUE;
}
