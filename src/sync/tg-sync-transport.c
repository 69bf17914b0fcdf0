/* tg-sync-transport.c: HTTPS with libcurl, locked down.
 *
 * Every request is built here with the same settings: https only (the URL
 * is checked before curl sees it, and curl may speak nothing else nor
 * follow redirects), TLS 1.2 or later, certificate and host checked, and
 * the server's key pinned. curl checks the pin at the end of the TLS
 * handshake, before it writes the request, so a wrong server never gets a
 * token, a code or a change.
 *
 * Replies are read into memory up to TG_WIRE_MAX_BODY and unpacked with
 * tg_wire_gunzip(), which stops at TG_WIRE_MAX_UNPACKED: curl is not asked
 * to decompress, because it would do so without a bound.
 */
#include "config.h"

#include "tg-sync-transport.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tg-sync-error.h"
#include "tg-wire.h"

struct _TgSyncTransport
{
  GObject  parent_instance;

  /* The server's base URL: https, a host, no trailing slash. */
  char    *url;

  /* "sha256//<base64 of 32 bytes>", as CURLOPT_PINNEDPUBLICKEY takes it.
   * Never NULL: a transport without a pin cannot be made. */
  char    *pinned_key;

  /* PEM file of CA certificates to trust instead of the system's; NULL
   * for the system's. */
  char    *ca_file;

  /* Seconds the server asked to wait (Retry-After) in its last reply;
   * 0 when it asked nothing. */
  guint    retry_after;
};

G_DEFINE_FINAL_TYPE (TgSyncTransport, tg_sync_transport, G_TYPE_OBJECT)

/* What one exchange collects while curl runs. */
typedef struct {
  GByteArray   *body;         /* the reply as received, at most TG_WIRE_MAX_BODY */
  gboolean      too_large;    /* the reply went past TG_WIRE_MAX_BODY */
  gboolean      gzipped;      /* the reply said Content-Encoding: gzip */
  guint         retry_after;  /* the reply's Retry-After, in seconds */
  GCancellable *cancellable;
} Exchange;

static void
tg_sync_transport_finalize (GObject *object)
{
  TgSyncTransport *self = TG_SYNC_TRANSPORT (object);

  g_free (self->url);
  g_free (self->pinned_key);
  g_free (self->ca_file);

  G_OBJECT_CLASS (tg_sync_transport_parent_class)->finalize (object);
}

static void
tg_sync_transport_class_init (TgSyncTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tg_sync_transport_finalize;
}

static void
tg_sync_transport_init (TgSyncTransport *self)
{
}

/* curl_global_init() is not thread-safe in every curl build, so it runs
 * once, before the first handle, whichever thread gets there first. */
static void
ensure_curl (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialised, 1);
    }
}

char *
tg_sync_transport_normalize_pin (const char  *pin,
                                 GError     **error)
{
  g_autofree guchar *digest = NULL;
  gsize length = 0;
  const char *b64;

  if (pin == NULL)
    pin = "";
  b64 = g_str_has_prefix (pin, "sha256//") ? pin + strlen ("sha256//") : pin;

  /* g_base64_decode() skips what is not base64; insist on the alphabet so
   * a pin copied with a stray character is refused, not silently changed. */
  for (const char *c = b64; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '+' && *c != '/' && *c != '=')
      goto bad;
  if (strlen (b64) != 44)
    goto bad;
  digest = g_base64_decode (b64, &length);
  if (length != 32)
    goto bad;
  return g_strdup (b64);

bad:
  g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_BAD_PIN,
               _("server-key-sha256: “%s” is not the base64 SHA-256 of a public "
                 "key (44 characters, as the server prints after “pin sha256//”)"),
               pin);
  return NULL;
}

/* Only https, with a host; no user name or password in the URL, which
 * would be sent and logged. */
static char *
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, &parse_error);
  if (uri == NULL)
    {
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_INSECURE_URL,
                   _("URL: “%s” is not a URL"), url != NULL ? url : "");
      return NULL;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_INSECURE_URL,
                   _("URL: “%s” is not an https:// URL; Throughgate talks to its "
                     "server only over HTTPS, and nothing was sent"), url);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0'
      || g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL
      || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_INSECURE_URL,
                   _("URL: “%s” must be https://HOST[:PORT][/PATH], with no user, "
                     "query or fragment"), url);
      return NULL;
    }

  text = g_strdup (url);
  length = strlen (text);
  while (length > 0 && text[length - 1] == '/')
    text[--length] = '\0';
  return g_steal_pointer (&text);
}

