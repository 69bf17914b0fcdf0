/* Continuity of care (the 21-day boundary, month and year ends, the leap
 * day), care plan reviews (the interval, the team default, key events),
 * plan outcomes and SMART goals. Every date below was counted on a
 * calendar; the sums are in the comments. */

#include "tg-care-rules.h"
#include "tg-rules-test.h"

typedef struct {
  const char   *name;
  const char   *released;     /* NULL: not released */
  const char   *engaged;      /* NULL: not yet */
  const char   *today;
  TgContinuity  expected;
  const char   *deadline;     /* NULL: none */
} ContinuityCase;

static const ContinuityCase continuity_cases[] = {
  /* Released Friday 27 November 2026: day 21 is Friday 18 December. */
  { "day-0", "2026-11-27", "2026-11-27", "2026-11-27", TG_CONTINUITY_MET, "2026-12-18" },
  { "day-21", "2026-11-27", "2026-12-18", "2027-01-10", TG_CONTINUITY_MET, "2026-12-18" },
  { "day-22", "2026-11-27", "2026-12-19", "2027-01-10", TG_CONTINUITY_MISSED, "2026-12-18" },
  { "pending-on-day-21", "2026-11-27", NULL, "2026-12-18", TG_CONTINUITY_PENDING, "2026-12-18" },
  { "missed-on-day-22", "2026-11-27", NULL, "2026-12-19", TG_CONTINUITY_MISSED, "2026-12-18" },
  /* Treatment inside, before release, is not treatment after release. */
  { "engaged-before-release", "2026-11-27", "2026-11-26", "2026-12-01", TG_CONTINUITY_PENDING, "2026-12-18" },
  { "not-yet-released", "2026-11-27", NULL, "2026-11-26", TG_CONTINUITY_NOT_RELEASED, NULL },
  { "no-release", NULL, "2026-12-01", "2026-12-01", TG_CONTINUITY_NOT_RELEASED, NULL },
  /* 11 December 2026 + 21 days = 1 January 2027 (a bank holiday, still a day). */
  { "year-end-day-21", "2026-12-11", "2027-01-01", "2027-01-05", TG_CONTINUITY_MET, "2027-01-01" },
  { "year-end-day-22", "2026-12-11", "2027-01-02", "2027-01-05", TG_CONTINUITY_MISSED, "2027-01-01" },
  /* 10 February 2028 + 21 days: 19 to the leap day, 20 on 1 March, 21 on 2 March. */
  { "leap-day-21", "2028-02-10", "2028-03-02", "2028-03-10", TG_CONTINUITY_MET, "2028-03-02" },
  { "leap-day-22", "2028-02-10", "2028-03-03", "2028-03-10", TG_CONTINUITY_MISSED, "2028-03-02" },
  { "leap-pending", "2028-02-10", NULL, "2028-03-02", TG_CONTINUITY_PENDING, "2028-03-02" },
};

static void
test_continuity (gconstpointer data)
{
  const ContinuityCase *c = data;
  GDate released = tg_rules_test_date (c->released);
  GDate engaged = tg_rules_test_date (c->engaged);
  GDate today = tg_rules_test_date (c->today);
  GDate deadline;
  TgContinuity continuity;

  continuity = tg_continuity (c->released != NULL ? &released : NULL,
                              c->engaged != NULL ? &engaged : NULL,
                              &today, &deadline);
  g_assert_cmpstr (tg_continuity_to_string (continuity), ==,
                   tg_continuity_to_string (c->expected));
  tg_rules_test_assert_date (&deadline, c->deadline);
}

typedef struct {
  const char   *name;
  const char   *custody_status;
  const char   *plan[8];
  const char   *today;
  TgContinuity  expected;
  const char   *released;
} ContinuityRecordCase;

