/* test-app-sync.c: the app syncing with the real server, under Xvfb.
 *
 * Run by xvfb-session.sh (a private Xvfb, bus and keyring) with the real
 * throughgate-server (TG_SERVER, certificates from TG_OPENSSL) and the
 * real CLI (TG_CLI) as a second device. The app enrols through its
 * first-run page, writes a note, syncs with its "sync.now" action and the
 * note reaches the second device; a conflict is resolved with "Keep mine"
 * on the sync page; the header says what waits, when offline and when up
 * to date; a tablet whose clock is a day ahead (a child under faketime)
 * shows the clock warning; and the network coming back (an injected
 * GNetworkMonitor) starts exactly one sync, and nothing runs while it is
 * away.
 */

#include "tg-test-loop.h"
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tg-application.h"
#include "tg-client-page.h"
#include "tg-first-run-page.h"
#include "tg-store-service.h"
#include "tg-sync-page.h"
#include "tg-test-json.h"
#include "tg-test-server.h"
#include "tg-test-util.h"
#include "tg-window.h"

#define PIN       "318264"
#define TEAM      "Nottingham In-Reach"
#define NOTE_TEXT "Met at the hostel; wants the ID appointment moved to Tuesday."

/* A network monitor the test switches on and off */

#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject             parent_instance;
  gboolean            available;
  gboolean            metered;
  GNetworkConnectivity connectivity;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void test_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_monitor_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      test_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      test_monitor_iface_init))

static gboolean
test_monitor_init_initable (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_init_initable;
}

static gboolean
test_monitor_can_reach (GNetworkMonitor     *monitor,
                        GSocketConnectable  *connectable,
                        GCancellable        *cancellable,
                        GError             **error)
{
  TestMonitor *self = TEST_MONITOR (monitor);

  if (self->available)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "Test network is off");
  return FALSE;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_monitor_can_reach;
}

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, self->metered);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->connectivity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
  self->available = TRUE;
  self->connectivity = G_NETWORK_CONNECTIVITY_FULL;
}

/* Switches the network as a real monitor would report it: the properties
 * change, then "network-changed". */
