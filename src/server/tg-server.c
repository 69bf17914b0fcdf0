/* tg-server.c: the HTTP side of throughgate-server.
 *
 * Every request passes two handlers on "/": the early one runs when the
 * headers are in, refuses a declared body over the limit, and collects the
 * body itself with a bound (libsoup would otherwise keep all of it); the
 * normal one runs once the body is in and dispatches by path. Every answer
 * is JSON, errors included (tg_wire_encode_error()), and carries the
 * server's time. Nothing a client sends can stop the server: bad input is
 * a 4xx and the next request is served as usual.
 *
 * The database work of an enrolment or a sync runs on one worker thread,
 * in the order the requests came in: every such request writes (SQLite
 * has one writer at a time), so more threads would only wait on its lock.
 * The worker takes every job already queued as one group: one
 * transaction, a savepoint per job (a refused batch undoes only its own
 * writes), one commit and one sync of the disk for all. No job is
 * answered before that commit: a push is acknowledged only once it is
 * durable, and if the commit fails every job of the group gets an error.
 * The message is paused meanwhile and the answer is built there, ready to
 * send; the main loop only sets it and unpauses the message, so TLS and
 * HTTP for the other devices go on while a sync is in the database. A
 * sync's reply is encoded and gzip'ed on a second pool, beside the
 * database thread's next sync: it needs no database. The
 * store and the device rate limiter are only touched on the worker once
 * the server listens.
 *
 * Logs name devices, counts and error codes, never what a change holds:
 * wire error messages may quote a value, so only their code is logged.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tg-rate-limiter.h"
#include "tg-server.h"
#include "tg-server-private.h"

#define BODY_KEY "tg-request-body"

/* Past this much of an undeclared (chunked) body the connection is cut:
 * reading on would only spend bandwidth on something already refused. */
#define BODY_CUT (2 * TG_WIRE_MAX_BODY)

/* At most this many jobs share a commit: a group's jobs are all answered
 * when its last one is done, so a bound keeps the first ones from waiting
 * on a whole burst, while 64 already spreads a commit thin. */
#define GROUP_MAX 64

/* Queued after the last job: the worker ends. */
static int worker_stop;
#define WORKER_STOP ((gpointer) &worker_stop)

struct _TgServer
{
  GObject          parent_instance;

  TgStore         *store;
  GTlsCertificate *certificate;
  SoupServer      *soup;
  char            *pin;              /* "sha256//…" */
  guint            idle_lock_max_seconds;  /* the policy; 0: none */

  TgRateLimiter   *device_limiter;   /* by device id: every sync; worker only */
  TgRateLimiter   *enroll_limiter;   /* by peer address: failed enrolments; main only */

  GAsyncQueue     *jobs;             /* Jobs for the worker, in arrival order */
  GThread         *worker;           /* every Job's database work, in groups */
  GThreadPool     *encoder;          /* encodes and packs sync replies */
  GMainContext    *context;          /* where the server runs and Jobs end */
};

G_DEFINE_FINAL_TYPE (TgServer, tg_server, G_TYPE_OBJECT)

/* The body of one request as it arrives, bounded. */
typedef struct {
  GByteArray *data;
  gsize       received;
  gboolean    too_large;
} RequestBody;

/* An answer, built on either thread, set on the message on the main one. */
typedef struct {
  guint    status;
  GBytes  *body;           /* gzip'ed when `gzip` */
  gboolean gzip;
  guint    retry_after;    /* > 0: a Retry-After header */
  gboolean bearer;         /* a WWW-Authenticate: Bearer header */
} Answer;

typedef enum {
  JOB_ENROLL,
  JOB_SYNC,
} JobKind;

/* One request's database work. Made on the main thread, run on the
 * worker, ended (and freed) on the main thread again. */
