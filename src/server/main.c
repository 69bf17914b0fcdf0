#include <locale.h>

#include "tg-server-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  return tg_server_cli_run (argc, argv);
}
