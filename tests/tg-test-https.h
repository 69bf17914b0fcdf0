/* tg-test-https.h: the real throughgate-server over HTTPS, for
 * test-server.c.
 *
 * tg_test_https_init() makes, with the openssl command (TG_OPENSSL), a CA
 * and a certificate for 127.0.0.1 in a new temporary directory, a store
 * key file, and a SoupSession that trusts only that CA and does not unpack
 * replies itself (so a test sees that they came gzipped). Servers are the
 * real executable (TG_SERVER) on a free port; their log (stderr) goes to a
 * file a test can read. Devices are made by redeeming a code from the
 * server's own enroll-code command, and sync by posting what the device
 * side would post, built with the shared wire format.
 *
 * Like tg-test-util.h, every helper fails the test instead of returning
 * an error.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tg-wire.h"

G_BEGIN_DECLS

#define TG_TEST_HOUR_MS (60 * 60 * 1000)
#define TG_TEST_DAY_MS  (24 * TG_TEST_HOUR_MS)

/* What every server of one test binary shares. */
typedef struct {
  char *tmp;            /* removed by tg_test_https_shutdown() */
  char *ca_file;
  char *cert_file;
  char *key_file;       /* the certificate's private key */
  char *store_key;      /* a store key file, mode 0600 */
  char *expected_pin;   /* the key pin, computed with the openssl command */
} TgTestHttps;

void               tg_test_https_init        (void);
void               tg_test_https_shutdown    (void);
const TgTestHttps *tg_test_https             (void);

/* Writes @length random bytes to the file @name in the temporary
 * directory, with exactly @mode. Returns its path. */
char              *tg_test_write_store_key   (const char *name,
                                              gsize       length,
                                              int         mode) G_GNUC_WARN_UNUSED_RESULT;

typedef struct {
  GSubprocess *process;
  char        *store_key;
  char        *data_dir;
  char        *log_path;     /* the server's stderr */
  char        *base_url;     /* https://127.0.0.1:PORT */
  char        *pin;          /* as printed, without "sha256//" */
  guint        port;
} TgTestHttpsServer;

/* Starts "serve" on a data directory @name in the temporary directory,
 * with @store_key and the options from the varargs on (NULL-terminated),
 * and waits until it prints its pin and port. */
TgTestHttpsServer *tg_test_https_server_start (const char        *name,
                                               const char        *store_key,
                                               ...)
                                               G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;
/* SIGTERM; the server must exit cleanly, with status 0. */
void               tg_test_https_server_stop  (TgTestHttpsServer *server);
void               tg_test_https_server_free  (TgTestHttpsServer *server);

/* Runs an administration command on @server's data directory, which must
 * succeed; returns its stdout. */
char              *tg_test_https_admin        (TgTestHttpsServer *server,
                                               const char        *first,
                                               ...)
                                               G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;

/* A reply, unpacked when it came gzipped. */
typedef struct {
  guint    status;
  GBytes  *body;
  char    *retry_after;
  gboolean gzipped;
} TgTestResponse;

void tg_test_response_free (TgTestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgTestResponse, tg_test_response_free)

/* One request, asking for a gzipped reply; @token (or NULL) goes in an
 * Authorization header, @content_encoding (or NULL) in its header, and a
 * @chunked body is sent with no length. */
TgTestResponse    *tg_test_https_request      (TgTestHttpsServer *server,
                                               const char        *method,
                                               const char        *path,
                                               const char        *token,
                                               GBytes            *body,
                                               const char        *content_encoding,
                                               gboolean           chunked)
                                               G_GNUC_WARN_UNUSED_RESULT;
/* POST /v1/sync of @json, gzipped as a device sends it. */
TgTestResponse    *tg_test_https_post_sync    (TgTestHttpsServer *server,
                                               const char        *token,
                                               GBytes            *json) G_GNUC_WARN_UNUSED_RESULT;
/* POSTs the @n syncs of @jsons (gzipped) with their @tokens all at once,
 * a connection each, and waits for every answer; returns the
 * TgTestResponses in the same order. */
