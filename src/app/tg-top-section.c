/* The TOP section (tg-top-section.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-top-section.h"

#include "tg-field-labels.h"
#include "tg-format.h"
#include "tg-form-rows.h"
#include "tg-store-service-records.h"
#include "tg-top-form.h"
#include "tg-top-rules.h"

struct _TgTopSection
{
  AdwBin               parent_instance;

  TgStoreService      *service;
  GCancellable        *cancellable;
  char                *client_id;
  gulong               changed_handler;
  guint                n_tops;

  AdwPreferencesGroup *group;
  GtkWidget           *new_button;
  GPtrArray           *list;
};

G_DEFINE_FINAL_TYPE (TgTopSection, tg_top_section, ADW_TYPE_BIN)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
compare_completed (gconstpointer a,
                   gconstpointer b)
{
  /* Newest first. */
  return g_strcmp0 (tg_record_get (*(TgRecord **) b, "completed_on"),
                    tg_record_get (*(TgRecord **) a, "completed_on"));
}

static void
tops_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TgTopSection) self = user_data;
  g_autoptr(GPtrArray) tops = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  tops = tg_store_service_list_records_finish (TG_STORE_SERVICE (source), result, &error);
  if (tops == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[TOAST], 0, error->message);
      return;
    }
  tg_form_group_clear (self->group, self->list);
  problems = tg_top_check_sequence (tops);
  for (guint i = 0; i < problems->len; i++)
    {
      TgRuleProblem *problem = problems->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->list, row);
    }
  g_ptr_array_sort (tops, compare_completed);
  for (guint i = 0; i < tops->len; i++)
    {
      const TgRecord *top = tops->pdata[i];
      g_autofree char *day = tg_format_iso_readable (tg_record_get (top, "completed_on"));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a TOP's stage and the day it was completed. */
      title = g_strdup_printf (_("%s · %s"), tg_choice_label (tg_record_get (top, "stage")), day);
      /* Translators: the three 0–20 ratings of a TOP. */
      subtitle = g_strdup_printf (_("Psychological health %s · physical health %s · quality of life %s"),
                                  tg_record_get (top, "psychological_health") ?: "?",
                                  tg_record_get (top, "physical_health") ?: "?",
                                  tg_record_get (top, "quality_of_life") ?: "?");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->list, row);
    }
  self->n_tops = tops->len;
  adw_preferences_group_set_description (self->group, tops->len == 0
                                                        ? _("No TOP yet. One at the start of treatment, reviews, and one at exit.")
                                                        : NULL);
}

static void
load (TgTopSection *self)
{
  if (self->client_id == NULL)
    return;
  tg_store_service_list_records_async (self->service, "top_record", "client_id", self->client_id,
                                       self->cancellable, tops_loaded_cb, g_object_ref (self));
}

static void
record_changed_cb (TgTopSection   *self,
                   const char     *entity,
                   const char     *id,
                   TgStoreService *service)
{
  if (g_strcmp0 (entity, "top_record") == 0 || g_strcmp0 (entity, "sync") == 0)
    load (self);
}

GtkWidget *
tg_top_section_open_form (TgTopSection *self)
{
  GtkWidget *form;
  GtkRoot *root;

  g_return_val_if_fail (TG_IS_TOP_SECTION (self), NULL);
  g_return_val_if_fail (self->client_id != NULL, NULL);
  form = tg_top_form_new (self->service, self->client_id);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (form));
  return form;
}

static void
new_clicked_cb (TgTopSection *self)
{
  if (self->client_id != NULL)
    tg_top_section_open_form (self);
}

static void
tg_top_section_dispose (GObject *object)
{
  TgTopSection *self = TG_TOP_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->service != NULL)
    g_clear_signal_handler (&self->changed_handler, self->service);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tg_top_section_parent_class)->dispose (object);
}

static void
tg_top_section_finalize (GObject *object)
{
  TgTopSection *self = TG_TOP_SECTION (object);

  g_free (self->client_id);
  g_ptr_array_unref (self->list);
  G_OBJECT_CLASS (tg_top_section_parent_class)->finalize (object);
}

static void
tg_top_section_class_init (TgTopSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tg_top_section_dispose;
  object_class->finalize = tg_top_section_finalize;

  /* Something to tell the worker briefly: the message. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tg_top_section_init (TgTopSection *self)
{
  self->cancellable = g_cancellable_new ();
  self->list = g_ptr_array_new ();
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Treatment Outcomes Profile (TOP)"));
  self->new_button = tg_form_header_button_new (_("New _TOP"), "list-add-symbolic");
  gtk_widget_set_name (self->new_button, "top.new");
  g_signal_connect_swapped (self->new_button, "clicked", G_CALLBACK (new_clicked_cb), self);
  adw_preferences_group_set_header_suffix (self->group, self->new_button);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->group));
}

GtkWidget *
tg_top_section_new (TgStoreService *service)
{
  TgTopSection *self = g_object_new (TG_TYPE_TOP_SECTION, NULL);

  self->service = g_object_ref (service);
  self->changed_handler = g_signal_connect_swapped (service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
  return GTK_WIDGET (self);
}

void
tg_top_section_set_client (TgTopSection *self,
                           const char   *client_id)
{
  g_return_if_fail (TG_IS_TOP_SECTION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  self->n_tops = 0;
  tg_form_group_clear (self->group, self->list);
  load (self);
}

guint
tg_top_section_get_n_tops (TgTopSection *self)
{
  g_return_val_if_fail (TG_IS_TOP_SECTION (self), 0);
  return self->n_tops;
}
