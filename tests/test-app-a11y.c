/* test-app-a11y.c: every control on every main page has a name.
 *
 * Run by xvfb-session.sh. Each page is built as the app builds it, with an
 * injected store service, shown in a window, loaded, and its whole widget
 * tree walked (hidden stack children too). Every button, toggle, menu
 * button, entry, password entry, search entry, switch, check button, spin
 * button and drop-down must be named by one of: its own label or a label
 * inside it, a GtkLabel whose mnemonic widget it is (GTK turns that into
 * the labelled-by relation), the row it is the activatable widget of, the
 * title of the AdwEntryRow it lives in, or its tooltip. GTK 4.8 has no
 * public getter for accessible properties, so a name set only as an
 * accessible property does not count here: the .ui files give such
 * controls a tooltip as well. The role must not be NONE or GENERIC.
 *
 * Widgets inside GTK's and libadwaita's own composites that name
 * themselves through accessible properties (window controls, the entry
 * row's internal text, the password entry's text) are not ours and are
 * skipped, with the reason at the skip.
 */

#include "tg-test-loop.h"
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tg-application.h"
#include "tg-caseload-page.h"
#include "tg-client-page.h"
#include "tg-first-run-page.h"
#include "tg-gate-list-page.h"
#include "tg-kpi-page.h"
#include "tg-preferences-window.h"
#include "tg-run-sheet-page.h"
#include "tg-session-page.h"
#include "tg-store-service.h"
#include "tg-sync-page.h"
#include "tg-top-form.h"
#include "tg-unlock-page.h"
#include "tg-window.h"

#define PIN "246810"


/* The walk. */

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* A non-empty GtkLabel at or below @widget. */
static gboolean
has_label_inside (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && has_text (gtk_label_get_text (GTK_LABEL (widget))))
    return TRUE;
  if (ADW_IS_BUTTON_CONTENT (widget) &&
      has_text (adw_button_content_get_label (ADW_BUTTON_CONTENT (widget))))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_inside (child))
      return TRUE;
  return FALSE;
}

/* Every widget some GtkLabel names through its mnemonic widget. */
static void
collect_mnemonic_targets (GtkWidget  *widget,
                          GHashTable *targets)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_mnemonic_widget (GTK_LABEL (widget)) != NULL)
    g_hash_table_add (targets, gtk_label_get_mnemonic_widget (GTK_LABEL (widget)));
  if (ADW_IS_ACTION_ROW (widget) && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) != NULL &&
      has_text (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))))
    g_hash_table_add (targets, adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonic_targets (child, targets);
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) ||          /* and GtkToggleButton, GtkLinkButton */
         GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_ENTRY (widget) ||
         GTK_IS_TEXT (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) ||
         GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) ||
         GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_DROP_DOWN (widget);
}

/* The nearest ancestor of @type, or NULL. */
static GtkWidget *
ancestor (GtkWidget *widget,
          GType      type)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return parent != NULL ? gtk_widget_get_ancestor (parent, type) : NULL;
}

