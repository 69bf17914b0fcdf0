/* test-app-notifier.c: reminders reach the desktop as notifications.
 *
 * Run by keyring-session.sh (a private bus and keyring), no display: the
 * notifier is GIO only. This process owns org.freedesktop.Notifications on
 * its private bus and records what it is asked to show and close, so the
 * test sees the notifications the real GApplication sends. All names are
 * invented.
 */

#include "config.h"

#include <string.h>

#include "tg-application.h"
#include "tg-notifier.h"
#include "tg-store-service.h"
#include "tg-test-notify-server.h"
#include "tg-test-util.h"

#define PIN "246810"

/* Waiting on the main loop. */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data,
          guint     timeout_ms)
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

typedef struct {
  TgNotifier *notifier;
  const char *expected;   /* the ids on show, joined by "," */
} ShownWait;

static gboolean
shown_is (gpointer data)
{
  ShownWait *wait = data;
  g_auto(GStrv) ids = tg_notifier_dup_shown (wait->notifier);
  g_autofree char *joined = g_strjoinv (",", ids);

  return g_str_equal (joined, wait->expected);
}

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} Waiter;

static void
waiter_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  waiter->done = TRUE;
}

static gboolean
waiter_done (gpointer data)
{
  return ((Waiter *) data)->done;
}

/* The fake server, owned once for the whole process: a second owner of
 * the name in one process trips GIO's notification backend. */
static TgTestNotifyServer fake_server;

/* The store: one person out tomorrow, one in a week whose care plan review
 * was asked for today; nothing else. */
static char *
make_store (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) week = g_date_time_add_days (now, 7);
  g_autofree char *tomorrow_iso = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *week_iso = g_date_time_format (week, "%Y-%m-%d");
  g_autofree char *today_iso = g_date_time_format (now, "%Y-%m-%d");
  const char *plan_fields[] = { "client_id", "start_date", "review_due", "review_reason" };
  g_autofree char *care_plan_id = NULL;
  const char *fields[] = { "given_name", "family_name", "custody_status" };
  const char *ada[] = { "Ada", "Example", "sentenced" };
  const char *ben[] = { "Ben", "Example", "sentenced" };
  const char *release[] = { "confirmed_release_date" };
  g_autofree char *ada_id = NULL;
  g_autofree char *ben_id = NULL;
  char *plan_id = NULL;

  store = tg_store_create (data_dir, PIN, "Sam Example", &error);
  g_assert_no_error (error);
  ada_id = tg_store_insert (store, "client", fields, ada, 3, &error);
  g_assert_no_error (error);
  ben_id = tg_store_insert (store, "client", fields, ben, 3, &error);
  g_assert_no_error (error);
  g_assert_true (tg_store_set_release (store, ada_id, release, (const char *[]) { tomorrow_iso }, 1, &error));
  g_assert_true (tg_store_set_release (store, ben_id, release, (const char *[]) { week_iso }, 1, &error));
  g_assert_no_error (error);
  care_plan_id = tg_store_insert (store, "care_plan", plan_fields,
                                  (const char *[]) { ben_id, "2026-01-05", today_iso, "arrest" }, 4, &error);
  g_assert_no_error (error);

  plans = tg_store_list (store, "release_plan", "client_id", ada_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  plan_id = g_strdup (((TgRecord *) plans->pdata[0])->id);
  return plan_id;
}

