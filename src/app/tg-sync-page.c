/* The sync page (tg-sync-page.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-sync-page.h"

#include "tg-format.h"

struct _TgSyncPage
{
  AdwBin           parent_instance;

  TgStoreService  *service;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;
  GPtrArray       *conflict_rows;
  char            *summary;
  guint            n_conflicts;
  guint            loads;          /* reads on their way */
  gboolean         syncing;
  gboolean         enrolled;
  gint64           pending;
  gulong           changed_handler;
  gulong           network_handler;
  gulong           connectivity_handler;

  /* Whether automatic sync may use a metered connection (the setting
   * sync-on-metered, bound by the window). "Sync now" ignores it. */
  gboolean         sync_on_metered;
  gulong           metered_handler;

  /* The server's idle-lock policy as last read from the store (0: none);
   * kept when the page is cleared, since it can only shorten the lock. */
  guint            idle_lock_policy;

  /* Whether the network allowed an automatic sync at the last look (fully
   * up, and not metered unless sync_on_metered), and the one-shot timeout
   * that syncs once it has stayed so for RECONNECT_DELAY_MS. The timeout
   * exists only while the network allows it: going offline (or onto a
   * metered network) removes it, so nothing runs meanwhile. */
  gboolean         was_allowed;
  guint            reconnect_source;

  /* Template children. */
  GtkLabel        *clock_warning;
  GtkSpinner      *spinner;
  GtkButton       *sync_button;
  AdwActionRow    *server_row;
  AdwActionRow    *network_row;
  GtkImage        *network_icon;
  AdwActionRow    *last_sync_row;
  AdwActionRow    *pending_row;
  AdwPreferencesGroup *conflicts_group;
};

G_DEFINE_FINAL_TYPE (TgSyncPage, tg_sync_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_MONITOR,
  PROP_SUMMARY,
  PROP_N_CONFLICTS,
  PROP_SYNC_ON_METERED,
  PROP_IDLE_LOCK_POLICY,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A network that comes back often flaps for a moment (wifi roaming, a
 * hotspot waking): wait this long before syncing. */
#define RECONNECT_DELAY_MS 1500

static void start_sync (TgSyncPage *self);

static gboolean
connectivity_full (TgSyncPage *self)
{
  return g_network_monitor_get_network_available (self->monitor) &&
         g_network_monitor_get_connectivity (self->monitor) == G_NETWORK_CONNECTIVITY_FULL;
}

/* Whether the network lets a sync start by itself. */
static gboolean
auto_sync_allowed (TgSyncPage *self)
{
  return connectivity_full (self) &&
         (self->sync_on_metered || !g_network_monitor_get_network_metered (self->monitor));
}

static gboolean
online (TgSyncPage *self)
{
  return g_network_monitor_get_network_available (self->monitor);
}

static void
update_summary (TgSyncPage *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, self->pending);

  if (self->syncing)
    summary = g_strdup (_("Syncing…"));
  else if (!online (self))
    summary = self->pending > 0
                /* Translators: %s is a number of changes not yet sent. */
                ? g_strdup_printf (_("Offline · %s waiting"), count)
                : g_strdup (_("Offline"));
  else if (self->pending > 0)
    /* Translators: %s is a number of changes not yet sent. */
    summary = g_strdup_printf (_("%s waiting"), count);
  else
    summary = g_strdup (self->enrolled ? _("Up to date") : _("On this device"));

  if (g_strcmp0 (summary, self->summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
}

static void
update_network (TgSyncPage *self)
{
  gboolean is_online = online (self);

  adw_action_row_set_subtitle (self->network_row,
                               is_online ? _("Connected")
                                         : _("Offline: changes wait safely on this tablet"));
  gtk_image_set_from_icon_name (self->network_icon,
                                is_online ? "network-wireless-symbolic"
                                          : "network-wireless-offline-symbolic");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now",
                                 is_online && self->enrolled && !self->syncing);
  update_summary (self);
}

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TgSyncPage) self = user_data;
  g_autoptr(TgSyncStatus) status = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *count = NULL;

  if (self->loads > 0)
    self->loads--;
  status = tg_store_service_sync_status_finish (TG_STORE_SERVICE (source), result, NULL);
  if (status == NULL)
    return;

  self->pending = status->pending;
  self->enrolled = status->server_url != NULL;
  if (self->idle_lock_policy != status->idle_lock_max_seconds)
    {
      self->idle_lock_policy = status->idle_lock_max_seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_LOCK_POLICY]);
    }
  if (status->server_url != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s (%s)", status->server_url,
                                               status->role ?: _("worker"));

      adw_action_row_set_subtitle (self->server_row, text);
    }
  else if (tg_store_service_can_sync (self->service))
    adw_action_row_set_subtitle (self->server_row,
                                 _("Not enrolled: everything stays on this device"));
  else
    adw_action_row_set_subtitle (self->server_row,
                                 _("This build has no sync engine: everything stays on this device"));

  if (status->last_sync_at != NULL)
    {
      g_autofree char *when = tg_format_date_time (status->last_sync_at);

      adw_action_row_set_subtitle (self->last_sync_row, when);
    }
  else
    adw_action_row_set_subtitle (self->last_sync_row, _("Never"));

  count = g_strdup_printf ("%" G_GINT64_FORMAT, status->pending);
  pending = status->pending == 0
              ? g_strdup (_("None: everything written here has reached the server"))
              /* Translators: %s is a number. */
              : g_strdup_printf (g_dngettext (NULL, "%s field change", "%s field changes",
                                              (gulong) status->pending), count);
  if (!self->enrolled && status->pending > 0)
    {
      g_autofree char *local = g_strdup_printf (_("%s, kept until this device is enrolled"), pending);

      g_free (pending);
      pending = g_steal_pointer (&local);
    }
  adw_action_row_set_subtitle (self->pending_row, pending);
  gtk_widget_set_visible (GTK_WIDGET (self->clock_warning), status->clock_warning);
  update_network (self);
}

