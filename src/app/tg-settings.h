/* tg-settings.h: the app's GSettings and what a server policy may tighten.
 *
 * A worker chooses the idle-lock time in the preferences; the team's
 * server may set a maximum. The lock then engages after the shorter of
 * the two: a policy can shorten the idle lock, never lengthen it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Seconds of idle time after which the app locks: the settings'
 * idle-lock-seconds, capped at @policy_max_seconds when that is not 0
 * (0: no policy). Never 0. */
guint tg_settings_effective_idle_lock (GSettings *settings,
                                       guint      policy_max_seconds);

G_END_DECLS