typedef struct {
  TgServer          *server;     /* a reference: kept alive until the answer */
  SoupServerMessage *msg;        /* a reference; touched on the main thread only */
  gulong             finished_id;
  gboolean           finished;   /* the connection went before the answer */

  JobKind            kind;
  char              *peer;
  char              *token;      /* JOB_SYNC: the bearer token, or NULL */
  GBytes            *body;       /* as received; NULL when too large */
  char              *encoding;   /* its Content-Encoding, or NULL */
  gboolean           gzip;       /* the client accepts a gzip'ed answer */

  TgSyncReply       *reply;      /* from the worker, for the encoder */
  Answer             answer;     /* set by the worker or the encoder */
  gboolean           failed_enrolment; /* spends the peer's allowance */
} Job;

static void
request_body_free (gpointer data)
{
  RequestBody *body = data;

  g_clear_pointer (&body->data, g_byte_array_unref);
  g_free (body);
}

static void
tg_server_dispose (GObject *object)
{
  TgServer *self = (TgServer *) object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->certificate);
  g_clear_object (&self->store);
  g_clear_object (&self->device_limiter);
  g_clear_object (&self->enroll_limiter);

  G_OBJECT_CLASS (tg_server_parent_class)->dispose (object);
}

static void
tg_server_finalize (GObject *object)
{
  TgServer *self = (TgServer *) object;

  /* Every Job holds a reference, so none is left by now. */
  if (self->worker != NULL)
    {
      g_async_queue_push (self->jobs, WORKER_STOP);
      g_thread_join (self->worker);
    }
  g_clear_pointer (&self->jobs, g_async_queue_unref);
  if (self->encoder != NULL)
    g_thread_pool_free (self->encoder, FALSE, TRUE);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->pin);

  G_OBJECT_CLASS (tg_server_parent_class)->finalize (object);
}

static void
tg_server_class_init (TgServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tg_server_dispose;
  object_class->finalize = tg_server_finalize;
}

static void
tg_server_init (TgServer *self)
{
  tg_server_set_limits (self, TG_SERVER_DEVICE_RATE, TG_SERVER_DEVICE_BURST,
                        TG_SERVER_ENROLL_PER_MINUTE);
}

void
tg_server_set_limits (TgServer *self,
                      double    device_rate,
                      double    device_burst,
                      double    enroll_per_minute)
{
  g_return_if_fail (TG_IS_SERVER (self));

  g_clear_object (&self->device_limiter);
  g_clear_object (&self->enroll_limiter);
  self->device_limiter = tg_rate_limiter_new (device_rate, device_burst);
  self->enroll_limiter = tg_rate_limiter_new (enroll_per_minute / 60.0, enroll_per_minute);
}

/* Responses */

static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                     "Accept-Encoding");
  GSList *accepted;
  gboolean gzip = FALSE;

  if (value == NULL)
    return FALSE;
  accepted = soup_header_parse_quality_list (value, NULL);
  for (GSList *l = accepted; l != NULL; l = l->next)
    gzip = gzip || g_ascii_strcasecmp (l->data, "gzip") == 0;
  soup_header_free_list (accepted);
  return gzip;
}

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_bytes_unref);
}

/* Fills @answer with @json, packed when the client takes gzip. Runs on
 * either thread: the packing is the costly part of a large pull. */
static void
answer_json (Answer  *answer,
             gboolean gzip,
             guint    status,
             GBytes  *json)
{
  answer_clear (answer);
  answer->status = status;
  answer->gzip = gzip;
  answer->body = gzip ? tg_wire_gzip (json) : g_bytes_ref (json);
}

static void
answer_error (Answer       *answer,
              gboolean      gzip,
              const GError *error)
{
  TgWireError code = TG_WIRE_ERROR_SERVER;
  g_autoptr(GBytes) json = NULL;

  if (error->domain == TG_WIRE_ERROR)
    code = (TgWireError) error->code;
  json = tg_wire_encode_error (code, error->message, _tg_server_now_ms ());
  answer->bearer = code == TG_WIRE_ERROR_UNAUTHORIZED;
  answer_json (answer, gzip, tg_wire_error_status (code), json);
}

static void
answer_rate_limited (Answer  *answer,
                     gboolean gzip,
                     guint    retry_after)
{
  g_autoptr(GError) error = NULL;

  g_set_error (&error, TG_WIRE_ERROR, TG_WIRE_ERROR_RATE_LIMITED,
               "rate: too many requests; retry in %u s", retry_after);
  answer_error (answer, gzip, error);
  answer->retry_after = retry_after;
}