static void
test_monitor_set (TestMonitor *self,
                  gboolean     available)
{
  if (self->available == available)
    return;
  self->available = available;
  self->connectivity = available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL;
  g_object_notify (G_OBJECT (self), "connectivity");
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* Switches between a metered network (a phone's hotspot) and one that is
 * not, staying connected. */
static void
test_monitor_set_metered (TestMonitor *self,
                          gboolean     metered)
{
  if (self->metered == metered)
    return;
  self->metered = metered;
  g_object_notify (G_OBJECT (self), "network-metered");
  g_signal_emit_by_name (self, "network-changed", self->available);
}

/* The fixture: a server, a second device (the CLI) and the app's window */

typedef struct {
  TgTestServerFixture server;
  TgTestCli           other;       /* the second device */
  char               *data_dir;    /* the app's store */
  TgStoreService     *service;
  GSettings          *settings;
  TestMonitor        *monitor;
  TgWindow           *window;
  GPtrArray          *toasts;      /* what the sync page said, in order */
} Fixture;

static void
toast_cb (TgSyncPage *page,
          const char *message,
          Fixture    *fixture)
{
  g_ptr_array_add (fixture->toasts, g_strdup (message));
}

/* Syncs the sync page has finished since the start (each ends in one
 * toast). */
static guint
n_syncs (Fixture *fixture)
{
  return fixture->toasts->len;
}

static const char *
last_toast (Fixture *fixture)
{
  return fixture->toasts->len > 0 ? fixture->toasts->pdata[fixture->toasts->len - 1] : NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  tg_test_server_fixture_set_up (&fixture->server, user_data);
  tg_test_cli_init (&fixture->other, "tg-app-sync-b-XXXXXX", PIN);
  fixture->data_dir = g_build_filename (fixture->server.dir, "app-store", NULL);
  fixture->service = tg_store_service_new (fixture->data_dir);
  fixture->settings = g_settings_new ("org.throughgate.Throughgate");
  /* Nothing may lock while the test runs. */
  g_settings_set_uint (fixture->settings, "idle-lock-seconds", 3600);
  fixture->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
  fixture->window = g_object_ref (g_object_new (TG_TYPE_WINDOW,
                                                "service", fixture->service,
                                                "settings", fixture->settings,
                                                "monitor", fixture->monitor,
                                                NULL));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_signal_connect (tg_window_get_page (fixture->window, "sync"), "toast",
                    G_CALLBACK (toast_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  tg_store_service_flush (fixture->service);
  tg_test_spin (50);
  g_assert_finalize_object (fixture->window);
  if (tg_store_service_get_state (fixture->service) != TG_STORE_SERVICE_NO_STORE)
    g_assert_true (tg_store_service_wipe_sync (fixture->service, PIN, &error));
  g_assert_no_error (error);
  /* Callbacks of reads cancelled with the window still hold the service. */
  tg_test_spin (200);
  g_assert_finalize_object (fixture->service);
  g_assert_finalize_object (fixture->monitor);
  g_settings_reset (fixture->settings, "idle-lock-seconds");
  g_settings_reset (fixture->settings, "sync-on-metered");
  g_clear_object (&fixture->settings);
  g_ptr_array_unref (fixture->toasts);
  g_free (fixture->data_dir);
  tg_test_cli_clear (&fixture->other);
  tg_test_server_fixture_tear_down (&fixture->server, user_data);
}

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
wait_page (Fixture    *fixture,
           const char *page)
{
  PageWait wait = { fixture->window, page };

  g_assert_true (tg_test_wait_for (page_is, &wait, 60000));
}

static GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
set_row (GtkWidget  *page,
         const char *name,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (template_child (page, TG_TYPE_FIRST_RUN_PAGE, name)), text);
}

/* Enrols the app as a worker through the first-run page, as a person
 * would: server address, one-time code, key pin, the test CA, a name and
 * the PIN twice, then Start. */
static void
enrol_through_page (Fixture *fixture)
{
  TgTestServer *server = fixture->server.server;
  GtkWidget *page = tg_window_get_page (fixture->window, "first-run");
  g_autofree char *code = tg_test_server_make_code (server, "worker", TEAM, "App tablet");
  g_autofree char *label = NULL;
  GtkLabel *pin_check;

  wait_page (fixture, "first-run");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (template_child (page, TG_TYPE_FIRST_RUN_PAGE,
                                                                 "enrol_check")), TRUE);
  set_row (page, "url_row", tg_test_server_get_url (server));
  set_row (page, "code_row", code);
  set_row (page, "key_pin_row", tg_test_server_get_pin (server));
  set_row (page, "ca_file_row", tg_test_server_get_ca_file (server));
  set_row (page, "name_row", "Jo Testworker");
  set_row (page, "pin_row", PIN);
  set_row (page, "pin_again_row", PIN);
  g_assert_null (tg_first_run_page_get_problem (TG_FIRST_RUN_PAGE (page)));

  /* The pin is shown back for checking against the paper. */
  pin_check = GTK_LABEL (template_child (page, TG_TYPE_FIRST_RUN_PAGE, "key_pin_check"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pin_check)));

  g_signal_emit_by_name (template_child (page, TG_TYPE_FIRST_RUN_PAGE, "start_button"), "clicked");
  wait_page (fixture, "caseload");
  g_assert_cmpint (tg_store_service_get_state (fixture->service), ==, TG_STORE_SERVICE_UNLOCKED);
  g_assert_cmpstr (tg_store_service_get_role (fixture->service), ==, "worker");
}

static TgSyncPage *
sync_page (Fixture *fixture)
{
  return TG_SYNC_PAGE (tg_window_get_page (fixture->window, "sync"));
}

static gboolean
sync_page_ready (gpointer data)
{
  return !tg_sync_page_is_loading (data);
}

static const char *
header_text (Fixture *fixture)
{
  /* What the header's sync button says. */
  return gtk_label_get_label (GTK_LABEL (template_child (fixture->window, TG_TYPE_WINDOW,
                                                         "sync_label")));
}

typedef struct {
  Fixture    *fixture;
  const char *expected;
} HeaderWait;

static gboolean
header_contains (gpointer data)
{
  HeaderWait *wait = data;
  const char *text = header_text (wait->fixture);

  return text != NULL && strstr (text, wait->expected) != NULL;
}

static void
wait_header (Fixture    *fixture,
             const char *expected)
{
  HeaderWait wait = { fixture, expected };

  if (!tg_test_wait_for (header_contains, &wait, 30000))
    g_error ("the header says “%s”, not “%s”", header_text (fixture), expected);
}

typedef struct {
  Fixture *fixture;
  guint    count;
} SyncWait;

static gboolean
syncs_reached (gpointer data)
{
  SyncWait *wait = data;

  return n_syncs (wait->fixture) >= wait->count &&
         !tg_sync_page_is_loading (sync_page (wait->fixture));
}

/* Presses "Sync now" (its action) and waits until the sync has ended. */
static void
sync_now (Fixture *fixture)
{
  SyncWait wait = { fixture, n_syncs (fixture) + 1 };

  g_assert_true (tg_test_wait_for (sync_page_ready, sync_page (fixture), 30000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sync_page (fixture)), "sync.now", NULL));
  g_assert_true (tg_test_wait_for (syncs_reached, &wait, 90000));
  g_test_message ("sync: %s", last_toast (fixture));
  g_assert_true (g_str_has_prefix (last_toast (fixture), "Synced"));
}

