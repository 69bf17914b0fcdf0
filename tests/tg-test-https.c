/* tg-test-https.c: see tg-test-https.h. */
#include "config.h"

#include "tg-test-https.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "tg-hlc.h"
#include "tg-test-util.h"
#include "tg-uuid.h"

static TgTestHttps env;
static SoupSession *session;

const TgTestHttps *
tg_test_https (void)
{
  g_assert_nonnull (env.tmp);
  return &env;
}

/* Files and processes */

static void
run_openssl (const char *first,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) tg_test_program ("TG_OPENSSL"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("openssl %s failed: %s", first, err);
}

/* A CA, a certificate for 127.0.0.1 that it signed, and the pin of the
 * certificate's key worked out as docs/server.md tells an administrator. */
static void
make_certificates (void)
{
  g_autofree char *ca_key = g_build_filename (env.tmp, "ca.key", NULL);
  g_autofree char *csr = g_build_filename (env.tmp, "server.csr", NULL);
  g_autofree char *ext = g_build_filename (env.tmp, "server.ext", NULL);
  g_autofree char *pubkey = g_build_filename (env.tmp, "server.pub.pem", NULL);
  g_autofree char *pubkey_der = g_build_filename (env.tmp, "server.pub.der", NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autofree char *der = NULL;
  gsize der_length;
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  env.ca_file = g_build_filename (env.tmp, "ca.crt", NULL);
  env.cert_file = g_build_filename (env.tmp, "server.crt", NULL);
  env.key_file = g_build_filename (env.tmp, "server.key", NULL);

  run_openssl ("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
               "-nodes", "-keyout", ca_key, "-out", env.ca_file, "-days", "2",
               "-subj", "/CN=Throughgate Test CA",
               "-addext", "basicConstraints=critical,CA:TRUE",
               "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL);
  run_openssl ("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
               "-nodes", "-keyout", env.key_file, "-out", csr,
               "-subj", "/CN=127.0.0.1", NULL);
  g_file_set_contents (ext,
                       "subjectAltName = IP:127.0.0.1\n"
                       "basicConstraints = CA:FALSE\n"
                       "keyUsage = critical, digitalSignature\n"
                       "extendedKeyUsage = serverAuth\n", -1, &error);
  g_assert_no_error (error);
  run_openssl ("x509", "-req", "-in", csr, "-CA", env.ca_file, "-CAkey", ca_key,
               "-CAcreateserial", "-out", env.cert_file, "-days", "2",
               "-extfile", ext, NULL);

  run_openssl ("x509", "-in", env.cert_file, "-noout", "-pubkey", "-out", pubkey, NULL);
  run_openssl ("pkey", "-pubin", "-in", pubkey, "-outform", "DER", "-out", pubkey_der, NULL);
  g_file_get_contents (pubkey_der, &der, &der_length, &error);
  g_assert_no_error (error);
  g_checksum_update (checksum, (const guchar *) der, (gssize) der_length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  env.expected_pin = g_base64_encode (digest, digest_length);
}

char *
tg_test_write_store_key (const char *name,
                         gsize       length,
                         int         mode)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (env.tmp, name, NULL);
  g_autofree guint8 *key = g_malloc (length);

  /* A test key; real ones come from the OS's random source. */
  for (gsize i = 0; i < length; i++)
    key[i] = (guint8) g_random_int ();
  g_file_set_contents_full (path, (const char *) key, (gssize) length,
                            G_FILE_SET_CONTENTS_NONE, mode, &error);
  g_assert_no_error (error);
  /* The umask may have taken bits away; the mode is what is tested. */
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

void
tg_test_https_init (void)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (env.tmp);
  env.tmp = tg_test_make_tmp_dir ("tg-server-XXXXXX");
  make_certificates ();
  env.store_key = tg_test_write_store_key ("store.key", 32, 0600);

  database = g_tls_file_database_new (env.ca_file, &error);
  g_assert_no_error (error);
  session = soup_session_new_with_options ("tls-database", database, NULL);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
}

void
tg_test_https_shutdown (void)
{
  g_clear_object (&session);
  tg_test_remove_tree (env.tmp);
  g_clear_pointer (&env.tmp, g_free);
  g_clear_pointer (&env.ca_file, g_free);
  g_clear_pointer (&env.cert_file, g_free);
  g_clear_pointer (&env.key_file, g_free);
  g_clear_pointer (&env.store_key, g_free);
  g_clear_pointer (&env.expected_pin, g_free);
}

static GSubprocessLauncher *
launcher_new (const char *log_path)
{
  GSubprocessLauncher *launcher;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        (log_path == NULL ? G_SUBPROCESS_FLAGS_STDERR_PIPE : 0));
  if (log_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  /* Sync logs (g_info) too, so that a check of the log sees them all. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "throughgate-server", TRUE);
  return launcher;
}

static void
add_args (GPtrArray  *args,
          const char *first,
          va_list     ap)
{
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
}

char *
tg_test_https_admin (TgTestHttpsServer *server,
                     const char        *first,
                     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;

  g_ptr_array_add (args, (gpointer) tg_test_program ("TG_SERVER"));
  g_ptr_array_add (args, "--data-dir");
  g_ptr_array_add (args, server->data_dir);
  g_ptr_array_add (args, "--store-key-file");
  g_ptr_array_add (args, server->store_key);
  va_start (ap, first);
  add_args (args, first, ap);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("throughgate-server %s failed: %s", first, err);
  return out;
}

TgTestHttpsServer *
tg_test_https_server_start (const char *name,
                            const char *store_key,
                            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  TgTestHttpsServer *server = g_new0 (TgTestHttpsServer, 1);
  g_autofree char *log_name = g_strconcat (name, ".log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  server->store_key = g_strdup (store_key);
  server->data_dir = g_build_filename (env.tmp, name, NULL);
  server->log_path = g_build_filename (env.tmp, log_name, NULL);
  launcher = launcher_new (server->log_path);

  g_ptr_array_add (args, (gpointer) tg_test_program ("TG_SERVER"));
  g_ptr_array_add (args, "--data-dir");
  g_ptr_array_add (args, server->data_dir);
  g_ptr_array_add (args, "--store-key-file");
  g_ptr_array_add (args, server->store_key);
  g_ptr_array_add (args, "serve");
  g_ptr_array_add (args, "--listen");
  g_ptr_array_add (args, "127.0.0.1:0");
  g_ptr_array_add (args, "--tls-cert");
  g_ptr_array_add (args, env.cert_file);
  g_ptr_array_add (args, "--tls-key");
  g_ptr_array_add (args, env.key_file);
  va_start (ap, store_key);
  add_args (args, va_arg (ap, const char *), ap);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata,
                                                  &error);
  g_assert_no_error (error);

  /* The server prints its pin, then where it listens, once it does. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  while (server->port == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      g_autofree char *log = NULL;

      g_assert_no_error (error);
      if (line == NULL)
        {
          g_file_get_contents (server->log_path, &log, NULL, NULL);
          g_error ("the server stopped before listening: %s", log);
        }
      if (g_str_has_prefix (line, "pin sha256//"))
        server->pin = g_strdup (line + strlen ("pin sha256//"));
      else if (g_str_has_prefix (line, "listening on https://127.0.0.1:"))
        server->port = (guint) g_ascii_strtoull (strrchr (line, ':') + 1, NULL, 10);
    }
  g_assert_nonnull (server->pin);
  server->base_url = g_strdup_printf ("https://127.0.0.1:%u", server->port);
  return server;
}

void
tg_test_https_server_stop (TgTestHttpsServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  /* A clean stop, not a crash, after everything the tests threw at it. */
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
}

void
tg_test_https_server_free (TgTestHttpsServer *server)
{
  g_clear_object (&server->process);
  g_free (server->store_key);
  g_free (server->data_dir);
  g_free (server->log_path);
  g_free (server->base_url);
  g_free (server->pin);
  g_free (server);
}

/* HTTP */

void
tg_test_response_free (TgTestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response->retry_after);
  g_free (response);
}

static SoupMessage *
new_message (TgTestHttpsServer *server,
             const char        *method,
             const char        *path,
             const char        *token,
             GBytes            *body,
             const char        *content_encoding,
             gboolean           chunked)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Accept-Encoding", "gzip");
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (content_encoding != NULL)
    soup_message_headers_replace (headers, "Content-Encoding", content_encoding);
  if (body != NULL && chunked)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

      soup_message_set_request_body (msg, "application/json", stream, -1);
    }
  else if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

