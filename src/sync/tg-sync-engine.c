/* tg-sync-engine.c: enrolment and sync, run in a worker thread.
 *
 * Order of a round trip, from docs/sync-protocol.md: collect the pending
 * changes, POST them with the cursor, and only once the server has replied
 * apply the pulled changes (keeping conflicts), purge the clients that
 * left this device's scope, acknowledge what was pushed and store the new
 * cursor. Each of those is its own store transaction and each is harmless
 * to repeat, so a sync stopped between any two of them is finished by the
 * next one.
 */
#include "config.h"

#include "tg-sync-engine.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tg-store-sync.h"
#include "tg-sync-credentials.h"
#include "tg-sync-error.h"
#include "tg-sync-transport.h"
#include "tg-uuid.h"
#include "tg-wire.h"

struct _TgSyncEngine
{
  GObject   parent_instance;

  /* The device store; set at construction, never NULL, never replaced. */
  TgStore  *store;

  /* Held by the worker thread around every use of the store, never across
   * a network request; other users of the store take it through
   * tg_sync_engine_lock_store(). */
  GMutex    store_lock;

  /* 1 while an enrolment or a sync runs (atomic); a second is refused. */
  gint      busy;

  /* Set, under store_lock, once a revocation wiped the store: from then on
   * the store object is closed and every operation is refused. */
  gboolean  wiped;
};

G_DEFINE_FINAL_TYPE (TgSyncEngine, tg_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  char *url;
  char *code;
  char *pin;
  char *ca_file;       /* absolute, or NULL */
  char *device_name;
} EnrollData;

static void
enroll_data_free (EnrollData *data)
{
  g_free (data->url);
  g_free (data->code);
  g_free (data->pin);
  g_free (data->ca_file);
  g_free (data->device_name);
  g_free (data);
}

void
tg_sync_enrollment_free (TgSyncEnrollment *enrollment)
{
  if (enrollment == NULL)
    return;
  g_free (enrollment->device_id);
  g_free (enrollment->role);
  g_free (enrollment->team);
  g_free (enrollment->name);
  g_free (enrollment->server_url);
  g_free (enrollment);
}

void
tg_sync_result_free (TgSyncResult *result)
{
  g_free (result);
}

static void
tg_sync_engine_finalize (GObject *object)
{
  TgSyncEngine *self = TG_SYNC_ENGINE (object);

  g_clear_object (&self->store);
  g_mutex_clear (&self->store_lock);

  G_OBJECT_CLASS (tg_sync_engine_parent_class)->finalize (object);
}

