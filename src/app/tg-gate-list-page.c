/* The gate list page (tg-gate-list-page.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-gate-list-page.h"

#include "tg-dates.h"
#include "tg-field-labels.h"
#include "tg-format.h"
#include "tg-release-rules.h"
#include "tg-run-sheet-page.h"

static const char * const pickup_statuses[] = {
  "not_arranged", "arranged", "met", "missed", "declined", NULL
};

/* A line of the list: a day's heading, or one release of that day. The
 * entries array is shared by every line of one load. */
#define TG_TYPE_GATE_LINE (tg_gate_line_get_type ())
G_DECLARE_FINAL_TYPE (TgGateLine, tg_gate_line, TG, GATE_LINE, GObject)

struct _TgGateLine
{
  GObject    parent_instance;
  char      *heading;   /* a heading line, else NULL */
  GPtrArray *entries;
  guint      index;
};

G_DEFINE_FINAL_TYPE (TgGateLine, tg_gate_line, G_TYPE_OBJECT)

static void
tg_gate_line_finalize (GObject *object)
{
  TgGateLine *self = TG_GATE_LINE (object);

  g_free (self->heading);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (tg_gate_line_parent_class)->finalize (object);
}

static void
tg_gate_line_class_init (TgGateLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tg_gate_line_finalize;
}

static void
tg_gate_line_init (TgGateLine *self)
{
}

static TgGateLine *
tg_gate_line_new (const char *heading,
                  GPtrArray  *entries,
                  guint       index)
{
  TgGateLine *self = g_object_new (TG_TYPE_GATE_LINE, NULL);

  self->heading = g_strdup (heading);
  self->entries = g_ptr_array_ref (entries);
  self->index = index;
  return self;
}

static TgGateEntry *
tg_gate_line_get_entry (TgGateLine *self)
{
  return self->heading == NULL ? self->entries->pdata[self->index] : NULL;
}

struct _TgGateListPage
{
  AdwBin          parent_instance;

  TgStoreService *service;
  GCancellable   *load_cancellable;
  TgGateRange     range;
  guint           n_entries;
  gulong          changed_handler;
  GListStore     *lines;

  /* Template children. */
  GtkToggleButton *today_button;
  GtkToggleButton *tomorrow_button;
  GtkToggleButton *week_button;
  GtkLabel        *range_label;
  GtkStack        *stack;
  GtkListView     *list_view;
  AdwStatusPage   *empty_status;
};

G_DEFINE_FINAL_TYPE (TgGateListPage, tg_gate_list_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
today_date (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

static char *
format_day (const GDate *date,
            const GDate *today)
{
  g_autofree char *buffer = tg_format_day (date);
  int days = g_date_days_between (today, date);

  if (days == 0)
    /* Translators: %s is a day such as “Friday 27 November”. */
    return g_strdup_printf (_("Today, %s"), buffer);
  if (days == 1)
    /* Translators: %s is a day such as “Friday 27 November”. */
    return g_strdup_printf (_("Tomorrow, %s"), buffer);
  return g_strdup (buffer);
}

static void
clear_lines (TgGateListPage *self)
{
  g_list_store_remove_all (self->lines);
  self->n_entries = 0;
}

static void
pickup_set_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TgGateListPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_update_finish (TG_STORE_SERVICE (source), result, &error))
    g_signal_emit (self, signals[TOAST], 0, error->message);
}

/* A pickup status picked from a line's menu: shown at once, kept on the
 * line's entry (so the row shows it when it is bound again) and written. */
static void
pickup_change_state_cb (GSimpleAction  *action,
                        GVariant       *state,
                        TgGateListPage *self)
{
  const char *status = g_variant_get_string (state, NULL);
  GtkMenuButton *button = g_object_get_data (G_OBJECT (action), "tg-button");
  TgGateLine *line = g_object_get_data (G_OBJECT (action), "tg-line");
  TgGateEntry *entry;

  if (line == NULL || !g_strv_contains (pickup_statuses, status))
    return;
  entry = tg_gate_line_get_entry (line);
  g_simple_action_set_state (action, state);
  gtk_menu_button_set_label (button, tg_choice_label (status));
  g_free (entry->pickup_status);
  entry->pickup_status = g_strdup (status);
  tg_store_service_update_async (self->service, "release_plan", entry->client_id, "pickup_status",
                                 status, NULL, pickup_set_cb, g_object_ref (self));
}

