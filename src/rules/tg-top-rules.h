/* tg-top-rules.h: Treatment Outcomes Profile checks
 * (docs/field-workflows.md §4).
 *
 * The schema bounds every TOP field (days 0–28, work and education days
 * 0–20, ratings 0–20, amounts); these checks add what one field cannot
 * say on its own: that every question was answered, that the answers
 * agree with each other, and that the stages of a treatment episode come
 * in order (start, reviews, exit).
 */
#pragma once

#include <glib.h>

#include "tg-record.h"
#include "tg-rules-util.h"

G_BEGIN_DECLS

/* The substances of section 1: each has a days field and, but for
 * "other", an amount field. */
typedef struct {
  const char *days_field;      /* "opiates_days" */
  const char *amount_field;    /* "opiates_grams", or NULL */
  const char *label;           /* "opiates" */
} TgTopSubstance;

const TgTopSubstance *tg_top_substances (guint *n_substances);

/* Checks one TOP record as it stands, on @today. Returns the problems
 * (TgRuleProblem elements), empty when the record is complete and
 * consistent:
 * - stage and completed_on are required; completed_on is not after @today;
 * - every value is within its schema bounds (a form may hold anything);
 * - every days question of the four sections, the three ratings, work and
 *   education days, and both housing questions are answered;
 * - a substance used on some days has its amount; one used on no day has
 *   no amount above 0; "other" used on some days is named;
 * - needle or equipment sharing is answered when there was injecting, and
 *   cannot be "yes" with no injecting days. */
GPtrArray  *tg_top_validate          (const TgRecord *top,
                                      const GDate    *today) G_GNUC_WARN_UNUSED_RESULT;

/* Checks the order of one client's TOP records (TgRecord elements, any
 * order; deleted ones and ones without a stage or date are skipped): a
 * review or an exit needs a start before it, and a new start needs the
 * previous episode to have an exit. Returns TgRuleProblem elements whose
 * field is "stage". */
GPtrArray  *tg_top_check_sequence    (GPtrArray      *tops) G_GNUC_WARN_UNUSED_RESULT;

/* Days a TOP may be completed before or after the occasion it records
 * (treatment start, a review date, treatment exit) and still count for
 * it: its questions look back four weeks. */
#define TG_TOP_WINDOW_DAYS 28
/* Reviews fall every 26 weeks (six months) from the treatment start. */
#define TG_TOP_REVIEW_INTERVAL_DAYS 182

/* Whether one of @tops (TgRecord elements of one client) of @stage was
 * completed within 28 days either side of @occasion. */
gboolean    tg_top_done_for_occasion (GPtrArray      *tops,
                                      const char     *stage,
                                      const GDate    *occasion);

G_END_DECLS
