#include "tg-wire.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tg-uuid.h"
#include "tg-wire-private.h"

/* An hlc is 48 bits of milliseconds above a 16-bit counter, so every
 * guint64 has a millisecond part that fits: parsing it is the whole check. */
G_STATIC_ASSERT (64 - TG_HLC_COUNTER_BITS == 48);

G_DEFINE_QUARK (tg-wire-error-quark, tg_wire_error)

static const struct {
  const char *name;
  guint       status;
} wire_errors[] = {
  [TG_WIRE_ERROR_BAD_REQUEST] = { "bad_request", 400 },
  [TG_WIRE_ERROR_UNSUPPORTED_PROTOCOL] = { "unsupported_protocol", 400 },
  [TG_WIRE_ERROR_UNAUTHORIZED] = { "unauthorized", 401 },
  [TG_WIRE_ERROR_DEVICE_REVOKED] = { "device_revoked", 403 },
  [TG_WIRE_ERROR_INVALID_CODE] = { "invalid_code", 403 },
  [TG_WIRE_ERROR_OUT_OF_SCOPE] = { "out_of_scope", 403 },
  [TG_WIRE_ERROR_NOT_FOUND] = { "not_found", 404 },
  [TG_WIRE_ERROR_CLOCK_SKEW] = { "clock_skew", 409 },
  [TG_WIRE_ERROR_PAYLOAD_TOO_LARGE] = { "payload_too_large", 413 },
  [TG_WIRE_ERROR_INVALID_CHANGE] = { "invalid_change", 422 },
  [TG_WIRE_ERROR_RATE_LIMITED] = { "rate_limited", 429 },
  [TG_WIRE_ERROR_SERVER] = { "server_error", 500 },
};

const char *
tg_wire_error_name (TgWireError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (wire_errors), NULL);
  return wire_errors[code].name;
}

guint
tg_wire_error_status (TgWireError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (wire_errors), 500);
  return wire_errors[code].status;
}

gboolean
tg_wire_error_from_name (const char  *name,
                         TgWireError *out_code)
{
  for (guint i = 0; i < G_N_ELEMENTS (wire_errors); i++)
    {
      if (g_strcmp0 (wire_errors[i].name, name) == 0)
        {
          if (out_code != NULL)
            *out_code = (TgWireError) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* A node id on the wire: exactly 16 lower-case hex digits, positive as a
 * signed 64-bit number. */
static gboolean
parse_node (const char   *text,
            TgWireError   code,
            gint64       *out,
            GError      **error)
{
  g_autofree char *shown = _tg_wire_shorten (text);
  guint64 value;

  if (strlen (text) != 16 || strspn (text, "0123456789abcdef") != 16)
    return _tg_wire_error (error, code,
                           "node: “%s” is not 16 lower-case hex digits",
                           shown);
  value = g_ascii_strtoull (text, NULL, 16);
  if (value == 0 || value > G_MAXINT64)
    return _tg_wire_error (error, code,
                           "node: “%s” is not a positive 63-bit number",
                           shown);
  *out = (gint64) value;
  return TRUE;
}

static gboolean
parse_hlc (const char  *text,
           guint64     *out,
           GError     **error)
{
  g_autofree char *shown = _tg_wire_shorten (text);
  guint64 value;

  /* Digits only: g_ascii_string_to_unsigned() would also take a sign. */
  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text))
    return _tg_wire_error (error, TG_WIRE_ERROR_INVALID_CHANGE,
                           "hlc: “%s” is not a decimal number", shown);
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, &value, NULL))
    return _tg_wire_error (error, TG_WIRE_ERROR_INVALID_CHANGE,
                           "hlc: “%s” is not from 1 to %" G_GUINT64_FORMAT,
                           shown, G_MAXUINT64);
  *out = value;
  return TRUE;
}

