/* test-app-pages.c: the app's pages, under a headless X server.
 *
 * Run by xvfb-session.sh (a private Xvfb, bus and keyring). Every page is
 * built with an injected store service and must finalize without leaks;
 * wrong PINs count down; a draft survives SIGKILL; the idle lock engages;
 * and every main page is rendered to PNG in portrait and landscape
 * (TG_SCREENSHOT_DIR) for people to look at.
 */

#include "tg-test-loop.h"
#include "tg-test-window.h"
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <glib/gstdio.h>

#include "tg-application.h"
#include "tg-caseload-page.h"
#include "tg-client-page.h"
#include "tg-field-labels.h"
#include "tg-field-row.h"
#include "tg-first-run-page.h"
#include "tg-format.h"
#include "tg-gate-list-page.h"
#include "tg-store-service.h"
#include "tg-sync-page.h"
#include "tg-unlock-page.h"
#include "tg-window.h"

#define PIN "246810"
#define N_CLIENTS 60
#define NOTES_PER_CLIENT 3
#define DRAFT_TEXT "Seen on B wing. Wants help with ID before release; said the hostel place fell through."

/* Fixtures: a data directory with a demo store in it */

typedef struct {
  char           *dir;
  char           *data_dir;
  TgStoreService *service;
  GSettings      *settings;
} Fixture;

