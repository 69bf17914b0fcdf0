/* The care plan section (tg-care-plan-section.h).
 *
 * Sections: helpers, loading, the forms, the GObject.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-care-plan-section.h"

#include "tg-care-rules.h"
#include "tg-dates.h"
#include "tg-field-labels.h"
#include "tg-format.h"
#include "tg-form-rows.h"
#include "tg-store-service-records.h"

struct _TgCarePlanSection
{
  AdwBin               parent_instance;

  TgStoreService      *service;
  GCancellable        *cancellable;   /* loads of the current person */
  char                *client_id;
  char                *plan_id;       /* the open plan, or NULL */
  TgRecord            *plan;
  guint                n_goals;
  gulong               changed_handler;

  AdwPreferencesGroup *plan_group;
  AdwActionRow        *summary_row;
  GtkWidget           *review_badge;
  AdwExpanderRow      *start_expander;
  AdwExpanderRow      *review_expander;
  AdwExpanderRow      *event_expander;
  AdwExpanderRow      *close_expander;
  GtkWidget           *interval_spin;
  GPtrArray           *start_rows;
  GPtrArray           *review_rows;
  GPtrArray           *event_rows;
  GPtrArray           *close_rows;

  AdwPreferencesGroup *goals_group;
  GPtrArray           *goal_list;     /* the goal rows shown */
  AdwExpanderRow      *goal_expander;
  GPtrArray           *goal_rows;     /* the new goal's form */
};

G_DEFINE_FINAL_TYPE (TgCarePlanSection, tg_care_plan_section, ADW_TYPE_BIN)

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

static void load (TgCarePlanSection *self);

/* Helpers */

static void
toast (TgCarePlanSection *self,
       const char        *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static gboolean
plan_is_open (const TgRecord *plan)
{
  return tg_record_get (plan, "outcome") == NULL && tg_record_get (plan, "closed_on") == NULL;
}

static void
clear_form (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (!ADW_IS_COMBO_ROW (rows->pdata[i]))
      tg_form_row_set_value (rows->pdata[i], NULL);
}

static void
set_date_default (GPtrArray  *rows,
                  const char *field)
{
  g_autofree char *today = tg_form_today_iso ();

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (tg_form_row_get_field (rows->pdata[i]), field) == 0)
      tg_form_row_set_value (rows->pdata[i], today);
}

/* Loading */

static void
goal_status_cb (GtkDropDown       *dropdown,
                GParamSpec        *pspec,
                TgCarePlanSection *self);

