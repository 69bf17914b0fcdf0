/* Referrals: the due date (14 days after the need unless set by hand)
 * across month ends, the year end and the leap day, and the overdue flag
 * on either side of it. */

#include "tg-referral-rules.h"
#include "tg-rules-test.h"

typedef struct {
  const char   *name;
  const char   *referral[10];
  const char   *today;
  const char   *due;          /* NULL: none */
  TgTimeliness  expected;
} ReferralCase;

static const ReferralCase referral_cases[] = {
  /* Need identified Monday 2 November 2026: due Monday 16th. */
  { "due-day", { "need_identified_on", "2026-11-02", NULL }, "2026-11-16", "2026-11-16", TG_TIMELINESS_DUE },
  { "day-after-due", { "need_identified_on", "2026-11-02", NULL }, "2026-11-17", "2026-11-16", TG_TIMELINESS_OVERDUE },
  { "status-needed", { "need_identified_on", "2026-11-02", "status", "needed", NULL }, "2026-11-17", "2026-11-16",
    TG_TIMELINESS_OVERDUE },
  { "made-on-due-day", { "need_identified_on", "2026-11-02", "referred_on", "2026-11-16", NULL }, "2026-12-01",
    "2026-11-16", TG_TIMELINESS_DONE },
  { "made-a-day-late", { "need_identified_on", "2026-11-02", "referred_on", "2026-11-17",
                         "status", "accepted", NULL }, "2026-12-01", "2026-11-16", TG_TIMELINESS_LATE },
  { "made-early", { "need_identified_on", "2026-11-02", "referred_on", "2026-11-03", NULL }, "2026-11-03",
    "2026-11-16", TG_TIMELINESS_DONE },
  /* A due date set by hand wins over the default. */
  { "due-by-hand", { "need_identified_on", "2026-11-02", "due_on", "2026-11-30", NULL }, "2026-11-20",
    "2026-11-30", TG_TIMELINESS_DUE },
  { "due-by-hand-only", { "due_on", "2026-11-30", NULL }, "2026-12-01", "2026-11-30", TG_TIMELINESS_OVERDUE },
  /* 20 January + 14 days = 3 February. */
  { "month-end", { "need_identified_on", "2026-01-20", NULL }, "2026-02-03", "2026-02-03", TG_TIMELINESS_DUE },
  /* 25 December 2026 + 14 days = 8 January 2027. */
  { "year-end", { "need_identified_on", "2026-12-25", NULL }, "2027-01-09", "2027-01-08", TG_TIMELINESS_OVERDUE },
  /* 20 February + 14 days: 5 March in 2028 (a leap year), 6 March in 2027. */
  { "leap-year", { "need_identified_on", "2028-02-20", NULL }, "2028-03-05", "2028-03-05", TG_TIMELINESS_DUE },
  { "not-leap-year", { "need_identified_on", "2027-02-20", NULL }, "2027-03-06", "2027-03-06", TG_TIMELINESS_DUE },
  /* 15 February 2028 + 14 days = the leap day itself. */
  { "due-on-leap-day", { "need_identified_on", "2028-02-15", NULL }, "2028-03-01", "2028-02-29",
    TG_TIMELINESS_OVERDUE },
  /* Nothing waiting, or nothing to judge. */
  { "declined-before-made", { "need_identified_on", "2026-11-02", "status", "declined", NULL }, "2026-12-01",
    "2026-11-16", TG_TIMELINESS_NONE },
  { "made-without-date", { "need_identified_on", "2026-11-02", "status", "referred", NULL }, "2026-12-01",
    "2026-11-16", TG_TIMELINESS_NONE },
  { "no-dates", { "service", "Housing", NULL }, "2026-12-01", NULL, TG_TIMELINESS_NONE },
  { "deleted", { "need_identified_on", "2026-11-02", "deleted", "true", NULL }, "2026-12-01", NULL,
    TG_TIMELINESS_NONE },
};

static void
test_referral (gconstpointer data)
{
  const ReferralCase *c = data;
  g_autoptr(TgRecord) referral = tg_rules_test_record_v ("referral", c->referral);
  GDate today = tg_rules_test_date (c->today);
  GDate due;
  TgTimeliness timeliness;

  timeliness = tg_referral_timeliness (referral, &today, &due);
  g_assert_cmpstr (tg_timeliness_to_string (timeliness), ==, tg_timeliness_to_string (c->expected));
  tg_rules_test_assert_date (&due, c->due);
  g_assert_cmpint (tg_referral_is_overdue (referral, &today), ==, c->expected == TG_TIMELINESS_OVERDUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (referral_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/referral-rules/%s", referral_cases[i].name);

      g_test_add_data_func (path, &referral_cases[i], test_referral);
    }

  return g_test_run ();
}
