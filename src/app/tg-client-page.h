/* tg-client-page.h: one person: notes, profile, release plan (with the
 * appointments after release) and care (care plan, TOP, referrals,
 * contacts).
 *
 * Fields are validated as typed (TgFieldRow) and saved one by one through
 * the store service. The note composer keeps its text as an encrypted
 * draft in the store ("note:<client id>") half a second after the last
 * keystroke, restores it when the person is opened again, and drops it
 * when the note is saved.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_CLIENT_PAGE (tg_client_page_get_type ())
G_DECLARE_FINAL_TYPE (TgClientPage, tg_client_page, TG, CLIENT_PAGE, AdwBin)

/* How long typing must pause before the draft is saved. */
#define TG_DRAFT_SAVE_DELAY_MS 500

GtkWidget  *tg_client_page_new            (TgStoreService *service);
void        tg_client_page_show_client    (TgClientPage   *self,
                                           const char     *client_id);
const char *tg_client_page_get_client_id  (TgClientPage   *self);
/* Saves a pending draft now and forgets the person (on lock). */
void        tg_client_page_clear          (TgClientPage   *self);
void        tg_client_page_set_show_back  (TgClientPage   *self,
                                           gboolean        show_back);
/* Shows "notes", "profile", "release" or "care" (care plan, TOP,
 * referrals, contacts; hidden on a mentor's device). */
void        tg_client_page_set_section    (TgClientPage   *self,
                                           const char     *section);

/* For tests: the composer's buffer, whether the client is loaded, and
 * whether the text in the composer is what the store holds as the draft. */
GtkTextBuffer *tg_client_page_get_composer (TgClientPage  *self);
gboolean    tg_client_page_is_loaded      (TgClientPage   *self);
gboolean    tg_client_page_get_draft_saved (TgClientPage  *self);
guint       tg_client_page_get_n_notes    (TgClientPage   *self);
/* For tests: a field-workflow section: "care-plan", "top", "referral",
 * "contact" or "appointment". */
GtkWidget  *tg_client_page_get_section    (TgClientPage   *self,
                                           const char     *name);

G_END_DECLS
