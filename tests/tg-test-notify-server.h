/* tg-test-notify-server.h: a fake desktop notification server for tests.
 *
 * Owns org.freedesktop.Notifications on a given bus connection and records
 * what it is asked to show and close, so a test sees the real Notify calls
 * the app (or the demo's relay) makes.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GPtrArray       *shown;        /* summaries of Notify calls, in order */
  GPtrArray       *bodies;       /* their bodies, in the same order */
  guint            closed;       /* CloseNotification calls */
  guint32          last_closed;  /* the id the last one closed */
  guint32          next_id;
  gboolean         owned;
  GDBusConnection *bus;
  guint            registration;
  guint            owner;
} TgTestNotifyServer;

/* Owns the name on @bus, iterating the main context until it is ours. */
void     tg_test_notify_server_start (TgTestNotifyServer *server,
                                      GDBusConnection    *bus);
/* Forgets what earlier tests were sent. */
void     tg_test_notify_server_reset (TgTestNotifyServer *server);
/* Emits one of the server's signals, as a desktop does when a
 * notification is dismissed or clicked. */
void     tg_test_notify_server_emit  (TgTestNotifyServer *server,
                                      const char         *signal_name,
                                      GVariant           *parameters);

G_END_DECLS
