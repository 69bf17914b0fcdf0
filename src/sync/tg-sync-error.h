/* tg-sync-error.h: what can go wrong on the device side of sync before the
 * server has answered (the server's own refusals are TG_WIRE_ERROR). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_SYNC_ERROR (tg_sync_error_quark ())

typedef enum {
  TG_SYNC_ERROR_INSECURE_URL,      /* not an https:// URL: nothing was sent */
  TG_SYNC_ERROR_BAD_PIN,           /* the server key pin is not a SHA-256 in base64 */
  TG_SYNC_ERROR_SERVER_IDENTITY,   /* pin or certificate did not match: nothing was sent */
  TG_SYNC_ERROR_NETWORK,           /* no connection, a timeout, a reset */
  TG_SYNC_ERROR_BAD_REPLY,         /* the server's reply is not what the protocol says */
  TG_SYNC_ERROR_NOT_ENROLLED,      /* no server or no device token yet */
  TG_SYNC_ERROR_ALREADY_ENROLLED,  /* enrolling a device that already is */
  TG_SYNC_ERROR_BUSY,              /* an enrolment or sync is already running */
  TG_SYNC_ERROR_WIPED,             /* the store was wiped; the engine is done */
} TgSyncError;

GQuark tg_sync_error_quark (void);

G_END_DECLS
