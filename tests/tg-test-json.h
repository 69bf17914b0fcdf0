/* tg-test-json.h: reading the JSON that throughgate-cli prints. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses @text, failing the test when it is not JSON. */
JsonNode *tg_test_parse_json (const char *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
