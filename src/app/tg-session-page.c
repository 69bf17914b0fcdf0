/* The session page (tg-session-page.h).
 *
 * Sections: helpers, people seen, quick add, starting and ending, the
 * GObject.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-session-page.h"

#include "tg-client-item.h"
#include "tg-field-labels.h"
#include "tg-format.h"
#include "tg-form-rows.h"
#include "tg-store-service-records.h"

/* Matches shown for a search: enough to pick from, few enough to tap. */
#define MAX_MATCHES 8

struct _TgSessionPage
{
  AdwBin          parent_instance;

  TgStoreService *service;
  GCancellable   *cancellable;          /* loads of the session shown */
  GCancellable   *search_cancellable;
  char           *session_id;
  GHashTable     *ended;                /* ids of sessions ended here */
  GPtrArray      *seen_ids;             /* client ids, in the order added */
  GPtrArray      *seen_attendance;      /* their session_attendance ids */
  GPtrArray      *matches;              /* TgClientItem */
  gulong          state_handler;

  GtkStack       *stack;
  GPtrArray      *start_rows;
  GtkWidget      *place_row;
  GtkWidget      *detail_row;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkSearchEntry *search_entry;
  GtkListBox     *matches_list;
  GtkListBox     *seen_list;
  GtkWidget      *seen_placeholder;
};

G_DEFINE_FINAL_TYPE (TgSessionPage, tg_session_page, ADW_TYPE_BIN)

enum {
  CLIENT_ACTIVATED,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
toast (TgSessionPage *self,
       const char    *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_subtitle (TgSessionPage *self,
                 const char    *where)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "%u person seen", "%u people seen",
                                                        self->seen_ids->len),
                                           self->seen_ids->len);

  gtk_label_set_text (self->subtitle_label, text);
  if (where != NULL)
    gtk_label_set_text (self->title_label, where);
}

static void
reset_start_form (TgSessionPage *self)
{
  g_autofree char *today = tg_form_today_iso ();

  for (guint i = 0; i < self->start_rows->len; i++)
    {
      GtkWidget *row = self->start_rows->pdata[i];

      if (g_strcmp0 (tg_form_row_get_field (row), "date") == 0)
        tg_form_row_set_value (row, today);
      else if (g_strcmp0 (tg_form_row_get_field (row), "place_detail") == 0)
        tg_form_row_set_value (row, NULL);
    }
}

/* People seen */

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TgSessionPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_update_fields_finish (TG_STORE_SERVICE (source), result, &error))
    toast (self, error->message);
}

/* Someone added by mistake comes off the list (the attendance is deleted,
 * as every deletion is, by its deleted field). */
static void
remove_clicked_cb (GtkButton     *button,
                   TgSessionPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  const char *client_id = g_object_get_data (G_OBJECT (row), "tg-client-id");
  const char *fields[] = { "deleted", NULL };
  const char *values[] = { "true", NULL };

  for (guint i = 0; i < self->seen_ids->len; i++)
    if (g_strcmp0 (self->seen_ids->pdata[i], client_id) == 0)
      {
        tg_store_service_update_fields_async (self->service, "session_attendance",
                                              self->seen_attendance->pdata[i], fields, values,
                                              NULL, removed_cb, g_object_ref (self));
        g_ptr_array_remove_index (self->seen_ids, i);
        g_ptr_array_remove_index (self->seen_attendance, i);
        break;
      }
  gtk_list_box_remove (self->seen_list, row);
  gtk_widget_set_visible (self->seen_placeholder, self->seen_ids->len == 0);
  update_subtitle (self, NULL);
}

