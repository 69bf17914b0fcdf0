/* tg-top-form.h: one Treatment Outcomes Profile, filled in a dialog.
 *
 * The stage and day, then the four sections. Every number is checked as
 * it is typed and a bad one names its question; Save stays off while any
 * answer is out of range, and on Save the whole record is checked
 * (tg_top_validate: every question answered, amounts with the days of
 * use, sharing only with injecting) before anything is written.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_TOP_FORM (tg_top_form_get_type ())
G_DECLARE_FINAL_TYPE (TgTopForm, tg_top_form, TG, TOP_FORM, AdwWindow)

GtkWidget  *tg_top_form_new         (TgStoreService *service,
                                     const char     *client_id);
/* The problem shown above the form, or NULL. */
const char *tg_top_form_get_problem (TgTopForm      *self);
/* Saves when every answer is valid (as the Save button does); FALSE when
 * refused, with the problem shown. */
gboolean    tg_top_form_save        (TgTopForm      *self);

G_END_DECLS