static void
make_store (Fixture *fixture)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;

  tg_store_service_create_demo_async (fixture->service, PIN, 7, N_CLIENTS, NOTES_PER_CLIENT,
                                      NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_create_demo_finish (fixture->service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  g_assert_cmpint (tg_store_service_get_state (fixture->service), ==, TG_STORE_SERVICE_LOCKED);
}

static void
unlock (TgStoreService *service)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;

  tg_store_service_unlock_async (service, PIN, NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_unlock_finish (service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);
}

static void
fixture_set_up_empty (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tg-app-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->service = tg_store_service_new (fixture->data_dir);
  fixture->settings = tg_application_new_settings (&error);
  g_assert_no_error (error);
}

static void
fixture_set_up_locked (Fixture       *fixture,
                       gconstpointer  user_data)
{
  fixture_set_up_empty (fixture, user_data);
  make_store (fixture);
}

static void
fixture_set_up_unlocked (Fixture       *fixture,
                         gconstpointer  user_data)
{
  fixture_set_up_locked (fixture, user_data);
  unlock (fixture->service);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  tg_store_service_lock (fixture->service);
  tg_store_service_flush (fixture->service);
  /* Let the last replies reach the main loop and drop their references. */
  tg_test_spin (50);
  g_assert_finalize_object (fixture->service);
  g_assert_finalize_object (fixture->settings);
  remove_tree (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->dir);
}

/* Finalizes @widget after the service has answered everything it asked. */
static void
finalize_widget (Fixture   *fixture,
                 GtkWidget *widget)
{
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (widget);
}

/* Each page builds and finalizes */

static void
test_first_run_page (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *page = g_object_ref_sink (tg_first_run_page_new (fixture->service));

  g_assert_cmpint (tg_store_service_get_state (fixture->service), ==, TG_STORE_SERVICE_NO_STORE);
  /* Nothing typed: the page says what is missing and will not start. */
  g_assert_nonnull (tg_first_run_page_get_problem (TG_FIRST_RUN_PAGE (page)));
  g_assert_nonnull (strstr (tg_first_run_page_get_problem (TG_FIRST_RUN_PAGE (page)), "name"));
  finalize_widget (fixture, page);
}

typedef struct {
  TgUnlockPage *page;
  const char   *expected;
} WarningWait;

static gboolean
warning_contains (gpointer data)
{
  WarningWait *wait = data;
  const char *warning = tg_unlock_page_get_warning (wait->page);

  return warning != NULL && strstr (warning, wait->expected) != NULL;
}

static gboolean
service_unlocked (gpointer data)
{
  return tg_store_service_get_state (data) == TG_STORE_SERVICE_UNLOCKED;
}

static gboolean
service_locked (gpointer data)
{
  return tg_store_service_get_state (data) == TG_STORE_SERVICE_LOCKED;
}

static void
test_unlock_wrong_pins (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *page = g_object_ref_sink (tg_unlock_page_new (fixture->service));
  WarningWait wait = { TG_UNLOCK_PAGE (page), NULL };

  g_assert_null (tg_unlock_page_get_warning (TG_UNLOCK_PAGE (page)));

  tg_unlock_page_submit (TG_UNLOCK_PAGE (page), "999999");
  wait.expected = "9 tries left";
  g_assert_true (tg_test_wait_for (warning_contains, &wait, 30000));
  g_assert_cmpuint (tg_store_service_get_failed_unlocks (fixture->service), ==, 1);

  tg_unlock_page_submit (TG_UNLOCK_PAGE (page), "wrong-pin");
  wait.expected = "8 tries left";
  g_assert_true (tg_test_wait_for (warning_contains, &wait, 30000));
  g_assert_cmpuint (tg_store_service_get_failed_unlocks (fixture->service), ==, 2);
  g_assert_cmpint (tg_store_service_get_state (fixture->service), ==, TG_STORE_SERVICE_LOCKED);

  /* The right PIN opens it and the count starts again. */
  tg_unlock_page_submit (TG_UNLOCK_PAGE (page), PIN);
  g_assert_true (tg_test_wait_for (service_unlocked, fixture->service, 30000));
  g_assert_cmpuint (tg_store_service_get_failed_unlocks (fixture->service), ==, 0);
  finalize_widget (fixture, page);
}

static gboolean
caseload_ready (gpointer data)
{
  return !tg_caseload_page_is_loading (data);
}

static guint
caseload_count (TgCaseloadPage *page)
{
  g_assert_true (tg_test_wait_for (caseload_ready, page, 30000));
  return g_list_model_get_n_items (tg_caseload_page_get_model (page));
}

static void
test_caseload_page (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *page = g_object_ref_sink (tg_caseload_page_new (fixture->service));
  TgCaseloadPage *caseload = TG_CASELOAD_PAGE (page);
  g_autoptr(TgClientItem) first = NULL;
  g_autofree char *family = NULL;
  guint all, found;

  all = caseload_count (caseload);
  g_assert_cmpuint (all, ==, N_CLIENTS);

  /* Search by a prison number finds that person. */
  first = g_list_model_get_item (tg_caseload_page_get_model (caseload), 0);
  tg_caseload_page_set_search (caseload, tg_client_item_get_prison_number (first));
  found = caseload_count (caseload);
  g_assert_cmpuint (found, >=, 1);
  g_assert_cmpuint (found, <, all);

  tg_caseload_page_set_search (caseload, "zzzz-nobody");
  g_assert_cmpuint (caseload_count (caseload), ==, 0);
  tg_caseload_page_set_search (caseload, "");

  /* Each filter is a strict, non-empty part of the caseload. */
  for (TgCaseloadFilter filter = TG_CASELOAD_MINE; filter <= TG_CASELOAD_RELEASING_SOON; filter++)
    {
      guint n;

      tg_caseload_page_set_filter (caseload, filter);
      n = caseload_count (caseload);
      g_test_message ("filter %d: %u people", filter, n);
      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <, all);
    }
  finalize_widget (fixture, page);
}

/* 10,000 people: the list must stay responsive. The times are reported,
 * not asserted (test machines differ); the model must hold every person
 * and a search must narrow it. */

#define BIG_CASELOAD 10000

