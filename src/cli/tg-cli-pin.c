/* tg-cli-pin.c: the worker's PIN, from a file or from the terminal.
 *
 * The PIN unlocks the store key, so it is handled like the key: read with
 * plain system calls into buffers the CLI owns (no stdio buffers that keep
 * copies), and wiped before the memory is freed.
 */
#include "tg-cli-private.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "tg-key-vault.h"
#include "tg-key-wrap.h"

/* Longer than any PIN anyone types; a longer first line is not a PIN. */
#define PIN_MAX 256

void
_tg_cli_pin_free (TgCliPin *pin)
{
  if (pin == NULL)
    return;
  tg_key_wipe (pin, strlen (pin));
  g_free (pin);
}

/* Reads up to the first line break or the end of @fd into a new string,
 * without the line break (and without a carriage return before it, for a
 * file saved on Windows). */
static TgCliPin *
read_line (int          fd,
           const char  *what,
           GError     **error)
{
  char buffer[PIN_MAX + 1];
  gsize length = 0;
  TgCliPin *pin;

  while (length < sizeof buffer)
    {
      ssize_t n = read (fd, buffer + length, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          tg_key_wipe (buffer, sizeof buffer);
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                       "%s: could not read the PIN: %s", what,
                       g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0 || buffer[length] == '\n')
        break;
      length++;
    }

  if (length > PIN_MAX)
    {
      tg_key_wipe (buffer, sizeof buffer);
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                   "%s: the PIN is longer than %d bytes", what, PIN_MAX);
      return NULL;
    }
  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  if (length == 0)
    {
      tg_key_wipe (buffer, sizeof buffer);
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                   "%s: no PIN on the first line", what);
      return NULL;
    }

  pin = g_strndup (buffer, length);
  tg_key_wipe (buffer, sizeof buffer);
  return pin;
}

static TgCliPin *
read_pin_file (const char  *path,
               GError     **error)
{
  struct stat st;
  TgCliPin *pin;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                   "--pin-file: cannot open %s: %s", path,
                   g_strerror (saved_errno));
      return NULL;
    }

  /* Checked on the open file, not the path, so the file cannot be swapped
   * between the check and the read. Like ssh with private keys, refuse a
   * file others could read: a PIN that is not private protects nothing. */
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                   "--pin-file: cannot read %s: %s", path,
                   g_strerror (saved_errno));
      return NULL;
    }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      close (fd);
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                   "--pin-file: %s is accessible by group or others "
                   "(mode %04o); make it private with chmod 600",
                   path, (guint) (st.st_mode & 07777));
      return NULL;
    }

  pin = read_line (fd, "--pin-file", error);
  close (fd);
  return pin;
}

/* The terminal settings to restore if a signal ends the prompt; only set
 * while echo is off. */
static int tty_fd = -1;
static struct termios tty_saved;

static void
restore_tty_on_signal_cb (int signum)
{
  if (tty_fd >= 0)
    tcsetattr (tty_fd, TCSAFLUSH, &tty_saved);
  signal (signum, SIG_DFL);
  raise (signum);
}

static TgCliPin *
prompt_once (int          fd,
             const char  *prompt,
             GError     **error)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP };
  struct sigaction action = { 0 };
  struct sigaction previous[G_N_ELEMENTS (signals)];
  struct termios quiet;
  TgCliPin *pin;

  if (tcgetattr (fd, &tty_saved) != 0)
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                   "cannot ask for the PIN: the terminal does not answer (%s); "
                   "pass --pin-file FILE", g_strerror (errno));
      return NULL;
    }

  action.sa_handler = restore_tty_on_signal_cb;
  sigemptyset (&action.sa_mask);
  tty_fd = fd;
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, &previous[i]);

  quiet = tty_saved;
  quiet.c_lflag &= ~(ECHO | ECHOE | ECHOK);
  quiet.c_lflag |= ECHONL | ICANON;
  tcsetattr (fd, TCSAFLUSH, &quiet);

  if (write (fd, prompt, strlen (prompt)) < 0)
    {
      /* Nothing to do: the read below fails the same way. */
    }
  pin = read_line (fd, "PIN", error);

  tcsetattr (fd, TCSAFLUSH, &tty_saved);
  tty_fd = -1;
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &previous[i], NULL);

  return pin;
}

static TgCliPin *
prompt_pin (gboolean   confirm,
            GError   **error)
{
  g_autoptr(TgCliPin) pin = NULL;
  g_autoptr(TgCliPin) again = NULL;
  int fd;

  fd = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                           "no terminal to ask for the PIN on; "
                           "pass --pin-file FILE");
      return NULL;
    }

  pin = prompt_once (fd, confirm ? "New PIN: " : "PIN: ", error);
  if (pin != NULL && confirm)
    {
      if (g_utf8_strlen (pin, -1) < TG_PIN_MIN_LENGTH)
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                       "PIN: the PIN must be at least %d characters",
                       TG_PIN_MIN_LENGTH);
          g_clear_pointer (&pin, _tg_cli_pin_free);
        }
      else
        {
          again = prompt_once (fd, "The same PIN again: ", error);
          if (again == NULL)
            g_clear_pointer (&pin, _tg_cli_pin_free);
          else if (strcmp (pin, again) != 0)
            {
              g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                                   "PIN: the two PINs differ");
              g_clear_pointer (&pin, _tg_cli_pin_free);
            }
        }
    }

  close (fd);
  return g_steal_pointer (&pin);
}

TgCliPin *
_tg_cli_read_pin (TgCli     *cli,
                  gboolean   confirm,
                  GError   **error)
{
  if (cli->pin_file != NULL)
    return read_pin_file (cli->pin_file, error);
  return prompt_pin (confirm, error);
}
