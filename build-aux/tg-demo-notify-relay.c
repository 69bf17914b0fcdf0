/* tg-demo-notify-relay: the demo's notifications, passed on to the desktop.
 *
 * Usage: tg-demo-notify-relay DESKTOP-BUS-ADDRESS
 *
 * The demo runs the app on a private session bus (build-aux/demo-app.sh)
 * where nobody shows notifications. This relay owns
 * org.freedesktop.Notifications on that private bus (its
 * DBUS_SESSION_BUS_ADDRESS) and forwards Notify, CloseNotification,
 * GetCapabilities and GetServerInformation to the desktop bus's
 * notification server, returning its replies; NotificationClosed and
 * ActionInvoked for the notifications it sent come back to the private bus.
 * Only notifications travel this way: the keyring stays private.
 *
 * When there is no desktop bus, or no notification server on it, the relay
 * owns nothing and exits with status 0: the demo runs as before, its
 * notifications unseen. It exits when either bus goes away.
 */

#include <glib.h>
#include <glib-unix.h>
#include <gio/gio.h>

#define NOTIFICATIONS_NAME "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH "/org/freedesktop/Notifications"
#define NOTIFICATIONS_IFACE "org.freedesktop.Notifications"

/* The Desktop Notifications Specification's interface, as the app's GIO
 * backend calls it. */
static const char relay_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

typedef struct {
  GMainLoop       *loop;
  GDBusConnection *desktop;
  GDBusConnection *private_bus;
  GDBusNodeInfo   *node;
  /* Ids the desktop gave our Notify calls: only their signals come back,
   * not those of the desktop's other applications. */
  GHashTable      *ids;
  int              status;
} Relay;

/* Forwarding calls. */

typedef struct {
  Relay                 *relay;
  GDBusMethodInvocation *invocation;   /* strong */
  gboolean               is_notify;
} Call;

static void
forwarded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      g_dbus_method_invocation_return_gerror (call->invocation, error);
    }
  else
    {
      if (call->is_notify)
        {
          guint32 id;

          g_variant_get (reply, "(u)", &id);
          g_hash_table_add (call->relay->ids, GUINT_TO_POINTER (id));
        }
      g_dbus_method_invocation_return_value (call->invocation, reply);
    }
  g_object_unref (call->invocation);
  g_free (call);
}

static void
method_cb (GDBusConnection       *connection,
           const char            *sender,
           const char            *object_path,
           const char            *interface_name,
           const char            *method_name,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  Relay *relay = user_data;
  const GDBusMethodInfo *info = g_dbus_method_invocation_get_method_info (invocation);
  g_autoptr(GVariantType) reply_type = NULL;
  GPtrArray *out = g_ptr_array_new ();
  Call *call = g_new0 (Call, 1);

  /* The reply type the desktop must answer with is the one we declare. */
  for (guint i = 0; info->out_args != NULL && info->out_args[i] != NULL; i++)
    g_ptr_array_add (out, (gpointer) G_VARIANT_TYPE (info->out_args[i]->signature));
  reply_type = g_variant_type_new_tuple ((const GVariantType * const *) out->pdata, out->len);
  g_ptr_array_unref (out);

  call->relay = relay;
  call->invocation = g_object_ref (invocation);
  call->is_notify = g_str_equal (method_name, "Notify");
  g_dbus_connection_call (relay->desktop, NOTIFICATIONS_NAME, NOTIFICATIONS_PATH,
                          NOTIFICATIONS_IFACE, method_name, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, forwarded_cb, call);
}

/* Signals back from the desktop. */

static void
desktop_signal_cb (GDBusConnection *connection,
                   const char      *sender,
                   const char      *object_path,
                   const char      *interface_name,
                   const char      *signal_name,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  Relay *relay = user_data;
  g_autoptr(GError) error = NULL;
  guint32 id;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(us)")) &&
      !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(uu)")))
    return;
  g_variant_get_child (parameters, 0, "u", &id);
  if (!g_hash_table_contains (relay->ids, GUINT_TO_POINTER (id)))
    return;
  if (g_str_equal (signal_name, "NotificationClosed"))
    g_hash_table_remove (relay->ids, GUINT_TO_POINTER (id));
  if (!g_dbus_connection_emit_signal (relay->private_bus, NULL, NOTIFICATIONS_PATH,
                                      NOTIFICATIONS_IFACE, signal_name, parameters, &error))
    g_warning ("Could not relay %s: %s", signal_name, error->message);
}