static void
fixture_set_up_big (Fixture       *fixture,
                    gconstpointer  user_data)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;
  gint64 start;

  fixture_set_up_empty (fixture, user_data);
  start = g_get_monotonic_time ();
  /* One note for every other person is not a choice the generator
   * offers: no notes keeps the fill short; the caseload reads no notes. */
  tg_store_service_create_demo_async (fixture->service, PIN, 11, BIG_CASELOAD, 0,
                                      NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_create_demo_finish (fixture->service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  g_test_message ("filling %u people took %.1f s", BIG_CASELOAD,
                  (g_get_monotonic_time () - start) / 1e6);
  unlock (fixture->service);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Sets the search and returns the milliseconds until the model changed,
 * the page's own search delay (GtkSearchEntry, 150 ms) not included. */
static double
timed_search (TgCaseloadPage *page,
              const char     *text)
{
  gint64 start = g_get_monotonic_time ();

  tg_caseload_page_set_search (page, text);
  g_assert_true (tg_test_wait_for (caseload_ready, page, 60000));
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
test_caseload_big (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = tg_caseload_page_new (fixture->service);
  TgCaseloadPage *caseload = TG_CASELOAD_PAGE (page);
  g_autoptr(TgClientItem) person = NULL;
  g_autoptr(TgClientItem) again = NULL;
  g_autofree char *name = NULL;
  gboolean painted = FALSE;
  gint64 start;
  gulong handler;
  guint n;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 1280);
  start = g_get_monotonic_time ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tg_test_wait_for (caseload_ready, page, 60000));
  n = g_list_model_get_n_items (tg_caseload_page_get_model (caseload));
  g_assert_cmpuint (n, ==, BIG_CASELOAD);
  g_test_message ("caseload of %u listed in %.0f ms", n, (g_get_monotonic_time () - start) / 1000.0);
  handler = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                              G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (window);
  g_assert_true (tg_test_wait_for (is_true, &painted, 10000));
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), handler);
  g_test_message ("first rows painted %.0f ms after the window was shown",
                  (g_get_monotonic_time () - start) / 1000.0);

  /* Typing part of a name, one letter at a time, then clearing the
   * search. */
  person = g_list_model_get_item (tg_caseload_page_get_model (caseload), BIG_CASELOAD / 2);
  name = g_utf8_strdown (tg_client_item_get_display_name (person), -1);
  for (guint len = 1; len <= 5 && name[len - 1] != '\0'; len++)
    {
      g_autofree char *typed = g_strndup (name, len);
      double ms = timed_search (caseload, typed);

      n = g_list_model_get_n_items (tg_caseload_page_get_model (caseload));
      g_test_message ("search \"%s\": %u people in %.0f ms", typed, n, ms);
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <, BIG_CASELOAD);
    }
  g_test_message ("search cleared: %.0f ms", timed_search (caseload, ""));
  g_assert_cmpuint (g_list_model_get_n_items (tg_caseload_page_get_model (caseload)), ==, BIG_CASELOAD);

  /* Nothing was written meanwhile, so the searches reused the items made
   * for the first list instead of making 10,000 new objects each. */
  again = g_list_model_get_item (tg_caseload_page_get_model (caseload), BIG_CASELOAD / 2);
  g_assert_true (again == person);

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (window);
}

static char *
first_client_id (Fixture *fixture)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  tg_store_service_list_clients_async (fixture->service, TG_CASELOAD_IN_CUSTODY, NULL,
                                       NULL, tg_test_waiter_cb, &waiter);
  items = tg_store_service_list_clients_finish (fixture->service, tg_test_wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  g_assert_cmpuint (items->len, >, 0);
  return g_strdup (tg_client_item_get_id (items->pdata[0]));
}

static gboolean
client_loaded (gpointer data)
{
  return tg_client_page_is_loaded (data);
}