TgSyncTransport *
tg_sync_transport_new (const char  *url,
                       const char  *pin,
                       const char  *ca_file,
                       GError     **error)
{
  g_autoptr(TgSyncTransport) self = NULL;
  g_autofree char *checked_url = check_url (url, error);
  g_autofree char *checked_pin = NULL;

  if (checked_url == NULL)
    return NULL;
  checked_pin = tg_sync_transport_normalize_pin (pin, error);
  if (checked_pin == NULL)
    return NULL;

  self = g_object_new (TG_TYPE_SYNC_TRANSPORT, NULL);
  self->url = g_steal_pointer (&checked_url);
  self->pinned_key = g_strconcat ("sha256//", checked_pin, NULL);
  self->ca_file = g_strdup (ca_file);
  return g_steal_pointer (&self);
}

const char *
tg_sync_transport_get_url (TgSyncTransport *self)
{
  g_return_val_if_fail (TG_IS_SYNC_TRANSPORT (self), NULL);

  return self->url;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  count,
          void   *user_data)
{
  Exchange *exchange = user_data;
  size_t length = size * count;

  /* Returning less than given makes curl stop with CURLE_WRITE_ERROR. */
  if (exchange->body->len + length > TG_WIRE_MAX_BODY)
    {
      exchange->too_large = TRUE;
      return 0;
    }
  g_byte_array_append (exchange->body, (const guint8 *) data, (guint) length);
  return length;
}

static size_t
header_cb (char   *line,
           size_t  size,
           size_t  count,
           void   *user_data)
{
  Exchange *exchange = user_data;
  size_t length = size * count;
  g_autofree char *text = g_strstrip (g_strndup (line, length));
  static const char name[] = "content-encoding:";
  static const char retry[] = "retry-after:";

  /* A new status line starts a new set of headers (after a 100 Continue). */
  if (g_str_has_prefix (text, "HTTP/"))
    {
      exchange->gzipped = FALSE;
      exchange->retry_after = 0;
    }
  else if (g_ascii_strncasecmp (text, retry, strlen (retry)) == 0)
    {
      guint64 seconds = 0;

      /* Only the delta-seconds form; the server never sends a date. */
      if (g_ascii_string_to_unsigned (g_strstrip (text + strlen (retry)), 10, 0, 3600,
                                      &seconds, NULL))
        exchange->retry_after = (guint) seconds;
    }
  else if (g_ascii_strncasecmp (text, name, strlen (name)) == 0)
    {
      const char *value = text + strlen (name);

      while (*value == ' ' || *value == '\t')
        value++;
      exchange->gzipped = g_ascii_strcasecmp (value, "gzip") == 0;
    }
  return length;
}

static int
xferinfo_cb (void       *user_data,
             curl_off_t  dl_total,
             curl_off_t  dl_now,
             curl_off_t  ul_total,
             curl_off_t  ul_now)
{
  Exchange *exchange = user_data;

  /* Non-zero makes curl stop with CURLE_ABORTED_BY_CALLBACK. */
  return g_cancellable_is_cancelled (exchange->cancellable) ? 1 : 0;
}

/* Turns a failed curl_easy_perform() into an error a worker can act on. */
static void
set_curl_error (GError         **error,
                CURLcode         code,
                const char      *detail,
                const Exchange  *exchange,
                const char      *url)
{
  const char *why = detail[0] != '\0' ? detail : curl_easy_strerror (code);

  switch ((int) code)
    {
    case CURLE_ABORTED_BY_CALLBACK:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The sync was cancelled"));
      return;

    /* Translators: in these messages the first %s is the server's URL and
     * the other is curl's reason, in English. */
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_SERVER_IDENTITY,
                   _("The server's identity did not match: the server at %s does "
                     "not have the key its pin names (%s). Nothing was sent. Check "
                     "the pin you were given with the enrolment code"), url, why);
      return;

    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_SERVER_IDENTITY,
                   _("The server's identity did not match: the certificate of %s "
                     "could not be verified (%s). Nothing was sent"), url, why);
      return;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CERTPROBLEM:
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_SERVER_IDENTITY,
                   _("The server's identity did not match: no secure connection "
                     "to %s could be set up (%s). Nothing was sent"), url, why);
      return;

    case CURLE_UNSUPPORTED_PROTOCOL:
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_INSECURE_URL,
                   _("URL: %s is not reachable over HTTPS (%s)"), url, why);
      return;

    case CURLE_WRITE_ERROR:
      if (exchange->too_large)
        {
          g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_BAD_REPLY,
                       _("The server's reply is larger than %d bytes"),
                       TG_WIRE_MAX_BODY);
          return;
        }
      break;

    default:
      break;
    }

  g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_NETWORK,
               _("Could not reach the server at %s: %s"), url, why);
}

