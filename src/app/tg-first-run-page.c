/* The first-run page (tg-first-run-page.h).
 *
 * Either a store on this device only, or a store enrolled with a server
 * through the sync engine. Both need the worker's name (it signs notes) and
 * a PIN typed twice. The server's key pin is shown large for the worker to
 * check against the one the administrator gave them: there is no trust on
 * first use.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-first-run-page.h"

struct _TgFirstRunPage
{
  AdwBin          parent_instance;

  TgStoreService *service;
  GCancellable   *cancellable;
  char           *problem;
  gboolean        busy;
  /* The address offered (the setting server-url). It fills the address
   * row while the worker has not typed another one. */
  char           *server_url;

  /* Template children. */
  GtkCheckButton *local_check;
  GtkCheckButton *enrol_check;
  AdwPreferencesGroup *enrol_group;
  AdwEntryRow    *url_row;
  AdwEntryRow    *code_row;
  AdwEntryRow    *key_pin_row;
  AdwEntryRow    *ca_file_row;
  GtkLabel       *key_pin_check;
  AdwEntryRow    *name_row;
  AdwEntryRow    *pin_row;
  AdwEntryRow    *pin_again_row;
  GtkLabel       *problem_label;
  GtkLabel       *notice_label;
  GtkSpinner     *spinner;
  GtkButton      *start_button;
};

G_DEFINE_FINAL_TYPE (TgFirstRunPage, tg_first_run_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
enrolling (TgFirstRunPage *self)
{
  return gtk_check_button_get_active (self->enrol_check);
}

/* The first thing that stops the worker from starting, or NULL. */
static char *
find_problem (TgFirstRunPage *self)
{
  const char *pin = text_of (self->pin_row);
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));

  if (enrolling (self))
    {
      if (!tg_store_service_can_sync (self->service))
        return g_strdup (_("This build cannot enrol: it was made without the sync engine."));
      if (!g_str_has_prefix (text_of (self->url_row), "https://"))
        return g_strdup (_("Server address: it starts with https://"));
      if (*text_of (self->code_row) == '\0')
        return g_strdup (_("One-time code: type the code from your administrator"));
      if (strlen (text_of (self->key_pin_row)) < 40)
        return g_strdup (_("Server key pin: it is 44 characters long"));
    }
  if (*name == '\0')
    return g_strdup (_("Your name: it is written under every note you sign"));
  if (g_utf8_strlen (pin, -1) < 6)
    return g_strdup (_("PIN: at least 6 characters"));
  if (g_strcmp0 (pin, text_of (self->pin_again_row)) != 0)
    return g_strdup (_("PIN again: the two PINs are not the same"));
  return NULL;
}

static void
update (TgFirstRunPage *self)
{
  const char *key_pin = text_of (self->key_pin_row);

  g_free (self->problem);
  self->problem = find_problem (self);
  gtk_label_set_text (self->problem_label, self->problem != NULL ? self->problem : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), !self->busy && self->problem == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->enrol_group), enrolling (self));

  /* The pin large, in groups of four, for checking against the paper. */
  if (*key_pin != '\0')
    {
      GString *grouped = g_string_new (_("Check this matches the pin you were given:"));

      g_string_append_c (grouped, '\n');
      for (const char *p = key_pin; *p; p++)
        {
          if (p != key_pin && (p - key_pin) % 4 == 0)
            g_string_append_c (grouped, ' ');
          g_string_append_c (grouped, *p);
        }
      gtk_label_set_text (self->key_pin_check, grouped->str);
      g_string_free (grouped, TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->key_pin_check), *key_pin != '\0');
}

static void
set_busy (TgFirstRunPage *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  update (self);
}

static void
mode_toggled_cb (TgFirstRunPage *self)
{
  update (self);
}

static void
input_changed_cb (TgFirstRunPage *self)
{
  update (self);
}

static void
show_error (TgFirstRunPage *self,
            const GError   *error)
{
  g_autofree char *text = g_strdup_printf (_("Could not start: %s"), error->message);

  set_busy (self, FALSE);
  tg_first_run_page_set_notice (self, text);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TgFirstRunPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tg_store_service_create_finish (TG_STORE_SERVICE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  set_busy (self, FALSE);
}

static void
enrolled_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TgFirstRunPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TgEnrolResult) enrolled = NULL;

  enrolled = tg_store_service_enrol_finish (TG_STORE_SERVICE (source), result, &error);
  if (enrolled == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  set_busy (self, FALSE);
}

static void
start_clicked_cb (TgFirstRunPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));

  if (self->busy || self->problem != NULL)
    return;
  tg_first_run_page_set_notice (self, NULL);
  set_busy (self, TRUE);
  if (enrolling (self))
    tg_store_service_enrol_async (self->service, text_of (self->pin_row), name,
                                  text_of (self->url_row), text_of (self->code_row),
                                  text_of (self->key_pin_row), text_of (self->ca_file_row),
                                  self->cancellable,
                                  enrolled_cb, g_object_ref (self));
  else
    tg_store_service_create_async (self->service, text_of (self->pin_row), name,
                                   self->cancellable, created_cb, g_object_ref (self));
}

static void
tg_first_run_page_constructed (GObject *object)
{
  TgFirstRunPage *self = TG_FIRST_RUN_PAGE (object);

  G_OBJECT_CLASS (tg_first_run_page_parent_class)->constructed (object);
  update (self);
}

static void
tg_first_run_page_dispose (GObject *object)
{
  TgFirstRunPage *self = TG_FIRST_RUN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TG_TYPE_FIRST_RUN_PAGE);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (tg_first_run_page_parent_class)->dispose (object);
}

/* Offers @url in the address row, unless the worker typed another one. */
static void
set_server_url (TgFirstRunPage *self,
                const char     *url)
{
  const char *typed = text_of (self->url_row);

  if (g_strcmp0 (url, self->server_url) == 0)
    return;
  if (*typed == '\0' || g_strcmp0 (typed, self->server_url) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
  g_free (self->server_url);
  self->server_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

static void
tg_first_run_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TgFirstRunPage *self = TG_FIRST_RUN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_first_run_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TgFirstRunPage *self = TG_FIRST_RUN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      set_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_first_run_page_class_init (TgFirstRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tg_first_run_page_constructed;
  object_class->dispose = tg_first_run_page_dispose;
  object_class->get_property = tg_first_run_page_get_property;
  object_class->set_property = tg_first_run_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The window binds it to the setting of the same name. */
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-first-run-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, local_check);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, enrol_check);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, enrol_group);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, key_pin_row);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, key_pin_check);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TgFirstRunPage, start_button);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
}

static void
tg_first_run_page_init (TgFirstRunPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tg_first_run_page_new (TgStoreService *service)
{
  return g_object_new (TG_TYPE_FIRST_RUN_PAGE, "service", service, NULL);
}

void
tg_first_run_page_set_notice (TgFirstRunPage *self,
                              const char     *notice)
{
  g_return_if_fail (TG_IS_FIRST_RUN_PAGE (self));
  gtk_label_set_text (self->notice_label, notice);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
}

const char *
tg_first_run_page_get_problem (TgFirstRunPage *self)
{
  g_return_val_if_fail (TG_IS_FIRST_RUN_PAGE (self), NULL);
  return self->problem;
}