static void
tg_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TgSyncEngine *self = TG_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TgSyncEngine *self = TG_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_sync_engine_class_init (TgSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tg_sync_engine_finalize;
  object_class->get_property = tg_sync_engine_get_property;
  object_class->set_property = tg_sync_engine_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TG_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tg_sync_engine_init (TgSyncEngine *self)
{
  g_mutex_init (&self->store_lock);
}

TgSyncEngine *
tg_sync_engine_new (TgStore *store)
{
  g_return_val_if_fail (TG_IS_STORE (store), NULL);

  return g_object_new (TG_TYPE_SYNC_ENGINE, "store", store, NULL);
}

TgStore *
tg_sync_engine_get_store (TgSyncEngine *self)
{
  g_return_val_if_fail (TG_IS_SYNC_ENGINE (self), NULL);

  return self->store;
}

void
tg_sync_engine_lock_store (TgSyncEngine *self)
{
  g_mutex_lock (&self->store_lock);
}

void
tg_sync_engine_unlock_store (TgSyncEngine *self)
{
  g_mutex_unlock (&self->store_lock);
}

char *
tg_sync_engine_get_cache_dir (TgSyncEngine *self)
{
  g_return_val_if_fail (TG_IS_SYNC_ENGINE (self), NULL);

  return g_build_filename (g_get_user_cache_dir (), "throughgate",
                           tg_store_get_id (self->store), NULL);
}

static gint64
wall_ms (void)
{
  return g_get_real_time () / 1000;
}

static char *
setting (TgSyncEngine *self,
         const char   *key)
{
  return tg_store_get_setting (self->store, key, NULL);
}

/* Enrolled: a server, a pin and a device id in the settings, and a token
 * in the keyring. Called with the store lock held. */
static gboolean
is_enrolled_locked (TgSyncEngine *self)
{
  g_autofree char *url = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *device_id = NULL;
  char *token;

  if (self->wiped)
    return FALSE;
  url = setting (self, TG_SYNC_SETTING_URL);
  pin = setting (self, TG_SYNC_SETTING_PIN);
  device_id = setting (self, TG_SYNC_SETTING_DEVICE_ID);
  if (url == NULL || pin == NULL || device_id == NULL)
    return FALSE;
  token = tg_sync_credentials_load (tg_store_get_id (self->store), NULL, NULL);
  tg_sync_credentials_free (token);
  return token != NULL;
}

gboolean
tg_sync_engine_is_enrolled (TgSyncEngine *self)
{
  gboolean enrolled;

  g_return_val_if_fail (TG_IS_SYNC_ENGINE (self), FALSE);

  g_mutex_lock (&self->store_lock);
  enrolled = is_enrolled_locked (self);
  g_mutex_unlock (&self->store_lock);
  return enrolled;
}

/* Starts an operation, or refuses it when one is running. */
static gboolean
claim (TgSyncEngine  *self,
       GError       **error)
{
  if (!g_atomic_int_compare_and_exchange (&self->busy, 0, 1))
    {
      g_set_error_literal (error, TG_SYNC_ERROR, TG_SYNC_ERROR_BUSY,
                           _("A sync or enrolment is already running on this device"));
      return FALSE;
    }
  return TRUE;
}

static void
release (TgSyncEngine *self)
{
  g_atomic_int_set (&self->busy, 0);
}

/* What this device's role may push (DESIGN §5): a mentor only identity
 * and release fields, everyone else everything (no classes: no limit). */
static gboolean
limit_writes_to_role_locked (TgSyncEngine  *self,
                             const char    *role,
                             GError       **error)
{
  static const TgSensitivity mentor_classes[] = {
    TG_SENSITIVITY_IDENTITY,
    TG_SENSITIVITY_RELEASE,
  };

  if (g_strcmp0 (role, "mentor") == 0)
    return tg_store_set_writable_classes (self->store, mentor_classes,
                                          G_N_ELEMENTS (mentor_classes), error);
  return tg_store_set_writable_classes (self->store, NULL, 0, error);
}

/* Stores what the enrolment gave, device id last, so a device is taken
 * for enrolled only once everything else is there. Called with the store
 * lock held. */
static gboolean
save_enrollment_locked (TgSyncEngine         *self,
                        const EnrollData     *data,
                        const TgEnrollReply  *reply,
                        GError              **error)
{
  g_autofree char *pin = tg_sync_transport_normalize_pin (data->pin, error);

  return pin != NULL
         && tg_store_set_setting (self->store, TG_SYNC_SETTING_URL, data->url, error)
         && tg_store_set_setting (self->store, TG_SYNC_SETTING_PIN, pin, error)
         && tg_store_set_setting (self->store, TG_SYNC_SETTING_CA_FILE, data->ca_file, error)
         && tg_store_set_setting (self->store, TG_SYNC_SETTING_DEVICE_NAME, data->device_name, error)
         && tg_store_set_setting (self->store, TG_SYNC_SETTING_ROLE, reply->role, error)
         && tg_store_set_setting (self->store, TG_SYNC_SETTING_TEAM, reply->team, error)
         && tg_store_set_setting (self->store, TG_SYNC_SETTING_CURSOR, "0", error)
         && limit_writes_to_role_locked (self, reply->role, error)
         && tg_store_set_setting (self->store, TG_SYNC_SETTING_DEVICE_ID, reply->device_id, error);
}

static TgSyncEnrollment *
enroll (TgSyncEngine  *self,
        EnrollData    *data,
        GCancellable  *cancellable,
        GError       **error)
{
  const char *store_id = tg_store_get_id (self->store);
  g_autoptr(TgSyncTransport) transport = NULL;
  g_autoptr(TgEnrollReply) reply = NULL;
  g_autoptr(GBytes) request_json = NULL;
  g_autoptr(GBytes) reply_json = NULL;
  g_autofree char *old_device = NULL;
  TgEnrollRequest request = { 0 };
  TgSyncEnrollment *enrollment;
  gboolean saved;

  g_mutex_lock (&self->store_lock);
  if (self->wiped)
    {
      g_mutex_unlock (&self->store_lock);
      g_set_error_literal (error, TG_SYNC_ERROR, TG_SYNC_ERROR_WIPED,
                           _("This device's store has been wiped"));
      return NULL;
    }
  if (is_enrolled_locked (self))
    old_device = setting (self, TG_SYNC_SETTING_DEVICE_ID);
  request.node_id = tg_store_get_node_id (self->store);
  g_mutex_unlock (&self->store_lock);

  if (old_device != NULL)
    {
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_ALREADY_ENROLLED,
                   _("enroll: this device is already enrolled (device %s)"), old_device);
      return NULL;
    }

  /* URL and pin are checked before the CA file, so an http:// URL is
   * refused as such whatever else is wrong. */
  transport = tg_sync_transport_new (data->url, data->pin, data->ca_file, error);
  if (transport == NULL)
    return NULL;
  if (data->ca_file != NULL && !g_file_test (data->ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("ca-file: %s is not a file"), data->ca_file);
      return NULL;
    }

  request.code = data->code;
  request.device_name = data->device_name;
  request_json = tg_wire_encode_enroll_request (&request);
  reply_json = tg_sync_transport_post (transport, "/v1/enroll", NULL, request_json,
                                       FALSE, NULL, cancellable, error);
  if (reply_json == NULL)
    return NULL;
  reply = tg_wire_decode_enroll_reply (reply_json, error);
  if (reply == NULL)
    return NULL;
  if (reply->token == NULL || reply->token[0] == '\0' || reply->device_id == NULL)
    {
      g_set_error_literal (error, TG_SYNC_ERROR, TG_SYNC_ERROR_BAD_REPLY,
                           _("The server's enrolment reply has no device token"));
      return NULL;
    }

  /* The code is spent now: finish whatever the cancellable says. */
  if (!tg_sync_credentials_save (store_id, reply->token, NULL, error))
    return NULL;

  g_mutex_lock (&self->store_lock);
  saved = save_enrollment_locked (self, data, reply, error);
  g_mutex_unlock (&self->store_lock);
  if (!saved)
    {
      tg_sync_credentials_delete (store_id, NULL, NULL);
      return NULL;
    }

  enrollment = g_new0 (TgSyncEnrollment, 1);
  enrollment->device_id = g_strdup (reply->device_id);
  enrollment->role = g_strdup (reply->role);
  enrollment->team = g_strdup (reply->team);
  enrollment->name = g_strdup (reply->name);
  enrollment->server_url = g_strdup (tg_sync_transport_get_url (transport));
  return enrollment;
}

