/* tg-release-rules.h: release planning (docs/field-workflows.md §1).
 *
 * From one release plan record and the day asked about: the release date
 * and where it came from, whether the person is likely to walk out a
 * working day earlier and why, which countdown prompt applies, how fresh
 * the confirmation of the date is, and the checklist with what is still
 * missing. Pure: nothing here reads the clock or the store.
 */
#pragma once

#include <glib.h>

#include "tg-record.h"
#include "tg-schema.h"
#include "tg-store.h"

G_BEGIN_DECLS

/* Served days at or above which the earlier-release rule applies. */
#define TG_EARLIER_RELEASE_MIN_DAYS_SERVED 28
/* Countdown prompts, in days before the day the person walks out. */
#define TG_RELEASE_PROMPT_12_WEEKS_DAYS 84
#define TG_RELEASE_PROMPT_14_DAYS_DAYS  14
#define TG_RELEASE_PROMPT_2_DAYS_DAYS   2
/* The confirmation must be from the final week before release. */
#define TG_RELEASE_FRESHNESS_DAYS 7

typedef enum {
  TG_RELEASE_DATE_NONE,
  TG_RELEASE_DATE_CONFIRMED,   /* confirmed_release_date */
  TG_RELEASE_DATE_ARD,
  TG_RELEASE_DATE_CRD,
} TgReleaseDateSource;

/* "none", "confirmed", "ard", "crd". */
const char *tg_release_date_source_to_string (TgReleaseDateSource source);

/* The release date of @plan as the gate list reads it: the confirmed
 * release date, else the ARD, else the CRD. */
TgReleaseDateSource tg_release_plan_date (const TgRecord *plan,
                                          GDate          *out_date);

typedef enum {
  TG_EARLIER_NO_DATE,                /* no release date */
  TG_EARLIER_ORDINARY_DAY,           /* a working day, not a Friday, not before a bank holiday */
  TG_EARLIER_NON_WORKING_DAY,        /* likely: nobody is released on a weekend or bank holiday */
  TG_EARLIER_FRIDAY,                 /* likely */
  TG_EARLIER_BEFORE_BANK_HOLIDAY,    /* likely */
  TG_EARLIER_EXCLUDED_HDC,           /* Friday or before a holiday, but not for these */
  TG_EARLIER_EXCLUDED_INDETERMINATE,
  TG_EARLIER_EXCLUDED_PAROLE_BOARD,
  TG_EARLIER_SERVED_TOO_LITTLE,      /* fewer than 28 days served */
} TgEarlierReason;

/* "no_date", "ordinary_day", "non_working_day", "friday",
 * "before_bank_holiday", "hdc", "indeterminate", "parole_board",
 * "served_under_28_days". */
const char *tg_earlier_reason_to_string (TgEarlierReason reason);

/* Invariants: @likely is TRUE exactly for NON_WORKING_DAY, FRIDAY and
 * BEFORE_BANK_HOLIDAY; @likely_date is the last working day before
 * @release_date when @likely, @release_date otherwise; both dates are
 * cleared for NO_DATE. @days_served is -1 when the sentence start is not
 * recorded (the rule then flags, see the reason text). */
typedef struct {
  gboolean         likely;
  TgEarlierReason  reason;
  GDate            release_date;
  GDate            likely_date;
  gint             days_served;
} TgEarlierRelease;

/* The earlier-release rule for a release on @release_date (NULL or
 * invalid: no date) of @release_type ("standard", "hdc", "indeterminate",
 * "parole_board" or NULL for not recorded) by someone whose sentence
 * started on @sentence_start (NULL or invalid: not recorded). */
void        tg_release_earlier       (const GDate      *release_date,
                                      const char       *release_type,
                                      const GDate      *sentence_start,
                                      TgEarlierRelease *out);

/* One sentence for people: "Friday release: likely out on Thursday
 * 26 November 2026". */
char       *tg_earlier_release_describe (const TgEarlierRelease *earlier) G_GNUC_WARN_UNUSED_RESULT;

typedef enum {
  TG_RELEASE_PROMPT_NONE,        /* no date, or more than 12 weeks away */
  TG_RELEASE_PROMPT_12_WEEKS,    /* 12 weeks to 15 days */
  TG_RELEASE_PROMPT_14_DAYS,     /* 14 days to 3 days */
  TG_RELEASE_PROMPT_2_DAYS,      /* 2 days to release day itself */
  TG_RELEASE_PROMPT_RELEASED,    /* the day has passed */
} TgReleasePrompt;

