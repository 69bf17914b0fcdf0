/* test-wire.c: the sync wire format, version 1 (docs/sync-protocol.md).
 *
 * Every document survives a round trip exactly, hlc values above 2^53
 * included, and is written as compact JSON; error documents carry every
 * code both ways; gunzip refuses damaged streams and stops at its bound.
 * What the decoders refuse is in test-wire-decode.c.
 */
#include <gio/gio.h>
#include <string.h>

#include "tg-uuid.h"
#include "tg-wire.h"

#define ID    "6f1c2e3a-4b5d-4e6f-8a7b-9c0d1e2f3a4b"
#define BATCH "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d"

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static TgChange *
make_change (const char *entity,
             const char *field,
             const char *id,
             const char *value,
             guint64     hlc,
             gint64      node)
{
  const TgEntityDef *e = tg_schema_lookup_entity (entity);
  const TgFieldDef *f = tg_schema_lookup_field (e, field);
  TgVersion version = { hlc, node };

  g_assert_nonnull (f);
  return tg_change_new (f, id, value, &version);
}

static void
add_sample_changes (GPtrArray *changes)
{
  g_autofree char *client = tg_uuid_new ();
  g_autofree char *note = tg_uuid_new ();
  /* 1 January 2026, 00:00 UTC, counter 17: far above 2^53. */
  guint64 realistic = tg_hlc_pack (G_GUINT64_CONSTANT (1767225600000), 17);
  guint64 two_57 = G_GUINT64_CONSTANT (144115188075855872);

  g_assert_cmpuint (realistic, >, G_GUINT64_CONSTANT (1) << 53);
  g_ptr_array_add (changes,
                   make_change ("client", "given_name", client,
                                "Ada \"Nan\" O’Brien\n— Zoë ✓",
                                realistic, 0x1b2c3d4e5f607182));
  g_ptr_array_add (changes,
                   make_change ("client", "nhs_number", client, NULL,
                                two_57, 1));
  g_ptr_array_add (changes,
                   make_change ("client", "date_of_birth", client,
                                "1990-04-01", G_MAXUINT64, G_MAXINT64));
  g_ptr_array_add (changes,
                   make_change ("note", "body", note,
                                "Met at the gate.\r\n\tSaid: \\\"ok\\\""
                                " </script> 😀", realistic + 1, 2));
}

static void
assert_changes_equal (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const TgChange *x = g_ptr_array_index (a, i);
      const TgChange *y = g_ptr_array_index (b, i);

      g_assert_true (x->entity == y->entity);
      g_assert_true (x->field == y->field);
      g_assert_cmpstr (x->record_id, ==, y->record_id);
      g_assert_cmpstr (x->value, ==, y->value);
      g_assert_cmpuint (x->version.hlc, ==, y->version.hlc);
      g_assert_cmpint (x->version.node_id, ==, y->version.node_id);
    }
}

/* Encoders write compact JSON: a raw line break can only be pretty
 * printing, since line breaks in values are escaped. */
static void
assert_compact (GBytes     *json,
                const char *expected)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (json, NULL),
                                     g_bytes_get_size (json));

  g_assert_null (strchr (text, '\n'));
  g_assert_null (strstr (text, "  "));
  g_assert_nonnull (strstr (text, expected));
}

static void
test_sync_request_round_trip (void)
{
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();
  g_autoptr(TgSyncRequest) decoded = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;

  request->batch = tg_uuid_new ();
  request->cursor = 4711;
  request->device_time = 1767225600123;
  request->pull_limit = 2000;
  add_sample_changes (request->changes);

  json = tg_wire_encode_sync_request (request);
  assert_compact (json, "\"cursor\":4711,\"device_time\":1767225600123");
  assert_compact (json, "\"value\":null,\"hlc\":\"144115188075855872\","
                        "\"node\":\"0000000000000001\"");
  assert_compact (json, "\"hlc\":\"18446744073709551615\","
                        "\"node\":\"7fffffffffffffff\"");

  decoded = tg_wire_decode_sync_request (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded->batch, ==, request->batch);
  g_assert_cmpint (decoded->cursor, ==, 4711);
  g_assert_cmpint (decoded->device_time, ==, 1767225600123);
  g_assert_cmpuint (decoded->pull_limit, ==, 2000);
  assert_changes_equal (request->changes, decoded->changes);
}

