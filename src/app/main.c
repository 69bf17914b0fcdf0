/* throughgate: the app. Everything is in the tg-app library. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tg-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TgApplication) app = NULL;

  /* Strings follow the user's language; dates and numbers the locale
   * (en_GB on the team's tablets). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = tg_application_new (APP_ID);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
