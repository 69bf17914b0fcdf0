/* Continuity of care and care plan rules; see docs/field-workflows.md. */
#include "tg-care-rules.h"

#include <string.h>

#include "tg-release-rules.h"
#include "tg-rules-util.h"

const char *
tg_continuity_to_string (TgContinuity continuity)
{
  switch (continuity)
    {
    case TG_CONTINUITY_NOT_RELEASED: return "not_released";
    case TG_CONTINUITY_PENDING:      return "pending";
    case TG_CONTINUITY_MET:          return "met";
    case TG_CONTINUITY_MISSED:       return "missed";
    default:                         g_return_val_if_reached (NULL);
    }
}

TgContinuity
tg_continuity (const GDate *released_on,
               const GDate *engaged_on,
               const GDate *today,
               GDate       *out_deadline)
{
  GDate deadline;

  if (out_deadline != NULL)
    g_date_clear (out_deadline, 1);
  if (released_on == NULL || !g_date_valid (released_on)
      || g_date_compare (released_on, today) > 0)
    return TG_CONTINUITY_NOT_RELEASED;

  deadline = *released_on;
  g_date_add_days (&deadline, TG_CONTINUITY_OF_CARE_DAYS);
  if (out_deadline != NULL)
    *out_deadline = deadline;

  if (engaged_on != NULL && g_date_valid (engaged_on)
      && g_date_compare (engaged_on, released_on) >= 0)
    return g_date_compare (engaged_on, &deadline) <= 0
           ? TG_CONTINUITY_MET : TG_CONTINUITY_MISSED;

  return g_date_compare (today, &deadline) <= 0
         ? TG_CONTINUITY_PENDING : TG_CONTINUITY_MISSED;
}

TgContinuity
tg_continuity_for (const TgRecord *client,
                   const TgRecord *plan,
                   const GDate    *today,
                   GDate          *out_released,
                   GDate          *out_deadline)
{
  GDate released;
  GDate engaged;

  if (!tg_rules_record_date (plan, "released_on", &released)
      && client != NULL
      && g_strcmp0 (tg_record_get (client, "custody_status"), "released") == 0)
    {
      /* Someone marked released whose actual day was not written down
       * went out on the planned day, as far as anyone knows. */
      if (tg_release_plan_date (plan, &released) == TG_RELEASE_DATE_NONE)
        g_date_clear (&released, 1);
    }
  tg_rules_record_date (plan, "treatment_engaged_on", &engaged);

  if (out_released != NULL)
    {
      *out_released = released;
      if (g_date_valid (&released) && g_date_compare (&released, today) > 0)
        g_date_clear (out_released, 1);
    }
  return tg_continuity (&released, &engaged, today, out_deadline);
}

void
tg_continuity_rate_add (TgContinuityRate *rate,
                        TgContinuity      continuity)
{
  switch (continuity)
    {
    case TG_CONTINUITY_MET:     rate->met++; break;
    case TG_CONTINUITY_MISSED:  rate->missed++; break;
    case TG_CONTINUITY_PENDING: rate->pending++; break;
    case TG_CONTINUITY_NOT_RELEASED:
    default:
      break;
    }
}

double
tg_continuity_rate_percent (const TgContinuityRate *rate)
{
  return tg_rules_percent (rate->met, rate->met + rate->missed);
}

const char *
tg_review_state_to_string (TgReviewState state)
{
  switch (state)
    {
    case TG_REVIEW_NONE:    return "none";
    case TG_REVIEW_NOT_DUE: return "not_due";
    case TG_REVIEW_DUE:     return "due";
    default:                g_return_val_if_reached (NULL);
    }
}

static guint
review_interval (const TgRecord *plan,
                 guint           team_default_days)
{
  const char *text = tg_record_get (plan, "review_interval_days");
  guint64 days;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &days, NULL))
    return (guint) days;
  return team_default_days > 0 ? team_default_days : TG_CARE_REVIEW_DEFAULT_DAYS;
}

