/* tg-test-server.c: see tg-test-server.h. */
#include "tg-test-server.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tg-test-util.h"

/* How long a start may take before the test gives up on the server. */
#define START_TIMEOUT_US (30 * G_USEC_PER_SEC)

struct _TgTestServer
{
  char        *dir;          /* the caller's directory; everything is under it */
  char        *certs;        /* dir/certs: CA, key, certificates */
  char        *data_dir;     /* dir/server: the server's data directory */
  char        *key_file;     /* dir/server.key-file: its store key */
  char        *ca_file;
  char        *pin;          /* the server key's pin, from openssl */
  char        *other_pin;    /* the CA key's pin */
  char        *url;          /* NULL until the first start */
  guint        port;         /* 0 until the first start */
  guint        starts;       /* numbers the log files */
  GSubprocess *process;      /* NULL while not running */
  double       device_rate;  /* requests a second per device; 0: the server's default */
  guint        idle_lock_max; /* the policy's idle lock in seconds; 0: none */
};

static void
run_ok (const char         *cwd,
        const char * const *argv)
{
  TgTestResult result = { 0 };

  tg_test_spawn (argv, cwd, &result);
  if (result.status != 0)
    g_error ("%s %s failed (%d): %s%s", argv[0], argv[1], result.status,
             result.out, result.err);
  tg_test_result_clear (&result);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            int         mode)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, mode, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

/* The curl pin of the public key in the PEM private key @key: base64 of
 * the SHA-256 of the DER SubjectPublicKeyInfo. */
