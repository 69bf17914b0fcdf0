/* tg-key-vault.h: the store key in the user's keyring (libsecret).
 *
 * The keyring holds only the PIN-sealed key (tg-key-wrap.h), one item per
 * store, found by the store id. Without a Secret Service there is no store:
 * the key is never written anywhere else.
 */
#pragma once

#include <glib.h>

#include "tg-key-wrap.h"

G_BEGIN_DECLS

/* Minimum PIN length, from the security model. */
#define TG_PIN_MIN_LENGTH 6

gboolean tg_key_vault_save   (const char   *store_id,
                              const guint8  key[TG_STORE_KEY_SIZE],
                              const char   *pin,
                              GError      **error);

gboolean tg_key_vault_load   (const char   *store_id,
                              const char   *pin,
                              guint8        key_out[TG_STORE_KEY_SIZE],
                              GError      **error);

/* Removes the item; TRUE also when there was none. */
gboolean tg_key_vault_delete (const char   *store_id,
                              GError      **error);

G_END_DECLS
