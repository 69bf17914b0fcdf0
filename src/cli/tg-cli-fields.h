/* tg-cli-fields.h: what the workflow commands share (tg-cli-fields.c):
 * schema fields given as "--field-name VALUE" options, defaults, date
 * checks made before anything is written, and small output helpers. */
#pragma once

#include "tg-cli-private.h"

#include <json-glib/json-glib.h>

#include "tg-rules-util.h"
#include "tg-validate.h"

G_BEGIN_DECLS

/* A short option standing for a field: { "start", "start_date" }. Lists
 * end with { NULL }. */
typedef struct {
  const char *option;
  const char *field;
} TgCliAlias;

/* The device's local date, the day the rules are asked about. */
void        _tg_cli_today            (GDate *out_date);
char       *_tg_cli_today_iso        (void) G_GNUC_WARN_UNUSED_RESULT;

/* Reads every option of @args (parsed with open options) as a field of
 * @entity, through @aliases; a field of @fixed (NULL-terminated, or NULL)
 * or "deleted" is refused, as is a field given twice. An empty value is
 * NULL. @fields holds the schema's static names. */
gboolean    _tg_cli_options_to_fields (const char         *command,
                                       const char         *entity,
                                       TgCliArgs          *args,
                                       const TgCliAlias   *aliases,
                                       const char * const *fixed,
                                       GPtrArray          *fields,
                                       GPtrArray          *values,
                                       GError            **error);

int         _tg_cli_field_index      (GPtrArray   *fields,
                                      const char  *name);
const char *_tg_cli_field_get        (GPtrArray   *fields,
                                      GPtrArray   *values,
                                      const char  *name);
/* Sets @name to @value, replacing a value already there. */
void        _tg_cli_field_put        (GPtrArray   *fields,
                                      GPtrArray   *values,
                                      const char  *name,
                                      const char  *value);
/* Sets @name to @value unless it already has one. */
void        _tg_cli_field_default    (GPtrArray   *fields,
                                      GPtrArray   *values,
                                      const char  *name,
                                      const char  *value);
/* A usage error "COMMAND: --field-name is required" when @name has no
 * value. */
gboolean    _tg_cli_field_require    (const char  *command,
                                      GPtrArray   *fields,
                                      GPtrArray   *values,
                                      const char  *name,
                                      GError     **error);

/* Refuses a date (or a date-time, by its day in England) after today,
 * naming @name. NULL passes. */
gboolean    _tg_cli_check_not_future (const char  *name,
                                      const char  *text,
                                      GError     **error);
/* Refuses @later before @earlier, naming @later_name. NULLs pass. */
gboolean    _tg_cli_check_order      (const char  *earlier_name,
                                      const char  *earlier,
                                      const char  *later_name,
                                      const char  *later,
                                      GError     **error);

/* A record of @entity holding the canonical form of every value, for the
 * rules to judge before it is stored; NULL with the validation error
 * (which names the field) when a value is bad. */
TgRecord   *_tg_cli_record_from_fields (const char  *entity,
                                        GPtrArray   *fields,
                                        GPtrArray   *values,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* "Family, Given" of a client, or the id when there is no such client. */
char       *_tg_cli_client_name      (TgStore     *store,
                                      const char  *client_id) G_GNUC_WARN_UNUSED_RESULT;

/* JSON members left out when there is no value. */
void        _tg_cli_add_string       (JsonBuilder *builder,
                                      const char  *name,
                                      const char  *value);
void        _tg_cli_add_date         (JsonBuilder *builder,
                                      const char  *name,
                                      const GDate *date);
/* YYYY-MM-DD, or NULL for an invalid date. */
char       *_tg_cli_date_text        (const GDate *date) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
