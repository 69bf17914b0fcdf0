/* tg-kpi-caseload.h: a small caseload in a real store, with every KPI
 * figure worked out by hand below, for the KPI tests of the rules
 * (test-kpi.c) and of the app's dashboard (test-app-kpi.c). All names are
 * invented. Header-only, as tg-rules-test.h, so that test-kpi stays one
 * .c file in the unit_tests loop.
 *
 * Period: November 2026 (1st to 30th); worked out on Thursday 10 December
 * 2026; the snapshot day for "in force" is 30 November.
 *
 * Team Nottingham In-Reach:
 *   A  Ada Alpha     key worker Sam, co-ordinator Sam, released
 *   B  Ben Bravo     key worker Sam, sentenced
 *   C  Cat Charlie   key worker Robin, co-ordinator Robin, remand
 *   D  Dan Delta     key worker Robin, case closed
 *   G  Gus Golf      key worker Sam (no co-ordinator named), released
 *   H  Hal Hotel     key worker Robin, co-ordinator Sam, sentenced
 *   F  Fay Foxtrot   key worker Sam, released, then deleted: never counts
 * Team Outreach East:
 *   E  Eve Echo      key worker Sam, released
 *
 * Care plans:
 *   A  P1 1 Jun–30 Nov, open                    in force on 30 Nov
 *   A  P7 closed 20 Oct, completed              closed before the period
 *   B  P2 1 May–15 Nov, closed 10 Nov, completed   on time
 *   B  P3 from 20 Nov, open                     in force on 30 Nov
 *   C  P4 1 Mar–31 Oct, closed 5 Nov, disengaged   late
 *   D  P5 1 Jan–31 Dec, closed 20 Nov, transferred on time
 *   E  P6 1 Jan–31 Dec, closed 12 Nov, completed   on time
 *
 * Releases (21 days: released 6 Nov → 27 Nov; 2 Nov → 23 Nov; 25 Nov →
 * 16 Dec; 10 Nov → 1 Dec):
 *   A  out 6 Nov, treatment 20 Nov (day 14)     met
 *   D  out 2 Nov, treatment 24 Nov (day 22)     missed
 *   G  out 25 Nov, none yet, 16 Dec not passed  pending
 *   E  out 10 Nov, treatment 30 Nov (day 20)    met
 *   F  out 3 Nov, none                          (deleted)
 *
 * Referrals (due = need + 14 unless set):
 *   A  R1 need 20 Oct → due 3 Nov, made 2 Nov   on time
 *   A  R2 need 10 Nov → due 24 Nov, not made    overdue by 10 Dec
 *   B  R3 need 20 Nov → due 4 Dec               due outside the period
 *   B  R4 due 30 Nov (by hand), made 1 Dec      late
 *   C  R5 need 16 Nov → due 30 Nov, declined    not judged
 *   G  R6 need 10 Oct → due 24 Oct              due outside the period
 *   F  R7 need 1 Nov → due 15 Nov, not made     (deleted)
 *
 * Weekly contact (weeks of 7 days from the treatment start; only weeks
 * ending 1–30 Nov, before 10 Dec, count):
 *   A  start Mon 9 Nov: weeks end 15, 22, 29 Nov (the 4th ends 6 Dec).
 *      Sam on 10 Nov (week 1) and 25 Nov (week 3); Robin on 18 Nov
 *      (week 2) does not count: 2 of 3.
 *   C  start Mon 26 Oct: weeks end 1, 8, 15, 22, 29 Nov. Robin on 27 Oct,
 *      3 Nov, 11 Nov, 24 Nov; nothing in the week ending 22 Nov: 4 of 5.
 *   B  start 25 May, H start 4 May, D start 2 Feb: their 12 weeks ended
 *      before November. G start Wed 25 Nov: first week ends 1 Dec.
 *   Team: 6 of 8.
 *
 * TOP (occasions in November; a TOP within 28 days either side counts;
 * missing once 28 days after have passed by 10 Dec, pending before):
 *   A  start 9 Nov, TOP start 12 Nov            done
 *   G  start 25 Nov, none, window to 23 Dec     pending
 *   B  review 25 May + 182 = 23 Nov, none, window to 21 Dec   pending
 *   H  review 4 May + 182 = 2 Nov, TOP review 20 Oct (13 days before)  done
 *   D  exit 6 Nov, TOP exit 1 Oct (36 days before), window to 4 Dec   missing
 */

