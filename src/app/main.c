/* throughgate: the app. Everything is in the tg-app library. */

#include "config.h"

#include "tg-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TgApplication) app = tg_application_new (APP_ID);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