static char *
cli_field (TgTestCli  *cli,
           const char *id,
           const char *field)
{
  g_autofree char *out = tg_test_cli_run_ok (cli, NULL, "client", "get", id, "--json", NULL);
  g_autoptr(JsonNode) root = tg_test_parse_json (out);
  JsonObject *object = json_node_get_object (root);

  if (!json_object_has_member (object, field))
    return NULL;
  return g_strdup (json_object_get_string_member (object, field));
}

static gboolean
client_loaded (gpointer data)
{
  return tg_client_page_is_loaded (data);
}

static void
update_field (Fixture    *fixture,
              const char *id,
              const char *field,
              const char *value)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;

  tg_store_service_update_async (fixture->service, "client", id, field, value, NULL,
                                 tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_update_finish (fixture->service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);
}

static gboolean
has_conflicts (gpointer data)
{
  return tg_sync_page_get_n_conflicts (data) > 0 && !tg_sync_page_is_loading (data);
}

static gboolean
no_conflicts (gpointer data)
{
  return tg_sync_page_get_n_conflicts (data) == 0 && !tg_sync_page_is_loading (data);
}

/* The first button under @widget whose label is @label. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_enrol_note_conflict (Fixture       *fixture,
                          gconstpointer  user_data)
{
  TgTestServer *server = fixture->server.server;
  g_autofree char *device = NULL;
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *nhs = tg_test_nhs_number (41);
  g_autofree char *value = NULL;
  g_autoptr(JsonNode) notes = NULL;
  TgClientPage *client;
  GtkWidget *keep_mine;
  guint n_notes;
  gboolean found = FALSE;

  enrol_through_page (fixture);
  g_assert_true (tg_test_wait_for (sync_page_ready, sync_page (fixture), 30000));
  /* Enrolled, online, nothing written yet. */
  wait_header (fixture, "Up to date");

  /* The second device adds a person; the app's first sync brings them. */
  device = tg_test_server_enroll_cli (server, &fixture->other, NULL, "worker", TEAM);
  out = tg_test_cli_run_ok (&fixture->other, NULL, "client", "add", "--given", "Robin",
                            "--family", "Synctest", "--team", TEAM, "--nhs-number", nhs,
                            "--json", NULL);
  id = tg_test_json_id (out);
  g_clear_pointer (&out, g_free);
  g_free (tg_test_cli_run_ok (&fixture->other, NULL, "sync", NULL));
  sync_now (fixture);

  /* A note written in the app waits, then goes with "Sync now". */
  tg_window_show_client (fixture->window, id);
  client = TG_CLIENT_PAGE (tg_window_get_page (fixture->window, "client"));
  g_assert_true (tg_test_wait_for (client_loaded, client, 30000));
  n_notes = tg_client_page_get_n_notes (client);
  gtk_text_buffer_set_text (tg_client_page_get_composer (client), NOTE_TEXT, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client), "client.save-note", NULL));
  while (tg_client_page_get_n_notes (client) == n_notes)
    g_assert_true (g_main_context_iteration (NULL, TRUE));
  wait_header (fixture, "waiting");
  sync_now (fixture);
  wait_header (fixture, "Up to date");

  /* The header's last sync is there now. */
  {
    TgTestWaiter waiter = { 0, };
    g_autoptr(TgSyncStatus) status = NULL;

    tg_store_service_sync_status_async (fixture->service, NULL, tg_test_waiter_cb, &waiter);
    status = tg_store_service_sync_status_finish (fixture->service, tg_test_wait_result (&waiter), NULL);
    g_object_unref (waiter.result);
    g_assert_nonnull (status);
    g_assert_nonnull (status->last_sync_at);
    g_assert_cmpint (status->pending, ==, 0);
    g_assert_false (status->clock_warning);
  }

  g_free (tg_test_cli_run_ok (&fixture->other, NULL, "sync", NULL));
  out = tg_test_cli_run_ok (&fixture->other, NULL, "note", "list", id, "--json", NULL);
  notes = tg_test_parse_json (out);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (notes)); i++)
    {
      JsonObject *note = json_array_get_object_element (json_node_get_array (notes), i);

      if (g_strcmp0 (json_object_get_string_member_with_default (note, "body", NULL), NOTE_TEXT) == 0)
        {
          found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (note, "author"), ==, "Jo Testworker");
        }
    }
  g_assert_true (found);
  g_clear_pointer (&out, g_free);

  /* The same field edited on both: the app first, the other device later
   * and synced first, so the app's sync finds the conflict. */
  update_field (fixture, id, "given_name", "Robyn");
  g_usleep (20000);
  g_free (tg_test_cli_run_ok (&fixture->other, NULL, "client", "set", id, "given_name", "Bobbie", NULL));
  g_free (tg_test_cli_run_ok (&fixture->other, NULL, "sync", NULL));
  sync_now (fixture);
  g_assert_nonnull (strstr (last_toast (fixture), "1 conflict to review"));
  g_assert_true (tg_test_wait_for (has_conflicts, sync_page (fixture), 30000));
  g_assert_cmpuint (tg_sync_page_get_n_conflicts (sync_page (fixture)), ==, 1);

  /* Keep mine, on the sync page, and sync: it wins on the other device. */
  tg_window_show_view (fixture->window, "sync");
  keep_mine = find_button (GTK_WIDGET (sync_page (fixture)), "_Keep mine");
  g_assert_nonnull (keep_mine);
  g_signal_emit_by_name (keep_mine, "clicked");
  g_assert_true (tg_test_wait_for (no_conflicts, sync_page (fixture), 30000));
  wait_header (fixture, "waiting");
  sync_now (fixture);
  g_free (tg_test_cli_run_ok (&fixture->other, NULL, "sync", NULL));
  value = cli_field (&fixture->other, id, "given_name");
  g_assert_cmpstr (value, ==, "Robyn");
  g_clear_pointer (&value, g_free);

  /* Offline: the header says so, with what waits. */
  test_monitor_set (fixture->monitor, FALSE);
  wait_header (fixture, "Offline");
  update_field (fixture, id, "preferred_name", "Rob");
  wait_header (fixture, "Offline · ");
  g_assert_nonnull (strstr (header_text (fixture), "waiting"));

  /* Back online: one sync on its own, and the change reaches the other
   * device. */
  {
    SyncWait wait = { fixture, n_syncs (fixture) + 1 };

    test_monitor_set (fixture->monitor, TRUE);
    g_assert_true (tg_test_wait_for (syncs_reached, &wait, 30000));
    g_assert_true (g_str_has_prefix (last_toast (fixture), "Synced"));
  }
  wait_header (fixture, "Up to date");
  g_free (tg_test_cli_run_ok (&fixture->other, NULL, "sync", NULL));
  value = cli_field (&fixture->other, id, "preferred_name");
  g_assert_cmpstr (value, ==, "Rob");
}

