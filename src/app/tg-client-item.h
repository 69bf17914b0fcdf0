/* tg-client-item.h: one row of the caseload, as the list shows it.
 *
 * Items are immutable: the store service builds them on its worker thread
 * from the client, their release plan, care plans and conflicts, and hands
 * them to the main thread. A changed client gets a new item in its place.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* No release date known. */
#define TG_CLIENT_ITEM_NO_RELEASE G_MININT

#define TG_TYPE_CLIENT_ITEM (tg_client_item_get_type ())
G_DECLARE_FINAL_TYPE (TgClientItem, tg_client_item, TG, CLIENT_ITEM, GObject)

typedef struct {
  const char *id;
  const char *given_name;
  const char *family_name;
  const char *preferred_name;
  const char *prison_number;
  const char *custody_status;
  const char *key_worker;
  const char *release_date;     /* ISO 8601, or NULL */
  int         days_to_release;  /* from today; TG_CLIENT_ITEM_NO_RELEASE */
  gboolean    earlier_release;
  gboolean    review_overdue;   /* an open care plan's review is due by today */
  gboolean    has_conflict;     /* an open conflict on this person's records */
} TgClientItemData;

TgClientItem *tg_client_item_new                (const TgClientItemData *data) G_GNUC_WARN_UNUSED_RESULT;

const char   *tg_client_item_get_id             (TgClientItem *self);
/* "Family, Given (Preferred)". */
const char   *tg_client_item_get_display_name   (TgClientItem *self);
const char   *tg_client_item_get_prison_number  (TgClientItem *self);
const char   *tg_client_item_get_custody_status (TgClientItem *self);
const char   *tg_client_item_get_key_worker     (TgClientItem *self);
const char   *tg_client_item_get_release_date   (TgClientItem *self);
int           tg_client_item_get_days_to_release (TgClientItem *self);
gboolean      tg_client_item_get_earlier_release (TgClientItem *self);
gboolean      tg_client_item_get_review_overdue (TgClientItem *self);
gboolean      tg_client_item_get_has_conflict   (TgClientItem *self);

/* Human words for a custody status ("sentenced" → "Sentenced"). */
const char   *tg_custody_status_label           (const char   *status);

G_END_DECLS
