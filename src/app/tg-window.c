/* The main window (tg-window.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-window.h"

#include "tg-caseload-page.h"
#include "tg-client-page.h"
#include "tg-first-run-page.h"
#include "tg-gate-list-page.h"
#include "tg-idle-lock.h"
#include "tg-kpi-page.h"
#include "tg-session-page.h"
#include "tg-sync-page.h"
#include "tg-unlock-page.h"

struct _TgWindow
{
  AdwApplicationWindow parent_instance;

  TgStoreService *service;
  GSettings      *settings;
  GNetworkMonitor *monitor;     /* NULL: the default one */
  TgIdleLock     *idle_lock;
  char           *starting;     /* the spinner page's message, or NULL */
  gulong          state_handler;
  gulong          role_handler;

  /* Pages, made with the service injected when first needed, so that
   * start-up builds only the page it shows (ensure_*()). NULL until then;
   * the five pages of the unlocked app are made together. */
  GtkWidget      *first_run_page;
  GtkWidget      *unlock_page;
  GtkWidget      *caseload_page;
  GtkWidget      *client_page;
  GtkWidget      *gate_page;
  GtkWidget      *kpi_page;
  GtkWidget      *sync_page;
  GtkWidget      *session_page;

  /* Template children. */
  AdwToastOverlay *toast_overlay;
  GtkStack       *main_stack;
  AdwStatusPage  *starting_status;
  GtkSpinner     *starting_spinner;
  GtkBox         *first_run_box;
  GtkBox         *unlock_box;
  AdwHeaderBar   *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  GtkButton      *sync_button;
  GtkLabel       *sync_label;
  AdwViewStack   *view_stack;
  AdwLeaflet     *leaflet;
  AdwBin         *gate_bin;
  AdwBin         *sync_bin;
  AdwBin         *dashboard_bin;
  AdwViewStackPage *gate_stack_page;
  AdwViewStackPage *dashboard_stack_page;
  AdwViewStackPage *sync_stack_page;
  AdwViewSwitcherBar *switcher_bar;
};

G_DEFINE_FINAL_TYPE (TgWindow, tg_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_SETTINGS,
  PROP_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_mentor (TgWindow *self)
{
  return g_strcmp0 (tg_store_service_get_role (self->service), "mentor") == 0;
}

/* A mentor holds identity and release data only: the gate list is all,
 * and the team's figures are not a mentor's. */
static void
apply_role (TgWindow *self)
{
  gboolean mentor = is_mentor (self);
  AdwViewStackPage *caseload = adw_view_stack_get_page (self->view_stack,
                                                        GTK_WIDGET (self->leaflet));

  adw_view_stack_page_set_visible (caseload, !mentor);
  adw_view_stack_page_set_visible (self->dashboard_stack_page, !mentor);
  /* Sessions are clinical: who attended a drug service's clinic. The page
   * is made with the other app pages, on the first unlock. */
  if (self->session_page != NULL)
    adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack, self->session_page),
                                     !mentor);
  adw_view_stack_page_set_visible (self->sync_stack_page, TRUE);
  if (mentor)
    adw_view_stack_set_visible_child_name (self->view_stack, "gate");
}

static void folded_cb (TgWindow *self);
static void client_activated_cb (TgWindow *self, const char *client_id);
static void client_back_cb (TgWindow *self);
static void toast_cb (TgWindow *self, const char *message);

static void
ensure_first_run_page (TgWindow *self)
{
  if (self->first_run_page != NULL)
    return;
  self->first_run_page = tg_first_run_page_new (self->service);
  gtk_widget_set_vexpand (self->first_run_page, TRUE);
  gtk_box_append (self->first_run_box, self->first_run_page);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "server-url", self->first_run_page, "server-url",
                     G_SETTINGS_BIND_GET);
}

static void
ensure_unlock_page (TgWindow *self)
{
  if (self->unlock_page != NULL)
    return;
  self->unlock_page = tg_unlock_page_new (self->service);
  gtk_box_append (self->unlock_box, self->unlock_page);
}