static const ContinuityRecordCase continuity_record_cases[] = {
  { "released-on", "released", { "ard", "2026-11-27", "released_on", "2026-11-26",
                                 "treatment_engaged_on", "2026-12-17", NULL },
    "2027-01-10", TG_CONTINUITY_MET, "2026-11-26" },
  /* Released on the 26th, so day 21 is 17 December, not 18th. */
  { "released-on-counts-not-ard", "released", { "ard", "2026-11-27", "released_on", "2026-11-26",
                                                "treatment_engaged_on", "2026-12-18", NULL },
    "2027-01-10", TG_CONTINUITY_MISSED, "2026-11-26" },
  { "status-released-uses-plan-date", "released", { "ard", "2026-11-27", NULL },
    "2026-12-19", TG_CONTINUITY_MISSED, "2026-11-27" },
  { "still-sentenced", "sentenced", { "ard", "2026-11-27", NULL },
    "2026-12-19", TG_CONTINUITY_NOT_RELEASED, NULL },
  { "status-released-date-ahead", "released", { "confirmed_release_date", "2026-12-04", NULL },
    "2026-12-01", TG_CONTINUITY_NOT_RELEASED, NULL },
};

static void
test_continuity_records (gconstpointer data)
{
  const ContinuityRecordCase *c = data;
  g_autoptr(TgRecord) client = tg_rules_test_record ("client", NULL, "custody_status", c->custody_status, NULL);
  g_autoptr(TgRecord) plan = tg_rules_test_record_v ("release_plan", c->plan);
  GDate today = tg_rules_test_date (c->today);
  GDate released;
  TgContinuity continuity;

  continuity = tg_continuity_for (client, plan, &today, &released, NULL);
  g_assert_cmpstr (tg_continuity_to_string (continuity), ==,
                   tg_continuity_to_string (c->expected));
  tg_rules_test_assert_date (&released, c->released);
}

/* Two met, one missed, one pending: 2 / 3 = 66.7 %; the pending one waits. */
static void
test_continuity_rate (void)
{
  TgContinuityRate rate = { 0 };
  const TgContinuity people[] = {
    TG_CONTINUITY_MET, TG_CONTINUITY_MISSED, TG_CONTINUITY_PENDING,
    TG_CONTINUITY_MET, TG_CONTINUITY_NOT_RELEASED,
  };

  g_assert_cmpfloat (tg_continuity_rate_percent (&rate), <, 0);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    tg_continuity_rate_add (&rate, people[i]);
  g_assert_cmpuint (rate.met, ==, 2);
  g_assert_cmpuint (rate.missed, ==, 1);
  g_assert_cmpuint (rate.pending, ==, 1);
  g_assert_cmpfloat_with_epsilon (tg_continuity_rate_percent (&rate), 200.0 / 3.0, 1e-9);
}

typedef struct {
  const char    *name;
  const char    *plan[16];
  guint          team_default;
  const char    *today;
  TgReviewState  state;
  const char    *due;
  const char    *reason;
  gint           days_until;
  guint          interval;
} ReviewCase;