static void
enroll_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TgSyncEngine *self = source_object;
  GError *error = NULL;
  TgSyncEnrollment *enrollment;

  enrollment = enroll (self, task_data, cancellable, &error);
  release (self);
  if (enrollment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, enrollment, (GDestroyNotify) tg_sync_enrollment_free);
}

void
tg_sync_engine_enroll_async (TgSyncEngine        *self,
                             const char          *url,
                             const char          *code,
                             const char          *pin,
                             const char          *ca_file,
                             const char          *device_name,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  EnrollData *data;

  g_return_if_fail (TG_IS_SYNC_ENGINE (self));
  g_return_if_fail (url != NULL && code != NULL && pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tg_sync_engine_enroll_async);
  g_task_set_name (task, "[throughgate] enroll");
  g_task_set_check_cancellable (task, FALSE);

  if (!claim (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (EnrollData, 1);
  data->url = g_strdup (url);
  data->code = g_strdup (code);
  data->pin = g_strdup (pin);
  /* Kept as an absolute path: later syncs may run from anywhere. */
  data->ca_file = ca_file != NULL ? g_canonicalize_filename (ca_file, NULL) : NULL;
  data->device_name = g_strdup (device_name != NULL ? device_name : g_get_host_name ());
  g_task_set_task_data (task, data, (GDestroyNotify) enroll_data_free);
  g_task_run_in_thread (task, enroll_thread_cb);
}

TgSyncEnrollment *
tg_sync_engine_enroll_finish (TgSyncEngine  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR)
          && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The server says this device is revoked: it keeps nothing. The store's
 * files and key, the device token and the caches go; the store object is
 * closed for good. Everything is attempted even when a step fails; the
 * first failure is reported. */
static gboolean
wipe_device (TgSyncEngine  *self,
             GError       **error)
{
  g_autofree char *store_id = NULL;
  g_autofree char *cache_dir = tg_sync_engine_get_cache_dir (self);
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GError) token_error = NULL;

  g_mutex_lock (&self->store_lock);
  store_id = g_strdup (tg_store_get_id (self->store));
  tg_store_wipe (self->store, &store_error);
  tg_sync_credentials_delete (store_id, NULL, &token_error);
  remove_tree (cache_dir);
  self->wiped = TRUE;
  g_mutex_unlock (&self->store_lock);

  if (store_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&store_error));
      return FALSE;
    }
  if (token_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&token_error));
      return FALSE;
    }
  return TRUE;
}