static void
test_sync_reply_round_trip (void)
{
  g_autoptr(TgSyncReply) reply = tg_sync_reply_new ();
  g_autoptr(TgSyncReply) decoded = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;

  reply->server_time = 1767225600999;
  reply->accepted = 12;
  reply->cursor = 9007199254740991;
  reply->more = TRUE;
  g_ptr_array_add (reply->purge, g_strdup (ID));
  g_ptr_array_add (reply->purge, tg_uuid_new ());
  add_sample_changes (reply->changes);

  json = tg_wire_encode_sync_reply (reply);
  assert_compact (json, "\"accepted\":12,\"cursor\":9007199254740991,"
                        "\"more\":true,\"purge\":[\"" ID "\",");

  decoded = tg_wire_decode_sync_reply (json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (decoded->server_time, ==, reply->server_time);
  g_assert_cmpuint (decoded->accepted, ==, 12);
  g_assert_cmpint (decoded->cursor, ==, reply->cursor);
  g_assert_true (decoded->more);
  g_assert_cmpuint (decoded->purge->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (g_ptr_array_index (decoded->purge, i), ==,
                     g_ptr_array_index (reply->purge, i));
  assert_changes_equal (reply->changes, decoded->changes);
  g_assert_cmpuint (decoded->idle_lock_max_seconds, ==, 0);

  /* A policy goes with the reply when the server sets one. */
  g_clear_pointer (&decoded, tg_sync_reply_free);
  g_clear_pointer (&json, g_bytes_unref);
  reply->idle_lock_max_seconds = 300;
  json = tg_wire_encode_sync_reply (reply);
  assert_compact (json, "\"policy\":{\"idle_lock_max_seconds\":300}");
  decoded = tg_wire_decode_sync_reply (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->idle_lock_max_seconds, ==, 300);

  /* And an empty reply, as most are. */
  g_clear_pointer (&decoded, tg_sync_reply_free);
  g_clear_pointer (&json, g_bytes_unref);
  g_clear_pointer (&reply, tg_sync_reply_free);
  reply = tg_sync_reply_new ();
  json = tg_wire_encode_sync_reply (reply);
  assert_compact (json, "\"more\":false,\"purge\":[],\"changes\":[]");
  decoded = tg_wire_decode_sync_reply (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->purge->len, ==, 0);
  g_assert_cmpuint (decoded->changes->len, ==, 0);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));

    g_assert_null (strstr (text, "policy"));
  }
  g_assert_cmpuint (decoded->idle_lock_max_seconds, ==, 0);
}

static void
test_enroll_round_trip (void)
{
  TgEnrollRequest request = { "K7QF-2M9D-XW4P", "Tablet “7” — ward 2",
                              0x1b2c3d4e5f607182 };
  TgEnrollReply reply = { 1767225600000, ID, "dG9rZW4tYnl0ZXM_-w",
                          "mentor", "Nottingham In-Reach", "Zoë \"Z\" Smith" };
  g_autoptr(TgEnrollRequest) request2 = NULL;
  g_autoptr(TgEnrollReply) reply2 = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) json2 = NULL;
  g_autoptr(GError) error = NULL;

  json = tg_wire_encode_enroll_request (&request);
  assert_compact (json, "\"node\":\"1b2c3d4e5f607182\"");
  request2 = tg_wire_decode_enroll_request (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request2->code, ==, request.code);
  g_assert_cmpstr (request2->device_name, ==, request.device_name);
  g_assert_cmpint (request2->node_id, ==, request.node_id);

  json2 = tg_wire_encode_enroll_reply (&reply);
  assert_compact (json2, "\"server_time\":1767225600000");
  reply2 = tg_wire_decode_enroll_reply (json2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply2->server_time, ==, reply.server_time);
  g_assert_cmpstr (reply2->device_id, ==, reply.device_id);
  g_assert_cmpstr (reply2->token, ==, reply.token);
  g_assert_cmpstr (reply2->role, ==, reply.role);
  g_assert_cmpstr (reply2->team, ==, reply.team);
  g_assert_cmpstr (reply2->name, ==, reply.name);
}

static void
test_error_round_trip (gconstpointer data)
{
  TgWireError code = GPOINTER_TO_UINT (data);
  const char *name = tg_wire_error_name (code);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;
  TgWireError back;
  gint64 server_time = -1;

  g_assert_nonnull (name);
  g_assert_true (tg_wire_error_from_name (name, &back));
  g_assert_cmpint (back, ==, code);
  g_assert_cmpuint (tg_wire_error_status (code), >=, 400);

  json = tg_wire_encode_error (code, "given_name: “x\"y” is\nwrong",
                               1767225600000);
  assert_compact (json, "{\"error\":{\"code\":\"");
  tg_wire_decode_error (json, tg_wire_error_status (code), &server_time,
                        &error);
  g_assert_error (error, TG_WIRE_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, "given_name: “x\"y” is\nwrong");
  g_assert_cmpint (server_time, ==, 1767225600000);
}