/* Main thread only. */
static void
send_answer (SoupServerMessage *msg,
             const Answer      *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (answer->gzip)
    soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  if (answer->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", answer->retry_after);

      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  if (answer->bearer)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");
  soup_message_headers_replace (headers, "Vary", "Accept-Encoding");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_server_message_set_status (msg, answer->status, NULL);
  soup_message_body_truncate (body);
  soup_message_body_append_bytes (body, answer->body);
}

static void
send_json (SoupServerMessage *msg,
           guint              status,
           GBytes            *json)
{
  Answer answer = { 0, };

  answer_json (&answer, accepts_gzip (msg), status, json);
  send_answer (msg, &answer);
  answer_clear (&answer);
}

static void
send_error (SoupServerMessage *msg,
            const GError      *error)
{
  Answer answer = { 0, };

  answer_error (&answer, accepts_gzip (msg), error);
  send_answer (msg, &answer);
  answer_clear (&answer);
}

static void
send_rate_limited (SoupServerMessage *msg,
                   guint              retry_after)
{
  Answer answer = { 0, };

  answer_rate_limited (&answer, accepts_gzip (msg), retry_after);
  send_answer (msg, &answer);
  answer_clear (&answer);
}

/* Logs a refusal by its code, and an internal failure with its detail
 * (which holds no values: all SQL takes them as bound parameters). */
static void
log_failure (const char *what,
             const char *who,
             GError    **error)
{
  g_autofree char *detail = NULL;

  _tg_server_error_to_wire (error, &detail);
  if (detail != NULL)
    g_message ("%s from %s failed: %s", what, who, detail);
  else
    g_message ("%s from %s refused: %s", what, who,
               tg_wire_error_name ((TgWireError) (*error)->code));
}

/* Request bodies */

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  RequestBody *body = user_data;
  gsize size = g_bytes_get_size (chunk);

  body->received += size;
  if (body->received > TG_WIRE_MAX_BODY)
    {
      if (!body->too_large)
        g_byte_array_set_size (body->data, 0);
      body->too_large = TRUE;
      if (body->received > BODY_CUT && soup_server_message_get_socket (msg) != NULL)
        g_socket_shutdown (soup_server_message_get_socket (msg), TRUE, TRUE, NULL);
      return;
    }
  g_byte_array_append (body->data, g_bytes_get_data (chunk, NULL), (guint) size);
}

static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  RequestBody *body = g_new0 (RequestBody, 1);

  body->data = g_byte_array_new ();
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_object_set_data_full (G_OBJECT (msg), BODY_KEY, body, request_body_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), body);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > TG_WIRE_MAX_BODY)
    {
      g_autoptr(GError) error = NULL;

      /* Answered now; libsoup still reads the declared body, which the
       * bound on collecting keeps out of memory. */
      body->too_large = TRUE;
      g_set_error (&error, TG_WIRE_ERROR, TG_WIRE_ERROR_PAYLOAD_TOO_LARGE,
                   "body: %" G_GOFFSET_FORMAT " bytes is more than the limit of %d",
                   soup_message_headers_get_content_length (headers), TG_WIRE_MAX_BODY);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      send_error (msg, error);
    }
}

/* The body as received, or NULL when it was over the limit. */
static GBytes *
take_raw_body (SoupServerMessage *msg)
{
  RequestBody *body = g_object_get_data (G_OBJECT (msg), BODY_KEY);
  GBytes *bytes;

  if (body == NULL || body->too_large)
    return NULL;
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&body->data));
  body->data = g_byte_array_new ();
  return bytes;
}

/* The body, unpacked when it says it is gzip. Runs on the worker. */
static GBytes *
unpack_body (GBytes      *raw,
             const char  *encoding,
             GError     **error)
{
  if (raw == NULL)
    {
      g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_PAYLOAD_TOO_LARGE,
                   "body: more than the limit of %d bytes", TG_WIRE_MAX_BODY);
      return NULL;
    }
  if (encoding == NULL || g_ascii_strcasecmp (encoding, "identity") == 0)
    return g_bytes_ref (raw);
  if (g_ascii_strcasecmp (encoding, "gzip") == 0)
    return tg_wire_gunzip (raw, TG_WIRE_MAX_UNPACKED, error);
  g_set_error_literal (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST,
                       "Content-Encoding: only gzip is accepted");
  return NULL;
}