static gboolean
is_skipped (GtkWidget *widget)
{
  /* GtkWindowControls' buttons are named by GTK (accessible labels). */
  if (ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
    return TRUE;
  /* The text inside an editable composite is named through the
   * composite, which is checked itself. */
  if (GTK_IS_TEXT (widget) &&
      (ancestor (widget, GTK_TYPE_PASSWORD_ENTRY) != NULL ||
       ancestor (widget, GTK_TYPE_SEARCH_ENTRY) != NULL ||
       ancestor (widget, GTK_TYPE_SPIN_BUTTON) != NULL ||
       ancestor (widget, GTK_TYPE_ENTRY) != NULL))
    return TRUE;
  /* A drop-down's internal toggle is named by the drop-down. */
  if (GTK_IS_TOGGLE_BUTTON (widget) && ancestor (widget, GTK_TYPE_DROP_DOWN) != NULL)
    return TRUE;
  /* A menu button's internal toggle is named by the menu button. */
  if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    return TRUE;
  /* A drop-down's search entry (its popover) is named by the drop-down. */
  if (GTK_IS_SEARCH_ENTRY (widget) && ancestor (widget, GTK_TYPE_DROP_DOWN) != NULL)
    return TRUE;
  /* libadwaita's own preferences search, in the window's header bar. */
  if (GTK_IS_SEARCH_ENTRY (widget) && ancestor (widget, ADW_TYPE_HEADER_BAR) != NULL &&
      ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW) != NULL)
    return TRUE;
  /* A spin button's + and − are named by GTK (accessible labels) and
   * reached through the spin button's keys, not Tab. */
  if (GTK_IS_BUTTON (widget) && GTK_IS_SPIN_BUTTON (gtk_widget_get_parent (widget)))
    return TRUE;
  /* An expander row's own enable switch, in its header and hidden unless
   * the row shows it (none of ours does), is named by the row. */
  if (GTK_IS_SWITCH (widget) && ancestor (widget, ADW_TYPE_EXPANDER_ROW) != NULL)
    {
      GtkWidget *row = ancestor (widget, ADW_TYPE_EXPANDER_ROW);
      gboolean in_header = TRUE;

      /* The rows added to an expander sit in its revealer; the header
       * does not. */
      for (GtkWidget *up = widget; up != row; up = gtk_widget_get_parent (up))
        if (GTK_IS_REVEALER (up))
          in_header = FALSE;
      if (in_header && !adw_expander_row_get_show_enable_switch (ADW_EXPANDER_ROW (row)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_named (GtkWidget  *widget,
          GHashTable *mnemonic_targets)
{
  GtkWidget *row;

  if (has_text (gtk_widget_get_tooltip_text (widget)))
    return TRUE;
  if (g_hash_table_contains (mnemonic_targets, widget))
    return TRUE;
  if (GTK_IS_BUTTON (widget) && has_text (gtk_button_get_label (GTK_BUTTON (widget))))
    return TRUE;
  if (GTK_IS_MENU_BUTTON (widget) && has_text (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget))))
    return TRUE;
  if (GTK_IS_CHECK_BUTTON (widget) && has_text (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget))))
    return TRUE;
  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget)) &&
      has_label_inside (widget))
    return TRUE;
  /* The text field of an entry row is named by the row's title. */
  row = gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW);
  if (row != NULL && GTK_IS_TEXT (widget) &&
      has_text (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))))
    return TRUE;
  return FALSE;
}

typedef struct {
  const char *page;
  GtkWidget  *root;
  GHashTable *mnemonic_targets;
  GString    *problems;
  guint       checked;
} Walk;

static void
walk (GtkWidget *widget,
      Walk      *w)
{
  if (is_control (widget) && !is_skipped (widget))
    {
      GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

      w->checked++;
      if (!is_named (widget, w->mnemonic_targets))
        {
          g_autoptr(GString) path = g_string_new (NULL);

          /* Where it is: its ancestors up to the page, nearest first. */
          for (GtkWidget *up = gtk_widget_get_parent (widget);
               up != NULL && up != w->root;
               up = gtk_widget_get_parent (up))
            g_string_append_printf (path, " in %s", G_OBJECT_TYPE_NAME (up));
          g_string_append_printf (w->problems, "%s: a %s%s has no name\n", w->page,
                                  G_OBJECT_TYPE_NAME (widget), path->str);
        }
      /* An entry row's text takes the row's role and title (libadwaita
       * marks the text itself as presentation). */
      if ((role == GTK_ACCESSIBLE_ROLE_NONE || role == GTK_ACCESSIBLE_ROLE_GENERIC) &&
          !(GTK_IS_TEXT (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW) != NULL))
        g_string_append_printf (w->problems, "%s: a %s has no accessible role\n", w->page,
                                G_OBJECT_TYPE_NAME (widget));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child, w);
}

