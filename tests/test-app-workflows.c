/* test-app-workflows.c: the field workflows in the real app.
 *
 * Run by xvfb-session.sh. A real window on a real store (a small demo
 * caseload plus one invented person made here), driven through its own
 * widgets: a care plan with a goal and a review; a TOP at start refused
 * while a rating is out of range, naming the question, then saved; a
 * referral whose due date follows the need; a contact; a session at HMP
 * Nottingham with two people seen and a note written in it, which the
 * store links to the session. Each new screen is saved as a PNG
 * (TG_SCREENSHOT_DIR) for people to look at.
 */

#include "tg-test-loop.h"
#include "tg-test-window.h"
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tg-application.h"
#include "tg-care-plan-section.h"
#include "tg-caseload-page.h"
#include "tg-client-page.h"
#include "tg-field-row.h"
#include "tg-form-rows.h"
#include "tg-note-row.h"
#include "tg-record-section.h"
#include "tg-referral-rules.h"
#include "tg-session-page.h"
#include "tg-store-service-private.h"
#include "tg-store-service-records.h"
#include "tg-top-form.h"
#include "tg-top-section.h"
#include "tg-window.h"

#define PIN "246810"

typedef struct {
  char           *dir;
  TgStoreService *service;
  GSettings      *settings;
  TgWindow       *window;
  char           *client_id;     /* the person made for the test */
} Fixture;

/* Helpers */

static gpointer
wait_pointer (TgTestWaiter *waiter)
{
  return tg_test_wait_result (waiter);
}

static char *
insert (TgStoreService     *service,
        const char         *entity,
        const char * const *fields,
        const char * const *values)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;
  char *id;

  tg_store_service_insert_record_async (service, entity, fields, values, NULL, tg_test_waiter_cb, &waiter);
  id = tg_store_service_insert_record_finish (service, wait_pointer (&waiter), &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  return id;
}

static GPtrArray *
list_records (TgStoreService *service,
              const char     *entity,
              const char     *field,
              const char     *value)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  tg_store_service_list_records_async (service, entity, field, value, NULL, tg_test_waiter_cb, &waiter);
  records = tg_store_service_list_records_finish (service, wait_pointer (&waiter), &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  return records;
}

static TgRecord *
get_record (TgStoreService *service,
            const char     *entity,
            const char     *id)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;
  TgRecord *record;

  tg_store_service_get_record_async (service, entity, id, NULL, tg_test_waiter_cb, &waiter);
  record = tg_store_service_get_record_finish (service, wait_pointer (&waiter), &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  return record;
}

static GtkWidget *
named (GtkWidget  *root,
       const char *name)
{
  GtkWidget *widget = tg_form_find_named (root, name);

  if (widget == NULL)
    g_error ("no widget named %s", name);
  return widget;
}

static void
type_into (GtkWidget  *root,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (named (root, name)), text);
}

