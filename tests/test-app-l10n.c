/* test-app-l10n.c: switching the language shows the Welsh translation.
 *
 * Run by xvfb-session.sh with LANGUAGE=cy and LC_ALL=C.UTF-8 (a locale
 * every system has; gettext follows LANGUAGE in it), and the catalogue
 * compiled into the build tree (TG_LOCALEDIR). The pages' .ui strings and
 * the C strings both come out in Welsh: one from each part of the app that
 * shows text (the application, the window, the first-run, unlock and sync
 * pages, the store service, the date formatter), seen where a worker sees
 * it, not by asking the catalogue. Messages from below the app (a field
 * rejected by the schema, a sync refused by the engine) are checked as the
 * app receives them, in the GError it shows on a field row or the sync
 * page.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "tg-application.h"
#include "tg-caseload-row.h"
#include "tg-first-run-page.h"
#include "tg-error.h"
#include "tg-format.h"
#include "tg-schema.h"
#include "tg-store-service.h"
#include "tg-store.h"
#include "tg-sync-engine.h"
#include "tg-sync-error.h"
#include "tg-sync-page.h"
#include "tg-test-loop.h"
#include "tg-test-util.h"
#include "tg-unlock-page.h"
#include "tg-window.h"

#define PIN "135790"

/* The first GtkButton below @widget whose label is @label. */
static gboolean
has_button (GtkWidget  *widget,
            const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_button (child, label))
      return TRUE;
  return FALSE;
}

static void
test_welsh (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tg-l10n-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  TgStoreService *service = tg_store_service_new (data_dir);
  GtkWidget *page = g_object_ref_sink (tg_unlock_page_new (service));
  g_autofree char *badge = tg_release_badge_text (1);

  /* A .ui string, through GtkBuilder. */
  g_assert_true (has_button (page, "_Datgloi"));
  g_assert_false (has_button (page, "_Unlock"));
  /* A C string. */
  g_assert_cmpstr (badge, ==, "Rhyddhau yfory");
  /* A string left untranslated stays English rather than going missing. */
  g_assert_cmpstr (_("Signed %s; read-only"), ==, "Signed %s; read-only");

  tg_store_service_flush (service);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (page);
  g_assert_finalize_object (service);
  g_rmdir (dir);
}

/* Whether a visible GtkLabel below @widget shows exactly @text. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

/* Dates: names and patterns from the catalogue, whatever the C library's
 * locale (here C.UTF-8). */
static void
test_welsh_dates (void)
{
  GDate date;
  g_autofree char *short_date = NULL;
  g_autofree char *day = NULL;
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-23T16:00:00Z", NULL);
  g_autofree char *yesterday = tg_format_date_time_full ("2026-11-22T09:30:00Z", london, now);
  g_autofree char *earlier = tg_format_date_time_full ("2026-11-20T08:00:00Z", london, now);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 23, G_DATE_NOVEMBER, 2026);
  short_date = tg_format_date (&date);
  g_assert_cmpstr (short_date, ==, "Llun 23 Tach 2026");
  g_date_set_dmy (&date, 27, G_DATE_NOVEMBER, 2026);
  day = tg_format_day (&date);
  g_assert_cmpstr (day, ==, "Dydd Gwener 27 Tachwedd");
  g_assert_cmpstr (yesterday, ==, "Ddoe, 09:30");
  g_assert_cmpstr (earlier, ==, "Gwe 20 Tach 2026, 08:00");
}

static gboolean
summary_set (gpointer data)
{
  return tg_sync_page_get_summary (data) != NULL;
}

/* The first-run and sync pages and the store service, on a device with
 * no store yet. */