static void
seen_item_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TgSessionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TgClientItem) item = tg_store_service_get_client_item_finish (TG_STORE_SERVICE (source),
                                                                          result, &error);
  GtkWidget *row;
  g_autofree char *subtitle = NULL;

  if (item == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tg_client_item_get_display_name (item));
  subtitle = g_strdup_printf ("%s · %s", tg_client_item_get_prison_number (item) ?: _("No prison number"),
                              tg_custody_status_label (tg_client_item_get_custody_status (item)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  {
    GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
    /* Translators: %s is a person's name. */
    g_autofree char *name = g_strdup_printf (_("Remove %s from the list"), tg_client_item_get_display_name (item));

    gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (remove, name);
    gtk_widget_add_css_class (remove, "flat");
    gtk_widget_set_name (remove, "session.remove");
    g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "tg-client-id", g_strdup (tg_client_item_get_id (item)), g_free);
  gtk_widget_set_visible (self->seen_placeholder, FALSE);
  gtk_list_box_append (self->seen_list, row);
}

static void
show_seen (TgSessionPage *self,
           const char    *client_id,
           const char    *attendance_id)
{
  g_ptr_array_add (self->seen_ids, g_strdup (client_id));
  g_ptr_array_add (self->seen_attendance, g_strdup (attendance_id));
  tg_store_service_get_client_item_async (self->service, client_id, self->cancellable,
                                          seen_item_cb, g_object_ref (self));
}

static void
attendance_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TgSessionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = tg_store_service_list_records_finish (TG_STORE_SERVICE (source),
                                                                    result, &error);

  if (seen == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  for (guint i = 0; i < seen->len; i++)
    {
      const char *client_id = tg_record_get (seen->pdata[i], "client_id");

      if (client_id != NULL)
        show_seen (self, client_id, ((TgRecord *) seen->pdata[i])->id);
    }
  update_subtitle (self, NULL);
}

static void
show_session (TgSessionPage  *self,
              const TgRecord *session)
{
  g_autofree char *place = tg_session_place_label (tg_record_get (session, "place"),
                                                   tg_record_get (session, "place_detail"));
  g_autofree char *day = tg_format_iso_readable (tg_record_get (session, "date"));
  g_autofree char *title = g_strdup_printf ("%s · %s", place, day);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->session_id);
  self->session_id = g_strdup (session->id);
  tg_store_service_set_active_session (self->service, session->id);
  g_ptr_array_set_size (self->seen_ids, 0);
  g_ptr_array_set_size (self->seen_attendance, 0);
  clear_list (self->seen_list);
  gtk_widget_set_visible (self->seen_placeholder, TRUE);
  update_subtitle (self, title);
  gtk_stack_set_visible_child_name (self->stack, "session");
  tg_store_service_list_records_async (self->service, "session_attendance", "session_id", session->id,
                                       self->cancellable, attendance_loaded_cb, g_object_ref (self));
}

static void
seen_activated_cb (TgSessionPage *self,
                   GtkListBoxRow *row)
{
  const char *client_id = g_object_get_data (G_OBJECT (row), "tg-client-id");

  if (client_id != NULL)
    g_signal_emit (self, signals[CLIENT_ACTIVATED], 0, client_id);
}

/* Quick add */

typedef struct {
  TgSessionPage *self;
  char          *client_id;
} Adding;

static void
attended_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(TgSessionPage) self = adding->self;
  g_autofree char *client_id = adding->client_id;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tg_store_service_insert_record_finish (TG_STORE_SERVICE (source), result, &error);

  g_free (adding);
  if (id == NULL)
    {
      toast (self, error->message);
      return;
    }
  show_seen (self, client_id, id);
  update_subtitle (self, NULL);
}

static gboolean
already_seen (TgSessionPage *self,
              const char    *client_id)
{
  for (guint i = 0; i < self->seen_ids->len; i++)
    if (g_strcmp0 (self->seen_ids->pdata[i], client_id) == 0)
      return TRUE;
  return FALSE;
}