static void
clear_conflict_rows (TgSyncPage *self)
{
  for (guint i = 0; i < self->conflict_rows->len; i++)
    adw_preferences_group_remove (self->conflicts_group, self->conflict_rows->pdata[i]);
  g_ptr_array_set_size (self->conflict_rows, 0);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TgSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_resolve_conflict_finish (TG_STORE_SERVICE (source), result, &error))
    g_signal_emit (self, signals[TOAST], 0, error->message);
  /* The service says "conflict" changed; the reload follows from that. */
}

static void
resolve_clicked_cb (GtkButton  *button,
                    TgSyncPage *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "tg-conflict-id");
  gboolean keep_mine = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "tg-keep-mine"));

  gtk_widget_set_sensitive (gtk_widget_get_parent (GTK_WIDGET (button)), FALSE);
  tg_store_service_resolve_conflict_async (self->service, id,
                                           keep_mine ? TG_CONFLICT_KEEP_MINE
                                                     : TG_CONFLICT_ACCEPT_THEIRS,
                                           NULL, resolved_cb, g_object_ref (self));
}

static GtkWidget *
resolve_button_new (TgSyncPage *self,
                    gint64      id,
                    gboolean    keep_mine)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (keep_mine ? _("_Keep mine") : _("_Take theirs"));
  gint64 *stored = g_new (gint64, 1);

  *stored = id;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "tg-conflict-id", stored, g_free);
  g_object_set_data (G_OBJECT (button), "tg-keep-mine", GINT_TO_POINTER (keep_mine));
  if (keep_mine)
    gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (resolve_clicked_cb), self, 0);
  return button;
}

