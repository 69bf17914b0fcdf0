/* tg-test-loop.h: waiting on the main loop in tests of asynchronous code. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*TgTestCondition) (gpointer data);

/* Iterates the default main context until @condition holds or @timeout_ms
 * passes; FALSE on the timeout. */
gboolean      tg_test_wait_for    (TgTestCondition condition,
                                   gpointer        data,
                                   guint           timeout_ms);

/* Runs the main loop for @ms, for animations and layout to settle. */
void          tg_test_spin        (guint           ms);

/* Collects the result of one _async call: pass tg_test_waiter_cb and the
 * waiter as callback and data, then tg_test_wait_result() for the result
 * (a reference the waiter keeps; the test unrefs it). */
typedef struct {
  gboolean      done;
  GAsyncResult *result;
} TgTestWaiter;

void          tg_test_waiter_cb   (GObject        *source,
                                   GAsyncResult   *result,
                                   gpointer        user_data);
GAsyncResult *tg_test_wait_result (TgTestWaiter   *waiter);

G_END_DECLS