#pragma once

#include <stdarg.h>

#include "tg-kpi.h"
#include "tg-store.h"

#define TG_KPI_CASELOAD_PIN "246810"
#define IN_REACH "Nottingham In-Reach"
#define OUTREACH "Outreach East"
#define SAM "Sam Example"
#define ROBIN "Robin Other"

/* Inserts a record; @... are field, value pairs ending with NULL. */
static inline char *
tg_kpi_caseload_insert (TgStore    *store,
                        const char *entity,
                        ...)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *field;
  char *id;
  va_list args;

  va_start (args, entity);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (fields, (gpointer) field);
      g_ptr_array_add (values, va_arg (args, char *));
    }
  va_end (args);

  id = tg_store_insert (store, entity, (const char * const *) fields->pdata,
                        (const char * const *) values->pdata, fields->len, &error);
  g_assert_no_error (error);
  return id;
}

static inline void
tg_kpi_caseload_set_release (TgStore    *store,
                             const char *client,
                             ...)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *field;
  va_list args;

  va_start (args, client);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (fields, (gpointer) field);
      g_ptr_array_add (values, va_arg (args, char *));
    }
  va_end (args);

  g_assert_true (tg_store_set_release (store, client, (const char * const *) fields->pdata,
                                       (const char * const *) values->pdata, fields->len, &error));
  g_assert_no_error (error);
}

#define FREE(x) g_free (x)

/* Builds the caseload in a new store in @data_dir, created for Sam with
 * the PIN TG_KPI_CASELOAD_PIN; returns the store. */
