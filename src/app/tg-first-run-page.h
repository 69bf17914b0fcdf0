/* tg-first-run-page.h: making the store on a new device.
 *
 * ::server-url is the address offered for enrolment (the window binds it
 * to the setting of that name): it fills the address row until the
 * worker types another.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_FIRST_RUN_PAGE (tg_first_run_page_get_type ())
G_DECLARE_FINAL_TYPE (TgFirstRunPage, tg_first_run_page, TG, FIRST_RUN_PAGE, AdwBin)

GtkWidget *tg_first_run_page_new        (TgStoreService *service);
/* A message at the top, e.g. after a wipe; NULL hides it. */
void       tg_first_run_page_set_notice (TgFirstRunPage *self,
                                         const char     *notice);
/* What stops the Start button, in words; NULL when nothing does. */
const char *tg_first_run_page_get_problem (TgFirstRunPage *self);

G_END_DECLS
