/* tg-wire.h: the sync wire format, version 1 (docs/sync-protocol.md).
 *
 * One implementation for the device and the server: JSON documents for
 * enrolment and sync, changes validated against the schema as they are
 * decoded, gzip with a bound on the unpacked size, and typed errors.
 */
#pragma once

#include <gio/gio.h>

#include "tg-change.h"

G_BEGIN_DECLS

#define TG_WIRE_PROTOCOL        1
#define TG_WIRE_MAX_CHANGES     1000                 /* per push */
#define TG_WIRE_MAX_PULL        5000                 /* per reply */
#define TG_WIRE_MAX_BODY        (4 * 1024 * 1024)    /* bytes on the wire */
#define TG_WIRE_MAX_UNPACKED    (16 * 1024 * 1024)   /* bytes after gunzip */
#define TG_WIRE_SKEW_BOUND_MS   (5 * 60 * 1000)

#define TG_WIRE_ERROR (tg_wire_error_quark ())

/* Each code has one HTTP status and one wire name (tg_wire_error_name()). */
typedef enum {
  TG_WIRE_ERROR_BAD_REQUEST,           /* 400 bad_request */
  TG_WIRE_ERROR_UNSUPPORTED_PROTOCOL,  /* 400 unsupported_protocol */
  TG_WIRE_ERROR_UNAUTHORIZED,          /* 401 unauthorized */
  TG_WIRE_ERROR_DEVICE_REVOKED,        /* 403 device_revoked */
  TG_WIRE_ERROR_INVALID_CODE,          /* 403 invalid_code */
  TG_WIRE_ERROR_OUT_OF_SCOPE,          /* 403 out_of_scope */
  TG_WIRE_ERROR_NOT_FOUND,             /* 404 not_found */
  TG_WIRE_ERROR_CLOCK_SKEW,            /* 409 clock_skew */
  TG_WIRE_ERROR_PAYLOAD_TOO_LARGE,     /* 413 payload_too_large */
  TG_WIRE_ERROR_INVALID_CHANGE,        /* 422 invalid_change */
  TG_WIRE_ERROR_RATE_LIMITED,          /* 429 rate_limited */
  TG_WIRE_ERROR_SERVER,                /* 500 server_error */
} TgWireError;

GQuark      tg_wire_error_quark      (void);
const char *tg_wire_error_name       (TgWireError  code);
guint       tg_wire_error_status     (TgWireError  code);
gboolean    tg_wire_error_from_name  (const char  *name,
                                      TgWireError *out_code);

typedef struct {
  char      *batch;        /* uuid naming this push, for logs and retries */
  gint64     cursor;       /* the server sequence number last pulled up to */
  gint64     device_time;  /* ms since the epoch, as the device believes */
  guint      pull_limit;
  GPtrArray *changes;      /* TgChange */
} TgSyncRequest;

typedef struct {
  gint64     server_time;
  guint      accepted;
  gint64     cursor;
  gboolean   more;
  GPtrArray *purge;        /* client ids (char *) */
  GPtrArray *changes;      /* TgChange */
  /* The team's policy, sent with every reply ("policy" member, optional):
   * the longest idle time before the device locks, in seconds; 0 when the
   * server sets none. A device may only shorten its lock by it. */
  guint      idle_lock_max_seconds;
} TgSyncReply;

/* The longest idle_lock_max_seconds a policy may carry: one day. */
#define TG_WIRE_MAX_IDLE_LOCK_SECONDS 86400

typedef struct {
  char *code;
  char *device_name;
  gint64 node_id;
} TgEnrollRequest;

typedef struct {
  gint64  server_time;
  char   *device_id;
  char   *token;
  char   *role;
  char   *team;
  char   *name;
} TgEnrollReply;

TgSyncRequest   *tg_sync_request_new    (void) G_GNUC_WARN_UNUSED_RESULT;
void             tg_sync_request_free   (TgSyncRequest   *request);
TgSyncReply     *tg_sync_reply_new      (void) G_GNUC_WARN_UNUSED_RESULT;
void             tg_sync_reply_free     (TgSyncReply     *reply);
void             tg_enroll_request_free (TgEnrollRequest *request);
void             tg_enroll_reply_free   (TgEnrollReply   *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgSyncRequest, tg_sync_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgSyncReply, tg_sync_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgEnrollRequest, tg_enroll_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgEnrollReply, tg_enroll_reply_free)

/* Encoders return uncompressed JSON. Decoders take uncompressed JSON and
 * fail with TG_WIRE_ERROR: BAD_REQUEST for malformed documents,
 * UNSUPPORTED_PROTOCOL, PAYLOAD_TOO_LARGE for too many changes, and
 * INVALID_CHANGE (the message names the field) for a change whose entity,
 * field, id, version or value is not valid. Decoded values are canonical. */
GBytes          *tg_wire_encode_sync_request  (const TgSyncRequest   *request);
TgSyncRequest   *tg_wire_decode_sync_request  (GBytes                *json,
                                               GError               **error);
GBytes          *tg_wire_encode_sync_reply    (const TgSyncReply     *reply);
TgSyncReply     *tg_wire_decode_sync_reply    (GBytes                *json,
                                               GError               **error);
GBytes          *tg_wire_encode_enroll_request (const TgEnrollRequest *request);
TgEnrollRequest *tg_wire_decode_enroll_request (GBytes               *json,
                                                GError              **error);
GBytes          *tg_wire_encode_enroll_reply  (const TgEnrollReply   *reply);
TgEnrollReply   *tg_wire_decode_enroll_reply  (GBytes                *json,
                                               GError               **error);

/* {"error": {"code": …, "message": …}, "server_time": …} */
GBytes          *tg_wire_encode_error         (TgWireError            code,
                                               const char            *message,
                                               gint64                 server_time);
/* Turns an error document into a GError in TG_WIRE_ERROR; returns the
 * server time it carried (0 when none) in @server_time. */
void             tg_wire_decode_error         (GBytes                *json,
                                               guint                  http_status,
                                               gint64                *server_time,
                                               GError               **error);

/* gzip, and gunzip that stops with PAYLOAD_TOO_LARGE past @max_unpacked and
 * BAD_REQUEST on a damaged or truncated stream. */
GBytes          *tg_wire_gzip                 (GBytes                *data);
GBytes          *tg_wire_gunzip               (GBytes                *data,
                                               gsize                  max_unpacked,
                                               GError               **error);

G_END_DECLS