/* Whether a GtkLabel below @widget shows text containing @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static TgClientDetails *
load_details (Fixture    *fixture,
              const char *client_id)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;
  TgClientDetails *details;

  tg_store_service_load_client_async (fixture->service, client_id, NULL, tg_test_waiter_cb, &waiter);
  details = tg_store_service_load_client_finish (fixture->service, tg_test_wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  return details;
}

static void
test_client_page (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkWidget *page = g_object_ref_sink (tg_client_page_new (fixture->service));
  g_autofree char *client_id = first_client_id (fixture);
  g_autoptr(TgClientDetails) details = load_details (fixture, client_id);
  const char *born_iso = tg_record_get (details->client, "date_of_birth");
  g_autofree char *born = tg_format_iso_date_no_weekday (born_iso);
  g_autofree char *born_text = g_strdup_printf ("born %s", born);

  tg_client_page_show_client (TG_CLIENT_PAGE (page), client_id);
  g_assert_true (tg_test_wait_for (client_loaded, page, 30000));
  g_assert_cmpuint (tg_client_page_get_n_notes (TG_CLIENT_PAGE (page)), ==, NOTES_PER_CLIENT);

  /* The date of birth as a worker reads it ("4 Mar 1986"), not as
   * stored ("1986-03-04"). */
  g_assert_nonnull (born_iso);
  g_assert_cmpstr (born, !=, born_iso);
  g_assert_true (g_regex_match_simple ("^[0-9]{1,2} [A-Z][a-z]{2} [0-9]{4}$", born, 0, 0));
  g_assert_true (shows_text (page, born_text));
  g_assert_false (shows_text (page, born_iso));
  finalize_widget (fixture, page);
}

static gboolean
gate_ready (gpointer data)
{
  return !tg_gate_list_page_is_loading (data);
}

static void
test_gate_list_page (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *page = g_object_ref_sink (tg_gate_list_page_new (fixture->service));

  g_assert_true (tg_test_wait_for (gate_ready, page, 30000));
  /* The demo puts releases on every working day of this week. */
  g_assert_cmpuint (tg_gate_list_page_get_n_entries (TG_GATE_LIST_PAGE (page)), >, 0);
  finalize_widget (fixture, page);
}

/* The first pickup button of a release on screen: the list's widgets are
 * bound to lines as they show, and a day's heading hides its button. */
static GtkWidget *
find_pickup_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_MENU_BUTTON (child))
        return child;
      found = find_pickup_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* This week's gate list, as the store gives it to the page. */
static GPtrArray *
gate_week (Fixture *fixture)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GPtrArray *entries;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  tg_store_service_gate_list_async (fixture->service, &today, 7, NULL, tg_test_waiter_cb, &waiter);
  entries = tg_store_service_gate_list_finish (fixture->service, tg_test_wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  return entries;
}

static char *
stored_pickup_status (Fixture    *fixture,
                      const char *client_id)
{
  g_autoptr(GPtrArray) entries = gate_week (fixture);

  for (guint i = 0; i < entries->len; i++)
    {
      const TgGateEntry *entry = entries->pdata[i];

      if (g_strcmp0 (entry->client_id, client_id) == 0)
        return g_strdup (entry->pickup_status);
    }
  return NULL;
}

/* A pickup status picked from a row's menu shows on the row and is stored;
 * the menu itself is made only when the row's button is opened. */
static void
test_gate_list_pickup (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *window = g_object_ref (gtk_window_new ());
  GtkWidget *page = tg_gate_list_page_new (fixture->service);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *stored = NULL;
  GtkWidget *button;
  const char *client_id = NULL;
  const char *other = NULL;

  /* In a window, as the list makes rows only for the lines it shows. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tg_test_wait_for (gate_ready, page, 30000));
  tg_test_spin (50);
  button = find_pickup_button (page);
  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)));

  /* The first row is the first release of the week, as the store lists it. */
  entries = gate_week (fixture);
  g_assert_cmpuint (entries->len, >, 0);
  client_id = ((TgGateEntry *) entries->pdata[0])->client_id;
  /* Pick a status the row does not have yet, so that the change shows. */
  other = g_strcmp0 (((TgGateEntry *) entries->pdata[0])->pickup_status, "met") == 0 ? "missed" : "met";

  g_assert_true (gtk_widget_activate_action (button, "pickup.status", "s", other));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, tg_choice_label (other));
  tg_store_service_flush (fixture->service);
  stored = stored_pickup_status (fixture, client_id);
  g_assert_cmpstr (stored, ==, other);

  /* A value that is not a pickup status is refused. */
  g_assert_true (gtk_widget_activate_action (button, "pickup.status", "s", "teleported"));
  g_clear_pointer (&stored, g_free);
  tg_store_service_flush (fixture->service);
  stored = stored_pickup_status (fixture, client_id);
  g_assert_cmpstr (stored, ==, other);

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (window);
}

