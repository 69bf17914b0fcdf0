#include <locale.h>

#include "tg-server-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* The server answers every device in one language whatever its own
   * locale: its messages (validation errors in replies, the log) stay in
   * English, the protocol's language. */
  setlocale (LC_MESSAGES, "C");
  return tg_server_cli_run (argc, argv);
}
