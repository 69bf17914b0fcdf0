/* The app's settings and the server policy (tg-settings.h). */

#include "config.h"

#include "tg-settings.h"

guint
tg_settings_effective_idle_lock (GSettings *settings,
                                 guint      policy_max_seconds)
{
  guint seconds;

  g_return_val_if_fail (G_IS_SETTINGS (settings), 1);

  seconds = g_settings_get_uint (settings, "idle-lock-seconds");
  if (policy_max_seconds > 0 && policy_max_seconds < seconds)
    seconds = policy_max_seconds;
  return MAX (seconds, 1);
}
