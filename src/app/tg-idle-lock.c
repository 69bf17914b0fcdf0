/* The idle lock (tg-idle-lock.h). */

#include "config.h"

#include "tg-idle-lock.h"

#include "tg-settings.h"

struct _TgIdleLock
{
  GObject             parent_instance;

  GtkWidget          *widget;          /* weak: the window owns us */
  GSettings          *settings;
  GtkEventController *controller;
  guint               policy_max_seconds;  /* the server's cap; 0: none */

  /* Monotonic time of the last input. */
  gint64              last_input;
  /* The one timeout; 0 when disarmed. Invariant: armed == (timeout != 0)
   * except while the timeout's own callback runs. */
  guint               timeout;
  gboolean            armed;
};

G_DEFINE_FINAL_TYPE (TgIdleLock, tg_idle_lock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WIDGET,
  PROP_SETTINGS,
  PROP_POLICY_MAX_SECONDS,
  N_PROPS
};

enum {
  IDLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint64
idle_period_us (TgIdleLock *self)
{
  guint seconds = tg_settings_effective_idle_lock (self->settings, self->policy_max_seconds);

  return (gint64) seconds * G_USEC_PER_SEC;
}

static gboolean timeout_cb (gpointer user_data);

static void
arm_for (TgIdleLock *self,
         gint64      remaining_us)
{
  guint ms = (guint) MAX ((remaining_us + 999) / 1000, 1);

  g_clear_handle_id (&self->timeout, g_source_remove);
  self->timeout = g_timeout_add (ms, timeout_cb, self);
  g_source_set_name_by_id (self->timeout, "[throughgate] idle lock");
}

static gboolean
timeout_cb (gpointer user_data)
{
  TgIdleLock *self = user_data;
  gint64 idle = g_get_monotonic_time () - self->last_input;
  gint64 period = idle_period_us (self);

  self->timeout = 0;
  if (idle < period)
    {
      /* Someone typed or touched since: sleep for what is left. */
      arm_for (self, period - idle);
      return G_SOURCE_REMOVE;
    }
  self->armed = FALSE;
  g_signal_emit (self, signals[IDLE], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          TgIdleLock               *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      /* Only the time: no timer work per event. */
      self->last_input = g_get_monotonic_time ();
      break;
    case GDK_DELETE:
    case GDK_KEY_RELEASE:
    case GDK_BUTTON_RELEASE:
    case GDK_ENTER_NOTIFY:
    case GDK_LEAVE_NOTIFY:
    case GDK_FOCUS_CHANGE:
    case GDK_PROXIMITY_IN:
    case GDK_PROXIMITY_OUT:
    case GDK_DRAG_ENTER:
    case GDK_DRAG_LEAVE:
    case GDK_DRAG_MOTION:
    case GDK_DROP_START:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_BUTTON_RELEASE:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
    case GDK_PAD_GROUP_MODE:
    case GDK_GRAB_BROKEN:
    case GDK_TOUCHPAD_HOLD:
    case GDK_EVENT_LAST:
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

void
tg_idle_lock_watch (TgIdleLock *self,
                    GtkWidget  *widget)
{
  GtkEventController *controller;

  g_return_if_fail (TG_IS_IDLE_LOCK (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* The widget owns the controller; the handler goes with whichever of
   * the two is finalized first. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "tg-idle-lock");
  g_signal_connect_object (controller, "event", G_CALLBACK (event_cb), self, 0);
  gtk_widget_add_controller (widget, controller);
}

static void
settings_changed_cb (TgIdleLock *self)
{
  /* A shorter period takes effect now, not after the old one ran out. */
  if (self->armed)
    arm_for (self, MAX (idle_period_us (self) - (g_get_monotonic_time () - self->last_input), 0));
}

static void
tg_idle_lock_constructed (GObject *object)
{
  TgIdleLock *self = TG_IDLE_LOCK (object);

  G_OBJECT_CLASS (tg_idle_lock_parent_class)->constructed (object);

  self->controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (self->controller, "tg-idle-lock");
  g_signal_connect (self->controller, "event", G_CALLBACK (event_cb), self);
  gtk_widget_add_controller (self->widget, self->controller);
  g_signal_connect_object (self->settings, "changed::idle-lock-seconds",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
tg_idle_lock_dispose (GObject *object)
{
  TgIdleLock *self = TG_IDLE_LOCK (object);

  g_clear_handle_id (&self->timeout, g_source_remove);
  if (self->controller != NULL && self->widget != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->controller, self);
      gtk_widget_remove_controller (self->widget, self->controller);
    }
  self->controller = NULL;
  g_clear_weak_pointer (&self->widget);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tg_idle_lock_parent_class)->dispose (object);
}

static void
tg_idle_lock_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TgIdleLock *self = TG_IDLE_LOCK (object);

  switch (prop_id)
    {
    case PROP_WIDGET:
      g_set_weak_pointer (&self->widget, g_value_get_object (value));
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_POLICY_MAX_SECONDS:
      if (self->policy_max_seconds != g_value_get_uint (value))
        {
          self->policy_max_seconds = g_value_get_uint (value);
          settings_changed_cb (self);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_idle_lock_class_init (TgIdleLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tg_idle_lock_constructed;
  object_class->dispose = tg_idle_lock_dispose;
  object_class->set_property = tg_idle_lock_set_property;

  properties[PROP_WIDGET] =
    g_param_spec_object ("widget", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The server's longest idle period (0: none): it can only shorten the
   * worker's idle-lock-seconds (tg_settings_effective_idle_lock()). */
  properties[PROP_POLICY_MAX_SECONDS] =
    g_param_spec_uint ("policy-max-seconds", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* No input for the idle period: lock now. */
  signals[IDLE] =
    g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tg_idle_lock_init (TgIdleLock *self)
{
}

TgIdleLock *
tg_idle_lock_new (GtkWidget *widget,
                  GSettings *settings)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  return g_object_new (TG_TYPE_IDLE_LOCK, "widget", widget, "settings", settings, NULL);
}

void
tg_idle_lock_set_armed (TgIdleLock *self,
                        gboolean    armed)
{
  g_return_if_fail (TG_IS_IDLE_LOCK (self));

  self->armed = armed;
  if (armed)
    {
      self->last_input = g_get_monotonic_time ();
      arm_for (self, idle_period_us (self));
    }
  else
    g_clear_handle_id (&self->timeout, g_source_remove);
}

gboolean
tg_idle_lock_get_armed (TgIdleLock *self)
{
  g_return_val_if_fail (TG_IS_IDLE_LOCK (self), FALSE);
  return self->armed;
}

void
tg_idle_lock_poke (TgIdleLock *self)
{
  g_return_if_fail (TG_IS_IDLE_LOCK (self));
  self->last_input = g_get_monotonic_time ();
}
