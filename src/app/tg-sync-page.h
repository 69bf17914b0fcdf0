/* tg-sync-page.h: sync status and the conflict log.
 *
 * Shows the last sync, the changes waiting (tg_store_count_pending), the
 * network state (GNetworkMonitor), a clock warning after the server said
 * the tablet's clock is wrong, "Sync now", and every open conflict with
 * "Keep mine" and "Take theirs". ::summary is a few words for the header.
 * ::sync-on-metered lets the network's return start a sync on a metered
 * connection; ::idle-lock-policy is the server's idle-lock cap read with
 * the sync status (0: none).
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

#define TG_TYPE_SYNC_PAGE (tg_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (TgSyncPage, tg_sync_page, TG, SYNC_PAGE, AdwBin)

GtkWidget  *tg_sync_page_new            (TgStoreService *service,
                                         GNetworkMonitor *monitor);
void        tg_sync_page_reload         (TgSyncPage     *self);
void        tg_sync_page_clear          (TgSyncPage     *self);
const char *tg_sync_page_get_summary    (TgSyncPage     *self);
guint       tg_sync_page_get_n_conflicts (TgSyncPage    *self);
gboolean    tg_sync_page_is_loading     (TgSyncPage     *self);

G_END_DECLS
