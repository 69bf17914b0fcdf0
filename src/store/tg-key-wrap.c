#include "tg-key-wrap.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "tg-random.h"
#include "tg-store-error.h"

/* Layout of a sealed key, before base64:
 *   "TGK1" | log2(N) | r | p | salt[16] | nonce[12] | ciphertext[32] | tag[16]
 * The scrypt cost travels with the blob so it can be raised later without
 * breaking existing keys. N = 2^15, r = 8 takes about 32 MiB and a tenth of
 * a second on a low-power tablet: slow enough to hurt guessing, fast enough
 * for an unlock screen. */
#define MAGIC        "TGK1"
#define MAGIC_LEN    4
#define SALT_LEN     16
#define NONCE_LEN    12
#define TAG_LEN      16
#define HEADER_LEN   (MAGIC_LEN + 3)
#define SEALED_LEN   (HEADER_LEN + SALT_LEN + NONCE_LEN + TG_STORE_KEY_SIZE + TAG_LEN)
#define DEFAULT_LOG2_N 15
#define DEFAULT_R      8
#define DEFAULT_P      1
#define MAX_LOG2_N     20
/* Bounds on what a damaged or planted blob may ask of scrypt. */
#define MAX_R          32
#define MAX_P          4
#define MAX_MEMORY     (G_GUINT64_CONSTANT (256) << 20)

void
tg_key_wipe (void  *buffer,
             gsize  length)
{
  OPENSSL_cleanse (buffer, length);
}

static gboolean
derive_kek (const char   *pin,
            const guint8 *salt,
            guint         log2_n,
            guint         r,
            guint         p,
            guint8        kek[32],
            GError      **error)
{
  guint64 n = G_GUINT64_CONSTANT (1) << log2_n;
  /* OpenSSL's default memory cap (32 MiB) is just below what N=2^15, r=8
   * needs; allow the exact requirement plus slack. */
  guint64 max_mem = 128 * r * (n + p + 2) + (1 << 20);

  if (EVP_PBE_scrypt (pin, strlen (pin), salt, SALT_LEN, n, r, p, max_mem,
                      kek, 32) != 1)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_DAMAGED,
                   "Could not derive the key from the PIN (scrypt failed)");
      return FALSE;
    }
  return TRUE;
}

/* AES-256-GCM in one direction; @encrypt chooses which. Returns FALSE when
 * decryption fails the tag check. */
static gboolean
gcm (gboolean      encrypt,
     const guint8  kek[32],
     const guint8  nonce[NONCE_LEN],
     const char   *aad,
     const guint8 *in,
     guint8       *out,
     guint8        tag[TAG_LEN])
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  gboolean ok = FALSE;
  int len = 0;

  if (ctx == NULL)
    return FALSE;

  if (EVP_CipherInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL, encrypt) != 1 ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) != 1 ||
      EVP_CipherInit_ex (ctx, NULL, NULL, kek, nonce, encrypt) != 1 ||
      EVP_CipherUpdate (ctx, NULL, &len, (const guint8 *) aad, (int) strlen (aad)) != 1 ||
      EVP_CipherUpdate (ctx, out, &len, in, TG_STORE_KEY_SIZE) != 1)
    goto out;

  if (!encrypt && EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, tag) != 1)
    goto out;
  if (EVP_CipherFinal_ex (ctx, out + len, &len) != 1)
    goto out;
  if (encrypt && EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, tag) != 1)
    goto out;

  ok = TRUE;

out:
  EVP_CIPHER_CTX_free (ctx);
  return ok;
}

char *
tg_key_wrap (const guint8  key[TG_STORE_KEY_SIZE],
             const char   *pin,
             const char   *store_id,
             GError      **error)
{
  guint8 blob[SEALED_LEN];
  guint8 kek[32];
  guint8 *salt = blob + HEADER_LEN;
  guint8 *nonce = salt + SALT_LEN;
  guint8 *ct = nonce + NONCE_LEN;
  guint8 *tag = ct + TG_STORE_KEY_SIZE;
  char *sealed = NULL;

  memcpy (blob, MAGIC, MAGIC_LEN);
  blob[MAGIC_LEN] = DEFAULT_LOG2_N;
  blob[MAGIC_LEN + 1] = DEFAULT_R;
  blob[MAGIC_LEN + 2] = DEFAULT_P;

  if (!tg_random_bytes (salt, SALT_LEN + NONCE_LEN, error))
    return NULL;
  if (!derive_kek (pin, salt, DEFAULT_LOG2_N, DEFAULT_R, DEFAULT_P, kek, error))
    return NULL;

  if (gcm (TRUE, kek, nonce, store_id, key, ct, tag))
    sealed = g_base64_encode (blob, sizeof blob);
  else
    g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_DAMAGED,
                 "Could not seal the store key (AES-GCM failed)");

  tg_key_wipe (kek, sizeof kek);
  return sealed;
}

gboolean
tg_key_unwrap (const char   *sealed,
               const char   *pin,
               const char   *store_id,
               guint8        key_out[TG_STORE_KEY_SIZE],
               GError      **error)
{
  g_autofree guint8 *blob = NULL;
  gsize blob_len = 0;
  guint8 kek[32];
  gboolean ok;

  blob = g_base64_decode (sealed, &blob_len);
  if (blob_len != SEALED_LEN || memcmp (blob, MAGIC, MAGIC_LEN) != 0 ||
      blob[MAGIC_LEN] < 10 || blob[MAGIC_LEN] > MAX_LOG2_N ||
      blob[MAGIC_LEN + 1] == 0 || blob[MAGIC_LEN + 1] > MAX_R ||
      blob[MAGIC_LEN + 2] == 0 || blob[MAGIC_LEN + 2] > MAX_P)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_DAMAGED,
                   "The keyring item for this store is not a Throughgate key");
      return FALSE;
    }

  if ((G_GUINT64_CONSTANT (128) * blob[MAGIC_LEN + 1] << blob[MAGIC_LEN]) > MAX_MEMORY)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_DAMAGED,
                   "The keyring item for this store asks for more memory than a key may");
      return FALSE;
    }

  if (!derive_kek (pin, blob + HEADER_LEN, blob[MAGIC_LEN], blob[MAGIC_LEN + 1],
                   blob[MAGIC_LEN + 2], kek, error))
    return FALSE;

  ok = gcm (FALSE, kek, blob + HEADER_LEN + SALT_LEN, store_id,
            blob + HEADER_LEN + SALT_LEN + NONCE_LEN, key_out,
            blob + HEADER_LEN + SALT_LEN + NONCE_LEN + TG_STORE_KEY_SIZE);
  tg_key_wipe (kek, sizeof kek);

  if (!ok)
    {
      tg_key_wipe (key_out, TG_STORE_KEY_SIZE);
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WRONG_PIN,
                   "The PIN is not right for this store");
      return FALSE;
    }
  return TRUE;
}