static void
test_error_names (void)
{
  static const struct { TgWireError code; const char *name; guint status; }
  cases[] = {
    { TG_WIRE_ERROR_BAD_REQUEST, "bad_request", 400 },
    { TG_WIRE_ERROR_UNSUPPORTED_PROTOCOL, "unsupported_protocol", 400 },
    { TG_WIRE_ERROR_UNAUTHORIZED, "unauthorized", 401 },
    { TG_WIRE_ERROR_DEVICE_REVOKED, "device_revoked", 403 },
    { TG_WIRE_ERROR_INVALID_CODE, "invalid_code", 403 },
    { TG_WIRE_ERROR_OUT_OF_SCOPE, "out_of_scope", 403 },
    { TG_WIRE_ERROR_NOT_FOUND, "not_found", 404 },
    { TG_WIRE_ERROR_CLOCK_SKEW, "clock_skew", 409 },
    { TG_WIRE_ERROR_PAYLOAD_TOO_LARGE, "payload_too_large", 413 },
    { TG_WIRE_ERROR_INVALID_CHANGE, "invalid_change", 422 },
    { TG_WIRE_ERROR_RATE_LIMITED, "rate_limited", 429 },
    { TG_WIRE_ERROR_SERVER, "server_error", 500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (tg_wire_error_name (cases[i].code), ==, cases[i].name);
      g_assert_cmpuint (tg_wire_error_status (cases[i].code), ==,
                        cases[i].status);
    }
  g_assert_false (tg_wire_error_from_name ("teapot", NULL));
  g_assert_false (tg_wire_error_from_name (NULL, NULL));
}

/* Whatever a proxy or a broken server sends, the device gets an error in
 * TG_WIRE_ERROR that says the HTTP status. */
static void
test_error_fallback (void)
{
  static const struct {
    const char *body;
    guint       status;
    gint64      time;
  } cases[] = {
    { "<html>Bad Gateway</html>", 502, 0 },
    { "", 500, 0 },
    { "{\"error\":{\"code\":\"teapot\",\"message\":\"no\"},"
      "\"server_time\":42}", 418, 42 },
    { "{\"error\":\"bad_request\"}", 400, 0 },
    { "[1,2]", 503, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) json = text_bytes (cases[i].body);
      g_autoptr(GError) error = NULL;
      g_autofree char *status = g_strdup_printf ("%u", cases[i].status);
      gint64 server_time = -1;

      tg_wire_decode_error (json, cases[i].status, &server_time, &error);
      g_assert_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_SERVER);
      g_assert_nonnull (strstr (error->message, status));
      g_assert_cmpint (server_time, ==, cases[i].time);
    }
}

static void
test_free_null (void)
{
  tg_sync_request_free (NULL);
  tg_sync_reply_free (NULL);
  tg_enroll_request_free (NULL);
  tg_enroll_reply_free (NULL);
}

static void
test_gzip_round_trip (void)
{
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();
  g_autoptr(TgSyncRequest) decoded = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) empty_packed = NULL;
  g_autoptr(GBytes) empty_unpacked = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *head;

  request->batch = g_strdup (BATCH);
  for (guint i = 0; i < 200; i++)
    add_sample_changes (request->changes);
  json = tg_wire_encode_sync_request (request);
  packed = tg_wire_gzip (json);
  head = g_bytes_get_data (packed, NULL);
  g_assert_cmpuint (head[0], ==, 0x1f);
  g_assert_cmpuint (head[1], ==, 0x8b);
  g_assert_cmpuint (g_bytes_get_size (packed), <, g_bytes_get_size (json));

  unpacked = tg_wire_gunzip (packed, TG_WIRE_MAX_UNPACKED, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (unpacked, json));
  decoded = tg_wire_decode_sync_request (unpacked, &error);
  g_assert_no_error (error);
  assert_changes_equal (request->changes, decoded->changes);

  empty_packed = tg_wire_gzip (empty);
  empty_unpacked = tg_wire_gunzip (empty_packed, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (empty_unpacked), ==, 0);
}