static const ReviewCase review_cases[] = {
  /* 5 January 2026 + 91 days = 6 April 2026. */
  { "default-not-due", { "start_date", "2026-01-05", NULL }, 0, "2026-04-05",
    TG_REVIEW_NOT_DUE, "2026-04-06", "scheduled", 1, 91 },
  { "default-due-today", { "start_date", "2026-01-05", NULL }, 0, "2026-04-06",
    TG_REVIEW_DUE, "2026-04-06", "scheduled", 0, 91 },
  { "default-overdue", { "start_date", "2026-01-05", NULL }, 0, "2026-04-10",
    TG_REVIEW_DUE, "2026-04-06", "scheduled", -4, 91 },
  /* The team sets 56 days: 5 January + 56 = 2 March. */
  { "team-default", { "start_date", "2026-01-05", NULL }, 56, "2026-03-01",
    TG_REVIEW_NOT_DUE, "2026-03-02", "scheduled", 1, 56 },
  /* The plan's own interval beats the team's: 31 March + 28 = 28 April. */
  { "plan-interval", { "start_date", "2026-01-05", "last_reviewed_on", "2026-03-31",
                       "review_interval_days", "28", NULL }, 56, "2026-04-28",
    TG_REVIEW_DUE, "2026-04-28", "scheduled", 0, 28 },
  /* An arrest on 10 March asks for a review before the scheduled one
   * (1 March + 91 = 31 May). */
  { "arrest", { "start_date", "2026-01-05", "last_reviewed_on", "2026-03-01",
                "review_due", "2026-03-10", "review_reason", "arrest", NULL }, 0, "2026-03-12",
    TG_REVIEW_DUE, "2026-03-10", "arrest", -2, 91 },
  /* Reviewed on the day of the breach: the next is 10 March + 91 = 9 June. */
  { "breach-reviewed", { "start_date", "2026-01-05", "last_reviewed_on", "2026-03-10",
                         "review_due", "2026-03-10", "review_reason", "breach", NULL }, 0, "2026-03-12",
    TG_REVIEW_NOT_DUE, "2026-06-09", "scheduled", 89, 91 },
  /* A disengagement review asked for after the scheduled date changes nothing. */
  { "event-after-schedule", { "start_date", "2026-01-05", "review_due", "2026-05-01",
                              "review_reason", "disengagement", NULL }, 0, "2026-04-01",
    TG_REVIEW_NOT_DUE, "2026-04-06", "scheduled", 5, 91 },
  { "event-before-first-review", { "start_date", "2026-01-05", "review_due", "2026-02-01",
                                   "review_reason", "disengagement", NULL }, 0, "2026-02-01",
    TG_REVIEW_DUE, "2026-02-01", "disengagement", 0, 91 },
  /* 1 December 2027 + 91 days: 30 + 31 + 29 (leap February) + 1 = 1 March 2028. */
  { "leap-year", { "start_date", "2027-12-01", NULL }, 0, "2028-02-29",
    TG_REVIEW_NOT_DUE, "2028-03-01", "scheduled", 1, 91 },
  { "closed", { "start_date", "2026-01-05", "closed_on", "2026-02-01", NULL }, 0, "2026-06-01",
    TG_REVIEW_NONE, NULL, "scheduled", 0, 0 },
  { "outcome-only", { "start_date", "2026-01-05", "outcome", "transferred", NULL }, 0, "2026-06-01",
    TG_REVIEW_NONE, NULL, "scheduled", 0, 0 },
  { "no-start", { "end_date", "2026-12-01", NULL }, 0, "2026-06-01",
    TG_REVIEW_NONE, NULL, "scheduled", 0, 91 },
};

static void
test_review (gconstpointer data)
{
  const ReviewCase *c = data;
  g_autoptr(TgRecord) plan = tg_rules_test_record_v ("care_plan", c->plan);
  GDate today = tg_rules_test_date (c->today);
  TgCareReview review;

  tg_care_plan_review (plan, c->team_default, &today, &review);
  g_assert_cmpstr (tg_review_state_to_string (review.state), ==,
                   tg_review_state_to_string (c->state));
  tg_rules_test_assert_date (&review.due, c->due);
  g_assert_cmpstr (review.reason, ==, c->reason);
  g_assert_cmpuint (review.interval_days, ==, c->interval);
  if (review.state != TG_REVIEW_NONE)
    g_assert_cmpint (review.days_until_due, ==, c->days_until);
}

typedef struct {
  const char    *name;
  const char    *plan[10];
  TgPlanOutcome  outcome;
  gboolean       closed;
  gboolean       on_time;
  const char    *active_on;   /* a day to ask tg_care_plan_is_active() about */
  gboolean       active;
} ClosureCase;

static const ClosureCase closure_cases[] = {
  { "completed-on-end-date", { "start_date", "2026-01-05", "end_date", "2026-06-30",
                               "closed_on", "2026-06-30", "outcome", "completed", NULL },
    TG_PLAN_COMPLETED, TRUE, TRUE, "2026-06-30", TRUE },
  { "disengaged-a-day-late", { "start_date", "2026-01-05", "end_date", "2026-06-30",
                               "closed_on", "2026-07-01", "outcome", "disengaged", NULL },
    TG_PLAN_DISENGAGED, TRUE, FALSE, "2026-07-02", FALSE },
  { "closed-without-end-date", { "start_date", "2026-01-05", "closed_on", "2026-03-01",
                                 "outcome", "completed", NULL },
    TG_PLAN_COMPLETED, TRUE, FALSE, "2026-02-01", TRUE },
  { "transferred-undated", { "start_date", "2026-01-05", "outcome", "transferred", NULL },
    TG_PLAN_TRANSFERRED, TRUE, FALSE, "2026-02-01", FALSE },
  { "open", { "start_date", "2026-01-05", "end_date", "2026-06-30", NULL },
    TG_PLAN_OPEN, FALSE, FALSE, "2026-12-31", TRUE },
  { "not-started-yet", { "start_date", "2026-01-05", NULL },
    TG_PLAN_OPEN, FALSE, FALSE, "2026-01-04", FALSE },
  { "deleted", { "start_date", "2026-01-05", "deleted", "true", NULL },
    TG_PLAN_OPEN, FALSE, FALSE, "2026-02-01", FALSE },
};