/* The network coming back starts exactly one sync, after a short pause
 * that a flapping network restarts; nothing starts while offline. */
static void
test_network_return (Fixture       *fixture,
                     gconstpointer  user_data)
{
  guint before;
  SyncWait wait;

  enrol_through_page (fixture);
  g_assert_true (tg_test_wait_for (sync_page_ready, sync_page (fixture), 30000));
  wait_header (fixture, "Up to date");
  before = n_syncs (fixture);

  /* Offline for a while: no sync. */
  test_monitor_set (fixture->monitor, FALSE);
  wait_header (fixture, "Offline");
  tg_test_spin (3000);
  g_assert_cmpuint (n_syncs (fixture), ==, before);

  /* A flap (on, off, on): still one sync, once. */
  test_monitor_set (fixture->monitor, TRUE);
  tg_test_spin (200);
  test_monitor_set (fixture->monitor, FALSE);
  tg_test_spin (200);
  test_monitor_set (fixture->monitor, TRUE);
  wait = (SyncWait) { fixture, before + 1 };
  g_assert_true (tg_test_wait_for (syncs_reached, &wait, 30000));
  g_assert_true (g_str_has_prefix (last_toast (fixture), "Synced"));
  tg_test_spin (4000);
  g_assert_cmpuint (n_syncs (fixture), ==, before + 1);

  /* Lost before the pause is over: nothing. */
  test_monitor_set (fixture->monitor, FALSE);
  test_monitor_set (fixture->monitor, TRUE);
  tg_test_spin (300);
  test_monitor_set (fixture->monitor, FALSE);
  tg_test_spin (3000);
  g_assert_cmpuint (n_syncs (fixture), ==, before + 1);
  test_monitor_set (fixture->monitor, TRUE);
  wait = (SyncWait) { fixture, before + 2 };
  g_assert_true (tg_test_wait_for (syncs_reached, &wait, 30000));
  tg_test_spin (3000);
  g_assert_cmpuint (n_syncs (fixture), ==, before + 2);
}

