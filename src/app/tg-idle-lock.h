/* tg-idle-lock.h: locks after a time without input.
 *
 * One one-shot timeout, never a periodic poll: input on the watched window
 * only records the time (event controllers in the capture phase), and when
 * the timeout fires it either emits ::idle or re-arms itself for the time
 * still left. An idle app therefore wakes once per idle period at most.
 * The period is the GSettings key idle-lock-seconds, capped by the
 * server's policy (::policy-max-seconds, from the last sync).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TG_TYPE_IDLE_LOCK (tg_idle_lock_get_type ())
G_DECLARE_FINAL_TYPE (TgIdleLock, tg_idle_lock, TG, IDLE_LOCK, GObject)

TgIdleLock *tg_idle_lock_new       (GtkWidget  *widget,
                                    GSettings  *settings) G_GNUC_WARN_UNUSED_RESULT;
/* Starts counting (after unlocking) or stops (when locked). */
void        tg_idle_lock_set_armed (TgIdleLock *self,
                                    gboolean    armed);
gboolean    tg_idle_lock_get_armed (TgIdleLock *self);
/* Counts input on @widget too (a window of its own, such as the run
 * sheet's, whose input the main window does not see). */
void        tg_idle_lock_watch     (TgIdleLock *self,
                                    GtkWidget  *widget);
/* Counts as input, for a caller that knows of activity the window does not
 * see. */
void        tg_idle_lock_poke      (TgIdleLock *self);

G_END_DECLS
