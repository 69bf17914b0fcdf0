/* test-app-run-sheet.c: the run sheet page and its print-out, under a
 * headless X server (xvfb-session.sh).
 *
 * A store holds three people walking out tomorrow with their appointments
 * and clinical details a mentor must never see, and enough others that
 * the sheet takes more than one page. The page shows tomorrow's sheet; it
 * is exported to a PDF with GtkPrintOperation as "Print…" would save it,
 * and the PDF's text (pdftotext) holds every person, time and place in
 * order, a header with the day and page numbers on every page, and none
 * of the clinical details. The device is a mentor's, whose window has no
 * dashboard. All names are invented.
 */

#include "tg-test-loop.h"
#include "tg-test-window.h"
#include "tg-test-util.h"
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tg-application.h"
#include "tg-dates.h"
#include "tg-run-sheet-page.h"
#include "tg-store.h"
#include "tg-store-service.h"
#include "tg-store-sync.h"
#include "tg-window.h"

#define PIN "246810"
#define N_OTHERS 30

/* What must never reach paper: clinical fields and a case note. */
static const char * const clinical_texts[] = {
  "Riverside Recovery Clinic",   /* treatment_provider */
  "Parkside Surgery",            /* gp_practice */
  "Methadone 60",                /* ost_handover */
  "Relapsed on remand",          /* a note body */
};

typedef struct {
  char           *dir;
  char           *data_dir;
  GDate           tomorrow;
  char            tomorrow_iso[11];
  TgStoreService *service;
} Fixture;

static char *
insert (TgStore    *store,
        const char *entity,
        ...)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *field;
  char *id;
  va_list args;

  va_start (args, entity);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (fields, (gpointer) field);
      g_ptr_array_add (values, va_arg (args, char *));
    }
  va_end (args);
  id = tg_store_insert (store, entity, (const char * const *) fields->pdata,
                        (const char * const *) values->pdata, fields->len, &error);
  g_assert_no_error (error);
  return id;
}

static void
set_release (TgStore    *store,
             const char *client,
             ...)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *field;
  va_list args;

  va_start (args, client);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (fields, (gpointer) field);
      g_ptr_array_add (values, va_arg (args, char *));
    }
  va_end (args);
  g_assert_true (tg_store_set_release (store, client, (const char * const *) fields->pdata,
                                       (const char * const *) values->pdata, fields->len, &error));
  g_assert_no_error (error);
}

/* "2026-11-23T11:00:00Z" for tomorrow at @time UTC. */
static char *
at (Fixture    *fixture,
    const char *time)
{
  return g_strdup_printf ("%sT%s:00Z", fixture->tomorrow_iso, time);
}

/* The release day is pinned with released_on, so the sheet is tomorrow's
 * whatever day of the week tomorrow is (the earlier-release moves are
 * test-run-sheet's). Appointment times are chosen so that they stay in
 * order in England's clock in summer and in winter. */