/* Where one sync stands between round trips. */
typedef struct {
  TgSyncTransport *transport;
  char            *token;        /* wiped when freed */
  gint64           cursor;       /* the server sequence number pulled up to */
  gboolean         restamped;    /* the one re-stamp a sync may do has been done */
  guint            waits;        /* times this sync waited out a rate limit */
  guint            replies;      /* replies with a server time */
  guint            skewed;       /* of those, the ones off by more than the bound */
} SyncState;

static void
sync_state_clear (SyncState *state)
{
  g_clear_object (&state->transport);
  g_clear_pointer (&state->token, tg_sync_credentials_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SyncState, sync_state_clear)

static gboolean
load_sync_state (TgSyncEngine  *self,
                 SyncState     *state,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *url = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *cursor = NULL;

  g_mutex_lock (&self->store_lock);
  if (!self->wiped)
    {
      url = setting (self, TG_SYNC_SETTING_URL);
      pin = setting (self, TG_SYNC_SETTING_PIN);
      ca_file = setting (self, TG_SYNC_SETTING_CA_FILE);
      device_id = setting (self, TG_SYNC_SETTING_DEVICE_ID);
      cursor = setting (self, TG_SYNC_SETTING_CURSOR);
    }
  g_mutex_unlock (&self->store_lock);

  if (self->wiped)
    {
      g_set_error_literal (error, TG_SYNC_ERROR, TG_SYNC_ERROR_WIPED,
                           _("This device's store has been wiped"));
      return FALSE;
    }
  if (url == NULL || pin == NULL || device_id == NULL)
    {
      g_set_error_literal (error, TG_SYNC_ERROR, TG_SYNC_ERROR_NOT_ENROLLED,
                           _("This device is not enrolled; run "
                             "throughgate-cli enroll first"));
      return FALSE;
    }

  state->cursor = cursor != NULL ? g_ascii_strtoll (cursor, NULL, 10) : 0;
  state->token = tg_sync_credentials_load (tg_store_get_id (self->store),
                                           cancellable, error);
  if (state->token == NULL)
    return FALSE;
  state->transport = tg_sync_transport_new (url, pin, ca_file, error);
  return state->transport != NULL;
}

/* The server refused the batch as stamped in its future: correct the
 * clock by what the server says, and give every unsent change a fresh
 * stamp from it, never below a version received or acknowledged. */
static gboolean
restamp (TgSyncEngine  *self,
         gint64         offset_ms,
         GError       **error)
{
  g_autofree char *seen = NULL;
  gboolean ok;

  g_mutex_lock (&self->store_lock);
  seen = setting (self, "hlc_max_seen");
  ok = tg_store_restamp_pending (self->store, offset_ms,
                                 seen != NULL ? g_ascii_strtoull (seen, NULL, 10) : 0,
                                 error);
  g_mutex_unlock (&self->store_lock);
  return ok;
}

/* Stores what one reply brought, in the protocol's order. */
static gboolean
take_reply (TgSyncEngine  *self,
            SyncState     *state,
            GPtrArray     *pushed,
            TgSyncReply   *reply,
            TgSyncResult  *result,
            GError       **error)
{
  TgApplyStats stats = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, reply->cursor);
  g_autofree char *idle_lock_text = g_strdup_printf ("%u", reply->idle_lock_max_seconds);
  gboolean ok = TRUE;

  /* One transaction for the whole reply: the pulled changes, the purges,
   * the acknowledgements and the new cursor reach the disk together (one
   * sync to disk instead of five), or none of them does and the next sync
   * asks again. */
  g_mutex_lock (&self->store_lock);
  ok = tg_store_begin_batch (self->store, error);
  if (ok && reply->changes != NULL && reply->changes->len > 0)
    ok = tg_store_apply_changes (self->store, reply->changes, TRUE, NULL, NULL,
                                 &stats, error);
  for (guint i = 0; ok && reply->purge != NULL && i < reply->purge->len; i++)
    ok = tg_store_purge_client (self->store, reply->purge->pdata[i], error);
  ok = ok && (pushed->len == 0 || tg_store_ack_pending (self->store, pushed, error));
  ok = ok && tg_store_set_setting (self->store, TG_SYNC_SETTING_CURSOR, cursor_text, error);
  ok = ok && tg_store_set_setting (self->store, TG_SYNC_SETTING_LAST_SYNC, now_text, error);
  /* Each reply carries the whole policy: one without it lifts it. */
  ok = ok && tg_store_set_setting (self->store, TG_SYNC_SETTING_IDLE_LOCK_MAX, idle_lock_text,
                                   error);
  if (ok)
    ok = tg_store_end_batch (self->store, error);
  else if (tg_store_in_batch (self->store))
    tg_store_abort_batch (self->store);
  g_mutex_unlock (&self->store_lock);
  if (!ok)
    return FALSE;

  state->cursor = reply->cursor;
  result->pushed += reply->accepted;
  result->pulled += reply->changes != NULL ? reply->changes->len : 0;
  result->applied += stats.applied;
  result->conflicts += stats.conflicts;
  result->purged += reply->purge != NULL ? reply->purge->len : 0;
  return TRUE;
}