/* Cut short anywhere, flipped bits, or followed by junk: BAD_REQUEST. */
static void
test_gunzip_damaged (void)
{
  /* How much to keep: from the start, or (negative) short of the end. */
  static const gssize cuts[] = { 0, 1, 2, 9, 10, 20, -50, -8, -4, -1 };
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) packed = NULL;
  const guint8 *data;
  gsize size;

  request->batch = g_strdup (BATCH);
  add_sample_changes (request->changes);
  json = tg_wire_encode_sync_request (request);
  packed = tg_wire_gzip (json);
  data = g_bytes_get_data (packed, &size);
  g_assert_cmpuint (size, >, 100);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      gsize keep = cuts[i] >= 0 ? (gsize) cuts[i] : size - (gsize) -cuts[i];
      g_autoptr(GBytes) cut = g_bytes_new (data, keep);
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GError) error = NULL;

      out = tg_wire_gunzip (cut, TG_WIRE_MAX_UNPACKED, &error);
      g_assert_null (out);
      g_assert_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST);
    }

  for (gsize at = 0; at < size; at += size / 7 + 1)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) damaged = NULL;
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GError) error = NULL;

      /* Header flag bits (byte 3) and the mtime/xfl/os bytes (4 to 9)
       * are not checked by zlib; flip elsewhere. */
      if (at >= 3 && at < 10)
        continue;
      copy[at] ^= 0x55;
      damaged = g_bytes_new_take (g_steal_pointer (&copy), size);
      out = tg_wire_gunzip (damaged, TG_WIRE_MAX_UNPACKED, &error);
      g_assert_null (out);
      g_assert_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST);
    }

  {
    g_autoptr(GByteArray) junk = g_byte_array_new ();
    g_autoptr(GBytes) followed = NULL;
    g_autoptr(GBytes) out = NULL;
    g_autoptr(GError) error = NULL;

    g_byte_array_append (junk, data, size);
    g_byte_array_append (junk, (const guint8 *) "junk", 4);
    followed = g_byte_array_free_to_bytes (g_steal_pointer (&junk));
    out = tg_wire_gunzip (followed, TG_WIRE_MAX_UNPACKED, &error);
    g_assert_null (out);
    g_assert_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST);
  }
}

/* gzip of @size zero bytes, made a mebibyte at a time. */
static GBytes *
gzip_zeros (gsize size)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree guint8 *zeros = g_malloc0 (1024 * 1024);
  g_autoptr(GError) error = NULL;

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  memory = g_memory_output_stream_new_resizable ();
  stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  for (gsize done = 0; done < size; done += 1024 * 1024)
    {
      g_output_stream_write_all (stream, zeros, MIN (1024 * 1024, size - done),
                                 NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (
    G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_gunzip_bound (void)
{
  g_autoptr(GBytes) bomb = gzip_zeros (64 * 1024 * 1024);
  g_autoptr(GBytes) small = gzip_zeros (1000);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (bomb), <, 1024 * 1024);
  out = tg_wire_gunzip (bomb, TG_WIRE_MAX_UNPACKED, &error);
  g_assert_null (out);
  g_assert_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_PAYLOAD_TOO_LARGE);
  g_clear_error (&error);

  /* The bound itself is allowed; a byte over it is not. */
  out = tg_wire_gunzip (small, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (out), ==, 1000);
  g_clear_pointer (&out, g_bytes_unref);
  out = tg_wire_gunzip (small, 999, &error);
  g_assert_null (out);
  g_assert_error (error, TG_WIRE_ERROR, TG_WIRE_ERROR_PAYLOAD_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/wire/sync-request/round-trip",
                   test_sync_request_round_trip);
  g_test_add_func ("/tg/wire/sync-reply/round-trip",
                   test_sync_reply_round_trip);
  g_test_add_func ("/tg/wire/enroll/round-trip", test_enroll_round_trip);
  g_test_add_func ("/tg/wire/error/names", test_error_names);
  for (guint code = 0; code <= TG_WIRE_ERROR_SERVER; code++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/wire/error/round-trip/%s",
                                               tg_wire_error_name (code));
      g_test_add_data_func (path, GUINT_TO_POINTER (code),
                            test_error_round_trip);
    }
  g_test_add_func ("/tg/wire/error/fallback", test_error_fallback);
  g_test_add_func ("/tg/wire/free-null", test_free_null);
  g_test_add_func ("/tg/wire/gzip/round-trip", test_gzip_round_trip);
  g_test_add_func ("/tg/wire/gzip/damaged", test_gunzip_damaged);
  g_test_add_func ("/tg/wire/gzip/bound", test_gunzip_bound);

  return g_test_run ();
}
