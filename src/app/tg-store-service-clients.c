/* TgStoreService: reads for the caseload, the client page and the gate
 * list (tg-store-service-private.h). */

#include "config.h"

#include <string.h>

#include "tg-store-service-private.h"

#include "tg-release-rules.h"

/* Reads */

void
_tg_store_service_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

static const char *
release_date_of (const TgRecord *plan)
{
  const char *date;

  if (plan == NULL)
    return NULL;
  date = tg_record_get (plan, "confirmed_release_date");
  if (date == NULL)
    date = tg_record_get (plan, "ard");
  if (date == NULL)
    date = tg_record_get (plan, "crd");
  return date;
}

/* The whole earlier-release rule (release type, days served), as the gate
 * list and the client page apply it, not the date alone. */
static gboolean
likely_earlier (const TgRecord *plan)
{
  const char *start = tg_record_get (plan, "sentence_start");
  GDate release;
  GDate started;
  TgEarlierRelease earlier;

  if (tg_release_plan_date (plan, &release) == TG_RELEASE_DATE_NONE)
    return FALSE;
  if (start == NULL || !tg_date_parse_iso (start, &started))
    start = NULL;
  tg_release_earlier (&release, tg_record_get (plan, "release_type"),
                      start != NULL ? &started : NULL, &earlier);
  return earlier.likely;
}

/* The client a conflicting change belongs to, or NULL. */
char *
_tg_store_service_conflict_client_id (TgStore        *store,
                    const TgChange *change)
{
  const char *entity = change->entity->name;
  g_autoptr(TgRecord) record = NULL;

  if (g_strcmp0 (entity, "client") == 0 || g_strcmp0 (entity, "release_plan") == 0)
    return g_strdup (change->record_id);
  if (tg_schema_lookup_field (change->entity, "client_id") == NULL)
    return NULL;
  record = tg_store_get (store, entity, change->record_id, NULL);
  return record != NULL ? g_strdup (tg_record_get (record, "client_id")) : NULL;
}

/* What the caseload needs besides the client rows, read once per list and
 * kept while the items are cached: only the release date of each plan, not
 * the plan records, which hold every field and its version. */
struct _CaseloadContext {
  GHashTable *releases;       /* client id → release date (ISO 8601), both owned */
  GHashTable *earlier;        /* client ids whose release is likely a working day earlier */
  GHashTable *reviews_due;    /* client ids with an open review due by today */
  GHashTable *conflicted;     /* client ids with an open conflict */
  char       *today_iso;
  GDate       today;
};