static gboolean
check_method (SoupServerMessage *msg,
              const char        *method)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), method) == 0)
    return TRUE;
  g_set_error (&error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST,
               "method: this endpoint takes %s", method);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", method);
  send_error (msg, error);
  return FALSE;
}

/* Endpoints */

static void
handle_health (TgServer          *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;
  g_autoptr(GBytes) json = NULL;

  if (!check_method (msg, SOUP_METHOD_GET))
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, TG_WIRE_PROTOCOL);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_int_value (builder, _tg_server_now_ms ());
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  json = g_bytes_new_take (text, length);
  send_json (msg, SOUP_STATUS_OK, json);
}

/* Jobs: the worker's side */

static void
run_enroll (TgServer *self,
            Job      *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TgEnrollRequest) request = NULL;
  g_autoptr(TgEnrollReply) reply = NULL;
  g_autoptr(GBytes) json = NULL;

  body = unpack_body (job->body, job->encoding, &error);
  if (body != NULL)
    request = tg_wire_decode_enroll_request (body, &error);
  if (request != NULL)
    reply = _tg_server_devices_enroll (self->store, request, &error);
  if (reply == NULL)
    {
      log_failure ("Enrolment", job->peer, &error);
      job->failed_enrolment = error->code != TG_WIRE_ERROR_SERVER;
      answer_error (&job->answer, job->gzip, error);
      return;
    }

  g_message ("Enrolled device %s as %s from %s", reply->device_id, reply->role, job->peer);
  json = tg_wire_encode_enroll_reply (reply);
  answer_json (&job->answer, job->gzip, SOUP_STATUS_OK, json);
}

static void
run_sync (TgServer *self,
          Job      *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgServerDevice) device = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TgSyncRequest) request = NULL;
  g_autoptr(TgSyncReply) reply = NULL;
  g_autoptr(GBytes) json = NULL;
  guint retry_after = 0;

  device = _tg_server_devices_authenticate (self->store, job->token, &error);
  if (device == NULL)
    {
      log_failure ("Sync", job->peer, &error);
      answer_error (&job->answer, job->gzip, error);
      return;
    }
  if (!tg_rate_limiter_take (self->device_limiter, device->device_id, &retry_after))
    {
      g_message ("Sync from device %s refused: rate_limited", device->device_id);
      answer_rate_limited (&job->answer, job->gzip, retry_after);
      return;
    }

  body = unpack_body (job->body, job->encoding, &error);
  if (body != NULL)
    request = tg_wire_decode_sync_request (body, &error);
  if (request != NULL)
    reply = _tg_server_sync_run (self->store, device, request, _tg_server_now_ms (), &error);
  if (reply == NULL)
    {
      g_autofree char *who = g_strdup_printf ("device %s", device->device_id);

      log_failure ("Sync", who, &error);
      answer_error (&job->answer, job->gzip, error);
      return;
    }

  /* Set before the server starts, read only after: no lock needed. */
  reply->idle_lock_max_seconds = self->idle_lock_max_seconds;
  job->reply = g_steal_pointer (&reply);
}

/* Jobs: the main thread's side */

static void
job_free (Job *job)
{
  g_clear_signal_handler (&job->finished_id, job->msg);
  g_clear_object (&job->msg);
  g_clear_object (&job->server);
  g_free (job->peer);
  g_free (job->token);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->encoding);
  g_clear_pointer (&job->reply, tg_sync_reply_free);
  answer_clear (&job->answer);
  g_free (job);
}

static void
message_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  Job *job = user_data;

  job->finished = TRUE;
}

