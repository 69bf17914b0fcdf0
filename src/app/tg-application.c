/* The application (tg-application.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-application.h"

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <errno.h>

#include "tg-app-resources.h"
#include "tg-notifier.h"
#include "tg-preferences-window.h"
#include "tg-store-service.h"
#include "tg-window.h"

struct _TgApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;
  gboolean        demo;
  guint           demo_clients;
  char           *demo_dir;     /* the temporary directory, removed at exit */
  TgStoreService *service;
  GSettings      *settings;
  TgNotifier     *notifier;     /* reminders after each unlock */
};

G_DEFINE_FINAL_TYPE (TgApplication, tg_application, ADW_TYPE_APPLICATION)

void
tg_application_register_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      _tg_app_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

GSettings *
tg_application_new_settings (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
#ifdef TG_BUILD_SCHEMA_DIR
  /* Run from the build tree without installing. */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) build = NULL;

      build = g_settings_schema_source_new_from_directory (TG_BUILD_SCHEMA_DIR, source, FALSE, NULL);
      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, APP_ID, TRUE);
    }
#endif
  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The settings schema %s is not installed; run from the build "
                     "tree with GSETTINGS_SCHEMA_DIR set to its data directory"), APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child, NULL);
        else
          g_unlink (child);
      }
  if (g_rmdir (path) != 0 && errno != ENOENT)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not remove %s"), path);
      return FALSE;
    }
  return TRUE;
}

static void
demo_made_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TgWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  tg_window_set_starting (window, NULL);
  if (!tg_store_service_create_demo_finish (TG_STORE_SERVICE (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not make the demo caseload: %s"),
                                                  error->message);

      g_printerr ("throughgate: %s\n", message);
      tg_window_show_toast (window, message);
    }
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TgApplication *self = TG_APPLICATION (user_data);
  GtkWidget *preferences;

  if (self->settings == NULL)
    return;
  preferences = tg_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  const char *developers[] = { _("Throughgate contributors"), NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", "Throughgate",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Case notes and release plans for people leaving prison, "
                                      "kept encrypted on the tablet and shared when there is a connection."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developer-name", _("Throughgate contributors"),
                        "developers", developers,
                        "copyright", _("© 2026 Throughgate contributors"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* Ctrl+C in the terminal or a TERM quits cleanly: the demo store and its
 * keyring item go with it. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static int
tg_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  TgApplication *self = TG_APPLICATION (application);
  const char *data_dir = NULL;
  gint32 clients = 0;

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    self->data_dir = g_strdup (data_dir);
  self->demo = g_variant_dict_contains (options, "demo");
  if (g_variant_dict_lookup (options, "demo-clients", "i", &clients))
    {
      if (clients < 1 || clients > 100000)
        {
          g_printerr ("throughgate: --demo-clients takes a number from 1 to 100000\n");
          return 2;
        }
      self->demo_clients = (guint) clients;
    }
  if (self->demo && self->data_dir != NULL)
    {
      g_printerr ("throughgate: --demo makes its own data directory; leave out --data-dir\n");
      return 2;
    }
  return -1;
}

static void
tg_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "about", about_action_cb, NULL, NULL, NULL, { 0 } },
    { "preferences", preferences_action_cb, NULL, NULL, NULL, { 0 } },
    { "quit", quit_action_cb, NULL, NULL, NULL, { 0 } },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  tg_application_register_resources ();
  G_APPLICATION_CLASS (tg_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions,
                                   G_N_ELEMENTS (actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         preferences_accels);
  g_unix_signal_add (SIGINT, quit_signal_cb, application);
  g_unix_signal_add (SIGTERM, quit_signal_cb, application);
}

/* bench/run sets TG_BENCH_FIRST_FRAME to time start-up: the first frame
 * painted prints "first-frame MONOTONIC_US" (CLOCK_MONOTONIC) on stdout. */
static void
bench_after_paint_cb (GdkFrameClock *clock,
                      gpointer       user_data)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, user_data);
}

