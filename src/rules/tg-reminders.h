/* tg-reminders.h: what the app reminds a worker of (docs/app.md,
 * "Notifications").
 *
 * Three reminders, each at most once: people released tomorrow (the gate
 * list for tomorrow), care plan reviews due today or overdue, and sync
 * conflicts waiting for a decision. Nothing due gives an empty list, so
 * the app withdraws what it showed before. The decision lives here, in the
 * rules layer, so it is tested without a display; the app only sends.
 *
 * A reminder never names a person: notifications show on the lock screen
 * and in the notification list, where anyone holding the tablet can read
 * them. The title gives the count, the body where to look.
 */
#pragma once

#include <glib.h>

#include "tg-store.h"

G_BEGIN_DECLS

typedef enum {
  TG_REMINDER_RELEASES_TOMORROW,
  TG_REMINDER_REVIEWS_DUE,
  TG_REMINDER_CONFLICTS,
  TG_REMINDER_N_KINDS
} TgReminderKind;

/* One reminder. Invariants: @count > 0; @id is the same static string for
 * the same @kind on every day, so a notification sent with it replaces
 * yesterday's and can be withdrawn by it; @title and @body are whole,
 * translated sentences without a name in them. */
typedef struct {
  TgReminderKind  kind;
  const char     *id;
  guint           count;
  char           *title;
  char           *body;
} TgReminder;

void        tg_reminder_free      (TgReminder *reminder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgReminder, tg_reminder_free)

/* The stable id of @kind: "releases-tomorrow", "reviews-due",
 * "conflicts". */
const char *tg_reminder_kind_id   (TgReminderKind kind);

/* What is due, counted: people walking out tomorrow, people with a care
 * plan review due by today, open conflicts. */
typedef struct {
  guint releases_tomorrow;
  guint reviews_due;
  guint open_conflicts;
} TgReminderCounts;

/* The reminders for @counts, in the order of TgReminderKind, leaving out
 * every kind whose count is 0. Returns TgReminder elements (never NULL). */
GPtrArray  *tg_reminders_build    (const TgReminderCounts *counts) G_GNUC_WARN_UNUSED_RESULT;

/* Counts what is due in @store on @today: the gate list for the day after
 * @today, the people with an open care plan whose review
 * (tg_care_plan_review(), with @team_review_days as the team default, 0
 * for none) is due on or before @today, and the open conflicts. */
gboolean    tg_reminders_count    (TgStore          *store,
                                   const GDate      *today,
                                   guint             team_review_days,
                                   TgReminderCounts *out,
                                   GError          **error);

/* tg_reminders_count() then tg_reminders_build(); NULL on error. */
GPtrArray  *tg_reminders_collect  (TgStore          *store,
                                   const GDate      *today,
                                   guint             team_review_days,
                                   GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