void
tg_session_page_add_match (TgSessionPage *self,
                           guint          index)
{
  TgClientItem *item;
  const char *fields[] = { "session_id", "client_id", NULL };
  const char *values[] = { NULL, NULL, NULL };
  Adding *adding;

  g_return_if_fail (TG_IS_SESSION_PAGE (self));
  if (self->session_id == NULL || index >= self->matches->len)
    return;
  item = self->matches->pdata[index];
  /* The search is done with: ready for the next person. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  if (already_seen (self, tg_client_item_get_id (item)))
    {
      toast (self, _("Already on the list"));
      return;
    }
  values[0] = self->session_id;
  values[1] = tg_client_item_get_id (item);
  adding = g_new0 (Adding, 1);
  adding->self = g_object_ref (self);
  adding->client_id = g_strdup (values[1]);
  tg_store_service_insert_record_async (self->service, "session_attendance", fields, values,
                                        NULL, attended_cb, adding);
}

static void
match_activated_cb (TgSessionPage *self,
                    GtkListBoxRow *row)
{
  tg_session_page_add_match (self, (guint) gtk_list_box_row_get_index (row));
}

static void
matches_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TgSessionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = tg_store_service_list_clients_finish (TG_STORE_SERVICE (source),
                                                                     result, &error);

  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  g_ptr_array_set_size (self->matches, 0);
  clear_list (self->matches_list);
  for (guint i = 0; i < items->len && i < MAX_MATCHES; i++)
    {
      TgClientItem *item = items->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tg_client_item_get_display_name (item));
      subtitle = g_strdup_printf ("%s · %s", tg_client_item_get_prison_number (item) ?: _("No prison number"),
                                  tg_custody_status_label (tg_client_item_get_custody_status (item)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (icon, _("Add as seen"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->matches_list, row);
      g_ptr_array_add (self->matches, g_object_ref (item));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->matches_list), self->matches->len > 0);
}

static void
search_changed_cb (TgSessionPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  if (*text == '\0')
    {
      g_ptr_array_set_size (self->matches, 0);
      clear_list (self->matches_list);
      gtk_widget_set_visible (GTK_WIDGET (self->matches_list), FALSE);
      return;
    }
  tg_store_service_list_clients_async (self->service, TG_CASELOAD_ALL, text, self->search_cancellable,
                                       matches_cb, g_object_ref (self));
}

static void
search_activate_cb (TgSessionPage *self)
{
  /* Enter adds the first match. */
  if (self->matches->len > 0)
    tg_session_page_add_match (self, 0);
}

/* Starting and ending */

static void
session_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TgSessionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TgRecord) session = tg_store_service_get_record_finish (TG_STORE_SERVICE (source), result, &error);

  if (session == NULL)
    {
      toast (self, error->message);
      return;
    }
  show_session (self, session);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TgSessionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tg_store_service_insert_record_finish (TG_STORE_SERVICE (source), result, &error);

  if (id == NULL)
    {
      toast (self, error->message);
      return;
    }
  tg_store_service_get_record_async (self->service, "session", id, NULL, session_loaded_cb,
                                     g_object_ref (self));
}

void
tg_session_page_start (TgSessionPage *self)
{
  static const char * const required[] = { "place", "date", NULL };
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *place = NULL;
  g_autofree char *detail = NULL;

  g_return_if_fail (TG_IS_SESSION_PAGE (self));
  if (!tg_form_collect (self->start_rows, required, &fields, &values, &problem))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      toast (self, problem);
      return;
    }
  tg_form_row_get_value (self->place_row, &place);
  tg_form_row_get_value (self->detail_row, &detail);
  if (g_strcmp0 (place, "other") == 0 && detail == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s: needed for another place"),
                                                  tg_field_label ("session", "place_detail"));

      gtk_widget_grab_focus (self->detail_row);
      toast (self, message);
      return;
    }
  g_ptr_array_set_size (fields, fields->len - 1);
  g_ptr_array_set_size (values, values->len - 1);
  g_ptr_array_add (fields, (gpointer) "worker");
  g_ptr_array_add (values, g_strdup (tg_store_service_get_worker (self->service)));
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);
  tg_store_service_insert_record_async (self->service, "session",
                                        (const char * const *) fields->pdata,
                                        (const char * const *) values->pdata,
                                        NULL, started_cb, g_object_ref (self));
}

static void
show_start (TgSessionPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->session_id, g_free);
  g_ptr_array_set_size (self->seen_ids, 0);
  g_ptr_array_set_size (self->seen_attendance, 0);
  g_ptr_array_set_size (self->matches, 0);
  clear_list (self->seen_list);
  clear_list (self->matches_list);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  reset_start_form (self);
  gtk_stack_set_visible_child_name (self->stack, "start");
}

