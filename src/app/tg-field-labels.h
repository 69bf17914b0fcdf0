/* tg-field-labels.h: the words the app uses for schema fields and values.
 *
 * The schema (tg-schema.h) names fields in snake_case for the CLI, the wire
 * and exports; people read these labels instead.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "nhs_number" → "NHS number"; an unknown field is returned as it is. */
const char *tg_field_label        (const char *entity,
                                   const char *field);

/* A choice value in words: "in_reach" → "In-reach surgery". */
const char *tg_choice_label       (const char *value);

/* A validation message "field: what is wrong" as "Label: what is wrong";
 * returns a new string. */
char       *tg_field_error_message (const char *entity,
                                    const char *field,
                                    const char *message) G_GNUC_WARN_UNUSED_RESULT;

/* Where a session was held: the place's name, or the detail typed for
 * "other" (and beside a named place when given). Returns a new string. */
char       *tg_session_place_label (const char *place,
                                    const char *detail) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