static void
test_closure (gconstpointer data)
{
  const ClosureCase *c = data;
  g_autoptr(TgRecord) plan = tg_rules_test_record_v ("care_plan", c->plan);
  GDate day = tg_rules_test_date (c->active_on);
  TgPlanClosure closure;

  tg_care_plan_closure (plan, &closure);
  g_assert_cmpstr (tg_plan_outcome_to_string (closure.outcome), ==,
                   tg_plan_outcome_to_string (c->outcome));
  g_assert_cmpint (closure.closed, ==, c->closed);
  g_assert_cmpint (closure.on_time, ==, c->on_time);
  g_assert_cmpint (tg_care_plan_is_active (plan, &day), ==, c->active);
}

typedef struct {
  const char     *name;
  const char     *goal[10];
  const char     *plan_end;   /* NULL: no end date */
  const char     *today;
  TgGoalProblems  expected;
} GoalCase;

static const GoalCase goal_cases[] = {
  { "smart", { "what", "Register with a GP", "measure", "Registration letter",
               "target_date", "2026-12-18", "status", "in_progress", NULL },
    "2027-03-31", "2026-12-01", TG_GOAL_OK },
  { "nothing", { NULL }, "2027-03-31", "2026-12-01",
    TG_GOAL_NO_WHAT | TG_GOAL_NO_MEASURE | TG_GOAL_NO_TARGET_DATE },
  { "after-plan-end", { "what", "Stable housing", "measure", "Tenancy signed",
                        "target_date", "2027-04-01", NULL },
    "2027-03-31", "2026-12-01", TG_GOAL_TARGET_AFTER_END },
  { "overdue", { "what", "Open a bank account", "measure", "Card received",
                 "target_date", "2026-11-30", "status", "in_progress", NULL },
    NULL, "2026-12-01", TG_GOAL_OVERDUE },
  { "achieved-late-is-fine", { "what", "Open a bank account", "measure", "Card received",
                               "target_date", "2026-11-30", "status", "achieved", NULL },
    NULL, "2026-12-01", TG_GOAL_OK },
  { "target-today", { "what", "Open a bank account", "measure", "Card received",
                      "target_date", "2026-12-01", NULL },
    NULL, "2026-12-01", TG_GOAL_OK },
};

static void
test_goal (gconstpointer data)
{
  const GoalCase *c = data;
  g_autoptr(TgRecord) goal = tg_rules_test_record_v ("care_goal", c->goal);
  g_autoptr(TgRecord) plan = tg_rules_test_record ("care_plan", NULL, "end_date", c->plan_end, NULL);
  GDate today = tg_rules_test_date (c->today);

  g_assert_cmphex (tg_care_goal_check (goal, plan, &today), ==, c->expected);
}

#define ADD_TABLE(prefix, table, func) \
  for (guint i = 0; i < G_N_ELEMENTS (table); i++) \
    { \
      g_autofree char *path = g_strdup_printf ("/tg/care-rules/" prefix "/%s", table[i].name); \
      g_test_add_data_func (path, &table[i], func); \
    }

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TABLE ("continuity", continuity_cases, test_continuity);
  ADD_TABLE ("continuity-records", continuity_record_cases, test_continuity_records);
  ADD_TABLE ("review", review_cases, test_review);
  ADD_TABLE ("closure", closure_cases, test_closure);
  ADD_TABLE ("goal", goal_cases, test_goal);
  g_test_add_func ("/tg/care-rules/continuity-rate", test_continuity_rate);

  return g_test_run ();
}