/* On a metered network nothing syncs by itself unless the setting
 * sync-on-metered allows it; "Sync now" always syncs; a network that stops
 * being metered starts the sync that was held back. */
static void
test_network_metered (Fixture       *fixture,
                      gconstpointer  user_data)
{
  guint before;
  SyncWait wait;

  g_settings_set_boolean (fixture->settings, "sync-on-metered", FALSE);
  enrol_through_page (fixture);
  g_assert_true (tg_test_wait_for (sync_page_ready, sync_page (fixture), 30000));
  wait_header (fixture, "Up to date");
  before = n_syncs (fixture);

  /* Back on a metered network: no sync. */
  test_monitor_set_metered (fixture->monitor, TRUE);
  test_monitor_set (fixture->monitor, FALSE);
  wait_header (fixture, "Offline");
  test_monitor_set (fixture->monitor, TRUE);
  tg_test_spin (3000);
  g_assert_cmpuint (n_syncs (fixture), ==, before);

  /* "Sync now" does not ask. */
  sync_now (fixture);
  g_assert_cmpuint (n_syncs (fixture), ==, before + 1);

  /* Wifi instead of the hotspot: the held-back sync starts, once. */
  test_monitor_set_metered (fixture->monitor, FALSE);
  wait = (SyncWait) { fixture, before + 2 };
  g_assert_true (tg_test_wait_for (syncs_reached, &wait, 30000));
  tg_test_spin (3000);
  g_assert_cmpuint (n_syncs (fixture), ==, before + 2);

  /* Allowed on metered networks: the network coming back syncs. */
  g_settings_set_boolean (fixture->settings, "sync-on-metered", TRUE);
  test_monitor_set_metered (fixture->monitor, TRUE);
  test_monitor_set (fixture->monitor, FALSE);
  wait_header (fixture, "Offline");
  test_monitor_set (fixture->monitor, TRUE);
  wait = (SyncWait) { fixture, before + 3 };
  g_assert_true (tg_test_wait_for (syncs_reached, &wait, 30000));
  g_assert_true (g_str_has_prefix (last_toast (fixture), "Synced"));
}