static char *
key_pin (const char *certs,
         const char *key)
{
  const char *openssl = tg_test_program ("TG_OPENSSL");
  g_autofree char *der_name = g_strconcat (key, ".pub.der", NULL);
  g_autofree char *der_path = g_build_filename (certs, der_name, NULL);
  const char *argv[] = { openssl, "pkey", "-in", key, "-pubout", "-outform", "DER",
                         "-out", der_name, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *der = NULL;
  guint8 digest[32];
  gsize length = 0;
  gsize digest_length = sizeof digest;

  run_ok (certs, argv);
  g_file_get_contents (der_path, &der, &length, &error);
  g_assert_no_error (error);
  g_checksum_update (checksum, (const guchar *) der, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  return g_base64_encode (digest, digest_length);
}

static void
make_key (const char *certs,
          const char *name)
{
  const char *argv[] = { tg_test_program ("TG_OPENSSL"), "genpkey", "-algorithm", "EC",
                         "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name, NULL };

  run_ok (certs, argv);
}

/* Signs server.csr with the CA into @out, valid for @days from @shift (a
 * libfaketime offset: the certificate is made with the clock moved). */
static void
sign_server_cert (const char *certs,
                  const char *out,
                  const char *ext_file,
                  const char *shift,
                  const char *days,
                  const char *serial)
{
  const char *argv[] = { tg_test_program ("TG_FAKETIME"), "-f", shift,
                         tg_test_program ("TG_OPENSSL"), "x509", "-req",
                         "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                         "-set_serial", serial, "-days", days, "-extfile", ext_file,
                         "-out", out, NULL };

  run_ok (certs, argv);
}

static void
make_certificates (TgTestServer *self)
{
  const char *openssl = tg_test_program ("TG_OPENSSL");
  const char *faketime = tg_test_program ("TG_FAKETIME");
  const char *ca_argv[] = { faketime, "-f", "-11y", openssl, "req", "-x509", "-new",
                            "-key", "ca.key", "-subj", "/CN=Throughgate Test CA",
                            "-days", "4400",
                            "-addext", "basicConstraints=critical,CA:TRUE",
                            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                            "-out", "ca.pem", NULL };
  const char *csr_argv[] = { openssl, "req", "-new", "-key", "server.key",
                             "-subj", "/CN=127.0.0.1", "-out", "server.csr", NULL };

  make_key (self->certs, "ca.key");
  make_key (self->certs, "server.key");
  run_ok (self->certs, ca_argv);
  run_ok (self->certs, csr_argv);

  write_file (self->certs, "good.ext",
              "basicConstraints = CA:FALSE\n"
              "keyUsage = critical, digitalSignature\n"
              "extendedKeyUsage = serverAuth\n"
              "subjectAltName = IP:127.0.0.1\n", 0644);
  write_file (self->certs, "wrong-host.ext",
              "basicConstraints = CA:FALSE\n"
              "keyUsage = critical, digitalSignature\n"
              "extendedKeyUsage = serverAuth\n"
              "subjectAltName = DNS:localhost, IP:127.0.0.2\n", 0644);

  sign_server_cert (self->certs, "good.pem", "good.ext", "-11y", "4400", "2");
  sign_server_cert (self->certs, "wrong-host.pem", "wrong-host.ext", "-11y", "4400", "3");
  sign_server_cert (self->certs, "expired.pem", "good.ext", "-30d", "10", "4");

  self->pin = key_pin (self->certs, "server.key");
  self->other_pin = key_pin (self->certs, "ca.key");
}

TgTestServer *
tg_test_server_new (const char *dir)
{
  TgTestServer *self = g_new0 (TgTestServer, 1);
  g_autoptr(GString) key = g_string_new (NULL);

  self->dir = g_strdup (dir);
  self->certs = g_build_filename (dir, "certs", NULL);
  self->data_dir = g_build_filename (dir, "server", NULL);
  self->key_file = g_build_filename (dir, "server.key-file", NULL);
  self->ca_file = g_build_filename (self->certs, "ca.pem", NULL);
  g_assert_cmpint (g_mkdir_with_parents (self->certs, 0700), ==, 0);

  /* A test key; the server's real ones come from the OS's random source. */
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (key, "%02x", g_random_int_range (0, 256));
  g_string_append_c (key, '\n');
  write_file (dir, "server.key-file", key->str, 0600);

  make_certificates (self);
  return self;
}

static const char *
cert_name (TgTestCert cert)
{
  switch (cert)
    {
    case TG_TEST_CERT_GOOD:
      return "good.pem";
    case TG_TEST_CERT_WRONG_HOST:
      return "wrong-host.pem";
    case TG_TEST_CERT_EXPIRED:
      return "expired.pem";
    default:
      g_assert_not_reached ();
    }
}

static char *
match (const char *pattern,
       const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;

  if (!g_regex_match (regex, text, 0, &info))
    return NULL;
  return g_match_info_fetch (info, 1);
}

/* One attempt: TRUE when the server listens, FALSE when it exited (the
 * port may still be held by the killed one). */
static gboolean
try_start (TgTestServer *self,
           TgTestCert    cert,
           char        **out_log)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autofree char *out_path = g_strdup_printf ("%s/server-%u.out", self->dir, self->starts);
  g_autofree char *err_path = g_strdup_printf ("%s/server-%u.err", self->dir, self->starts);
  g_autofree char *cert_path = g_build_filename (self->certs, cert_name (cert), NULL);
  g_autofree char *key_path = g_build_filename (self->certs, "server.key", NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", self->port);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  self->starts++;
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  g_ptr_array_add (argv, g_strdup (tg_test_program ("TG_SERVER")));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (self->data_dir));
  g_ptr_array_add (argv, g_strdup ("--store-key-file"));
  g_ptr_array_add (argv, g_strdup (self->key_file));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup (listen));
  g_ptr_array_add (argv, g_strdup ("--tls-cert"));
  g_ptr_array_add (argv, g_strdup (cert_path));
  g_ptr_array_add (argv, g_strdup ("--tls-key"));
  g_ptr_array_add (argv, g_strdup (key_path));
  if (self->device_rate > 0)
    {
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      g_ptr_array_add (argv, g_strdup ("--device-rate"));
      g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (rate, sizeof rate, self->device_rate)));
      g_ptr_array_add (argv, g_strdup ("--device-burst"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", MAX ((guint) self->device_rate, 1u)));
    }
  if (self->idle_lock_max > 0)
    {
      g_ptr_array_add (argv, g_strdup ("--idle-lock-max"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", self->idle_lock_max));
    }
  g_ptr_array_add (argv, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *out = NULL;
      g_autofree char *port = NULL;
      g_autofree char *pin = NULL;

      g_file_get_contents (out_path, &out, NULL, NULL);
      if (out != NULL)
        {
          port = match ("listening on https://127\\.0\\.0\\.1:([0-9]+)", out);
          pin = match ("pin sha256//([A-Za-z0-9+/=]+)", out);
        }
      if (port != NULL && pin != NULL)
        {
          g_assert_cmpstr (pin, ==, self->pin);
          self->port = (guint) g_ascii_strtoull (port, NULL, 10);
          g_assert_cmpuint (self->port, >, 0);
          g_clear_pointer (&self->url, g_free);
          self->url = g_strdup_printf ("https://127.0.0.1:%u", self->port);
          return TRUE;
        }
      /* The identifier goes once the process has exited and been reaped. */
      if (g_subprocess_get_identifier (self->process) == NULL)
        break;
      g_usleep (20000);
    }

  g_file_get_contents (err_path, out_log, NULL, NULL);
  tg_test_server_kill (self);
  return FALSE;
}

void
tg_test_server_start (TgTestServer *self,
                      TgTestCert    cert)
{
  g_autofree char *log = NULL;

  g_assert_null (self->process);
  /* After a SIGKILL the port can take a moment to be free again. */
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_clear_pointer (&log, g_free);
      if (try_start (self, cert, &log))
        return;
      g_usleep (100000);
    }
  g_error ("throughgate-server did not start: %s", log != NULL ? log : "(no output)");
}

void
tg_test_server_kill (TgTestServer *self)
{
  if (self->process == NULL)
    return;
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

void
tg_test_server_free (TgTestServer *self)
{
  if (self == NULL)
    return;
  tg_test_server_kill (self);
  g_free (self->dir);
  g_free (self->certs);
  g_free (self->data_dir);
  g_free (self->key_file);
  g_free (self->ca_file);
  g_free (self->pin);
  g_free (self->other_pin);
  g_free (self->url);
  g_free (self);
}

const char *
tg_test_server_get_url (TgTestServer *self)
{
  g_assert_nonnull (self->url);
  return self->url;
}

const char *
tg_test_server_get_pin (TgTestServer *self)
{
  return self->pin;
}

const char *
tg_test_server_get_other_pin (TgTestServer *self)
{
  return self->other_pin;
}

const char *
tg_test_server_get_ca_file (TgTestServer *self)
{
  return self->ca_file;
}

const char *
tg_test_server_get_data_dir (TgTestServer *self)
{
  return self->data_dir;
}

static char *
server_command (TgTestServer *self,
                const char   *first,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  TgTestResult result = { 0 };
  va_list args;
  char *out;

  g_ptr_array_add (argv, (gpointer) tg_test_program ("TG_SERVER"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  g_ptr_array_add (argv, (gpointer) "--store-key-file");
  g_ptr_array_add (argv, self->key_file);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  tg_test_spawn ((const char * const *) argv->pdata, self->dir, &result);
  if (result.status != 0)
    g_error ("throughgate-server %s failed (%d): %s", first, result.status, result.err);
  out = g_steal_pointer (&result.out);
  tg_test_result_clear (&result);
  return out;
}

char *
tg_test_server_make_code (TgTestServer *self,
                          const char   *role,
                          const char   *team,
                          const char   *name)
{
  g_autofree char *out = server_command (self, "enroll-code", "--role", role,
                                         "--team", team, "--name", name, NULL);

  return g_strdup (g_strstrip (out));
}

void
tg_test_server_revoke (TgTestServer *self,
                       const char   *device_id)
{
  g_autofree char *out = server_command (self, "revoke", device_id, NULL);
}

void
tg_test_cli_run_any (TgTestCli    *cli,
                     const char   *faketime,
                     TgTestResult *result,
                     const char   *first,
                     ...)
{
  g_autoptr(GPtrArray) argv = tg_test_cli_argv_new (cli, faketime, NULL);
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  tg_test_spawn ((const char * const *) argv->pdata, cli->dir, result);
}

static char *
json_member (const char *json,
             const char *name)
{
  g_autofree char *pattern = g_strdup_printf ("\"%s\"\\s*:\\s*\"([^\"]*)\"", name);
  char *value = match (pattern, json);

  if (value == NULL)
    g_error ("no %s in: %s", name, json);
  return value;
}

char *
tg_test_server_enroll_cli (TgTestServer *self,
                           TgTestCli    *cli,
                           const char   *faketime,
                           const char   *role,
                           const char   *team)
{
  g_autofree char *code = NULL;
  g_autofree char *out = NULL;
  g_autofree char *name = g_path_get_basename (cli->dir);

  if (!g_file_test (cli->data_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *init = tg_test_cli_run_ok (cli, faketime, "init", "--worker",
                                                  "Sam Testworker", NULL);
    }
  code = tg_test_server_make_code (self, role, team, name);
  out = tg_test_cli_run_ok (cli, faketime, "enroll", self->url, code,
                            "--server-key-sha256", self->pin,
                            "--ca-file", self->ca_file, "--name", name, "--json", NULL);
  return json_member (out, "device_id");
}

void
tg_test_server_set_device_rate (TgTestServer *self,
                                double        per_second)
{
  self->device_rate = per_second;
}

void
tg_test_server_set_idle_lock_max (TgTestServer *self,
                                  guint         seconds)
{
  self->idle_lock_max = seconds;
}

void
tg_test_server_fixture_set_up (TgTestServerFixture *fixture,
                               gconstpointer        data)
{
  fixture->dir = tg_test_make_tmp_dir ("tg-sync-XXXXXX");
  fixture->server = tg_test_server_new (fixture->dir);
  tg_test_server_start (fixture->server, TG_TEST_CERT_GOOD);
}

void
tg_test_server_fixture_tear_down (TgTestServerFixture *fixture,
                                  gconstpointer        data)
{
  tg_test_server_free (fixture->server);
  tg_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}