static TgTestResponse *
read_response (SoupMessage *msg,
               GBytes      *raw)
{
  g_autoptr(GError) error = NULL;
  TgTestResponse *response = g_new0 (TgTestResponse, 1);
  SoupMessageHeaders *reply_headers;
  const char *encoding;

  response->status = soup_message_get_status (msg);
  reply_headers = soup_message_get_response_headers (msg);
  response->retry_after = g_strdup (soup_message_headers_get_one (reply_headers, "Retry-After"));
  encoding = soup_message_headers_get_one (reply_headers, "Content-Encoding");
  response->gzipped = g_strcmp0 (encoding, "gzip") == 0;
  if (response->gzipped)
    {
      response->body = tg_wire_gunzip (raw, TG_WIRE_MAX_UNPACKED, &error);
      g_assert_no_error (error);
    }
  else
    response->body = g_bytes_ref (raw);
  /* Every answer is JSON, errors included. */
  g_assert_cmpstr (soup_message_headers_get_content_type (reply_headers, NULL), ==,
                   "application/json");
  return response;
}

TgTestResponse *
tg_test_https_request (TgTestHttpsServer *server,
                       const char        *method,
                       const char        *path,
                       const char        *token,
                       GBytes            *body,
                       const char        *content_encoding,
                       gboolean           chunked)
{
  g_autoptr(SoupMessage) msg = new_message (server, method, path, token, body,
                                            content_encoding, chunked);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) raw = soup_session_send_and_read (session, msg, NULL, &error);

  g_assert_no_error (error);
  return read_response (msg, raw);
}

