/* tg-referral-rules.h: referrals (docs/field-workflows.md §5).
 *
 * A referral is due 14 days after the need for it was identified unless a
 * due date was set by hand; it is overdue while it has not been made and
 * its due date has passed.
 */
#pragma once

#include <glib.h>

#include "tg-record.h"
#include "tg-rules-util.h"

G_BEGIN_DECLS

#define TG_REFERRAL_DUE_DAYS 14

/* The due date of @referral: due_on, else need_identified_on + 14 days.
 * FALSE (and @out_due cleared) when neither is recorded. */
gboolean     tg_referral_due          (const TgRecord *referral,
                                       GDate          *out_due);

/* Where the referral stands on @today:
 * - DONE or LATE once referred_on is recorded, by whether it is on or
 *   before the due date;
 * - DUE or OVERDUE while it has not been made (status unset or "needed"),
 *   by whether @today is after the due date;
 * - NONE when it cannot be judged: no due date, deleted, declined before
 *   it was made, or marked made without the day it was made.
 * @out_due (may be NULL) gets the due date. */
TgTimeliness tg_referral_timeliness   (const TgRecord *referral,
                                       const GDate    *today,
                                       GDate          *out_due);

/* The overdue flag: TG_TIMELINESS_OVERDUE. */
gboolean     tg_referral_is_overdue   (const TgRecord *referral,
                                       const GDate    *today);

G_END_DECLS