/* Decodes one change and checks it as a local write would be checked. */
static TgChange *
decode_change (JsonNode  *node,
               GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *canonical = NULL;
  JsonObject *object;
  const char *entity_name, *id, *field_name, *value, *hlc, *node_id;
  const TgEntityDef *entity;
  const TgFieldDef *field;
  TgVersion version;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                      "changes: not a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);
  if (!_tg_wire_get_string (object, "entity", FALSE, &entity_name, error)
      || !_tg_wire_get_string (object, "id", FALSE, &id, error)
      || !_tg_wire_get_string (object, "field", FALSE, &field_name, error)
      || !_tg_wire_get_string (object, "value", TRUE, &value, error)
      || !_tg_wire_get_string (object, "hlc", FALSE, &hlc, error)
      || !_tg_wire_get_string (object, "node", FALSE, &node_id, error))
    return NULL;

  entity = tg_schema_lookup_entity (entity_name);
  if (entity == NULL)
    {
      g_autofree char *shown = _tg_wire_shorten (entity_name);

      _tg_wire_error (error, TG_WIRE_ERROR_INVALID_CHANGE,
                      "entity: “%s” is not a known entity", shown);
      return NULL;
    }
  field = tg_schema_lookup_field (entity, field_name);
  if (field == NULL)
    {
      g_autofree char *shown = _tg_wire_shorten (field_name);

      _tg_wire_error (error, TG_WIRE_ERROR_INVALID_CHANGE,
                      "field: “%s” is not a field of %s",
                      shown, entity->name);
      return NULL;
    }
  if (!tg_uuid_is_valid (id))
    {
      g_autofree char *shown = _tg_wire_shorten (id);

      _tg_wire_error (error, TG_WIRE_ERROR_INVALID_CHANGE,
                      "id: “%s” is not a record id", shown);
      return NULL;
    }
  if (!parse_hlc (hlc, &version.hlc, error)
      || !parse_node (node_id, TG_WIRE_ERROR_INVALID_CHANGE,
                      &version.node_id, error))
    return NULL;

  /* The validation message already starts with the field's name. */
  if (!tg_field_normalize (field, value, &canonical, &local_error))
    {
      _tg_wire_error (error, TG_WIRE_ERROR_INVALID_CHANGE, "%s",
                      local_error->message);
      return NULL;
    }
  return tg_change_new (field, id, canonical, &version);
}

static gboolean
decode_changes (JsonObject  *object,
                guint        max,
                GPtrArray   *changes,
                GError     **error)
{
  JsonArray *array = _tg_wire_get_array (object, "changes", error);
  guint n;

  if (array == NULL)
    return FALSE;
  n = json_array_get_length (array);
  if (n > max)
    return _tg_wire_error (error, TG_WIRE_ERROR_PAYLOAD_TOO_LARGE,
                           "changes: %u changes are more than the limit of %u",
                           n, max);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;
      TgChange *change;

      change = decode_change (json_array_get_element (array, i), &local_error);
      if (change == NULL)
        {
          /* Keep the member's name first; say which change it was after. */
          g_set_error (error, local_error->domain, local_error->code,
                       "%s (change %u)", local_error->message, i);
          return FALSE;
        }
      g_ptr_array_add (changes, change);
    }
  return TRUE;
}

static void
add_changes (JsonBuilder *builder,
             GPtrArray   *changes)
{
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const TgChange *change = g_ptr_array_index (changes, i);
      g_autofree char *hlc = NULL;
      g_autofree char *node = NULL;

      hlc = g_strdup_printf ("%" G_GUINT64_FORMAT, change->version.hlc);
      node = g_strdup_printf ("%016" G_GINT64_MODIFIER "x",
                              change->version.node_id);
      json_builder_begin_object (builder);
      _tg_wire_add_string (builder, "entity", change->entity->name);
      _tg_wire_add_string (builder, "id", change->record_id);
      _tg_wire_add_string (builder, "field", change->field->name);
      json_builder_set_member_name (builder, "value");
      if (change->value != NULL)
        json_builder_add_string_value (builder, change->value);
      else
        json_builder_add_null_value (builder);
      _tg_wire_add_string (builder, "hlc", hlc);
      _tg_wire_add_string (builder, "node", node);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}


