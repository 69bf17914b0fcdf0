/* tg-preferences-window.h: the preferences, bound to the app's GSettings.
 *
 * Idle-lock time, the server address offered at enrolment, syncing on
 * metered connections and the team's KPI review interval. The settings
 * object is a construct property, so tests use a memory backend.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TG_TYPE_PREFERENCES_WINDOW (tg_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TgPreferencesWindow, tg_preferences_window, TG, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *tg_preferences_window_new          (GSettings           *settings);
GSettings *tg_preferences_window_get_settings (TgPreferencesWindow *self);

G_END_DECLS