static GtkWidget *
goal_row_new (TgCarePlanSection *self,
              const TgRecord    *goal,
              const GDate       *today)
{
  const TgFieldDef *def = tg_schema_lookup_field (tg_schema_lookup_entity ("care_goal"), "status");
  const char *what = tg_record_get (goal, "what");
  const char *status = tg_record_get (goal, "status");
  g_autofree char *target = tg_format_iso_readable (tg_record_get (goal, "target_date"));
  g_autofree char *subtitle = NULL;
  g_autofree char *status_name = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dropdown;
  GtkWidget *badge = tg_form_badge_new ();
  TgGoalProblems problems = tg_care_goal_check (goal, self->plan, today);
  guint selected = 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what != NULL ? what : _("A goal without a what"));
  /* Translators: a goal's measure, then its target date. */
  subtitle = g_strdup_printf (_("Measure: %s · by %s"), tg_record_get (goal, "measure") ?: _("none"),
                              *target != '\0' ? target : _("no date"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (problems & TG_GOAL_OVERDUE)
    tg_form_badge_set (badge, _("Target passed"), "overdue");
  else if (problems & TG_GOAL_TARGET_AFTER_END)
    tg_form_badge_set (badge, _("After the plan ends"), "due");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  for (guint c = 0; def->choices[c] != NULL; c++)
    {
      gtk_string_list_append (labels, tg_choice_label (def->choices[c]));
      if (g_strcmp0 (def->choices[c], status) == 0)
        selected = c;
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of a goal's status; %s is the goal. */
  status_name = g_strdup_printf (_("Status of the goal: %s"), what != NULL ? what : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  status_name, -1);
  gtk_widget_set_tooltip_text (dropdown, status_name);
  g_object_set_data_full (G_OBJECT (dropdown), "tg-goal-id", g_strdup (goal->id), g_free);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (goal_status_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
  gtk_widget_set_name (row, "care_goal.row");
  return row;
}

static void
goals_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TgCarePlanSection) self = user_data;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  goals = tg_store_service_list_records_finish (TG_STORE_SERVICE (source), result, &error);
  if (goals == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  tg_form_today (&today);
  tg_form_group_clear (self->goals_group, self->goal_list);
  /* The form to add one stays last. */
  g_object_ref (self->goal_expander);
  adw_preferences_group_remove (self->goals_group, GTK_WIDGET (self->goal_expander));
  for (guint i = 0; i < goals->len; i++)
    {
      GtkWidget *row = goal_row_new (self, goals->pdata[i], &today);

      adw_preferences_group_add (self->goals_group, row);
      g_ptr_array_add (self->goal_list, row);
    }
  adw_preferences_group_add (self->goals_group, GTK_WIDGET (self->goal_expander));
  g_object_unref (self->goal_expander);
  self->n_goals = goals->len;
  adw_preferences_group_set_description (self->goals_group,
                                         goals->len == 0 ? _("No goals yet: what, how it is measured, and by when.")
                                                         : _("What, how it is measured, and by when."));
}

static void
fill_plan (TgCarePlanSection *self)
{
  gboolean open = self->plan != NULL;
  GDate today;

  gtk_widget_set_visible (GTK_WIDGET (self->start_expander), !open);
  gtk_widget_set_visible (GTK_WIDGET (self->review_expander), open);
  gtk_widget_set_visible (GTK_WIDGET (self->event_expander), open);
  gtk_widget_set_visible (GTK_WIDGET (self->close_expander), open);
  gtk_widget_set_visible (GTK_WIDGET (self->goals_group), open);
  tg_form_badge_set (self->review_badge, NULL, NULL);
  if (!open)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row), _("No open care plan"));
      adw_action_row_set_subtitle (self->summary_row, _("Start one with its dates and how often it is reviewed."));
      return;
    }

  {
    g_autofree char *start = tg_format_iso_readable (tg_record_get (self->plan, "start_date"));
    g_autofree char *end = tg_format_iso_readable (tg_record_get (self->plan, "end_date"));
    g_autofree char *title = NULL;
    g_autofree char *subtitle = NULL;
    g_autofree char *badge = NULL;
    g_autofree char *due = NULL;
    TgCareReview review;

    tg_form_today (&today);
    tg_care_plan_review (self->plan, 0, &today, &review);
    /* Translators: a care plan's start and end dates. */
    title = g_strdup_printf (_("From %s to %s"), start, *end != '\0' ? end : _("no end date"));
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row), title);
    if (g_date_valid (&review.due))
      {
        g_autofree char *iso = tg_date_to_iso (&review.due);

        due = tg_format_iso_readable (iso);
      }
    if (tg_record_get (self->plan, "last_reviewed_on") != NULL)
      {
        g_autofree char *last = tg_format_iso_readable (tg_record_get (self->plan, "last_reviewed_on"));

        /* Translators: the review interval, the last review and the next. */
        subtitle = g_strdup_printf (g_dngettext (NULL, "Reviewed every %u day · last %s · next %s",
                                                 "Reviewed every %u days · last %s · next %s",
                                                 review.interval_days),
                                    review.interval_days, last, due != NULL ? due : "?");
      }
    else
      subtitle = g_strdup_printf (g_dngettext (NULL, "Reviewed every %u day · first review %s",
                                               "Reviewed every %u days · first review %s",
                                               review.interval_days),
                                  review.interval_days, due != NULL ? due : "?");
    adw_action_row_set_subtitle (self->summary_row, subtitle);
    if (review.state == TG_REVIEW_DUE)
      {
        const char *reason = g_strcmp0 (review.reason, "scheduled") != 0 ? tg_choice_label (review.reason) : NULL;

        if (review.days_until_due == 0)
          badge = reason != NULL ? g_strdup_printf (_("Review due today: %s"), reason)
                                 : g_strdup (_("Review due today"));
        else
          badge = reason != NULL
                    ? g_strdup_printf (g_dngettext (NULL, "Review overdue by %d day: %s",
                                                    "Review overdue by %d days: %s", -review.days_until_due),
                                       -review.days_until_due, reason)
                    : g_strdup_printf (g_dngettext (NULL, "Review overdue by %d day",
                                                    "Review overdue by %d days", -review.days_until_due),
                                       -review.days_until_due);
        tg_form_badge_set (self->review_badge, badge, review.days_until_due == 0 ? "due" : "overdue");
      }
  }
}