static void
caseload_context_clear (CaseloadContext *context)
{
  g_clear_pointer (&context->releases, g_hash_table_unref);
  g_clear_pointer (&context->earlier, g_hash_table_unref);
  g_clear_pointer (&context->reviews_due, g_hash_table_unref);
  g_clear_pointer (&context->conflicted, g_hash_table_unref);
  g_clear_pointer (&context->today_iso, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseloadContext, caseload_context_clear)

static gboolean
caseload_context_load (CaseloadContext  *context,
                       TgStore          *store,
                       GError          **error)
{
  g_autoptr(GPtrArray) release_plans = NULL;
  g_autoptr(GPtrArray) care_plans = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  _tg_store_service_today (&context->today);
  context->today_iso = tg_date_to_iso (&context->today);
  context->releases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  context->earlier = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  context->reviews_due = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  context->conflicted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  release_plans = tg_store_list (store, "release_plan", NULL, NULL, FALSE, error);
  if (release_plans == NULL)
    return FALSE;
  for (guint i = 0; i < release_plans->len; i++)
    {
      TgRecord *plan = release_plans->pdata[i];
      const char *release = release_date_of (plan);

      if (release != NULL)
        g_hash_table_insert (context->releases, g_strdup (plan->id), g_strdup (release));
      if (release != NULL && likely_earlier (plan))
        g_hash_table_add (context->earlier, g_strdup (plan->id));
    }

  care_plans = tg_store_list (store, "care_plan", NULL, NULL, FALSE, error);
  if (care_plans == NULL)
    return FALSE;
  for (guint i = 0; i < care_plans->len; i++)
    {
      TgRecord *plan = care_plans->pdata[i];
      const char *due = tg_record_get (plan, "review_due");

      if (due != NULL && tg_record_get (plan, "outcome") == NULL &&
          g_strcmp0 (due, context->today_iso) <= 0)
        g_hash_table_add (context->reviews_due, g_strdup (tg_record_get (plan, "client_id")));
    }

  conflicts = tg_store_list_conflicts (store, FALSE, error);
  if (conflicts == NULL)
    return FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    {
      TgConflict *conflict = conflicts->pdata[i];
      char *client_id = _tg_store_service_conflict_client_id (store, conflict->mine);

      if (client_id != NULL)
        g_hash_table_add (context->conflicted, client_id);
    }
  return TRUE;
}

static TgClientItem *
make_item (CaseloadContext *context,
           const TgRecord  *client)
{
  const char *release = g_hash_table_lookup (context->releases, client->id);
  TgClientItemData data = { 0, };
  GDate date;

  data.id = client->id;
  data.given_name = tg_record_get (client, "given_name");
  data.family_name = tg_record_get (client, "family_name");
  data.preferred_name = tg_record_get (client, "preferred_name");
  data.prison_number = tg_record_get (client, "prison_number");
  data.custody_status = tg_record_get (client, "custody_status");
  data.key_worker = tg_record_get (client, "key_worker");
  data.release_date = release;
  data.days_to_release = TG_CLIENT_ITEM_NO_RELEASE;
  if (release != NULL && tg_date_parse_iso (release, &date))
    {
      data.days_to_release = g_date_days_between (&context->today, &date);
      data.earlier_release = g_hash_table_contains (context->earlier, client->id);
    }
  data.review_overdue = g_hash_table_contains (context->reviews_due, client->id);
  data.has_conflict = g_hash_table_contains (context->conflicted, client->id);
  return tg_client_item_new (&data);
}

static gboolean
in_custody (const char *status)
{
  return g_strcmp0 (status, "remand") == 0 ||
         g_strcmp0 (status, "sentenced") == 0 ||
         g_strcmp0 (status, "recalled") == 0;
}

static gboolean
item_passes (TgStoreService   *self,
             TgCaseloadFilter  filter,
             TgClientItem     *item)
{
  int days = tg_client_item_get_days_to_release (item);

  switch (filter)
    {
    case TG_CASELOAD_ALL:
      return TRUE;
    case TG_CASELOAD_MINE:
      return g_strcmp0 (tg_client_item_get_key_worker (item),
                        tg_store_get_worker (self->store)) == 0;
    case TG_CASELOAD_IN_CUSTODY:
      return in_custody (tg_client_item_get_custody_status (item));
    case TG_CASELOAD_RELEASED:
      return g_strcmp0 (tg_client_item_get_custody_status (item), "released") == 0;
    case TG_CASELOAD_REVIEWS_DUE:
      return tg_client_item_get_review_overdue (item);
    case TG_CASELOAD_RELEASING_SOON:
      return in_custody (tg_client_item_get_custody_status (item)) &&
             days != TG_CLIENT_ITEM_NO_RELEASE &&
             days >= 0 && days <= TG_RELEASING_SOON_DAYS;
    default:
      g_return_val_if_reached (TRUE);
    }
}

/* Soonest release first; people with no date after, by name. */
static int
compare_by_release (gconstpointer a,
                    gconstpointer b)
{
  TgClientItem *x = *(TgClientItem **) a;
  TgClientItem *y = *(TgClientItem **) b;
  int dx = tg_client_item_get_days_to_release (x);
  int dy = tg_client_item_get_days_to_release (y);

  if (dx != dy)
    {
      if (dx == TG_CLIENT_ITEM_NO_RELEASE)
        return 1;
      if (dy == TG_CLIENT_ITEM_NO_RELEASE)
        return -1;
      return dx < dy ? -1 : 1;
    }
  return g_utf8_collate (tg_client_item_get_display_name (x),
                         tg_client_item_get_display_name (y));
}

/* Worker thread only. */
void
_tg_store_service_drop_item_cache (TgStoreService *self)
{
  g_hash_table_remove_all (self->item_cache);
  if (self->item_context != NULL)
    {
      caseload_context_clear (self->item_context);
      g_clear_pointer (&self->item_context, g_free);
    }
}

typedef struct {
  TgCaseloadFilter  filter;
  char             *search;
  char             *client_id;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->search);
  g_free (data->client_id);
  g_free (data);
}

