/* A list of records with a form to add one (tg-record-section.h).
 *
 * Sections: helpers, loading, the form, the GObject.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-record-section.h"

#include "tg-field-labels.h"
#include "tg-form-rows.h"
#include "tg-store-service-records.h"

struct _TgRecordSection
{
  AdwBin                     parent_instance;

  TgStoreService            *service;
  const TgRecordSectionSpec *spec;
  GCancellable              *cancellable;   /* loads of the current person */
  char                      *client_id;
  TgRecord                  *client;        /* when the spec needs it */
  gulong                     changed_handler;
  guint                      n_records;
  gboolean                   loaded;

  AdwPreferencesGroup       *group;
  GPtrArray                 *list;          /* the rows shown */
  AdwExpanderRow            *add_expander;
  GPtrArray                 *form_rows;
};

G_DEFINE_FINAL_TYPE (TgRecordSection, tg_record_section, ADW_TYPE_BIN)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (TgRecordSection *self);

/* Helpers */

void
tg_record_view_clear (TgRecordView *view)
{
  g_clear_pointer (&view->title, g_free);
  g_clear_pointer (&view->subtitle, g_free);
  g_clear_pointer (&view->badge, g_free);
  view->badge_style = NULL;
}

static void
toast (TgRecordSection *self,
       const char      *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
reset_form (TgRecordSection *self)
{
  g_autofree char *today = tg_form_today_iso ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M");

  for (guint i = 0; i < self->form_rows->len; i++)
    {
      const TgFormField *field = &self->spec->form[i];
      GtkWidget *row = self->form_rows->pdata[i];

      if (field->kind == TG_FORM_CHOICE)
        continue;
      tg_form_row_set_value (row, field->initial == TG_FORM_DEFAULT_TODAY ? today
                                  : field->initial == TG_FORM_DEFAULT_NOW ? now_text : NULL);
      g_object_set_data_full (G_OBJECT (row), "tg-initial",
                              g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))), g_free);
    }
}

/* Loading */

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TgRecordSection) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_update_fields_finish (TG_STORE_SERVICE (source), result, &error))
    toast (self, error->message);
}

static void
action_clicked_cb (GtkButton       *button,
                   TgRecordSection *self)
{
  const TgRecordSectionSpec *spec = self->spec;
  g_autofree char *today = tg_form_today_iso ();
  g_autofree char *now = tg_form_now_iso ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  for (guint i = 0; spec->action_fields[i] != NULL; i++)
    {
      const char *value = spec->action_values[i];

      g_ptr_array_add (values, (gpointer) (g_strcmp0 (value, "today") == 0 ? today
                                           : g_strcmp0 (value, "now") == 0 ? now : value));
    }
  g_ptr_array_add (values, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  tg_store_service_update_fields_async (self->service, spec->entity,
                                        g_object_get_data (G_OBJECT (button), "tg-record-id"),
                                        spec->action_fields, (const char * const *) values->pdata,
                                        NULL, action_done_cb, g_object_ref (self));
}

static GtkWidget *
view_row_new (TgRecordSection *self,
              TgRecordView    *view,
              const TgRecord  *record)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = tg_form_badge_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), view->title);
  if (view->subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), view->subtitle);
  tg_form_badge_set (badge, view->badge, view->badge_style);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  if (record != NULL && self->spec->action_label != NULL && self->spec->action_applies (record))
    {
      GtkWidget *button = gtk_button_new_with_label (_(self->spec->action_label));
      g_autofree char *name = g_strdup_printf ("%s: %s", _(self->spec->action_label), view->title);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (button), "tg-record-id", g_strdup (record->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (action_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  gtk_widget_set_name (row, "record.row");
  return row;
}

static void
add_row (TgRecordSection *self,
         GtkWidget       *row)
{
  adw_preferences_group_add (self->group, row);
  g_ptr_array_add (self->list, row);
}

static void
fill (TgRecordSection *self,
      GPtrArray       *records)
{
  const TgRecordSectionSpec *spec = self->spec;
  g_autoptr(GPtrArray) summary = NULL;
  GDate today;

  tg_form_today (&today);
  tg_form_group_clear (self->group, self->list);
  /* The form to add one stays last. */
  g_object_ref (self->add_expander);
  adw_preferences_group_remove (self->group, GTK_WIDGET (self->add_expander));

  if (spec->compare != NULL)
    g_ptr_array_sort (records, spec->compare);
  if (spec->summarize != NULL)
    summary = spec->summarize (records, self->client, &today);
  for (guint i = 0; summary != NULL && i < summary->len; i++)
    {
      GtkWidget *row = view_row_new (self, summary->pdata[i], NULL);

      gtk_widget_add_css_class (row, "property");
      add_row (self, row);
    }
  for (guint i = 0; i < records->len; i++)
    {
      TgRecordView view = { 0, };

      spec->describe (records->pdata[i], records, self->client, &today, &view);
      add_row (self, view_row_new (self, &view, records->pdata[i]));
      tg_record_view_clear (&view);
    }

  adw_preferences_group_add (self->group, GTK_WIDGET (self->add_expander));
  g_object_unref (self->add_expander);
  self->n_records = records->len;
  adw_preferences_group_set_description (self->group, records->len == 0 ? _(spec->empty) : NULL);
  self->loaded = TRUE;
}

static void
records_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TgRecordSection) self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = tg_store_service_list_records_finish (TG_STORE_SERVICE (source), result, &error);
  if (records == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  fill (self, records);
}

static void
list_records (TgRecordSection *self)
{
  tg_store_service_list_records_async (self->service, self->spec->entity, "client_id", self->client_id,
                                       self->cancellable, records_loaded_cb, g_object_ref (self));
}

static void
client_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TgRecordSection) self = user_data;
  g_autoptr(GError) error = NULL;
  TgRecord *client = tg_store_service_get_record_finish (TG_STORE_SERVICE (source), result, &error);

  if (client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  g_clear_pointer (&self->client, tg_record_free);
  self->client = client;
  list_records (self);
}

