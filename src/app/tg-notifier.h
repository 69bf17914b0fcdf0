/* tg-notifier.h: sends the reminders (tg-reminders.h) as notifications.
 *
 * Each time the service becomes UNLOCKED the notifier has the service
 * count, on its worker thread, what is due (tg_reminders_count(): tomorrow's
 * gate list, care plan reviews due, open conflicts), asks
 * tg_reminders_build() what to say, and
 * sends each reminder as a GNotification under its stable id, at most
 * once a day per reminder (again the same day only if its count changed).
 * A reminder no longer due is withdrawn. There is no timer: the idle lock
 * locks an unattended tablet within minutes, and the next unlock, on a new
 * day, checks again, so the app never wakes up to notify.
 */
#pragma once

#include <gio/gio.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_NOTIFIER (tg_notifier_get_type ())
G_DECLARE_FINAL_TYPE (TgNotifier, tg_notifier, TG, NOTIFIER, GObject)

TgNotifier *tg_notifier_new      (GApplication   *application,
                                  TgStoreService *service) G_GNUC_WARN_UNUSED_RESULT;

/* Checks now, as an unlock does (tests and the demo). */
void        tg_notifier_check    (TgNotifier     *self);

/* The ids of the notifications on show, sorted; for tests. */
GStrv       tg_notifier_dup_shown (TgNotifier    *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
