/* tg-sync-credentials.h: the device token in the user's keyring.
 *
 * The token the server hands out at enrolment is the device's password:
 * it lives only in the keyring (libsecret; the file backend inside
 * Flatpak), one item per store, found by the store id. There is no
 * fallback to a file: without a keyring a device cannot sync.
 *
 *   schema     org.throughgate.DeviceToken
 *   attribute  store-id = tg_store_get_id()
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  tg_sync_credentials_save   (const char    *store_id,
                                      const char    *token,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* The token, or NULL: with TG_SYNC_ERROR_NOT_ENROLLED when there is none,
 * with TG_STORE_ERROR_KEYRING_UNAVAILABLE when the keyring cannot be
 * asked. Free it with tg_sync_credentials_free(), which wipes it. */
char     *tg_sync_credentials_load   (const char    *store_id,
                                      GCancellable  *cancellable,
                                      GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* Removes the item; TRUE also when there was none. */
gboolean  tg_sync_credentials_delete (const char    *store_id,
                                      GCancellable  *cancellable,
                                      GError       **error);

void      tg_sync_credentials_free   (char          *token);

G_END_DECLS