static void
end_clicked_cb (TgSessionPage *self)
{
  if (self->session_id != NULL)
    g_hash_table_add (self->ended, g_strdup (self->session_id));
  tg_store_service_set_active_session (self->service, NULL);
  show_start (self);
  toast (self, _("Session ended"));
}

/* Today's latest session of this worker, not ended here, carries on. */
static void
sessions_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TgSessionPage) self = user_data;
  g_autoptr(GPtrArray) sessions = tg_store_service_list_records_finish (TG_STORE_SERVICE (source),
                                                                        result, NULL);
  g_autofree char *today = tg_form_today_iso ();
  const TgRecord *latest = NULL;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const TgRecord *session = sessions->pdata[i];

      if (g_strcmp0 (tg_record_get (session, "date"), today) == 0 &&
          g_strcmp0 (tg_record_get (session, "worker"), tg_store_service_get_worker (self->service)) == 0 &&
          !g_hash_table_contains (self->ended, session->id))
        latest = session;
    }
  if (latest != NULL && self->session_id == NULL)
    show_session (self, latest);
}

static void
state_changed_cb (TgSessionPage *self)
{
  if (tg_store_service_get_state (self->service) == TG_STORE_SERVICE_UNLOCKED)
    tg_store_service_list_records_async (self->service, "session", NULL, NULL, self->cancellable,
                                         sessions_loaded_cb, g_object_ref (self));
  else
    {
      /* Locked: nothing of the session stays on screen. */
      show_start (self);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
}

/* The GObject */

static GtkWidget *
scrolled (GtkWidget *content)
{
  GtkWidget *window = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (window), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (window), clamp);
  return window;
}

static GtkWidget *
build_start (TgSessionPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *date_row;
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Start session"));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "x-office-address-book-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Start a session"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("A surgery or clinic: add the people you see, and notes you write for them belong to it."));
  gtk_widget_add_css_class (status, "compact");
  gtk_box_append (GTK_BOX (box), status);

  self->place_row = tg_form_choice_row_new ("session", "place", NULL);
  gtk_widget_set_name (self->place_row, "session.place");
  self->detail_row = tg_form_entry_row_new ("session", "place_detail");
  gtk_widget_set_name (self->detail_row, "session.place_detail");
  date_row = tg_form_entry_row_new ("session", "date");
  gtk_widget_set_name (date_row, "session.date");
  g_ptr_array_add (self->start_rows, self->place_row);
  g_ptr_array_add (self->start_rows, self->detail_row);
  g_ptr_array_add (self->start_rows, date_row);
  for (guint i = 0; i < self->start_rows->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->start_rows->pdata[i]);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Which place: the project’s or premises’ name, or where for another place."));
  gtk_box_append (GTK_BOX (box), group);

  gtk_widget_set_name (button, "session.start");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (tg_session_page_start), self);
  gtk_box_append (GTK_BOX (box), button);
  return scrolled (box);
}

