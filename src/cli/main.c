#include <locale.h>

#include "tg-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  return tg_cli_run (argc, argv);
}
