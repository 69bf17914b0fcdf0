#include "tg-uuid.h"

#include "tg-random.h"

char *
tg_uuid_new (void)
{
  guint8 b[16];
  g_autoptr(GError) error = NULL;

  /* getrandom() only fails before the kernel pool is seeded or on a broken
   * system; there is no safe fallback for an identifier that must be unique. */
  if (!tg_random_bytes (b, sizeof b, &error))
    g_error ("%s", error->message);

  b[6] = (b[6] & 0x0f) | 0x40;   /* version 4 */
  b[8] = (b[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

gboolean
tg_uuid_is_valid (const char *text)
{
  /* g_uuid_string_is_valid() accepts upper case too; ids are compared as
   * text, so only the canonical lower-case form is a valid id. */
  if (text == NULL || !g_uuid_string_is_valid (text))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}