static void
ensure_app_pages (TgWindow *self)
{
  GtkWidget *separator;

  if (self->caseload_page != NULL)
    return;

  self->caseload_page = tg_caseload_page_new (self->service);
  self->client_page = tg_client_page_new (self->service);
  adw_leaflet_append (self->leaflet, self->caseload_page);
  separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  adw_leaflet_page_set_navigatable (adw_leaflet_append (self->leaflet, separator), FALSE);
  adw_leaflet_append (self->leaflet, self->client_page);
  adw_leaflet_set_visible_child (self->leaflet, self->caseload_page);

  self->gate_page = tg_gate_list_page_new (self->service);
  adw_bin_set_child (self->gate_bin, self->gate_page);
  self->kpi_page = tg_kpi_page_new (self->service, self->settings);
  adw_bin_set_child (self->dashboard_bin, self->kpi_page);
  self->sync_page = tg_sync_page_new (self->service, self->monitor);
  adw_bin_set_child (self->sync_bin, self->sync_page);
  self->session_page = tg_session_page_new (self->service);
  {
    AdwViewStackPage *page = adw_view_stack_add_titled (self->view_stack, self->session_page,
                                                        "session", _("S_ession"));

    adw_view_stack_page_set_use_underline (page, TRUE);
    adw_view_stack_page_set_icon_name (page, "x-office-address-book-symbolic");
  }
  g_signal_connect_object (self->session_page, "client-activated",
                           G_CALLBACK (client_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session_page, "toast",
                           G_CALLBACK (toast_cb), self, G_CONNECT_SWAPPED);

  if (self->settings != NULL)
    g_settings_bind (self->settings, "sync-on-metered", self->sync_page, "sync-on-metered",
                     G_SETTINGS_BIND_GET);

  g_signal_connect_object (self->caseload_page, "client-activated",
                           G_CALLBACK (client_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client_page, "back",
                           G_CALLBACK (client_back_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client_page, "toast",
                           G_CALLBACK (toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gate_page, "toast",
                           G_CALLBACK (toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_page, "toast",
                           G_CALLBACK (toast_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->sync_page, "summary", self->sync_label, "label",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sync_page, "n-conflicts", self->sync_stack_page, "badge-number",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sync_page, "n-conflicts", self->sync_stack_page, "needs-attention",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sync_page, "idle-lock-policy", self->idle_lock, "policy-max-seconds",
                          G_BINDING_SYNC_CREATE);
  folded_cb (self);
}

static void
clear_pages (TgWindow *self)
{
  /* Pages not made yet hold nothing to clear. */
  if (self->caseload_page == NULL)
    return;
  tg_caseload_page_clear (TG_CASELOAD_PAGE (self->caseload_page));
  tg_client_page_clear (TG_CLIENT_PAGE (self->client_page));
  tg_gate_list_page_clear (TG_GATE_LIST_PAGE (self->gate_page));
  tg_kpi_page_clear (TG_KPI_PAGE (self->kpi_page));
  tg_sync_page_clear (TG_SYNC_PAGE (self->sync_page));
  adw_leaflet_set_visible_child (self->leaflet, self->caseload_page);
}

static void
update_page (TgWindow *self)
{
  TgStoreServiceState state = tg_store_service_get_state (self->service);

  /* A spinning spinner redraws every frame even on a page nobody sees,
   * which kept the idle, locked app waking hundreds of times a second. */
  gtk_spinner_set_spinning (self->starting_spinner, self->starting != NULL);

  if (self->starting != NULL)
    {
      adw_status_page_set_title (self->starting_status, self->starting);
      gtk_stack_set_visible_child_name (self->main_stack, "starting");
      tg_idle_lock_set_armed (self->idle_lock, FALSE);
      return;
    }

  switch (state)
    {
    case TG_STORE_SERVICE_NO_STORE:
      tg_idle_lock_set_armed (self->idle_lock, FALSE);
      clear_pages (self);
      ensure_first_run_page (self);
      gtk_stack_set_visible_child_name (self->main_stack, "first-run");
      break;
    case TG_STORE_SERVICE_LOCKED:
      tg_idle_lock_set_armed (self->idle_lock, FALSE);
      clear_pages (self);
      ensure_unlock_page (self);
      gtk_stack_set_visible_child_name (self->main_stack, "unlock");
      tg_unlock_page_reset (TG_UNLOCK_PAGE (self->unlock_page));
      break;
    case TG_STORE_SERVICE_UNLOCKED:
      ensure_app_pages (self);
      apply_role (self);
      gtk_stack_set_visible_child_name (self->main_stack, "app");
      tg_caseload_page_reload (TG_CASELOAD_PAGE (self->caseload_page));
      tg_gate_list_page_reload (TG_GATE_LIST_PAGE (self->gate_page));
      tg_sync_page_reload (TG_SYNC_PAGE (self->sync_page));
      tg_idle_lock_set_armed (self->idle_lock, TRUE);
      if (!is_mentor (self))
        tg_caseload_page_focus_search (TG_CASELOAD_PAGE (self->caseload_page));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
state_changed_cb (TgWindow *self)
{
  /* A wipe sends the worker back to the start, with the reason. */
  if (tg_store_service_get_state (self->service) == TG_STORE_SERVICE_NO_STORE &&
      tg_store_service_get_failed_unlocks (self->service) == 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "unlock") == 0)
    {
      ensure_first_run_page (self);
      tg_first_run_page_set_notice (TG_FIRST_RUN_PAGE (self->first_run_page),
                                  _("Too many wrong PINs: everything on this device was wiped. "
                                    "Enrol again to get your caseload back from the server."));
    }
  update_page (self);
}

static void
lock (TgWindow *self)
{
  /* Drafts typed so far are queued before the store closes. */
  clear_pages (self);
  tg_store_service_lock (self->service);
}

static void
idle_cb (TgWindow *self)
{
  lock (self);
}

static void
toast_cb (TgWindow   *self,
          const char *message)
{
  tg_window_show_toast (self, message);
}

static void
client_activated_cb (TgWindow   *self,
                     const char *client_id)
{
  tg_window_show_client (self, client_id);
}

static void
client_back_cb (TgWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
folded_cb (TgWindow *self)
{
  if (self->client_page == NULL)
    return;
  tg_client_page_set_show_back (TG_CLIENT_PAGE (self->client_page),
                                adw_leaflet_get_folded (self->leaflet));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TgWindow *self = TG_WINDOW (widget);

  if (tg_store_service_get_state (self->service) == TG_STORE_SERVICE_UNLOCKED)
    lock (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TgWindow *self = TG_WINDOW (widget);

  if (tg_store_service_get_state (self->service) != TG_STORE_SERVICE_UNLOCKED || is_mentor (self))
    return;
  ensure_app_pages (self);
  tg_window_show_view (self, "caseload");
  adw_leaflet_set_visible_child (self->leaflet, self->caseload_page);
  tg_caseload_page_focus_search (TG_CASELOAD_PAGE (self->caseload_page));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TgWindow *self = TG_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) == self->client_page)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tg_window_show_view (TG_WINDOW (widget), "sync");
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tg_window_show_view (TG_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Another window of the app (the run sheet's) is input for the idle lock
 * too: reading a sheet must not lock the app under the reader. */
static void
window_added_cb (TgWindow  *self,
                 GtkWindow *window)
{
  if (window != GTK_WINDOW (self) && gtk_window_get_transient_for (window) == GTK_WINDOW (self))
    tg_idle_lock_watch (self->idle_lock, GTK_WIDGET (window));
}

static void
application_changed_cb (TgWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application != NULL)
    g_signal_connect_object (application, "window-added", G_CALLBACK (window_added_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
tg_window_constructed (GObject *object)
{
  TgWindow *self = TG_WINDOW (object);

  G_OBJECT_CLASS (tg_window_parent_class)->constructed (object);

  self->idle_lock = tg_idle_lock_new (GTK_WIDGET (self), self->settings);
  g_signal_connect_object (self->idle_lock, "idle", G_CALLBACK (idle_cb), self, G_CONNECT_SWAPPED);
  /* GtkWindow sets its application after constructed(). */
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);

  self->state_handler = g_signal_connect_swapped (self->service, "notify::state",
                                                  G_CALLBACK (state_changed_cb), self);
  self->role_handler = g_signal_connect_swapped (self->service, "notify::role",
                                                 G_CALLBACK (apply_role), self);
  update_page (self);
}

static void
tg_window_dispose (GObject *object)
{
  TgWindow *self = TG_WINDOW (object);

  g_clear_signal_handler (&self->state_handler, self->service);
  g_clear_signal_handler (&self->role_handler, self->service);
  g_clear_object (&self->idle_lock);
  /* GTK 4.8 notifies a focused GtkPasswordEntry's handlers after the entry
   * is gone when the window drops its focus at finalize; drop it now. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  /* The content is a bound template child: the window drops it first. */
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TG_TYPE_WINDOW);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->starting, g_free);

  G_OBJECT_CLASS (tg_window_parent_class)->dispose (object);
}

static void
tg_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TgWindow *self = TG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TgWindow *self = TG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_window_class_init (TgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tg_window_constructed;
  object_class->dispose = tg_window_dispose;
  object_class->get_property = tg_window_get_property;
  object_class->set_property = tg_window_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The network monitor the sync page watches; NULL: the default one.
   * Tests pass their own to take the network away and bring it back. */
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TgWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, starting_status);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, first_run_box);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, unlock_box);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, gate_bin);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, sync_bin);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, dashboard_bin);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, dashboard_stack_page);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, gate_stack_page);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, sync_stack_page);
  gtk_widget_class_bind_template_child (widget_class, TgWindow, switcher_bar);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-sync", NULL, show_sync_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s", "caseload");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s", "gate");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-view", "s", "sync");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-view", "s", "dashboard");
}