/* Opening a line's pickup button in a window makes its menu: one item per
 * status, acting on the line's own action. */
static void
test_gate_list_pickup_menu (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GtkWidget *window = g_object_ref (gtk_window_new ());
  GtkWidget *page = tg_gate_list_page_new (fixture->service);
  GMenuModel *menu;
  GtkWidget *button;
  g_autofree char *action = NULL;
  g_autofree char *target = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tg_test_wait_for (gate_ready, page, 30000));
  tg_test_spin (50);
  button = find_pickup_button (page);
  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)));

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  tg_test_spin (50);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 5);
  g_assert_true (g_menu_model_get_item_attribute (menu, 2, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_assert_cmpstr (action, ==, "pickup.status");
  g_assert_true (g_menu_model_get_item_attribute (menu, 2, G_MENU_ATTRIBUTE_TARGET, "s", &target));
  g_assert_cmpstr (target, ==, "met");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (window);
}

static gboolean
sync_ready (gpointer data)
{
  return !tg_sync_page_is_loading (data);
}

static void
test_sync_page (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *page = g_object_ref_sink (tg_sync_page_new (fixture->service, NULL));

  g_assert_true (tg_test_wait_for (sync_ready, page, 30000));
  /* The demo leaves two conflicts and a few changes waiting. */
  g_assert_cmpuint (tg_sync_page_get_n_conflicts (TG_SYNC_PAGE (page)), ==, 2);
  g_assert_nonnull (strstr (tg_sync_page_get_summary (TG_SYNC_PAGE (page)), "waiting"));
  finalize_widget (fixture, page);
}

/* Live validation */

static void
commit_cb (TgFieldRow  *row,
           const char  *value,
           char       **committed)
{
  g_free (*committed);
  *committed = g_strdup (value);
}

static void
test_field_row_validation (void)
{
  GtkWidget *row = g_object_ref_sink (tg_field_row_new ("client", "nhs_number"));
  g_autofree char *committed = NULL;

  g_signal_connect (row, "commit", G_CALLBACK (commit_cb), &committed);

  /* Each keystroke is checked; the message names the field. */
  gtk_editable_set_text (GTK_EDITABLE (row), "999 000 0019");
  g_assert_nonnull (tg_field_row_get_error (TG_FIELD_ROW (row)));
  g_assert_true (g_str_has_prefix (tg_field_row_get_error (TG_FIELD_ROW (row)), "NHS number: "));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_assert_null (committed);

  /* A valid value is committed in its canonical form. */
  gtk_editable_set_text (GTK_EDITABLE (row), "999 000 0018");
  g_assert_null (tg_field_row_get_error (TG_FIELD_ROW (row)));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (committed, ==, "9990000018");

  g_assert_finalize_object (row);
}

/* A draft survives SIGKILL */

static gboolean
draft_saved (gpointer data)
{
  return tg_client_page_get_draft_saved (data);
}

/* The child: open the client, type, wait for the draft to be saved (no
 * button pressed), say READY, and wait to be killed. */
static int
draft_child (const char *data_dir,
             const char *client_id)
{
  TgStoreService *service = tg_store_service_new (data_dir);
  GtkWidget *page;
  GtkTextBuffer *buffer;

  unlock (service);
  page = g_object_ref_sink (tg_client_page_new (service));
  tg_client_page_show_client (TG_CLIENT_PAGE (page), client_id);
  g_assert_true (tg_test_wait_for (client_loaded, page, 30000));

  buffer = tg_client_page_get_composer (TG_CLIENT_PAGE (page));
  /* Typed in two bursts, as a person would. */
  gtk_text_buffer_insert_at_cursor (buffer, DRAFT_TEXT, 20);
  tg_test_spin (100);
  gtk_text_buffer_insert_at_cursor (buffer, DRAFT_TEXT + 20, -1);
  g_assert_false (tg_client_page_get_draft_saved (TG_CLIENT_PAGE (page)));
  g_assert_true (tg_test_wait_for (draft_saved, page, 10000));

  g_print ("READY\n");
  fflush (stdout);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 1;
}

static char *test_program;

static void
test_draft_survives_kill (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *client_id = first_client_id (fixture);
  const char *argv[] = { test_program, "--draft-child", fixture->data_dir, client_id, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  GPid pid;
  int out_fd, status;
  GtkWidget *page;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *restored = NULL;
  guint notes;

  /* The child gets the store to itself. */
  tg_store_service_lock (fixture->service);
  tg_store_service_flush (fixture->service);

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_line (channel, &line, NULL, NULL, &error), ==, G_IO_STATUS_NORMAL);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "READY\n");

  /* No shutdown, no flush: the process is gone mid-session. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_spawn_close_pid (pid);

  unlock (fixture->service);
  page = g_object_ref_sink (tg_client_page_new (fixture->service));
  tg_client_page_show_client (TG_CLIENT_PAGE (page), client_id);
  g_assert_true (tg_test_wait_for (client_loaded, page, 30000));
  buffer = tg_client_page_get_composer (TG_CLIENT_PAGE (page));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  restored = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (restored, ==, DRAFT_TEXT);

  /* Saving the note clears the draft. */
  notes = tg_client_page_get_n_notes (TG_CLIENT_PAGE (page));
  g_assert_true (gtk_widget_activate_action (page, "client.save-note", NULL));
  while (tg_client_page_get_n_notes (TG_CLIENT_PAGE (page)) == notes)
    g_assert_true (g_main_context_iteration (NULL, TRUE));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_assert_cmpstr (gtk_text_buffer_get_text (buffer, &start, &end, FALSE), ==, "");
  finalize_widget (fixture, page);

  page = g_object_ref_sink (tg_client_page_new (fixture->service));
  tg_client_page_show_client (TG_CLIENT_PAGE (page), client_id);
  g_assert_true (tg_test_wait_for (client_loaded, page, 30000));
  buffer = tg_client_page_get_composer (TG_CLIENT_PAGE (page));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
  g_assert_cmpuint (tg_client_page_get_n_notes (TG_CLIENT_PAGE (page)), ==, notes + 1);
  finalize_widget (fixture, page);
}

