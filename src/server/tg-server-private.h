/* tg-server-private.h: what the source files of throughgate-server share.
 *
 * The database work (tg-server-devices.c, tg-server-feed.c,
 * tg-server-scope.c, tg-server-sync.c) knows nothing of HTTP: it takes
 * decoded requests and returns replies or errors in TG_WIRE_ERROR, so it
 * can move to a worker thread without change. tg-server.c is the HTTP
 * side and the only file that includes libsoup.
 *
 * The server's own tables live in the store's database beside the entity
 * tables, each table's SQL in one file:
 *
 *   devices, enrol_codes         tg-server-devices.c
 *   feed, history                tg-server-feed.c
 *   device_clients, device_sync  tg-server-scope.c
 */
#pragma once

#include "tg-store-private.h"
#include "tg-wire.h"

G_BEGIN_DECLS

typedef enum {
  TG_SERVER_ROLE_WORKER,
  TG_SERVER_ROLE_MENTOR,
  TG_SERVER_ROLE_LEAD,
} TgServerRole;

const char *_tg_server_role_to_string   (TgServerRole         role);
gboolean    _tg_server_role_from_string (const char          *text,
                                         TgServerRole        *out_role);
/* Whether @role may hold and write fields of @sensitivity: a mentor only
 * identity and release, the others everything (docs/sync-protocol.md). */
gboolean    _tg_server_role_may_hold    (TgServerRole         role,
                                         TgSensitivity        sensitivity);

/* An enrolled device as the database knows it. */
typedef struct {
  char         *device_id;
  gint64        node_id;       /* the node its store stamps every write with */
  TgServerRole  role;
  char         *team;          /* exactly as written in clients' team field */
  char         *name;          /* the person the enrolment code was made for */
  char         *device_name;   /* what the device called itself */
  char         *enrolled_at;
  char         *last_seen;     /* NULL before its first sync */
  char         *revoked_at;    /* NULL while it may sync */
} TgServerDevice;

void _tg_server_device_free (TgServerDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgServerDevice, _tg_server_device_free)

/* tg-server-db.c: creating every server table, and small helpers. */
gboolean  _tg_server_db_init       (TgStore      *store,
                                    GError      **error);
/* UTC, to the second, in the one text form the server stores:
 * 2026-11-27T09:30:00Z. Text of this form sorts in time order. */
char     *_tg_server_time_text     (GDateTime    *time) G_GNUC_WARN_UNUSED_RESULT;
char     *_tg_server_now_text      (void) G_GNUC_WARN_UNUSED_RESULT;
gint64    _tg_server_now_ms        (void);
char     *_tg_server_sha256_hex    (const char   *text) G_GNUC_WARN_UNUSED_RESULT;
/* Runs SQL text holding several statements, binding ?1 to @text in each. */
gboolean  _tg_server_exec_with     (TgStore      *store,
                                    const char   *sql,
                                    const char   *text,
                                    GError      **error);
/* Turns an error that is not already a wire error into SERVER, keeping
 * the original message for the log only. Returns the message to log. */
void      _tg_server_error_to_wire (GError      **error,
                                    char        **log_message);

/* tg-server-devices.c: devices and enrolment codes. */
gboolean        _tg_server_devices_create_tables (TgStore                *store,
                                                  GError                **error);
/* Makes a one-time code for @role in @team; returns the code as the
 * person types it (K7QF-2M9D-XW4P). Only its hash is kept. */
char           *_tg_server_devices_new_code      (TgStore                *store,
                                                  TgServerRole            role,
                                                  const char             *team,
                                                  const char             *name,
                                                  char                  **out_expires_at,
                                                  GError                **error)
                                                  G_GNUC_WARN_UNUSED_RESULT;
TgEnrollReply  *_tg_server_devices_enroll        (TgStore                *store,
                                                  const TgEnrollRequest  *request,
                                                  GError                **error)
                                                  G_GNUC_WARN_UNUSED_RESULT;
/* The device whose token this is: UNAUTHORIZED for none, DEVICE_REVOKED
 * for a revoked one. */
TgServerDevice *_tg_server_devices_authenticate  (TgStore                *store,
                                                  const char             *token,
                                                  GError                **error)
                                                  G_GNUC_WARN_UNUSED_RESULT;
/* Returns FALSE with NOT_FOUND for an unknown id; revoking twice is fine
 * and sets *already. */
