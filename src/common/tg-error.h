/* tg-error.h: the error domain for bad input.
 *
 * Every code names the kind of field at fault, and every message starts with
 * the field's snake_case name, so the CLI, the server and the UI can all say
 * which field was wrong without parsing prose.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_VALIDATION_ERROR (tg_validation_error_quark ())

typedef enum {
  TG_VALIDATION_ERROR_UNKNOWN_FIELD,
  TG_VALIDATION_ERROR_TOO_LONG,
  TG_VALIDATION_ERROR_REQUIRED,
  TG_VALIDATION_ERROR_TEXT,
  TG_VALIDATION_ERROR_DATE,
  TG_VALIDATION_ERROR_DATE_TIME,
  TG_VALIDATION_ERROR_TIME,
  TG_VALIDATION_ERROR_BOOLEAN,
  TG_VALIDATION_ERROR_INTEGER,
  TG_VALIDATION_ERROR_CHOICE,
  TG_VALIDATION_ERROR_UUID,
  TG_VALIDATION_ERROR_PRISON_NUMBER,
  TG_VALIDATION_ERROR_PNC_ID,
  TG_VALIDATION_ERROR_CRO_NUMBER,
  TG_VALIDATION_ERROR_NHS_NUMBER,
  TG_VALIDATION_ERROR_CRN,
  TG_VALIDATION_ERROR_READ_ONLY,
  TG_VALIDATION_ERROR_DECIMAL,
} TgValidationError;

GQuark tg_validation_error_quark (void);

G_END_DECLS