static void
click (GtkWidget  *root,
       const char *name)
{
  GtkWidget *button = named (root, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static char *
date_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Screenshots */

/* Scrolls the scrolled window around @widget so it shows. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* The viewport's coordinates are what shows: add what is scrolled by. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 12);
}

/* Sizes @window's content to a tablet's @width × @height. Without a
 * window manager the frame's resize border is inside the default size, so
 * grow by it; the allocation may come late, so settle it a few times. */
static void
resize (TgWindow *window,
        int       width,
        int       height)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  for (guint i = 0; i < 5; i++)
    {
      int default_width, default_height;

      tg_test_spin (200);
      if (gtk_widget_get_width (GTK_WIDGET (window)) == width &&
          gtk_widget_get_height (GTK_WIDGET (window)) == height)
        break;
      gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
      gtk_window_set_default_size (GTK_WINDOW (window),
                                   default_width + width - gtk_widget_get_width (GTK_WIDGET (window)),
                                   default_height + height - gtk_widget_get_height (GTK_WIDGET (window)));
    }
}

/* Fixture: a demo store, a person of our own, the window on the caseload. */

static gboolean
window_ready (gpointer data)
{
  TgWindow *window = data;

  return gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         g_strcmp0 (tg_window_get_visible_page (window), "caseload") == 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  static const char * const fields[] = { "given_name", "family_name", "prison_number", "date_of_birth",
                                         "custody_status", "team", NULL };
  static const char * const values[] = { "Tamsin", "Quarrendon", "A4821QT", "1991-03-14",
                                         "sentenced", "Nottingham in-reach", NULL };
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;

  fixture->dir = g_dir_make_tmp ("tg-workflows-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->service = tg_store_service_new (data_dir);
  fixture->settings = tg_application_new_settings (&error);
  g_assert_no_error (error);
  g_settings_set_uint (fixture->settings, "idle-lock-seconds", 3600);

  tg_store_service_create_demo_async (fixture->service, PIN, 11, 20, 1, NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_create_demo_finish (fixture->service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  waiter = (TgTestWaiter) { 0, };
  tg_store_service_unlock_async (fixture->service, PIN, NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_unlock_finish (fixture->service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  fixture->client_id = insert (fixture->service, "client", fields, values);

  fixture->window = g_object_ref (tg_window_new (NULL, fixture->service, fixture->settings));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (tg_test_wait_for (window_ready, fixture->window, 30000));
  resize (fixture->window, 1280, 800);
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
  /* The window goes first, as the app's last window would: a lock while
   * it still exists would send it to the unlock page. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (fixture->window);
  tg_store_service_lock (fixture->service);
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (fixture->service);
  g_settings_reset (fixture->settings, "idle-lock-seconds");
  g_assert_finalize_object (fixture->settings);
  remove_tree (fixture->dir);
  g_free (fixture->client_id);
  g_free (fixture->dir);
}

/* Conditions */

typedef struct {
  Fixture    *fixture;
  GtkWidget  *widget;
  const char *text;
  guint       count;
} Wait;

static gboolean
client_loaded (gpointer data)
{
  Wait *wait = data;
  TgClientPage *page = TG_CLIENT_PAGE (tg_window_get_page (wait->fixture->window, "client"));

  return tg_client_page_is_loaded (page) &&
         g_strcmp0 (tg_client_page_get_client_id (page), wait->text) == 0;
}

static gboolean
plan_loaded (gpointer data)
{
  return tg_care_plan_section_get_plan_id (data) != NULL;
}

static gboolean
goals_shown (gpointer data)
{
  Wait *wait = data;

  return tg_care_plan_section_get_n_goals (TG_CARE_PLAN_SECTION (wait->widget)) == wait->count;
}

static gboolean
records_shown (gpointer data)
{
  Wait *wait = data;

  return tg_record_section_is_loaded (TG_RECORD_SECTION (wait->widget)) &&
         tg_record_section_get_n_records (TG_RECORD_SECTION (wait->widget)) == wait->count;
}

static gboolean
tops_shown (gpointer data)
{
  Wait *wait = data;

  return tg_top_section_get_n_tops (TG_TOP_SECTION (wait->widget)) == wait->count;
}

static gboolean
plan_reviewed (gpointer data)
{
  Wait *wait = data;
  TgCarePlanSection *section = TG_CARE_PLAN_SECTION (wait->widget);
  g_autoptr(TgRecord) plan = get_record (wait->fixture->service, "care_plan",
                                         tg_care_plan_section_get_plan_id (section));

  return g_strcmp0 (tg_record_get (plan, "last_reviewed_on"), wait->text) == 0;
}

static gboolean
session_started (gpointer data)
{
  return tg_session_page_get_session (data) != NULL;
}

static gboolean
matches_shown (gpointer data)
{
  return tg_session_page_get_n_matches (data) > 0;
}

static gboolean
seen_count (gpointer data)
{
  Wait *wait = data;

  return tg_session_page_get_n_seen (TG_SESSION_PAGE (wait->widget)) == wait->count;
}

static gboolean
notes_count (gpointer data)
{
  Wait *wait = data;

  return tg_client_page_get_n_notes (TG_CLIENT_PAGE (wait->widget)) == wait->count;
}

/* The walk, from first contact to session notes */

static TgClientPage *
open_client (Fixture *fixture)
{
  TgClientPage *page = TG_CLIENT_PAGE (tg_window_get_page (fixture->window, "client"));
  Wait wait = { fixture, NULL, fixture->client_id, 0 };

  tg_window_show_client (fixture->window, fixture->client_id);
  g_assert_true (tg_test_wait_for (client_loaded, &wait, 30000));
  tg_client_page_set_section (page, "care");
  return page;
}

static void
care_plan_steps (Fixture      *fixture,
                 TgClientPage *page)
{
  GtkWidget *section = tg_client_page_get_section (page, "care-plan");
  g_autofree char *today = date_from_today (0);
  g_autofree char *end = date_from_today (182);
  g_autofree char *target = date_from_today (56);
  g_autoptr(TgRecord) plan = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  Wait wait = { fixture, section, NULL, 1 };

  /* Start: the start date is today already; the end is typed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (section, "care_plan.start_date"))), ==, today);
  type_into (section, "care_plan.end_date", end);
  click (section, "care_plan.start");
  g_assert_true (tg_test_wait_for (plan_loaded, section, 30000));
  plan = get_record (fixture->service, "care_plan", tg_care_plan_section_get_plan_id (TG_CARE_PLAN_SECTION (section)));
  g_assert_cmpstr (tg_record_get (plan, "client_id"), ==, fixture->client_id);
  g_assert_cmpstr (tg_record_get (plan, "start_date"), ==, today);
  g_assert_cmpstr (tg_record_get (plan, "end_date"), ==, end);
  g_assert_cmpstr (tg_record_get (plan, "review_interval_days"), ==, "91");

  /* A goal: what, measure, target date. */
  type_into (section, "care_goal.what", "Register with a GP before release");
  type_into (section, "care_goal.measure", "GP registration confirmed in writing");
  type_into (section, "care_goal.target_date", target);
  click (section, "care_goal.add");
  g_assert_true (tg_test_wait_for (goals_shown, &wait, 30000));
  goals = list_records (fixture->service, "care_goal", "care_plan_id", plan->id);
  g_assert_cmpuint (goals->len, ==, 1);
  g_assert_cmpstr (tg_record_get (goals->pdata[0], "target_date"), ==, target);
  g_assert_cmpstr (tg_record_get (goals->pdata[0], "status"), ==, "not_started");

  /* A review, today, as scheduled. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (named (section, "care_plan.review"),
                                                                            ADW_TYPE_EXPANDER_ROW)), TRUE);
  click (section, "care_plan.review");
  wait.text = today;
  g_assert_true (tg_test_wait_for (plan_reviewed, &wait, 30000));
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "client-care");
}

/* The TOP form the New TOP button opened. */
static GtkWidget *
top_form_shown (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (TG_IS_TOP_FORM (l->data))
      return l->data;
  g_error ("no TOP form shown");
}

static void
top_steps (Fixture      *fixture,
           TgClientPage *page)
{
  GtkWidget *section = tg_client_page_get_section (page, "top");
  static const char * const zero_days[] = {
    "alcohol_days", "opiates_days", "crack_days", "cocaine_days", "amphetamines_days",
    "cannabis_days", "other_substance_days", "injecting_days", "shoplifting_days",
    "selling_drugs_days", "theft_days", "violence_days", "paid_work_days", "education_days",
  };
  static const char * const no_answers[] = {
    "shared_needles", "shared_equipment", "acute_housing_problem", "eviction_risk",
  };
  GtkWidget *form;
  GtkWidget *rating;
  g_autoptr(GPtrArray) tops = NULL;
  Wait wait = { fixture, section, NULL, 1 };

  click (section, "top.new");
  form = top_form_shown ();
  g_object_ref (form);
  tg_test_spin (100);
  for (guint i = 0; i < G_N_ELEMENTS (zero_days); i++)
    {
      g_autofree char *name = g_strdup_printf ("top.%s", zero_days[i]);

      type_into (form, name, "0");
    }
  type_into (form, "top.opiates_days", "12");
  type_into (form, "top.opiates_grams", "0.5");
  for (guint i = 0; i < G_N_ELEMENTS (no_answers); i++)
    {
      g_autofree char *name = g_strdup_printf ("top.%s", no_answers[i]);

      tg_form_row_set_value (named (form, name), "false");
    }
  type_into (form, "top.physical_health", "9");
  type_into (form, "top.quality_of_life", "11");

  /* Out of range: refused as typed, the question named, nothing saved. */
  rating = named (form, "top.psychological_health");
  type_into (form, "top.psychological_health", "25");
  g_assert_nonnull (tg_field_row_get_error (TG_FIELD_ROW (rating)));
  g_assert_true (g_str_has_prefix (tg_field_row_get_error (TG_FIELD_ROW (rating)), "Psychological health"));
  g_assert_true (g_str_has_prefix (tg_top_form_get_problem (TG_TOP_FORM (form)), "Psychological health"));
  g_assert_false (gtk_widget_is_sensitive (named (form, "top.save")));
  scroll_to (rating);
  tg_test_save_screenshot (form, "top-form-refused");
  g_assert_false (tg_top_form_save (TG_TOP_FORM (form)));
  tg_store_service_flush (fixture->service);
  tops = list_records (fixture->service, "top_record", "client_id", fixture->client_id);
  g_assert_cmpuint (tops->len, ==, 0);
  g_clear_pointer (&tops, g_ptr_array_unref);

  /* Corrected: saved. */
  type_into (form, "top.psychological_health", "12");
  g_assert_null (tg_field_row_get_error (TG_FIELD_ROW (rating)));
  g_assert_null (tg_top_form_get_problem (TG_TOP_FORM (form)));
  click (form, "top.save");
  g_assert_true (tg_test_wait_for (tops_shown, &wait, 30000));
  tops = list_records (fixture->service, "top_record", "client_id", fixture->client_id);
  g_assert_cmpuint (tops->len, ==, 1);
  g_assert_cmpstr (tg_record_get (tops->pdata[0], "stage"), ==, "start");
  g_assert_cmpstr (tg_record_get (tops->pdata[0], "psychological_health"), ==, "12");
  g_assert_cmpstr (tg_record_get (tops->pdata[0], "opiates_grams"), ==, "0.5");
  /* Saving closed it. */
  g_assert_finalize_object (form);
}

static void
referral_steps (Fixture      *fixture,
                TgClientPage *page)
{
  GtkWidget *section = tg_client_page_get_section (page, "referral");
  g_autoptr(GPtrArray) referrals = NULL;
  Wait wait = { fixture, section, NULL, 1 };
  GDate due;

  type_into (section, "referral.service", "Framework Housing Association");
  /* The due date follows the need: 14 days, over a month end. */
  type_into (section, "referral.need_identified_on", "2026-11-20");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (section, "referral.due_on"))), ==, "2026-12-04");
  click (section, "referral.add");
  g_assert_true (tg_test_wait_for (records_shown, &wait, 30000));
  referrals = list_records (fixture->service, "referral", "client_id", fixture->client_id);
  g_assert_cmpuint (referrals->len, ==, 1);
  g_assert_cmpstr (tg_record_get (referrals->pdata[0], "service"), ==, "Framework Housing Association");
  g_assert_cmpstr (tg_record_get (referrals->pdata[0], "need_identified_on"), ==, "2026-11-20");
  /* The default is the rule's, not a date typed by hand. */
  g_assert_null (tg_record_get (referrals->pdata[0], "due_on"));
  g_assert_true (tg_referral_due (referrals->pdata[0], &due));
  g_assert_cmpint (g_date_get_day (&due), ==, 4);
  g_assert_cmpint (g_date_get_month (&due), ==, G_DATE_DECEMBER);
}

static void
contact_steps (Fixture      *fixture,
               TgClientPage *page)
{
  GtkWidget *section = tg_client_page_get_section (page, "contact");
  g_autoptr(GPtrArray) contacts = NULL;
  Wait wait = { fixture, section, NULL, 1 };

  /* Triage is the first kind; the time is now already. */
  type_into (section, "contact.detail", "Triage at reception, first contact");
  click (section, "contact.add");
  g_assert_true (tg_test_wait_for (records_shown, &wait, 30000));
  contacts = list_records (fixture->service, "contact", "client_id", fixture->client_id);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpstr (tg_record_get (contacts->pdata[0], "kind"), ==, "triage");
  g_assert_cmpstr (tg_record_get (contacts->pdata[0], "worker"), ==,
                   tg_store_service_get_worker (fixture->service));
  g_assert_nonnull (tg_record_get (contacts->pdata[0], "at"));
  scroll_to (section);
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "client-referrals-contacts");
}

static void
appointment_steps (Fixture      *fixture,
                   TgClientPage *page)
{
  GtkWidget *section = tg_client_page_get_section (page, "appointment");
  g_autoptr(GPtrArray) appointments = NULL;
  Wait wait = { fixture, section, NULL, 1 };

  tg_client_page_set_section (page, "release");
  /* A time without a zone is local time; the store keeps UTC. */
  tg_form_row_set_value (named (section, "appointment.kind"), "probation");
  type_into (section, "appointment.at", "2027-01-11T10:30:00Z");
  type_into (section, "appointment.place", "Probation office, Castle Boulevard");
  type_into (section, "appointment.with_whom", "Probation officer on duty");
  click (section, "appointment.add");
  g_assert_true (tg_test_wait_for (records_shown, &wait, 30000));
  appointments = list_records (fixture->service, "appointment", "client_id", fixture->client_id);
  g_assert_cmpuint (appointments->len, ==, 1);
  g_assert_cmpstr (tg_record_get (appointments->pdata[0], "kind"), ==, "probation");
  g_assert_cmpstr (tg_record_get (appointments->pdata[0], "at"), ==, "2027-01-11T10:30:00Z");
  /* Without a time the form refuses, naming the field, and adds nothing. */
  tg_form_row_set_value (named (section, "appointment.kind"), "jobcentre");
  click (section, "appointment.add");
  tg_store_service_flush (fixture->service);
  tg_test_spin (100);
  g_clear_pointer (&appointments, g_ptr_array_unref);
  appointments = list_records (fixture->service, "appointment", "client_id", fixture->client_id);
  g_assert_cmpuint (appointments->len, ==, 1);
  scroll_to (section);
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "client-appointments");
  tg_client_page_set_section (page, "care");
}

static void
session_steps (Fixture *fixture)
{
  TgSessionPage *session = TG_SESSION_PAGE (tg_window_get_page (fixture->window, "session"));
  TgClientPage *client;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(TgRecord) record = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  const char *other_name;
  g_autofree char *today = date_from_today (0);
  Wait wait = { fixture, GTK_WIDGET (session), NULL, 1 };

  tg_window_show_view (fixture->window, "session");
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "session-start");
  /* HMP Nottingham is the first place; the date is today already. */
  click (GTK_WIDGET (session), "session.start");
  g_assert_true (tg_test_wait_for (session_started, session, 30000));
  record = get_record (fixture->service, "session", tg_session_page_get_session (session));
  g_assert_cmpstr (tg_record_get (record, "place"), ==, "hmp_nottingham");
  g_assert_cmpstr (tg_record_get (record, "date"), ==, today);
  g_assert_cmpstr (tg_record_get (record, "worker"), ==, tg_store_service_get_worker (fixture->service));
  g_assert_cmpstr (tg_store_service_get_active_session (fixture->service), ==, record->id);

  /* Two people seen: ours by prison number, one of the demo caseload by
   * family name; each a search and one tap. */
  tg_session_page_search (session, "A4821QT");
  g_assert_true (tg_test_wait_for (matches_shown, session, 30000));
  g_assert_cmpuint (tg_session_page_get_n_matches (session), ==, 1);
  tg_session_page_add_match (session, 0);
  g_assert_true (tg_test_wait_for (seen_count, &wait, 30000));
  others = list_records (fixture->service, "client", NULL, NULL);
  other_name = NULL;
  for (guint i = 0; i < others->len && other_name == NULL; i++)
    if (g_strcmp0 (((TgRecord *) others->pdata[i])->id, fixture->client_id) != 0)
      other_name = tg_record_get (others->pdata[i], "family_name");
  g_assert_nonnull (other_name);
  tg_session_page_search (session, other_name);
  g_assert_true (tg_test_wait_for (matches_shown, session, 30000));
  tg_session_page_add_match (session, 0);
  wait.count = 2;
  g_assert_true (tg_test_wait_for (seen_count, &wait, 30000));
  /* A third by mistake, taken off again. */
  {
    const char *third = NULL;

    for (guint i = 0; i < others->len && third == NULL; i++)
      if (g_strcmp0 (((TgRecord *) others->pdata[i])->id, fixture->client_id) != 0 &&
          g_strcmp0 (tg_record_get (others->pdata[i], "family_name"), other_name) != 0)
        third = tg_record_get (others->pdata[i], "family_name");
    g_assert_nonnull (third);
    tg_session_page_search (session, third);
    g_assert_true (tg_test_wait_for (matches_shown, session, 30000));
    tg_test_save_screenshot (GTK_WIDGET (fixture->window), "session");
    tg_session_page_add_match (session, 0);
    wait.count = 3;
    g_assert_true (tg_test_wait_for (seen_count, &wait, 30000));
    tg_test_spin (100);
    tg_session_page_remove_seen (session, 2);
    g_assert_cmpuint (tg_session_page_get_n_seen (session), ==, 2);
    tg_store_service_flush (fixture->service);
    tg_test_spin (50);
  }
  seen = list_records (fixture->service, "session_attendance", "session_id", record->id);
  g_assert_cmpuint (seen->len, ==, 2);

  /* Open ours from the session and write the note there. */
  tg_session_page_open_seen (session, 0);
  client = TG_CLIENT_PAGE (tg_window_get_page (fixture->window, "client"));
  wait = (Wait) { fixture, NULL, fixture->client_id, 0 };
  g_assert_true (tg_test_wait_for (client_loaded, &wait, 30000));
  g_assert_cmpstr (tg_window_get_visible_page (fixture->window), ==, "caseload");
  /* The composer says where the note will go. */
  tg_client_page_set_section (client, "notes");
  g_assert_true (tg_test_wait_for ((TgTestCondition) gtk_widget_get_visible,
                                   named (GTK_WIDGET (client), "client.session-label"), 30000));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (client), "client.session-label"))),
                            "session at HMP Nottingham"));
  gtk_text_buffer_set_text (tg_client_page_get_composer (client),
                            "Seen at the Tuesday surgery on B wing. Wants help with ID before release.", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client), "client.save-note", NULL));
  wait = (Wait) { fixture, GTK_WIDGET (client), NULL, 1 };
  g_assert_true (tg_test_wait_for (notes_count, &wait, 30000));
  notes = list_records (fixture->service, "note", "client_id", fixture->client_id);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (tg_record_get (notes->pdata[0], "session_id"), ==, record->id);
  g_assert_cmpstr (tg_record_get (notes->pdata[0], "kind"), ==, "in_reach");
  /* The timeline says where. */
  {
    GObject *notes_list = gtk_widget_get_template_child (GTK_WIDGET (client), TG_TYPE_CLIENT_PAGE, "notes_list");
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (notes_list), 0));
    GObject *meta = gtk_widget_get_template_child (row, TG_TYPE_NOTE_ROW, "meta_label");

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (meta)), "session at HMP Nottingham"));
  }
  tg_client_page_set_section (client, "notes");
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "client-session-note");
}