/* The idle lock */

typedef struct {
  TgWindow   *window;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (tg_window_get_visible_page (wait->window), wait->page) == 0;
}

static void
destroy_window (Fixture  *fixture,
                TgWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (window);
}

static void
test_idle_lock (Fixture       *fixture,
                gconstpointer  user_data)
{
  TgWindow *window;
  PageWait wait;
  gint64 start;

  g_settings_set_uint (fixture->settings, "idle-lock-seconds", 1);
  /* The window arms the lock as it shows the unlocked caseload. */
  start = g_get_monotonic_time ();
  window = g_object_ref (tg_window_new (NULL, fixture->service, fixture->settings));
  gtk_window_present (GTK_WINDOW (window));
  wait = (PageWait) { window, "caseload" };
  g_assert_true (tg_test_wait_for (page_is, &wait, 10000));

  g_assert_true (tg_test_wait_for (service_locked, fixture->service, 10000));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpstr (tg_window_get_visible_page (window), ==, "unlock");

  /* Locked, the pages hold no one. */
  g_assert_cmpuint (g_list_model_get_n_items (tg_caseload_page_get_model (
                      TG_CASELOAD_PAGE (tg_window_get_page (window, "caseload")))), ==, 0);
  destroy_window (fixture, window);
  /* The memory backend is shared by the whole process. */
  g_settings_reset (fixture->settings, "idle-lock-seconds");
}

/* Screenshots */

typedef struct {
  int width;
  int height;
} Size;

