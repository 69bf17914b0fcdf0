/* tg-top-section.h: a person's Treatment Outcomes Profiles on the client
 * page: one row per TOP (stage, day, the three ratings), the order
 * problems from tg_top_check_sequence, and "New TOP", which opens the
 * form (TgTopForm). Clinical: never shown on a mentor's device.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_TOP_SECTION (tg_top_section_get_type ())
G_DECLARE_FINAL_TYPE (TgTopSection, tg_top_section, TG, TOP_SECTION, AdwBin)

GtkWidget *tg_top_section_new        (TgStoreService *service);
void       tg_top_section_set_client (TgTopSection   *self,
                                      const char     *client_id);
/* Opens the form for a new TOP and returns it (owned by GTK). */
GtkWidget *tg_top_section_open_form  (TgTopSection   *self);
/* For tests: the TOPs listed once loaded. */
guint      tg_top_section_get_n_tops (TgTopSection   *self);

G_END_DECLS
