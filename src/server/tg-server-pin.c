/* tg-server-pin.c: the server's key pin.
 *
 * Devices pin the server's public key, not its certificate, so a renewed
 * certificate for the same key keeps working: the pin is the base64
 * SHA-256 of the DER SubjectPublicKeyInfo, the value curl's
 * CURLOPT_PINNEDPUBLICKEY takes after "sha256//". It is computed from the
 * certificate the server actually serves (the first of the chain).
 */
#include "config.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "tg-server-private.h"

char *
_tg_server_key_pin (GTlsCertificate  *certificate,
                    GError          **error)
{
  g_autoptr(GByteArray) der = NULL;
  const unsigned char *cursor;
  unsigned char *spki = NULL;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  X509 *x509;
  int spki_length;
  gboolean ok;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "tls-cert: the certificate holds no DER data");
      return NULL;
    }

  cursor = der->data;
  x509 = d2i_X509 (NULL, &cursor, (long) der->len);
  if (x509 == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "tls-cert: OpenSSL cannot read the certificate");
      return NULL;
    }
  spki_length = i2d_X509_PUBKEY (X509_get_X509_PUBKEY (x509), &spki);
  ok = spki_length > 0 &&
       EVP_Digest (spki, (size_t) spki_length, digest, &digest_length, EVP_sha256 (), NULL) == 1;
  OPENSSL_free (spki);
  X509_free (x509);
  if (!ok)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "tls-cert: cannot read the certificate's public key");
      return NULL;
    }
  return g_base64_encode (digest, digest_length);
}