static void
load (TgRecordSection *self)
{
  if (self->client_id == NULL)
    return;
  if (self->spec->needs_client)
    tg_store_service_get_record_async (self->service, "client", self->client_id, self->cancellable,
                                       client_loaded_cb, g_object_ref (self));
  else
    list_records (self);
}

static void
record_changed_cb (TgRecordSection *self,
                   const char      *entity,
                   const char      *id,
                   TgStoreService  *service)
{
  if (g_strcmp0 (entity, self->spec->entity) == 0 || g_strcmp0 (entity, "sync") == 0 ||
      (self->spec->needs_client && g_strcmp0 (entity, "client") == 0))
    load (self);
}

/* The form */

static void
inserted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TgRecordSection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tg_store_service_insert_record_finish (TG_STORE_SERVICE (source), result, &error);

  if (id == NULL)
    {
      toast (self, error->message);
      return;
    }
  reset_form (self);
  /* The new row in the list says it was added. */
  adw_expander_row_set_expanded (self->add_expander, FALSE);
}

static void
add_clicked_cb (TgRecordSection *self)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *problem = NULL;

  if (self->client_id == NULL)
    return;
  if (!tg_form_collect (self->form_rows, self->spec->required, &fields, &values, &problem))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      toast (self, problem);
      return;
    }
  g_ptr_array_set_size (fields, fields->len - 1);
  g_ptr_array_set_size (values, values->len - 1);
  g_ptr_array_add (fields, (gpointer) "client_id");
  g_ptr_array_add (values, g_strdup (self->client_id));
  if (self->spec->complete != NULL)
    self->spec->complete (self->service, fields, values);
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);
  tg_store_service_insert_record_async (self->service, self->spec->entity,
                                        (const char * const *) fields->pdata,
                                        (const char * const *) values->pdata,
                                        NULL, inserted_cb, g_object_ref (self));
}

static void
form_row_changed_cb (GtkWidget       *row,
                     GParamSpec      *pspec,
                     TgRecordSection *self)
{
  if (self->spec->form_changed != NULL)
    self->spec->form_changed (self->form_rows, row);
}

static void
form_text_changed_cb (GtkWidget       *row,
                      TgRecordSection *self)
{
  form_row_changed_cb (row, NULL, self);
}

/* A form opened later than the person: "now" and "today" are refreshed
 * unless the worker typed something else. */
