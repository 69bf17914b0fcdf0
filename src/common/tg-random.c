#include "tg-random.h"

#include <errno.h>
#include <gio/gio.h>
#include <sys/random.h>

gboolean
tg_random_bytes (void    *buffer,
                 gsize    length,
                 GError **error)
{
  guint8 *out = buffer;
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (out + done, length - done, 0);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not read random bytes from the system: %s",
                       g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }

  return TRUE;
}