/* Life cycle. */

static void
closed_cb (GDBusConnection *connection,
           gboolean         remote_peer_vanished,
           GError          *error,
           gpointer         user_data)
{
  g_main_loop_quit (((Relay *) user_data)->loop);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  Relay *relay = user_data;

  /* Someone else already shows notifications on the private bus. */
  g_message ("%s is not ours on the private bus; relaying nothing", name);
  g_main_loop_quit (relay->loop);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (((Relay *) user_data)->loop);
  return G_SOURCE_CONTINUE;
}

/* Connects to the desktop bus and asks its notification server who it is:
 * without an answer there is nothing to relay to. */
static GDBusConnection *
connect_desktop (const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) desktop = NULL;
  g_autoptr(GVariant) info = NULL;

  if (address == NULL || *address == '\0')
    {
      g_message ("No desktop bus; the demo's notifications stay inside it");
      return NULL;
    }
  desktop = g_dbus_connection_new_for_address_sync (address,
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  if (desktop != NULL)
    info = g_dbus_connection_call_sync (desktop, NOTIFICATIONS_NAME, NOTIFICATIONS_PATH,
                                        NOTIFICATIONS_IFACE, "GetServerInformation", NULL,
                                        G_VARIANT_TYPE ("(ssss)"), G_DBUS_CALL_FLAGS_NONE,
                                        10000, NULL, &error);
  if (info == NULL)
    {
      g_message ("No notification server on the desktop bus (%s); "
                 "the demo's notifications stay inside it", error->message);
      return NULL;
    }
  g_dbus_connection_set_exit_on_close (desktop, FALSE);
  return g_steal_pointer (&desktop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Relay relay = { 0, };
  guint registration, owner;
  guint signals[2];

  if (argc != 2)
    {
      g_printerr ("Usage: %s DESKTOP-BUS-ADDRESS\n", argv[0]);
      return 2;
    }

  relay.desktop = connect_desktop (argv[1]);
  if (relay.desktop == NULL)
    return 0;
  relay.private_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (relay.private_bus == NULL)
    {
      g_printerr ("No private session bus: %s\n", error->message);
      return 1;
    }
  g_dbus_connection_set_exit_on_close (relay.private_bus, FALSE);

  relay.loop = g_main_loop_new (NULL, FALSE);
  relay.ids = g_hash_table_new (NULL, NULL);
  relay.node = g_dbus_node_info_new_for_xml (relay_xml, &error);
  g_assert_no_error (error);

  registration =
    g_dbus_connection_register_object (relay.private_bus, NOTIFICATIONS_PATH,
                                       relay.node->interfaces[0],
                                       &(GDBusInterfaceVTable) { method_cb, NULL, NULL, { 0 } },
                                       &relay, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    signals[i] = g_dbus_connection_signal_subscribe (relay.desktop, NOTIFICATIONS_NAME,
                                                     NOTIFICATIONS_IFACE,
                                                     i == 0 ? "NotificationClosed" : "ActionInvoked",
                                                     NOTIFICATIONS_PATH, NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE,
                                                     desktop_signal_cb, &relay, NULL);
  g_signal_connect (relay.desktop, "closed", G_CALLBACK (closed_cb), &relay);
  g_signal_connect (relay.private_bus, "closed", G_CALLBACK (closed_cb), &relay);
  g_unix_signal_add (SIGTERM, quit_cb, &relay);
  g_unix_signal_add (SIGINT, quit_cb, &relay);
  /* Owned last, so that a caller who sees the name sees a working relay. */
  owner = g_bus_own_name_on_connection (relay.private_bus, NOTIFICATIONS_NAME,
                                        G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                        NULL, name_lost_cb, &relay, NULL);

  g_main_loop_run (relay.loop);

  g_bus_unown_name (owner);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_dbus_connection_signal_unsubscribe (relay.desktop, signals[i]);
  g_dbus_connection_unregister_object (relay.private_bus, registration);
  g_dbus_connection_flush_sync (relay.private_bus, NULL, NULL);
  g_object_unref (relay.private_bus);
  g_object_unref (relay.desktop);
  g_dbus_node_info_unref (relay.node);
  g_hash_table_unref (relay.ids);
  g_main_loop_unref (relay.loop);
  return relay.status;
}