TgSyncRequest *
tg_sync_request_new (void)
{
  TgSyncRequest *request = g_new0 (TgSyncRequest, 1);

  request->pull_limit = TG_WIRE_MAX_PULL;
  request->changes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) tg_change_free);
  return request;
}

void
tg_sync_request_free (TgSyncRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->batch);
  g_clear_pointer (&request->changes, g_ptr_array_unref);
  g_free (request);
}

TgSyncReply *
tg_sync_reply_new (void)
{
  TgSyncReply *reply = g_new0 (TgSyncReply, 1);

  reply->purge = g_ptr_array_new_with_free_func (g_free);
  reply->changes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) tg_change_free);
  return reply;
}

void
tg_sync_reply_free (TgSyncReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->purge, g_ptr_array_unref);
  g_clear_pointer (&reply->changes, g_ptr_array_unref);
  g_free (reply);
}

void
tg_enroll_request_free (TgEnrollRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->code);
  g_free (request->device_name);
  g_free (request);
}

void
tg_enroll_reply_free (TgEnrollReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->device_id);
  g_free (reply->token);
  g_free (reply->role);
  g_free (reply->team);
  g_free (reply->name);
  g_free (reply);
}

GBytes *
tg_wire_encode_sync_request (const TgSyncRequest *request)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->batch != NULL, NULL);

  builder = _tg_wire_begin_document ();
  _tg_wire_add_string (builder, "batch", request->batch);
  _tg_wire_add_int (builder, "cursor", request->cursor);
  _tg_wire_add_int (builder, "device_time", request->device_time);
  _tg_wire_add_int (builder, "pull_limit", request->pull_limit);
  add_changes (builder, request->changes);
  return _tg_wire_finish_document (builder);
}

TgSyncRequest *
tg_wire_decode_sync_request (GBytes  *json,
                             GError **error)
{
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *batch;
  gint64 pull_limit;

  root = _tg_wire_parse_document (json, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);
  if (!_tg_wire_check_protocol (object, error)
      || !_tg_wire_get_string (object, "batch", FALSE, &batch, error))
    return NULL;
  if (!tg_uuid_is_valid (batch))
    {
      _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST, "batch: not a uuid");
      return NULL;
    }
  request->batch = g_strdup (batch);
  if (!_tg_wire_get_int (object, "cursor", 0, TG_WIRE_JSON_SAFE_MAX,
                         &request->cursor, error)
      || !_tg_wire_get_int (object, "device_time", 0, TG_WIRE_JSON_SAFE_MAX,
                            &request->device_time, error)
      || !_tg_wire_get_int (object, "pull_limit", 1, TG_WIRE_MAX_PULL,
                            &pull_limit, error)
      || !decode_changes (object, TG_WIRE_MAX_CHANGES, request->changes,
                          error))
    return NULL;
  request->pull_limit = (guint) pull_limit;
  return g_steal_pointer (&request);
}

GBytes *
tg_wire_encode_sync_reply (const TgSyncReply *reply)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  builder = _tg_wire_begin_document ();
  _tg_wire_add_int (builder, "server_time", reply->server_time);
  _tg_wire_add_int (builder, "accepted", reply->accepted);
  _tg_wire_add_int (builder, "cursor", reply->cursor);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, reply->more);
  json_builder_set_member_name (builder, "purge");
  json_builder_begin_array (builder);
  for (guint i = 0; reply->purge != NULL && i < reply->purge->len; i++)
    json_builder_add_string_value (builder,
                                   g_ptr_array_index (reply->purge, i));
  json_builder_end_array (builder);
  add_changes (builder, reply->changes);
  if (reply->idle_lock_max_seconds > 0)
    {
      json_builder_set_member_name (builder, "policy");
      json_builder_begin_object (builder);
      _tg_wire_add_int (builder, "idle_lock_max_seconds", reply->idle_lock_max_seconds);
      json_builder_end_object (builder);
    }
  return _tg_wire_finish_document (builder);
}

