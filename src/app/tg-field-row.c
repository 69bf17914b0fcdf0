/* A validated entry row (tg-field-row.h). */

#include "config.h"

#include "tg-field-row.h"

#include "tg-field-labels.h"
#include "tg-schema.h"

struct _TgFieldRow
{
  AdwEntryRow       parent_instance;

  char             *entity;
  char             *field;
  const TgFieldDef *def;
  /* The value last stored or shown, to tell a real edit from a reload. */
  char             *stored;
  char             *error;
  gboolean          setting;
};

G_DEFINE_FINAL_TYPE (TgFieldRow, tg_field_row, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_ENTITY,
  PROP_FIELD,
  N_PROPS
};

enum {
  COMMIT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_problem (TgFieldRow *self,
              const char *problem)
{
  const char *label = tg_field_label (self->entity, self->field);

  g_free (self->error);
  self->error = g_strdup (problem);
  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), problem);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), label);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* The canonical value of the text, or FALSE with the problem shown. */
static gboolean
validate (TgFieldRow  *self,
          char       **canonical)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  g_autoptr(GError) error = NULL;

  *canonical = NULL;
  if (*text == '\0' || self->def == NULL)
    {
      show_problem (self, NULL);
      *canonical = *text != '\0' ? g_strdup (text) : NULL;
      return TRUE;
    }
  if (!tg_field_normalize (self->def, text, canonical, &error))
    {
      g_autofree char *message = tg_field_error_message (self->entity, self->field, error->message);

      show_problem (self, message);
      return FALSE;
    }
  show_problem (self, NULL);
  return TRUE;
}

static void
changed_cb (TgFieldRow *self)
{
  g_autofree char *canonical = NULL;

  if (!self->setting)
    validate (self, &canonical);
}

static void
apply_cb (TgFieldRow *self)
{
  g_autofree char *canonical = NULL;

  if (!validate (self, &canonical))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_signal_emit (self, signals[COMMIT], 0, canonical);
}

static void
tg_field_row_constructed (GObject *object)
{
  TgFieldRow *self = TG_FIELD_ROW (object);
  const TgEntityDef *entity = tg_schema_lookup_entity (self->entity);

  G_OBJECT_CLASS (tg_field_row_parent_class)->constructed (object);

  self->def = entity != NULL ? tg_schema_lookup_field (entity, self->field) : NULL;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 tg_field_label (self->entity, self->field));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self), TRUE);
  if (self->def != NULL && (self->def->type == TG_FIELD_DATE))
    adw_entry_row_set_input_hints (ADW_ENTRY_ROW (self), GTK_INPUT_HINT_NO_SPELLCHECK);
  g_signal_connect (self, "apply", G_CALLBACK (apply_cb), NULL);
  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
}

static void
tg_field_row_finalize (GObject *object)
{
  TgFieldRow *self = TG_FIELD_ROW (object);

  g_free (self->entity);
  g_free (self->field);
  g_free (self->stored);
  g_free (self->error);

  G_OBJECT_CLASS (tg_field_row_parent_class)->finalize (object);
}

static void
tg_field_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TgFieldRow *self = TG_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTITY:
      g_value_set_string (value, self->entity);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_field_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TgFieldRow *self = TG_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTITY:
      self->entity = g_value_dup_string (value);
      break;
    case PROP_FIELD:
      self->field = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_field_row_class_init (TgFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tg_field_row_constructed;
  object_class->finalize = tg_field_row_finalize;
  object_class->get_property = tg_field_row_get_property;
  object_class->set_property = tg_field_row_set_property;

  properties[PROP_ENTITY] =
    g_param_spec_string ("entity", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A valid value was applied: its canonical form, NULL to clear. */
  signals[COMMIT] =
    g_signal_new ("commit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tg_field_row_init (TgFieldRow *self)
{
}

GtkWidget *
tg_field_row_new (const char *entity,
                  const char *field)
{
  return g_object_new (TG_TYPE_FIELD_ROW, "entity", entity, "field", field, NULL);
}

const char *
tg_field_row_get_entity (TgFieldRow *self)
{
  g_return_val_if_fail (TG_IS_FIELD_ROW (self), NULL);
  return self->entity;
}

const char *
tg_field_row_get_field (TgFieldRow *self)
{
  g_return_val_if_fail (TG_IS_FIELD_ROW (self), NULL);
  return self->field;
}

void
tg_field_row_set_value (TgFieldRow *self,
                        const char *value)
{
  g_return_if_fail (TG_IS_FIELD_ROW (self));

  g_free (self->stored);
  self->stored = g_strdup (value);
  self->setting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), value != NULL ? value : "");
  self->setting = FALSE;
  show_problem (self, NULL);
}

const char *
tg_field_row_get_error (TgFieldRow *self)
{
  g_return_val_if_fail (TG_IS_FIELD_ROW (self), NULL);
  return self->error;
}
