/* The TOP form (tg-top-form.h).
 *
 * Sections: the questions, checking, saving, the GObject.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-top-form.h"

#include "tg-field-labels.h"
#include "tg-field-row.h"
#include "tg-form-rows.h"
#include "tg-store-service-records.h"
#include "tg-top-rules.h"

/* The questions */

typedef enum {
  Q_ENTRY,
  Q_YES_NO,
  Q_CHOICE,
} QuestionKind;

typedef struct {
  const char   *field;
  QuestionKind  kind;
} Question;

typedef struct {
  const char     *title;
  const char     *description;
  const Question *questions;
  guint           n_questions;
} Section;

static const Question when_questions[] = {
  { "stage", Q_CHOICE },
  { "completed_on", Q_ENTRY },
};

static const Question substance_questions[] = {
  { "alcohol_days", Q_ENTRY }, { "alcohol_units", Q_ENTRY },
  { "opiates_days", Q_ENTRY }, { "opiates_grams", Q_ENTRY },
  { "crack_days", Q_ENTRY }, { "crack_grams", Q_ENTRY },
  { "cocaine_days", Q_ENTRY }, { "cocaine_grams", Q_ENTRY },
  { "amphetamines_days", Q_ENTRY }, { "amphetamines_grams", Q_ENTRY },
  { "cannabis_days", Q_ENTRY }, { "cannabis_joints", Q_ENTRY },
  { "other_substance", Q_ENTRY }, { "other_substance_days", Q_ENTRY },
};

static const Question injecting_questions[] = {
  { "injecting_days", Q_ENTRY },
  { "shared_needles", Q_YES_NO },
  { "shared_equipment", Q_YES_NO },
};

static const Question crime_questions[] = {
  { "shoplifting_days", Q_ENTRY },
  { "selling_drugs_days", Q_ENTRY },
  { "theft_days", Q_ENTRY },
  { "violence_days", Q_ENTRY },
};

static const Question health_questions[] = {
  { "psychological_health", Q_ENTRY },
  { "physical_health", Q_ENTRY },
  { "quality_of_life", Q_ENTRY },
  { "paid_work_days", Q_ENTRY },
  { "education_days", Q_ENTRY },
  { "acute_housing_problem", Q_YES_NO },
  { "eviction_risk", Q_YES_NO },
};

static const Section sections[] = {
  { N_("When"), N_("Dates as 2026-11-27."), when_questions, G_N_ELEMENTS (when_questions) },
  { N_("1. Substance use"),
    N_("Days used in the past four weeks (0–28), and the amount on a typical day of use."),
    substance_questions, G_N_ELEMENTS (substance_questions) },
  { N_("2. Injecting"), N_("In the past four weeks."), injecting_questions, G_N_ELEMENTS (injecting_questions) },
  { N_("3. Crime"), N_("Days in the past four weeks (0–28)."), crime_questions, G_N_ELEMENTS (crime_questions) },
  { N_("4. Health and social functioning"),
    N_("Ratings from 0 (poor) to 20 (good); days of work or education out of 20."),
    health_questions, G_N_ELEMENTS (health_questions) },
};

struct _TgTopForm
{
  AdwWindow       parent_instance;

  TgStoreService *service;
  char           *client_id;
  GPtrArray      *rows;          /* every question's row */
  GtkWidget      *save_button;
  GtkWidget      *problem_label;
  char           *problem;
  gboolean        saving;
};

G_DEFINE_FINAL_TYPE (TgTopForm, tg_top_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Checking */

static void
show_problem (TgTopForm  *self,
              const char *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (GTK_LABEL (self->problem_label), problem != NULL ? problem : "");
  gtk_widget_set_visible (self->problem_label, problem != NULL);
}

/* Save is possible only while no answer shows a problem; the first one
 * is repeated above the form, so it is seen without scrolling. */
static void
row_changed_cb (TgTopForm *self)
{
  const char *problem = NULL;

  for (guint i = 0; i < self->rows->len && problem == NULL; i++)
    if (TG_IS_FIELD_ROW (self->rows->pdata[i]))
      problem = tg_field_row_get_error (self->rows->pdata[i]);
  show_problem (self, problem);
  gtk_widget_set_sensitive (self->save_button, problem == NULL && !self->saving);
}

static GtkWidget *
row_for_field (TgTopForm  *self,
               const char *field)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (tg_form_row_get_field (self->rows->pdata[i]), field) == 0)
      return self->rows->pdata[i];
  return NULL;
}

/* Saving */

