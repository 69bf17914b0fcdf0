/* test-demo-notify-relay.c: the demo's notifications reach the desktop.
 *
 * Two real buses, each a dbus-daemon of its own: a "desktop" bus where
 * this process runs a fake notification server, and a "private" bus, as
 * the demo's, where the real relay (build-aux/tg-demo-notify-relay) owns
 * org.freedesktop.Notifications. A client on the private bus, and a real
 * GApplication there, see their notifications arrive on the desktop. With
 * no desktop bus, or none with a notification server, the relay exits
 * cleanly and owns nothing. No display needed.
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "tg-test-notify-server.h"
#include "tg-test-util.h"

#define NOTIFICATIONS "org.freedesktop.Notifications"

/* Waiting on the main loop. */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} Waiter;

static void
waiter_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  waiter->done = TRUE;
}

static gboolean
waiter_done (gpointer data)
{
  return ((Waiter *) data)->done;
}

/* A bus of its own: a dbus-daemon that tells its address, and that ends
 * with this process even when a failed assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
/* A bus of its own: a dbus-daemon that tells its address. */
typedef struct {
  GSubprocess     *daemon;
  char            *address;
  GDBusConnection *connection;
} Bus;

static void
bus_start (Bus *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  bus->daemon = g_subprocess_launcher_spawn (launcher, &error,
                                             tg_test_program ("TG_DBUS_DAEMON"), "--session",
                                             "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->daemon));
  bus->address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bus->address);
  bus->connection = g_dbus_connection_new_for_address_sync (bus->address,
                                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                            NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
bus_stop (Bus *bus)
{
  g_dbus_connection_close_sync (bus->connection, NULL, NULL);
  g_clear_object (&bus->connection);
  g_subprocess_force_exit (bus->daemon);
  g_subprocess_wait (bus->daemon, NULL, NULL);
  g_clear_object (&bus->daemon);
  g_clear_pointer (&bus->address, g_free);
}

/* The desktop's bus with its notification server, and the demo's private
 * bus, for the whole process: the GApplication's session bus is the
 * private one and GIO keeps it once connected. */
static Bus desktop;
static Bus private_bus;
static TgTestNotifyServer server;

/* Calls @method on @bus and waits for the reply; NULL on an error. */
static GVariant *
call (GDBusConnection *bus,
      const char      *name,
      const char      *path,
      const char      *iface,
      const char      *method,
      GVariant        *parameters,
      GError         **error)
{
  Waiter waiter = { 0, };
  GVariant *reply;

  g_dbus_connection_call (bus, name, path, iface, method, parameters, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, waiter_cb, &waiter);
  g_assert_true (wait_for (waiter_done, &waiter));
  reply = g_dbus_connection_call_finish (bus, waiter.result, error);
  g_object_unref (waiter.result);
  return reply;
}

static GVariant *
call_notifications (const char *method,
                    GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = call (private_bus.connection, NOTIFICATIONS, "/org/freedesktop/Notifications",
                          NOTIFICATIONS, method, parameters, &error);

  g_assert_no_error (error);
  return reply;
}

static gboolean
private_name_owned (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call (private_bus.connection, "org.freedesktop.DBus",
                                    "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                    "NameHasOwner", g_variant_new ("(s)", NOTIFICATIONS), &error);
  gboolean owned;

  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &owned);
  return owned;
}

static gboolean
name_owned (gpointer data)
{
  return private_name_owned ();
}

static gboolean
name_released (gpointer data)
{
  return !private_name_owned ();
}

static GSubprocess *
relay_start (const char *desktop_address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  GSubprocess *relay;

  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", private_bus.address, TRUE);
  relay = g_subprocess_launcher_spawn (launcher, &error, tg_test_program ("TG_NOTIFY_RELAY"),
                                       desktop_address, NULL);
  g_assert_no_error (error);
  return relay;
}

static void
relay_stop (GSubprocess *relay)
{
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0, };

  g_subprocess_send_signal (relay, SIGTERM);
  g_subprocess_wait_async (relay, NULL, waiter_cb, &waiter);
  g_assert_true (wait_for (waiter_done, &waiter));
  g_assert_true (g_subprocess_wait_finish (relay, waiter.result, &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  g_assert_true (g_subprocess_get_if_exited (relay));
  g_assert_cmpint (g_subprocess_get_exit_status (relay), ==, 0);
  g_object_unref (relay);
}

/* Signals the relay passes back, recorded in order of arrival. */
static void
relayed_signal_cb (GDBusConnection *connection,
                   const char      *sender,
                   const char      *object_path,
                   const char      *interface_name,
                   const char      *signal_name,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  g_autofree char *printed = g_variant_print (parameters, FALSE);

  g_ptr_array_add (user_data, g_strdup_printf ("%s %s", signal_name, printed));
}

static gboolean
has_signals (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

typedef struct {
  TgTestNotifyServer *server;
  guint               count;
} ShownCount;

static gboolean
shown_count_reached (gpointer data)
{
  ShownCount *wait = data;

  return wait->server->shown->len >= wait->count;
}

static gboolean
closed_once (gpointer data)
{
  return ((TgTestNotifyServer *) data)->closed >= 1;
}

static void
test_relay_forwards (void)
{
  g_autoptr(GSubprocess) relay = relay_start (desktop.address);
  g_autoptr(GPtrArray) relayed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariant) id_reply = NULL;
  g_autoptr(GVariant) caps_reply = NULL;
  g_autoptr(GVariant) info_reply = NULL;
  g_autoptr(GVariant) close_reply = NULL;
  g_autofree char *expected_closed = NULL;
  g_auto(GStrv) caps = NULL;
  const char *server_name = NULL;
  const char *actions[] = { NULL };
  guint32 id;
  guint subscription;

  tg_test_notify_server_reset (&server);
  g_assert_true (wait_for (name_owned, NULL));
  subscription = g_dbus_connection_signal_subscribe (private_bus.connection, NULL, NOTIFICATIONS,
                                                     NULL, "/org/freedesktop/Notifications", NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE,
                                                     relayed_signal_cb, relayed, NULL);

  id_reply = call_notifications ("Notify",
                                 g_variant_new ("(susss^asa{sv}i)", "Throughgate", 0, "",
                                                "2 people are released tomorrow",
                                                "See the gate list.", actions, NULL, -1));
  g_variant_get (id_reply, "(u)", &id);
  g_assert_cmpuint (server.shown->len, ==, 1);
  g_assert_cmpstr (server.shown->pdata[0], ==, "2 people are released tomorrow");
  g_assert_cmpstr (server.bodies->pdata[0], ==, "See the gate list.");
  g_assert_cmpuint (id, ==, server.next_id);
  g_assert_cmpuint (id, !=, 0);

  caps_reply = call_notifications ("GetCapabilities", NULL);
  g_variant_get (caps_reply, "(^as)", &caps);
  g_assert_cmpstrv (caps, ((const char *[]) { "body", NULL }));
  info_reply = call_notifications ("GetServerInformation", NULL);
  g_variant_get (info_reply, "(&s&s&s&s)", &server_name, NULL, NULL, NULL);
  g_assert_cmpstr (server_name, ==, "test");

  close_reply = call_notifications ("CloseNotification", g_variant_new ("(u)", id));
  g_assert_cmpuint (server.closed, ==, 1);
  g_assert_cmpuint (server.last_closed, ==, id);

  /* The desktop's signals come back for our notification only: another
   * application's click, sent first, never reaches the private bus. */
  tg_test_notify_server_emit (&server, "ActionInvoked", g_variant_new ("(us)", id + 100, "default"));
  tg_test_notify_server_emit (&server, "NotificationClosed", g_variant_new ("(uu)", id, 3));
  g_assert_true (wait_for (has_signals, relayed));
  expected_closed = g_strdup_printf ("NotificationClosed (%u, 3)", id);
  g_assert_cmpuint (relayed->len, ==, 1);
  g_assert_cmpstr (relayed->pdata[0], ==, expected_closed);

  g_dbus_connection_signal_unsubscribe (private_bus.connection, subscription);
  relay_stop (g_steal_pointer (&relay));
  /* The bus drops the name of a relay gone. */
  g_assert_true (wait_for (name_released, NULL));
}

/* The app's own path: a GApplication on the private bus sends and withdraws
 * a notification through GIO, as TgNotifier does in the demo. */
static void
test_relay_application (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) relay = relay_start (desktop.address);
  g_autoptr(GNotification) notification = g_notification_new ("3 people are released tomorrow");
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) info = NULL;
  GApplication *app;
  ShownCount wait = { &server, 1 };

  tg_test_notify_server_reset (&server);
  g_assert_true (wait_for (name_owned, NULL));

  app = g_application_new ("org.throughgate.RelayTest", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  g_notification_set_body (notification, "See the gate list.");
  g_application_send_notification (app, "releases-tomorrow", notification);
  g_assert_true (wait_for (shown_count_reached, &wait));
  g_assert_cmpstr (server.shown->pdata[0], ==, "3 people are released tomorrow");
  g_assert_cmpstr (server.bodies->pdata[0], ==, "See the gate list.");

  /* GIO learns the desktop's id from Notify's reply. A call on the app's
   * own connection through the relay is answered after that reply, so
   * once it is back GIO knows the id. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = call (bus, NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS,
               "GetServerInformation", NULL, &error);
  g_assert_no_error (error);

  /* The withdrawal closes the desktop's notification by the id it gave. */
  g_application_withdraw_notification (app, "releases-tomorrow");
  g_assert_true (wait_for (closed_once, &server));
  g_assert_cmpuint (server.last_closed, ==, server.next_id);

  g_application_quit (app);
  g_object_unref (app);
  relay_stop (g_steal_pointer (&relay));
  g_assert_true (wait_for (name_released, NULL));
}

/* Without a desktop notification server the relay owns nothing, says why
 * and exits with status 0, so the demo runs on. */
typedef enum {
  DESKTOP_NONE,          /* no address passed in */
  DESKTOP_UNREACHABLE,   /* an address with no bus behind it */
  DESKTOP_NO_SERVER,     /* a bus, but nobody shows notifications on it */
} Desktop;

static const struct {
  const char *name;
  Desktop     desktop;
} no_desktop_cases[] = {
  { "none", DESKTOP_NONE },
  { "unreachable", DESKTOP_UNREACHABLE },
  { "no-server", DESKTOP_NO_SERVER },
};

static void
test_relay_no_desktop (gconstpointer data)
{
  Desktop which = no_desktop_cases[GPOINTER_TO_UINT (data)].desktop;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tg_test_make_tmp_dir ("tg-relay-XXXXXX");
  g_autofree char *address = NULL;
  g_autoptr(GSubprocess) relay = NULL;
  Bus empty = { 0, };
  Waiter waiter = { 0, };

  switch (which)
    {
    case DESKTOP_NONE:
      address = g_strdup ("");
      break;
    case DESKTOP_UNREACHABLE:
      address = g_strdup_printf ("unix:path=%s/no-bus", dir);
      break;
    case DESKTOP_NO_SERVER:
      bus_start (&empty);
      address = g_strdup (empty.address);
      break;
    }

  relay = relay_start (address);
  g_subprocess_wait_async (relay, NULL, waiter_cb, &waiter);
  g_assert_true (wait_for (waiter_done, &waiter));
  g_assert_true (g_subprocess_wait_finish (relay, waiter.result, &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  g_assert_true (g_subprocess_get_if_exited (relay));
  g_assert_cmpint (g_subprocess_get_exit_status (relay), ==, 0);
  g_assert_false (private_name_owned ());

  if (which == DESKTOP_NO_SERVER)
    bus_stop (&empty);
  tg_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  bus_start (&desktop);
  bus_start (&private_bus);
  /* GApplication's session bus is the demo's private bus. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", private_bus.address, TRUE);
  tg_test_notify_server_start (&server, desktop.connection);

  g_test_add_func ("/tg/demo-notify-relay/forwards", test_relay_forwards);
  g_test_add_func ("/tg/demo-notify-relay/application", test_relay_application);
  for (guint i = 0; i < G_N_ELEMENTS (no_desktop_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/demo-notify-relay/no-desktop/%s",
                                               no_desktop_cases[i].name);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_relay_no_desktop);
    }
  status = g_test_run ();

  bus_stop (&private_bus);
  bus_stop (&desktop);
  return status;
}