/* The optional "policy" object of a sync reply. Members this device does
 * not know are ignored, so a newer server can add some. */
static gboolean
decode_policy (JsonObject  *object,
               TgSyncReply *reply,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, "policy");
  JsonObject *policy;
  gint64 seconds;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST, "policy: not an object");
  policy = json_node_get_object (node);
  if (!json_object_has_member (policy, "idle_lock_max_seconds"))
    return TRUE;
  if (!_tg_wire_get_int (policy, "idle_lock_max_seconds", 1, TG_WIRE_MAX_IDLE_LOCK_SECONDS,
                         &seconds, error))
    return FALSE;
  reply->idle_lock_max_seconds = (guint) seconds;
  return TRUE;
}

TgSyncReply *
tg_wire_decode_sync_reply (GBytes  *json,
                           GError **error)
{
  g_autoptr(TgSyncReply) reply = tg_sync_reply_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *purge;
  gint64 accepted;

  root = _tg_wire_parse_document (json, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);
  if (!_tg_wire_check_protocol (object, error)
      || !_tg_wire_get_int (object, "server_time", 0, TG_WIRE_JSON_SAFE_MAX,
                            &reply->server_time, error)
      || !_tg_wire_get_int (object, "accepted", 0, TG_WIRE_MAX_CHANGES,
                            &accepted, error)
      || !_tg_wire_get_int (object, "cursor", 0, TG_WIRE_JSON_SAFE_MAX,
                            &reply->cursor, error)
      || !_tg_wire_get_bool (object, "more", &reply->more, error))
    return NULL;
  reply->accepted = (guint) accepted;

  purge = _tg_wire_get_array (object, "purge", error);
  if (purge == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (purge); i++)
    {
      JsonNode *node = json_array_get_element (purge, i);
      const char *id = NULL;

      if (JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING)
        id = json_node_get_string (node);
      if (!tg_uuid_is_valid (id))
        {
          _tg_wire_error (error, TG_WIRE_ERROR_BAD_REQUEST,
                          "purge: item %u is not a client id", i);
          return NULL;
        }
      g_ptr_array_add (reply->purge, g_strdup (id));
    }

  if (!decode_changes (object, TG_WIRE_MAX_PULL, reply->changes, error)
      || !decode_policy (object, reply, error))
    return NULL;
  return g_steal_pointer (&reply);
}

GBytes *
tg_wire_encode_enroll_request (const TgEnrollRequest *request)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *node = NULL;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->code != NULL, NULL);
  g_return_val_if_fail (request->device_name != NULL, NULL);

  node = g_strdup_printf ("%016" G_GINT64_MODIFIER "x", request->node_id);
  builder = _tg_wire_begin_document ();
  _tg_wire_add_string (builder, "code", request->code);
  _tg_wire_add_string (builder, "device_name", request->device_name);
  _tg_wire_add_string (builder, "node", node);
  return _tg_wire_finish_document (builder);
}

TgEnrollRequest *
tg_wire_decode_enroll_request (GBytes  *json,
                               GError **error)
{
  g_autoptr(TgEnrollRequest) request = g_new0 (TgEnrollRequest, 1);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *code, *device_name, *node;

  root = _tg_wire_parse_document (json, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);
  if (!_tg_wire_check_protocol (object, error)
      || !_tg_wire_get_string (object, "code", FALSE, &code, error)
      || !_tg_wire_get_string (object, "device_name", FALSE, &device_name,
                               error)
      || !_tg_wire_get_string (object, "node", FALSE, &node, error)
      || !parse_node (node, TG_WIRE_ERROR_BAD_REQUEST, &request->node_id,
                      error))
    return NULL;
  request->code = g_strdup (code);
  request->device_name = g_strdup (device_name);
  return g_steal_pointer (&request);
}

