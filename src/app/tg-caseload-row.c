/* One caseload row (tg-caseload-row.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-caseload-row.h"

#include "tg-format.h"

struct _TgCaseloadRow
{
  AdwBin    parent_instance;

  /* Template children. */
  GtkLabel *name_label;
  GtkLabel *detail_label;
  GtkLabel *release_badge;
  GtkLabel *review_badge;
  GtkLabel *conflict_badge;
};

G_DEFINE_FINAL_TYPE (TgCaseloadRow, tg_caseload_row, ADW_TYPE_BIN)

char *
tg_release_badge_text (int days)
{
  if (days == TG_CLIENT_ITEM_NO_RELEASE)
    return NULL;
  if (days == 0)
    return g_strdup (_("Release today"));
  if (days == 1)
    return g_strdup (_("Release tomorrow"));
  if (days > 1)
    return g_strdup_printf (g_dngettext (NULL, "Release in %d day", "Release in %d days", days), days);
  if (days == -1)
    return g_strdup (_("Released yesterday"));
  return g_strdup_printf (g_dngettext (NULL, "Released %d day ago", "Released %d days ago", -days), -days);
}

static void
tg_caseload_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TG_TYPE_CASELOAD_ROW);
  G_OBJECT_CLASS (tg_caseload_row_parent_class)->dispose (object);
}

static void
tg_caseload_row_class_init (TgCaseloadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tg_caseload_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-caseload-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadRow, release_badge);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadRow, review_badge);
  gtk_widget_class_bind_template_child (widget_class, TgCaseloadRow, conflict_badge);
}

static void
tg_caseload_row_init (TgCaseloadRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tg_caseload_row_new (void)
{
  return g_object_new (TG_TYPE_CASELOAD_ROW, NULL);
}

void
tg_caseload_row_bind (TgCaseloadRow *self,
                      TgClientItem  *item)
{
  int days = tg_client_item_get_days_to_release (item);
  const char *status = tg_client_item_get_custody_status (item);
  const char *prison_number = tg_client_item_get_prison_number (item);
  g_autofree char *badge = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *when = NULL;
  GtkWidget *release = GTK_WIDGET (self->release_badge);

  gtk_label_set_text (self->name_label, tg_client_item_get_display_name (item));
  detail = g_strdup_printf ("%s · %s", prison_number != NULL ? prison_number : _("No prison number"),
                            tg_custody_status_label (status));
  gtk_label_set_text (self->detail_label, detail);

  /* Days to release matter while the person is inside. */
  if (g_strcmp0 (status, "released") == 0 || g_strcmp0 (status, "closed") == 0 || days < 0)
    days = days < 0 && days > -15 ? days : TG_CLIENT_ITEM_NO_RELEASE;
  badge = tg_release_badge_text (days);
  when = tg_format_iso_date (tg_client_item_get_release_date (item));
  gtk_widget_set_visible (release, badge != NULL);
  gtk_label_set_text (self->release_badge, badge);
  /* The badge counts days; the date itself is one hover or long press away. */
  gtk_widget_set_tooltip_text (release, when);
  gtk_widget_remove_css_class (release, "today");
  gtk_widget_remove_css_class (release, "soon");
  gtk_widget_remove_css_class (release, "release");
  gtk_widget_remove_css_class (release, "neutral");
  if (days == 0)
    gtk_widget_add_css_class (release, "today");
  else if (days > 0 && days <= 14)
    gtk_widget_add_css_class (release, "soon");
  else if (days > 0)
    gtk_widget_add_css_class (release, "release");
  else
    gtk_widget_add_css_class (release, "neutral");

  gtk_widget_set_visible (GTK_WIDGET (self->review_badge), tg_client_item_get_review_overdue (item));
  gtk_widget_set_visible (GTK_WIDGET (self->conflict_badge), tg_client_item_get_has_conflict (item));
}