static void
test_walk (Fixture       *fixture,
           gconstpointer  user_data)
{
  TgClientPage *page = open_client (fixture);

  care_plan_steps (fixture, page);
  top_steps (fixture, page);
  referral_steps (fixture, page);
  contact_steps (fixture, page);
  session_steps (fixture);
  appointment_steps (fixture, page);

  /* A tablet held upright: the care tab and the session, folded. */
  resize (fixture->window, 800, 1280);
  tg_client_page_set_section (page, "care");
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "client-care");
  tg_window_show_view (fixture->window, "session");
  tg_test_save_screenshot (GTK_WIDGET (fixture->window), "session");
}

static gboolean
plan_closed (gpointer data)
{
  return tg_care_plan_section_get_plan_id (data) == NULL;
}

static gboolean
badge_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
caseload_shows_review (gpointer data)
{
  Wait *wait = data;
  GListModel *model = tg_caseload_page_get_model (TG_CASELOAD_PAGE (tg_window_get_page (wait->fixture->window,
                                                                                        "caseload")));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TgClientItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (tg_client_item_get_id (item), wait->text) == 0)
        return tg_client_item_get_review_overdue (item);
    }
  return FALSE;
}

/* An arrest asks for a review today, which the plan shows as due from the
 * care rules; closing the plan with its outcome leaves none open. */
