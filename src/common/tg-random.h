/* tg-random.h: random bytes from the operating system.
 *
 * Keys and identifiers come from getrandom(2), never from g_random_*, whose
 * generator is not meant for secrets.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean tg_random_bytes (void    *buffer,
                          gsize    length,
                          GError **error);

G_END_DECLS