static void
plans_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TgCarePlanSection) self = user_data;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  TgRecord *open = NULL;

  plans = tg_store_service_list_records_finish (TG_STORE_SERVICE (source), result, &error);
  if (plans == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  /* The open plan that started last; a person has one at a time. */
  for (guint i = 0; i < plans->len; i++)
    {
      TgRecord *plan = plans->pdata[i];

      if (plan_is_open (plan) &&
          (open == NULL || g_strcmp0 (tg_record_get (plan, "start_date"),
                                      tg_record_get (open, "start_date")) > 0))
        open = plan;
    }
  g_clear_pointer (&self->plan, tg_record_free);
  g_clear_pointer (&self->plan_id, g_free);
  if (open != NULL)
    {
      g_ptr_array_set_free_func (plans, NULL);
      for (guint i = 0; i < plans->len; i++)
        if (plans->pdata[i] != open)
          tg_record_free (plans->pdata[i]);
      self->plan = open;
      self->plan_id = g_strdup (open->id);
    }
  fill_plan (self);
  if (self->plan_id != NULL)
    tg_store_service_list_records_async (self->service, "care_goal", "care_plan_id", self->plan_id,
                                         self->cancellable, goals_loaded_cb, g_object_ref (self));
  else
    self->n_goals = 0;
}

static void
load (TgCarePlanSection *self)
{
  if (self->client_id == NULL)
    return;
  tg_store_service_list_records_async (self->service, "care_plan", "client_id", self->client_id,
                                       self->cancellable, plans_loaded_cb, g_object_ref (self));
}

static void
record_changed_cb (TgCarePlanSection *self,
                   const char        *entity,
                   const char        *id,
                   TgStoreService    *service)
{
  if (g_strcmp0 (entity, "care_plan") == 0 || g_strcmp0 (entity, "care_goal") == 0 ||
      g_strcmp0 (entity, "sync") == 0)
    load (self);
}

/* The forms */

static void
inserted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TgCarePlanSection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tg_store_service_insert_record_finish (TG_STORE_SERVICE (source), result, &error);

  if (id == NULL)
    toast (self, error->message);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TgCarePlanSection) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_update_fields_finish (TG_STORE_SERVICE (source), result, &error))
    toast (self, error->message);
}

/* Collects @rows, adds @extra (NULL-terminated pairs) and writes them to
 * the plan (@insert FALSE) or as a new @entity record. */
