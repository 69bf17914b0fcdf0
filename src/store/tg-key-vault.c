#include "tg-key-vault.h"

#include <libsecret/secret.h>

#include "tg-store-error.h"

static const SecretSchema *
store_key_schema (void)
{
  static const SecretSchema schema = {
    "org.throughgate.StoreKey", SECRET_SCHEMA_NONE,
    {
      { "store-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

/* libsecret reports a missing or unreachable Secret Service as D-Bus, IO
 * or spawn errors; to the worker they all mean the same thing. */
static void
propagate_keyring_error (GError  **error,
                         GError   *cause,
                         const char *doing)
{
  g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEYRING_UNAVAILABLE,
               "The keyring is not available (%s): %s. Throughgate keeps its "
               "key only in the keyring; unlock or start it and try again",
               doing, cause->message);
  g_error_free (cause);
}

gboolean
tg_key_vault_save (const char   *store_id,
                   const guint8  key[TG_STORE_KEY_SIZE],
                   const char   *pin,
                   GError      **error)
{
  g_autofree char *sealed = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  if (pin == NULL || g_utf8_strlen (pin, -1) < TG_PIN_MIN_LENGTH)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_WEAK_PIN,
                   "pin: the PIN must be at least %d characters",
                   TG_PIN_MIN_LENGTH);
      return FALSE;
    }

  sealed = tg_key_wrap (key, pin, store_id, error);
  if (sealed == NULL)
    return FALSE;

  label = g_strdup_printf ("Throughgate store key (%s)", store_id);
  if (!secret_password_store_sync (store_key_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, sealed, NULL, &local_error,
                                   "store-id", store_id, NULL))
    {
      propagate_keyring_error (error, local_error, "saving the store key");
      return FALSE;
    }
  return TRUE;
}

gboolean
tg_key_vault_load (const char   *store_id,
                   const char   *pin,
                   guint8        key_out[TG_STORE_KEY_SIZE],
                   GError      **error)
{
  GError *local_error = NULL;
  char *sealed;
  gboolean ok;

  sealed = secret_password_lookup_sync (store_key_schema (), NULL, &local_error,
                                        "store-id", store_id, NULL);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, "reading the store key");
      return FALSE;
    }
  if (sealed == NULL)
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_KEY_MISSING,
                   "The keyring holds no key for store %s. Without it the "
                   "store cannot be read; enrol the device again to get its "
                   "records back from the server", store_id);
      return FALSE;
    }

  ok = tg_key_unwrap (sealed, pin != NULL ? pin : "", store_id, key_out, error);
  secret_password_free (sealed);
  return ok;
}

gboolean
tg_key_vault_delete (const char  *store_id,
                     GError     **error)
{
  GError *local_error = NULL;

  secret_password_clear_sync (store_key_schema (), NULL, &local_error,
                              "store-id", store_id, NULL);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, "removing the store key");
      return FALSE;
    }
  return TRUE;
}
