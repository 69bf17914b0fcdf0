/* tg-window.h: the main window.
 *
 * Takes the store service and the settings as construct properties and
 * shows what the service's state calls for: the first-run page without a
 * store, the unlock page while locked, and the caseload, gate list and sync
 * pages while unlocked (the gate list alone on a mentor's device). Locks
 * after the settings' idle time.
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_WINDOW (tg_window_get_type ())
G_DECLARE_FINAL_TYPE (TgWindow, tg_window, TG, WINDOW, AdwApplicationWindow)

TgWindow   *tg_window_new             (GtkApplication *application,
                                       TgStoreService *service,
                                       GSettings      *settings);
/* Shows a spinner page with @message instead of the store's page (the
 * demo filling its store); NULL goes back to the store's page. */
void        tg_window_set_starting    (TgWindow       *self,
                                       const char     *message);
void        tg_window_set_unlock_hint (TgWindow       *self,
                                       const char     *hint);
void        tg_window_show_toast      (TgWindow       *self,
                                       const char     *message);

/* The page shown: "starting", "first-run", "unlock", or when unlocked the
 * view's name: "caseload", "client", "gate" or "sync". */
const char *tg_window_get_visible_page (TgWindow      *self);
/* "caseload", "gate" or "sync"; a folded caseload shows the client with
 * tg_window_show_client(). */
void        tg_window_show_view       (TgWindow       *self,
                                       const char     *view);
void        tg_window_show_client     (TgWindow       *self,
                                       const char     *client_id);
/* The pages, for tests and screenshots. The window makes a page when it is
 * first shown; asking for one not shown yet makes it. */
GtkWidget  *tg_window_get_page        (TgWindow       *self,
                                       const char     *name);

G_END_DECLS
