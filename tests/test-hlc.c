/* The hybrid logical clock: monotonic whatever the wall clock does. The
 * clock is driven by an injected wall time here; test-clock drives the real
 * program under libfaketime. */

#include "tg-hlc.h"

typedef struct {
  gint64 wall_ms;
} FakeWall;

static gint64
fake_wall_cb (gpointer user_data)
{
  return ((FakeWall *) user_data)->wall_ms;
}

static void
test_packs_ms_and_counter (void)
{
  guint64 hlc = tg_hlc_pack (1795000000000, 7);

  g_assert_cmpuint (tg_hlc_ms (hlc), ==, 1795000000000);
  g_assert_cmpuint (tg_hlc_counter (hlc), ==, 7);
  /* Milliseconds dominate the counter in the packed order. */
  g_assert_cmpuint (tg_hlc_pack (1000, 0xffff), <, tg_hlc_pack (1001, 0));
}

static void
test_follows_wall_clock (void)
{
  FakeWall wall = { 1795000000000 };
  TgHlc clock;
  guint64 a, b;

  tg_hlc_init (&clock, 42, 0, fake_wall_cb, &wall);
  a = tg_hlc_now (&clock);
  g_assert_cmpuint (a, ==, tg_hlc_pack (1795000000000, 0));

  wall.wall_ms += 5;
  b = tg_hlc_now (&clock);
  g_assert_cmpuint (b, ==, tg_hlc_pack (1795000000005, 0));
}

static void
test_same_millisecond_counts (void)
{
  FakeWall wall = { 1795000000000 };
  TgHlc clock;

  tg_hlc_init (&clock, 42, 0, fake_wall_cb, &wall);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpuint (tg_hlc_now (&clock), ==, tg_hlc_pack (1795000000000, i));
}

static void
test_wall_clock_jumps_back (void)
{
  FakeWall wall = { 1795000000000 };
  TgHlc clock;
  guint64 before, after;

  tg_hlc_init (&clock, 42, 0, fake_wall_cb, &wall);
  before = tg_hlc_now (&clock);

  /* A week back, then ten years back: the clock keeps counting on. */
  wall.wall_ms -= 7 * G_GINT64_CONSTANT (86400000);
  after = tg_hlc_now (&clock);
  g_assert_cmpuint (after, >, before);
  g_assert_cmpuint (tg_hlc_ms (after), ==, 1795000000000);

  wall.wall_ms -= 3650 * G_GINT64_CONSTANT (86400000);
  g_assert_cmpuint (tg_hlc_now (&clock), >, after);

  /* When the wall passes the clock again, the wall leads once more. */
  wall.wall_ms = 1795000000000 + 10;
  g_assert_cmpuint (tg_hlc_now (&clock), ==, tg_hlc_pack (1795000000010, 0));
}

static void
test_wall_clock_jumps_forward (void)
{
  FakeWall wall = { 1795000000000 };
  TgHlc clock;
  guint64 ahead;

  tg_hlc_init (&clock, 42, 0, fake_wall_cb, &wall);
  tg_hlc_now (&clock);
  wall.wall_ms += 86400000;
  ahead = tg_hlc_now (&clock);
  g_assert_cmpuint (tg_hlc_ms (ahead), ==, 1795000000000 + 86400000);

  /* Corrected back to the right time: never below what was issued. */
  wall.wall_ms -= 86400000;
  g_assert_cmpuint (tg_hlc_now (&clock), ==, ahead + 1);
}

static void
test_counter_overflow_carries (void)
{
  FakeWall wall = { 1795000000000 };
  TgHlc clock;
  guint64 last = 0;

  tg_hlc_init (&clock, 42, 0, fake_wall_cb, &wall);
  /* 65,536 events fill the counter of one millisecond; the next carries
   * into the millisecond bits instead of wrapping to a smaller value. */
  for (guint i = 0; i <= 0xffff; i++)
    last = tg_hlc_now (&clock);
  g_assert_cmpuint (last, ==, tg_hlc_pack (1795000000000, 0xffff));

  last = tg_hlc_now (&clock);
  g_assert_cmpuint (last, ==, tg_hlc_pack (1795000000001, 0));
  g_assert_cmpuint (tg_hlc_now (&clock), ==, tg_hlc_pack (1795000000001, 1));
}

static void
test_restart_resumes_from_persisted (void)
{
  FakeWall wall = { 1795000000000 };
  TgHlc first, second;
  guint64 issued;

  tg_hlc_init (&first, 42, 0, fake_wall_cb, &wall);
  for (guint i = 0; i < 10; i++)
    tg_hlc_now (&first);
  issued = first.last;

  /* Restarted with the wall clock an hour behind. */
  wall.wall_ms -= 3600000;
  tg_hlc_init (&second, 42, issued, fake_wall_cb, &wall);
  g_assert_cmpuint (tg_hlc_now (&second), ==, issued + 1);
}

static void
test_observe_advances (void)
{
  FakeWall wall = { 1795000000000 };
  TgHlc clock;
  guint64 remote = tg_hlc_pack (1795000500000, 3);

  tg_hlc_init (&clock, 42, 0, fake_wall_cb, &wall);
  tg_hlc_observe (&clock, remote);
  g_assert_cmpuint (tg_hlc_now (&clock), ==, remote + 1);

  /* An older remote stamp changes nothing. */
  tg_hlc_observe (&clock, tg_hlc_pack (1000, 0));
  g_assert_cmpuint (tg_hlc_now (&clock), ==, remote + 2);
}

static void
test_version_order (void)
{
  TgVersion older = { tg_hlc_pack (1000, 0), 900 };
  TgVersion newer = { tg_hlc_pack (1000, 1), 1 };
  TgVersion tie_low = { tg_hlc_pack (2000, 0), 5 };
  TgVersion tie_high = { tg_hlc_pack (2000, 0), 6 };
  g_autofree char *text = tg_version_to_string (&tie_high);

  g_assert_cmpint (tg_version_compare (&older, &newer), <, 0);
  g_assert_cmpint (tg_version_compare (&newer, &older), >, 0);
  g_assert_cmpint (tg_version_compare (&tie_low, &tie_high), <, 0);
  g_assert_cmpint (tg_version_compare (&tie_high, &tie_high), ==, 0);
  g_assert_cmpstr (text, ==, "131072000@0000000000000006");
}

static void
test_node_ids_positive_and_distinct (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 ids[256];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;

      ids[i] = tg_node_id_new (&error);
      g_assert_no_error (error);
      g_assert_cmpint (ids[i], >, 0);
      g_assert_false (g_hash_table_contains (seen, &ids[i]));
      g_hash_table_add (seen, &ids[i]);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/hlc/pack", test_packs_ms_and_counter);
  g_test_add_func ("/tg/hlc/follows-wall-clock", test_follows_wall_clock);
  g_test_add_func ("/tg/hlc/same-millisecond", test_same_millisecond_counts);
  g_test_add_func ("/tg/hlc/wall-jumps-back", test_wall_clock_jumps_back);
  g_test_add_func ("/tg/hlc/wall-jumps-forward", test_wall_clock_jumps_forward);
  g_test_add_func ("/tg/hlc/counter-overflow", test_counter_overflow_carries);
  g_test_add_func ("/tg/hlc/restart", test_restart_resumes_from_persisted);
  g_test_add_func ("/tg/hlc/observe", test_observe_advances);
  g_test_add_func ("/tg/hlc/version-order", test_version_order);
  g_test_add_func ("/tg/hlc/node-ids", test_node_ids_positive_and_distinct);

  return g_test_run ();
}