static void
expanded_cb (TgRecordSection *self)
{
  g_autofree char *today = tg_form_today_iso ();

  if (!adw_expander_row_get_expanded (self->add_expander))
    return;
  for (guint i = 0; i < self->form_rows->len; i++)
    {
      const TgFormField *field = &self->spec->form[i];
      GtkWidget *row = self->form_rows->pdata[i];
      const char *shown = field->kind == TG_FORM_ENTRY ? gtk_editable_get_text (GTK_EDITABLE (row)) : NULL;
      const char *initial = g_object_get_data (G_OBJECT (row), "tg-initial");

      if (field->initial == TG_FORM_DEFAULT_NONE || g_strcmp0 (shown, initial) != 0)
        continue;
      if (field->initial == TG_FORM_DEFAULT_TODAY)
        tg_form_row_set_value (row, today);
      else
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M");

          tg_form_row_set_value (row, now_text);
        }
      g_object_set_data_full (G_OBJECT (row), "tg-initial",
                              g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))), g_free);
    }
}

static void
build (TgRecordSection *self)
{
  const TgRecordSectionSpec *spec = self->spec;
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *button;
  g_autofree char *button_name = g_strdup_printf ("%s.add", spec->entity);

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _(spec->title));
  adw_preferences_group_set_description (self->group, _(spec->empty));

  self->add_expander = ADW_EXPANDER_ROW (expander);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _(spec->add_title));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (expander), TRUE);
  adw_expander_row_set_subtitle (self->add_expander, _(spec->add_subtitle));
  for (guint i = 0; i < spec->n_form; i++)
    {
      const TgFormField *field = &spec->form[i];
      g_autofree char *name = g_strdup_printf ("%s.%s", spec->entity, field->field);
      GtkWidget *row = field->kind == TG_FORM_CHOICE
                         ? tg_form_choice_row_new (spec->entity, field->field, NULL)
                         : tg_form_entry_row_new (spec->entity, field->field);

      tg_form_expander_add (self->add_expander, self->form_rows, row, name);
      if (field->kind == TG_FORM_CHOICE)
        g_signal_connect_object (row, "notify::selected", G_CALLBACK (form_row_changed_cb), self, 0);
      else
        g_signal_connect_object (row, "changed", G_CALLBACK (form_text_changed_cb), self, 0);
    }
  button = tg_form_expander_button (self->add_expander, _(spec->add_button), button_name);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_clicked_cb), self);
  g_signal_connect_swapped (expander, "notify::expanded", G_CALLBACK (expanded_cb), self);
  adw_preferences_group_add (self->group, expander);
  reset_form (self);

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->group));
}

/* The GObject */

static void
tg_record_section_dispose (GObject *object)
{
  TgRecordSection *self = TG_RECORD_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->service != NULL)
    g_clear_signal_handler (&self->changed_handler, self->service);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tg_record_section_parent_class)->dispose (object);
}

static void
tg_record_section_finalize (GObject *object)
{
  TgRecordSection *self = TG_RECORD_SECTION (object);

  g_free (self->client_id);
  g_clear_pointer (&self->client, tg_record_free);
  g_ptr_array_unref (self->list);
  g_ptr_array_unref (self->form_rows);
  G_OBJECT_CLASS (tg_record_section_parent_class)->finalize (object);
}

static void
tg_record_section_class_init (TgRecordSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tg_record_section_dispose;
  object_class->finalize = tg_record_section_finalize;

  /* Something to tell the worker briefly: the message. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tg_record_section_init (TgRecordSection *self)
{
  self->cancellable = g_cancellable_new ();
  self->list = g_ptr_array_new ();
  self->form_rows = g_ptr_array_new ();
}

GtkWidget *
tg_record_section_new (TgStoreService            *service,
                       const TgRecordSectionSpec *spec)
{
  TgRecordSection *self = g_object_new (TG_TYPE_RECORD_SECTION, NULL);

  self->service = g_object_ref (service);
  self->spec = spec;
  build (self);
  self->changed_handler = g_signal_connect_swapped (service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
  return GTK_WIDGET (self);
}

void
tg_record_section_set_client (TgRecordSection *self,
                              const char      *client_id)
{
  g_return_if_fail (TG_IS_RECORD_SECTION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  g_clear_pointer (&self->client, tg_record_free);
  self->loaded = FALSE;
  self->n_records = 0;
  tg_form_group_clear (self->group, self->list);
  reset_form (self);
  load (self);
}

guint
tg_record_section_get_n_records (TgRecordSection *self)
{
  g_return_val_if_fail (TG_IS_RECORD_SECTION (self), 0);
  return self->n_records;
}

gboolean
tg_record_section_is_loaded (TgRecordSection *self)
{
  g_return_val_if_fail (TG_IS_RECORD_SECTION (self), FALSE);
  return self->loaded;
}