static void
tg_window_init (TgWindow *self)
{
  g_type_ensure (TG_TYPE_CASELOAD_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
}

TgWindow *
tg_window_new (GtkApplication *application,
               TgStoreService *service,
               GSettings      *settings)
{
  return g_object_new (TG_TYPE_WINDOW,
                       "application", application,
                       "service", service,
                       "settings", settings,
                       NULL);
}

void
tg_window_set_starting (TgWindow   *self,
                        const char *message)
{
  g_return_if_fail (TG_IS_WINDOW (self));
  g_free (self->starting);
  self->starting = g_strdup (message);
  update_page (self);
}

void
tg_window_set_unlock_hint (TgWindow   *self,
                           const char *hint)
{
  g_return_if_fail (TG_IS_WINDOW (self));
  ensure_unlock_page (self);
  tg_unlock_page_set_hint (TG_UNLOCK_PAGE (self->unlock_page), hint);
}

void
tg_window_show_toast (TgWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (TG_IS_WINDOW (self));
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
tg_window_get_visible_page (TgWindow *self)
{
  const char *page;
  const char *view;

  g_return_val_if_fail (TG_IS_WINDOW (self), NULL);
  page = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (page, "app") != 0)
    return page;
  view = adw_view_stack_get_visible_child_name (self->view_stack);
  if (g_strcmp0 (view, "caseload") == 0 &&
      adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) == self->client_page)
    return "client";
  return view;
}

