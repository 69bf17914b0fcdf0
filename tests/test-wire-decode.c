/* test-wire-decode.c: what the wire decoders refuse, and why.
 *
 * Every malformed document is refused with the right TgWireError code and a
 * message that starts with the member or field at fault, so the device and
 * the server can say what was wrong without parsing prose. Identifiers are
 * synthetic (NHS numbers from the 999 range).
 */
#include <gio/gio.h>
#include <string.h>

#include "tg-wire.h"

#define ID    "6f1c2e3a-4b5d-4e6f-8a7b-9c0d1e2f3a4b"
#define BATCH "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d"
#define Q(text) "\"" text "\""

/* One change as JSON, each member given as JSON text so that a case can
 * give any member a wrong type. */
#define CHANGE(e, i, f, v, h, n) \
  "{\"entity\":" e ",\"id\":" i ",\"field\":" f ",\"value\":" v \
  ",\"hlc\":" h ",\"node\":" n "}"
#define GOOD_ENTITY Q ("client")
#define GOOD_ID     Q (ID)
#define GOOD_FIELD  Q ("given_name")
#define GOOD_VALUE  Q ("Ada")
#define GOOD_HLC    Q ("117637441536000017")
#define GOOD_NODE   Q ("1b2c3d4e5f607182")
#define GOOD_CHANGE \
  CHANGE (GOOD_ENTITY, GOOD_ID, GOOD_FIELD, GOOD_VALUE, GOOD_HLC, GOOD_NODE)

#define REQUEST_WITH(changes) \
  "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":0," \
  "\"device_time\":1767225600000,\"pull_limit\":100,\"changes\":[" \
  changes "]}"
#define BAD_HLC(h) \
  REQUEST_WITH (CHANGE (GOOD_ENTITY, GOOD_ID, GOOD_FIELD, GOOD_VALUE, h, \
                        GOOD_NODE))
#define BAD_NODE(n) \
  REQUEST_WITH (CHANGE (GOOD_ENTITY, GOOD_ID, GOOD_FIELD, GOOD_VALUE, \
                        GOOD_HLC, n))
#define BAD_VALUE(f, v) \
  REQUEST_WITH (CHANGE (GOOD_ENTITY, GOOD_ID, Q (f), v, GOOD_HLC, GOOD_NODE))

#define REPLY_WITH(more, purge) \
  "{\"protocol\":1,\"server_time\":1767225600000,\"accepted\":0," \
  "\"cursor\":4711,\"more\":" more ",\"purge\":" purge ",\"changes\":[]}"
#define REPLY_WITH_POLICY(policy) \
  "{\"protocol\":1,\"server_time\":1767225600000,\"accepted\":0," \
  "\"cursor\":4711,\"more\":false,\"purge\":[],\"changes\":[],\"policy\":" policy "}"
#define ENROLL_WITH(node) \
  "{\"protocol\":1,\"code\":\"K7QF-2M9D-XW4P\",\"device_name\":\"Tablet 7\"," \
  "\"node\":" node "}"
#define ENROLL_REPLY_WITH(token) \
  "{\"protocol\":1,\"server_time\":1767225600000,\"device_id\":" Q (ID) \
  ",\"token\":" token ",\"role\":\"worker\",\"team\":\"Nottingham\"," \
  "\"name\":\"Sam\"}"

typedef enum {
  SYNC_REQUEST,
  SYNC_REPLY,
  ENROLL_REQUEST,
  ENROLL_REPLY,
} Kind;