/* Walks @root for @page_name and fails naming every unlabelled control. */
static void
assert_all_named (GtkWidget  *root,
                  const char *page_name)
{
  g_autoptr(GHashTable) targets = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  Walk w = { page_name, root, targets, problems, 0 };

  collect_mnemonic_targets (root, targets);
  walk (root, &w);
  g_test_message ("%s: %u controls checked", page_name, w.checked);
  g_assert_cmpuint (w.checked, >, 0);
  if (problems->len > 0)
    g_test_fail_printf ("%s", problems->str);
}

/* Fixtures: a service on a demo store. */

typedef struct {
  char           *dir;
  TgStoreService *service;
  GSettings      *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;

  fixture->dir = g_dir_make_tmp ("tg-a11y-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->service = tg_store_service_new (data_dir);
  fixture->settings = tg_application_new_settings (&error);
  g_assert_no_error (error);

  if (user_data != NULL)    /* a store, unlocked */
    {
      TgTestWaiter waiter = { 0, };

      tg_store_service_create_demo_async (fixture->service, PIN, 7, 30, 2, NULL, tg_test_waiter_cb, &waiter);
      g_assert_true (tg_store_service_create_demo_finish (fixture->service, tg_test_wait_result (&waiter), &error));
      g_assert_no_error (error);
      g_clear_object (&waiter.result);
      waiter = (TgTestWaiter) { 0, };
      tg_store_service_unlock_async (fixture->service, PIN, NULL, tg_test_waiter_cb, &waiter);
      g_assert_true (tg_store_service_unlock_finish (fixture->service, tg_test_wait_result (&waiter), &error));
      g_assert_no_error (error);
      g_clear_object (&waiter.result);
    }
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
          g_remove (child);
      }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  tg_store_service_lock (fixture->service);
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (fixture->service);
  g_assert_finalize_object (fixture->settings);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Shows @page in a window of its own, lets it load, walks it, and
 * finalizes both. */
static void
check_page (Fixture    *fixture,
            GtkWidget  *page,
            TgTestCondition   loaded,
            const char *name)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref_sink (page);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  if (loaded != NULL)
    g_assert_true (tg_test_wait_for (loaded, page, 30000));
  tg_test_spin (100);
  assert_all_named (page, name);

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (page);
}

static gboolean
caseload_ready (gpointer data)
{
  return !tg_caseload_page_is_loading (data);
}

static gboolean
gate_ready (gpointer data)
{
  return !tg_gate_list_page_is_loading (data);
}

static gboolean
sync_ready (gpointer data)
{
  return !tg_sync_page_is_loading (data);
}

static gboolean
client_loaded (gpointer data)
{
  return tg_client_page_is_loaded (data);
}

static void
test_first_run (Fixture       *fixture,
                gconstpointer  user_data)
{
  check_page (fixture, tg_first_run_page_new (fixture->service), NULL, "first run");
}

static void
test_unlock (Fixture       *fixture,
             gconstpointer  user_data)
{
  tg_store_service_lock (fixture->service);
  check_page (fixture, tg_unlock_page_new (fixture->service), NULL, "unlock");
}

static void
test_caseload (Fixture       *fixture,
               gconstpointer  user_data)
{
  check_page (fixture, tg_caseload_page_new (fixture->service), caseload_ready, "caseload");
}

static void
test_client (Fixture       *fixture,
             gconstpointer  user_data)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  tg_store_service_list_clients_async (fixture->service, TG_CASELOAD_ALL, NULL, NULL, tg_test_waiter_cb, &waiter);
  items = tg_store_service_list_clients_finish (fixture->service, tg_test_wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  g_assert_cmpuint (items->len, >, 0);

  page = tg_client_page_new (fixture->service);
  tg_client_page_set_show_back (TG_CLIENT_PAGE (page), TRUE);
  tg_client_page_show_client (TG_CLIENT_PAGE (page), tg_client_item_get_id (items->pdata[0]));
  check_page (fixture, page, client_loaded, "client");
}

