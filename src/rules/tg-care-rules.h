/* tg-care-rules.h: continuity of care and care plans
 * (docs/field-workflows.md §2 and §3).
 *
 * Continuity of care: a person released from prison should attend
 * community treatment within 21 days of walking out. Care plans: reviews
 * fall due at the team's interval and on key events, and a plan closes
 * with an outcome, on or after its planned end date. Pure functions of
 * records and the day asked about.
 */
#pragma once

#include <glib.h>

#include "tg-record.h"

G_BEGIN_DECLS

/* Days after release by which community treatment must have started; the
 * day of release is day 0 and day 21 still counts. */
#define TG_CONTINUITY_OF_CARE_DAYS 21
/* A team that has set no review interval reviews every 91 days (13 weeks,
 * about three months). */
#define TG_CARE_REVIEW_DEFAULT_DAYS 91

typedef enum {
  TG_CONTINUITY_NOT_RELEASED,   /* nothing to measure yet */
  TG_CONTINUITY_PENDING,        /* released, inside the 21 days, not yet engaged */
  TG_CONTINUITY_MET,            /* engaged on day 0 to 21 */
  TG_CONTINUITY_MISSED,         /* not engaged by day 21 (or only after it) */
} TgContinuity;

/* "not_released", "pending", "met", "missed". */
const char  *tg_continuity_to_string (TgContinuity continuity);

/* The rule on dates alone. @released_on or @engaged_on may be NULL or
 * invalid (not known); an engagement before the release day is not
 * community treatment after release and is ignored. @out_deadline (may be
 * NULL) gets release day + 21 when there is a release. */
TgContinuity tg_continuity          (const GDate    *released_on,
                                     const GDate    *engaged_on,
                                     const GDate    *today,
                                     GDate          *out_deadline);

/* The rule for a client and their release plan. The release day is the
 * plan's released_on; without it, for a client whose custody status is
 * "released", the plan's release date (confirmed, else ARD, else CRD) when
 * it is not after @today. The engagement is treatment_engaged_on.
 * @out_released and @out_deadline may be NULL. */
TgContinuity tg_continuity_for      (const TgRecord *client,
                                     const TgRecord *plan,
                                     const GDate    *today,
                                     GDate          *out_released,
                                     GDate          *out_deadline);

/* A rate over many people: met / (met + missed); pending people are
 * counted but left out of the rate until their 21 days have run. */
typedef struct {
  guint met;
  guint missed;
  guint pending;
} TgContinuityRate;

void         tg_continuity_rate_add     (TgContinuityRate       *rate,
                                         TgContinuity            continuity);
/* Negative when nobody's 21 days have run yet. */
double       tg_continuity_rate_percent (const TgContinuityRate *rate);

typedef enum {
  TG_REVIEW_NONE,       /* closed, or no start date to count from */
  TG_REVIEW_NOT_DUE,
  TG_REVIEW_DUE,        /* due today or overdue */
} TgReviewState;

/* "none", "not_due", "due". */
const char  *tg_review_state_to_string (TgReviewState state);

/* When a plan's next review falls due. Invariants: @due is valid unless
 * @state is NONE; @days_until_due is @due − today (negative: overdue);
 * @reason is "scheduled" or the key event that asked for the review
 * ("arrest", "breach", "disengagement"). */
typedef struct {
  TgReviewState  state;
  GDate          due;
  const char    *reason;
  guint          interval_days;
  gint           days_until_due;
} TgCareReview;

/* The scheduled review is the last review (else the start date) plus the
 * plan's review_interval_days (else @team_default_days, else 91). A
 * review asked for by hand or by a key event — review_due with its
 * review_reason — counts until a review on or after that day is recorded
 * in last_reviewed_on. The earlier of the two is the one due. */
void         tg_care_plan_review    (const TgRecord *plan,
                                     guint           team_default_days,
                                     const GDate    *today,
                                     TgCareReview   *out);

typedef enum {
  TG_PLAN_OPEN,
  TG_PLAN_COMPLETED,
  TG_PLAN_DISENGAGED,
  TG_PLAN_TRANSFERRED,
} TgPlanOutcome;

/* "open", "completed", "disengaged", "transferred". */
const char  *tg_plan_outcome_to_string (TgPlanOutcome outcome);

/* How a plan ended. Invariants: @closed when an outcome or a closed_on is
 * recorded; @on_time only when both closed_on and end_date are recorded
 * and the plan closed on or before its end date. */
typedef struct {
  TgPlanOutcome outcome;
  gboolean      closed;
  GDate         closed_on;     /* invalid when not recorded */
  GDate         end_date;      /* invalid when not recorded */
  gboolean      on_time;
} TgPlanClosure;

void         tg_care_plan_closure   (const TgRecord *plan,
                                     TgPlanClosure  *out);

/* Whether @plan is in force on @day: not deleted, started on or before
 * it, and not closed before it. */
gboolean     tg_care_plan_is_active (const TgRecord *plan,
                                     const GDate    *day);

/* What keeps a goal from being SMART, or from being on track. */
typedef enum {
  TG_GOAL_OK                 = 0,
  TG_GOAL_NO_WHAT            = 1 << 0,
  TG_GOAL_NO_MEASURE         = 1 << 1,
  TG_GOAL_NO_TARGET_DATE     = 1 << 2,
  TG_GOAL_TARGET_AFTER_END   = 1 << 3,   /* after the plan's end date */
  TG_GOAL_OVERDUE            = 1 << 4,   /* target passed, neither achieved nor dropped */
} TgGoalProblems;

TgGoalProblems tg_care_goal_check   (const TgRecord *goal,
                                     const TgRecord *plan,
                                     const GDate    *today);

G_END_DECLS