static inline TgStore *
tg_kpi_caseload_build (const char *data_dir)
{
  TgStore *store;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *f = NULL;
  g_autofree char *g = NULL;
  g_autofree char *h = NULL;

  store = tg_store_create (data_dir, TG_KPI_CASELOAD_PIN, SAM, &error);
  g_assert_no_error (error);

  a = tg_kpi_caseload_insert (store, "client", "given_name", "Ada", "family_name", "Alpha", "team", IN_REACH,
              "key_worker", SAM, "care_coordinator", SAM, "custody_status", "released",
              "nhs_number", "9990000018", "treatment_start", "2026-11-09", NULL);
  b = tg_kpi_caseload_insert (store, "client", "given_name", "Ben", "family_name", "Bravo", "team", IN_REACH,
              "key_worker", SAM, "custody_status", "sentenced",
              "treatment_start", "2026-05-25", NULL);
  c = tg_kpi_caseload_insert (store, "client", "given_name", "Cat", "family_name", "Charlie", "team", IN_REACH,
              "key_worker", ROBIN, "care_coordinator", ROBIN, "custody_status", "remand",
              "treatment_start", "2026-10-26", NULL);
  d = tg_kpi_caseload_insert (store, "client", "given_name", "Dan", "family_name", "Delta", "team", IN_REACH,
              "key_worker", ROBIN, "custody_status", "closed",
              "treatment_start", "2026-02-02", "treatment_end", "2026-11-06", NULL);
  g = tg_kpi_caseload_insert (store, "client", "given_name", "Gus", "family_name", "Golf", "team", IN_REACH,
              "key_worker", SAM, "custody_status", "released",
              "treatment_start", "2026-11-25", NULL);
  h = tg_kpi_caseload_insert (store, "client", "given_name", "Hal", "family_name", "Hotel", "team", IN_REACH,
              "key_worker", ROBIN, "care_coordinator", SAM, "custody_status", "sentenced",
              "treatment_start", "2026-05-04", NULL);
  f = tg_kpi_caseload_insert (store, "client", "given_name", "Fay", "family_name", "Foxtrot", "team", IN_REACH,
              "key_worker", SAM, "custody_status", "released", NULL);
  e = tg_kpi_caseload_insert (store, "client", "given_name", "Eve", "family_name", "Echo", "team", OUTREACH,
              "key_worker", SAM, "custody_status", "released", NULL);

  /* Care plans. */
  FREE (tg_kpi_caseload_insert (store, "care_plan", "client_id", a, "start_date", "2026-06-01", "end_date", "2026-11-30", NULL));
  FREE (tg_kpi_caseload_insert (store, "care_plan", "client_id", a, "start_date", "2026-04-01", "end_date", "2026-10-31",
                "closed_on", "2026-10-20", "outcome", "completed", NULL));
  FREE (tg_kpi_caseload_insert (store, "care_plan", "client_id", b, "start_date", "2026-05-01", "end_date", "2026-11-15",
                "closed_on", "2026-11-10", "outcome", "completed", NULL));
  FREE (tg_kpi_caseload_insert (store, "care_plan", "client_id", b, "start_date", "2026-11-20", NULL));
  FREE (tg_kpi_caseload_insert (store, "care_plan", "client_id", c, "start_date", "2026-03-01", "end_date", "2026-10-31",
                "closed_on", "2026-11-05", "outcome", "disengaged", NULL));
  FREE (tg_kpi_caseload_insert (store, "care_plan", "client_id", d, "start_date", "2026-01-01", "end_date", "2026-12-31",
                "closed_on", "2026-11-20", "outcome", "transferred", NULL));
  FREE (tg_kpi_caseload_insert (store, "care_plan", "client_id", e, "start_date", "2026-01-01", "end_date", "2026-12-31",
                "closed_on", "2026-11-12", "outcome", "completed", NULL));

  /* Releases. */
  tg_kpi_caseload_set_release (store, a, "ard", "2026-11-06", "released_on", "2026-11-06", "treatment_engaged_on", "2026-11-20", NULL);
  tg_kpi_caseload_set_release (store, d, "crd", "2026-11-02", "released_on", "2026-11-02", "treatment_engaged_on", "2026-11-24", NULL);
  tg_kpi_caseload_set_release (store, g, "confirmed_release_date", "2026-11-25", "released_on", "2026-11-25", NULL);
  tg_kpi_caseload_set_release (store, e, "ard", "2026-11-10", "released_on", "2026-11-10", "treatment_engaged_on", "2026-11-30", NULL);
  tg_kpi_caseload_set_release (store, f, "ard", "2026-11-03", "released_on", "2026-11-03", NULL);
  tg_kpi_caseload_set_release (store, b, "crd", "2027-03-12", NULL);

  /* Referrals. */
  FREE (tg_kpi_caseload_insert (store, "referral", "client_id", a, "service", "Housing", "need_identified_on", "2026-10-20",
                "referred_on", "2026-11-02", "status", "referred", NULL));
  FREE (tg_kpi_caseload_insert (store, "referral", "client_id", a, "service", "Mental health", "need_identified_on", "2026-11-10",
                "status", "needed", NULL));
  FREE (tg_kpi_caseload_insert (store, "referral", "client_id", b, "service", "Employment", "need_identified_on", "2026-11-20", NULL));
  FREE (tg_kpi_caseload_insert (store, "referral", "client_id", b, "service", "Debt advice", "due_on", "2026-11-30",
                "referred_on", "2026-12-01", NULL));
  FREE (tg_kpi_caseload_insert (store, "referral", "client_id", c, "service", "Housing", "need_identified_on", "2026-11-16",
                "status", "declined", NULL));
  FREE (tg_kpi_caseload_insert (store, "referral", "client_id", g, "service", "Housing", "need_identified_on", "2026-10-10", NULL));
  FREE (tg_kpi_caseload_insert (store, "referral", "client_id", f, "service", "Housing", "need_identified_on", "2026-11-01", NULL));

  /* Contacts. */
  FREE (tg_kpi_caseload_insert (store, "contact", "client_id", a, "kind", "weekly_contact", "at", "2026-11-10T10:00:00Z", "worker", SAM, NULL));
  FREE (tg_kpi_caseload_insert (store, "contact", "client_id", a, "kind", "weekly_contact", "at", "2026-11-18T10:00:00Z", "worker", ROBIN, NULL));
  FREE (tg_kpi_caseload_insert (store, "contact", "client_id", a, "kind", "weekly_contact", "at", "2026-11-25T10:00:00Z", "worker", SAM, NULL));
  FREE (tg_kpi_caseload_insert (store, "contact", "client_id", c, "kind", "triage", "at", "2026-10-27T10:00:00Z", "worker", ROBIN, NULL));
  FREE (tg_kpi_caseload_insert (store, "contact", "client_id", c, "kind", "weekly_contact", "at", "2026-11-03T10:00:00Z", "worker", ROBIN, NULL));
  FREE (tg_kpi_caseload_insert (store, "contact", "client_id", c, "kind", "weekly_contact", "at", "2026-11-11T10:00:00Z", "worker", ROBIN, NULL));
  FREE (tg_kpi_caseload_insert (store, "contact", "client_id", c, "kind", "weekly_contact", "at", "2026-11-24T10:00:00Z", "worker", ROBIN, NULL));

  /* TOPs. */
  FREE (tg_kpi_caseload_insert (store, "top_record", "client_id", a, "stage", "start", "completed_on", "2026-11-12", NULL));
  FREE (tg_kpi_caseload_insert (store, "top_record", "client_id", h, "stage", "review", "completed_on", "2026-10-20", NULL));
  FREE (tg_kpi_caseload_insert (store, "top_record", "client_id", d, "stage", "exit", "completed_on", "2026-10-01", NULL));

  /* Fay is deleted with everything above still pointing at her. */
  {
    const char *fields[] = { "deleted" };
    const char *values[] = { "true" };

    g_assert_true (tg_store_update (store, "client", f, fields, values, 1, &error));
    g_assert_no_error (error);
  }
  return store;
}

