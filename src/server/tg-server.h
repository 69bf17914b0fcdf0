/* tg-server.h: the central HTTPS server.
 *
 * A TgServer answers the sync protocol (docs/sync-protocol.md) over HTTPS
 * only, from one store. It runs on the thread-default main context of
 * tg_server_new(); the database work of enrolments and syncs runs on one
 * worker thread of its own, through functions that know nothing of HTTP
 * (tg-server-private.h), and the answers are sent from the main context.
 */
#pragma once

#include <gio/gio.h>

#include "tg-store.h"

G_BEGIN_DECLS

/* Defaults of the request limits (docs/server.md). */
#define TG_SERVER_DEVICE_RATE        10.0   /* requests a second per device */
#define TG_SERVER_DEVICE_BURST       20.0
#define TG_SERVER_ENROLL_PER_MINUTE   5.0   /* failed enrolments per address */

#define TG_TYPE_SERVER (tg_server_get_type ())
G_DECLARE_FINAL_TYPE (TgServer, tg_server, TG, SERVER, GObject)

/* Makes the server's tables in @store if they are missing and reads the
 * key pin of @certificate. */
TgServer   *tg_server_new         (TgStore          *store,
                                   GTlsCertificate  *certificate,
                                   GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* Replaces the request limits; call before listening. */
void        tg_server_set_limits  (TgServer         *self,
                                   double            device_rate,
                                   double            device_burst,
                                   double            enroll_per_minute);

/* The team's policy, sent with every sync reply: the longest idle time
 * before a device locks, in seconds (0: none, the default; at most
 * TG_WIRE_MAX_IDLE_LOCK_SECONDS). Devices only ever shorten their lock by
 * it. */
void        tg_server_set_policy  (TgServer         *self,
                                   guint             idle_lock_max_seconds);

/* Starts listening for HTTPS on @host (an address or a name) and @port
 * (0 picks a free one). */
gboolean    tg_server_listen      (TgServer         *self,
                                   const char       *host,
                                   guint             port,
                                   GError          **error);

/* The port listened on, once listening. */
guint       tg_server_get_port    (TgServer         *self);

/* The key pin, "sha256//<base64>", as devices are given it. */
const char *tg_server_get_pin     (TgServer         *self);

G_END_DECLS
