/* tg-wire-private.h: internals shared by the tg-wire files.
 *
 * Every error these set is in TG_WIRE_ERROR, and its message starts with
 * the member at fault, or with "body" when the whole document is at fault.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "tg-wire.h"

G_BEGIN_DECLS

/* Integers sent as JSON numbers stay within what a double holds exactly,
 * so any JSON reader on the way agrees on them. */
#define TG_WIRE_JSON_SAFE_MAX G_GINT64_CONSTANT (9007199254740991)

gboolean     _tg_wire_error            (GError      **error,
                                        TgWireError   code,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
char        *_tg_wire_shorten          (const char   *text)
                                        G_GNUC_WARN_UNUSED_RESULT;

/* Parses a body into the node of its top-level object. */
JsonNode    *_tg_wire_parse_document   (GBytes       *json,
                                        GError      **error)
                                        G_GNUC_WARN_UNUSED_RESULT;
gboolean     _tg_wire_check_protocol   (JsonObject   *object,
                                        GError      **error);

/* Members that are missing or of the wrong type are BAD_REQUEST. Strings
 * and arrays stay owned by the document. */
gboolean     _tg_wire_get_int          (JsonObject   *object,
                                        const char   *name,
                                        gint64        min,
                                        gint64        max,
                                        gint64       *out,
                                        GError      **error);
gboolean     _tg_wire_get_bool         (JsonObject   *object,
                                        const char   *name,
                                        gboolean     *out,
                                        GError      **error);
gboolean     _tg_wire_get_string       (JsonObject   *object,
                                        const char   *name,
                                        gboolean      nullable,
                                        const char  **out,
                                        GError      **error);
JsonArray   *_tg_wire_get_array        (JsonObject   *object,
                                        const char   *name,
                                        GError      **error);

/* A document is begun with its protocol member and finished compactly. */
JsonBuilder *_tg_wire_begin_document   (void) G_GNUC_WARN_UNUSED_RESULT;
GBytes      *_tg_wire_finish_document  (JsonBuilder  *builder)
                                        G_GNUC_WARN_UNUSED_RESULT;
void         _tg_wire_add_string       (JsonBuilder  *builder,
                                        const char   *name,
                                        const char   *value);
void         _tg_wire_add_int          (JsonBuilder  *builder,
                                        const char   *name,
                                        gint64        value);

G_END_DECLS
