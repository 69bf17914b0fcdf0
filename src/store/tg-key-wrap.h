/* tg-key-wrap.h: binds the store key to the worker's PIN.
 *
 * The 256-bit store key is sealed with AES-256-GCM under a key derived from
 * the PIN by scrypt (OpenSSL), with the store id as associated data. The
 * sealed blob is what goes into the keyring; without the PIN it is useless,
 * and a wrong PIN fails the GCM tag check instead of yielding a wrong key.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_STORE_KEY_SIZE 32

/* Returns the sealed key as text (base64), or NULL with an error. */
char     *tg_key_wrap   (const guint8  key[TG_STORE_KEY_SIZE],
                         const char   *pin,
                         const char   *store_id,
                         GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Opens a sealed key; TG_STORE_ERROR_WRONG_PIN when the PIN does not fit,
 * TG_STORE_ERROR_KEY_DAMAGED when the blob is not one of ours. */
gboolean  tg_key_unwrap (const char   *sealed,
                         const char   *pin,
                         const char   *store_id,
                         guint8        key_out[TG_STORE_KEY_SIZE],
                         GError      **error);

/* Wipes secret bytes in a way the compiler may not optimise away. */
void      tg_key_wipe   (void         *buffer,
                         gsize         length);

G_END_DECLS