static void
bench_realize_cb (GtkWidget *widget,
                  gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (bench_after_paint_cb), NULL);
}

static void
tg_application_activate (GApplication *application)
{
  TgApplication *self = TG_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  self->settings = tg_application_new_settings (&error);
  if (self->settings == NULL)
    {
      g_printerr ("throughgate: %s\n", error->message);
      return;
    }

  if (self->demo)
    {
      self->demo_dir = g_dir_make_tmp ("throughgate-demo-XXXXXX", &error);
      if (self->demo_dir == NULL)
        {
          g_printerr ("throughgate: %s\n", error->message);
          return;
        }
      g_free (self->data_dir);
      self->data_dir = g_build_filename (self->demo_dir, "data", NULL);
    }
  else if (self->data_dir == NULL)
    self->data_dir = g_build_filename (g_get_user_data_dir (), "throughgate", NULL);

  self->service = tg_store_service_new (self->data_dir);
  self->notifier = tg_notifier_new (application, self->service);
  window = GTK_WINDOW (tg_window_new (GTK_APPLICATION (application), self->service, self->settings));

  if (self->demo)
    {
      /* Translators: %s is the demo's PIN. */
      g_autofree char *hint = g_strdup_printf (_("Demo PIN: %s. Everything here is invented "
                                                 "and is deleted when Throughgate quits."),
                                               TG_DEMO_PIN);

      tg_window_set_unlock_hint (TG_WINDOW (window), hint);
      tg_window_set_starting (TG_WINDOW (window), _("Making a demo caseload"));
      tg_store_service_create_demo_async (self->service, TG_DEMO_PIN, TG_DEMO_SEED,
                                          self->demo_clients ? self->demo_clients : TG_DEMO_CLIENTS,
                                          TG_DEMO_NOTES_PER_CLIENT, NULL, demo_made_cb,
                                          g_object_ref (window));
    }
  if (g_getenv ("TG_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (window, "realize", G_CALLBACK (bench_realize_cb), NULL);
  gtk_window_present (window);
}

static void
tg_application_shutdown (GApplication *application)
{
  TgApplication *self = TG_APPLICATION (application);

  if (self->service != NULL)
    {
      tg_store_service_lock (self->service);
      if (self->demo)
        {
          g_autoptr(GError) error = NULL;

          /* The demo's key must not outlive it in the keyring. */
          if (!tg_store_service_wipe_sync (self->service, TG_DEMO_PIN, &error))
            g_printerr ("throughgate: could not remove the demo store: %s\n", error->message);
        }
      tg_store_service_flush (self->service);
    }
  if (self->demo_dir != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!remove_tree (self->demo_dir, &error))
        g_printerr ("throughgate: %s\n", error->message);
    }

  G_APPLICATION_CLASS (tg_application_parent_class)->shutdown (application);
}

static void
tg_application_finalize (GObject *object)
{
  TgApplication *self = TG_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_free (self->data_dir);
  g_free (self->demo_dir);

  G_OBJECT_CLASS (tg_application_parent_class)->finalize (object);
}

static void
tg_application_class_init (TgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tg_application_finalize;
  app_class->handle_local_options = tg_application_handle_local_options;
  app_class->startup = tg_application_startup;
  app_class->activate = tg_application_activate;
  app_class->shutdown = tg_application_shutdown;
}

static void
tg_application_init (TgApplication *self)
{
  static const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the store in DIR (default: the user data directory)"), "DIR" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open a temporary synthetic caseload (PIN 123456), deleted on quit"), NULL },
    { "demo-clients", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("Number of invented clients in the demo (default 500)"), "N" },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

TgApplication *
tg_application_new (const char *application_id)
{
  /* NON_UNIQUE: a demo and a real app, or two data directories, may run
   * side by side without one handing its arguments to the other. */
  return g_object_new (TG_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/throughgate/Throughgate",
                       NULL);
}