static gpointer
list_clients_job (TgStoreService  *self,
                  gpointer         data,
                  GCancellable    *cancellable,
                  GDestroyNotify  *result_free,
                  GError         **error)
{
  ListData *list = data;
  g_autoptr(GPtrArray) clients = NULL;
  GPtrArray *items;
  GDate today;

  clients = tg_store_search_clients (self->store, list->search, 0, error);
  if (clients == NULL)
    return NULL;

  /* The items of the last lists stand while nothing was written, nothing
   * synced and the day is the same: typing a search then reuses them
   * instead of reading every release plan and making an object per
   * person on each keystroke. */
  _tg_store_service_today (&today);
  if (self->item_cache_stamp != g_atomic_int_get (&self->cache_stamp) ||
      (self->item_context != NULL && g_date_compare (&today, &self->item_context->today) != 0))
    _tg_store_service_drop_item_cache (self);
  self->item_cache_stamp = g_atomic_int_get (&self->cache_stamp);

  items = g_ptr_array_new_full (clients->len, g_object_unref);
  for (guint i = 0; i < clients->len; i++)
    {
      TgRecord *client = clients->pdata[i];
      TgClientItem *item = g_hash_table_lookup (self->item_cache, client->id);

      if (item == NULL)
        {
          if (self->item_context == NULL)
            {
              self->item_context = g_new0 (CaseloadContext, 1);
              if (!caseload_context_load (self->item_context, self->store, error))
                {
                  _tg_store_service_drop_item_cache (self);
                  g_ptr_array_unref (items);
                  return NULL;
                }
            }
          item = make_item (self->item_context, client);
          g_hash_table_insert (self->item_cache, (gpointer) tg_client_item_get_id (item), item);
        }
      if (item_passes (self, list->filter, item))
        g_ptr_array_add (items, g_object_ref (item));
    }
  if (list->filter == TG_CASELOAD_IN_CUSTODY || list->filter == TG_CASELOAD_RELEASING_SOON)
    g_ptr_array_sort (items, compare_by_release);

  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return items;
}

void
tg_store_service_list_clients_async (TgStoreService      *self,
                                     TgCaseloadFilter     filter,
                                     const char          *search,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ListData *data = g_new0 (ListData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->filter = filter;
  data->search = g_strdup (search);
  _tg_store_service_queue_job (self, JOB_READ, list_clients_job, data, (GDestroyNotify) list_data_free,
             NULL, cancellable, callback, user_data,
             tg_store_service_list_clients_async);
}

GPtrArray *
tg_store_service_list_clients_finish (TgStoreService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_list_clients_async, error);
}

static gpointer
get_client_item_job (TgStoreService  *self,
                     gpointer         data,
                     GCancellable    *cancellable,
                     GDestroyNotify  *result_free,
                     GError         **error)
{
  ListData *list = data;
  g_auto(CaseloadContext) context = { 0, };
  g_autoptr(TgRecord) client = tg_store_get (self->store, "client", list->client_id, error);

  if (client == NULL || !caseload_context_load (&context, self->store, error))
    return NULL;
  *result_free = g_object_unref;
  return make_item (&context, client);
}

void
tg_store_service_get_client_item_async (TgStoreService      *self,
                                        const char          *client_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ListData *data = g_new0 (ListData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->client_id = g_strdup (client_id);
  _tg_store_service_queue_job (self, JOB_READ, get_client_item_job, data, (GDestroyNotify) list_data_free,
             NULL, cancellable, callback, user_data,
             tg_store_service_get_client_item_async);
}

TgClientItem *
tg_store_service_get_client_item_finish (TgStoreService  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_get_client_item_async, error);
}

char *
_tg_store_service_note_draft_key (const char *client_id)
{
  return g_strdup_printf ("note:%s", client_id);
}

