/* tg-record-section.h: a list of one kind of record on the client page,
 * with a form to add one.
 *
 * One class serves referrals, contacts and appointments: a
 * TgRecordSectionSpec says which entity, which fields the form asks for,
 * and how a record reads in the list (with a due / overdue / done / late
 * badge from the rules). The specs live in their own files
 * (tg-referral-section.c, tg-contact-section.c, tg-appointment-section.c).
 */
#pragma once

#include <adwaita.h>

#include "tg-store-service.h"

G_BEGIN_DECLS

typedef enum {
  TG_FORM_ENTRY,
  TG_FORM_CHOICE,
} TgFormFieldKind;

typedef enum {
  TG_FORM_DEFAULT_NONE,
  TG_FORM_DEFAULT_TODAY,
  TG_FORM_DEFAULT_NOW,
} TgFormDefault;

typedef struct {
  const char      *field;
  TgFormFieldKind  kind;
  TgFormDefault    initial;
} TgFormField;

/* How one record reads: all strings new, @badge_style static or NULL. */
typedef struct {
  char       *title;
  char       *subtitle;
  char       *badge;
  const char *badge_style;
} TgRecordView;

typedef struct {
  const char         *entity;
  const char         *title;          /* marked for translation */
  const char         *empty;          /* marked for translation: the description with none */
  const char         *add_title;      /* marked for translation, with a mnemonic */
  const char         *add_subtitle;   /* marked for translation */
  const char         *add_button;     /* marked for translation, with a mnemonic */
  const TgFormField  *form;
  guint               n_form;
  const char * const *required;
  /* Whether describe needs the client record (rules that count from it). */
  gboolean            needs_client;

  /* Fills @view for @record, one of @all (the person's records of the
   * entity) of @client (NULL unless needs_client) on @today. */
  void     (*describe)      (const TgRecord *record,
                             GPtrArray      *all,
                             const TgRecord *client,
                             const GDate    *today,
                             TgRecordView   *view);
  /* Rows shown above the list (TgRecordView elements), or NULL. */
  GPtrArray *(*summarize)   (GPtrArray      *all,
                             const TgRecord *client,
                             const GDate    *today);
  /* Sorts @all for the list. */
  GCompareFunc compare;
  /* A form field changed: the rest of the form may follow it. */
  void     (*form_changed)  (GPtrArray      *rows,
                             GtkWidget      *changed);
  /* Adds fields the form does not ask for (the worker, …) before the
   * record is written; @fields and @values are unterminated. */
  void     (*complete)      (TgStoreService *service,
                             GPtrArray      *fields,
                             GPtrArray      *values);
  /* A quick action on a listed record, or NULL: its button label and the
   * fields it writes (values "today" / "now" are filled in). */
  const char         *action_label;   /* marked for translation */
  gboolean (*action_applies) (const TgRecord *record);
  const char * const *action_fields;
  const char * const *action_values;
} TgRecordSectionSpec;

void tg_record_view_clear (TgRecordView *view);

#define TG_TYPE_RECORD_SECTION (tg_record_section_get_type ())
G_DECLARE_FINAL_TYPE (TgRecordSection, tg_record_section, TG, RECORD_SECTION, AdwBin)

GtkWidget *tg_record_section_new        (TgStoreService            *service,
                                         const TgRecordSectionSpec *spec);
/* Shows @client_id's records; NULL forgets the person. */
void       tg_record_section_set_client (TgRecordSection           *self,
                                         const char                *client_id);
/* For tests: how many records the list shows once loaded. */
guint      tg_record_section_get_n_records (TgRecordSection        *self);
gboolean   tg_record_section_is_loaded  (TgRecordSection           *self);

/* The sections of the client page. */
GtkWidget *tg_referral_section_new      (TgStoreService            *service);
GtkWidget *tg_contact_section_new       (TgStoreService            *service);
GtkWidget *tg_appointment_section_new   (TgStoreService            *service);

G_END_DECLS