/* "none", "12_weeks", "14_days", "2_days", "released". */
const char *tg_release_prompt_to_string (TgReleasePrompt prompt);
/* What the prompt asks the worker to do, one sentence; NULL for NONE and
 * RELEASED. */
const char *tg_release_prompt_action     (TgReleasePrompt prompt);

/* The prompt that applies on @today for someone walking out on
 * @walk_out; @out_since (may be NULL) gets the day it started. */
TgReleasePrompt tg_release_prompt (const GDate *walk_out,
                                   const GDate *today,
                                   GDate       *out_since);

/* Freshness of the confirmed release date. Invariant: @stale implies
 * @in_final_week; @days_since_confirmed is meaningful only when
 * @confirmed. */
typedef struct {
  gboolean confirmed;             /* a confirmed date with its confirmed_on */
  GDate    confirmed_on;
  gint     days_since_confirmed;  /* today − confirmed_on */
  gboolean in_final_week;         /* 0 to 7 days before walking out */
  gboolean stale;                 /* in the final week, and not confirmed since it began */
} TgReleaseFreshness;

void        tg_release_freshness     (const TgRecord     *plan,
                                      const GDate        *walk_out,
                                      const GDate        *today,
                                      TgReleaseFreshness *out);

typedef enum {
  TG_CHECK_MISSING,
  TG_CHECK_DONE,
  TG_CHECK_NOT_NEEDED,
} TgCheckState;

/* "missing", "done", "not_needed". */
const char *tg_check_state_to_string (TgCheckState state);

typedef enum {
  TG_CHECK_ACCOMMODATION,
  TG_CHECK_GP,
  TG_CHECK_TREATMENT_APPOINTMENT,
  TG_CHECK_OST_HANDOVER,
  TG_CHECK_NALOXONE,
  TG_CHECK_ID_DOCUMENTS,
  TG_CHECK_BANK_ACCOUNT,
  TG_CHECK_UNIVERSAL_CREDIT,
  TG_CHECK_PROBATION_APPOINTMENT,
  TG_CHECK_LICENCE_CONDITIONS,
  TG_CHECK_GATE_PICKUP,
  TG_CHECK_N_ITEMS
} TgCheckItem;

/* One line of the checklist. @name is snake_case and stable (CLI, JSON);
 * @title is for people; @note, a static sentence or NULL, says why an
 * item is in its state when that is not obvious. @sensitivity is the class
 * of the fields that decide it: a mentor's device leaves out clinical
 * items rather than showing them as missing. */
typedef struct {
  TgCheckItem    item;
  const char    *name;
  const char    *title;
  TgSensitivity  sensitivity;
  TgCheckState   state;
  const char    *note;
} TgCheckLine;

/* Fills @out with every item of @plan (NULL: no plan, everything
 * missing). @release_date (may be NULL) lets the treatment item warn of an
 * appointment outside the 21 days after release. Returns the number of
 * items missing. */
guint       tg_release_checklist     (const TgRecord *plan,
                                      const GDate    *release_date,
                                      TgCheckLine     out[TG_CHECK_N_ITEMS]);

/* Everything the release check shows, for one plan on one day.
 * Invariants: @walk_out is @released_on once the person is out (@released)
 * and earlier.likely_date before (the release date itself when it is not
 * likely earlier); @days_to_release is @walk_out − today; once released
 * the prompt is RELEASED and the date cannot be stale; with no date at all
 * the dates are cleared, the prompt is NONE and nothing is stale. */
typedef struct {
  TgReleaseDateSource source;
  GDate               release_date;
  gboolean            released;
  GDate               released_on;
  TgEarlierRelease    earlier;
  GDate               walk_out;
  gint                days_to_release;
  TgReleasePrompt     prompt;
  GDate               prompt_since;
  TgReleaseFreshness  freshness;
  TgCheckLine         checklist[TG_CHECK_N_ITEMS];
  guint               n_missing;
} TgReleaseStatus;

void        tg_release_status        (const TgRecord  *plan,
                                      const GDate     *today,
                                      TgReleaseStatus *out);

/* The earlier-release rule for one release of the gate list: its date,
 * release type and sentence start, as tg_release_earlier(). The gate list
 * in the CLI and the app flag a release with this, never with the date
 * alone, so an HDC, indeterminate or Parole Board release, or one with
 * fewer than 28 days served, is not flagged. */
void        tg_gate_entry_earlier_release (const TgGateEntry *entry,
                                           TgEarlierRelease  *out);

G_END_DECLS
