/* tg-note-row.h: one case note in a client's timeline.
 *
 * A signed note says who signed it and when, and has no Sign button: it
 * is read-only from then on.
 */
#pragma once

#include <gtk/gtk.h>

#include "tg-record.h"

G_BEGIN_DECLS

#define TG_TYPE_NOTE_ROW (tg_note_row_get_type ())
G_DECLARE_FINAL_TYPE (TgNoteRow, tg_note_row, TG, NOTE_ROW, GtkListBoxRow)

GtkWidget  *tg_note_row_new       (const TgRecord *note);
const char *tg_note_row_get_id    (TgNoteRow      *self);
gboolean    tg_note_row_is_signed (TgNoteRow      *self);

/* Says where the session the note was written in was held. */
void        tg_note_row_set_session_place (TgNoteRow  *self,
                                           const char *place);

G_END_DECLS