void
tg_care_plan_review (const TgRecord *plan,
                     guint           team_default_days,
                     const GDate    *today,
                     TgCareReview   *out)
{
  TgPlanClosure closure;
  GDate last;
  GDate requested;
  gboolean reviewed;

  memset (out, 0, sizeof *out);
  g_date_clear (&out->due, 1);
  out->state = TG_REVIEW_NONE;
  out->reason = "scheduled";

  tg_care_plan_closure (plan, &closure);
  if (closure.closed || tg_record_is_deleted (plan))
    return;

  out->interval_days = review_interval (plan, team_default_days);
  reviewed = tg_rules_record_date (plan, "last_reviewed_on", &last);
  if (!reviewed && !tg_rules_record_date (plan, "start_date", &last))
    return;

  out->due = last;
  g_date_add_days (&out->due, out->interval_days);

  /* A key event (or a worker) asks for a review on a day; it stands until
   * a review on or after that day is recorded. On a tie the event's reason
   * is kept: it says why the review matters. */
  if (tg_rules_record_date (plan, "review_due", &requested)
      && (!reviewed || g_date_compare (&requested, &last) > 0)
      && g_date_compare (&requested, &out->due) <= 0)
    {
      const char *reason = tg_record_get (plan, "review_reason");

      out->due = requested;
      out->reason = reason != NULL ? reason : "scheduled";
    }

  out->days_until_due = tg_rules_days_between (today, &out->due);
  out->state = out->days_until_due <= 0 ? TG_REVIEW_DUE : TG_REVIEW_NOT_DUE;
}

const char *
tg_plan_outcome_to_string (TgPlanOutcome outcome)
{
  switch (outcome)
    {
    case TG_PLAN_OPEN:        return "open";
    case TG_PLAN_COMPLETED:   return "completed";
    case TG_PLAN_DISENGAGED:  return "disengaged";
    case TG_PLAN_TRANSFERRED: return "transferred";
    default:                  g_return_val_if_reached (NULL);
    }
}

void
tg_care_plan_closure (const TgRecord *plan,
                      TgPlanClosure  *out)
{
  const char *outcome = tg_record_get (plan, "outcome");
  gboolean has_closed_on;
  gboolean has_end;

  memset (out, 0, sizeof *out);
  has_closed_on = tg_rules_record_date (plan, "closed_on", &out->closed_on);
  has_end = tg_rules_record_date (plan, "end_date", &out->end_date);

  if (g_strcmp0 (outcome, "completed") == 0)
    out->outcome = TG_PLAN_COMPLETED;
  else if (g_strcmp0 (outcome, "disengaged") == 0)
    out->outcome = TG_PLAN_DISENGAGED;
  else if (g_strcmp0 (outcome, "transferred") == 0)
    out->outcome = TG_PLAN_TRANSFERRED;
  else
    out->outcome = TG_PLAN_OPEN;

  out->closed = has_closed_on || out->outcome != TG_PLAN_OPEN;
  out->on_time = has_closed_on && has_end
                 && g_date_compare (&out->closed_on, &out->end_date) <= 0;
}

gboolean
tg_care_plan_is_active (const TgRecord *plan,
                        const GDate    *day)
{
  TgPlanClosure closure;
  GDate start;

  if (tg_record_is_deleted (plan)
      || !tg_rules_record_date (plan, "start_date", &start)
      || g_date_compare (&start, day) > 0)
    return FALSE;

  tg_care_plan_closure (plan, &closure);
  if (!closure.closed)
    return TRUE;
  /* Closed with no date: closed as far as anyone can tell. A plan closed
   * on @day was still in force that day. */
  return g_date_valid (&closure.closed_on)
         && g_date_compare (&closure.closed_on, day) >= 0;
}

TgGoalProblems
tg_care_goal_check (const TgRecord *goal,
                    const TgRecord *plan,
                    const GDate    *today)
{
  TgGoalProblems problems = TG_GOAL_OK;
  const char *status = tg_record_get (goal, "status");
  GDate target;
  GDate end;

  if (tg_record_get (goal, "what") == NULL)
    problems |= TG_GOAL_NO_WHAT;
  if (tg_record_get (goal, "measure") == NULL)
    problems |= TG_GOAL_NO_MEASURE;
  if (!tg_rules_record_date (goal, "target_date", &target))
    return problems | TG_GOAL_NO_TARGET_DATE;

  if (tg_rules_record_date (plan, "end_date", &end)
      && g_date_compare (&target, &end) > 0)
    problems |= TG_GOAL_TARGET_AFTER_END;
  if (g_date_compare (&target, today) < 0
      && g_strcmp0 (status, "achieved") != 0
      && g_strcmp0 (status, "dropped") != 0)
    problems |= TG_GOAL_OVERDUE;
  return problems;
}