static void
test_gate_list (Fixture       *fixture,
                gconstpointer  user_data)
{
  check_page (fixture, tg_gate_list_page_new (fixture->service), gate_ready, "gate list");
}

static gboolean
run_sheet_ready (gpointer data)
{
  return !tg_run_sheet_page_is_loading (data) && tg_run_sheet_page_get_sheet (data) != NULL;
}

static gboolean
kpi_ready (gpointer data)
{
  return !tg_kpi_page_is_loading (data) && tg_kpi_page_get_figure_text (data, 0) != NULL;
}

/* Tomorrow's run sheet, as the gate list opens it. */
static void
test_run_sheet (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate day;
  GtkWidget *page;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_add_days (&day, 1);
  page = tg_run_sheet_page_new (fixture->service, &day);
  check_page (fixture, page, run_sheet_ready, "run sheet");
}

static void
test_kpi (Fixture       *fixture,
          gconstpointer  user_data)
{
  check_page (fixture, tg_kpi_page_new (fixture->service, fixture->settings), kpi_ready, "dashboard");
}

static void
test_sync (Fixture       *fixture,
           gconstpointer  user_data)
{
  check_page (fixture, tg_sync_page_new (fixture->service, NULL), sync_ready, "sync");
}

/* The window: header bar, view switchers, menu and the pages in place. */
static void
test_window (Fixture       *fixture,
             gconstpointer  user_data)
{
  TgWindow *window = g_object_ref (tg_window_new (NULL, fixture->service, fixture->settings));

  g_settings_set_uint (fixture->settings, "idle-lock-seconds", 3600);
  gtk_window_present (GTK_WINDOW (window));
  tg_test_spin (500);
  assert_all_named (GTK_WIDGET (window), "window");
  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (window);
  g_settings_reset (fixture->settings, "idle-lock-seconds");
}

static void
test_session (Fixture       *fixture,
              gconstpointer  user_data)
{
  /* Both of its screens: the start form and the session (a stack's
   * hidden child is walked too). */
  check_page (fixture, tg_session_page_new (fixture->service), NULL, "session");
}

static void
test_top_form (Fixture       *fixture,
               gconstpointer  user_data)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *form;

  tg_store_service_list_clients_async (fixture->service, TG_CASELOAD_ALL, NULL, NULL, tg_test_waiter_cb, &waiter);
  items = tg_store_service_list_clients_finish (fixture->service, tg_test_wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  form = g_object_ref (tg_top_form_new (fixture->service, tg_client_item_get_id (items->pdata[0])));
  gtk_window_present (GTK_WINDOW (form));
  tg_test_spin (200);
  assert_all_named (form, "TOP form");
  gtk_window_destroy (GTK_WINDOW (form));
  tg_test_spin (50);
  g_assert_finalize_object (form);
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkWidget *window = g_object_ref_sink (tg_preferences_window_new (fixture->settings));

  gtk_window_present (GTK_WINDOW (window));
  tg_test_spin (200);
  assert_all_named (window, "preferences");
  gtk_window_destroy (GTK_WINDOW (window));
  tg_test_spin (50);
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  static const gboolean unlocked = TRUE;

  gtk_init ();
  adw_init ();
  tg_application_register_resources ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/tg/a11y/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("first-run", test_first_run, NULL);
  ADD ("unlock", test_unlock, &unlocked);
  ADD ("caseload", test_caseload, &unlocked);
  ADD ("client", test_client, &unlocked);
  ADD ("session", test_session, &unlocked);
  ADD ("top-form", test_top_form, &unlocked);
  ADD ("gate-list", test_gate_list, &unlocked);
  ADD ("run-sheet", test_run_sheet, &unlocked);
  ADD ("dashboard", test_kpi, &unlocked);
  ADD ("sync", test_sync, &unlocked);
  ADD ("window", test_window, &unlocked);
  ADD ("preferences", test_preferences, NULL);
#undef ADD

  return g_test_run ();
}
