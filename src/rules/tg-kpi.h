/* tg-kpi.h: the team's key performance figures (docs/field-workflows.md
 * §8), computed on the device from what its store holds.
 *
 * Every figure is a count of things that met the standard (numerator) out
 * of the things judged (denominator); things that cannot be judged yet —
 * a release still inside its 21 days, a referral not yet due — are counted
 * as pending and left out of both. Nothing is written to the store.
 */
#pragma once

#include <glib.h>

#include "tg-store.h"

G_BEGIN_DECLS

/* Whose figures, over which days. @from and @to are included; @today is
 * the day the figures are worked out on (never read from the clock here). */
typedef struct {
  const char *team;     /* the clients' team; NULL for every team */
  const char *worker;   /* the clients' key worker or care co-ordinator; NULL for all */
  GDate       from;
  GDate       to;
  GDate       today;
} TgKpiQuery;

typedef struct {
  guint numerator;
  guint denominator;
  guint pending;
} TgKpiFigure;

/* What each figure counts:
 * - cases_with_plan: open cases (custody status not "closed") with a care
 *   plan in force on the snapshot day, the earlier of @to and @today, out
 *   of open cases;
 * - plans_closed_on_time, plans_completed, plans_disengaged,
 *   plans_transferred: care plans closed in the period (closed_on), out of
 *   all plans closed in it, that closed by their end date / with each
 *   outcome;
 * - continuity: people released in the period who attended community
 *   treatment within 21 days (pending: still inside the 21 days);
 * - referrals_on_time: referrals due in the period made by their due date
 *   (pending: not made, not yet overdue);
 * - weekly_contacts: treatment weeks (the first 12 of each episode) that
 *   ended in the period with a contact by the named care co-ordinator;
 * - top_start, top_review, top_exit: treatment starts, six-monthly review
 *   dates and exits in the period with a TOP of that stage within 28 days
 *   either side (pending: not done and those 28 days not yet over). */
typedef struct {
  TgKpiFigure cases_with_plan;
  TgKpiFigure plans_closed_on_time;
  TgKpiFigure plans_completed;
  TgKpiFigure plans_disengaged;
  TgKpiFigure plans_transferred;
  TgKpiFigure continuity;
  TgKpiFigure referrals_on_time;
  TgKpiFigure weekly_contacts;
  TgKpiFigure top_start;
  TgKpiFigure top_review;
  TgKpiFigure top_exit;
} TgKpi;

#define TG_KPI_N_ROWS 11

/* One figure with its stable snake_case name, in the order of TgKpi. */
typedef struct {
  const char        *measure;
  const TgKpiFigure *figure;
} TgKpiRow;

void      tg_kpi_rows    (const TgKpi       *kpi,
                          TgKpiRow           rows[TG_KPI_N_ROWS]);

gboolean  tg_kpi_compute (TgStore           *store,
                          const TgKpiQuery  *query,
                          TgKpi             *out,
                          GError           **error);

/* RFC 4180 CSV, CRLF line ends, a header and one row per figure:
 * team,worker,from,to,measure,numerator,denominator,percent,pending
 * The percent has one decimal place and is empty when nothing was judged;
 * team and worker are empty when not chosen. */
char     *tg_kpi_to_csv  (const TgKpiQuery  *query,
                          const TgKpi       *kpi) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
