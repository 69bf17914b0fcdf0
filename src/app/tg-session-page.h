/* tg-session-page.h: running a surgery or clinic session.
 *
 * Start: the place (HMP Nottingham, a homelessness project, the women's
 * centre, an approved premises, other with its name) and the day, today
 * by default. Then the people seen: search the caseload as you type, one
 * tap adds a person; tapping someone seen opens them (::client-activated),
 * and notes written for them while the session runs link to it. The
 * session is the store service's active session; after a lock, today's
 * latest session of this worker that was not ended is resumed.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_SESSION_PAGE (tg_session_page_get_type ())
G_DECLARE_FINAL_TYPE (TgSessionPage, tg_session_page, TG, SESSION_PAGE, AdwBin)

GtkWidget  *tg_session_page_new          (TgStoreService *service);
/* The session shown, or NULL on the start form. */
const char *tg_session_page_get_session  (TgSessionPage  *self);
/* For tests: people seen, and search matches shown, once loaded. */
guint       tg_session_page_get_n_seen   (TgSessionPage  *self);
guint       tg_session_page_get_n_matches (TgSessionPage *self);
/* Starts a session as the Start button does, from the form's values. */
void        tg_session_page_start        (TgSessionPage  *self);
/* Types @text in the quick-add search. */
void        tg_session_page_search       (TgSessionPage  *self,
                                          const char     *text);
/* Adds the @index-th search match, as tapping it does. */
void        tg_session_page_add_match    (TgSessionPage  *self,
                                          guint           index);
/* Opens the @index-th person seen, as tapping them does. */
void        tg_session_page_open_seen    (TgSessionPage  *self,
                                          guint           index);

/* Takes the @index-th person seen off the list, as their remove button
 * does. */
void        tg_session_page_remove_seen  (TgSessionPage  *self,
                                          guint           index);

G_END_DECLS
