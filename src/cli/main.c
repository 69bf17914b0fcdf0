#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tg-cli.h"

int
main (int    argc,
      char **argv)
{
  /* Messages (a rejected field, a failed sync) follow the user's language
   * as in the app; the JSON keys and error codes never change. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  return tg_cli_run (argc, argv);
}
