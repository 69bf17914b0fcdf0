/* tg-schema.h: the one declaration of every syncable entity and field.
 *
 * The store builds its tables from this list, writes it into the
 * `field_class` table for SQL readers (the server's scope filter), and checks
 * every value against it; the CLI and the UI look fields up here by their
 * snake_case names. Each field belongs to exactly one sensitivity class.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TG_SENSITIVITY_IDENTITY,
  TG_SENSITIVITY_RELEASE,
  TG_SENSITIVITY_CLINICAL,
  TG_SENSITIVITY_NOTES,
} TgSensitivity;

typedef enum {
  TG_FIELD_TEXT,           /* free text up to max_length characters */
  TG_FIELD_DATE,           /* YYYY-MM-DD */
  TG_FIELD_DATE_TIME,      /* UTC, 2026-11-27T09:30:00Z */
  TG_FIELD_TIME,           /* HH:MM */
  TG_FIELD_BOOLEAN,        /* "true" or "false" */
  TG_FIELD_INTEGER,        /* between min and max */
  TG_FIELD_CHOICE,         /* one of choices */
  TG_FIELD_REFERENCE,      /* the UUID of another record */
  TG_FIELD_PRISON_NUMBER,
  TG_FIELD_PNC_ID,
  TG_FIELD_CRO_NUMBER,
  TG_FIELD_NHS_NUMBER,
  TG_FIELD_CRN,
  TG_FIELD_DECIMAL,        /* between min and max, at most two decimal places */
} TgFieldType;

typedef struct _TgEntityDef TgEntityDef;

typedef struct {
  const TgEntityDef   *entity;
  const char          *name;          /* snake_case, also the SQL column */
  TgFieldType          type;
  TgSensitivity        sensitivity;
  guint                max_length;    /* characters; TEXT only */
  gint64               min;           /* INTEGER and DECIMAL only */
  gint64               max;
  const char * const  *choices;       /* CHOICE only, NULL-terminated */
  const char          *references;    /* REFERENCE only: the entity named */
  guint                since_schema;  /* schema version that added it; 0: with its entity */
} TgFieldDef;

struct _TgEntityDef {
  const char        *name;            /* snake_case, also the SQL table */
  const TgFieldDef  *fields;
  guint              n_fields;
  guint              since_schema;
};

/* Every entity, in dependency order (a referenced entity comes first). */
const TgEntityDef * const *tg_schema_entities (guint *n_entities);

const TgEntityDef *tg_schema_lookup_entity (const char *entity);
const TgFieldDef  *tg_schema_lookup_field  (const TgEntityDef *entity,
                                            const char        *field);

/* The store schema version in which @field first exists. */
guint       tg_field_since_schema    (const TgFieldDef *field);

const char *tg_sensitivity_to_string (TgSensitivity sensitivity);
const char *tg_field_type_to_string  (TgFieldType   type);

/* Checks @input against @field and returns its canonical form; NULL input
 * (clearing the field) is returned as NULL with no error. Errors are in
 * TG_VALIDATION_ERROR and name the field. */
gboolean tg_field_normalize (const TgFieldDef  *field,
                             const char        *input,
                             char             **out_canonical,
                             GError           **error);

G_END_DECLS
