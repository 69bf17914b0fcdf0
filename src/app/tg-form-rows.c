/* Rows for the record forms (tg-form-rows.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-form-rows.h"

#include "tg-field-labels.h"
#include "tg-field-row.h"
#include "tg-schema.h"

static const char * const yes_no[] = { "false", "true", NULL };

GtkWidget *
tg_form_entry_row_new (const char *entity,
                       const char *field)
{
  GtkWidget *row = tg_field_row_new (entity, field);

  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "tg-field", (gpointer) tg_field_row_get_field (TG_FIELD_ROW (row)));
  return row;
}

static GtkWidget *
combo_row_new (const char         *entity,
               const char         *field,
               const char * const *choices,
               const char         *unset_label)
{
  const TgEntityDef *def = tg_schema_lookup_entity (entity);
  const TgFieldDef *field_def = tg_schema_lookup_field (def, field);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  if (unset_label != NULL)
    gtk_string_list_append (labels, unset_label);
  for (guint c = 0; choices[c] != NULL; c++)
    gtk_string_list_append (labels, choices == yes_no
                                      ? (c == 0 ? _("No") : _("Yes"))
                                      : tg_choice_label (choices[c]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tg_field_label (entity, field));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_set_data (G_OBJECT (row), "tg-choices", (gpointer) choices);
  g_object_set_data (G_OBJECT (row), "tg-has-unset", GINT_TO_POINTER (unset_label != NULL));
  g_object_set_data (G_OBJECT (row), "tg-field", (gpointer) field_def->name);
  return row;
}

GtkWidget *
tg_form_choice_row_new (const char *entity,
                        const char *field,
                        const char *unset_label)
{
  const TgFieldDef *def = tg_schema_lookup_field (tg_schema_lookup_entity (entity), field);

  g_return_val_if_fail (def != NULL && def->choices != NULL, NULL);
  return combo_row_new (entity, field, def->choices, unset_label);
}

GtkWidget *
tg_form_yes_no_row_new (const char *entity,
                        const char *field)
{
  return combo_row_new (entity, field, yes_no, _("Not answered"));
}

const char *
tg_form_row_get_field (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "tg-field");
}

void
tg_form_row_set_value (GtkWidget  *row,
                       const char *value)
{
  if (TG_IS_FIELD_ROW (row))
    {
      tg_field_row_set_value (TG_FIELD_ROW (row), value);
      return;
    }
  {
    const char * const *choices = g_object_get_data (G_OBJECT (row), "tg-choices");
    guint offset = g_object_get_data (G_OBJECT (row), "tg-has-unset") != NULL ? 1 : 0;
    guint selected = 0;

    for (guint c = 0; choices[c] != NULL; c++)
      if (g_strcmp0 (choices[c], value) == 0)
        selected = c + offset;
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  }
}

gboolean
tg_form_row_get_value (GtkWidget  *row,
                       char      **out_value)
{
  *out_value = NULL;
  if (TG_IS_FIELD_ROW (row))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
      const TgEntityDef *entity = tg_schema_lookup_entity (tg_field_row_get_entity (TG_FIELD_ROW (row)));
      const TgFieldDef *def = tg_schema_lookup_field (entity, tg_field_row_get_field (TG_FIELD_ROW (row)));
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (tg_field_row_get_error (TG_FIELD_ROW (row)) != NULL)
        return FALSE;
      if (*stripped == '\0')
        return TRUE;
      return tg_field_normalize (def, stripped, out_value, NULL);
    }
  {
    const char * const *choices = g_object_get_data (G_OBJECT (row), "tg-choices");
    guint offset = g_object_get_data (G_OBJECT (row), "tg-has-unset") != NULL ? 1 : 0;
    guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

    if (selected != GTK_INVALID_LIST_POSITION && selected >= offset)
      *out_value = g_strdup (choices[selected - offset]);
    return TRUE;
  }
}

GtkWidget *
tg_form_header_button_new (const char *label,
                           const char *icon_name)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon_name);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  return button;
}

GtkWidget *
tg_form_badge_new (void)
{
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_set_visible (badge, FALSE);
  return badge;
}

void
tg_form_badge_set (GtkWidget  *badge,
                   const char *text,
                   const char *style)
{
  static const char * const styles[] = { "due", "overdue", "done", "late" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (badge, styles[i]);
  gtk_widget_set_visible (badge, style != NULL && text != NULL);
  if (style == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (badge), text);
  gtk_widget_add_css_class (badge, style);
}

void
tg_form_group_clear (AdwPreferencesGroup *group,
                     GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

void
tg_form_today (GDate *out_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out_today, 1);
  g_date_set_dmy (out_today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

char *
tg_form_today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

char *
tg_form_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
tg_form_collect (GPtrArray           *rows,
                 const char * const  *required,
                 GPtrArray          **out_fields,
                 GPtrArray          **out_values,
                 char               **out_problem)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  *out_problem = NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      const char *field = tg_form_row_get_field (row);
      char *value = NULL;

      if (!tg_form_row_get_value (row, &value))
        {
          /* The row's title already says what is wrong; say it again. */
          *out_problem = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
          gtk_widget_grab_focus (row);
          return FALSE;
        }
      if (value == NULL && required != NULL && g_strv_contains (required, field))
        {
          const char *entity = TG_IS_FIELD_ROW (row) ? tg_field_row_get_entity (TG_FIELD_ROW (row)) : NULL;

          /* Translators: %s is a field's name. */
          *out_problem = g_strdup_printf (_("%s: needed"), tg_field_label (entity, field));
          gtk_widget_grab_focus (row);
          return FALSE;
        }
      if (value == NULL)
        continue;
      g_ptr_array_add (fields, (gpointer) field);
      g_ptr_array_add (values, value);
    }
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (values, NULL);
  *out_fields = g_steal_pointer (&fields);
  *out_values = g_steal_pointer (&values);
  return TRUE;
}

void
tg_form_expander_add (AdwExpanderRow *expander,
                      GPtrArray      *rows,
                      GtkWidget      *row,
                      const char     *name)
{
  gtk_widget_set_name (row, name);
  adw_expander_row_add_row (expander, row);
  if (rows != NULL)
    g_ptr_array_add (rows, row);
}

GtkWidget *
tg_form_expander_button (AdwExpanderRow *expander,
                         const char     *label,
                         const char     *name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (button, 6);
  gtk_widget_set_margin_bottom (button, 6);
  gtk_widget_set_margin_end (button, 12);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_name (button, name);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
  adw_expander_row_add_row (expander, row);
  return button;
}

GtkWidget *
tg_form_find_named (GtkWidget  *root,
                    const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tg_form_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}