#define MAX_RATE_LIMIT_WAITS  3
#define MAX_RATE_LIMIT_WAIT_S 30

/* Sleeps @seconds, waking early (and failing) when @cancellable fires. */
static gboolean
wait_cancellable (guint          seconds,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 until = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (50 * 1000);
    }
  return TRUE;
}

/* One round trip. Returns the reply, or NULL with @error; *retry is set
 * when the batch was refused for clock skew and has been re-stamped, or
 * refused for the rate limit and the wait it asked for is over. */
static TgSyncReply *
round_trip (TgSyncEngine  *self,
            SyncState     *state,
            GPtrArray     *pending,
            TgSyncResult  *result,
            gboolean      *retry,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();
  g_autoptr(GBytes) request_json = NULL;
  g_autoptr(GBytes) reply_json = NULL;
  g_autoptr(GError) local_error = NULL;
  TgSyncReply *reply;
  gint64 server_time = 0;
  gint64 sent;
  gint64 middle;

  *retry = FALSE;
  request->batch = tg_uuid_new ();
  request->cursor = state->cursor;
  request->device_time = wall_ms ();
  request->pull_limit = TG_SYNC_PULL_LIMIT;
  /* The request gets copies: it owns and frees what it holds, and
   * @pending is needed after it, to acknowledge. */
  if (request->changes == NULL)
    request->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  for (guint i = 0; i < pending->len; i++)
    g_ptr_array_add (request->changes, tg_change_copy (pending->pdata[i]));
  request_json = tg_wire_encode_sync_request (request);

  sent = wall_ms ();
  reply_json = tg_sync_transport_post (state->transport, "/v1/sync", state->token,
                                       request_json, TRUE, &server_time,
                                       cancellable, &local_error);
  /* The server's clock is compared with ours half-way through the round
   * trip, the best guess of when it read it. */
  middle = sent + (wall_ms () - sent) / 2;

  if (reply_json == NULL)
    {
      if (g_error_matches (local_error, TG_WIRE_ERROR, TG_WIRE_ERROR_CLOCK_SKEW)
          && !state->restamped && server_time > 0)
        {
          state->restamped = TRUE;
          result->clock_restamped = TRUE;
          result->clock_warning = TRUE;
          result->server_offset_ms = server_time - middle;
          if (!restamp (self, result->server_offset_ms, error))
            return NULL;
          *retry = TRUE;
          return NULL;
        }
      /* Too many requests: wait as long as the server asks (a little, a
       * few times), then send the same batch again. */
      if (g_error_matches (local_error, TG_WIRE_ERROR, TG_WIRE_ERROR_RATE_LIMITED)
          && state->waits < MAX_RATE_LIMIT_WAITS)
        {
          guint seconds = CLAMP (tg_sync_transport_get_retry_after (state->transport), 1,
                                 MAX_RATE_LIMIT_WAIT_S);

          state->waits++;
          if (!wait_cancellable (seconds, cancellable, error))
            return NULL;
          *retry = TRUE;
          return NULL;
        }
      if (g_error_matches (local_error, TG_WIRE_ERROR, TG_WIRE_ERROR_DEVICE_REVOKED))
        {
          g_autoptr(GError) wipe_error = NULL;

          if (wipe_device (self, &wipe_error))
            g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_DEVICE_REVOKED,
                         _("This device has been revoked by the server (%s); its "
                           "store, keyring items and caches have been wiped"),
                         local_error->message);
          else
            g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_DEVICE_REVOKED,
                         _("This device has been revoked by the server (%s), but "
                           "wiping it did not fully succeed: %s"), local_error->message,
                         wipe_error->message);
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  reply = tg_wire_decode_sync_reply (reply_json, error);
  if (reply == NULL)
    return NULL;

  result->server_offset_ms = reply->server_time - middle;
  state->replies++;
  if (ABS (result->server_offset_ms) > TG_WIRE_SKEW_BOUND_MS)
    state->skewed++;
  return reply;
}

