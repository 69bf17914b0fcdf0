/* The KPI dashboard (tg-kpi-page.h). Built in code: groups of rows, one
 * per figure, each with its text and a bar. */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-kpi-page.h"

#include "tg-format.h"
#include "tg-store-service-kpi.h"

/* The rows in tg_kpi_rows() order, with what people read and the group
 * each belongs to. */
static const struct {
  const char *title;
  const char *explanation;
  guint       group;
} measures[TG_KPI_N_ROWS] = {
  { N_("Open cases with a care plan"), N_("Care plans in force on the last day of the period"), 0 },
  { N_("Care plans closed on time"), N_("Closed by their end date"), 0 },
  { N_("Closed plans completed"), NULL, 0 },
  { N_("Closed plans disengaged"), NULL, 0 },
  { N_("Closed plans transferred"), NULL, 0 },
  { N_("Continuity of care"), N_("Community treatment within 21 days of release"), 1 },
  { N_("Referrals made on time"), NULL, 1 },
  { N_("Weekly contacts kept"), N_("The first 12 weeks in treatment"), 1 },
  { N_("TOP at treatment start"), NULL, 2 },
  { N_("TOP at six-monthly review"), NULL, 2 },
  { N_("TOP at treatment exit"), NULL, 2 },
};

static const char * const group_titles[] = {
  N_("Care plans"), N_("Continuity, referrals and contact"), N_("Treatment Outcomes Profile"),
};

struct _TgKpiPage
{
  AdwBin          parent_instance;

  TgStoreService *service;
  GSettings      *settings;
  GCancellable   *load_cancellable;
  gulong          changed_handler;
  char           *team;            /* NULL: every team */
  char           *worker;          /* NULL: the whole team */
  gboolean        fixed_period;
  GDate           from, to, today;
  gboolean        filling;         /* the drop-downs are being refilled */
  double          fractions[TG_KPI_N_ROWS];   /* < 0: nothing to draw */

  GtkDropDown    *team_dropdown;
  GtkDropDown    *worker_dropdown;
  GtkLabel       *period_label;
  AdwActionRow   *rows[TG_KPI_N_ROWS];
  GtkWidget      *bars[TG_KPI_N_ROWS];
  GtkStack       *stack;
};