GPtrArray         *tg_test_https_post_syncs_at_once (TgTestHttpsServer *server,
                                                     const char *const *tokens,
                                                     GBytes *const     *jsons,
                                                     guint              n)
                                                     G_GNUC_WARN_UNUSED_RESULT;
TgTestResponse    *tg_test_https_post_enroll  (TgTestHttpsServer *server,
                                               const char        *code,
                                               gint64             node) G_GNUC_WARN_UNUSED_RESULT;

/* Checks an error reply: its status, its code, and the server's time. */
void               tg_test_assert_wire_error  (TgTestResponse    *response,
                                               guint              status,
                                               const char        *code);
/* GET /v1/health answers 200. */
void               tg_test_assert_serving     (TgTestHttpsServer *server);

JsonObject        *tg_test_json_object        (GBytes            *json) G_GNUC_WARN_UNUSED_RESULT;
GBytes            *tg_test_bytes_printf       (const char        *format,
                                               ...) G_GNUC_PRINTF (1, 2) G_GNUC_WARN_UNUSED_RESULT;

/* A device enrolled with a server, and where its sync stands. */
typedef struct {
  TgTestHttpsServer *server;   /* not owned */
  char              *device_id;
  char              *token;
  char              *role;
  char              *team;
  gint64             node;
  gint64             cursor;
  guint              counter;  /* the HLC counter of its last stamp */
} TgTestDevice;

void tg_test_device_free (TgTestDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgTestDevice, tg_test_device_free)

/* A team name no other case uses. */
char              *tg_test_new_team           (void) G_GNUC_WARN_UNUSED_RESULT;
/* A code from "enroll-code --json" for "Test Worker". */
char              *tg_test_https_make_code    (TgTestHttpsServer *server,
                                               const char        *role,
                                               const char        *team) G_GNUC_WARN_UNUSED_RESULT;
/* A new device, enrolled with a new code. */
TgTestDevice      *tg_test_https_enroll       (TgTestHttpsServer *server,
                                               const char        *role,
                                               const char        *team) G_GNUC_WARN_UNUSED_RESULT;

/* A change by @device stamped now, plus @offset_ms. */
TgChange          *tg_test_change_at          (TgTestDevice      *device,
                                               gint64             offset_ms,
                                               const char        *entity,
                                               const char        *record_id,
                                               const char        *field,
                                               const char        *value) G_GNUC_WARN_UNUSED_RESULT;
TgChange          *tg_test_change             (TgTestDevice      *device,
                                               const char        *entity,
                                               const char        *record_id,
                                               const char        *field,
                                               const char        *value) G_GNUC_WARN_UNUSED_RESULT;

/* The JSON of a sync request from @device at its cursor. */
GBytes            *tg_test_sync_json          (TgTestDevice      *device,
                                               GPtrArray         *changes,
                                               guint              pull_limit)
                                               G_GNUC_WARN_UNUSED_RESULT;
/* One sync; on 200 returns the reply and moves the device's cursor, else
 * NULL. The response is handed back in @out_response when asked for. */
TgSyncReply       *tg_test_sync_full          (TgTestDevice      *device,
                                               GPtrArray         *changes,
                                               guint              pull_limit,
                                               TgTestResponse   **out_response);
/* One sync that must succeed. */
TgSyncReply       *tg_test_sync_ok            (TgTestDevice      *device,
                                               GPtrArray         *changes)
                                               G_GNUC_WARN_UNUSED_RESULT;
void               tg_test_sync_done          (TgTestDevice      *device,
                                               GPtrArray         *changes);
/* Syncs until the server has no more; returns every change pulled, and
 * in @purged (when not NULL) every client purged. */
GPtrArray         *tg_test_sync_all           (TgTestDevice      *device,
                                               guint              pull_limit,
                                               GPtrArray        **purged,
                                               guint             *rounds) G_GNUC_WARN_UNUSED_RESULT;

const TgChange    *tg_test_find_change        (GPtrArray         *changes,
                                               const char        *record_id,
                                               const char        *field);
guint              tg_test_count_record       (GPtrArray         *changes,
                                               const char        *record_id);
/* Today plus @days, local time, as YYYY-MM-DD. */
char              *tg_test_date_in_days       (int                days) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