static void
inserted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TgTopForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tg_store_service_insert_record_finish (TG_STORE_SERVICE (source), result, &error);

  self->saving = FALSE;
  if (id == NULL)
    {
      /* Nothing was written; the answers stay for another try. */
      row_changed_cb (self);
      show_problem (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
tg_top_form_save (TgTopForm *self)
{
  const TgEntityDef *entity = tg_schema_lookup_entity ("top_record");
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(TgRecord) record = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *problem = NULL;
  static const TgVersion unversioned = { 0, };
  GDate today;

  g_return_val_if_fail (TG_IS_TOP_FORM (self), FALSE);
  if (self->saving)
    return FALSE;
  if (!tg_form_collect (self->rows, NULL, &fields, &values, &problem))
    {
      show_problem (self, problem);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  /* The record as it would be stored, for the checks across questions. */
  record = tg_record_new (entity, NULL);
  for (guint i = 0; fields->pdata[i] != NULL; i++)
    for (guint f = 0; f < entity->n_fields; f++)
      if (g_strcmp0 (entity->fields[f].name, fields->pdata[i]) == 0)
        tg_record_take (record, f, g_strdup (values->pdata[i]), &unversioned);
  tg_form_today (&today);
  problems = tg_top_validate (record, &today);
  if (problems->len > 0)
    {
      TgRuleProblem *first = problems->pdata[0];
      GtkWidget *row = row_for_field (self, first->field);
      g_autofree char *message = tg_field_error_message ("top_record", first->field, first->message);

      show_problem (self, message);
      if (row != NULL)
        gtk_widget_grab_focus (row);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  g_ptr_array_set_size (fields, fields->len - 1);
  g_ptr_array_set_size (values, values->len - 1);
  g_ptr_array_add (fields, (gpointer) "client_id");
  g_ptr_array_add (values, g_strdup (self->client_id));
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  tg_store_service_insert_record_async (self->service, "top_record",
                                        (const char * const *) fields->pdata,
                                        (const char * const *) values->pdata,
                                        NULL, inserted_cb, g_object_ref (self));
  return TRUE;
}

static void
save_clicked_cb (TgTopForm *self)
{
  tg_top_form_save (self);
}

/* The GObject */

static void
build (TgTopForm *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  gtk_window_set_title (GTK_WINDOW (self), _("Treatment Outcomes Profile"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 760);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_widget_set_name (cancel, "top.cancel");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save TOP"));
  gtk_widget_set_name (self->save_button, "top.save");
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (toolbar), header);

  self->problem_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->problem_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problem_label), 0);
  gtk_widget_add_css_class (self->problem_label, "error");
  gtk_widget_add_css_class (self->problem_label, "heading");
  gtk_widget_set_name (self->problem_label, "top.problem");
  gtk_widget_set_visible (self->problem_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->problem_label);

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(sections[s].title));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _(sections[s].description));
      for (guint q = 0; q < sections[s].n_questions; q++)
        {
          const Question *question = &sections[s].questions[q];
          g_autofree char *name = g_strdup_printf ("top.%s", question->field);
          GtkWidget *row = NULL;

          switch (question->kind)
            {
            case Q_ENTRY:
              row = tg_form_entry_row_new ("top_record", question->field);
              g_signal_connect_swapped (row, "changed", G_CALLBACK (row_changed_cb), self);
              break;
            case Q_YES_NO:
              row = tg_form_yes_no_row_new ("top_record", question->field);
              break;
            case Q_CHOICE:
              row = tg_form_choice_row_new ("top_record", question->field, NULL);
              break;
            default:
              g_assert_not_reached ();
            }
          gtk_widget_set_name (row, name);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
          g_ptr_array_add (self->rows, row);
        }
      gtk_box_append (GTK_BOX (box), group);
    }

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  {
    g_autofree char *today = tg_form_today_iso ();

    tg_form_row_set_value (row_for_field (self, "completed_on"), today);
  }
}

static void
tg_top_form_dispose (GObject *object)
{
  TgTopForm *self = TG_TOP_FORM (object);

  g_clear_object (&self->service);
  G_OBJECT_CLASS (tg_top_form_parent_class)->dispose (object);
}

static void
tg_top_form_finalize (GObject *object)
{
  TgTopForm *self = TG_TOP_FORM (object);

  g_free (self->client_id);
  g_free (self->problem);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (tg_top_form_parent_class)->finalize (object);
}

static void
tg_top_form_class_init (TgTopFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tg_top_form_dispose;
  object_class->finalize = tg_top_form_finalize;

  /* The TOP was stored: its id. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tg_top_form_init (TgTopForm *self)
{
  self->rows = g_ptr_array_new ();
}

GtkWidget *
tg_top_form_new (TgStoreService *service,
                 const char     *client_id)
{
  TgTopForm *self = g_object_new (TG_TYPE_TOP_FORM, NULL);

  self->service = g_object_ref (service);
  self->client_id = g_strdup (client_id);
  build (self);
  return GTK_WIDGET (self);
}

const char *
tg_top_form_get_problem (TgTopForm *self)
{
  g_return_val_if_fail (TG_IS_TOP_FORM (self), NULL);
  return self->problem;
}