static gboolean
submit (TgCarePlanSection  *self,
        GPtrArray          *rows,
        const char * const *required,
        const char         *entity,
        gboolean            insert,
        const char * const *extra)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *problem = NULL;

  if (self->client_id == NULL)
    return FALSE;
  if (!tg_form_collect (rows, required, &fields, &values, &problem))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      toast (self, problem);
      return FALSE;
    }
  /* Drop the terminators, add the extra pairs, terminate again. */
  g_ptr_array_set_size (fields, fields->len - 1);
  g_ptr_array_set_size (values, values->len - 1);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i += 2)
    {
      g_ptr_array_add (fields, (gpointer) extra[i]);
      g_ptr_array_add (values, g_strdup (extra[i + 1]));
    }
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);
  if (insert)
    tg_store_service_insert_record_async (self->service, entity,
                                          (const char * const *) fields->pdata,
                                          (const char * const *) values->pdata,
                                          NULL, inserted_cb, g_object_ref (self));
  else
    tg_store_service_update_fields_async (self->service, entity, self->plan_id,
                                          (const char * const *) fields->pdata,
                                          (const char * const *) values->pdata,
                                          NULL, written_cb, g_object_ref (self));
  return TRUE;
}

static void
start_clicked_cb (TgCarePlanSection *self)
{
  static const char * const required[] = { "start_date", "end_date", NULL };
  g_autofree char *interval = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->interval_spin)));
  const char *extra[] = { "client_id", self->client_id, "review_interval_days", interval, NULL };

  if (submit (self, self->start_rows, required, "care_plan", TRUE, extra))
    {
      clear_form (self->start_rows);
      set_date_default (self->start_rows, "start_date");
      adw_expander_row_set_expanded (self->start_expander, FALSE);
    }
}

static void
review_clicked_cb (TgCarePlanSection *self)
{
  static const char * const required[] = { "last_reviewed_on", NULL };

  if (self->plan_id != NULL && submit (self, self->review_rows, required, "care_plan", FALSE, NULL))
    adw_expander_row_set_expanded (self->review_expander, FALSE);
}

static void
event_clicked_cb (TgCarePlanSection *self)
{
  g_autofree char *today = tg_form_today_iso ();
  const char *extra[] = { "review_due", today, NULL };

  if (self->plan_id != NULL && submit (self, self->event_rows, NULL, "care_plan", FALSE, extra))
    adw_expander_row_set_expanded (self->event_expander, FALSE);
}

static void
close_clicked_cb (TgCarePlanSection *self)
{
  static const char * const required[] = { "outcome", "closed_on", NULL };

  if (self->plan_id != NULL && submit (self, self->close_rows, required, "care_plan", FALSE, NULL))
    adw_expander_row_set_expanded (self->close_expander, FALSE);
}

static void
goal_clicked_cb (TgCarePlanSection *self)
{
  static const char * const required[] = { "what", "measure", "target_date", NULL };
  const char *extra[] = { "care_plan_id", self->plan_id, "status", "not_started", NULL };

  if (self->plan_id != NULL && submit (self, self->goal_rows, required, "care_goal", TRUE, extra))
    clear_form (self->goal_rows);
}

static void
goal_status_cb (GtkDropDown       *dropdown,
                GParamSpec        *pspec,
                TgCarePlanSection *self)
{
  const TgFieldDef *def = tg_schema_lookup_field (tg_schema_lookup_entity ("care_goal"), "status");
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *fields[] = { "status", NULL };
  const char *values[] = { NULL, NULL };

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  values[0] = def->choices[selected];
  tg_store_service_update_fields_async (self->service, "care_goal",
                                        g_object_get_data (G_OBJECT (dropdown), "tg-goal-id"),
                                        fields, values, NULL, written_cb, g_object_ref (self));
}

static AdwExpanderRow *
expander_new (AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle)
{
  GtkWidget *expander = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (expander), TRUE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  adw_preferences_group_add (group, expander);
  return ADW_EXPANDER_ROW (expander);
}

