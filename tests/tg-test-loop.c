#include "tg-test-loop.h"

gboolean
tg_test_wait_for (TgTestCondition condition,
                  gpointer        data,
                  guint           timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
tg_test_spin (guint ms)
{
  tg_test_wait_for (never, NULL, ms);
}

void
tg_test_waiter_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TgTestWaiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  waiter->done = TRUE;
}

static gboolean
waiter_done (gpointer data)
{
  return ((TgTestWaiter *) data)->done;
}

GAsyncResult *
tg_test_wait_result (TgTestWaiter *waiter)
{
  /* A guard against a call that never completes, not a time limit: the
   * largest job (a 10,000-client demo store) takes a minute on a busy
   * 2-core machine, and the test's own timeout is 300 s. */
  g_assert_true (tg_test_wait_for (waiter_done, waiter, 240000));
  return waiter->result;
}