typedef struct {
  guint numerator;
  guint denominator;
  guint pending;
} Expected;

typedef struct {
  const char *name;
  const char *team;
  const char *worker;
  Expected    figures[TG_KPI_N_ROWS];   /* in tg_kpi_rows() order */
} KpiCase;

static const KpiCase kpi_cases[] G_GNUC_UNUSED = {
  /* The team: open cases A B C G H (D closed, F deleted), with a plan in
   * force A B: 2/5. Closed in November P2 P4 P5: on time P2 P5 2/3;
   * completed P2, disengaged P4, transferred P5, each 1/3. Continuity A
   * met, D missed, G pending: 1/2 +1. Referrals R1 on time, R2 overdue,
   * R4 late: 1/3. Weekly 6/8. TOP start A done, G pending: 1/1 +1; review
   * H done, B pending: 1/1 +1; exit D missing: 0/1. */
  { "team", IN_REACH, NULL, {
      { 2, 5, 0 }, { 2, 3, 0 }, { 1, 3, 0 }, { 1, 3, 0 }, { 1, 3, 0 },
      { 1, 2, 1 }, { 1, 3, 0 }, { 6, 8, 0 }, { 1, 1, 1 }, { 1, 1, 1 }, { 0, 1, 0 } } },
  /* Sam in the team: A B G (key worker) and H (co-ordinator). Open A B G
   * H, plans A B: 2/4. Closed P2: 1/1 on time, completed 1/1, the other
   * outcomes 0/1. Continuity A met, G pending: 1/1 +1. Referrals R1 R2 R4:
   * 1/3. Weekly A 2/3. TOP start A, G pending; review H, B pending; no
   * exit. */
  { "sam", IN_REACH, SAM, {
      { 2, 4, 0 }, { 1, 1, 0 }, { 1, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 },
      { 1, 1, 1 }, { 1, 3, 0 }, { 2, 3, 0 }, { 1, 1, 1 }, { 1, 1, 1 }, { 0, 0, 0 } } },
  /* The name as typed in a hurry still finds Robin: C D (key worker and
   * co-ordinator) and H (key worker). Open C H, no plan in force: 0/2.
   * Closed P4 (late, disengaged) and P5 (on time, transferred): 1/2,
   * 0/2, 1/2, 1/2. Continuity D missed: 0/1. Referrals: R5 declined, not
   * judged: 0/0. Weekly C 4/5. TOP review H done 1/1; exit D missing 0/1. */
  { "robin", "nottingham in-reach", " robin other ", {
      { 0, 2, 0 }, { 1, 2, 0 }, { 0, 2, 0 }, { 1, 2, 0 }, { 1, 2, 0 },
      { 0, 1, 0 }, { 0, 0, 0 }, { 4, 5, 0 }, { 0, 0, 0 }, { 1, 1, 0 }, { 0, 1, 0 } } },
  /* Every team: the team's figures plus Eve — open without a plan (2/6),
   * P6 closed on time and completed (3/4, 2/4, 1/4, 1/4), released and
   * met (2/3 +1). */
  { "everyone", NULL, NULL, {
      { 2, 6, 0 }, { 3, 4, 0 }, { 2, 4, 0 }, { 1, 4, 0 }, { 1, 4, 0 },
      { 2, 3, 1 }, { 1, 3, 0 }, { 6, 8, 0 }, { 1, 1, 1 }, { 1, 1, 1 }, { 0, 1, 0 } } },
  { "nobody", "No Such Team", NULL, { { 0 } } },
};