G_DEFINE_FINAL_TYPE (TgKpiPage, tg_kpi_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
tg_kpi_format_figure (const TgKpiFigure *figure)
{
  g_autofree char *main_text = NULL;

  if (figure->denominator == 0)
    main_text = g_strdup (_("None to count yet"));
  else
    /* Translators: a KPI such as “12 of 15, 80 %”. */
    main_text = g_strdup_printf (_("%u of %u, %u %%"), figure->numerator, figure->denominator,
                                 /* Rounded half up, in whole numbers. */
                                 (200 * figure->numerator + figure->denominator) / (2 * figure->denominator));
  if (figure->pending == 0)
    return g_steal_pointer (&main_text);
  /* Translators: a KPI, then how many cannot be judged yet. */
  return g_strdup_printf (ngettext ("%s, %u pending", "%s, %u pending", figure->pending),
                          main_text, figure->pending);
}

static void
draw_bar (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  double *fraction = user_data;
  double radius = height / 2.0;

  /* Nothing judged: no bar at all, rather than one that reads as 0 %. */
  if (*fraction < 0)
    return;
  /* The track, then the part met, in the accent blue. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.25);
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - radius, radius, radius, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, radius, radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
  if (*fraction == 0)
    return;
  cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
  cairo_rectangle (cr, 0, 0, MAX (*fraction * width, height), height);
  cairo_clip (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - radius, radius, radius, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, radius, radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
show_figures (TgKpiPage   *self,
              const TgKpi *kpi)
{
  TgKpiRow rows[TG_KPI_N_ROWS];

  tg_kpi_rows (kpi, rows);
  for (guint i = 0; i < TG_KPI_N_ROWS; i++)
    {
      g_autofree char *text = tg_kpi_format_figure (rows[i].figure);
      g_autofree char *label = g_strdup_printf ("%s: %s", _(measures[i].title), text);

      adw_action_row_set_subtitle (self->rows[i], text);
      self->fractions[i] = rows[i].figure->denominator > 0
                           ? (double) rows[i].figure->numerator / rows[i].figure->denominator : -1;
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->bars[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_tooltip_text (self->bars[i], text);
      gtk_widget_queue_draw (self->bars[i]);
    }
}

/* Refills a drop-down with @first and @names, selecting @chosen. */
static void
fill_dropdown (GtkDropDown        *dropdown,
               const char         *first,
               const char * const *names,
               const char         *chosen)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (list, first);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      gtk_string_list_append (list, names[i]);
      if (chosen != NULL && g_utf8_collate (names[i], chosen) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TgKpiPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TgKpiSummary) summary = NULL;

  summary = tg_store_service_kpi_finish (TG_STORE_SERVICE (source), result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
        g_warning ("KPIs: %s", error->message);
      return;
    }
  g_clear_object (&self->load_cancellable);

  self->filling = TRUE;
  fill_dropdown (self->team_dropdown, _("All teams"), (const char * const *) summary->teams, self->team);
  fill_dropdown (self->worker_dropdown, _("Whole team"), (const char * const *) summary->workers,
                 self->worker);
  self->filling = FALSE;
  show_figures (self, &summary->kpi);
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

static void
work_out_period (TgKpiPage *self)
{
  g_autoptr(GDateTime) now = NULL;
  guint days;

  if (self->fixed_period)
    return;
  now = g_date_time_new_now_local ();
  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  days = MAX (g_settings_get_uint (self->settings, "kpi-review-interval-days"), 1);
  self->to = self->today;
  self->from = self->today;
  g_date_subtract_days (&self->from, days - 1);
}

void
tg_kpi_page_reload (TgKpiPage *self)
{
  TgKpiQuery query = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *period = NULL;

  g_return_if_fail (TG_IS_KPI_PAGE (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (tg_store_service_get_state (self->service) != TG_STORE_SERVICE_UNLOCKED)
    return;

  work_out_period (self);
  first = tg_format_date (&self->from);
  last = tg_format_date (&self->to);
  /* Translators: the KPI period, such as “Sun 1 Nov 2026 to Mon 30 Nov 2026”. */
  period = g_strdup_printf (_("%s to %s"), first, last);
  gtk_label_set_text (self->period_label, period);

  query.team = self->team;
  query.worker = self->worker;
  query.from = self->from;
  query.to = self->to;
  query.today = self->today;
  self->load_cancellable = g_cancellable_new ();
  tg_store_service_kpi_async (self->service, &query, self->load_cancellable, loaded_cb,
                              g_object_ref (self));
}

static char *
dropdown_choice (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  GObject *item;

  /* The first entry is "all". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  item = gtk_drop_down_get_selected_item (dropdown);
  return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
}

static void
choice_changed_cb (TgKpiPage *self)
{
  g_autofree char *team = NULL;

  if (self->filling)
    return;
  team = dropdown_choice (self->team_dropdown);
  /* Another team has other workers. */
  if (g_strcmp0 (team, self->team) != 0)
    g_clear_pointer (&self->worker, g_free);
  else
    {
      g_free (self->worker);
      self->worker = dropdown_choice (self->worker_dropdown);
    }
  g_free (self->team);
  self->team = g_steal_pointer (&team);
  tg_kpi_page_reload (self);
}

static void
record_changed_cb (TgKpiPage      *self,
                   const char     *entity,
                   const char     *id,
                   TgStoreService *service)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    tg_kpi_page_reload (self);
}

static GtkWidget *
labelled_dropdown_new (const char *name)
{
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (gtk_string_list_new (NULL)), NULL);

  gtk_widget_set_tooltip_text (dropdown, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return dropdown;
}

static void
build (TgKpiPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *groups = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  AdwPreferencesGroup *group_widgets[G_N_ELEMENTS (group_titles)];
  GtkWidget *spinner;

  adw_bin_set_child (ADW_BIN (self), box);

  gtk_widget_set_halign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  self->team_dropdown = GTK_DROP_DOWN (labelled_dropdown_new (_("Team")));
  self->worker_dropdown = GTK_DROP_DOWN (labelled_dropdown_new (_("Worker")));
  g_signal_connect_swapped (self->team_dropdown, "notify::selected", G_CALLBACK (choice_changed_cb), self);
  g_signal_connect_swapped (self->worker_dropdown, "notify::selected", G_CALLBACK (choice_changed_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->team_dropdown));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->worker_dropdown));
  gtk_box_append (GTK_BOX (box), bar);
  self->period_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->period_label), "dim-label");
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->period_label), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->period_label));

  for (guint g = 0; g < G_N_ELEMENTS (group_titles); g++)
    {
      group_widgets[g] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group_widgets[g], _(group_titles[g]));
      gtk_box_append (GTK_BOX (groups), GTK_WIDGET (group_widgets[g]));
    }
  for (guint i = 0; i < TG_KPI_N_ROWS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *area = g_object_new (GTK_TYPE_DRAWING_AREA,
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_IMG,
                                      "content-width", 200,
                                      "content-height", 14,
                                      "valign", GTK_ALIGN_CENTER,
                                      NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(measures[i].title));
      if (measures[i].explanation != NULL)
        gtk_widget_set_tooltip_text (row, _(measures[i].explanation));
      self->fractions[i] = -1;
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_bar, &self->fractions[i], NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), area);
      adw_preferences_group_add (group_widgets[measures[i].group], row);
      self->rows[i] = ADW_ACTION_ROW (row);
      self->bars[i] = area;
    }

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_widget_set_margin_top (clamp, 6);
  gtk_widget_set_margin_bottom (clamp, 24);
  adw_clamp_set_child (ADW_CLAMP (clamp), groups);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  spinner = gtk_spinner_new ();
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, spinner, "loading");
  gtk_stack_add_named (self->stack, scrolled, "figures");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
}

