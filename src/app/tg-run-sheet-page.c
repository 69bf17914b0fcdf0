/* The run sheet page (tg-run-sheet-page.h). Built in code: it is a list
 * of groups made from the sheet, with a small bar above it. */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-run-sheet-page.h"

#include "tg-dates.h"
#include "tg-field-labels.h"
#include "tg-format.h"
#include "tg-run-sheet-print.h"
#include "tg-store-service-kpi.h"

struct _TgRunSheetPage
{
  AdwBin          parent_instance;

  TgStoreService *service;
  GDate           day;
  TgRunSheet     *sheet;           /* NULL until loaded */
  GCancellable   *load_cancellable;
  gulong          changed_handler;
  gulong          state_handler;

  AdwToastOverlay *toast_overlay;
  GtkLabel       *day_label;
  GtkButton      *print_button;
  GtkStack       *stack;
  GtkBox         *groups_box;
  AdwStatusPage  *empty_status;
};

G_DEFINE_FINAL_TYPE (TgRunSheetPage, tg_run_sheet_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (TgRunSheetPage *self,
            const char     *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static GtkWidget *
detail_row_new (const char *title,
                const char *subtitle,
                const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  return row;
}

static GtkWidget *
entry_group_new (const TgRunSheetEntry *entry)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *title = NULL;
  g_autofree char *mentor = NULL;

  title = g_strdup_printf ("%s  %s %s", entry->release_time ? entry->release_time : _("Time not known"),
                           entry->given_name ? entry->given_name : "",
                           entry->family_name ? entry->family_name : "");
  adw_preferences_group_set_title (group, title);
  if (entry->prison_number != NULL)
    adw_preferences_group_set_description (group, entry->prison_number);

  adw_preferences_group_add (group, detail_row_new (_("Gate"), entry->gate ? entry->gate : _("Not known"),
                                                    "mark-location-symbolic"));
  if (entry->pickup_status != NULL)
    mentor = g_strdup_printf ("%s (%s)", entry->pickup_mentor ? entry->pickup_mentor : _("None named"),
                              tg_choice_label (entry->pickup_status));
  else
    mentor = g_strdup (entry->pickup_mentor ? entry->pickup_mentor : _("None named"));
  adw_preferences_group_add (group, detail_row_new (_("Pickup mentor"), mentor, "avatar-default-symbolic"));
  if (entry->earlier)
    {
      g_autofree char *recorded = tg_format_long_date (&entry->release_date);
      /* Translators: %s is the day recorded, such as “Friday 27 November 2026”. */
      g_autofree char *text = g_strdup_printf (_("The date recorded is %s. Ring the prison to confirm."),
                                               recorded);

      adw_preferences_group_add (group, detail_row_new (_("Likely earlier release"), text,
                                                        "dialog-warning-symbolic"));
    }
  if (entry->appointments->len == 0)
    adw_preferences_group_add (group, detail_row_new (_("No appointments that day"), NULL,
                                                      "x-office-calendar-symbolic"));
  for (guint i = 0; i < entry->appointments->len; i++)
    {
      const TgRunSheetAppointment *appointment = entry->appointments->pdata[i];
      g_autofree char *row_title = g_strdup_printf ("%s  %s", appointment->time,
                                                    tg_run_sheet_kind_label (appointment->kind));
      g_autofree char *where = NULL;

      if (appointment->with_whom != NULL)
        /* Translators: a place, then who the appointment is with. */
        where = g_strdup_printf (_("%s, with %s"), appointment->place ? appointment->place : _("Place not known"),
                                 appointment->with_whom);
      else
        where = g_strdup (appointment->place ? appointment->place : _("Place not known"));
      adw_preferences_group_add (group, detail_row_new (row_title, where, "x-office-calendar-symbolic"));
    }
  return GTK_WIDGET (group);
}

static void
clear_groups (TgRunSheetPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TgRunSheetPage) self = user_data;
  g_autoptr(GError) error = NULL;
  TgRunSheet *sheet;

  sheet = tg_store_service_run_sheet_finish (TG_STORE_SERVICE (source), result, &error);
  if (sheet == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
        show_toast (self, error->message);
      return;
    }
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->sheet, tg_run_sheet_free);
  self->sheet = sheet;

  clear_groups (self);
  for (guint i = 0; i < sheet->entries->len; i++)
    gtk_box_append (self->groups_box, entry_group_new (sheet->entries->pdata[i]));
  gtk_stack_set_visible_child_name (self->stack, sheet->entries->len > 0 ? "sheet" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), TRUE);
}

