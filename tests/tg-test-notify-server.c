/* A fake desktop notification server (tg-test-notify-server.h). */

#include "tg-test-notify-server.h"

static const char server_xml[] =
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

static void
server_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  TgTestNotifyServer *server = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary = NULL;
      const char *body = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (server->shown, g_strdup (summary));
      g_ptr_array_add (server->bodies, g_strdup (body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++server->next_id));
    }
  else if (g_str_equal (method_name, "CloseNotification"))
    {
      server->closed++;
      g_variant_get (parameters, "(u)", &server->last_closed);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "tg", "1", "1.2"));
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((TgTestNotifyServer *) user_data)->owned = TRUE;
}

void
tg_test_notify_server_start (TgTestNotifyServer *server,
                             GDBusConnection    *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (server_xml, &error);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  *server = (TgTestNotifyServer) {
    .shown = g_ptr_array_new_with_free_func (g_free),
    .bodies = g_ptr_array_new_with_free_func (g_free),
    .bus = g_object_ref (bus),
  };
  server->registration =
    g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                       node->interfaces[0],
                                       &(GDBusInterfaceVTable) { server_method_cb, NULL, NULL, { 0 } },
                                       server, NULL, &error);
  g_assert_no_error (error);
  server->owner = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                                G_BUS_NAME_OWNER_FLAGS_NONE,
                                                name_acquired_cb, NULL, server, NULL);
  while (!server->owned && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
  g_assert_true (server->owned);
}

void
tg_test_notify_server_reset (TgTestNotifyServer *server)
{
  g_ptr_array_set_size (server->shown, 0);
  g_ptr_array_set_size (server->bodies, 0);
  server->closed = 0;
  server->last_closed = 0;
}

void
tg_test_notify_server_emit (TgTestNotifyServer *server,
                            const char         *signal_name,
                            GVariant           *parameters)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (server->bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", signal_name,
                                 parameters, &error);
  g_assert_no_error (error);
}