static TgSyncResult *
run_sync (TgSyncEngine  *self,
          GCancellable  *cancellable,
          GError       **error)
{
  g_auto(SyncState) state = { 0 };
  g_autoptr(TgSyncResult) result = g_new0 (TgSyncResult, 1);
  guint round = 0;

  if (!load_sync_state (self, &state, cancellable, error))
    return NULL;

  while (round < TG_SYNC_MAX_ROUNDS)
    {
      g_autoptr(GPtrArray) pending = NULL;
      g_autoptr(TgSyncReply) reply = NULL;
      gboolean retry = FALSE;
      gboolean full;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      g_mutex_lock (&self->store_lock);
      pending = tg_store_collect_pending (self->store, TG_WIRE_MAX_CHANGES, error);
      g_mutex_unlock (&self->store_lock);
      if (pending == NULL)
        return NULL;
      full = pending->len >= TG_WIRE_MAX_CHANGES;

      reply = round_trip (self, &state, pending, result, &retry, cancellable, error);
      if (reply == NULL && retry)
        continue;
      if (reply == NULL)
        return NULL;
      if (!take_reply (self, &state, pending, reply, result, error))
        return NULL;

      round++;
      result->rounds = round;
      if (!reply->more && !full)
        break;
      result->more = round == TG_SYNC_MAX_ROUNDS;
    }

  if (state.replies > 0 && state.skewed == state.replies)
    result->clock_warning = TRUE;
  return g_steal_pointer (&result);
}

static void
sync_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TgSyncEngine *self = source_object;
  GError *error = NULL;
  TgSyncResult *result;

  result = run_sync (self, cancellable, &error);
  release (self);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) tg_sync_result_free);
}

void
tg_sync_engine_sync_async (TgSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (TG_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tg_sync_engine_sync_async);
  g_task_set_name (task, "[throughgate] sync");
  /* A sync cancelled after its last reply was stored reports what it did. */
  g_task_set_check_cancellable (task, FALSE);

  if (!claim (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, sync_thread_cb);
}

TgSyncResult *
tg_sync_engine_sync_finish (TgSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
