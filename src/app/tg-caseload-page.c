/* The caseload page (tg-caseload-page.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-caseload-page.h"

#include "tg-caseload-row.h"
#include "tg-store-service-records.h"

struct _TgCaseloadPage
{
  AdwBin            parent_instance;

  TgStoreService   *service;
  GListStore       *model;          /* TgClientItem */
  GtkSingleSelection *selection;
  TgCaseloadFilter  filter;
  /* The request on its way; a newer one cancels it. */
  GCancellable     *load_cancellable;
  /* The search of the last request, listed or on its way; NULL when the
   * model holds no list. The search entry's delayed "search-changed" after
   * tg_caseload_page_set_search() then asks for nothing new. */
  char             *requested_search;
  gulong            changed_handler;

  /* Template children. */
  GtkSearchEntry   *search_entry;
  GtkFlowBox       *filter_box;
  GtkToggleButton  *filter_all;
  GtkLabel         *count_label;
  GtkStack         *list_stack;
  GtkListView      *list_view;
  AdwStatusPage    *empty_status;
};

G_DEFINE_FINAL_TYPE (TgCaseloadPage, tg_caseload_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

enum {
  CLIENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct {
  const char       *name;
  TgCaseloadFilter  filter;
  const char       *empty;
} filters[] = {
  { "all", TG_CASELOAD_ALL, N_("No one on this device yet") },
  { "mine", TG_CASELOAD_MINE, N_("No one has you as their key worker") },
  { "in-custody", TG_CASELOAD_IN_CUSTODY, N_("No one in custody") },
  { "releasing-soon", TG_CASELOAD_RELEASING_SOON, N_("No releases in the next 14 days") },
  { "released", TG_CASELOAD_RELEASED, N_("No one released") },
  { "reviews-due", TG_CASELOAD_REVIEWS_DUE, N_("No care plan reviews due") },
};

static void
show_count (TgCaseloadPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "%u person", "%u people", n), n);

  gtk_label_set_text (self->count_label, text);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
        if (filters[i].filter == self->filter)
          adw_status_page_set_description (self->empty_status,
                                           *search != '\0' ? _("Nobody matches every word you typed")
                                                           : _(filters[i].empty));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TgCaseloadPage) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = tg_store_service_list_clients_finish (TG_STORE_SERVICE (source), result, &error);
  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_NOT_FOUND))
        g_warning ("Could not list the caseload: %s", error->message);
      /* A newer request cancelled this one and stands; any other failure
       * leaves nothing listed. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_object (&self->load_cancellable);
          g_clear_pointer (&self->requested_search, g_free);
        }
      return;
    }
  g_clear_object (&self->load_cancellable);
  /* One splice: the view is told once, and keeps only visible rows. */
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       items->pdata, items->len);
  show_count (self);
}

void
tg_caseload_page_reload (TgCaseloadPage *self)
{
  g_return_if_fail (TG_IS_CASELOAD_PAGE (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->requested_search, g_free);
  if (tg_store_service_get_state (self->service) != TG_STORE_SERVICE_UNLOCKED)
    return;
  self->load_cancellable = g_cancellable_new ();
  self->requested_search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  tg_store_service_list_clients_async (self->service, self->filter,
                                       gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                       self->load_cancellable, listed_cb, g_object_ref (self));
}

static void
search_changed_cb (TgCaseloadPage *self)
{
  if (g_strcmp0 (self->requested_search,
                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) == 0)
    return;
  tg_caseload_page_reload (self);
}

static void
search_activate_cb (TgCaseloadPage *self)
{
  TgClientItem *first;

  /* Enter opens the first match, for a search that found the one person. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;
  first = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
  g_signal_emit (self, signals[CLIENT_ACTIVATED], 0, tg_client_item_get_id (first));
  g_object_unref (first);
}

static void
filter_toggled_cb (TgCaseloadPage  *self,
                   GtkToggleButton *button)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (button));

  if (!gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    if (g_strcmp0 (filters[i].name, name) == 0)
      self->filter = filters[i].filter;
  tg_caseload_page_reload (self);
}

static void
row_activated_cb (TgCaseloadPage *self,
                  guint           position)
{
  g_autoptr(TgClientItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL)
    g_signal_emit (self, signals[CLIENT_ACTIVATED], 0, tg_client_item_get_id (item));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, tg_caseload_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  tg_caseload_row_bind (TG_CASELOAD_ROW (gtk_list_item_get_child (list_item)),
                        gtk_list_item_get_item (list_item));
}

static void
item_refreshed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TgCaseloadPage) self = user_data;
  g_autoptr(TgClientItem) item = NULL;
  guint n;

  item = tg_store_service_get_client_item_finish (TG_STORE_SERVICE (source), result, NULL);
  if (item == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TgClientItem) old = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (g_strcmp0 (tg_client_item_get_id (old), tg_client_item_get_id (item)) == 0)
        {
          g_list_store_splice (self->model, i, 1, (gpointer *) &item, 1);
          break;
        }
    }
}

/* A care plan changed: its person's row may gain or lose "review due". */
static void
plan_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TgCaseloadPage) self = user_data;
  g_autoptr(TgRecord) plan = tg_store_service_get_record_finish (TG_STORE_SERVICE (source), result, NULL);
  const char *client_id = plan != NULL ? tg_record_get (plan, "client_id") : NULL;

  if (client_id != NULL)
    tg_store_service_get_client_item_async (self->service, client_id, NULL,
                                            item_refreshed_cb, g_object_ref (self));
}

