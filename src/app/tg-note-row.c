/* One note in the timeline (tg-note-row.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "tg-note-row.h"

#include "tg-field-labels.h"
#include "tg-format.h"

struct _TgNoteRow
{
  GtkListBoxRow  parent_instance;

  char          *id;
  gboolean       is_signed;

  /* Template children. */
  GtkLabel      *meta_label;
  GtkLabel      *signed_badge;
  GtkButton     *sign_button;
  GtkLabel      *body_label;
};

G_DEFINE_FINAL_TYPE (TgNoteRow, tg_note_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sign_clicked_cb (TgNoteRow *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button), FALSE);
  g_signal_emit (self, signals[SIGN], 0);
}

static void
tg_note_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TG_TYPE_NOTE_ROW);
  G_OBJECT_CLASS (tg_note_row_parent_class)->dispose (object);
}

static void
tg_note_row_finalize (GObject *object)
{
  TgNoteRow *self = TG_NOTE_ROW (object);

  g_free (self->id);
  G_OBJECT_CLASS (tg_note_row_parent_class)->finalize (object);
}

static void
tg_note_row_class_init (TgNoteRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tg_note_row_dispose;
  object_class->finalize = tg_note_row_finalize;

  /* The worker asked to sign this note. */
  signals[SIGN] =
    g_signal_new ("sign", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/throughgate/Throughgate/tg-note-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TgNoteRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, TgNoteRow, signed_badge);
  gtk_widget_class_bind_template_child (widget_class, TgNoteRow, sign_button);
  gtk_widget_class_bind_template_child (widget_class, TgNoteRow, body_label);
  gtk_widget_class_bind_template_callback (widget_class, sign_clicked_cb);
}

static void
tg_note_row_init (TgNoteRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tg_note_row_new (const TgRecord *note)
{
  TgNoteRow *self = g_object_new (TG_TYPE_NOTE_ROW, NULL);
  const char *signed_at = tg_record_get (note, "signed_at");
  g_autofree char *when = tg_format_date_time (tg_record_get (note, "occurred_at"));
  g_autofree char *meta = NULL;

  self->id = g_strdup (note->id);
  self->is_signed = signed_at != NULL;
  meta = g_strdup_printf ("%s · %s · %s", when,
                          tg_choice_label (tg_record_get (note, "kind")),
                          tg_record_get (note, "author") ?: _("Unknown author"));
  gtk_label_set_text (self->meta_label, meta);
  gtk_label_set_text (self->body_label, tg_record_get (note, "body"));
  gtk_widget_set_visible (GTK_WIDGET (self->sign_button), !self->is_signed);
  gtk_widget_set_visible (GTK_WIDGET (self->signed_badge), self->is_signed);
  if (self->is_signed)
    {
      g_autofree char *signed_when = tg_format_date_time (signed_at);
      g_autofree char *badge = g_strdup_printf (_("Signed by %s"), tg_record_get (note, "signed_by") ?: "?");
      /* Translators: %s is when the note was signed. */
      g_autofree char *tooltip = g_strdup_printf (_("Signed %s; read-only"), signed_when);

      gtk_label_set_text (self->signed_badge, badge);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->signed_badge), tooltip);
    }
  return GTK_WIDGET (self);
}

const char *
tg_note_row_get_id (TgNoteRow *self)
{
  g_return_val_if_fail (TG_IS_NOTE_ROW (self), NULL);
  return self->id;
}

gboolean
tg_note_row_is_signed (TgNoteRow *self)
{
  g_return_val_if_fail (TG_IS_NOTE_ROW (self), FALSE);
  return self->is_signed;
}

void
tg_note_row_set_session_place (TgNoteRow  *self,
                               const char *place)
{
  g_autofree char *meta = NULL;

  g_return_if_fail (TG_IS_NOTE_ROW (self));
  if (place == NULL)
    return;
  /* Translators: a note's details, then where the session it was written
   * in was held. */
  meta = g_strdup_printf (_("%s · session at %s"), gtk_label_get_text (self->meta_label), place);
  gtk_label_set_text (self->meta_label, meta);
}
