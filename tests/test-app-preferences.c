/* test-app-preferences.c: the preferences window and the idle-lock policy.
 *
 * Run by xvfb-session.sh with GSETTINGS_BACKEND=memory: each test gets a
 * settings object of its own, reset to the defaults, injected into the
 * window as the app does. The settings also act on the window's pages:
 * the server address fills the enrolment form.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tg-application.h"
#include "tg-preferences-window.h"
#include "tg-settings.h"
#include "tg-store-service.h"
#include "tg-window.h"

static GSettings *
fresh_settings (void)
{
  g_autoptr(GError) error = NULL;
  GSettings *settings = tg_application_new_settings (&error);
  g_auto(GStrv) keys = NULL;

  g_assert_no_error (error);
  {
    g_autoptr(GSettingsSchema) schema = NULL;

    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
  }
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

/* Finds the first descendant of @widget of @type whose tooltip is @tooltip. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *tooltip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_bound (void)
{
  GSettings *settings = fresh_settings ();
  GtkWidget *window = tg_preferences_window_new (settings);
  GtkSpinButton *idle;
  GtkSpinButton *kpi;
  GtkSwitch *metered;
  GtkWidget *server;

  g_object_ref_sink (window);
  g_assert_true (tg_preferences_window_get_settings (TG_PREFERENCES_WINDOW (window)) == settings);

  idle = GTK_SPIN_BUTTON (find_widget (window, GTK_TYPE_SPIN_BUTTON,
                                       "Seconds without input before locking"));
  kpi = GTK_SPIN_BUTTON (find_widget (window, GTK_TYPE_SPIN_BUTTON, "Days between team KPI reviews"));
  metered = GTK_SWITCH (find_widget (window, GTK_TYPE_SWITCH, "Sync on metered connections"));
  server = find_widget (window, ADW_TYPE_ENTRY_ROW, "The https:// address on the enrolment letter");
  g_assert_nonnull (idle);
  g_assert_nonnull (kpi);
  g_assert_nonnull (metered);
  g_assert_nonnull (server);

  /* Opening the window changes no setting, and shows the defaults. */
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-lock-seconds"), ==, 120);
  g_assert_cmpfloat (gtk_spin_button_get_value (idle), ==, 120);
  g_assert_cmpfloat (gtk_spin_button_get_value (kpi), ==, 28);
  g_assert_false (gtk_switch_get_active (metered));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server)), ==, "");

  /* Settings to widgets. */
  g_settings_set_uint (settings, "idle-lock-seconds", 300);
  g_settings_set_boolean (settings, "sync-on-metered", TRUE);
  g_settings_set_string (settings, "server-url", "https://tg.example.org");
  g_assert_cmpfloat (gtk_spin_button_get_value (idle), ==, 300);
  g_assert_true (gtk_switch_get_active (metered));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server)), ==, "https://tg.example.org");

  /* Widgets to settings. */
  gtk_spin_button_set_value (idle, 60);
  gtk_spin_button_set_value (kpi, 91);
  gtk_switch_set_active (metered, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (server), "https://other.example.org");
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-lock-seconds"), ==, 60);
  g_assert_cmpuint (g_settings_get_uint (settings, "kpi-review-interval-days"), ==, 91);
  g_assert_false (g_settings_get_boolean (settings, "sync-on-metered"));
  g_assert_cmpstr (g_settings_get_string (settings, "server-url"), ==, "https://other.example.org");

  /* The window and the settings must go; the window's rows may outlive it
   * in libadwaita 1.2 (a leak of its own, seen here), so the window drops
   * its bindings itself. */
  gtk_window_destroy (GTK_WINDOW (window));
  /* Let pending idles (focus, layout) drop their references. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (settings);
}

static gboolean
stop_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds, so replies and idles that
 * hold references run. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, stop_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The first AdwEntryRow below @widget titled @title. */
static GtkEditable *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return GTK_EDITABLE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The setting server-url fills the first-run page's address, follows the
 * setting while the worker has not typed, and never overwrites what the
 * worker typed. */
static void
test_server_url_prefills (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tg-prefs-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  GSettings *settings = fresh_settings ();
  TgStoreService *service = tg_store_service_new (data_dir);
  TgWindow *window;
  GtkEditable *url;

  g_assert_no_error (error);
  g_settings_set_string (settings, "server-url", "https://gate.example.org");
  /* GTK owns a toplevel until it is destroyed; this reference is ours. */
  window = g_object_ref (tg_window_new (NULL, service, settings));
  url = find_row (tg_window_get_page (window, "first-run"), "Server address (https://…)");
  g_assert_nonnull (url);
  g_assert_cmpstr (gtk_editable_get_text (url), ==, "https://gate.example.org");

  g_settings_set_string (settings, "server-url", "https://gate2.example.org");
  g_assert_cmpstr (gtk_editable_get_text (url), ==, "https://gate2.example.org");

  gtk_editable_set_text (url, "https://typed.example.org");
  g_settings_set_string (settings, "server-url", "https://gate3.example.org");
  g_assert_cmpstr (gtk_editable_get_text (url), ==, "https://typed.example.org");

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (service);
  spin (100);
  g_assert_finalize_object (window);
  g_assert_finalize_object (service);
  g_assert_finalize_object (settings);
  g_rmdir (dir);
}

typedef struct {
  const char *name;
  guint       chosen;
  guint       policy_max;
  guint       effective;
} IdleCase;

static const IdleCase idle_cases[] = {
  { "no-policy", 120, 0, 120 },
  { "policy-shortens", 600, 300, 300 },
  { "policy-never-lengthens", 60, 300, 60 },
  { "equal", 300, 300, 300 },
  { "one-second", 1, 0, 1 },
  { "policy-one-second", 3600, 1, 1 },
};

static void
test_idle_policy (gconstpointer data)
{
  const IdleCase *c = data;
  GSettings *settings = fresh_settings ();

  g_settings_set_uint (settings, "idle-lock-seconds", c->chosen);
  g_assert_cmpuint (tg_settings_effective_idle_lock (settings, c->policy_max), ==, c->effective);
  g_assert_finalize_object (settings);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tg_application_register_resources ();

  g_test_add_func ("/tg/preferences/bound", test_bound);
  g_test_add_func ("/tg/preferences/server-url-prefills", test_server_url_prefills);
  for (guint i = 0; i < G_N_ELEMENTS (idle_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/preferences/idle-policy/%s", idle_cases[i].name);
      g_test_add_data_func (path, &idle_cases[i], test_idle_policy);
    }
  return g_test_run ();
}