static gboolean
window_sized (gpointer data)
{
  PageWait *wait = data;

  return gtk_widget_get_mapped (GTK_WIDGET (wait->window)) &&
         gtk_widget_get_width (GTK_WIDGET (wait->window)) > 0;
}

static TgWindow *
screenshot_window (Fixture    *fixture,
                   const Size *size)
{
  TgWindow *window = g_object_ref (tg_window_new (NULL, fixture->service, fixture->settings));
  PageWait wait = { window, NULL };

  gtk_window_set_default_size (GTK_WINDOW (window), size->width, size->height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tg_test_wait_for (window_sized, &wait, 10000));
  tg_test_spin (200);
  /* Without a window manager the frame's resize border is inside the
   * default size; grow by it so the content is exactly the tablet's. */
  gtk_window_set_default_size (GTK_WINDOW (window),
                               2 * size->width - gtk_widget_get_width (GTK_WIDGET (window)),
                               2 * size->height - gtk_widget_get_height (GTK_WIDGET (window)));
  tg_test_spin (300);
  return window;
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  user_data)
{
  const Size *size = user_data;
  TgWindow *window;
  PageWait wait;
  g_autofree char *client_id = NULL;
  TgClientPage *client;

  /* Nothing may lock while the pictures are taken. */
  g_settings_set_uint (fixture->settings, "idle-lock-seconds", 3600);

  /* First run: a service with no store yet. */
  {
    g_autofree char *empty_dir = g_build_filename (fixture->dir, "empty", NULL);
    Fixture empty = *fixture;

    empty.service = tg_store_service_new (empty_dir);
    window = screenshot_window (&empty, size);
    tg_test_save_screenshot (GTK_WIDGET (window), "first-run");
    /* Enrolling: server, code, the key pin shown back, the optional CA. */
    {
      GtkWidget *first_run = tg_window_get_page (window, "first-run");
      const struct { const char *row, *text; } rows[] = {
        { "url_row", "https://sync.example.org" },
        { "code_row", "K7QP-2MWX-9DTR" },
        { "key_pin_row", "q6Xr1mC0dT9vJ2kWfH8sYpL3nB5aE7uZxR4gN0iQwOc=" },
      };

      gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_template_child (
                                     first_run, TG_TYPE_FIRST_RUN_PAGE, "enrol_check")), TRUE);
      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
                                 first_run, TG_TYPE_FIRST_RUN_PAGE, rows[i].row)), rows[i].text);
      tg_test_save_screenshot (GTK_WIDGET (window), "first-run-enrol");
    }
    gtk_window_destroy (GTK_WINDOW (window));
    tg_store_service_flush (empty.service);
    tg_test_spin (50);
    g_assert_finalize_object (window);
    g_assert_finalize_object (empty.service);
  }

  /* Locked, with a wrong PIN tried. */
  window = screenshot_window (fixture, size);
  tg_window_set_unlock_hint (window, "Demo PIN: " PIN ". Everything here is invented.");
  {
    WarningWait warning = { TG_UNLOCK_PAGE (tg_window_get_page (window, "unlock")), "tries left" };

    tg_unlock_page_submit (warning.page, "111111");
    g_assert_true (tg_test_wait_for (warning_contains, &warning, 30000));
  }
  tg_test_save_screenshot (GTK_WIDGET (window), "unlock");

  tg_unlock_page_submit (TG_UNLOCK_PAGE (tg_window_get_page (window, "unlock")), PIN);
  wait = (PageWait) { window, "caseload" };
  g_assert_true (tg_test_wait_for (page_is, &wait, 30000));
  g_assert_true (tg_test_wait_for (caseload_ready, tg_window_get_page (window, "caseload"), 30000));
  tg_test_save_screenshot (GTK_WIDGET (window), "caseload");
  /* The same in the dark style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  tg_test_save_screenshot (GTK_WIDGET (window), "caseload-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  tg_caseload_page_set_filter (TG_CASELOAD_PAGE (tg_window_get_page (window, "caseload")),
                               TG_CASELOAD_RELEASING_SOON);
  g_assert_true (tg_test_wait_for (caseload_ready, tg_window_get_page (window, "caseload"), 30000));
  client_id = first_client_id (fixture);
  tg_window_show_client (window, client_id);
  client = TG_CLIENT_PAGE (tg_window_get_page (window, "client"));
  g_assert_true (tg_test_wait_for (client_loaded, client, 30000));
  gtk_text_buffer_set_text (tg_client_page_get_composer (client),
                            "Met on B wing to go through the release plan.", -1);
  tg_test_save_screenshot (GTK_WIDGET (window), "client-notes");
  tg_client_page_set_section (client, "release");
  tg_test_save_screenshot (GTK_WIDGET (window), "client-release");
  tg_client_page_set_section (client, "profile");
  tg_test_save_screenshot (GTK_WIDGET (window), "client-profile");

  tg_window_show_view (window, "gate");
  g_assert_true (tg_test_wait_for (gate_ready, tg_window_get_page (window, "gate"), 30000));
  tg_test_save_screenshot (GTK_WIDGET (window), "gate-list");

  tg_window_show_view (window, "sync");
  g_assert_true (tg_test_wait_for (sync_ready, tg_window_get_page (window, "sync"), 30000));
  tg_test_save_screenshot (GTK_WIDGET (window), "sync");
  g_assert_cmpstr (tg_window_get_visible_page (window), ==, "sync");

  destroy_window (fixture, window);
  g_settings_reset (fixture->settings, "idle-lock-seconds");
}

static const Size landscape = { 1280, 800 };
static const Size portrait = { 800, 1280 };

int
main (int   argc,
      char *argv[])
{
  /* TG_LOCALEDIR (the build tree's po/) with LANGUAGE=cy takes the
   * screenshots in Welsh (docs/translating.md). */
  if (g_getenv ("TG_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TG_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  gtk_init ();
  adw_init ();
  tg_application_register_resources ();
  /* Animations stay on: GTK 4.8's revealer allocates a height of -1 to
   * the view switcher bar when they are off. Screenshots wait them out. */
  {
    GtkCssProvider *css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/throughgate/Throughgate/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (css);
  }
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/throughgate/Throughgate/icons");

  if (argc == 4 && g_strcmp0 (argv[1], "--draft-child") == 0)
    return draft_child (argv[2], argv[3]);

  test_program = argv[0];
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func, data) \
  g_test_add ("/tg/app/" path, Fixture, data, setup, func, fixture_tear_down)

  g_test_add_func ("/tg/app/field-row/validation", test_field_row_validation);
  ADD ("pages/first-run", fixture_set_up_empty, test_first_run_page, NULL);
  ADD ("pages/unlock-wrong-pins", fixture_set_up_locked, test_unlock_wrong_pins, NULL);
  ADD ("pages/caseload", fixture_set_up_unlocked, test_caseload_page, NULL);
  ADD ("pages/client", fixture_set_up_unlocked, test_client_page, NULL);
  ADD ("caseload/10000", fixture_set_up_big, test_caseload_big, NULL);
  ADD ("pages/gate-list", fixture_set_up_unlocked, test_gate_list_page, NULL);
  ADD ("pages/gate-list-pickup", fixture_set_up_unlocked, test_gate_list_pickup, NULL);
  ADD ("pages/gate-list-pickup-menu", fixture_set_up_unlocked, test_gate_list_pickup_menu, NULL);
  ADD ("pages/sync", fixture_set_up_unlocked, test_sync_page, NULL);
  ADD ("draft/survives-kill", fixture_set_up_unlocked, test_draft_survives_kill, NULL);
  ADD ("lock/idle", fixture_set_up_unlocked, test_idle_lock, NULL);
  ADD ("screenshots/landscape", fixture_set_up_locked, test_screenshots, &landscape);
  ADD ("screenshots/portrait", fixture_set_up_locked, test_screenshots, &portrait);

  return g_test_run ();
}