static GtkWidget *
list_box_new (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

static GtkWidget *
build_session (TgSessionPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *end = gtk_button_new_with_mnemonic (_("_End session"));
  GtkWidget *label;

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "title-2");
  self->subtitle_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->subtitle_label));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (header), titles);
  gtk_widget_set_name (end, "session.end");
  gtk_widget_set_valign (end, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (end, "clicked", G_CALLBACK (end_clicked_cb), self);
  gtk_box_append (GTK_BOX (header), end);
  gtk_box_append (GTK_BOX (box), header);

  label = gtk_label_new_with_mnemonic (_("_Add someone seen"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->search_entry), "session.search");
  g_object_set (self->search_entry, "placeholder-text", _("Name, prison number or NHS number"), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->search_entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add someone seen"), -1);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  self->matches_list = GTK_LIST_BOX (list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->matches_list), "session.matches");
  gtk_widget_set_visible (GTK_WIDGET (self->matches_list), FALSE);
  g_signal_connect_swapped (self->matches_list, "row-activated", G_CALLBACK (match_activated_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->matches_list));

  label = gtk_label_new (_("People seen"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  self->seen_placeholder = gtk_label_new (_("Nobody yet. Tap a name above to add them; tap someone here to write their note."));
  gtk_label_set_wrap (GTK_LABEL (self->seen_placeholder), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->seen_placeholder), 0);
  gtk_widget_add_css_class (self->seen_placeholder, "dim-label");
  gtk_box_append (GTK_BOX (box), self->seen_placeholder);
  self->seen_list = GTK_LIST_BOX (list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->seen_list), "session.seen");
  g_signal_connect_swapped (self->seen_list, "row-activated", G_CALLBACK (seen_activated_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->seen_list));
  return scrolled (box);
}

static void
tg_session_page_dispose (GObject *object)
{
  TgSessionPage *self = TG_SESSION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  if (self->service != NULL)
    g_clear_signal_handler (&self->state_handler, self->service);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  G_OBJECT_CLASS (tg_session_page_parent_class)->dispose (object);
}

static void
tg_session_page_finalize (GObject *object)
{
  TgSessionPage *self = TG_SESSION_PAGE (object);

  g_free (self->session_id);
  g_hash_table_unref (self->ended);
  g_ptr_array_unref (self->seen_ids);
  g_ptr_array_unref (self->seen_attendance);
  g_ptr_array_unref (self->matches);
  g_ptr_array_unref (self->start_rows);
  G_OBJECT_CLASS (tg_session_page_parent_class)->finalize (object);
}

static void
tg_session_page_class_init (TgSessionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tg_session_page_dispose;
  object_class->finalize = tg_session_page_finalize;

  /* Someone seen was tapped: their client id. */
  signals[CLIENT_ACTIVATED] =
    g_signal_new ("client-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Something to tell the worker briefly: the message. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tg_session_page_init (TgSessionPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->search_cancellable = g_cancellable_new ();
  self->ended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->seen_ids = g_ptr_array_new_with_free_func (g_free);
  self->seen_attendance = g_ptr_array_new_with_free_func (g_free);
  self->matches = g_ptr_array_new_with_free_func (g_object_unref);
  self->start_rows = g_ptr_array_new ();

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_add_named (self->stack, build_start (self), "start");
  gtk_stack_add_named (self->stack, build_session (self), "session");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
  reset_start_form (self);
}

GtkWidget *
tg_session_page_new (TgStoreService *service)
{
  TgSessionPage *self = g_object_new (TG_TYPE_SESSION_PAGE, NULL);

  self->service = g_object_ref (service);
  self->state_handler = g_signal_connect_swapped (service, "notify::state",
                                                  G_CALLBACK (state_changed_cb), self);
  if (tg_store_service_get_state (service) == TG_STORE_SERVICE_UNLOCKED)
    state_changed_cb (self);
  return GTK_WIDGET (self);
}

const char *
tg_session_page_get_session (TgSessionPage *self)
{
  g_return_val_if_fail (TG_IS_SESSION_PAGE (self), NULL);
  return self->session_id;
}

guint
tg_session_page_get_n_seen (TgSessionPage *self)
{
  g_return_val_if_fail (TG_IS_SESSION_PAGE (self), 0);
  return self->seen_ids->len;
}

guint
tg_session_page_get_n_matches (TgSessionPage *self)
{
  g_return_val_if_fail (TG_IS_SESSION_PAGE (self), 0);
  return self->matches->len;
}

void
tg_session_page_search (TgSessionPage *self,
                        const char    *text)
{
  g_return_if_fail (TG_IS_SESSION_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Not the entry's delayed signal: search now. */
  search_changed_cb (self);
}

void
tg_session_page_open_seen (TgSessionPage *self,
                           guint          index)
{
  GtkListBoxRow *row;

  g_return_if_fail (TG_IS_SESSION_PAGE (self));
  row = gtk_list_box_get_row_at_index (self->seen_list, (int) index);
  if (row != NULL)
    seen_activated_cb (self, row);
}

void
tg_session_page_remove_seen (TgSessionPage *self,
                             guint          index)
{
  GtkListBoxRow *row;
  GtkWidget *button;

  g_return_if_fail (TG_IS_SESSION_PAGE (self));
  row = gtk_list_box_get_row_at_index (self->seen_list, (int) index);
  if (row == NULL)
    return;
  button = tg_form_find_named (GTK_WIDGET (row), "session.remove");
  if (button != NULL)
    g_signal_emit_by_name (button, "clicked");
}
