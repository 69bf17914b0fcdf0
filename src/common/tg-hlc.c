#include "tg-hlc.h"

#include "tg-random.h"

static gint64
system_clock_ms (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

void
tg_hlc_init (TgHlc          *self,
             gint64          node_id,
             guint64         persisted_last,
             TgHlcClockFunc  clock,
             gpointer        clock_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (node_id > 0);

  self->last = persisted_last;
  self->node_id = node_id;
  self->clock = clock != NULL ? clock : system_clock_ms;
  self->clock_data = clock_data;
}

guint64
tg_hlc_pack (guint64 ms,
             guint   counter)
{
  return (MIN (ms, TG_HLC_MAX_MS) << TG_HLC_COUNTER_BITS) | (counter & TG_HLC_COUNTER_MASK);
}

guint64
tg_hlc_ms (guint64 hlc)
{
  return hlc >> TG_HLC_COUNTER_BITS;
}

guint
tg_hlc_counter (guint64 hlc)
{
  return (guint) (hlc & TG_HLC_COUNTER_MASK);
}

guint64
tg_hlc_now (TgHlc *self)
{
  gint64 wall = self->clock (self->clock_data);
  guint64 candidate = tg_hlc_pack ((guint64) MAX (wall, 0), 0);

  /* When the wall clock is behind the last timestamp (it went back, or many
   * events share one millisecond) count on from the last one. A full
   * counter carries into the millisecond bits, so the clock runs a little
   * ahead of the wall until the wall catches up; it never repeats. */
  if (candidate > self->last)
    self->last = candidate;
  else
    self->last = self->last + 1;

  return self->last;
}

void
tg_hlc_observe (TgHlc   *self,
                guint64  remote)
{
  if (remote > self->last)
    self->last = remote;
}

gint64
tg_node_id_new (GError **error)
{
  guint64 raw = 0;

  do
    {
      if (!tg_random_bytes (&raw, sizeof raw, error))
        return 0;
      raw &= G_GUINT64_CONSTANT (0x7fffffffffffffff);
    }
  while (raw == 0);

  return (gint64) raw;
}

int
tg_version_compare (const TgVersion *a,
                    const TgVersion *b)
{
  if (a->hlc != b->hlc)
    return a->hlc < b->hlc ? -1 : 1;
  if (a->node_id != b->node_id)
    return a->node_id < b->node_id ? -1 : 1;
  return 0;
}

char *
tg_version_to_string (const TgVersion *v)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT "@%016" G_GINT64_MODIFIER "x",
                          v->hlc, v->node_id);
}