/* Decodes @json as a document of @kind and throws the result away. */
static gboolean
decode (Kind      kind,
        GBytes   *json,
        GError  **error)
{
  switch (kind)
    {
    case SYNC_REQUEST:
      {
        g_autoptr(TgSyncRequest) r = tg_wire_decode_sync_request (json, error);
        return r != NULL;
      }
    case SYNC_REPLY:
      {
        g_autoptr(TgSyncReply) r = tg_wire_decode_sync_reply (json, error);
        return r != NULL;
      }
    case ENROLL_REQUEST:
      {
        g_autoptr(TgEnrollRequest) r = tg_wire_decode_enroll_request (json,
                                                                      error);
        return r != NULL;
      }
    case ENROLL_REPLY:
      {
        g_autoptr(TgEnrollReply) r = tg_wire_decode_enroll_reply (json, error);
        return r != NULL;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
assert_refused (Kind         kind,
                GBytes      *json,
                TgWireError  code,
                const char  *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;

  g_assert_false (decode (kind, json, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, TG_WIRE_ERROR, (gint) code);
  head = g_strndup (error->message, strlen (prefix));
  g_assert_cmpstr (head, ==, prefix);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

typedef struct {
  const char  *name;
  Kind         kind;
  const char  *json;
  TgWireError  code;
  const char  *prefix;
} Malformed;

#define BAD_REQUEST  TG_WIRE_ERROR_BAD_REQUEST
#define INVALID      TG_WIRE_ERROR_INVALID_CHANGE

static const Malformed malformed[] = {
  /* The document as a whole. */
  { "not-json", SYNC_REQUEST, "hello", BAD_REQUEST, "body: " },
  { "empty", SYNC_REQUEST, "", BAD_REQUEST, "body: " },
  { "blank", SYNC_REQUEST, "  \n", BAD_REQUEST, "body: " },
  { "array", SYNC_REQUEST, "[]", BAD_REQUEST, "body: " },
  { "string", ENROLL_REQUEST, "\"protocol\"", BAD_REQUEST, "body: " },
  { "truncated", SYNC_REQUEST, "{\"protocol\":1,", BAD_REQUEST, "body: " },
  { "not-utf8", ENROLL_REQUEST, ENROLL_WITH ("\"\xff\xfe\""), BAD_REQUEST,
    "body: " },
  { "nul-escape", SYNC_REQUEST, BAD_VALUE ("given_name", Q ("Ada\\u0000x")),
    BAD_REQUEST, "body: " },
  { "wrapping-integer", SYNC_REQUEST,
    "{\"protocol\":1,\"cursor\":18446744073709551620}", BAD_REQUEST,
    "body: " },
  /* Members of the envelope. */
  { "protocol-missing", SYNC_REQUEST, "{\"batch\":" Q (BATCH) "}",
    BAD_REQUEST, "protocol: " },
  { "protocol-string", SYNC_REQUEST, "{\"protocol\":\"1\"}", BAD_REQUEST,
    "protocol: " },
  { "protocol-2", SYNC_REQUEST, "{\"protocol\":2}",
    TG_WIRE_ERROR_UNSUPPORTED_PROTOCOL, "protocol: " },
  { "protocol-2-reply", SYNC_REPLY, "{\"protocol\":2,\"x\":[]}",
    TG_WIRE_ERROR_UNSUPPORTED_PROTOCOL, "protocol: " },
  { "protocol-0-enroll", ENROLL_REPLY, "{\"protocol\":0}",
    TG_WIRE_ERROR_UNSUPPORTED_PROTOCOL, "protocol: " },
  { "batch-missing", SYNC_REQUEST, "{\"protocol\":1,\"cursor\":0}",
    BAD_REQUEST, "batch: " },
  { "batch-not-uuid", SYNC_REQUEST, "{\"protocol\":1,\"batch\":\"b1\"}",
    BAD_REQUEST, "batch: " },
  { "cursor-negative", SYNC_REQUEST,
    "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":-1}", BAD_REQUEST,
    "cursor: " },
  { "cursor-fraction", SYNC_REQUEST,
    "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":1.5}", BAD_REQUEST,
    "cursor: " },
  { "cursor-string", SYNC_REQUEST,
    "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":\"0\"}", BAD_REQUEST,
    "cursor: " },
  { "device-time-missing", SYNC_REQUEST,
    "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":0}", BAD_REQUEST,
    "device_time: " },
  { "pull-limit-zero", SYNC_REQUEST,
    "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":0,"
    "\"device_time\":1,\"pull_limit\":0,\"changes\":[]}", BAD_REQUEST,
    "pull_limit: " },
  { "pull-limit-huge", SYNC_REQUEST,
    "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":0,"
    "\"device_time\":1,\"pull_limit\":5001,\"changes\":[]}", BAD_REQUEST,
    "pull_limit: " },
  { "changes-missing", SYNC_REQUEST,
    "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":0,"
    "\"device_time\":1,\"pull_limit\":9}", BAD_REQUEST, "changes: " },
  { "changes-object", SYNC_REQUEST,
    "{\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":0,"
    "\"device_time\":1,\"pull_limit\":9,\"changes\":{}}", BAD_REQUEST,
    "changes: " },
  { "policy-not-object", SYNC_REPLY, REPLY_WITH_POLICY ("300"), BAD_REQUEST, "policy: " },
  { "policy-idle-zero", SYNC_REPLY, REPLY_WITH_POLICY ("{\"idle_lock_max_seconds\":0}"),
    BAD_REQUEST, "idle_lock_max_seconds: " },
  { "policy-idle-too-long", SYNC_REPLY, REPLY_WITH_POLICY ("{\"idle_lock_max_seconds\":86401}"),
    BAD_REQUEST, "idle_lock_max_seconds: " },
  { "policy-idle-string", SYNC_REPLY, REPLY_WITH_POLICY ("{\"idle_lock_max_seconds\":\"60\"}"),
    BAD_REQUEST, "idle_lock_max_seconds: " },
  { "more-string", SYNC_REPLY, REPLY_WITH ("\"false\"", "[]"), BAD_REQUEST,
    "more: " },
  { "purge-not-array", SYNC_REPLY, REPLY_WITH ("false", "null"), BAD_REQUEST,
    "purge: " },
  { "purge-bad-id", SYNC_REPLY, REPLY_WITH ("false", "[" Q (ID) ",\"x\"]"),
    BAD_REQUEST, "purge: " },
  { "purge-number", SYNC_REPLY, REPLY_WITH ("false", "[7]"), BAD_REQUEST,
    "purge: " },
  { "accepted-missing", SYNC_REPLY,
    "{\"protocol\":1,\"server_time\":1,\"cursor\":1}", BAD_REQUEST,
    "accepted: " },
  { "server-time-negative", ENROLL_REPLY,
    "{\"protocol\":1,\"server_time\":-5}", BAD_REQUEST, "server_time: " },
  { "token-number", ENROLL_REPLY, ENROLL_REPLY_WITH ("7"), BAD_REQUEST,
    "token: " },
  { "token-null", ENROLL_REPLY, ENROLL_REPLY_WITH ("null"), BAD_REQUEST,
    "token: " },
  { "code-missing", ENROLL_REQUEST, "{\"protocol\":1,\"device_name\":\"T\"}",
    BAD_REQUEST, "code: " },
  { "enroll-node-upper", ENROLL_REQUEST, ENROLL_WITH (Q ("1B2C3D4E5F607182")),
    BAD_REQUEST, "node: " },
  { "enroll-node-zero", ENROLL_REQUEST, ENROLL_WITH (Q ("0000000000000000")),
    BAD_REQUEST, "node: " },
  /* The shape of a change. */
  { "change-not-object", SYNC_REQUEST, REQUEST_WITH ("1"), BAD_REQUEST,
    "changes: " },
  { "change-no-hlc", SYNC_REQUEST,
    REQUEST_WITH ("{\"entity\":\"client\",\"id\":" Q (ID) ",\"field\":"
                  "\"given_name\",\"value\":null,\"node\":" GOOD_NODE "}"),
    BAD_REQUEST, "hlc: " },
  { "change-no-value", SYNC_REQUEST,
    REQUEST_WITH ("{\"entity\":\"client\",\"id\":" Q (ID) ",\"field\":"
                  "\"given_name\",\"hlc\":" GOOD_HLC ",\"node\":"
                  GOOD_NODE "}"), BAD_REQUEST, "value: " },
  { "value-number", SYNC_REQUEST, BAD_VALUE ("given_name", "12"),
    BAD_REQUEST, "value: " },
  { "hlc-number", SYNC_REQUEST, BAD_HLC ("117637441536000017"), BAD_REQUEST,
    "hlc: " },
  { "entity-null", SYNC_REQUEST,
    REQUEST_WITH (CHANGE ("null", GOOD_ID, GOOD_FIELD, GOOD_VALUE, GOOD_HLC,
                          GOOD_NODE)), BAD_REQUEST, "entity: " },
  /* What a change says. */
  { "entity-unknown", SYNC_REQUEST,
    REQUEST_WITH (CHANGE (Q ("prisoner"), GOOD_ID, GOOD_FIELD, GOOD_VALUE,
                          GOOD_HLC, GOOD_NODE)), INVALID, "entity: " },
  { "field-unknown", SYNC_REQUEST, BAD_VALUE ("shoe_size", Q ("9")), INVALID,
    "field: " },
  { "field-of-other-entity", SYNC_REQUEST, BAD_VALUE ("body", Q ("x")),
    INVALID, "field: " },
  { "id-not-uuid", SYNC_REQUEST,
    REQUEST_WITH (CHANGE (GOOD_ENTITY, Q ("client-1"), GOOD_FIELD, GOOD_VALUE,
                          GOOD_HLC, GOOD_NODE)), INVALID, "id: " },
  { "id-upper-case", SYNC_REQUEST,
    REQUEST_WITH (CHANGE (GOOD_ENTITY,
                          Q ("6F1C2E3A-4B5D-4E6F-8A7B-9C0D1E2F3A4B"),
                          GOOD_FIELD, GOOD_VALUE, GOOD_HLC, GOOD_NODE)),
    INVALID, "id: " },
  { "hlc-empty", SYNC_REQUEST, BAD_HLC (Q ("")), INVALID, "hlc: " },
  { "hlc-negative", SYNC_REQUEST, BAD_HLC (Q ("-1")), INVALID, "hlc: " },
  { "hlc-plus", SYNC_REQUEST, BAD_HLC (Q ("+1")), INVALID, "hlc: " },
  { "hlc-space", SYNC_REQUEST, BAD_HLC (Q (" 1")), INVALID, "hlc: " },
  { "hlc-exponent", SYNC_REQUEST, BAD_HLC (Q ("1e3")), INVALID, "hlc: " },
  { "hlc-zero", SYNC_REQUEST, BAD_HLC (Q ("0")), INVALID, "hlc: " },
  { "hlc-2-64", SYNC_REQUEST, BAD_HLC (Q ("18446744073709551616")), INVALID,
    "hlc: " },
  { "node-not-hex", SYNC_REQUEST, BAD_NODE (Q ("1b2c3d4e5f60718g")), INVALID,
    "node: " },
  { "node-zero", SYNC_REQUEST, BAD_NODE (Q ("0000000000000000")), INVALID,
    "node: " },
  { "node-short", SYNC_REQUEST, BAD_NODE (Q ("1b2c3d4e5f60718")), INVALID,
    "node: " },
  { "node-long", SYNC_REQUEST, BAD_NODE (Q ("1b2c3d4e5f6071820")), INVALID,
    "node: " },
  { "node-64-bit", SYNC_REQUEST, BAD_NODE (Q ("8000000000000000")), INVALID,
    "node: " },
  { "node-upper-case", SYNC_REQUEST, BAD_NODE (Q ("1B2C3D4E5F607182")),
    INVALID, "node: " },
  { "nhs-check-digit", SYNC_REQUEST, BAD_VALUE ("nhs_number", Q ("9990000019")),
    INVALID, "nhs_number: " },
  { "gender-choice", SYNC_REQUEST, BAD_VALUE ("gender", Q ("robot")), INVALID,
    "gender: " },
  { "date-not-real", SYNC_REQUEST,
    BAD_VALUE ("date_of_birth", Q ("1990-02-30")), INVALID, "date_of_birth: " },
  { "text-control", SYNC_REQUEST, BAD_VALUE ("given_name", Q ("A\\u0007da")),
    INVALID, "given_name: " },
};

static void
test_malformed (gconstpointer data)
{
  const Malformed *c = data;
  g_autoptr(GBytes) json = text_bytes (c->json);

  assert_refused (c->kind, json, c->code, c->prefix);
}

/* Each kind of document as the table builds it is accepted, so the table's
 * cases fail for the reason they name; unknown members are ignored. */
static void
test_well_formed (void)
{
  static const struct { Kind kind; const char *json; } cases[] = {
    { SYNC_REQUEST, REQUEST_WITH (GOOD_CHANGE "," GOOD_CHANGE) },
    { SYNC_REQUEST, REQUEST_WITH ("") },
    { SYNC_REPLY, REPLY_WITH ("true", "[" Q (ID) "]") },
    { SYNC_REPLY, REPLY_WITH_POLICY ("{}") },
    { SYNC_REPLY, REPLY_WITH_POLICY ("null") },
    { SYNC_REPLY, REPLY_WITH_POLICY ("{\"idle_lock_max_seconds\":86400,\"future\":1}") },
    { ENROLL_REQUEST, ENROLL_WITH (GOOD_NODE) },
    { ENROLL_REQUEST, ENROLL_WITH (Q ("7fffffffffffffff")) },
    { ENROLL_REPLY, ENROLL_REPLY_WITH (Q ("abc")) },
    { SYNC_REQUEST, "{\"future\":{\"x\":[1,2.5,{\"y\":null}]},"
                    "\"protocol\":1,\"batch\":" Q (BATCH) ",\"cursor\":3,"
                    "\"device_time\":0,\"pull_limit\":5000,\"changes\":["
                    "{\"entity\":\"client\",\"id\":" Q (ID) ",\"field\":"
                    "\"gender\",\"value\":\"female\",\"hlc\":\"1\","
                    "\"node\":\"0000000000000001\",\"signed\":true}]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) json = text_bytes (cases[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_true (decode (cases[i].kind, json, &error));
      g_assert_no_error (error);
    }
}

/* Decoded values are canonical, as a local write would store them. */
static void
test_canonical_values (void)
{
  static const char json[] = REQUEST_WITH (
    CHANGE (GOOD_ENTITY, GOOD_ID, Q ("nhs_number"), Q ("999 000 0018"),
            GOOD_HLC, GOOD_NODE) ","
    CHANGE (GOOD_ENTITY, GOOD_ID, Q ("consent_to_share"), Q ("Yes"),
            GOOD_HLC, GOOD_NODE));
  g_autoptr(GBytes) bytes = text_bytes (json);
  g_autoptr(TgSyncRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const TgChange *change;

  request = tg_wire_decode_sync_request (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (request->changes->len, ==, 2);
  change = g_ptr_array_index (request->changes, 0);
  g_assert_cmpstr (change->value, ==, "9990000018");
  g_assert_cmpuint (change->version.hlc, ==,
                    G_GUINT64_CONSTANT (117637441536000017));
  g_assert_cmpint (change->version.node_id, ==, 0x1b2c3d4e5f607182);
  change = g_ptr_array_index (request->changes, 1);
  g_assert_cmpstr (change->value, ==, "true");
}

/* A request holding @n copies of a change. */
static GBytes *
request_with_changes (guint n)
{
  GString *json = g_string_new ("{\"protocol\":1,\"batch\":" Q (BATCH)
                                ",\"cursor\":0,\"device_time\":1,"
                                "\"pull_limit\":10,\"changes\":[");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append (json, GOOD_CHANGE);
    }
  g_string_append (json, "]}");
  return g_string_free_to_bytes (json);
}

static void
test_too_many_changes (void)
{
  g_autoptr(GBytes) limit = request_with_changes (TG_WIRE_MAX_CHANGES);
  g_autoptr(GBytes) over = request_with_changes (TG_WIRE_MAX_CHANGES + 1);
  g_autoptr(TgSyncRequest) request = NULL;
  g_autoptr(TgSyncReply) reply = tg_sync_reply_new ();
  g_autoptr(GBytes) big_reply = NULL;
  g_autoptr(GError) error = NULL;

  request = tg_wire_decode_sync_request (limit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (request->changes->len, ==, TG_WIRE_MAX_CHANGES);
  assert_refused (SYNC_REQUEST, over, TG_WIRE_ERROR_PAYLOAD_TOO_LARGE,
                  "changes: ");

  for (guint i = 0; i <= TG_WIRE_MAX_PULL; i++)
    g_ptr_array_add (reply->changes,
                     tg_change_copy (g_ptr_array_index (request->changes, 0)));
  big_reply = tg_wire_encode_sync_reply (reply);
  assert_refused (SYNC_REPLY, big_reply, TG_WIRE_ERROR_PAYLOAD_TOO_LARGE,
                  "changes: ");
}

/* A note body far over its 20,000-character bound; the message names the
 * note's field, body. */
static void
test_long_note (void)
{
  g_autofree char *text = g_strnfill (100000, 'a');
  g_autofree char *json = g_strdup_printf (
    REQUEST_WITH (CHANGE (Q ("note"), GOOD_ID, Q ("body"), Q ("%s"),
                          GOOD_HLC, GOOD_NODE)), text);
  g_autoptr(GBytes) bytes = text_bytes (json);

  assert_refused (SYNC_REQUEST, bytes, INVALID, "body: ");
}

/* Nesting that would exhaust the parser's stack is refused unparsed. */
static void
test_deep_nesting (void)
{
  GString *json = g_string_new ("{\"protocol\":1,\"x\":");
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (json, '[');
  bytes = g_string_free_to_bytes (json);
  assert_refused (SYNC_REQUEST, bytes, BAD_REQUEST, "body: ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/wire/decode/well-formed", test_well_formed);
  g_test_add_func ("/tg/wire/decode/canonical-values", test_canonical_values);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/wire/decode/malformed/%s",
                                               malformed[i].name);
      g_test_add_data_func (path, &malformed[i], test_malformed);
    }
  g_test_add_func ("/tg/wire/decode/malformed/too-many-changes",
                   test_too_many_changes);
  g_test_add_func ("/tg/wire/decode/malformed/long-note", test_long_note);
  g_test_add_func ("/tg/wire/decode/malformed/deep-nesting",
                   test_deep_nesting);

  return g_test_run ();
}