void
tg_window_show_view (TgWindow   *self,
                     const char *view)
{
  g_return_if_fail (TG_IS_WINDOW (self));
  if (is_mentor (self) && (g_strcmp0 (view, "caseload") == 0 || g_strcmp0 (view, "dashboard") == 0))
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, view);
}

void
tg_window_show_client (TgWindow   *self,
                       const char *client_id)
{
  g_return_if_fail (TG_IS_WINDOW (self));
  ensure_app_pages (self);
  tg_window_show_view (self, "caseload");
  tg_client_page_show_client (TG_CLIENT_PAGE (self->client_page), client_id);
  adw_leaflet_set_visible_child (self->leaflet, self->client_page);
}

GtkWidget *
tg_window_get_page (TgWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (TG_IS_WINDOW (self), NULL);
  if (g_strcmp0 (name, "first-run") == 0)
    {
      ensure_first_run_page (self);
      return self->first_run_page;
    }
  if (g_strcmp0 (name, "unlock") == 0)
    {
      ensure_unlock_page (self);
      return self->unlock_page;
    }
  ensure_app_pages (self);
  if (g_strcmp0 (name, "caseload") == 0)
    return self->caseload_page;
  if (g_strcmp0 (name, "client") == 0)
    return self->client_page;
  if (g_strcmp0 (name, "gate") == 0)
    return self->gate_page;
  if (g_strcmp0 (name, "dashboard") == 0)
    return self->kpi_page;
  if (g_strcmp0 (name, "sync") == 0)
    return self->sync_page;
  if (g_strcmp0 (name, "session") == 0)
    return self->session_page;
  return NULL;
}