static void
build (TgCarePlanSection *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *button;
  GtkWidget *spin_row;

  self->plan_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->plan_group, _("Care plan"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->plan_group));

  self->summary_row = ADW_ACTION_ROW (adw_action_row_new ());
  self->review_badge = tg_form_badge_new ();
  gtk_widget_set_name (self->review_badge, "care_plan.review_badge");
  adw_action_row_add_suffix (self->summary_row, self->review_badge);
  adw_preferences_group_add (self->plan_group, GTK_WIDGET (self->summary_row));

  /* Start a plan. */
  self->start_expander = expander_new (self->plan_group, _("_Start a care plan"),
                                       _("Start and end dates, and how often to review"));
  tg_form_expander_add (self->start_expander, self->start_rows,
                        tg_form_entry_row_new ("care_plan", "start_date"), "care_plan.start_date");
  tg_form_expander_add (self->start_expander, self->start_rows,
                        tg_form_entry_row_new ("care_plan", "end_date"), "care_plan.end_date");
  spin_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (spin_row), tg_field_label ("care_plan", "review_interval_days"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (spin_row), _("The team’s default is 91 days, three months"));
  self->interval_spin = gtk_spin_button_new_with_range (7, 366, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->interval_spin), TG_CARE_REVIEW_DEFAULT_DAYS);
  gtk_widget_set_valign (self->interval_spin, GTK_ALIGN_CENTER);
  gtk_widget_set_name (self->interval_spin, "care_plan.review_interval_days");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->interval_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tg_field_label ("care_plan", "review_interval_days"), -1);
  gtk_widget_set_tooltip_text (self->interval_spin, tg_field_label ("care_plan", "review_interval_days"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (spin_row), self->interval_spin);
  adw_expander_row_add_row (self->start_expander, spin_row);
  button = tg_form_expander_button (self->start_expander, _("Start _plan"), "care_plan.start");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (start_clicked_cb), self);
  set_date_default (self->start_rows, "start_date");

  /* Record a review. */
  self->review_expander = expander_new (self->plan_group, _("Record a _review"),
                                        _("The day of the review and why it was held"));
  tg_form_expander_add (self->review_expander, self->review_rows,
                        tg_form_entry_row_new ("care_plan", "last_reviewed_on"), "care_plan.last_reviewed_on");
  tg_form_expander_add (self->review_expander, self->review_rows,
                        tg_form_choice_row_new ("care_plan", "review_reason", NULL), "care_plan.review_reason");
  button = tg_form_expander_button (self->review_expander, _("Record re_view"), "care_plan.review");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (review_clicked_cb), self);
  set_date_default (self->review_rows, "last_reviewed_on");

  /* A key event asks for a review now. */
  self->event_expander = expander_new (self->plan_group, _("_Ask for a review"),
                                       _("After an arrest, a breach or disengagement"));
  tg_form_expander_add (self->event_expander, self->event_rows,
                        tg_form_choice_row_new ("care_plan", "review_reason", NULL), "care_plan.event_reason");
  tg_form_row_set_value (self->event_rows->pdata[0], "arrest");
  button = tg_form_expander_button (self->event_expander, _("Ask for _review"), "care_plan.ask_review");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (event_clicked_cb), self);

  /* Close with an outcome. */
  self->close_expander = expander_new (self->plan_group, _("_Close the plan"),
                                       _("Completed, disengaged or transferred"));
  tg_form_expander_add (self->close_expander, self->close_rows,
                        tg_form_choice_row_new ("care_plan", "outcome", NULL), "care_plan.outcome");
  tg_form_expander_add (self->close_expander, self->close_rows,
                        tg_form_entry_row_new ("care_plan", "closed_on"), "care_plan.closed_on");
  button = tg_form_expander_button (self->close_expander, _("Close p_lan"), "care_plan.close");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (close_clicked_cb), self);
  set_date_default (self->close_rows, "closed_on");

  /* Goals. */
  self->goals_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->goals_group, _("SMART goals"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->goals_group));
  self->goal_expander = expander_new (self->goals_group, _("Add a _goal"),
                                      _("What, how it is measured, and by when"));
  tg_form_expander_add (self->goal_expander, self->goal_rows,
                        tg_form_entry_row_new ("care_goal", "what"), "care_goal.what");
  tg_form_expander_add (self->goal_expander, self->goal_rows,
                        tg_form_entry_row_new ("care_goal", "measure"), "care_goal.measure");
  tg_form_expander_add (self->goal_expander, self->goal_rows,
                        tg_form_entry_row_new ("care_goal", "target_date"), "care_goal.target_date");
  button = tg_form_expander_button (self->goal_expander, _("A_dd goal"), "care_goal.add");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (goal_clicked_cb), self);

  adw_bin_set_child (ADW_BIN (self), box);
  fill_plan (self);
}

