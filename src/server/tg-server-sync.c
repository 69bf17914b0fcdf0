/* tg-server-sync.c: one sync, as docs/sync-protocol.md orders it.
 *
 * First the checks that need no database: every change is this device's
 * own (its node), in a class its role may write, and not stamped further
 * ahead of the server's clock than the bound. Then one transaction: merge
 * with the shared rule, keeping history and feed; check that every record
 * touched belongs to the device's scope afterwards; build the pull. A
 * refusal anywhere rolls the whole transaction back, so a refused batch
 * leaves nothing behind.
 */
#include "config.h"

#include "tg-server-private.h"

static gboolean
check_changes (const TgServerDevice *device,
               const TgSyncRequest  *request,
               gint64                now_ms,
               GError              **error)
{
  for (guint i = 0; i < request->changes->len; i++)
    {
      const TgChange *change = request->changes->pdata[i];

      /* Echoes are suppressed by node, and history names writers by the
       * device that pushed: another node's version would be a forgery. */
      if (change->version.node_id != device->node_id)
        {
          g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_OUT_OF_SCOPE,
                       "node: change %u was not written by this device "
                       "(a device pushes only its own changes)", i);
          return FALSE;
        }
      if (!_tg_server_role_may_hold (device->role, change->field->sensitivity))
        {
          g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_OUT_OF_SCOPE,
                       "%s: a %s device may not write %s fields (change %u)",
                       change->field->name, _tg_server_role_to_string (device->role),
                       tg_sensitivity_to_string (change->field->sensitivity), i);
          return FALSE;
        }
    }

  /* Skew comes after scope: re-stamping cannot cure a change the device
   * may not make at all. */
  for (guint i = 0; i < request->changes->len; i++)
    {
      const TgChange *change = request->changes->pdata[i];
      gint64 stamped = (gint64) tg_hlc_ms (change->version.hlc);

      if (stamped > now_ms + TG_WIRE_SKEW_BOUND_MS)
        {
          g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_CLOCK_SKEW,
                       "hlc: change %u is stamped %" G_GINT64_FORMAT " s ahead of the "
                       "server's clock; the device's clock is wrong", i,
                       (stamped - now_ms) / 1000);
          return FALSE;
        }
    }
  return TRUE;
}

static void
local_today (gint64  now_ms,
             GDate  *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_ms / 1000);

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

TgSyncReply *
_tg_server_sync_run (TgStore              *store,
                     const TgServerDevice *device,
                     const TgSyncRequest  *request,
                     gint64                now_ms,
                     GError              **error)
{
  g_autoptr(TgSyncReply) reply = tg_sync_reply_new ();
  g_autoptr(TgServerPush) push = NULL;
  g_autofree char *now_text = _tg_server_now_text ();
  TgApplyStats stats = { 0, };
  GDate today;

  if (!check_changes (device, request, now_ms, error))
    return NULL;
  local_today (now_ms, &today);

  push = _tg_server_push_new (device, now_text);
  if (!_tg_store_begin (store, error))
    return NULL;
  if (!_tg_store_apply_in_transaction (store, request->changes, FALSE,
                                       _tg_server_push_hook_cb, push, &stats, error) ||
      !_tg_server_push_finish (store, push, error) ||
      !_tg_server_scope_check_push (store, device, _tg_server_push_get_touched (push),
                                    &today, error) ||
      !_tg_server_devices_touch (store, device->device_id, now_text, error) ||
      !_tg_server_scope_pull (store, device, request->cursor, request->pull_limit,
                              &today, reply, error) ||
      !_tg_store_commit (store, error))
    {
      _tg_store_rollback (store);
      return NULL;
    }

  reply->server_time = _tg_server_now_ms ();
  reply->accepted = request->changes->len;
  g_info ("Device %s synced: %u pushed (%u new), %u pulled, %u purged, "
          "cursor %" G_GINT64_FORMAT "%s",
          device->device_id, request->changes->len, stats.applied, reply->changes->len,
          reply->purge->len, reply->cursor, reply->more ? ", more" : "");
  return g_steal_pointer (&reply);
}