static void
test_care_plan_event (Fixture       *fixture,
                      gconstpointer  user_data)
{
  TgClientPage *page = open_client (fixture);
  GtkWidget *section = tg_client_page_get_section (page, "care-plan");
  g_autofree char *today = date_from_today (0);
  g_autofree char *end = date_from_today (120);
  g_autofree char *plan_id = NULL;
  g_autoptr(TgRecord) plan = NULL;
  g_autoptr(TgRecord) closed = NULL;
  GtkWidget *badge;

  type_into (section, "care_plan.end_date", end);
  click (section, "care_plan.start");
  g_assert_true (tg_test_wait_for (plan_loaded, section, 30000));
  plan_id = g_strdup (tg_care_plan_section_get_plan_id (TG_CARE_PLAN_SECTION (section)));
  badge = named (section, "care_plan.review_badge");
  /* Just started: the first review is 91 days away. */
  g_assert_false (gtk_widget_get_visible (badge));

  /* Arrest is the first event offered. */
  click (section, "care_plan.ask_review");
  g_assert_true (tg_test_wait_for (badge_shown, badge, 30000));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "Review due today: Arrest");
  plan = get_record (fixture->service, "care_plan", plan_id);
  g_assert_cmpstr (tg_record_get (plan, "review_due"), ==, today);
  g_assert_cmpstr (tg_record_get (plan, "review_reason"), ==, "arrest");
  /* The caseload row says so too, without reading the list again. */
  {
    Wait wait = { fixture, NULL, fixture->client_id, 0 };

    g_assert_true (tg_test_wait_for (caseload_shows_review, &wait, 30000));
  }

  /* Closed as transferred, today. */
  tg_form_row_set_value (named (section, "care_plan.outcome"), "transferred");
  click (section, "care_plan.close");
  g_assert_true (tg_test_wait_for (plan_closed, section, 30000));
  closed = get_record (fixture->service, "care_plan", plan_id);
  g_assert_cmpstr (tg_record_get (closed, "outcome"), ==, "transferred");
  g_assert_cmpstr (tg_record_get (closed, "closed_on"), ==, today);
  /* A new plan may be started again; the review form is gone. */
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (named (section, "care_plan.start"),
                                                                  ADW_TYPE_EXPANDER_ROW)));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (named (section, "care_plan.review"),
                                                                   ADW_TYPE_EXPANDER_ROW)));
}

