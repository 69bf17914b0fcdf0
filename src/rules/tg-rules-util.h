/* tg-rules-util.h: what the field-workflow rules share.
 *
 * The rules (docs/field-workflows.md) are pure functions of records and of
 * the day they are asked about: no rule reads the clock or writes to the
 * store, so the same records and the same "today" always give the same
 * answer, on a tablet, in the CLI and in the tests.
 */
#pragma once

#include <glib.h>

#include "tg-record.h"

G_BEGIN_DECLS

/* Where a dated duty stands. A duty that is not done is DUE until its
 * deadline has passed and OVERDUE after; one that is done is DONE when it
 * was done by the deadline and LATE when after. */
typedef enum {
  TG_TIMELINESS_NONE,      /* the duty does not apply (no event to count from) */
  TG_TIMELINESS_DUE,
  TG_TIMELINESS_OVERDUE,
  TG_TIMELINESS_DONE,
  TG_TIMELINESS_LATE,
} TgTimeliness;

/* "none", "due", "overdue", "done", "late". */
const char *tg_timeliness_to_string (TgTimeliness timeliness);

/* One thing wrong with a record, for a form to show beside its field.
 * @field is a schema field name (static), @message a whole sentence that
 * starts with the field's name, as validation errors do. */
typedef struct {
  const char *field;
  char       *message;
} TgRuleProblem;

TgRuleProblem *tg_rule_problem_new  (const char *field,
                                     const char *format,
                                     ...) G_GNUC_PRINTF (2, 3) G_GNUC_WARN_UNUSED_RESULT;
void           tg_rule_problem_free (TgRuleProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgRuleProblem, tg_rule_problem_free)

/* The value of the date field @field of @record in @out_date; FALSE (and
 * @out_date cleared) when @record is NULL or the field is unset. */
gboolean    tg_rules_record_date    (const TgRecord *record,
                                     const char     *field,
                                     GDate          *out_date);

/* The calendar day in England (Europe/London) of a stored UTC date-time
 * such as 2026-11-27T09:30:00Z: a contact at 23:30 UTC in summer happened
 * the next day for the worker who made it. FALSE for NULL or bad text. */
gboolean    tg_rules_local_date     (const char     *date_time,
                                     GDate          *out_date);

/* The clock time in England of a stored UTC date-time, as "HH:MM" in
 * @out_time (6 bytes), with its day in @out_date: 08:30 UTC is 09:30 in
 * summer and 08:30 in winter. FALSE for NULL or bad text. */
gboolean    tg_rules_local_time     (const char     *date_time,
                                     GDate          *out_date,
                                     char            out_time[6]);

/* Seconds since the Unix epoch of a stored UTC date-time; FALSE for NULL
 * or bad text. */
gboolean    tg_rules_unix_time      (const char     *date_time,
                                     gint64         *out_seconds);

/* @to − @from in days: negative when @to is earlier. */
gint        tg_rules_days_between   (const GDate    *from,
                                     const GDate    *to);

/* The @n-th working day after @from (which itself does not count), in
 * @out_date: the 3rd working day after Thursday 24 December 2026 is
 * Thursday 31 December, over Christmas, a weekend and a substitute day. */
void        tg_rules_working_days_after (const GDate *from,
                                         guint        n,
                                         GDate       *out_date);

/* The last working day strictly before @date. */
void        tg_rules_last_working_day_before (const GDate *date,
                                              GDate       *out_date);

/* Whether two worker names are the same person's as typed: compared
 * without case and without surrounding blanks. NULL matches nothing. */
gboolean    tg_rules_same_name      (const char     *a,
                                     const char     *b);

/* 100 × @numerator / @denominator, or a negative number when
 * @denominator is 0 (no figure rather than a made-up 0 %). */
double      tg_rules_percent        (guint           numerator,
                                     guint           denominator);

G_END_DECLS
