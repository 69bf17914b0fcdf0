/* The unlock page (tg-unlock-page.h).
 *
 * The PIN goes to the store service, which unseals the key off the main
 * thread (scrypt takes about a tenth of a second). Wrong PINs show how many
 * tries are left before the store wipes itself (DESIGN §5).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-unlock-page.h"

struct _TgUnlockPage
{
  AdwBin          parent_instance;

  TgStoreService *service;
  GCancellable   *cancellable;
  gboolean        busy;

  /* Template children. */
  GtkPasswordEntry *pin_entry;
  GtkButton        *unlock_button;
  GtkSpinner       *spinner;
  GtkLabel         *warning_label;
  GtkLabel         *hint_label;
};

G_DEFINE_FINAL_TYPE (TgUnlockPage, tg_unlock_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
pin_long_enough (const char *pin)
{
  return g_utf8_strlen (pin, -1) >= 6;
}

static void
set_busy (TgUnlockPage *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  /* Not insensitive: that would take the focus from under the keyboard. */
  gtk_editable_set_editable (GTK_EDITABLE (self->pin_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button),
                            !busy && pin_long_enough (gtk_editable_get_text (GTK_EDITABLE (self->pin_entry))));
}

static void
show_warning (TgUnlockPage *self,
              const char   *text)
{
  gtk_label_set_text (self->warning_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), text != NULL);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->pin_entry),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
update_tries_left (TgUnlockPage *self)
{
  guint failed = tg_store_service_get_failed_unlocks (self->service);
  guint left = failed < TG_STORE_MAX_FAILED_UNLOCKS ? TG_STORE_MAX_FAILED_UNLOCKS - failed : 0;
  g_autofree char *text = NULL;

  if (failed == 0)
    {
      show_warning (self, NULL);
      return;
    }
  text = g_strdup_printf (g_dngettext (NULL,
                                       "Wrong PIN. %u try left: one more wrong PIN wipes "
                                       "everything on this device.",
                                       "Wrong PIN. %u tries left before everything on this "
                                       "device is wiped.", left), left);
  show_warning (self, text);
}

static void
unlocked_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TgUnlockPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (tg_store_service_unlock_finish (TG_STORE_SERVICE (source), result, &error))
    {
      set_busy (self, FALSE);
      tg_unlock_page_reset (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
  if (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_WRONG_PIN))
    update_tries_left (self);
  else if (g_error_matches (error, TG_STORE_ERROR, TG_STORE_ERROR_WIPED))
    show_warning (self, _("Too many wrong PINs: everything on this device has been "
                          "wiped. Enrol again to get your caseload back from the server."));
  else
    show_warning (self, error->message);
}

static void
unlock (TgUnlockPage *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));

  if (self->busy || !pin_long_enough (pin))
    return;
  set_busy (self, TRUE);
  tg_store_service_unlock_async (self->service, pin, self->cancellable,
                                 unlocked_cb, g_object_ref (self));
}

static void
pin_activate_cb (TgUnlockPage *self)
{
  unlock (self);
}

static void
unlock_clicked_cb (TgUnlockPage *self)
{
  unlock (self);
}

static void
pin_changed_cb (TgUnlockPage *self)
{
  set_busy (self, self->busy);
}

static void
tg_unlock_page_constructed (GObject *object)
{
  TgUnlockPage *self = TG_UNLOCK_PAGE (object);

  G_OBJECT_CLASS (tg_unlock_page_parent_class)->constructed (object);
  update_tries_left (self);
}

static void
tg_unlock_page_dispose (GObject *object)
{
  TgUnlockPage *self = TG_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TG_TYPE_UNLOCK_PAGE);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tg_unlock_page_parent_class)->dispose (object);
}

static void
tg_unlock_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TgUnlockPage *self = TG_UNLOCK_PAGE (object);

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
tg_unlock_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TgUnlockPage *self = TG_UNLOCK_PAGE (object);

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
tg_unlock_page_class_init (TgUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tg_unlock_page_constructed;
  object_class->dispose = tg_unlock_page_dispose;
  object_class->get_property = tg_unlock_page_get_property;
  object_class->set_property = tg_unlock_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TgUnlockPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, TgUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, TgUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TgUnlockPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, TgUnlockPage, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, pin_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlock_clicked_cb);
}

static void
tg_unlock_page_init (TgUnlockPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tg_unlock_page_new (TgStoreService *service)
{
  return g_object_new (TG_TYPE_UNLOCK_PAGE, "service", service, NULL);
}

void
tg_unlock_page_set_hint (TgUnlockPage *self,
                         const char   *hint)
{
  g_return_if_fail (TG_IS_UNLOCK_PAGE (self));
  gtk_label_set_text (self->hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
}

void
tg_unlock_page_reset (TgUnlockPage *self)
{
  g_return_if_fail (TG_IS_UNLOCK_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  update_tries_left (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

void
tg_unlock_page_submit (TgUnlockPage *self,
                       const char   *pin)
{
  g_return_if_fail (TG_IS_UNLOCK_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), pin);
  unlock (self);
}

const char *
tg_unlock_page_get_warning (TgUnlockPage *self)
{
  g_return_val_if_fail (TG_IS_UNLOCK_PAGE (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->warning_label)))
    return NULL;
  return gtk_label_get_text (self->warning_label);
}
