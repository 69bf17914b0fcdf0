/* tg-sync-credentials.c: the device token in the keyring (libsecret). */
#include "tg-sync-credentials.h"

#include <libsecret/secret.h>
#include <string.h>

#include "tg-store-error.h"
#include "tg-sync-error.h"

static const SecretSchema *
device_token_schema (void)
{
  static const SecretSchema schema = {
    "org.throughgate.DeviceToken", SECRET_SCHEMA_NONE,
    {
      { "store-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

/* libsecret reports a missing Secret Service as D-Bus, IO or spawn
 * errors; to the worker they all mean the keyring is not there. A
 * cancellation stays one. */
static void
propagate_keyring_error (GError     **error,
                         GError      *cause,
                         const char  *doing)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return;
    }
  g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEYRING_UNAVAILABLE,
               "The keyring is not available (%s): %s. Throughgate keeps the "
               "device token only in the keyring; unlock or start it and try "
               "again", doing, cause->message);
  g_error_free (cause);
}

gboolean
tg_sync_credentials_save (const char    *store_id,
                          const char    *token,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (store_id != NULL, FALSE);
  g_return_val_if_fail (token != NULL && token[0] != '\0', FALSE);

  label = g_strdup_printf ("Throughgate device token (%s)", store_id);
  if (!secret_password_store_sync (device_token_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, token, cancellable, &local_error,
                                   "store-id", store_id, NULL))
    {
      propagate_keyring_error (error, local_error, "saving the device token");
      return FALSE;
    }
  return TRUE;
}

char *
tg_sync_credentials_load (const char    *store_id,
                          GCancellable  *cancellable,
                          GError       **error)
{
  GError *local_error = NULL;
  char *secret;
  char *token;

  g_return_val_if_fail (store_id != NULL, NULL);

  secret = secret_password_lookup_sync (device_token_schema (), cancellable,
                                        &local_error, "store-id", store_id, NULL);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, "reading the device token");
      return NULL;
    }
  if (secret == NULL)
    {
      g_set_error_literal (error, TG_SYNC_ERROR, TG_SYNC_ERROR_NOT_ENROLLED,
                           "This device has no device token: enrol it with "
                           "throughgate-cli enroll");
      return NULL;
    }

  /* Copied into memory this code wipes; libsecret's copy is wiped by
   * secret_password_free(). */
  token = g_strdup (secret);
  secret_password_free (secret);
  return token;
}

gboolean
tg_sync_credentials_delete (const char    *store_id,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (store_id != NULL, FALSE);

  secret_password_clear_sync (device_token_schema (), cancellable, &local_error,
                              "store-id", store_id, NULL);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, "removing the device token");
      return FALSE;
    }
  return TRUE;
}

void
tg_sync_credentials_free (char *token)
{
  if (token == NULL)
    return;
  memset (token, 0, strlen (token));
  g_free (token);
}