void
tg_run_sheet_page_reload (TgRunSheetPage *self)
{
  g_autofree char *day = NULL;

  g_return_if_fail (TG_IS_RUN_SHEET_PAGE (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  day = tg_format_long_date (&self->day);
  gtk_label_set_text (self->day_label, day);
  adw_status_page_set_description (self->empty_status, day);
  if (tg_store_service_get_state (self->service) != TG_STORE_SERVICE_UNLOCKED)
    return;

  self->load_cancellable = g_cancellable_new ();
  tg_store_service_run_sheet_async (self->service, &self->day, self->load_cancellable,
                                    loaded_cb, g_object_ref (self));
}

void
tg_run_sheet_page_set_day (TgRunSheetPage *self,
                           const GDate    *day)
{
  g_return_if_fail (TG_IS_RUN_SHEET_PAGE (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  self->day = *day;
  /* Nothing is printed from the day before while the new day loads. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), FALSE);
  tg_run_sheet_page_reload (self);
}

static void
move_day (TgRunSheetPage *self,
          int             days)
{
  GDate day = self->day;

  if (days < 0)
    g_date_subtract_days (&day, (guint) -days);
  else
    g_date_add_days (&day, (guint) days);
  tg_run_sheet_page_set_day (self, &day);
}

static void
previous_clicked_cb (TgRunSheetPage *self)
{
  move_day (self, -1);
}

static void
next_clicked_cb (TgRunSheetPage *self)
{
  move_day (self, 1);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               TgRunSheetPage          *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      show_toast (self, error != NULL ? error->message : _("The run sheet could not be printed"));
    }
}

gboolean
tg_run_sheet_page_print (TgRunSheetPage          *self,
                         GtkPrintOperationAction  action,
                         const char              *export_file,
                         GError                 **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkRoot *root;
  GtkPrintOperationResult result;

  g_return_val_if_fail (TG_IS_RUN_SHEET_PAGE (self), FALSE);
  g_return_val_if_fail (self->sheet != NULL, FALSE);
  g_return_val_if_fail (action != GTK_PRINT_OPERATION_ACTION_EXPORT || export_file != NULL, FALSE);

  operation = tg_run_sheet_print_new (self->sheet);
  if (export_file != NULL)
    gtk_print_operation_set_export_filename (operation, export_file);
  else
    {
      g_autofree char *day = tg_date_to_iso (&self->day);
      /* Translators: the file name offered for a run sheet saved as PDF; %s is a date. */
      g_autofree char *name = g_strdup_printf (_("run-sheet-%s.pdf"), day);
      g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();

      gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, name);
      gtk_print_operation_set_print_settings (operation, settings);
      gtk_print_operation_set_allow_async (operation, TRUE);
      g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  result = gtk_print_operation_run (operation, action,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
print_clicked_cb (TgRunSheetPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->sheet == NULL)
    return;
  if (!tg_run_sheet_page_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error))
    show_toast (self, error->message);
}

static void
record_changed_cb (TgRunSheetPage *self,
                   const char     *entity,
                   const char     *id,
                   TgStoreService *service)
{
  if (g_strcmp0 (entity, "sync") == 0 || g_strcmp0 (entity, "client") == 0 ||
      g_strcmp0 (entity, "release_plan") == 0 || g_strcmp0 (entity, "appointment") == 0)
    tg_run_sheet_page_reload (self);
}

static GtkWidget *
icon_button_new (const char     *icon_name,
                 const char     *name,
                 GCallback       callback,
                 TgRunSheetPage *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
build (TgRunSheetPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *label;

  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toast_overlay, box);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->toast_overlay));

  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_box_append (GTK_BOX (bar), icon_button_new ("go-previous-symbolic", _("Previous day"),
                                                  G_CALLBACK (previous_clicked_cb), self));
  label = gtk_label_new (NULL);
  gtk_widget_add_css_class (label, "title-3");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  self->day_label = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (bar), icon_button_new ("go-next-symbolic", _("Next day"),
                                                  G_CALLBACK (next_clicked_cb), self));
  gtk_box_insert_child_after (GTK_BOX (bar), label, gtk_widget_get_first_child (bar));
  self->print_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Print…")));
  gtk_widget_add_css_class (GTK_WIDGET (self->print_button), "suggested-action");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->print_button), _("Print the run sheet or save it as a PDF"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), FALSE);
  g_signal_connect_swapped (self->print_button, "clicked", G_CALLBACK (print_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->print_button));
  gtk_box_append (GTK_BOX (box), bar);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->groups_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_widget_set_margin_top (clamp, 6);
  gtk_widget_set_margin_bottom (clamp, 24);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->groups_box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "sheet");
  self->empty_status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_status, "x-office-calendar-symbolic");
  adw_status_page_set_title (self->empty_status, _("Nobody is due out"));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_status), "empty");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
}

