/* test-app-kpi.c: the KPI dashboard in the main window, under a headless
 * X server (xvfb-session.sh).
 *
 * The caseload of tg-kpi-caseload.h (the one test-kpi.c works out by
 * hand) is built in a real store; the window's dashboard shows November
 * 2026 as seen on 10 December for the team and for one worker. Every
 * figure on screen must be the hand-worked one, and the same as
 * `throughgate-cli kpi --format csv` prints for the same store and
 * period. Screenshots of the dashboard go to TG_SCREENSHOT_DIR.
 */

#include "tg-test-loop.h"
#include "tg-test-window.h"
#include "tg-test-util.h"
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tg-application.h"
#include "tg-kpi-caseload.h"
#include "tg-kpi-page.h"
#include "tg-store-service.h"
#include "tg-window.h"

#define SEEN_ON "@2026-12-10 12:00:00"

typedef struct {
  TgTestCli       cli;
  TgStoreService *service;
  GSettings      *settings;
  TgWindow       *window;
} Fixture;

static gboolean
window_sized (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;

  tg_test_cli_init (&fixture->cli, "tg-app-kpi-XXXXXX", TG_KPI_CASELOAD_PIN);
  g_object_unref (tg_kpi_caseload_build (fixture->cli.data_dir));

  fixture->service = tg_store_service_new (fixture->cli.data_dir);
  tg_store_service_unlock_async (fixture->service, TG_KPI_CASELOAD_PIN, NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_unlock_finish (fixture->service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);

  fixture->settings = tg_application_new_settings (&error);
  g_assert_no_error (error);
  /* Nothing may lock while the figures are read. */
  g_settings_set_uint (fixture->settings, "idle-lock-seconds", 3600);
  fixture->window = g_object_ref (tg_window_new (NULL, fixture->service, fixture->settings));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (tg_test_wait_for (window_sized, fixture->window, 10000));
  tg_test_resize_to (GTK_WIDGET (fixture->window), 1280, 800);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  tg_store_service_lock (fixture->service);
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->service);
  g_settings_reset (fixture->settings, "idle-lock-seconds");
  g_assert_finalize_object (fixture->settings);
  tg_test_cli_clear (&fixture->cli);
}

static gboolean
figures_shown (gpointer data)
{
  return !tg_kpi_page_is_loading (data) && tg_kpi_page_get_figure_text (data, 0) != NULL;
}

/* Shows November for @team and @worker and waits for the figures. */
static TgKpiPage *
show_november (Fixture    *fixture,
               const char *team,
               const char *worker)
{
  TgKpiPage *page = TG_KPI_PAGE (tg_window_get_page (fixture->window, "dashboard"));
  GDate from, to, today;

  tg_window_show_view (fixture->window, "dashboard");
  g_assert_cmpstr (tg_window_get_visible_page (fixture->window), ==, "dashboard");
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_clear (&today, 1);
  g_date_set_dmy (&from, 1, G_DATE_NOVEMBER, 2026);
  g_date_set_dmy (&to, 30, G_DATE_NOVEMBER, 2026);
  g_date_set_dmy (&today, 10, G_DATE_DECEMBER, 2026);
  tg_kpi_page_set_period (page, &from, &to, &today);
  tg_kpi_page_set_choice (page, team, worker);
  g_assert_true (tg_test_wait_for (figures_shown, page, 30000));
  return page;
}

/* The CLI's CSV rows for the same store and period (its "today" is 10
 * December through faketime), as figures in tg_kpi_rows() order. */
static void
cli_figures (Fixture     *fixture,
             const char  *team,
             const char  *worker,
             TgKpiFigure  out[TG_KPI_N_ROWS])
{
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  if (worker != NULL)
    csv = tg_test_cli_run_ok (&fixture->cli, SEEN_ON, "kpi", "--team", team, "--worker", worker,
                              "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv", NULL);
  else
    csv = tg_test_cli_run_ok (&fixture->cli, SEEN_ON, "kpi", "--team", team,
                              "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv", NULL);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, TG_KPI_N_ROWS + 2);
  g_assert_true (g_str_has_prefix (lines[0], "team,worker,from,to,measure,"));
  for (guint i = 0; i < TG_KPI_N_ROWS; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i + 1], ",", -1);

      /* team,worker,from,to,measure,numerator,denominator,percent,pending */
      g_assert_cmpuint (g_strv_length (cells), ==, 9);
      out[i].numerator = (guint) g_ascii_strtoull (cells[5], NULL, 10);
      out[i].denominator = (guint) g_ascii_strtoull (cells[6], NULL, 10);
      out[i].pending = (guint) g_ascii_strtoull (cells[8], NULL, 10);
    }
}

/* The page, the hand-worked figures and the CLI agree on every row. */
static void
assert_figures (Fixture       *fixture,
                TgKpiPage     *page,
                const KpiCase *expected)
{
  TgKpiFigure from_cli[TG_KPI_N_ROWS];

  cli_figures (fixture, expected->team, expected->worker, from_cli);
  for (guint i = 0; i < TG_KPI_N_ROWS; i++)
    {
      TgKpiFigure by_hand = { expected->figures[i].numerator, expected->figures[i].denominator,
                              expected->figures[i].pending };
      g_autofree char *hand_text = tg_kpi_format_figure (&by_hand);
      g_autofree char *cli_text = tg_kpi_format_figure (&from_cli[i]);

      g_test_message ("%s row %u: %s", expected->name, i, tg_kpi_page_get_figure_text (page, i));
      g_assert_cmpstr (tg_kpi_page_get_figure_text (page, i), ==, hand_text);
      g_assert_cmpstr (tg_kpi_page_get_figure_text (page, i), ==, cli_text);
    }
}

/* The team's figures, as worked out by hand in tg-kpi-caseload.h. */
static void
test_team (Fixture       *fixture,
           gconstpointer  user_data)
{
  TgKpiPage *page = show_november (fixture, IN_REACH, NULL);

  g_assert_cmpstr (kpi_cases[0].name, ==, "team");
  assert_figures (fixture, page, &kpi_cases[0]);
  /* The text itself, written out once: a formatter that printed nothing
   * useful would otherwise agree with itself. */
  g_assert_cmpstr (tg_kpi_page_get_figure_text (page, 0), ==, "2 of 5, 40 %");
  g_assert_cmpstr (tg_kpi_page_get_figure_text (page, 1), ==, "2 of 3, 67 %");
  g_assert_cmpstr (tg_kpi_page_get_figure_text (page, 5), ==, "1 of 2, 50 %, 1 pending");
  g_assert_cmpstr (tg_kpi_page_get_figure_text (page, 10), ==, "0 of 1, 0 %");
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "dashboard");
}

/* One worker in the team, chosen by name. */
static void
test_worker (Fixture       *fixture,
             gconstpointer  user_data)
{
  TgKpiPage *page = show_november (fixture, IN_REACH, SAM);

  g_assert_cmpstr (kpi_cases[1].name, ==, "sam");
  assert_figures (fixture, page, &kpi_cases[1]);
  g_assert_cmpstr (tg_kpi_page_get_figure_text (page, 10), ==, "None to count yet");
  tg_test_resize_to (GTK_WIDGET (fixture->window), 800, 1280);
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "dashboard");
}

int
main (int   argc,
      char *argv[])
{
  gtk_init ();
  adw_init ();
  tg_application_register_resources ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/app/kpi/team", Fixture, NULL, fixture_set_up, test_team, fixture_tear_down);
  g_test_add ("/tg/app/kpi/worker", Fixture, NULL, fixture_set_up, test_worker, fixture_tear_down);
  return g_test_run ();
}