/* The menu is made when a row's button is first opened. A GtkDropDown per
 * row made its popover, list and search entry with the row, a few hundred
 * KB each: tens of MB for a week of releases on a large caseload. */
static void
pickup_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  g_autoptr(GMenu) menu = NULL;

  if (gtk_menu_button_get_menu_model (button) != NULL)
    return;
  menu = g_menu_new ();
  for (guint i = 0; pickup_statuses[i] != NULL; i++)
    {
      g_autofree char *detailed = g_strdup_printf ("pickup.status::%s", pickup_statuses[i]);

      g_menu_append (menu, tg_choice_label (pickup_statuses[i]), detailed);
    }
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static GtkWidget *
pickup_button_new (TgGateListPage *self)
{
  GtkWidget *button = gtk_menu_button_new ();
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = NULL;

  action = g_simple_action_new_stateful ("status", G_VARIANT_TYPE_STRING,
                                         g_variant_new_string (pickup_statuses[0]));
  /* The button owns the group, which owns the action. */
  g_object_set_data (G_OBJECT (action), "tg-button", button);
  g_object_set_data (G_OBJECT (button), "tg-action", action);
  g_signal_connect_object (action, "change-state", G_CALLBACK (pickup_change_state_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (button, "pickup", G_ACTION_GROUP (group));

  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (button), TRUE);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), pickup_popup_cb, NULL, NULL);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Pickup status"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pickup status"), -1);
  return button;
}

/* Points a row's pickup button at @line (NULL when unbound). */
static void
pickup_button_bind (GtkWidget  *button,
                    TgGateLine *line)
{
  GSimpleAction *action = g_object_get_data (G_OBJECT (button), "tg-action");
  TgGateEntry *entry = line != NULL ? tg_gate_line_get_entry (line) : NULL;
  const char *status = pickup_statuses[0];

  if (entry != NULL && entry->pickup_status != NULL &&
      g_strv_contains (pickup_statuses, entry->pickup_status))
    status = entry->pickup_status;
  /* Set before the line, so that no write follows. */
  g_object_set_data (G_OBJECT (action), "tg-line", NULL);
  g_simple_action_set_state (action, g_variant_new_string (status));
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), tg_choice_label (status));
  if (line != NULL)
    g_object_set_data_full (G_OBJECT (action), "tg-line", g_object_ref (line), g_object_unref);
}

static GtkWidget *
badge_new (const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, style);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

/* The widgets of a list item, made once and bound to line after line:
 * only the lines on screen have widgets. */
typedef struct {
  GtkWidget *heading;
  GtkWidget *box;
  GtkWidget *row;
  GtkWidget *badge;
  GtkWidget *pickup;
} LineWidgets;

static void
line_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TgGateListPage           *self)
{
  LineWidgets *widgets = g_new0 (LineWidgets, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  widgets->heading = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (widgets->heading), 0);
  gtk_widget_add_css_class (widgets->heading, "heading");
  gtk_widget_set_margin_top (widgets->heading, 18);
  gtk_widget_set_margin_bottom (widgets->heading, 12);
  gtk_box_append (GTK_BOX (box), widgets->heading);

  /* A boxed list of one row, for the look of the rest of the app. */
  widgets->box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (widgets->box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (widgets->box, "boxed-list");
  gtk_widget_set_margin_bottom (widgets->box, 6);
  widgets->row = adw_action_row_new ();
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (widgets->row), 2);
  gtk_list_box_append (GTK_LIST_BOX (widgets->box), widgets->row);
  widgets->badge = badge_new (_("Earlier release likely"), "release");
  gtk_widget_set_tooltip_text (widgets->badge, _("Likely out the working day before: a Friday, "
                                                 "the day before a bank holiday or a day nobody "
                                                 "is released"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (widgets->row), widgets->badge);
  widgets->pickup = pickup_button_new (self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widgets->row), widgets->pickup);
  gtk_box_append (GTK_BOX (box), widgets->box);

  g_object_set_data_full (G_OBJECT (item), "tg-widgets", widgets, g_free);
  gtk_list_item_set_child (item, box);
}

