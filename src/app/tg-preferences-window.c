/* The preferences window (tg-preferences-window.h).
 *
 * Sections: the object, public API.
 */

#include "config.h"

#include "tg-preferences-window.h"

struct _TgPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children. */
  AdwPreferencesPage   *general_page;
  GtkSpinButton        *idle_lock_spin;
  AdwEntryRow          *server_row;
  GtkSwitch            *metered_switch;
  GtkSpinButton        *kpi_interval_spin;
};

G_DEFINE_FINAL_TYPE (TgPreferencesWindow, tg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tg_preferences_window_constructed (GObject *object)
{
  TgPreferencesWindow *self = TG_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (tg_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));

  g_settings_bind (self->settings, "idle-lock-seconds",
                   self->idle_lock_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "server-url",
                   self->server_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-on-metered",
                   self->metered_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "kpi-review-interval-days",
                   self->kpi_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
tg_preferences_window_dispose (GObject *object)
{
  TgPreferencesWindow *self = TG_PREFERENCES_WINDOW (object);

  /* Bindings (and the sensitivity bindings that follow a locked-down
   * key) hold the settings; drop them with the window rather than with
   * the widgets, which libadwaita 1.2's preferences groups can outlive. */
  if (self->settings != NULL && self->idle_lock_spin != NULL)
    {
      GObject *bound[] = {
        G_OBJECT (self->idle_lock_spin), G_OBJECT (self->server_row),
        G_OBJECT (self->metered_switch), G_OBJECT (self->kpi_interval_spin),
      };
      const char *properties_bound[] = { "value", "text", "active", "value" };

      for (guint i = 0; i < G_N_ELEMENTS (bound); i++)
        {
          g_settings_unbind (bound[i], properties_bound[i]);
          g_settings_unbind (bound[i], "sensitive");
        }
    }
  /* libadwaita 1.2 keeps its pages alive past the window (its search
   * model holds them); removing the page first lets it go. */
  if (self->general_page != NULL)
    adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), self->general_page);
  gtk_widget_dispose_template (GTK_WIDGET (object), TG_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tg_preferences_window_parent_class)->dispose (object);
}

static void
tg_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TgPreferencesWindow *self = TG_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TgPreferencesWindow *self = TG_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_preferences_window_class_init (TgPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tg_preferences_window_constructed;
  object_class->dispose = tg_preferences_window_dispose;
  object_class->get_property = tg_preferences_window_get_property;
  object_class->set_property = tg_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TgPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, TgPreferencesWindow, idle_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, TgPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, TgPreferencesWindow, metered_switch);
  gtk_widget_class_bind_template_child (widget_class, TgPreferencesWindow, kpi_interval_spin);
}

static void
tg_preferences_window_init (TgPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tg_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (TG_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}

GSettings *
tg_preferences_window_get_settings (TgPreferencesWindow *self)
{
  g_return_val_if_fail (TG_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}