static gboolean
policy_reached (gpointer data)
{
  Fixture *fixture = data;
  guint policy = 0;

  g_object_get (sync_page (fixture), "idle-lock-policy", &policy, NULL);
  return policy == 2;
}

static gboolean
locked (gpointer data)
{
  return tg_store_service_get_state (data) == TG_STORE_SERVICE_LOCKED;
}

/* The server's policy reaches the device with a sync and shortens the
 * idle lock: the worker chose an hour, the team's server says 2 seconds,
 * and the window locks by itself. */
static void
test_idle_lock_policy (Fixture       *fixture,
                       gconstpointer  user_data)
{
  TgTestServer *server = fixture->server.server;
  guint policy = G_MAXUINT;

  enrol_through_page (fixture);
  g_assert_true (tg_test_wait_for (sync_page_ready, sync_page (fixture), 30000));
  wait_header (fixture, "Up to date");
  g_object_get (sync_page (fixture), "idle-lock-policy", &policy, NULL);
  g_assert_cmpuint (policy, ==, 0);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-lock-seconds"), ==, 3600);

  tg_test_server_set_idle_lock_max (server, 2);
  tg_test_server_kill (server);
  tg_test_server_start (server, TG_TEST_CERT_GOOD);
  sync_now (fixture);
  g_assert_true (tg_test_wait_for (policy_reached, fixture, 30000));
  g_assert_true (tg_test_wait_for (locked, fixture->service, 30000));
  /* The worker's own choice is left as it was. */
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-lock-seconds"), ==, 3600);
}

