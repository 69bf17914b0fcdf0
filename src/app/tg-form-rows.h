/* tg-form-rows.h: rows for the record forms of the client page.
 *
 * A form is built from schema fields: an entry row validated as typed
 * (TgFieldRow, without its own apply button, since the form saves all its
 * fields at once) or a combo row over the field's choices. A form reads
 * its values back canonical, and refuses while any row shows a problem.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An entry row for @field of @entity, validated as typed. */
GtkWidget *tg_form_entry_row_new   (const char  *entity,
                                    const char  *field);
/* A combo row over the choices of @field; with @unset_label, a first
 * entry that leaves the field unset. */
GtkWidget *tg_form_choice_row_new  (const char  *entity,
                                    const char  *field,
                                    const char  *unset_label);
/* A yes/no question that may be left unanswered: a combo row. */
GtkWidget *tg_form_yes_no_row_new  (const char  *entity,
                                    const char  *field);

void       tg_form_row_set_value   (GtkWidget   *row,
                                    const char  *value);
/* The canonical value of @row in @out_value (NULL when empty or unset);
 * FALSE when the row shows a problem. */
gboolean   tg_form_row_get_value   (GtkWidget   *row,
                                    char       **out_value);
/* The schema field a form row edits. */
const char *tg_form_row_get_field  (GtkWidget   *row);

/* A button for the header of a group, with an accessible name. */
GtkWidget *tg_form_header_button_new (const char *label,
                                      const char *icon_name);
/* A small coloured label; @style is one of "due", "overdue", "done",
 * "late" or NULL to hide it. */
GtkWidget *tg_form_badge_new       (void);
void       tg_form_badge_set       (GtkWidget   *badge,
                                    const char  *text,
                                    const char  *style);

/* Removes every row in @rows from @group and empties @rows. */
void       tg_form_group_clear     (AdwPreferencesGroup *group,
                                    GPtrArray           *rows);

/* Today as an ISO date, and now as an ISO date-time in UTC. */
char      *tg_form_today_iso       (void) G_GNUC_WARN_UNUSED_RESULT;
char      *tg_form_now_iso         (void) G_GNUC_WARN_UNUSED_RESULT;
void       tg_form_today           (GDate       *out_today);



/* The values of the form rows in @rows, as parallel NULL-terminated
 * arrays ready for the store service (@out_fields holds static names,
 * @out_values owns its strings). FALSE with @out_problem naming the field when a row shows a problem or
 * a field in @required is empty. Unset optional fields are left out. */
gboolean   tg_form_collect         (GPtrArray           *rows,
                                    const char * const  *required,
                                    GPtrArray          **out_fields,
                                    GPtrArray          **out_values,
                                    char               **out_problem);

/* Adds @row to @expander under the widget name @name (tests find rows by
 * it) and to @rows. */
void       tg_form_expander_add    (AdwExpanderRow      *expander,
                                    GPtrArray           *rows,
                                    GtkWidget           *row,
                                    const char          *name);
/* A suggested-action button at the end of @expander. */
GtkWidget *tg_form_expander_button (AdwExpanderRow      *expander,
                                    const char          *label,
                                    const char          *name);

/* The first widget called @name under @root, or NULL. */
GtkWidget *tg_form_find_named      (GtkWidget           *root,
                                    const char          *name);

G_END_DECLS