GBytes *
tg_wire_encode_enroll_reply (const TgEnrollReply *reply)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (reply->device_id != NULL && reply->token != NULL
                        && reply->role != NULL && reply->team != NULL
                        && reply->name != NULL, NULL);

  builder = _tg_wire_begin_document ();
  _tg_wire_add_int (builder, "server_time", reply->server_time);
  _tg_wire_add_string (builder, "device_id", reply->device_id);
  _tg_wire_add_string (builder, "token", reply->token);
  _tg_wire_add_string (builder, "role", reply->role);
  _tg_wire_add_string (builder, "team", reply->team);
  _tg_wire_add_string (builder, "name", reply->name);
  return _tg_wire_finish_document (builder);
}

TgEnrollReply *
tg_wire_decode_enroll_reply (GBytes  *json,
                             GError **error)
{
  static const char * const members[] = {
    "device_id", "token", "role", "team", "name",
  };
  g_autoptr(TgEnrollReply) reply = g_new0 (TgEnrollReply, 1);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *values[G_N_ELEMENTS (members)];

  root = _tg_wire_parse_document (json, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);
  if (!_tg_wire_check_protocol (object, error)
      || !_tg_wire_get_int (object, "server_time", 0, TG_WIRE_JSON_SAFE_MAX,
                            &reply->server_time, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (!_tg_wire_get_string (object, members[i], FALSE, &values[i], error))
      return NULL;
  reply->device_id = g_strdup (values[0]);
  reply->token = g_strdup (values[1]);
  reply->role = g_strdup (values[2]);
  reply->team = g_strdup (values[3]);
  reply->name = g_strdup (values[4]);
  return g_steal_pointer (&reply);
}

GBytes *
tg_wire_encode_error (TgWireError  code,
                      const char  *message,
                      gint64       server_time)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *name = tg_wire_error_name (code);

  g_return_val_if_fail (name != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  _tg_wire_add_string (builder, "code", name);
  _tg_wire_add_string (builder, "message", message != NULL ? message : name);
  json_builder_end_object (builder);
  _tg_wire_add_int (builder, "server_time", server_time);
  return _tg_wire_finish_document (builder);
}

void
tg_wire_decode_error (GBytes  *json,
                      guint    http_status,
                      gint64  *server_time,
                      GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *name = NULL;
  const char *message = NULL;
  TgWireError code;
  gint64 time = 0;

  /* A proxy or a crashed server may answer with anything at all, so every
   * step here is optional and the fallback is a plain server error. */
  root = json != NULL ? _tg_wire_parse_document (json, NULL) : NULL;
  if (root != NULL)
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *inner = json_object_get_member (object, "error");

      _tg_wire_get_int (object, "server_time", 0, TG_WIRE_JSON_SAFE_MAX,
                        &time, NULL);
      if (inner != NULL && JSON_NODE_HOLDS_OBJECT (inner))
        {
          JsonObject *detail = json_node_get_object (inner);

          _tg_wire_get_string (detail, "code", FALSE, &name, NULL);
          _tg_wire_get_string (detail, "message", FALSE, &message, NULL);
        }
    }
  if (server_time != NULL)
    *server_time = time;

  if (name != NULL && tg_wire_error_from_name (name, &code))
    g_set_error_literal (error, TG_WIRE_ERROR, code,
                         message != NULL ? message : name);
  else if (name != NULL)
    {
      g_autofree char *shown = _tg_wire_shorten (name);

      g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_SERVER,
                   "the server answered HTTP %u with an unknown error “%s”",
                   http_status, shown);
    }
  else
    g_set_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_SERVER,
                 "the server answered HTTP %u", http_status);
}