/* The GObject */

static void
tg_care_plan_section_constructed (GObject *object)
{
  TgCarePlanSection *self = TG_CARE_PLAN_SECTION (object);

  G_OBJECT_CLASS (tg_care_plan_section_parent_class)->constructed (object);
  build (self);
  self->changed_handler = g_signal_connect_swapped (self->service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
}

static void
tg_care_plan_section_dispose (GObject *object)
{
  TgCarePlanSection *self = TG_CARE_PLAN_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->changed_handler, self->service);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tg_care_plan_section_parent_class)->dispose (object);
}

static void
tg_care_plan_section_finalize (GObject *object)
{
  TgCarePlanSection *self = TG_CARE_PLAN_SECTION (object);

  g_free (self->client_id);
  g_free (self->plan_id);
  g_clear_pointer (&self->plan, tg_record_free);
  g_ptr_array_unref (self->start_rows);
  g_ptr_array_unref (self->review_rows);
  g_ptr_array_unref (self->event_rows);
  g_ptr_array_unref (self->close_rows);
  g_ptr_array_unref (self->goal_rows);
  g_ptr_array_unref (self->goal_list);
  G_OBJECT_CLASS (tg_care_plan_section_parent_class)->finalize (object);
}

static void
tg_care_plan_section_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TgCarePlanSection *self = TG_CARE_PLAN_SECTION (object);

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
tg_care_plan_section_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TgCarePlanSection *self = TG_CARE_PLAN_SECTION (object);

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
tg_care_plan_section_class_init (TgCarePlanSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tg_care_plan_section_constructed;
  object_class->dispose = tg_care_plan_section_dispose;
  object_class->finalize = tg_care_plan_section_finalize;
  object_class->get_property = tg_care_plan_section_get_property;
  object_class->set_property = tg_care_plan_section_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Something to tell the worker briefly: the message. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tg_care_plan_section_init (TgCarePlanSection *self)
{
  self->cancellable = g_cancellable_new ();
  self->start_rows = g_ptr_array_new ();
  self->review_rows = g_ptr_array_new ();
  self->event_rows = g_ptr_array_new ();
  self->close_rows = g_ptr_array_new ();
  self->goal_rows = g_ptr_array_new ();
  self->goal_list = g_ptr_array_new ();
}

GtkWidget *
tg_care_plan_section_new (TgStoreService *service)
{
  return g_object_new (TG_TYPE_CARE_PLAN_SECTION, "service", service, NULL);
}

void
tg_care_plan_section_set_client (TgCarePlanSection *self,
                                 const char        *client_id)
{
  g_return_if_fail (TG_IS_CARE_PLAN_SECTION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  g_clear_pointer (&self->plan, tg_record_free);
  g_clear_pointer (&self->plan_id, g_free);
  self->n_goals = 0;
  tg_form_group_clear (self->goals_group, self->goal_list);
  /* Today, as of opening the person: a tablet stays on past midnight. */
  set_date_default (self->start_rows, "start_date");
  set_date_default (self->review_rows, "last_reviewed_on");
  set_date_default (self->close_rows, "closed_on");
  fill_plan (self);
  load (self);
}

const char *
tg_care_plan_section_get_plan_id (TgCarePlanSection *self)
{
  g_return_val_if_fail (TG_IS_CARE_PLAN_SECTION (self), NULL);
  return self->plan_id;
}

guint
tg_care_plan_section_get_n_goals (TgCarePlanSection *self)
{
  g_return_val_if_fail (TG_IS_CARE_PLAN_SECTION (self), 0);
  return self->n_goals;
}