static void
conflicts_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TgSyncPage) self = user_data;
  g_autoptr(GPtrArray) views = NULL;

  if (self->loads > 0)
    self->loads--;
  views = tg_store_service_list_conflicts_finish (TG_STORE_SERVICE (source), result, NULL);
  if (views == NULL)
    return;

  clear_conflict_rows (self);
  for (guint i = 0; i < views->len; i++)
    {
      TgConflictView *view = views->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *title = g_strdup_printf ("%s — %s", view->client_name, view->field_label);
      g_autofree char *when = tg_format_date_time (view->detected_at);
      g_autofree char *subtitle = g_markup_printf_escaped (_("Yours: <b>%s</b>\nIn use now: <b>%s</b>\nSeen %s"),
                                                           view->mine ?: _("(empty)"),
                                                           view->theirs ?: _("(empty)"), when);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      gtk_box_append (GTK_BOX (buttons), resolve_button_new (self, view->id, FALSE));
      gtk_box_append (GTK_BOX (buttons), resolve_button_new (self, view->id, TRUE));
      gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
      adw_preferences_group_add (self->conflicts_group, row);
      g_ptr_array_add (self->conflict_rows, row);
    }
  if (views->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No conflicts to review"));
      adw_preferences_group_add (self->conflicts_group, row);
      g_ptr_array_add (self->conflict_rows, row);
    }
  if (self->n_conflicts != views->len)
    {
      self->n_conflicts = views->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
    }
}

void
tg_sync_page_reload (TgSyncPage *self)
{
  g_return_if_fail (TG_IS_SYNC_PAGE (self));

  if (tg_store_service_get_state (self->service) != TG_STORE_SERVICE_UNLOCKED)
    return;
  self->loads += 2;
  tg_store_service_sync_status_async (self->service, self->cancellable, status_cb, g_object_ref (self));
  tg_store_service_list_conflicts_async (self->service, self->cancellable, conflicts_cb,
                                         g_object_ref (self));
}

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TgSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint pushed = 0, pulled = 0, conflicts = 0;
  g_autofree char *message = NULL;

  self->syncing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (!tg_store_service_sync_finish (TG_STORE_SERVICE (source), result,
                                     &pushed, &pulled, &conflicts, &error))
    message = g_strdup_printf (_("Sync failed: %s"), error->message);
  else if (conflicts > 0)
    /* Translators: the numbers of changes sent and received, and of
     * conflicts; the plural follows the conflicts. */
    message = g_strdup_printf (g_dngettext (NULL, "Synced: %u sent, %u received, %u conflict to review",
                                            "Synced: %u sent, %u received, %u conflicts to review",
                                            conflicts),
                               pushed, pulled, conflicts);
  else
    message = g_strdup_printf (_("Synced: %u sent, %u received"), pushed, pulled);
  g_signal_emit (self, signals[TOAST], 0, message);
  update_network (self);
  tg_sync_page_reload (self);
}

static void
start_sync (TgSyncPage *self)
{
  if (self->syncing)
    return;
  self->syncing = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  update_network (self);
  tg_store_service_sync_async (self->service, self->cancellable, synced_cb, g_object_ref (self));
}

static void
record_changed_cb (TgSyncPage     *self,
                   const char     *entity,
                   const char     *id,
                   TgStoreService *service)
{
  tg_sync_page_reload (self);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start_sync (TG_SYNC_PAGE (widget));
}

static gboolean
reconnected_cb (gpointer user_data)
{
  TgSyncPage *self = user_data;

  self->reconnect_source = 0;
  if (self->enrolled && auto_sync_allowed (self) &&
      tg_store_service_get_state (self->service) == TG_STORE_SERVICE_UNLOCKED)
    start_sync (self);
  return G_SOURCE_REMOVE;
}

/* Runs on every change the monitor reports and when sync-on-metered
 * changes. Only the step from "no automatic sync" to "automatic sync
 * allowed" (the network fully back, or a metered network replaced by one
 * that is not) arms the one-shot sync; the opposite step disarms it. */
static void
network_changed_cb (TgSyncPage *self)
{
  gboolean allowed = auto_sync_allowed (self);

  if (allowed && !self->was_allowed && self->enrolled && self->reconnect_source == 0)
    self->reconnect_source = g_timeout_add (RECONNECT_DELAY_MS, reconnected_cb, self);
  else if (!allowed)
    g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->was_allowed = allowed;
  update_network (self);
}