/* The store service refuses a bad value naming the field as people read
 * it, and writes nothing of the record. */
static void
test_service_names_field (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const char * const fields[] = { "client_id", "service", "need_identified_on", NULL };
  const char *values[] = { fixture->client_id, "Nottingham Recovery Network", "2026-02-30", NULL };
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) referrals = NULL;

  tg_store_service_insert_record_async (fixture->service, "referral", fields, values, NULL,
                                        tg_test_waiter_cb, &waiter);
  id = tg_store_service_insert_record_finish (fixture->service, tg_test_wait_result (&waiter), &error);
  g_object_unref (waiter.result);
  g_assert_null (id);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Need identified on: "));
  referrals = list_records (fixture->service, "referral", "client_id", fixture->client_id);
  g_assert_cmpuint (referrals->len, ==, 0);
}

/* A mentor's device shows nothing clinical: no Care tab, no session. */
static void
test_mentor (Fixture       *fixture,
             gconstpointer  user_data)
{
  TgClientPage *page = open_client (fixture);
  GtkStack *sections = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (page), TG_TYPE_CLIENT_PAGE,
                                                                 "section_stack"));
  GtkWidget *care = gtk_stack_get_child_by_name (sections, "care");

  g_assert_true (gtk_stack_page_get_visible (gtk_stack_get_page (sections, care)));
  /* As enrolment sets it for a mentor's device. */
  _tg_store_service_set_role (fixture->service, "mentor");
  g_assert_false (gtk_stack_page_get_visible (gtk_stack_get_page (sections, care)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sections), ==, "release");
  g_assert_false (gtk_widget_get_visible (tg_client_page_get_section (page, "care-plan")) &&
                  gtk_widget_get_child_visible (care));
  g_assert_true (gtk_widget_get_visible (tg_client_page_get_section (page, "appointment")));
  _tg_store_service_set_role (fixture->service, NULL);
  g_assert_true (gtk_stack_page_get_visible (gtk_stack_get_page (sections, care)));
}

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
  /* The app's style, as the application loads it, for the screenshots. */
  {
    GtkCssProvider *css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/throughgate/Throughgate/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (css);
  }
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/throughgate/Throughgate/icons");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/app/workflows/walk", Fixture, NULL, fixture_set_up, test_walk, fixture_tear_down);
  g_test_add ("/tg/app/workflows/care-plan-event", Fixture, NULL, fixture_set_up, test_care_plan_event,
              fixture_tear_down);
  g_test_add ("/tg/app/workflows/service-names-field", Fixture, NULL, fixture_set_up,
              test_service_names_field, fixture_tear_down);
  g_test_add ("/tg/app/workflows/mentor", Fixture, NULL, fixture_set_up, test_mentor, fixture_tear_down);
  return g_test_run ();
}