/* One request of tg_test_https_post_syncs_at_once(). */
typedef struct {
  SoupMessage     *msg;
  TgTestResponse **slot;
  guint           *pending;
} Sending;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sending *sending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) raw = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  *sending->slot = read_response (sending->msg, raw);
  (*sending->pending)--;
  g_object_unref (sending->msg);
  g_free (sending);
}

GPtrArray *
tg_test_https_post_syncs_at_once (TgTestHttpsServer  *server,
                                  const char *const  *tokens,
                                  GBytes *const      *jsons,
                                  guint               n)
{
  /* A session of its own, with a connection per request: the shared one
   * keeps two per host, which would send them two at a time. */
  g_autoptr(SoupSession) burst = soup_session_new_with_options ("tls-database",
                                                                soup_session_get_tls_database (session),
                                                                "max-conns", (int) n + 1,
                                                                "max-conns-per-host", (int) n + 1,
                                                                NULL);
  GPtrArray *responses = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_test_response_free);
  guint pending = n;

  soup_session_remove_feature_by_type (burst, SOUP_TYPE_CONTENT_DECODER);
  g_ptr_array_set_size (responses, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) packed = tg_wire_gzip (jsons[i]);
      Sending *sending = g_new0 (Sending, 1);

      sending->msg = new_message (server, "POST", "/v1/sync", tokens[i], packed, "gzip", FALSE);
      sending->slot = (TgTestResponse **) &responses->pdata[i];
      sending->pending = &pending;
      soup_session_send_and_read_async (burst, sending->msg, G_PRIORITY_DEFAULT, NULL,
                                        sent_cb, sending);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  return responses;
}

TgTestResponse *
tg_test_https_post_sync (TgTestHttpsServer *server,
                         const char        *token,
                         GBytes            *json)
{
  g_autoptr(GBytes) packed = tg_wire_gzip (json);

  return tg_test_https_request (server, "POST", "/v1/sync", token, packed, "gzip", FALSE);
}

TgTestResponse *
tg_test_https_post_enroll (TgTestHttpsServer *server,
                           const char        *code,
                           gint64             node)
{
  TgEnrollRequest request = { (char *) code, (char *) "Tablet 7", node };
  g_autoptr(GBytes) json = tg_wire_encode_enroll_request (&request);

  return tg_test_https_request (server, "POST", "/v1/enroll", NULL, json, NULL, FALSE);
}