static void
line_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TgGateListPage           *self)
{
  LineWidgets *widgets = g_object_get_data (G_OBJECT (item), "tg-widgets");
  TgGateLine *line = gtk_list_item_get_item (item);
  const TgGateEntry *entry = tg_gate_line_get_entry (line);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = NULL;
  TgEarlierRelease earlier;

  gtk_list_item_set_activatable (item, FALSE);
  gtk_widget_set_visible (widgets->heading, entry == NULL);
  gtk_widget_set_visible (widgets->box, entry != NULL);
  if (entry == NULL)
    {
      gtk_label_set_text (GTK_LABEL (widgets->heading), line->heading);
      pickup_button_bind (widgets->pickup, NULL);
      return;
    }

  title = g_strdup_printf ("%s %s", entry->given_name ?: "", entry->family_name ?: "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widgets->row), title);
  subtitle = g_string_new (entry->prison_number ?: _("No prison number"));
  g_string_append_printf (subtitle, " · %s", entry->release_time ?: _("time not known"));
  g_string_append_printf (subtitle, " · %s", entry->gate ?: _("gate not known"));
  if (entry->pickup_mentor != NULL)
    /* Translators: the gate mentor who picks the person up. */
    g_string_append_printf (subtitle, _(" · mentor %s"), entry->pickup_mentor);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widgets->row), subtitle->str);

  tg_gate_entry_earlier_release (entry, &earlier);
  gtk_widget_set_visible (widgets->badge, earlier.likely);
  pickup_button_bind (widgets->pickup, line);
}

static void
line_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TgGateListPage           *self)
{
  LineWidgets *widgets = g_object_get_data (G_OBJECT (item), "tg-widgets");

  pickup_button_bind (widgets->pickup, NULL);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TgGateListPage) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *line_date = NULL;
  GDate today;

  entries = tg_store_service_gate_list_finish (TG_STORE_SERVICE (source), result, &error);
  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
        g_signal_emit (self, signals[TOAST], 0, error->message);
      return;
    }
  g_clear_object (&self->load_cancellable);
  today_date (&today);

  lines = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      const TgGateEntry *entry = entries->pdata[i];

      if (i == 0 || g_strcmp0 (line_date, entry->release_date) != 0)
        {
          GDate date;
          g_autofree char *heading = NULL;

          if (tg_date_parse_iso (entry->release_date, &date))
            heading = format_day (&date, &today);
          else
            heading = g_strdup (entry->release_date ?: "");
          g_ptr_array_add (lines, tg_gate_line_new (heading, entries, 0));
          line_date = entry->release_date;
        }
      g_ptr_array_add (lines, tg_gate_line_new (NULL, entries, i));
    }
  /* One splice for the old lines and the new, so the view hears of the
   * reload once and keeps its place. */
  g_list_store_splice (self->lines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->lines)),
                       lines->pdata, lines->len);
  self->n_entries = entries->len;
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");
}

