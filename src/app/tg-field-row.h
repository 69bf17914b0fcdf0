/* tg-field-row.h: an entry row for one schema field, validated as typed.
 *
 * Every change runs the field's validator (tg_field_normalize); a bad
 * value turns the row red and its title into the message, which names the
 * field ("NHS number: the check digit is wrong"). Applying a valid value
 * emits ::commit with the canonical form; nothing invalid leaves the row.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TG_TYPE_FIELD_ROW (tg_field_row_get_type ())
G_DECLARE_FINAL_TYPE (TgFieldRow, tg_field_row, TG, FIELD_ROW, AdwEntryRow)

GtkWidget  *tg_field_row_new        (const char *entity,
                                     const char *field);
const char *tg_field_row_get_entity (TgFieldRow *self);
const char *tg_field_row_get_field  (TgFieldRow *self);
/* Shows a stored value without emitting ::commit. */
void        tg_field_row_set_value  (TgFieldRow *self,
                                     const char *value);
/* The current problem, or NULL when the text is valid. */
const char *tg_field_row_get_error  (TgFieldRow *self);

G_END_DECLS
