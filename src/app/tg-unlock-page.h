/* tg-unlock-page.h: the PIN prompt of a locked store. */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_UNLOCK_PAGE (tg_unlock_page_get_type ())
G_DECLARE_FINAL_TYPE (TgUnlockPage, tg_unlock_page, TG, UNLOCK_PAGE, AdwBin)

GtkWidget *tg_unlock_page_new       (TgStoreService *service);
/* A line under the PIN entry, such as the demo's PIN; NULL hides it. */
void       tg_unlock_page_set_hint  (TgUnlockPage   *self,
                                     const char     *hint);
/* Clears the entry and focuses it. */
void       tg_unlock_page_reset     (TgUnlockPage   *self);
/* Types @pin and unlocks, as a worker pressing Enter would (tests). */
void       tg_unlock_page_submit    (TgUnlockPage   *self,
                                     const char     *pin);
const char *tg_unlock_page_get_warning (TgUnlockPage *self);

G_END_DECLS