void
tg_gate_list_page_reload (TgGateListPage *self)
{
  GDate from, until;
  guint days;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *range = NULL;

  g_return_if_fail (TG_IS_GATE_LIST_PAGE (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (tg_store_service_get_state (self->service) != TG_STORE_SERVICE_UNLOCKED)
    return;

  today_date (&from);
  switch (self->range)
    {
    case TG_GATE_RANGE_TODAY:
      days = 1;
      break;
    case TG_GATE_RANGE_TOMORROW:
      g_date_add_days (&from, 1);
      days = 1;
      break;
    case TG_GATE_RANGE_WEEK:
    default:
      days = 7;
      break;
    }
  until = from;
  g_date_add_days (&until, days - 1);
  first = tg_format_day (&from);
  last = tg_format_day (&until);
  /* Translators: a range of days, as in “Monday 23 November to Sunday 29 November”. */
  range = days == 1 ? g_strdup (first) : g_strdup_printf (_("%s to %s"), first, last);
  gtk_label_set_text (self->range_label, range);
  adw_status_page_set_description (self->empty_status, range);

  self->load_cancellable = g_cancellable_new ();
  tg_store_service_gate_list_async (self->service, &from, days, self->load_cancellable,
                                    listed_cb, g_object_ref (self));
}

static void
range_toggled_cb (TgGateListPage  *self,
                  GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->today_button)
    self->range = TG_GATE_RANGE_TODAY;
  else if (button == self->tomorrow_button)
    self->range = TG_GATE_RANGE_TOMORROW;
  else
    self->range = TG_GATE_RANGE_WEEK;
  tg_gate_list_page_reload (self);
}

/* Today's sheet for today; tomorrow's otherwise, the one a mentor prints
 * the evening before. The sheet itself moves a day either way. */
static void
run_sheet_clicked_cb (TgGateListPage *self)
{
  GDate day;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  today_date (&day);
  if (self->range != TG_GATE_RANGE_TODAY)
    g_date_add_days (&day, 1);
  tg_run_sheet_page_present (self->service, &day, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
record_changed_cb (TgGateListPage *self,
                   const char     *entity,
                   const char     *id,
                   TgStoreService *service)
{
  /* A pickup status set here is already on screen. */
  if (g_strcmp0 (entity, "sync") == 0 || g_strcmp0 (entity, "client") == 0)
    tg_gate_list_page_reload (self);
}

static void
tg_gate_list_page_constructed (GObject *object)
{
  TgGateListPage *self = TG_GATE_LIST_PAGE (object);

  G_OBJECT_CLASS (tg_gate_list_page_parent_class)->constructed (object);
  self->changed_handler = g_signal_connect_swapped (self->service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
  tg_gate_list_page_reload (self);
}

static void
tg_gate_list_page_dispose (GObject *object)
{
  TgGateListPage *self = TG_GATE_LIST_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_signal_handler (&self->changed_handler, self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), TG_TYPE_GATE_LIST_PAGE);
  g_clear_object (&self->service);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (tg_gate_list_page_parent_class)->dispose (object);
}

static void
tg_gate_list_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TgGateListPage *self = TG_GATE_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_gate_list_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TgGateListPage *self = TG_GATE_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_gate_list_page_class_init (TgGateListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tg_gate_list_page_constructed;
  object_class->dispose = tg_gate_list_page_dispose;
  object_class->get_property = tg_gate_list_page_get_property;
  object_class->set_property = tg_gate_list_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Something to tell the worker briefly: the message. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-gate-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TgGateListPage, today_button);
  gtk_widget_class_bind_template_child (widget_class, TgGateListPage, tomorrow_button);
  gtk_widget_class_bind_template_child (widget_class, TgGateListPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, TgGateListPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, TgGateListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TgGateListPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, TgGateListPage, empty_status);
  gtk_widget_class_bind_template_callback (widget_class, range_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_sheet_clicked_cb);
}

static void
tg_gate_list_page_init (TgGateListPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->range = TG_GATE_RANGE_WEEK;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->lines = g_list_store_new (TG_TYPE_GATE_LINE);
  g_signal_connect (factory, "setup", G_CALLBACK (line_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (line_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (line_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                             G_LIST_MODEL (g_object_ref (self->lines)))));
}

GtkWidget *
tg_gate_list_page_new (TgStoreService *service)
{
  return g_object_new (TG_TYPE_GATE_LIST_PAGE, "service", service, NULL);
}

void
tg_gate_list_page_clear (TgGateListPage *self)
{
  g_return_if_fail (TG_IS_GATE_LIST_PAGE (self));
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  clear_lines (self);
}

void
tg_gate_list_page_set_range (TgGateListPage *self,
                             TgGateRange     range)
{
  g_return_if_fail (TG_IS_GATE_LIST_PAGE (self));
  switch (range)
    {
    case TG_GATE_RANGE_TODAY:
      gtk_toggle_button_set_active (self->today_button, TRUE);
      break;
    case TG_GATE_RANGE_TOMORROW:
      gtk_toggle_button_set_active (self->tomorrow_button, TRUE);
      break;
    case TG_GATE_RANGE_WEEK:
    default:
      gtk_toggle_button_set_active (self->week_button, TRUE);
      break;
    }
}

guint
tg_gate_list_page_get_n_entries (TgGateListPage *self)
{
  g_return_val_if_fail (TG_IS_GATE_LIST_PAGE (self), 0);
  return self->n_entries;
}

gboolean
tg_gate_list_page_is_loading (TgGateListPage *self)
{
  g_return_val_if_fail (TG_IS_GATE_LIST_PAGE (self), FALSE);
  return self->load_cancellable != NULL;
}