JsonObject *
tg_test_json_object (GBytes *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (json, &length);

  json_parser_load_from_data (parser, data, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

GBytes *
tg_test_bytes_printf (const char *format,
                      ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return g_bytes_new_take (text, strlen (text));
}

void
tg_test_assert_wire_error (TgTestResponse *response,
                           guint           status,
                           const char     *code)
{
  g_autoptr(JsonObject) object = tg_test_json_object (response->body);
  JsonObject *detail;
  gint64 server_time;

  g_assert_cmpuint (response->status, ==, status);
  g_assert_true (json_object_has_member (object, "error"));
  detail = json_object_get_object_member (object, "error");
  g_assert_cmpstr (json_object_get_string_member (detail, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (detail, "message"));
  server_time = json_object_get_int_member (object, "server_time");
  g_assert_cmpint (ABS (server_time - g_get_real_time () / 1000), <, TG_TEST_HOUR_MS);
}

void
tg_test_assert_serving (TgTestHttpsServer *server)
{
  g_autoptr(TgTestResponse) response = NULL;

  response = tg_test_https_request (server, "GET", "/v1/health", NULL, NULL, NULL, FALSE);
  g_assert_cmpuint (response->status, ==, 200);
}

/* Devices */

void
tg_test_device_free (TgTestDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->device_id);
  g_free (device->token);
  g_free (device->role);
  g_free (device->team);
  g_free (device);
}

char *
tg_test_new_team (void)
{
  g_autofree char *id = tg_uuid_new ();

  return g_strdup_printf ("Team %.8s", id);
}

char *
tg_test_https_make_code (TgTestHttpsServer *server,
                         const char        *role,
                         const char        *team)
{
  g_autofree char *out = tg_test_https_admin (server, "enroll-code", "--role", role,
                                              "--team", team, "--name", "Test Worker",
                                              "--json", NULL);
  g_autoptr(GBytes) json = g_bytes_new_static (out, strlen (out));
  g_autoptr(JsonObject) object = tg_test_json_object (json);

  return g_strdup (json_object_get_string_member (object, "code"));
}

TgTestDevice *
tg_test_https_enroll (TgTestHttpsServer *server,
                      const char        *role,
                      const char        *team)
{
  g_autofree char *code = tg_test_https_make_code (server, role, team);
  g_autoptr(GError) error = NULL;
  g_autoptr(TgTestResponse) response = NULL;
  g_autoptr(TgEnrollReply) reply = NULL;
  TgTestDevice *device = g_new0 (TgTestDevice, 1);

  device->server = server;
  device->node = tg_node_id_new (&error);
  g_assert_no_error (error);
  response = tg_test_https_post_enroll (server, code, device->node);
  g_assert_cmpuint (response->status, ==, 200);
  reply = tg_wire_decode_enroll_reply (response->body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply->role, ==, role);
  g_assert_cmpstr (reply->team, ==, team);
  g_assert_cmpstr (reply->name, ==, "Test Worker");
  g_assert_true (tg_uuid_is_valid (reply->device_id));
  /* 32 random bytes in base64url, no padding. */
  g_assert_cmpuint (strlen (reply->token), ==, 43);
  device->device_id = g_strdup (reply->device_id);
  device->token = g_strdup (reply->token);
  device->role = g_strdup (role);
  device->team = g_strdup (team);
  return device;
}

TgChange *
tg_test_change_at (TgTestDevice *device,
                   gint64        offset_ms,
                   const char   *entity_name,
                   const char   *record_id,
                   const char   *field_name,
                   const char   *value)
{
  const TgEntityDef *entity = tg_schema_lookup_entity (entity_name);
  const TgFieldDef *field = tg_schema_lookup_field (entity, field_name);
  TgVersion version;

  g_assert_nonnull (field);
  version.hlc = tg_hlc_pack ((guint64) (g_get_real_time () / 1000 + offset_ms), ++device->counter);
  version.node_id = device->node;
  return tg_change_new (field, record_id, value, &version);
}

TgChange *
tg_test_change (TgTestDevice *device,
                const char   *entity,
                const char   *record_id,
                const char   *field,
                const char   *value)
{
  return tg_test_change_at (device, 0, entity, record_id, field, value);
}

/* Syncs */

GBytes *
tg_test_sync_json (TgTestDevice *device,
                   GPtrArray    *changes,
                   guint         pull_limit)
{
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();

  request->batch = tg_uuid_new ();
  request->cursor = device->cursor;
  request->device_time = g_get_real_time () / 1000;
  request->pull_limit = pull_limit;
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    g_ptr_array_add (request->changes, tg_change_copy (changes->pdata[i]));
  return tg_wire_encode_sync_request (request);
}

TgSyncReply *
tg_test_sync_full (TgTestDevice    *device,
                   GPtrArray       *changes,
                   guint            pull_limit,
                   TgTestResponse **out_response)
{
  g_autoptr(GBytes) json = tg_test_sync_json (device, changes, pull_limit);
  g_autoptr(TgTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  TgSyncReply *reply = NULL;

  response = tg_test_https_post_sync (device->server, device->token, json);
  /* The request asked for gzip, so every answer comes gzipped. */
  g_assert_true (response->gzipped);
  if (response->status == 200)
    {
      reply = tg_wire_decode_sync_reply (response->body, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ABS (reply->server_time - g_get_real_time () / 1000), <, TG_TEST_HOUR_MS);
      device->cursor = reply->cursor;
    }
  if (out_response != NULL)
    *out_response = g_steal_pointer (&response);
  return reply;
}

TgSyncReply *
tg_test_sync_ok (TgTestDevice *device,
                 GPtrArray    *changes)
{
  g_autoptr(TgTestResponse) response = NULL;
  TgSyncReply *reply = tg_test_sync_full (device, changes, 2000, &response);

  if (reply == NULL)
    g_error ("sync failed: HTTP %u %.*s", response->status,
             (int) g_bytes_get_size (response->body),
             (const char *) g_bytes_get_data (response->body, NULL));
  return reply;
}

void
tg_test_sync_done (TgTestDevice *device,
                   GPtrArray    *changes)
{
  tg_sync_reply_free (tg_test_sync_ok (device, changes));
}

GPtrArray *
tg_test_sync_all (TgTestDevice  *device,
                  guint          pull_limit,
                  GPtrArray    **purged,
                  guint         *rounds)
{
  GPtrArray *pulled = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  gboolean more = TRUE;
  guint n = 0;

  if (purged != NULL)
    *purged = g_ptr_array_new_with_free_func (g_free);
  while (more)
    {
      g_autoptr(TgTestResponse) response = NULL;
      g_autoptr(TgSyncReply) reply = tg_test_sync_full (device, NULL, pull_limit, &response);

      g_assert_nonnull (reply);
      g_assert_cmpuint (reply->changes->len, <=, pull_limit);
      for (guint i = 0; i < reply->changes->len; i++)
        g_ptr_array_add (pulled, tg_change_copy (reply->changes->pdata[i]));
      for (guint i = 0; purged != NULL && i < reply->purge->len; i++)
        g_ptr_array_add (*purged, g_strdup (reply->purge->pdata[i]));
      more = reply->more;
      g_assert_cmpuint (++n, <, 1000);
    }
  if (rounds != NULL)
    *rounds = n;
  return pulled;
}

const TgChange *
tg_test_find_change (GPtrArray  *changes,
                     const char *record_id,
                     const char *field)
{
  for (guint i = 0; i < changes->len; i++)
    {
      const TgChange *one = changes->pdata[i];

      if (g_str_equal (one->record_id, record_id) && g_str_equal (one->field->name, field))
        return one;
    }
  return NULL;
}

guint
tg_test_count_record (GPtrArray  *changes,
                      const char *record_id)
{
  guint n = 0;

  for (guint i = 0; i < changes->len; i++)
    n += g_str_equal (((TgChange *) changes->pdata[i])->record_id, record_id);
  return n;
}

char *
tg_test_date_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}