/* A store on this device only never syncs, whatever the network does. */
static void
test_network_local_only (Fixture       *fixture,
                         gconstpointer  user_data)
{
  TgTestWaiter waiter = { 0, };
  g_autoptr(GError) error = NULL;

  tg_store_service_create_async (fixture->service, PIN, "Jo Testworker", NULL, tg_test_waiter_cb, &waiter);
  g_assert_true (tg_store_service_create_finish (fixture->service, tg_test_wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  wait_page (fixture, "caseload");
  g_assert_true (tg_test_wait_for (sync_page_ready, sync_page (fixture), 30000));
  wait_header (fixture, "On this device");

  test_monitor_set (fixture->monitor, FALSE);
  wait_header (fixture, "Offline");
  test_monitor_set (fixture->monitor, TRUE);
  tg_test_spin (3000);
  g_assert_cmpuint (n_syncs (fixture), ==, 0);
  wait_header (fixture, "On this device");
}

/* The clock warning: a child process, under faketime a day ahead, opens
 * the enrolled store, syncs once and prints whether the sync page shows
 * the warning. */

static char *test_program;

static int
clock_child (const char *data_dir)
{
  g_autoptr(TgStoreService) service = tg_store_service_new (data_dir);
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  g_autoptr(GError) error = NULL;
  TgTestWaiter waiter = { 0, };
  GPtrArray *toasts = g_ptr_array_new_with_free_func (g_free);
  Fixture fake = { .toasts = toasts };
  GtkWidget *page;
  GtkWidget *warning;

  tg_store_service_unlock_async (service, PIN, NULL, tg_test_waiter_cb, &waiter);
  if (!tg_store_service_unlock_finish (service, tg_test_wait_result (&waiter), &error))
    {
      g_printerr ("unlock: %s\n", error->message);
      return 1;
    }
  g_object_unref (waiter.result);

  page = g_object_ref_sink (tg_sync_page_new (service, G_NETWORK_MONITOR (monitor)));
  g_signal_connect (page, "toast", G_CALLBACK (toast_cb), &fake);
  g_assert_true (tg_test_wait_for (sync_page_ready, page, 30000));
  warning = template_child (page, TG_TYPE_SYNC_PAGE, "clock_warning");
  g_print ("BEFORE %d\n", gtk_widget_get_visible (warning));
  if (!gtk_widget_activate_action (page, "sync.now", NULL))
    return 2;
  while (toasts->len < 1 || tg_sync_page_is_loading (TG_SYNC_PAGE (page)))
    g_main_context_iteration (NULL, TRUE);
  g_print ("TOAST %s\n", (char *) toasts->pdata[0]);
  g_print ("WARNING %d\n", gtk_widget_get_visible (warning));
  g_object_unref (page);
  tg_store_service_lock (service);
  tg_store_service_flush (service);
  g_ptr_array_unref (toasts);
  return 0;
}

static void
test_clock_warning (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char *argv[] = { tg_test_program ("TG_FAKETIME"), "-f", "+1d",
                         test_program, "--clock-child", fixture->data_dir, NULL };
  TgTestResult result = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *nhs = tg_test_nhs_number (57);
  g_autofree char *value = NULL;
  GtkWidget *warning;

  enrol_through_page (fixture);
  g_assert_true (tg_test_wait_for (sync_page_ready, sync_page (fixture), 30000));
  warning = template_child (sync_page (fixture), TG_TYPE_SYNC_PAGE, "clock_warning");
  g_assert_false (gtk_widget_get_visible (warning));

  /* A person from the other device, and a change to them waiting here,
   * so the child's batch is stamped a day ahead and refused. */
  g_free (tg_test_server_enroll_cli (fixture->server.server, &fixture->other, NULL, "worker", TEAM));
  out = tg_test_cli_run_ok (&fixture->other, NULL, "client", "add", "--given", "Sam",
                            "--family", "Clocktest", "--team", TEAM, "--nhs-number", nhs,
                            "--json", NULL);
  id = tg_test_json_id (out);
  g_free (tg_test_cli_run_ok (&fixture->other, NULL, "sync", NULL));
  sync_now (fixture);
  update_field (fixture, id, "preferred_name", "Sammy");

  /* The child gets the store to itself. */
  tg_store_service_lock (fixture->service);
  tg_store_service_flush (fixture->service);
  wait_page (fixture, "unlock");

  tg_test_spawn (argv, NULL, &result);
  g_test_message ("clock child: %s%s", result.out, result.err);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "BEFORE 0\n"));
  /* Refused, stamped again from the corrected clock, and sent. */
  g_assert_nonnull (strstr (result.out, "TOAST Synced: 1 sent"));
  g_assert_nonnull (strstr (result.out, "WARNING 1\n"));
  tg_test_result_clear (&result);

  g_free (tg_test_cli_run_ok (&fixture->other, NULL, "sync", NULL));
  value = cli_field (&fixture->other, id, "preferred_name");
  g_assert_cmpstr (value, ==, "Sammy");
}

int
main (int   argc,
      char *argv[])
{
  gtk_init ();
  adw_init ();
  tg_application_register_resources ();

  if (argc == 3 && g_strcmp0 (argv[1], "--clock-child") == 0)
    return clock_child (argv[2]);

  test_program = argv[0];
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tg/app-sync/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("enrol-note-conflict", test_enrol_note_conflict);
  ADD ("network-return", test_network_return);
  ADD ("network-metered", test_network_metered);
  ADD ("idle-lock-policy", test_idle_lock_policy);
  ADD ("network-local-only", test_network_local_only);
  ADD ("clock-warning", test_clock_warning);

  return g_test_run ();
}