static gboolean
job_done_cb (gpointer user_data)
{
  Job *job = user_data;
  guint retry_after = 0;

  if (job->failed_enrolment)
    tg_rate_limiter_take (job->server->enroll_limiter, job->peer, &retry_after);
  /* A client that hung up has no one to answer. */
  if (!job->finished)
    {
      send_answer (job->msg, &job->answer);
      soup_server_message_unpause (job->msg);
    }
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
job_answered (Job *job)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, job_done_cb, job, NULL);
  g_source_set_static_name (source, "[throughgate-server] answer");
  g_source_attach (source, job->server->context);
}

static void
encode_job_cb (gpointer data,
               gpointer user_data)
{
  Job *job = data;
  g_autoptr(GBytes) json = tg_wire_encode_sync_reply (job->reply);

  answer_json (&job->answer, job->gzip, SOUP_STATUS_OK, json);
  g_clear_pointer (&job->reply, tg_sync_reply_free);
  job_answered (job);
}

/* The commit of @group failed: none of its work is stored, so every job
 * is answered with an error, successes included. */
static void
group_failed (GPtrArray *group,
              GError   **error)
{
  g_autofree char *detail = NULL;

  _tg_server_error_to_wire (error, &detail);
  g_message ("Commit of %u jobs failed: %s", group->len,
             detail != NULL ? detail : tg_wire_error_name ((TgWireError) (*error)->code));
  for (guint i = 0; i < group->len; i++)
    {
      Job *job = group->pdata[i];

      g_clear_pointer (&job->reply, tg_sync_reply_free);
      job->failed_enrolment = FALSE;
      answer_error (&job->answer, job->gzip, *error);
    }
}

static void
run_group (TgServer  *self,
           GPtrArray *group)
{
  g_autoptr(GError) error = NULL;
  gboolean grouped = _tg_store_begin_group (self->store, &error);

  /* Without the shared transaction each job still runs in its own. */
  if (!grouped)
    g_message ("Could not group %u jobs; each commits alone: %s", group->len, error->message);
  for (guint i = 0; i < group->len; i++)
    {
      Job *job = group->pdata[i];

      if (job->kind == JOB_ENROLL)
        run_enroll (self, job);
      else
        run_sync (self, job);
    }
  g_clear_error (&error);
  if (grouped && !_tg_store_end_group (self->store, &error))
    group_failed (group, &error);

  for (guint i = 0; i < group->len; i++)
    {
      Job *job = group->pdata[i];

      if (job->reply != NULL)
        g_thread_pool_push (self->encoder, job, NULL);
      else
        job_answered (job);
    }
}

static gpointer
worker_thread (gpointer data)
{
  TgServer *self = data;
  gboolean stop = FALSE;

  while (!stop)
    {
      g_autoptr(GPtrArray) group = g_ptr_array_new ();
      gpointer job = g_async_queue_pop (self->jobs);

      while (job != NULL)
        {
          if (job == WORKER_STOP)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (group, job);
          job = group->len < GROUP_MAX ? g_async_queue_try_pop (self->jobs) : NULL;
        }
      if (group->len > 0)
        run_group (self, group);
    }
  return NULL;
}

/* Pauses @msg and hands its database work to the worker. */
static void
queue_job (TgServer          *self,
           SoupServerMessage *msg,
           JobKind            kind,
           const char        *peer,
           const char        *token)
{
  Job *job = g_new0 (Job, 1);

  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->kind = kind;
  job->peer = g_strdup (peer);
  job->token = g_strdup (token);
  job->body = take_raw_body (msg);
  job->encoding = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                          "Content-Encoding"));
  job->gzip = accepts_gzip (msg);
  job->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (message_finished_cb), job);

  soup_server_message_pause (msg);
  g_async_queue_push (self->jobs, job);
}

static void
handle_enroll (TgServer          *self,
               SoupServerMessage *msg)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  guint retry_after = 0;

  if (peer == NULL)
    peer = "unknown";
  if (!check_method (msg, SOUP_METHOD_POST))
    return;

  /* Only failures spend the address's allowance: an office enrolling a
   * dozen tablets from behind one address is not an attack; guessing
   * codes is, and every guess fails. */
  if (!tg_rate_limiter_check (self->enroll_limiter, peer, &retry_after))
    {
      g_message ("Enrolment from %s refused: rate_limited", peer);
      send_rate_limited (msg, retry_after);
      return;
    }
  queue_job (self, msg, JOB_ENROLL, peer, NULL);
}

