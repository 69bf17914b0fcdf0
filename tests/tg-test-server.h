/* tg-test-server.h: a real throughgate-server for the sync tests.
 *
 * At test time the helper makes, with openssl (TG_OPENSSL), a private CA
 * and one server key with several certificates for it: a good one for
 * 127.0.0.1, one for another host, and one that has expired. It starts
 * the real server (TG_SERVER) as a subprocess on a port the kernel picks,
 * reads the port and the key pin from its output, makes enrolment codes
 * and revokes devices with the server's own commands, and can kill it
 * with SIGKILL and start it again on the same data directory and port.
 *
 * The certificates are valid from eleven years ago (the one that expired
 * ended twenty days ago), so a device whose clock is ten years behind
 * still accepts them: the skew test is about the sync clock, not TLS.
 *
 * Like tg-test-util.h, every helper fails the test instead of returning
 * an error.
 */
#pragma once

#include <glib.h>

#include "tg-test-util.h"

G_BEGIN_DECLS

typedef enum {
  TG_TEST_CERT_GOOD,         /* 127.0.0.1, signed by the test CA, valid */
  TG_TEST_CERT_WRONG_HOST,   /* localhost and 127.0.0.2 only */
  TG_TEST_CERT_EXPIRED,      /* 127.0.0.1, but its validity ended */
} TgTestCert;

typedef struct _TgTestServer TgTestServer;

/* Makes the CA, the key, the certificates, the store key file and the
 * data directory under @dir; does not start the server. */
TgTestServer *tg_test_server_new        (const char   *dir) G_GNUC_WARN_UNUSED_RESULT;

/* Starts the server with @cert and waits until it listens. The first
 * start takes a free port; later ones reuse it. */
void          tg_test_server_start      (TgTestServer *self,
                                         TgTestCert    cert);

/* From the next start on, lets each device make @per_second requests a
 * second (and as many at once, at least one) instead of the server's
 * default: more for tests that sync far faster than any tablet would,
 * fewer to meet the limit. */
void          tg_test_server_set_device_rate (TgTestServer *self,
                                              double        per_second);

/* From the next start on, sends the policy "devices lock after at most
 * @seconds idle" (0: no policy, the default) with every sync reply. */
void          tg_test_server_set_idle_lock_max (TgTestServer *self,
                                                guint         seconds);

/* SIGKILL, and waits for the process to be gone. */
void          tg_test_server_kill       (TgTestServer *self);

/* Kills the server if it runs and frees everything (the directory is the
 * caller's). */
void          tg_test_server_free       (TgTestServer *self);

/* https://127.0.0.1:PORT, once started. */
const char   *tg_test_server_get_url    (TgTestServer *self);

/* The pin the server printed (base64, without "sha256//"); checked
 * against the one computed from the key with openssl. */
const char   *tg_test_server_get_pin    (TgTestServer *self);

/* The pin of another real key (the CA's): a wrong pin. */
const char   *tg_test_server_get_other_pin (TgTestServer *self);

/* The test CA's certificate, for --ca-file. */
const char   *tg_test_server_get_ca_file (TgTestServer *self);

const char   *tg_test_server_get_data_dir (TgTestServer *self);

/* A one-time enrolment code from "enroll-code". */
char         *tg_test_server_make_code  (TgTestServer *self,
                                         const char   *role,
                                         const char   *team,
                                         const char   *name) G_GNUC_WARN_UNUSED_RESULT;

/* "revoke DEVICE_ID". */
void          tg_test_server_revoke     (TgTestServer *self,
                                         const char   *device_id);

/* Runs "init" for @cli when it has no store yet, then "enroll" with a new
 * code for @role and @team, the right pin and the test CA, under
 * @faketime (NULL: the real clock). Returns the device id. */
char         *tg_test_server_enroll_cli (TgTestServer *self,
                                         TgTestCli    *cli,
                                         const char   *faketime,
                                         const char   *role,
                                         const char   *team) G_GNUC_WARN_UNUSED_RESULT;

/* Runs the CLI of @cli with the arguments from @first on, up to a NULL,
 * and hands back how it ended, whatever that was. */
void          tg_test_cli_run_any       (TgTestCli    *cli,
                                         const char   *faketime,
                                         TgTestResult *result,
                                         const char   *first,
                                         ...) G_GNUC_NULL_TERMINATED;

/* A running server in a fresh directory, for g_test_add(). */
typedef struct {
  char         *dir;
  TgTestServer *server;
} TgTestServerFixture;

void          tg_test_server_fixture_set_up    (TgTestServerFixture *fixture,
                                                gconstpointer        data);
void          tg_test_server_fixture_tear_down (TgTestServerFixture *fixture,
                                                gconstpointer        data);

G_END_DECLS