/* Newest first, by when it happened. */
static int
compare_notes_newest_first (gconstpointer a,
                            gconstpointer b)
{
  const TgRecord *x = *(TgRecord **) a;
  const TgRecord *y = *(TgRecord **) b;

  return -g_strcmp0 (tg_record_get (x, "occurred_at"), tg_record_get (y, "occurred_at"));
}

static gpointer
load_client_job (TgStoreService  *self,
                 gpointer         data,
                 GCancellable    *cancellable,
                 GDestroyNotify  *result_free,
                 GError         **error)
{
  ListData *list = data;
  g_autoptr(TgClientDetails) details = g_new0 (TgClientDetails, 1);
  g_autoptr(GError) plan_error = NULL;
  g_autofree char *key = _tg_store_service_note_draft_key (list->client_id);
  g_autoptr(GPtrArray) conflicts = NULL;

  details->client = tg_store_get (self->store, "client", list->client_id, error);
  if (details->client == NULL)
    return NULL;
  details->release_plan = tg_store_get (self->store, "release_plan", list->client_id, &plan_error);
  if (details->release_plan == NULL &&
      !g_error_matches (plan_error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD))
    {
      g_propagate_error (error, g_steal_pointer (&plan_error));
      return NULL;
    }
  details->notes = tg_store_list (self->store, "note", "client_id", list->client_id, FALSE, error);
  if (details->notes == NULL)
    return NULL;
  g_ptr_array_sort (details->notes, compare_notes_newest_first);
  details->session_places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < details->notes->len; i++)
    {
      const char *session_id = tg_record_get (details->notes->pdata[i], "session_id");
      g_autoptr(TgRecord) session = NULL;

      if (session_id == NULL || g_hash_table_contains (details->session_places, session_id))
        continue;
      session = tg_store_get (self->store, "session", session_id, NULL);
      if (session != NULL)
        g_hash_table_insert (details->session_places, g_strdup (session_id),
                             tg_session_place_label (tg_record_get (session, "place"),
                                                     tg_record_get (session, "place_detail")));
    }
  details->draft = tg_store_load_draft (self->store, key, error);
  if (error != NULL && *error != NULL)
    return NULL;

  conflicts = tg_store_list_conflicts (self->store, FALSE, error);
  if (conflicts == NULL)
    return NULL;
  for (guint i = 0; i < conflicts->len; i++)
    {
      TgConflict *conflict = conflicts->pdata[i];
      g_autofree char *client_id = _tg_store_service_conflict_client_id (self->store, conflict->mine);

      if (g_strcmp0 (client_id, list->client_id) == 0)
        details->open_conflicts++;
    }

  *result_free = (GDestroyNotify) tg_client_details_free;
  return g_steal_pointer (&details);
}

void
tg_store_service_load_client_async (TgStoreService      *self,
                                    const char          *client_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ListData *data = g_new0 (ListData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->client_id = g_strdup (client_id);
  _tg_store_service_queue_job (self, JOB_READ, load_client_job, data, (GDestroyNotify) list_data_free,
             NULL, cancellable, callback, user_data,
             tg_store_service_load_client_async);
}

TgClientDetails *
tg_store_service_load_client_finish (TgStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_load_client_async, error);
}

typedef struct {
  GDate from;
  guint days;
} GateData;

static gpointer
gate_list_job (TgStoreService  *self,
               gpointer         data,
               GCancellable    *cancellable,
               GDestroyNotify  *result_free,
               GError         **error)
{
  GateData *gate = data;
  GPtrArray *entries = tg_store_gate_list (self->store, &gate->from, gate->days, error);

  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return entries;
}

void
tg_store_service_gate_list_async (TgStoreService      *self,
                                  const GDate         *from,
                                  guint                days,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GateData *data = g_new0 (GateData, 1);

  g_return_if_fail (TG_IS_STORE_SERVICE (self));
  data->from = *from;
  data->days = days;
  _tg_store_service_queue_job (self, JOB_READ, gate_list_job, data, g_free, NULL,
             cancellable, callback, user_data, tg_store_service_gate_list_async);
}

GPtrArray *
tg_store_service_gate_list_finish (TgStoreService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return _tg_store_service_finish_pointer (self, result, tg_store_service_gate_list_async, error);
}