static void
tg_kpi_page_constructed (GObject *object)
{
  TgKpiPage *self = TG_KPI_PAGE (object);

  G_OBJECT_CLASS (tg_kpi_page_parent_class)->constructed (object);
  self->changed_handler = g_signal_connect_swapped (self->service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
  /* The period runs up to today: work it out again whenever shown. */
  g_signal_connect (self, "map", G_CALLBACK (tg_kpi_page_reload), NULL);
}

static void
tg_kpi_page_dispose (GObject *object)
{
  TgKpiPage *self = TG_KPI_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_signal_handler (&self->changed_handler, self->service);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->team, g_free);
  g_clear_pointer (&self->worker, g_free);

  G_OBJECT_CLASS (tg_kpi_page_parent_class)->dispose (object);
}

static void
tg_kpi_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TgKpiPage *self = TG_KPI_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_kpi_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TgKpiPage *self = TG_KPI_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_kpi_page_class_init (TgKpiPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tg_kpi_page_constructed;
  object_class->dispose = tg_kpi_page_dispose;
  object_class->get_property = tg_kpi_page_get_property;
  object_class->set_property = tg_kpi_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tg_kpi_page_init (TgKpiPage *self)
{
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  g_date_clear (&self->today, 1);
  build (self);
}

GtkWidget *
tg_kpi_page_new (TgStoreService *service,
                 GSettings      *settings)
{
  return g_object_new (TG_TYPE_KPI_PAGE, "service", service, "settings", settings, NULL);
}

void
tg_kpi_page_clear (TgKpiPage *self)
{
  g_return_if_fail (TG_IS_KPI_PAGE (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  for (guint i = 0; i < TG_KPI_N_ROWS; i++)
    {
      adw_action_row_set_subtitle (self->rows[i], "");
      self->fractions[i] = -1;
      gtk_widget_queue_draw (self->bars[i]);
    }
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

gboolean
tg_kpi_page_is_loading (TgKpiPage *self)
{
  g_return_val_if_fail (TG_IS_KPI_PAGE (self), FALSE);
  return self->load_cancellable != NULL;
}

void
tg_kpi_page_set_period (TgKpiPage   *self,
                        const GDate *from,
                        const GDate *to,
                        const GDate *today)
{
  g_return_if_fail (TG_IS_KPI_PAGE (self));
  self->fixed_period = TRUE;
  self->from = *from;
  self->to = *to;
  self->today = *today;
  tg_kpi_page_reload (self);
}

void
tg_kpi_page_set_choice (TgKpiPage  *self,
                        const char *team,
                        const char *worker)
{
  g_return_if_fail (TG_IS_KPI_PAGE (self));
  g_free (self->team);
  self->team = g_strdup (team);
  g_free (self->worker);
  self->worker = g_strdup (worker);
  tg_kpi_page_reload (self);
}

const char *
tg_kpi_page_get_figure_text (TgKpiPage *self,
                             guint      index)
{
  const char *text;

  g_return_val_if_fail (TG_IS_KPI_PAGE (self), NULL);
  g_return_val_if_fail (index < TG_KPI_N_ROWS, NULL);
  text = adw_action_row_get_subtitle (self->rows[index]);
  return text != NULL && *text != '\0' ? text : NULL;
}