static void
state_changed_cb (TgRunSheetPage *self)
{
  if (tg_store_service_get_state (self->service) == TG_STORE_SERVICE_UNLOCKED)
    return;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->sheet, tg_run_sheet_free);
  clear_groups (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), FALSE);
}

static void
tg_run_sheet_page_constructed (GObject *object)
{
  TgRunSheetPage *self = TG_RUN_SHEET_PAGE (object);

  G_OBJECT_CLASS (tg_run_sheet_page_parent_class)->constructed (object);
  self->changed_handler = g_signal_connect_swapped (self->service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
  self->state_handler = g_signal_connect_swapped (self->service, "notify::state",
                                                  G_CALLBACK (state_changed_cb), self);
}

static void
tg_run_sheet_page_dispose (GObject *object)
{
  TgRunSheetPage *self = TG_RUN_SHEET_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_signal_handler (&self->changed_handler, self->service);
  g_clear_signal_handler (&self->state_handler, self->service);
  g_clear_pointer (&self->sheet, tg_run_sheet_free);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (tg_run_sheet_page_parent_class)->dispose (object);
}

static void
tg_run_sheet_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TgRunSheetPage *self = TG_RUN_SHEET_PAGE (object);

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
tg_run_sheet_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TgRunSheetPage *self = TG_RUN_SHEET_PAGE (object);

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
tg_run_sheet_page_class_init (TgRunSheetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tg_run_sheet_page_constructed;
  object_class->dispose = tg_run_sheet_page_dispose;
  object_class->get_property = tg_run_sheet_page_get_property;
  object_class->set_property = tg_run_sheet_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tg_run_sheet_page_init (TgRunSheetPage *self)
{
  g_date_clear (&self->day, 1);
  build (self);
}

GtkWidget *
tg_run_sheet_page_new (TgStoreService *service,
                       const GDate    *day)
{
  GtkWidget *page = g_object_new (TG_TYPE_RUN_SHEET_PAGE, "service", service, NULL);

  tg_run_sheet_page_set_day (TG_RUN_SHEET_PAGE (page), day);
  return page;
}

gboolean
tg_run_sheet_page_is_loading (TgRunSheetPage *self)
{
  g_return_val_if_fail (TG_IS_RUN_SHEET_PAGE (self), FALSE);
  return self->load_cancellable != NULL;
}

const TgRunSheet *
tg_run_sheet_page_get_sheet (TgRunSheetPage *self)
{
  g_return_val_if_fail (TG_IS_RUN_SHEET_PAGE (self), NULL);
  return self->sheet;
}

/* A locked app shows nobody's details: the sheet's window goes with the
 * lock. */
static void
service_state_cb (GtkWindow      *window,
                  GParamSpec     *pspec,
                  TgStoreService *service)
{
  if (tg_store_service_get_state (service) != TG_STORE_SERVICE_UNLOCKED)
    gtk_window_destroy (window);
}

GtkWidget *
tg_run_sheet_page_present (TgStoreService *service,
                           const GDate    *day,
                           GtkWindow      *parent)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *page = tg_run_sheet_page_new (service, day);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Run sheet"));
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 800);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), parent != NULL);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect_object (service, "notify::state", G_CALLBACK (service_state_cb), window,
                           G_CONNECT_SWAPPED);
  /* One of the app's windows, after its parent is set: the main window
   * then counts input here for its idle lock. */
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (parent));
  gtk_window_present (GTK_WINDOW (window));
  return page;
}