static void
test_release_tomorrow (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tg_test_make_tmp_dir ("tg-notifier-XXXXXX");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *plan_id = make_store (data_dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *later_iso = g_date_time_format (later, "%Y-%m-%d");
  GApplication *app;
  TgStoreService *service;
  TgNotifier *notifier;
  ShownWait wait;
  Waiter waiter = { 0, };

  tg_test_notify_server_reset (&fake_server);

  app = g_application_new ("org.throughgate.NotifierTest", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);

  service = tg_store_service_new (data_dir);
  g_assert_cmpint (tg_store_service_get_state (service), ==, TG_STORE_SERVICE_LOCKED);
  notifier = tg_notifier_new (app, service);

  /* Unlocking checks: one person out tomorrow, one review due. */
  tg_store_service_unlock_async (service, PIN, NULL, waiter_cb, &waiter);
  g_assert_true (wait_for (waiter_done, &waiter, 60000));
  g_assert_true (tg_store_service_unlock_finish (service, waiter.result, &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);

  wait = (ShownWait) { notifier, "releases-tomorrow,reviews-due" };
  g_assert_true (wait_for (shown_is, &wait, 30000));
  /* Let the Notify calls reach the fake server. */
  wait_for (never, NULL, 300);
  g_assert_cmpuint (fake_server.shown->len, ==, 2);
  g_assert_cmpstr (fake_server.shown->pdata[0], ==, "1 person is released tomorrow");
  g_assert_cmpstr (fake_server.shown->pdata[1], ==, "1 care plan review is due");

  /* Checking again the same day sends nothing new. */
  tg_notifier_check (notifier);
  tg_store_service_flush (service);
  wait_for (never, NULL, 300);
  g_assert_cmpuint (fake_server.shown->len, ==, 2);

  /* The date moves out: that notification is withdrawn, the other stays. */
  waiter = (Waiter) { 0, };
  tg_store_service_update_async (service, "release_plan", plan_id, "confirmed_release_date",
                                 later_iso, NULL, waiter_cb, &waiter);
  g_assert_true (wait_for (waiter_done, &waiter, 30000));
  g_assert_true (tg_store_service_update_finish (service, waiter.result, &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);

  tg_notifier_check (notifier);
  wait = (ShownWait) { notifier, "reviews-due" };
  g_assert_true (wait_for (shown_is, &wait, 30000));
  wait_for (never, NULL, 300);
  g_assert_cmpuint (fake_server.closed, ==, 1);
  g_assert_cmpuint (fake_server.shown->len, ==, 2);

  tg_store_service_lock (service);
  tg_store_service_flush (service);
  wait_for (never, NULL, 50);
  g_assert_finalize_object (notifier);
  g_assert_finalize_object (service);
  g_application_quit (app);
  g_object_unref (app);
  tg_test_remove_tree (dir);
}

/* The demo, as `throughgate --demo` makes it: in a child process whose
 * clock is a Wednesday morning (faketime), so tomorrow is a working day
 * with releases whatever day the test runs. The child makes the demo
 * store, unlocks it with the demo PIN and waits for its notifier; the
 * notification reaches this process's fake server. On a Friday or a
 * Saturday the demo has no release tomorrow: nobody leaves prison at a
 * weekend (docs/app.md). */
static gboolean
shows_release (gpointer data)
{
  g_auto(GStrv) ids = tg_notifier_dup_shown (data);

  return g_strv_contains ((const char * const *) ids, "releases-tomorrow");
}

static int
demo_child (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_new ("org.throughgate.DemoNotifierTest",
                                         G_APPLICATION_DEFAULT_FLAGS);
  TgStoreService *service = tg_store_service_new (data_dir);
  TgNotifier *notifier;
  Waiter waiter = { 0, };

  if (!g_application_register (app, NULL, &error))
    return 2;
  notifier = tg_notifier_new (app, service);
  tg_store_service_create_demo_async (service, TG_DEMO_PIN, TG_DEMO_SEED, TG_DEMO_CLIENTS,
                                      TG_DEMO_NOTES_PER_CLIENT, NULL, waiter_cb, &waiter);
  if (!wait_for (waiter_done, &waiter, 120000) ||
      !tg_store_service_create_demo_finish (service, waiter.result, &error))
    return 3;
  g_clear_object (&waiter.result);
  waiter = (Waiter) { 0, };
  tg_store_service_unlock_async (service, TG_DEMO_PIN, NULL, waiter_cb, &waiter);
  if (!wait_for (waiter_done, &waiter, 60000) ||
      !tg_store_service_unlock_finish (service, waiter.result, &error))
    return 4;
  g_clear_object (&waiter.result);

  /* The demo also has reviews due; the release is what this is about. */
  if (!wait_for (shows_release, notifier, 60000))
    return 5;
  /* Let the Notify call leave before the bus connection goes. */
  wait_for (never, NULL, 500);
  g_print ("SHOWN releases-tomorrow\n");

  tg_store_service_wipe_sync (service, TG_DEMO_PIN, NULL);
  tg_store_service_flush (service);
  wait_for (never, NULL, 50);
  g_object_unref (notifier);
  g_object_unref (service);
  g_object_unref (app);
  return 0;
}

static char *test_program;

static void
test_demo_release_tomorrow (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tg_test_make_tmp_dir ("tg-notifier-demo-XXXXXX");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *out = NULL;
  Waiter waiter = { 0, };
  gboolean released = FALSE;

  tg_test_notify_server_reset (&fake_server);
  /* Wednesday 25 November 2026, 09:00, and the clock runs from there. */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            tg_test_program ("TG_FAKETIME"), "-f", "@2026-11-25 09:00:00",
                            test_program, "--demo-child", data_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (child, NULL, NULL, waiter_cb, &waiter);
  g_assert_true (wait_for (waiter_done, &waiter, 240000));
  g_assert_true (g_subprocess_communicate_utf8_finish (child, waiter.result, &out, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  g_test_message ("child: %s", out);
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  g_assert_nonnull (strstr (out, "SHOWN releases-tomorrow"));

  /* The notification itself arrived: "N people are released tomorrow". */
  wait_for (never, NULL, 300);
  for (guint i = 0; i < fake_server.shown->len; i++)
    if (g_str_has_suffix (fake_server.shown->pdata[i], "released tomorrow"))
      released = TRUE;
  g_assert_true (released);
  tg_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_strcmp0 (argv[1], "--demo-child") == 0)
    return demo_child (argv[2]);

  test_program = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/notifier/release-tomorrow", test_release_tomorrow);
  g_test_add_func ("/tg/notifier/demo-release-tomorrow", test_demo_release_tomorrow);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

    g_assert_no_error (error);
    tg_test_notify_server_start (&fake_server, bus);
  }
  return g_test_run ();
}
