/* tg-sync-transport.h: one HTTPS exchange with the sync server (libcurl).
 *
 * A transport talks to one server, named by an https:// URL and pinned by
 * the SHA-256 of its public key, which is checked during every TLS
 * handshake, before any byte of a request is sent. There is no way to make
 * a transport without a pin or for a plain http:// URL.
 *
 * Requests block; run them off the main thread (TgSyncEngine does). A
 * transport holds no connection between requests and may be used from any
 * one thread at a time.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TG_TYPE_SYNC_TRANSPORT (tg_sync_transport_get_type ())
G_DECLARE_FINAL_TYPE (TgSyncTransport, tg_sync_transport, TG, SYNC_TRANSPORT, GObject)

/* Seconds: to set up the connection, and for a whole exchange. A transfer
 * slower than TG_SYNC_LOW_SPEED_BYTES a second for TG_SYNC_LOW_SPEED_TIME
 * seconds is given up too, so a stalled hotspot does not hold a sync for
 * the full minute. */
#define TG_SYNC_CONNECT_TIMEOUT   10
#define TG_SYNC_TOTAL_TIMEOUT     60
#define TG_SYNC_LOW_SPEED_BYTES   64
#define TG_SYNC_LOW_SPEED_TIME    20

/* Checks @url (https, with a host) and @pin (the base64 SHA-256 of the
 * server's DER public key, with or without curl's "sha256//" prefix) and
 * returns a transport, or NULL with TG_SYNC_ERROR_INSECURE_URL or
 * TG_SYNC_ERROR_BAD_PIN. @ca_file (may be NULL) names PEM certificates to
 * verify the server with instead of the system's, for a private CA. */
TgSyncTransport *tg_sync_transport_new     (const char       *url,
                                            const char       *pin,
                                            const char       *ca_file,
                                            GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* Checks a pin as tg_sync_transport_new() does and returns it without the
 * "sha256//" prefix. */
char            *tg_sync_transport_normalize_pin (const char *pin,
                                                  GError    **error) G_GNUC_WARN_UNUSED_RESULT;

const char      *tg_sync_transport_get_url (TgSyncTransport  *self);

/* POSTs @body (JSON) to @path ("/v1/sync") and returns the reply body,
 * unpacked and bounded. With @compress the body goes gzip-compressed.
 * @token, when not NULL, goes as a bearer token.
 *
 * Errors: TG_SYNC_ERROR_SERVER_IDENTITY when the pin or the certificate
 * did not match (nothing was sent), TG_SYNC_ERROR_NETWORK,
 * TG_SYNC_ERROR_BAD_REPLY, G_IO_ERROR_CANCELLED, and for a 4xx or 5xx
 * reply the server's error in TG_WIRE_ERROR, with the server's clock from
 * that reply in @out_server_time (0 when it had none). */
GBytes          *tg_sync_transport_post    (TgSyncTransport  *self,
                                            const char       *path,
                                            const char       *token,
                                            GBytes           *body,
                                            gboolean          compress,
                                            gint64           *out_server_time,
                                            GCancellable     *cancellable,
                                            GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* GETs @path; the same errors as tg_sync_transport_post(). */
GBytes          *tg_sync_transport_get     (TgSyncTransport  *self,
                                            const char       *path,
                                            const char       *token,
                                            gint64           *out_server_time,
                                            GCancellable     *cancellable,
                                            GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* Seconds the server's last reply asked to wait before trying again
 * (Retry-After on 429 rate_limited); 0 when it asked nothing. */
guint            tg_sync_transport_get_retry_after (TgSyncTransport *self);

G_END_DECLS