/* The token of "Authorization: Bearer <token>", or NULL. */
static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return *value != '\0' ? value : NULL;
}

static void
handle_sync (TgServer          *self,
             SoupServerMessage *msg)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  const char *token;
  g_autoptr(GError) error = NULL;

  if (peer == NULL)
    peer = "unknown";
  if (!check_method (msg, SOUP_METHOD_POST))
    return;

  token = bearer_token (msg);
  if (token == NULL)
    {
      g_set_error_literal (&error, TG_WIRE_ERROR, TG_WIRE_ERROR_UNAUTHORIZED,
                           "token: this endpoint needs Authorization: Bearer <token>");
      log_failure ("Sync", peer, &error);
      send_error (msg, error);
      return;
    }
  queue_job (self, msg, JOB_SYNC, peer, token);
}

static void
request_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  TgServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (path, "/v1/health") == 0)
    handle_health (self, msg);
  else if (g_strcmp0 (path, "/v1/enroll") == 0)
    handle_enroll (self, msg);
  else if (g_strcmp0 (path, "/v1/sync") == 0)
    handle_sync (self, msg);
  else
    {
      g_set_error_literal (&error, TG_WIRE_ERROR, TG_WIRE_ERROR_NOT_FOUND,
                           "path: no such endpoint");
      send_error (msg, error);
    }
}

/* Lifecycle */

TgServer *
tg_server_new (TgStore          *store,
               GTlsCertificate  *certificate,
               GError          **error)
{
  g_autoptr(TgServer) self = NULL;
  g_autofree char *pin = NULL;

  g_return_val_if_fail (TG_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  if (!_tg_server_db_init (store, error))
    return NULL;
  pin = _tg_server_key_pin (certificate, error);
  if (pin == NULL)
    return NULL;

  self = g_object_new (TG_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  self->certificate = g_object_ref (certificate);
  self->pin = g_strconcat ("sha256//", pin, NULL);
  self->context = g_main_context_ref_thread_default ();
  self->jobs = g_async_queue_new ();
  self->worker = g_thread_try_new ("tg-server-db", worker_thread, self, error);
  if (self->worker == NULL)
    return NULL;
  /* Two: one beside the database thread on a two-core server, and a
   * second while a large reply is packed. */
  self->encoder = g_thread_pool_new (encode_job_cb, NULL, 2, FALSE, error);
  if (self->encoder == NULL)
    return NULL;
  self->soup = soup_server_new ("tls-certificate", certificate,
                                "server-header", "throughgate-server",
                                NULL);
  soup_server_add_early_handler (self->soup, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, request_cb, self, NULL);
  return g_steal_pointer (&self);
}

void
tg_server_set_policy (TgServer *self,
                      guint     idle_lock_max_seconds)
{
  g_return_if_fail (TG_IS_SERVER (self));
  g_return_if_fail (idle_lock_max_seconds <= TG_WIRE_MAX_IDLE_LOCK_SECONDS);

  self->idle_lock_max_seconds = idle_lock_max_seconds;
}

gboolean
tg_server_listen (TgServer    *self,
                  const char  *host,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (TG_IS_SERVER (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();
      GList *found = g_resolver_lookup_by_name (resolver, host, NULL, error);

      if (found == NULL)
        return FALSE;
      address = g_object_ref (found->data);
      g_resolver_free_addresses (found);
    }
  socket_address = g_inet_socket_address_new (address, (guint16) port);
  return soup_server_listen (self->soup, socket_address, SOUP_SERVER_LISTEN_HTTPS, error);
}

guint
tg_server_get_port (TgServer *self)
{
  GSList *listeners;
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (TG_IS_SERVER (self), 0);

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    local = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (local == NULL || !G_IS_INET_SOCKET_ADDRESS (local))
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

const char *
tg_server_get_pin (TgServer *self)
{
  g_return_val_if_fail (TG_IS_SERVER (self), NULL);

  return self->pin;
}
