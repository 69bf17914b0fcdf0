/* tg-wire-json.c: reading and writing the JSON of wire documents.
 *
 * The checks every document shares: the body is UTF-8 JSON holding an
 * object, members have the right types, and the protocol is ours.
 */
#include "tg-wire-private.h"

#include <string.h>

/* Our documents nest three deep (reply, changes, change). json-glib parses
 * recursively with no depth limit, so a body of nested brackets would
 * exhaust the stack; anything deeper than this is refused before parsing. */
#define MAX_DEPTH 32

/* json-glib 1.6 wraps integers that overflow 64 bits without a word, so the
 * integer part of a number may have no more digits than always fit. */
#define MAX_INTEGER_DIGITS 18

/* Text from the other side goes into messages cut short, so a megabyte of
 * nonsense in one member does not come back in the error. */
char *
_tg_wire_shorten (const char *text)
{
  const char *end = text;

  /* The text is valid UTF-8: the parser has checked the whole body. */
  for (guint i = 0; i < 40 && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  if (*end == '\0')
    return g_strdup (text);
  return g_strdup_printf ("%.*s…", (int) (end - text), text);
}

/* Every wire error message starts with the member (or, for a change's
 * value, the field) at fault, or with "body" when the whole document is. */
gboolean
_tg_wire_error (GError      **error,
                TgWireError   code,
                const char   *format,
                ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (TG_WIRE_ERROR, code,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* A cheap pass over the raw text for what json-glib would not catch: too
 * deep nesting, integers that would wrap, and \u0000, which would silently
 * cut a string short. It only tracks strings, brackets and numbers; the
 * parser still judges everything else. */
static gboolean
check_lexically (const char  *data,
                 gsize        length,
                 GError     **error)
{
  gboolean in_string = FALSE;
  gboolean in_number = FALSE;
  gboolean in_integer_part = FALSE;
  guint depth = 0;
  guint digits = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && i + 1 < length)
            {
              if (data[i + 1] == 'u' && i + 5 < length
                  && strncmp (data + i + 2, "0000", 4) == 0)
                return _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                                       "body: a string holds \\u0000");
              i++;
            }
          continue;
        }

      if (in_number)
        {
          if (g_ascii_isdigit (c))
            {
              if (in_integer_part && ++digits > MAX_INTEGER_DIGITS)
                return _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                                       "body: a number is too large");
              continue;
            }
          if (c == '.' || c == 'e' || c == 'E')
            {
              in_integer_part = FALSE;
              continue;
            }
          if (c == '+' || c == '-')
            continue;
          in_number = FALSE;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '-' || g_ascii_isdigit (c))
        {
          in_number = in_integer_part = TRUE;
          digits = g_ascii_isdigit (c) ? 1 : 0;
        }
      else if ((c == '[' || c == '{') && ++depth > MAX_DEPTH)
        return _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                               "body: nested more than %d deep", MAX_DEPTH);
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* Returns the document's root object node. Callers bound the body size
 * (TG_WIRE_MAX_BODY, TG_WIRE_MAX_UNPACKED) before they get here. */
JsonNode *
_tg_wire_parse_document (GBytes  *json,
                         GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail (json != NULL, NULL);

  data = g_bytes_get_data (json, &length);
  if (length == 0 || length > G_MAXSSIZE)
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST, "body: empty");
      return NULL;
    }
  /* This also refuses a NUL byte, which the parser would stop at. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST, "body: not UTF-8 text");
      return NULL;
    }
  if (!check_lexically (data, length, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length,
                                   &local_error))
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST, "body: not JSON (%s)",
                      local_error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                      "body: not a JSON object");
      return NULL;
    }
  return g_steal_pointer (&root);
}

static JsonNode *
get_member (JsonObject  *object,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST, "%s: missing", name);
  return node;
}

gboolean
_tg_wire_get_int (JsonObject  *object,
                  const char  *name,
                  gint64       min,
                  gint64       max,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node = get_member (object, name, error);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                           "%s: not a whole number", name);
  value = json_node_get_int (node);
  if (value < min || value > max)
    return _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                           "%s: %" G_GINT64_FORMAT " is not from %"
                           G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                           name, value, min, max);
  *out = value;
  return TRUE;
}

gboolean
_tg_wire_get_bool (JsonObject  *object,
                   const char  *name,
                   gboolean    *out,
                   GError     **error)
{
  JsonNode *node = get_member (object, name, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                           "%s: not true or false", name);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* The string stays owned by the document. A JSON null gives NULL when
 * @nullable, and is a wrong type otherwise. */
gboolean
_tg_wire_get_string (JsonObject  *object,
                     const char  *name,
                     gboolean     nullable,
                     const char **out,
                     GError     **error)
{
  JsonNode *node = get_member (object, name, error);

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                           nullable ? "%s: not a string or null"
                                : "%s: not a string", name);
  *out = json_node_get_string (node);
  return TRUE;
}

JsonArray *
_tg_wire_get_array (JsonObject  *object,
                    const char  *name,
                    GError     **error)
{
  JsonNode *node = get_member (object, name, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST, "%s: not an array",
                      name);
      return NULL;
    }
  return json_node_get_array (node);
}

/* Checked before anything else, so a newer peer whose documents have a
 * different shape hears that the version is wrong, not that a member is. */
gboolean
_tg_wire_check_protocol (JsonObject  *object,
                         GError     **error)
{
  gint64 protocol;

  if (!_tg_wire_get_int (object, "protocol", G_MININT64, G_MAXINT64,
                         &protocol, error))
    return FALSE;
  if (protocol != TG_WIRE_PROTOCOL)
    return _tg_wire_error (error, TG_WIRE_ERROR_UNSUPPORTED_PROTOCOL,
                           "protocol: version %" G_GINT64_FORMAT " is not "
                           "supported; this side speaks version %d",
                           protocol, TG_WIRE_PROTOCOL);
  return TRUE;
}

void
_tg_wire_add_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_tg_wire_add_int (JsonBuilder *builder,
                  const char  *name,
                  gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

JsonBuilder *
_tg_wire_begin_document (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  _tg_wire_add_int (builder, "protocol", TG_WIRE_PROTOCOL);
  return builder;
}

/* Closes the top-level object and writes it out compactly. */
GBytes *
_tg_wire_finish_document (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *data;
  gsize length;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}