static void
test_welsh_pages_and_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tg-l10n-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  TgStoreService *service = tg_store_service_new (data_dir);
  GtkWidget *first_run = g_object_ref_sink (tg_first_run_page_new (service));
  GtkWidget *sync = NULL;
  TgTestWaiter waiter = { 0, };
  const char *summary;

  /* tg-first-run-page.c: what stops Start, with no name typed. */
  g_assert_cmpstr (tg_first_run_page_get_problem (TG_FIRST_RUN_PAGE (first_run)), ==,
                   "Eich enw: caiff ei ysgrifennu o dan bob nodyn y byddwch yn ei lofnodi");

  /* tg-store-service.c: a read with no store open. */
  tg_store_service_sync_status_async (service, NULL, tg_test_waiter_cb, &waiter);
  g_assert_null (tg_store_service_sync_status_finish (service, tg_test_wait_result (&waiter), &error));
  g_assert_cmpstr (error->message, ==, "Mae'r storfa wedi'i chloi");
  g_clear_error (&error);
  g_clear_object (&waiter.result);

  /* tg-store-service-sync.c: a sync with no store to sync. */
  waiter = (TgTestWaiter) { 0, };
  tg_store_service_sync_async (service, NULL, tg_test_waiter_cb, &waiter);
  g_assert_false (tg_store_service_sync_finish (service, tg_test_wait_result (&waiter),
                                                NULL, NULL, NULL, &error));
  g_assert_true (g_str_has_prefix (error->message, "Nid yw'r ddyfais hon wedi'i chofrestru"));
  g_clear_error (&error);
  g_clear_object (&waiter.result);

  /* tg-sync-page.c: the header's few words and the server row. */
  sync = g_object_ref_sink (tg_sync_page_new (service, NULL));
  g_assert_true (tg_test_wait_for (summary_set, sync, 30000));
  while (tg_sync_page_is_loading (TG_SYNC_PAGE (sync)))
    g_main_context_iteration (NULL, TRUE);
  summary = tg_sync_page_get_summary (TG_SYNC_PAGE (sync));
  g_assert_true (g_strcmp0 (summary, "Ar y ddyfais hon") == 0 || g_strcmp0 (summary, "All-lein") == 0);

  tg_store_service_flush (service);
  tg_test_spin (50);
  g_assert_finalize_object (first_run);
  g_assert_finalize_object (sync);
  g_assert_finalize_object (service);
  g_rmdir (dir);
}

/* tg-window.c: ten wrong PINs wipe the device, and the first-run page
 * says why. */
static gboolean
first_run_shown (gpointer data)
{
  return tg_store_service_get_state (data) == TG_STORE_SERVICE_NO_STORE;
}