static void
tg_sync_page_constructed (GObject *object)
{
  TgSyncPage *self = TG_SYNC_PAGE (object);

  G_OBJECT_CLASS (tg_sync_page_parent_class)->constructed (object);

  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->changed_handler = g_signal_connect_swapped (self->service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
  self->network_handler = g_signal_connect_swapped (self->monitor, "notify::network-available",
                                                    G_CALLBACK (network_changed_cb), self);
  self->connectivity_handler = g_signal_connect_swapped (self->monitor, "notify::connectivity",
                                                         G_CALLBACK (network_changed_cb), self);
  self->metered_handler = g_signal_connect_swapped (self->monitor, "notify::network-metered",
                                                    G_CALLBACK (network_changed_cb), self);
  self->was_allowed = auto_sync_allowed (self);
  update_network (self);
  tg_sync_page_reload (self);
}

static void
tg_sync_page_dispose (GObject *object)
{
  TgSyncPage *self = TG_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->changed_handler, self->service);
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_signal_handler (&self->connectivity_handler, self->monitor);
  g_clear_signal_handler (&self->metered_handler, self->monitor);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TG_TYPE_SYNC_PAGE);
  g_clear_pointer (&self->conflict_rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (tg_sync_page_parent_class)->dispose (object);
}

static void
tg_sync_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TgSyncPage *self = TG_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_N_CONFLICTS:
      g_value_set_uint (value, self->n_conflicts);
      break;
    case PROP_SYNC_ON_METERED:
      g_value_set_boolean (value, self->sync_on_metered);
      break;
    case PROP_IDLE_LOCK_POLICY:
      g_value_set_uint (value, self->idle_lock_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_sync_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TgSyncPage *self = TG_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    case PROP_SYNC_ON_METERED:
      if (self->sync_on_metered != g_value_get_boolean (value))
        {
          self->sync_on_metered = g_value_get_boolean (value);
          if (self->monitor != NULL)
            network_changed_cb (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_sync_page_class_init (TgSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tg_sync_page_constructed;
  object_class->dispose = tg_sync_page_dispose;
  object_class->get_property = tg_sync_page_get_property;
  object_class->set_property = tg_sync_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NULL: the default network monitor. Tests pass their own. */
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CONFLICTS] =
    g_param_spec_uint ("n-conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The window binds it to the setting of the same name. */
  properties[PROP_SYNC_ON_METERED] =
    g_param_spec_boolean ("sync-on-metered", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The server's longest idle time before locking, in seconds; 0: none.
   * The window passes it to the idle lock. */
  properties[PROP_IDLE_LOCK_POLICY] =
    g_param_spec_uint ("idle-lock-policy", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Something to tell the worker briefly: the message. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, clock_warning);
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, network_row);
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, network_icon);
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, pending_row);
  gtk_widget_class_bind_template_child (widget_class, TgSyncPage, conflicts_group);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
}

static void
tg_sync_page_init (TgSyncPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->conflict_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tg_sync_page_new (TgStoreService  *service,
                  GNetworkMonitor *monitor)
{
  return g_object_new (TG_TYPE_SYNC_PAGE, "service", service, "monitor", monitor, NULL);
}

void
tg_sync_page_clear (TgSyncPage *self)
{
  g_return_if_fail (TG_IS_SYNC_PAGE (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loads = 0;
  self->syncing = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  clear_conflict_rows (self);
}

const char *
tg_sync_page_get_summary (TgSyncPage *self)
{
  g_return_val_if_fail (TG_IS_SYNC_PAGE (self), NULL);
  return self->summary;
}

guint
tg_sync_page_get_n_conflicts (TgSyncPage *self)
{
  g_return_val_if_fail (TG_IS_SYNC_PAGE (self), 0);
  return self->n_conflicts;
}

gboolean
tg_sync_page_is_loading (TgSyncPage *self)
{
  g_return_val_if_fail (TG_IS_SYNC_PAGE (self), FALSE);
  return self->loads > 0;
}