gboolean        _tg_server_devices_revoke        (TgStore                *store,
                                                  const char             *device_id,
                                                  gboolean               *already,
                                                  GError                **error);
GPtrArray      *_tg_server_devices_list          (TgStore                *store,
                                                  GError                **error)
                                                  G_GNUC_WARN_UNUSED_RESULT;
gboolean        _tg_server_devices_touch         (TgStore                *store,
                                                  const char             *device_id,
                                                  const char             *now,
                                                  GError                **error);

/* tg-server-feed.c: the change feed and the history.
 *
 * A TgServerPush follows one pushed batch through the store's apply loop
 * (its hook) and then writes the batch's winners to the feed. */
typedef struct _TgServerPush TgServerPush;

gboolean      _tg_server_feed_create_tables (TgStore              *store,
                                             GError              **error);
TgServerPush *_tg_server_push_new           (const TgServerDevice *device,
                                             const char           *now);
void          _tg_server_push_free          (TgServerPush         *push);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgServerPush, _tg_server_push_free)
/* The TgApplyHook: history rows, signed notes, fixed owners. */
gboolean      _tg_server_push_hook_cb       (TgStore              *store,
                                             const TgChange       *incoming,
                                             const TgChange       *held,
                                             TgMergeDecision       decision,
                                             gpointer              user_data,
                                             GError              **error);
/* After the apply loop, in the same transaction: one feed row per field
 * that won, with its record's owner as it stands after the whole batch. */
gboolean      _tg_server_push_finish        (TgStore              *store,
                                             TgServerPush         *push,
                                             GError              **error);
/* Every record the batch touched, won or lost: "entity\nid" keys. */
GHashTable   *_tg_server_push_get_touched   (TgServerPush         *push);
gint64        _tg_server_feed_last_seq      (TgStore              *store,
                                             GError              **error);
/* A fresh number from the feed's sequence, above every feed row so far. */
gint64        _tg_server_feed_next_seq      (TgStore              *store,
                                             GError              **error);

/* tg-server-scope.c: who may hold what, and the pull. */
typedef struct {
  char *client_id;   /* the owning client, or NULL */
  char *team;        /* a session's team, or NULL */
} TgServerOwner;

void          _tg_server_owner_clear        (TgServerOwner        *owner);
void          _tg_server_owner_free         (TgServerOwner        *owner);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TgServerOwner, _tg_server_owner_clear)

gboolean      _tg_server_scope_create_tables (TgStore             *store,
                                              GError             **error);
/* The field of @entity that names its owner: a reference to the client,
 * or to a record that names the client; a session's team. NULL for a
 * client and a release plan, which are owned by their own id. */
const TgFieldDef *_tg_server_owner_field    (const TgEntityDef   *entity);
/* The owner of a record as the database holds it now. */
gboolean      _tg_server_owner_lookup       (TgStore             *store,
                                             const TgEntityDef   *entity,
                                             const char          *record_id,
                                             TgServerOwner       *owner,
                                             GError             **error);
/* OUT_OF_SCOPE unless every touched record belongs to a client (or a
 * session to a team) in the device's scope, or to nobody yet. */
gboolean      _tg_server_scope_check_push   (TgStore              *store,
                                             const TgServerDevice *device,
                                             GHashTable           *touched,
                                             const GDate          *today,
                                             GError              **error);
/* Fills @reply's purge, changes, cursor and more for @cursor. */
gboolean      _tg_server_scope_pull         (TgStore              *store,
                                             const TgServerDevice *device,
                                             gint64                cursor,
                                             guint                 limit,
                                             const GDate          *today,
                                             TgSyncReply          *reply,
                                             GError              **error);
/* Forgets what a device holds (it was revoked). */
gboolean      _tg_server_scope_forget       (TgStore              *store,
                                             const char           *device_id,
                                             GError              **error);

/* tg-server-sync.c: one sync, start to end, in one transaction. */
TgSyncReply  *_tg_server_sync_run           (TgStore              *store,
                                             const TgServerDevice *device,
                                             const TgSyncRequest  *request,
                                             gint64                now_ms,
                                             GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* tg-server-pin.c: the key pin of a certificate, as curl takes it. */
char         *_tg_server_key_pin            (GTlsCertificate      *certificate,
                                             GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
