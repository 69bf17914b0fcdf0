/* One caseload row (tg-client-item.h). */

#include "config.h"

#include "tg-client-item.h"

#include <glib/gi18n.h>

struct _TgClientItem
{
  GObject   parent_instance;

  /* Set once in tg_client_item_new() and never changed, so an item may be
   * built on the store thread and read on the main thread. */
  char     *id;
  char     *display_name;
  char     *prison_number;
  char     *custody_status;
  char     *key_worker;
  char     *release_date;
  int       days_to_release;
  gboolean  earlier_release;
  gboolean  review_overdue;
  gboolean  has_conflict;
};

G_DEFINE_FINAL_TYPE (TgClientItem, tg_client_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tg_client_item_finalize (GObject *object)
{
  TgClientItem *self = TG_CLIENT_ITEM (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->prison_number);
  g_free (self->custody_status);
  g_free (self->key_worker);
  g_free (self->release_date);

  G_OBJECT_CLASS (tg_client_item_parent_class)->finalize (object);
}

static void
tg_client_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TgClientItem *self = TG_CLIENT_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_client_item_class_init (TgClientItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tg_client_item_finalize;
  object_class->get_property = tg_client_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tg_client_item_init (TgClientItem *self)
{
  self->days_to_release = TG_CLIENT_ITEM_NO_RELEASE;
}

TgClientItem *
tg_client_item_new (const TgClientItemData *data)
{
  TgClientItem *self = g_object_new (TG_TYPE_CLIENT_ITEM, NULL);
  GString *name = g_string_new (data->family_name != NULL ? data->family_name : "");

  if (data->given_name != NULL && *data->given_name != '\0')
    g_string_append_printf (name, "%s%s", name->len ? ", " : "", data->given_name);
  if (data->preferred_name != NULL && *data->preferred_name != '\0')
    g_string_append_printf (name, " (%s)", data->preferred_name);
  if (name->len == 0)
    g_string_append (name, _("Unnamed"));

  self->id = g_strdup (data->id);
  self->display_name = g_string_free (name, FALSE);
  self->prison_number = g_strdup (data->prison_number);
  self->custody_status = g_strdup (data->custody_status);
  self->key_worker = g_strdup (data->key_worker);
  self->release_date = g_strdup (data->release_date);
  self->days_to_release = data->days_to_release;
  self->earlier_release = data->earlier_release;
  self->review_overdue = data->review_overdue;
  self->has_conflict = data->has_conflict;
  return self;
}

const char *
tg_client_item_get_id (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), NULL);
  return self->id;
}

const char *
tg_client_item_get_display_name (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), NULL);
  return self->display_name;
}

const char *
tg_client_item_get_prison_number (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), NULL);
  return self->prison_number;
}

const char *
tg_client_item_get_custody_status (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), NULL);
  return self->custody_status;
}

const char *
tg_client_item_get_key_worker (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), NULL);
  return self->key_worker;
}

const char *
tg_client_item_get_release_date (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), NULL);
  return self->release_date;
}

int
tg_client_item_get_days_to_release (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), TG_CLIENT_ITEM_NO_RELEASE);
  return self->days_to_release;
}

gboolean
tg_client_item_get_earlier_release (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), FALSE);
  return self->earlier_release;
}

gboolean
tg_client_item_get_review_overdue (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), FALSE);
  return self->review_overdue;
}

gboolean
tg_client_item_get_has_conflict (TgClientItem *self)
{
  g_return_val_if_fail (TG_IS_CLIENT_ITEM (self), FALSE);
  return self->has_conflict;
}

const char *
tg_custody_status_label (const char *status)
{
  static const struct { const char *value; const char *label; } labels[] = {
    { "remand", N_("On remand") },
    { "sentenced", N_("Sentenced") },
    { "recalled", N_("Recalled") },
    { "released", N_("Released") },
    { "closed", N_("Case closed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (status, labels[i].value) == 0)
      return _(labels[i].label);
  return _("Status not recorded");
}