static void
test_welsh_window_wipe (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tg-l10n-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  TgStoreService *service = tg_store_service_new (data_dir);
  GSettings *settings = tg_application_new_settings (&error);
  TgTestWaiter waiter = { 0, };
  TgWindow *window;

  g_assert_no_error (error);
  g_settings_set_uint (settings, "idle-lock-seconds", 3600);
  tg_store_service_create_async (service, PIN, "Cai Enghraifft", NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_create_finish (service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  tg_store_service_lock (service);
  tg_store_service_flush (service);

  window = g_object_ref (tg_window_new (NULL, service, settings));
  gtk_window_present (GTK_WINDOW (window));
  tg_test_spin (200);
  for (guint i = 0; i < 10 && tg_store_service_get_state (service) == TG_STORE_SERVICE_LOCKED; i++)
    {
      waiter = (TgTestWaiter) { 0, };
      tg_store_service_unlock_async (service, "000000", NULL, tg_test_waiter_cb, &waiter);
      g_assert_false (tg_store_service_unlock_finish (service, tg_test_wait_result (&waiter), NULL));
      g_clear_object (&waiter.result);
    }
  g_assert_true (tg_test_wait_for (first_run_shown, service, 30000));
  tg_test_spin (200);
  g_assert_true (shows_label (tg_window_get_page (window, "first-run"),
                              "Gormod o rifau PIN anghywir: cafodd popeth ar y ddyfais hon ei ddileu. "
                              "Cofrestrwch eto i gael eich llwyth achosion yn ôl o'r gweinydd."));

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (service);
  tg_test_spin (100);
  g_assert_finalize_object (window);
  g_assert_finalize_object (service);
  g_settings_reset (settings, "idle-lock-seconds");
  g_assert_finalize_object (settings);
  g_rmdir (dir);
}

/* tg-schema.c and tg-validate.c: the messages a red field row shows. */
static void
test_welsh_validation (void)
{
  const TgEntityDef *top = tg_schema_lookup_entity ("top_record");
  struct {
    const char *field;
    const char *input;
    int code;
    const char *message;
  } cases[] = {
    { "quality_of_life", "25", TG_VALIDATION_ERROR_INTEGER,
      "quality_of_life: nid yw “25” yn rhif cyfan o 0 i 20" },
    { "completed_on", "2026-02-30", TG_VALIDATION_ERROR_DATE,
      "completed_on: “2026-02-30”: nid yw'n ddiwrnod go iawn: "
      "mae 28 diwrnod ym mis Chwefror 2026" },
    { "completed_on", "next week", TG_VALIDATION_ERROR_DATE,
      "completed_on: “next week”: nid yw'n ddyddiad (disgwylir YYYY-MM-DD, fel 2026-11-27)" },
  };

  g_assert_nonnull (top);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;
      const TgFieldDef *field = tg_schema_lookup_field (top, cases[i].field);

      g_assert_nonnull (field);
      g_assert_false (tg_field_normalize (field, cases[i].input, &canonical, &error));
      g_assert_error (error, TG_VALIDATION_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_null (canonical);
    }
}

/* tg-sync-engine.c: a sync on a device that was never enrolled. */
static void
test_welsh_sync_engine (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tg-l10n-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autoptr(TgStore) store = tg_store_create (data_dir, PIN, "Cai Enghraifft", &error);
  g_autoptr(TgSyncEngine) engine = NULL;
  g_autoptr(TgSyncResult) result = NULL;
  TgTestWaiter waiter = { 0, };

  g_assert_no_error (error);
  engine = tg_sync_engine_new (store);
  tg_sync_engine_sync_async (engine, NULL, tg_test_waiter_cb, &waiter);
  result = tg_sync_engine_sync_finish (engine, tg_test_wait_result (&waiter), &error);
  g_clear_object (&waiter.result);
  g_assert_null (result);
  g_assert_error (error, TG_SYNC_ERROR, TG_SYNC_ERROR_NOT_ENROLLED);
  g_assert_cmpstr (error->message, ==,
                   "Nid yw'r ddyfais hon wedi'i chofrestru; rhedwch throughgate-cli enroll yn gyntaf");

  g_clear_object (&engine);
  g_clear_object (&store);
  tg_test_remove_tree (dir);
}

/* tg-application.c: the About window's description. */
static void
test_welsh_about (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgApplication) app = tg_application_new ("org.throughgate.L10nTest");
  g_autoptr(GListModel) windows = NULL;
  AdwAboutWindow *about = NULL;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  windows = gtk_window_get_toplevels ();
  g_object_ref (windows);
  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (windows, i);

      if (ADW_IS_ABOUT_WINDOW (item))
        about = ADW_ABOUT_WINDOW (item);
    }
  g_assert_nonnull (about);
  g_assert_true (g_str_has_prefix (adw_about_window_get_comments (about),
                                   "Nodiadau achos a chynlluniau rhyddhau"));
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "Cyfranwyr Throughgate");
  gtk_window_destroy (GTK_WINDOW (about));
  tg_test_spin (50);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("TG_LOCALEDIR");

  g_assert_nonnull (localedir);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  adw_init ();
  tg_application_register_resources ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/l10n/welsh", test_welsh);
  g_test_add_func ("/tg/l10n/welsh-dates", test_welsh_dates);
  g_test_add_func ("/tg/l10n/welsh-pages-and-service", test_welsh_pages_and_service);
  g_test_add_func ("/tg/l10n/welsh-window-wipe", test_welsh_window_wipe);
  g_test_add_func ("/tg/l10n/welsh-about", test_welsh_about);
  g_test_add_func ("/tg/l10n/welsh-validation", test_welsh_validation);
  g_test_add_func ("/tg/l10n/welsh-sync-engine", test_welsh_sync_engine);
  return g_test_run ();
}
