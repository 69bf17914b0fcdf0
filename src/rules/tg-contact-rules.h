/* tg-contact-rules.h: contact and assessment timeliness
 * (docs/field-workflows.md §7), from the service's own standards:
 *
 * - a triage and a risk assessment at first contact (the same day);
 * - weekly contact by the named care co-ordinator until 12 consecutive
 *   weeks in treatment, with a "contact due" flag once a week has passed;
 * - the assessment a restriction on bail requires, within 3 working days;
 * - assessment details relayed to the receiving prison within 24 hours of
 *   a remand.
 *
 * Every function takes one client's contact records (TgRecord elements of
 * the "contact" entity, any order; deleted ones are skipped) and the day
 * (or, for the 24 hours, the moment) asked about.
 */
#pragma once

#include <glib.h>

#include "tg-record.h"
#include "tg-rules-util.h"

G_BEGIN_DECLS

#define TG_CONTACT_WEEKLY_DAYS            7
#define TG_CONTACT_WEEKLY_UNTIL_WEEKS     12
#define TG_CONTACT_BAIL_WORKING_DAYS      3
#define TG_CONTACT_RELAY_SECONDS          (24 * 60 * 60)

/* Whether @contact was with the person: every kind but a relay to a
 * prison, which is between services. */
gboolean     tg_contact_is_with_person (const TgRecord *contact);

/* The first-contact duty of @kind ("triage" or "risk_assessment"): DONE
 * when the first contact of that kind is on the day of the first contact
 * with the person, LATE when on a later day; DUE on that first day while
 * not done, OVERDUE after; NONE with no contact at all. @out_first (may be
 * NULL) gets the day of first contact. */
TgTimeliness tg_contact_first_contact_duty (GPtrArray   *contacts,
                                            const char  *kind,
                                            const GDate *today,
                                            GDate       *out_first);

/* Weekly contact in early treatment. Invariants: nothing but @applies is
 * meaningful when @applies is FALSE; @overdue implies @contact_due;
 * @last_contact is invalid when there has been no counted contact since
 * the treatment start, and @next_due is then the start plus 7 days. */
typedef struct {
  gboolean applies;              /* in treatment, before the end of week 12 */
  GDate    treatment_start;
  GDate    rule_ends;            /* treatment start + 84 days: no longer weekly from then */
  guint    weeks_in_treatment;   /* whole weeks since the start */
  gboolean any_worker;           /* nobody named: every worker's contacts count */
  GDate    last_contact;
  GDate    next_due;             /* last contact (else the start) + 7 days */
  gboolean contact_due;          /* @next_due is today or has passed */
  gboolean overdue;              /* @next_due has passed */
} TgWeeklyContact;

/* The named care co-ordinator is the client's care_coordinator, else their
 * key_worker; only that person's contacts with the client count. The
 * rule applies from treatment_start while the client's case is open, the
 * treatment has not ended (treatment_end) and fewer than 12 weeks have
 * passed. */
void         tg_contact_weekly         (const TgRecord  *client,
                                        GPtrArray       *contacts,
                                        const GDate     *today,
                                        TgWeeklyContact *out);

/* The weekly-contact figure over a period: the treatment weeks (the first
 * 12 weeks from treatment_start, each of 7 days) that ended between @from
 * and @to, before @today and before any treatment_end, in *@out_weeks;
 * returns how many of them held a counted contact. */
guint        tg_contact_weeks_kept     (const TgRecord  *client,
                                        GPtrArray       *contacts,
                                        const GDate     *from,
                                        const GDate     *to,
                                        const GDate     *today,
                                        guint           *out_weeks);

/* The assessment a restriction on bail requires: counted from the
 * client's restriction_on_bail_on, due by the end of the 3rd working day
 * after it (that day itself does not count; weekends and bank holidays are
 * skipped). The first "assessment" contact on or after the requirement
 * decides DONE or LATE. @out_deadline may be NULL. */
TgTimeliness tg_contact_bail_assessment (const TgRecord *client,
                                         GPtrArray      *contacts,
                                         const GDate    *today,
                                         GDate          *out_deadline);

/* Assessment details relayed to the receiving prison: due within 24 hours
 * of the client's remanded_at, the deadline itself included. The first
 * "relay_to_prison" contact at or after the remand decides DONE or LATE.
 * @out_deadline (may be NULL) gets the deadline in Unix seconds. */
TgTimeliness tg_contact_relay          (const TgRecord *client,
                                        GPtrArray      *contacts,
                                        GDateTime      *now,
                                        gint64         *out_deadline);

G_END_DECLS