/* The reply body, unpacked when the server said it is gzip. */
static GBytes *
unpack (Exchange  *exchange,
        GError   **error)
{
  g_autoptr(GBytes) raw = g_byte_array_free_to_bytes (g_steal_pointer (&exchange->body));

  if (!exchange->gzipped)
    return g_steal_pointer (&raw);
  return tg_wire_gunzip (raw, TG_WIRE_MAX_UNPACKED, error);
}

static GBytes *
perform (TgSyncTransport  *self,
         const char       *path,
         const char       *token,
         GBytes           *body,
         gboolean          compress,
         gint64           *out_server_time,
         GCancellable     *cancellable,
         GError          **error)
{
  g_autofree char *url = g_strconcat (self->url, path, NULL);
  g_autofree char *authorization = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) reply_error = NULL;
  struct curl_slist *headers = NULL;
  char detail[CURL_ERROR_SIZE] = "";
  Exchange exchange = { 0 };
  long status = 0;
  CURLcode code;
  CURL *curl;

  if (out_server_time != NULL)
    *out_server_time = 0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  ensure_curl ();
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, TG_SYNC_ERROR, TG_SYNC_ERROR_NETWORK,
                           _("Could not start an HTTPS request"));
      return NULL;
    }

  exchange.body = g_byte_array_new ();
  exchange.cancellable = cancellable;

  /* What may be spoken, to whom, and how the server is recognised. */
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_PINNEDPUBLICKEY, self->pinned_key);
  if (self->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, self->ca_file);

  /* How long to wait, and a way out for the caller. */
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) TG_SYNC_CONNECT_TIMEOUT);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) TG_SYNC_TOTAL_TIMEOUT);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, (long) TG_SYNC_LOW_SPEED_BYTES);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) TG_SYNC_LOW_SPEED_TIME);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &exchange);

  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Throughgate/" PACKAGE_VERSION);

  /* The reply is unpacked here, with a bound; see the top of the file. */
  headers = curl_slist_append (headers, "Accept-Encoding: gzip");
  headers = curl_slist_append (headers, "Accept: application/json");
  /* No "Expect: 100-continue" round trip before the body. */
  headers = curl_slist_append (headers, "Expect:");
  if (token != NULL)
    {
      authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
      headers = curl_slist_append (headers, authorization);
    }

  if (body != NULL)
    {
      GBytes *send = body;
      gsize length;
      gconstpointer data;

      headers = curl_slist_append (headers, "Content-Type: application/json");
      if (compress)
        {
          packed = tg_wire_gzip (body);
          send = packed;
          headers = curl_slist_append (headers, "Content-Encoding: gzip");
        }
      data = g_bytes_get_data (send, &length);
      curl_easy_setopt (curl, CURLOPT_POST, 1L);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) length);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, length > 0 ? data : "");
    }
  else
    curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  code = curl_easy_perform (curl);
  if (code == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  self->retry_after = exchange.retry_after;

  curl_easy_cleanup (curl);
  curl_slist_free_all (headers);
  /* The token is a credential: do not leave it lying in freed memory. */
  if (authorization != NULL)
    memset (authorization, 0, strlen (authorization));

  if (code != CURLE_OK)
    {
      set_curl_error (error, code, detail, &exchange, self->url);
      g_clear_pointer (&exchange.body, g_byte_array_unref);
      return NULL;
    }

  reply = unpack (&exchange, &reply_error);
  if (status >= 400)
    {
      /* An error document that cannot be read still yields an error for
       * its status. */
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

      tg_wire_decode_error (reply != NULL ? reply : empty, (guint) status,
                            out_server_time, error);
      return NULL;
    }
  if (reply == NULL)
    {
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_BAD_REPLY,
                   _("The server's reply could not be unpacked: %s"),
                   reply_error->message);
      return NULL;
    }
  if (status != 200)
    {
      g_set_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_BAD_REPLY,
                   _("The server answered with HTTP status %ld"), status);
      return NULL;
    }
  return g_steal_pointer (&reply);
}

GBytes *
tg_sync_transport_post (TgSyncTransport  *self,
                        const char       *path,
                        const char       *token,
                        GBytes           *body,
                        gboolean          compress,
                        gint64           *out_server_time,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_return_val_if_fail (TG_IS_SYNC_TRANSPORT (self), NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);
  g_return_val_if_fail (body != NULL, NULL);

  return perform (self, path, token, body, compress, out_server_time,
                  cancellable, error);
}

GBytes *
tg_sync_transport_get (TgSyncTransport  *self,
                       const char       *path,
                       const char       *token,
                       gint64           *out_server_time,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_return_val_if_fail (TG_IS_SYNC_TRANSPORT (self), NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  return perform (self, path, token, NULL, FALSE, out_server_time,
                  cancellable, error);
}

guint
tg_sync_transport_get_retry_after (TgSyncTransport *self)
{
  return self->retry_after;
}
