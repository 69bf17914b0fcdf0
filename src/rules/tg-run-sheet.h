/* tg-run-sheet.h: the gate-day run sheet (docs/field-workflows.md §9).
 *
 * For one day: each person walking out of the gate that day, with the
 * release time and gate and the pickup mentor, then that day's
 * appointments in time order with times and places. Built from identity
 * and release fields only (the client, the release plan's logistics and
 * the appointment entity), so it works on a mentor's device, and nothing
 * clinical can reach a printed sheet.
 */
#pragma once

#include <glib.h>

#include "tg-release-rules.h"
#include "tg-store.h"

G_BEGIN_DECLS

/* One appointment on the day. @kind is an appointment kind of the schema
 * ("treatment", "probation", "jobcentre", "pharmacy", ...); @time is the
 * clock time in England ("09:30"); @place and @with_whom may be NULL. */
typedef struct {
  char   *kind;
  char   *at;          /* the stored UTC date-time */
  char    time[6];
  gint64  unix_time;
  char   *place;
  char   *with_whom;
} TgRunSheetAppointment;

/* One person. Invariants: @earlier is TRUE only when the person is on
 * the sheet for a day before @release_date because the earlier-release
 * rule makes that day likely (@earlier_reason says why); @appointments
 * holds only appointments on the sheet's day, in time order. */
typedef struct {
  char            *client_id;
  char            *given_name;
  char            *family_name;
  char            *prison_number;
  char            *establishment;
  GDate            release_date;    /* confirmed, else ARD, else CRD */
  gboolean         earlier;
  TgEarlierReason  earlier_reason;
  char            *release_time;    /* "HH:MM" or NULL */
  char            *gate;
  char            *pickup_mentor;
  char            *pickup_status;
  GPtrArray       *appointments;    /* TgRunSheetAppointment */
} TgRunSheetEntry;

/* Ordered by release time (unknown times last), then family and given
 * name, as the gate list is. */
typedef struct {
  GDate      day;
  GPtrArray *entries;               /* TgRunSheetEntry */
} TgRunSheet;

void        tg_run_sheet_free  (TgRunSheet *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgRunSheet, tg_run_sheet_free)

/* The sheet for @day from records already read: @clients, @plans and
 * @appointments are TgRecord arrays (any may hold records of other days
 * and other people; deleted records are left out). A person is on the
 * sheet when the day they walk out is @day: the day recorded in
 * released_on once it is recorded, else the likely earlier day when the
 * earlier-release rule flags the date, else the release date. */
TgRunSheet *tg_run_sheet_build (const GDate *day,
                                GPtrArray   *clients,
                                GPtrArray   *plans,
                                GPtrArray   *appointments) G_GNUC_WARN_UNUSED_RESULT;

/* The same read from @store. */
TgRunSheet *tg_run_sheet_compute (TgStore     *store,
                                  const GDate *day,
                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
