/* tg-cli-output.h: what throughgate-cli prints.
 *
 * With --json a command prints exactly one JSON document (pretty, UTF-8) on
 * stdout; without it, plain text for people: aligned tables for lists and
 * "field  value" lines for one record. A field that is not set is left out of
 * both, never printed as null or as an empty string.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "tg-record.h"
#include "tg-store.h"

G_BEGIN_DECLS

/* Prints @node on stdout followed by a line break. */
void _tg_cli_print_json          (JsonNode        *node);

/* Object members for hand-built documents. A member with no value (NULL
 * string, invalid date) is left out, as everywhere in the CLI's output. */
void _tg_cli_builder_add_string  (JsonBuilder     *builder,
                                  const char      *name,
                                  const char      *value);
void _tg_cli_builder_add_date    (JsonBuilder     *builder,
                                  const char      *name,
                                  const GDate     *date);
void _tg_cli_builder_add_int     (JsonBuilder     *builder,
                                  const char      *name,
                                  gint64           value);
void _tg_cli_builder_add_bool    (JsonBuilder     *builder,
                                  const char      *name,
                                  gboolean         value);

/* Prints the document @builder has built, as _tg_cli_print_json(). */
void _tg_cli_print_builder       (JsonBuilder     *builder);

/* Adds @record as an object: "id" and every set field, booleans and
 * integers as JSON booleans and numbers, everything else as strings. With
 * @with_versions, a "versions" object maps every written field (also a
 * cleared one) to {"hlc": N, "node": N}. */
void _tg_cli_builder_add_record  (JsonBuilder     *builder,
                                  const TgRecord  *record,
                                  gboolean         with_versions);

/* The members of _tg_cli_builder_add_record() in an object the caller
 * has begun, so it can add members of its own (a rule's verdict). */
void _tg_cli_builder_add_record_members (JsonBuilder    *builder,
                                         const TgRecord *record,
                                         gboolean        with_versions);

/* One record, as JSON or as "field  value" lines. */
void _tg_cli_print_record        (gboolean         json,
                                  const TgRecord  *record,
                                  gboolean         with_versions);

/* After a write: with @json, reads the @entity record @id back from @store
 * and prints it as JSON; without, prints nothing. */
gboolean _tg_cli_print_stored_record (gboolean     json,
                                      TgStore     *store,
                                      const char  *entity,
                                      const char  *id,
                                      GError     **error);

/* Records as a JSON array of objects. */
void _tg_cli_print_records_json  (GPtrArray       *records);

/* The id of a new record: {"id": ...} or the bare id on a line. */
void _tg_cli_print_id            (gboolean         json,
                                  const char      *id);

/* A text table: a header row, then rows of as many cells (NULL for an
 * empty cell), columns aligned by display width. */
typedef struct _TgCliTable TgCliTable;

TgCliTable *_tg_cli_table_new    (const char      *first_header,
                                  ...) G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;
void        _tg_cli_table_add    (TgCliTable      *table,
                                  ...);
void        _tg_cli_table_print  (TgCliTable      *table);
void        _tg_cli_table_free   (TgCliTable      *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgCliTable, _tg_cli_table_free)

G_END_DECLS