static void
build_store (Fixture *fixture)
{
  static const char * const given[] = { "Ivy", "Jon", "Kit", "Liv", "Max", "Ned" };
  static const char * const family[] = { "India", "Juliet", "Kilo", "Lima", "Mike" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = tg_store_create (fixture->data_dir, PIN, "Jo Mentor", &error);
  g_autofree char *ada = NULL, *ben = NULL, *cat = NULL;
  g_autofree char *t1 = at (fixture, "11:00"), *t2 = at (fixture, "14:00");
  g_autofree char *t3 = at (fixture, "12:30"), *t4 = at (fixture, "15:15");
  g_autofree char *note = NULL, *appointment = NULL;

  g_assert_no_error (error);
  ada = insert (store, "client", "given_name", "Ada", "family_name", "Alpha",
                "prison_number", "A1234BC", "team", "Gate Team", NULL);
  ben = insert (store, "client", "given_name", "Ben", "family_name", "Bravo",
                "prison_number", "B2345CD", "team", "Gate Team", NULL);
  cat = insert (store, "client", "given_name", "Cat", "family_name", "Charlie",
                "team", "Gate Team", NULL);

  set_release (store, ada, "confirmed_release_date", fixture->tomorrow_iso,
               "released_on", fixture->tomorrow_iso, "release_time", "07:30", "gate", "Main gate",
               "pickup_mentor", "Jo Mentor", "pickup_status", "arranged",
               "treatment_appointment_at", t1, "treatment_appointment_place", "The Health Shop",
               "probation_appointment_at", t2, "probation_place", "Castle Boulevard",
               "treatment_provider", clinical_texts[0], "gp_practice", clinical_texts[1],
               "ost_handover", clinical_texts[2], NULL);
  set_release (store, ben, "confirmed_release_date", fixture->tomorrow_iso,
               "released_on", fixture->tomorrow_iso, "release_time", "08:15", "gate", "Visits gate",
               "jobcentre_appointment_at", t4, "jobcentre_place", "Station Street", NULL);
  appointment = insert (store, "appointment", "client_id", ben, "kind", "pharmacy", "at", t3,
                        "place", "Victoria Pharmacy", NULL);
  set_release (store, cat, "confirmed_release_date", fixture->tomorrow_iso,
               "released_on", fixture->tomorrow_iso, "release_time", "09:00", NULL);
  note = insert (store, "note", "client_id", ada, "kind", "in_reach", "body", clinical_texts[3], NULL);
  /* A gate mentor's device, as enrolment leaves it. */
  g_assert_true (tg_store_set_setting (store, "role", "mentor", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_OTHERS; i++)
    {
      g_autofree char *id = insert (store, "client", "given_name", given[i % G_N_ELEMENTS (given)],
                                    "family_name", family[i % G_N_ELEMENTS (family)], NULL);

      set_release (store, id, "confirmed_release_date", fixture->tomorrow_iso,
                   "released_on", fixture->tomorrow_iso, "release_time", "16:00",
                   "gate", "Main gate", NULL);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *iso = NULL;
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;

  fixture->dir = tg_test_make_tmp_dir ("tg-run-sheet-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_date_clear (&fixture->tomorrow, 1);
  g_date_set_dmy (&fixture->tomorrow, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_add_days (&fixture->tomorrow, 1);
  iso = tg_date_to_iso (&fixture->tomorrow);
  g_strlcpy (fixture->tomorrow_iso, iso, sizeof fixture->tomorrow_iso);
  build_store (fixture);

  fixture->service = tg_store_service_new (fixture->data_dir);
  tg_store_service_unlock_async (fixture->service, PIN, NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_unlock_finish (fixture->service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  tg_store_service_lock (fixture->service);
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (fixture->service);
  tg_test_remove_tree (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->dir);
}

/* The clock time in England of tomorrow at @time UTC, as the sheet shows
 * it (an hour later in summer). */
static char *
local_time (Fixture    *fixture,
            const char *time)
{
  g_autofree char *iso = at (fixture, time);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GDateTime) moment = g_date_time_new_from_iso8601 (iso, utc);
  g_autoptr(GDateTime) local = NULL;

  g_assert_nonnull (london);
  local = g_date_time_to_timezone (moment, london);
  return g_date_time_format (local, "%H:%M");
}

static gboolean
page_loaded (gpointer data)
{
  return !tg_run_sheet_page_is_loading (data) && tg_run_sheet_page_get_sheet (data) != NULL;
}

/* The position of @needle in @text from @from on; fails when absent. */
static const char *
find_after (const char *text,
            const char *from,
            const char *needle)
{
  const char *found = strstr (from, needle);

  if (found == NULL)
    g_test_fail_printf ("“%s” is not in the PDF after offset %d", needle, (int) (from - text));
  g_assert_nonnull (found);
  return found + strlen (needle);
}

static char *
pdf_text (const char *pdf)
{
  /* -layout keeps each line whole: the time beside its name or place. */
  const char *argv[] = { tg_test_program ("TG_PDFTOTEXT"), "-layout", pdf, "-", NULL };
  TgTestResult result = { 0 };
  char *text;

  tg_test_spawn (argv, NULL, &result);
  g_assert_cmpint (result.status, ==, 0);
  text = g_steal_pointer (&result.out);
  tg_test_result_clear (&result);
  return text;
}

static void
test_page_and_pdf (Fixture       *fixture,
                   gconstpointer  user_data)
{
  /* As the gate list's "Run sheet…" opens it: a window of its own. */
  GtkWidget *page = g_object_ref (tg_run_sheet_page_present (fixture->service, &fixture->tomorrow, NULL));
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (page));
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *day = NULL;
  g_autofree char *last_page = NULL;
  const TgRunSheet *sheet;
  const char *p;
  char buffer[64];
  char *times[] = { local_time (fixture, "11:00"), local_time (fixture, "14:00"),
                               local_time (fixture, "12:30"), local_time (fixture, "15:15") };

  g_assert_true (tg_test_wait_for (page_loaded, page, 30000));
  tg_test_resize_to (window, 800, 1000);

  /* On screen: everybody, in release-time order. */
  sheet = tg_run_sheet_page_get_sheet (TG_RUN_SHEET_PAGE (page));
  g_assert_cmpuint (sheet->entries->len, ==, 3 + N_OTHERS);
  g_assert_cmpstr (((TgRunSheetEntry *) sheet->entries->pdata[0])->family_name, ==, "Alpha");
  g_assert_cmpstr (((TgRunSheetEntry *) sheet->entries->pdata[1])->family_name, ==, "Bravo");
  g_assert_cmpstr (((TgRunSheetEntry *) sheet->entries->pdata[2])->family_name, ==, "Charlie");
  tg_test_spin (500);
  tg_test_save_screenshot (window, "run-sheet");

  /* On paper, as "Print…" saves a PDF; kept beside the screenshots for
   * people to look at. */
  if (g_getenv ("TG_SCREENSHOT_DIR") != NULL)
    pdf = g_build_filename (g_getenv ("TG_SCREENSHOT_DIR"), "run-sheet.pdf", NULL);
  else
    pdf = g_build_filename (fixture->dir, "run-sheet.pdf", NULL);
  g_assert_true (tg_run_sheet_page_print (TG_RUN_SHEET_PAGE (page), GTK_PRINT_OPERATION_ACTION_EXPORT,
                                          pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  text = pdf_text (pdf);
  g_test_message ("%s", text);

  g_date_strftime (buffer, sizeof buffer, "%A %-d %B %Y", &fixture->tomorrow);
  day = g_strdup_printf ("Run sheet: %s", buffer);
  p = find_after (text, text, day);
  p = find_after (text, p, "Page 1 of ");
  g_assert_true (g_ascii_isdigit (*p));
  g_assert_cmpint (atoi (p), >=, 2);
  last_page = g_strdup_printf ("Page %d of %d", atoi (p), atoi (p));

  /* Each person, then their times and places, in order. */
  p = find_after (text, p, "07:30");
  p = find_after (text, p, "Ada Alpha");
  p = find_after (text, p, "A1234BC");
  p = find_after (text, p, "Main gate");
  p = find_after (text, p, "Jo Mentor");
  p = find_after (text, p, times[0]);
  p = find_after (text, p, "The Health Shop");
  p = find_after (text, p, times[1]);
  p = find_after (text, p, "Castle Boulevard");
  p = find_after (text, p, "08:15");
  p = find_after (text, p, "Ben Bravo");
  p = find_after (text, p, "Visits gate");
  p = find_after (text, p, times[2]);
  p = find_after (text, p, "Victoria Pharmacy");
  p = find_after (text, p, times[3]);
  p = find_after (text, p, "Station Street");
  p = find_after (text, p, "09:00");
  p = find_after (text, p, "Cat Charlie");
  p = find_after (text, p, "No appointments that day");
  /* The header again on the last page, with its number. */
  p = find_after (text, p, day);
  p = find_after (text, p, last_page);
  p = find_after (text, p, "16:00");

  /* Nothing clinical, anywhere. */
  for (guint i = 0; i < G_N_ELEMENTS (clinical_texts); i++)
    if (strstr (text, clinical_texts[i]) != NULL)
      g_test_fail_printf ("the PDF holds “%s”", clinical_texts[i]);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    g_free (times[i]);
  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (page);
}

/* A day with nobody still prints one page that says so. */
static void
test_empty_day (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *window = adw_window_new ();
  GDate day = fixture->tomorrow;
  GtkWidget *page;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "empty.pdf", NULL);
  g_autofree char *text = NULL;

  g_date_add_days (&day, 1);
  page = g_object_ref_sink (tg_run_sheet_page_new (fixture->service, &day));
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tg_test_wait_for (page_loaded, page, 30000));
  g_assert_cmpuint (tg_run_sheet_page_get_sheet (TG_RUN_SHEET_PAGE (page))->entries->len, ==, 0);
  g_assert_true (tg_run_sheet_page_print (TG_RUN_SHEET_PAGE (page), GTK_PRINT_OPERATION_ACTION_EXPORT,
                                          pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
  g_assert_nonnull (strstr (text, "Nobody is due out of the gate on this day."));
  g_assert_null (strstr (text, "Alpha"));

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (page);
}

static void
window_gone_cb (gpointer  data,
                GObject  *where_it_was)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* When the app locks, the sheet's window goes: nobody's details stay on
 * screen behind the lock. */
static void
test_closes_on_lock (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *page = tg_run_sheet_page_present (fixture->service, &fixture->tomorrow, NULL);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (page));
  gboolean gone = FALSE;

  g_assert_true (tg_test_wait_for (page_loaded, page, 30000));
  g_object_weak_ref (G_OBJECT (window), window_gone_cb, &gone);
  tg_store_service_lock (fixture->service);
  g_assert_true (tg_test_wait_for (flag_set, &gone, 10000));
}

static gboolean
counts_for_idle_lock (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "tg-idle-lock") == 0)
        return TRUE;
    }
  return FALSE;
}

/* Reading the sheet is using the app: its window is one of the app's and
 * the main window's idle lock counts input there too. */
static void
test_sheet_counts_for_idle_lock (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = tg_application_new_settings (&error);
  g_autoptr(GtkApplication) application = NULL;
  TgWindow *window;
  GtkWidget *page;
  GtkWidget *sheet;

  g_assert_no_error (error);
  application = gtk_application_new ("org.throughgate.Throughgate.RunSheetTest",
                                     G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  window = g_object_ref (tg_window_new (application, fixture->service, settings));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (counts_for_idle_lock (GTK_WIDGET (window)));

  page = tg_run_sheet_page_present (fixture->service, &fixture->tomorrow, GTK_WINDOW (window));
  sheet = GTK_WIDGET (gtk_widget_get_root (page));
  g_assert_true (gtk_window_get_application (GTK_WINDOW (sheet)) == application);
  g_assert_true (counts_for_idle_lock (sheet));
  gtk_window_destroy (GTK_WINDOW (sheet));

  /* Without a main window, nothing watches a sheet. */
  page = tg_run_sheet_page_present (fixture->service, &fixture->tomorrow, NULL);
  sheet = GTK_WIDGET (gtk_widget_get_root (page));
  g_assert_false (counts_for_idle_lock (sheet));
  gtk_window_destroy (GTK_WINDOW (sheet));

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (window);
}

/* On a mentor's device the window is the gate list: no dashboard, and
 * asking for it changes nothing. */
static void
test_mentor_window (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = tg_application_new_settings (&error);
  TgWindow *window;

  g_assert_no_error (error);
  g_assert_cmpstr (tg_store_service_get_role (fixture->service), ==, "mentor");
  g_settings_set_uint (settings, "idle-lock-seconds", 3600);
  window = g_object_ref (tg_window_new (NULL, fixture->service, settings));
  gtk_window_present (GTK_WINDOW (window));
  tg_test_spin (300);
  g_assert_cmpstr (tg_window_get_visible_page (window), ==, "gate");
  tg_window_show_view (window, "dashboard");
  tg_test_spin (100);
  g_assert_cmpstr (tg_window_get_visible_page (window), ==, "gate");
  g_assert_false (gtk_widget_get_mapped (tg_window_get_page (window, "dashboard")));

  gtk_window_destroy (GTK_WINDOW (window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (window);
  g_settings_reset (settings, "idle-lock-seconds");
}

int
main (int   argc,
      char *argv[])
{
  gtk_init ();
  adw_init ();
  tg_application_register_resources ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/app/run-sheet/page-and-pdf", Fixture, NULL, fixture_set_up,
              test_page_and_pdf, fixture_tear_down);
  g_test_add ("/tg/app/run-sheet/empty-day", Fixture, NULL, fixture_set_up,
              test_empty_day, fixture_tear_down);
  g_test_add ("/tg/app/run-sheet/closes-on-lock", Fixture, NULL, fixture_set_up,
              test_closes_on_lock, fixture_tear_down);
  g_test_add ("/tg/app/run-sheet/counts-for-idle-lock", Fixture, NULL, fixture_set_up,
              test_sheet_counts_for_idle_lock, fixture_tear_down);
  g_test_add ("/tg/app/run-sheet/mentor-window", Fixture, NULL, fixture_set_up,
              test_mentor_window, fixture_tear_down);
  return g_test_run ();
}