static void
record_changed_cb (TgCaseloadPage *self,
                   const char     *entity,
                   const char     *id,
                   TgStoreService *service)
{
  /* A person's row changes in place; anything wider reads the list again. */
  if (g_strcmp0 (entity, "client") == 0 || g_strcmp0 (entity, "release_plan") == 0)
    tg_store_service_get_client_item_async (self->service, id, NULL,
                                            item_refreshed_cb, g_object_ref (self));
  else if (g_strcmp0 (entity, "care_plan") == 0)
    tg_store_service_get_record_async (self->service, "care_plan", id, NULL,
                                       plan_read_cb, g_object_ref (self));
  else if (g_strcmp0 (entity, "sync") == 0 || g_strcmp0 (entity, "conflict") == 0)
    tg_caseload_page_reload (self);
}

static void
tg_caseload_page_constructed (GObject *object)
{
  TgCaseloadPage *self = TG_CASELOAD_PAGE (object);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  G_OBJECT_CLASS (tg_caseload_page_parent_class)->constructed (object);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->changed_handler = g_signal_connect_swapped (self->service, "record-changed",
                                                    G_CALLBACK (record_changed_cb), self);
  show_count (self);
  tg_caseload_page_reload (self);
}

static void
tg_caseload_page_dispose (GObject *object)
{
  TgCaseloadPage *self = TG_CASELOAD_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->requested_search, g_free);
  g_clear_signal_handler (&self->changed_handler, self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), TG_TYPE_CASELOAD_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (tg_caseload_page_parent_class)->dispose (object);
}

static void
tg_caseload_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TgCaseloadPage *self = TG_CASELOAD_PAGE (object);

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
tg_caseload_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TgCaseloadPage *self = TG_CASELOAD_PAGE (object);

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
tg_caseload_page_class_init (TgCaseloadPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tg_caseload_page_constructed;
  object_class->dispose = tg_caseload_page_dispose;
  object_class->get_property = tg_caseload_page_get_property;
  object_class->set_property = tg_caseload_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A person was picked: their client id. */
  signals[CLIENT_ACTIVATED] =
    g_signal_new ("client-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-caseload-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadPage, filter_all);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadPage, empty_status);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
tg_caseload_page_init (TgCaseloadPage *self)
{
  self->model = g_list_store_new (TG_TYPE_CLIENT_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tg_caseload_page_new (TgStoreService *service)
{
  return g_object_new (TG_TYPE_CASELOAD_PAGE, "service", service, NULL);
}

void
tg_caseload_page_clear (TgCaseloadPage *self)
{
  g_return_if_fail (TG_IS_CASELOAD_PAGE (self));
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_list_store_remove_all (self->model);
  g_clear_pointer (&self->requested_search, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_count (self);
}

void
tg_caseload_page_focus_search (TgCaseloadPage *self)
{
  g_return_if_fail (TG_IS_CASELOAD_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
tg_caseload_page_set_search (TgCaseloadPage *self,
                             const char     *text)
{
  g_return_if_fail (TG_IS_CASELOAD_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Without waiting for the typing delay. */
  tg_caseload_page_reload (self);
}

void
tg_caseload_page_set_filter (TgCaseloadPage   *self,
                             TgCaseloadFilter  filter)
{
  GtkWidget *child;

  g_return_if_fail (TG_IS_CASELOAD_PAGE (self));
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *name = gtk_widget_get_name (button);

      for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
        if (filters[i].filter == filter && g_strcmp0 (filters[i].name, name) == 0)
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
    }
}

GListModel *
tg_caseload_page_get_model (TgCaseloadPage *self)
{
  g_return_val_if_fail (TG_IS_CASELOAD_PAGE (self), NULL);
  return G_LIST_MODEL (self->model);
}

gboolean
tg_caseload_page_is_loading (TgCaseloadPage *self)
{
  g_return_val_if_fail (TG_IS_CASELOAD_PAGE (self), FALSE);
  return self->load_cancellable != NULL;
}
