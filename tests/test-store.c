/* The store through its public API: round trips for every entity, the
 * version and pending change that come with every write, the queries, and
 * bad input that leaves everything as it was. */

#include <sqlite3.h>

#include "tg-error.h"
#include "tg-store-private.h"
#include "tg-store-sync.h"
#include "tg-uuid.h"

#define PIN "246810"

typedef struct {
  char    *dir;
  TgStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("tg-store-XXXXXX", &error);

  g_assert_no_error (error);
  f->dir = g_build_filename (tmp, "store", NULL);
  f->store = tg_store_create (f->dir, PIN, "Test Worker", &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  g_free (f->dir);
}

static char *
add_client (TgStore    *store,
            const char *given,
            const char *family,
            const char *prison_number)
{
  const char *fields[] = { "given_name", "family_name", "prison_number" };
  const char *values[] = { given, family, prison_number };
  g_autoptr(GError) error = NULL;
  char *id = tg_store_insert (store, "client", fields, values, 3, &error);

  g_assert_no_error (error);
  g_assert_true (tg_uuid_is_valid (id));
  return id;
}

static gint64
count_rows (TgStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A valid sample value for any field, by type. */
static const char *
sample_value (const TgFieldDef *field,
              GHashTable       *ids)
{
  switch (field->type)
    {
    case TG_FIELD_TEXT:          return "Sample text — with “quotes”, commas, and ünïcode";
    case TG_FIELD_DATE:          return "2027-03-31";
    case TG_FIELD_DATE_TIME:     return "2027-03-31T09:30:00Z";
    case TG_FIELD_TIME:          return "09:30";
    case TG_FIELD_BOOLEAN:       return "true";
    case TG_FIELD_INTEGER:       return "7";
    case TG_FIELD_CHOICE:        return field->choices[1] != NULL ? field->choices[1] : field->choices[0];
    case TG_FIELD_REFERENCE:     return g_hash_table_lookup (ids, field->references);
    case TG_FIELD_PRISON_NUMBER: return "A1234BC";
    case TG_FIELD_PNC_ID:        return "2001/0012345H";
    case TG_FIELD_CRO_NUMBER:    return "SF 01/123456F";
    case TG_FIELD_NHS_NUMBER:    return "9990000018";
    case TG_FIELD_CRN:           return "X123456";
    case TG_FIELD_DECIMAL:       return "0.5";
    default:                     g_assert_not_reached ();
    }
}

/* Writes every field of every entity, reads each record back and checks
 * values, versions and pending changes. */
static void
test_round_trip_every_entity (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const TgEntityDef * const *entities;
  guint n_entities;
  guint64 last_hlc = 0;
  gint64 expected_pending = 0;

  entities = tg_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      const TgEntityDef *entity = entities[e];
      g_autofree const char **fields = g_new0 (const char *, entity->n_fields);
      g_autofree const char **values = g_new0 (const char *, entity->n_fields);
      g_autoptr(GError) error = NULL;
      g_autoptr(TgRecord) record = NULL;
      char *id;
      guint n = 0;

      for (guint i = 0; i < entity->n_fields; i++)
        {
          /* A signed note is written by signing; deleted stays unset. */
          if (g_str_equal (entity->fields[i].name, "deleted") ||
              g_str_has_prefix (entity->fields[i].name, "signed_"))
            continue;
          fields[n] = entity->fields[i].name;
          values[n] = sample_value (&entity->fields[i], ids);
          n++;
        }

      if (g_str_equal (entity->name, "release_plan"))
        {
          id = g_strdup (g_hash_table_lookup (ids, "client"));
          /* client_id is implied by the plan's id. */
          g_assert_true (tg_store_set_release (f->store, id, fields + 1, values + 1, n - 1, &error));
        }
      else if (g_str_equal (entity->name, "note"))
        {
          /* The note corrects itself would be a forward reference; point
           * corrects_note_id at an earlier note instead. */
          const char *first_fields[] = { "client_id", "kind", "body" };
          const char *first_values[] = { g_hash_table_lookup (ids, "client"), "phone", "First note" };
          char *first = tg_store_insert (f->store, "note", first_fields, first_values, 3, &error);

          g_assert_no_error (error);
          g_hash_table_insert (ids, (gpointer) "note", first);
          for (guint i = 0; i < n; i++)
            if (g_str_equal (fields[i], "corrects_note_id"))
              values[i] = first;
          expected_pending += 3;
          id = tg_store_insert (f->store, entity->name, fields, values, n, &error);
        }
      else
        id = tg_store_insert (f->store, entity->name, fields, values, n, &error);
      g_assert_no_error (error);
      g_assert_nonnull (id);
      if (!g_hash_table_contains (ids, entity->name))
        g_hash_table_insert (ids, (gpointer) entity->name, g_strdup (id));
      expected_pending += n;

      record = tg_store_get (f->store, entity->name, id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (record->id, ==, id);
      for (guint i = 0; i < n; i++)
        {
          const TgFieldDef *def = tg_schema_lookup_field (entity, fields[i]);
          guint index = (guint) (def - entity->fields);
          g_autofree char *canonical = NULL;

          g_assert_true (tg_field_normalize (def, values[i], &canonical, NULL));
          g_assert_cmpstr (record->values[index], ==, canonical);
          g_assert_cmpint (record->versions[index].node_id, ==, tg_store_get_node_id (f->store));
          g_assert_cmpuint (record->versions[index].hlc, >, last_hlc);
        }
      /* Fields of one write share its stamp; the next write is later. */
      last_hlc = record->versions[tg_schema_lookup_field (entity, fields[0]) - entity->fields].hlc;
      g_free (id);
    }

  g_assert_cmpint (tg_store_count_pending (f->store, NULL), ==, expected_pending);
}

static void
test_update_stamps_only_written_fields (Fixture       *f,
                                        gconstpointer  data)
{
  g_autofree char *id = add_client (f->store, "Marta", "Okonjo", "A1111AA");
  g_autoptr(TgRecord) before = tg_store_get (f->store, "client", id, NULL);
  g_autoptr(TgRecord) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *fields[] = { "team" };
  const char *values[] = { "Outreach North" };
  guint given = (guint) (tg_schema_lookup_field (before->entity, "given_name") - before->entity->fields);
  guint team = (guint) (tg_schema_lookup_field (before->entity, "team") - before->entity->fields);

  g_assert_true (tg_store_update (f->store, "client", id, fields, values, 1, &error));
  g_assert_no_error (error);
  after = tg_store_get (f->store, "client", id, NULL);
  g_assert_cmpstr (after->values[team], ==, "Outreach North");
  g_assert_cmpuint (after->versions[team].hlc, >, before->versions[given].hlc);
  g_assert_cmpuint (after->versions[given].hlc, ==, before->versions[given].hlc);
  g_assert_cmpint (tg_store_count_pending (f->store, NULL), ==, 4);

  /* Clearing is a write too: a NULL value with a fresh version. */
  values[0] = NULL;
  g_assert_true (tg_store_update (f->store, "client", id, fields, values, 1, &error));
  g_clear_pointer (&after, tg_record_free);
  after = tg_store_get (f->store, "client", id, NULL);
  g_assert_null (after->values[team]);
  g_assert_cmpuint (after->versions[team].hlc, >, 0);
}

typedef struct {
  const char *field;
  const char *value;
  GQuark      domain;
  int         code;
} BadWrite;

static void
test_bad_input_changes_nothing (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *id = add_client (f->store, "Sione", "Tupou", "B2222BB");
  g_autofree char *long_body = g_strnfill (100000, 'y');
  const BadWrite cases[] = {
    { "prison_number", "12345", TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_PRISON_NUMBER },
    { "nhs_number", "9990000019", TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_NHS_NUMBER },
    { "date_of_birth", "1990-02-30", TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE },
    { "custody_status", "escaped", TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_CHOICE },
    { "favourite_colour", "blue", TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_UNKNOWN_FIELD },
    { "given_name", long_body, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_TOO_LONG },
  };
  gint64 pending = tg_store_count_pending (f->store, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* The good field first: a bad second field must undo it. */
      const char *fields[] = { "family_name", cases[i].field };
      const char *values[] = { "Changed", cases[i].value };
      g_autoptr(GError) error = NULL;
      g_autoptr(TgRecord) record = NULL;

      g_assert_false (tg_store_update (f->store, "client", id, fields, values, 2, &error));
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, cases[i].field));

      record = tg_store_get (f->store, "client", id, NULL);
      g_assert_cmpstr (tg_record_get (record, "family_name"), ==, "Tupou");
    }
  g_assert_cmpint (tg_store_count_pending (f->store, NULL), ==, pending);
}

static void
test_unknown_records_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *ghost = tg_uuid_new ();
  const char *note_fields[] = { "client_id", "kind", "body" };
  const char *note_values[] = { ghost, "phone", "Rang, no answer" };
  const char *fields[] = { "team" };
  const char *values[] = { "North" };
  g_autoptr(GError) error = NULL;
  char *id;

  g_assert_false (tg_store_update (f->store, "client", ghost, fields, values, 1, &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD);
  g_clear_error (&error);

  id = tg_store_insert (f->store, "note", note_fields, note_values, 3, &error);
  g_assert_null (id);
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD);
  g_assert_true (g_str_has_prefix (error->message, "client_id: "));
  g_clear_error (&error);

  g_assert_false (tg_store_set_release (f->store, ghost, fields, values, 0, &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM note"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM release_plan"), ==, 0);
}

static void
test_signed_note_is_read_only (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *client = add_client (f->store, "Ife", "Adeyemi", "C3333CC");
  const char *fields[] = { "client_id", "kind", "body" };
  const char *values[] = { client, "in_reach", "Seen on the wing; wants help with housing." };
  const char *edit_fields[] = { "body" };
  const char *edit_values[] = { "Rewritten" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgRecord) note = NULL;
  g_autofree char *id = tg_store_insert (f->store, "note", fields, values, 3, &error);

  g_assert_no_error (error);
  g_assert_true (tg_store_update (f->store, "note", id, edit_fields, edit_values, 1, &error));
  g_assert_true (tg_store_sign_note (f->store, id, &error));
  g_assert_no_error (error);

  note = tg_store_get (f->store, "note", id, NULL);
  g_assert_cmpstr (tg_record_get (note, "signed_by"), ==, "Test Worker");
  g_assert_nonnull (tg_record_get (note, "signed_at"));

  edit_values[0] = "Changed after signing";
  g_assert_false (tg_store_update (f->store, "note", id, edit_fields, edit_values, 1, &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (tg_store_sign_note (f->store, id, &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Signing is not a field anyone may write. */
  edit_fields[0] = "signed_by";
  g_assert_false (tg_store_update (f->store, "note", id, edit_fields, edit_values, 1, &error));
  g_assert_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_READ_ONLY);

  g_clear_pointer (&note, tg_record_free);
  note = tg_store_get (f->store, "note", id, NULL);
  g_assert_cmpstr (tg_record_get (note, "body"), ==, "Rewritten");
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = add_client (f->store, "Aoife", "Brennan", "A1234BC");
  g_autofree char *b = add_client (f->store, "Bartosz", "Brenner", "D4567EF");
  g_autofree char *c = add_client (f->store, "Chidi", "Okafor", "G8910HI");
  const char *fields[] = { "nhs_number" };
  const char *values[] = { "9990000018" };
  const char *deleted_fields[] = { "deleted" };
  const char *deleted_values[] = { "true" };
  const struct { const char *text; const char *first; guint count; } cases[] = {
    { "bren", a, 2 },
    { "BRENNAN", a, 1 },
    { "aoife bren", a, 1 },
    { "a1234", a, 1 },
    { "d4567ef", b, 1 },
    { "999 000 0018", c, 1 },
    { "9990000", c, 1 },
    { "okafor chidi", c, 1 },
    { "nobody", NULL, 0 },
    { "\" OR * NEAR", NULL, 0 },
    { "", a, 3 },
  };

  g_assert_true (tg_store_update (f->store, "client", c, fields, values, 1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = tg_store_search_clients (f->store, cases[i].text, 50, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, cases[i].count);
      if (cases[i].first != NULL)
        g_assert_cmpstr (((TgRecord *) found->pdata[0])->id, ==, cases[i].first);
    }

  /* A deleted client leaves the index; a renamed one is found by the new name. */
  g_assert_true (tg_store_update (f->store, "client", a, deleted_fields, deleted_values, 1, NULL));
  {
    g_autoptr(GPtrArray) found = tg_store_search_clients (f->store, "bren", 50, NULL);

    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (((TgRecord *) found->pdata[0])->id, ==, b);
  }
}

static void
set_release (TgStore    *store,
             const char *client,
             const char *date,
             const char *time)
{
  const char *fields[] = { "confirmed_release_date", "release_time", "gate" };
  const char *values[] = { date, time, "Main gate" };
  g_autoptr(GError) error = NULL;

  g_assert_true (tg_store_set_release (store, client, fields, values, time ? 3 : 1, &error));
  g_assert_no_error (error);
}

static void
test_gate_list (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *mon = add_client (f->store, "Dee", "Walsh", "A1000AA");
  g_autofree char *fri = add_client (f->store, "Eli", "Shah", "A2000AA");
  g_autofree char *fri_early = add_client (f->store, "Fen", "Zhou", "A3000AA");
  g_autofree char *xmas_eve = add_client (f->store, "Gus", "Idowu", "A4000AA");
  g_autofree char *later = add_client (f->store, "Hal", "Quinn", "A5000AA");
  g_autofree char *ard_only = add_client (f->store, "Ida", "Mensah", "A6000AA");
  const char *ard_fields[] = { "ard", "crd", "release_type", "sentence_start" };
  const char *ard_values[] = { "2026-12-22", "2026-12-01", "hdc", "2026-06-01" };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GDate from;
  /* What the earlier-release rule needs comes with each entry; the rule
   * itself is applied and tested in test-cli-workflows.c. */
  const struct { char **id; const char *date; const char *type; const char *start; } expected[] = {
    { &fri_early, "2026-12-18", NULL, NULL },   /* Friday, 08:00 before 10:30 */
    { &fri, "2026-12-18", NULL, NULL },
    { &mon, "2026-12-21", NULL, NULL },         /* Monday */
    { &ard_only, "2026-12-22", "hdc", "2026-06-01" },   /* ARD used when not confirmed */
    { &xmas_eve, "2026-12-24", NULL, NULL },
  };

  set_release (f->store, mon, "2026-12-21", NULL);
  set_release (f->store, fri, "2026-12-18", "10:30");
  set_release (f->store, fri_early, "2026-12-18", "08:00");
  set_release (f->store, xmas_eve, "2026-12-24", NULL);
  set_release (f->store, later, "2027-01-20", NULL);
  g_assert_true (tg_store_set_release (f->store, ard_only, ard_fields, ard_values, 4, NULL));

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 14, G_DATE_DECEMBER, 2026);
  list = tg_store_gate_list (f->store, &from, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      TgGateEntry *entry = list->pdata[i];

      g_assert_cmpstr (entry->client_id, ==, *expected[i].id);
      g_assert_cmpstr (entry->release_date, ==, expected[i].date);
      g_assert_cmpstr (entry->release_type, ==, expected[i].type);
      g_assert_cmpstr (entry->sentence_start, ==, expected[i].start);
    }
}

static void
test_notes_of_client (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *client = add_client (f->store, "Jo", "Kerr", "A7000AA");
  g_autofree char *other = add_client (f->store, "Kit", "Lowe", "A8000AA");
  const char *times[] = { "2026-11-20T15:00:00Z", "2026-11-18T09:00:00Z", "2026-11-19T12:00:00Z" };
  g_autoptr(GPtrArray) notes = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      const char *fields[] = { "client_id", "kind", "body", "occurred_at" };
      const char *values[] = { i == 2 ? other : client, "outreach", "Clinic visit", times[i] };
      g_autofree char *id = tg_store_insert (f->store, "note", fields, values, 4, NULL);

      g_assert_nonnull (id);
    }
  notes = tg_store_list (f->store, "note", "client_id", client, FALSE, NULL);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpstr (tg_record_get (notes->pdata[0], "occurred_at"), ==, times[1]);
  g_assert_cmpstr (tg_record_get (notes->pdata[1], "occurred_at"), ==, times[0]);
}

static void
test_reopen_keeps_everything (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *id = add_client (f->store, "Lia", "Moss", "A9000AA");
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) again = NULL;
  g_autoptr(TgRecord) record = NULL;
  gint64 node = tg_store_get_node_id (f->store);
  guint64 last = f->store->hlc.last;

  g_clear_object (&f->store);
  again = tg_store_open (f->dir, PIN, &error);
  g_assert_no_error (error);
  record = tg_store_get (again, "client", id, &error);
  g_assert_cmpstr (tg_record_get (record, "family_name"), ==, "Moss");
  g_assert_cmpint (tg_store_get_node_id (again), ==, node);
  g_assert_cmpuint (again->hlc.last, >=, last);
  g_assert_cmpstr (tg_store_get_worker (again), ==, "Test Worker");
  g_assert_cmpuint (tg_store_get_schema_version (again), ==, TG_STORE_SCHEMA_VERSION);
  f->store = g_steal_pointer (&again);
}

static void
test_field_classes_table (Fixture       *f,
                          gconstpointer  data)
{
  g_assert_cmpint (count_rows (f->store,
                               "SELECT count(*) FROM field_class WHERE entity = 'note' "
                               "AND field = 'body' AND class = 'notes'"), ==, 1);
  g_assert_cmpint (count_rows (f->store,
                               "SELECT count(*) FROM field_class WHERE class NOT IN "
                               "('identity', 'release', 'clinical', 'notes')"), ==, 0);
}

/* The page cache is 16 MiB when opened and what the caller asks after. */
static void
test_cache_size (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count_rows (f->store, "PRAGMA cache_size"), ==, -16384);
  g_assert_true (tg_store_set_cache_kib (f->store, 2048, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->store, "PRAGMA cache_size"), ==, -2048);
}

static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = tg_store_load_draft (f->store, "client-x", &error);
  g_autofree char *long_body = g_strnfill (100000, 'z');
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_true (tg_store_save_draft (f->store, "client-x", "Half a sen", &error));
  g_assert_true (tg_store_save_draft (f->store, "client-x", "Half a sentence, then more", &error));
  first = tg_store_load_draft (f->store, "client-x", &error);
  g_assert_cmpstr (first, ==, "Half a sentence, then more");

  /* Too long to ever become a note: refused, the saved draft stays. */
  g_assert_false (tg_store_save_draft (f->store, "client-x", long_body, &error));
  g_assert_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_TOO_LONG);
  g_clear_error (&error);
  second = tg_store_load_draft (f->store, "client-x", &error);
  g_assert_cmpstr (second, ==, first);

  /* Drafts are local: nothing waits to be synced. */
  g_assert_cmpint (tg_store_count_pending (f->store, NULL), ==, 0);
  g_assert_true (tg_store_clear_draft (f->store, "client-x", &error));
  g_clear_pointer (&second, g_free);
  second = tg_store_load_draft (f->store, "client-x", &error);
  g_assert_null (second);
}

/* A mentor's device writes identity and release fields only, and keeps
 * that limit across restarts. */
static void
test_writable_classes (Fixture       *f,
                       gconstpointer  data)
{
  const TgSensitivity mentor[] = { TG_SENSITIVITY_IDENTITY, TG_SENSITIVITY_RELEASE };
  g_autofree char *client = add_client (f->store, "Rhys", "Banner", "A1212AA");
  const char *note_fields[] = { "client_id", "kind", "body" };
  const char *note_values[] = { client, "gate_pickup", "Met at the gate" };
  const char *pickup[] = { "pickup_status" };
  const char *met[] = { "met" };
  const char *gp[] = { "gp_practice" };
  const char *practice[] = { "Castle Surgery" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) again = NULL;
  char *note;

  g_assert_true (tg_store_set_writable_classes (f->store, mentor, 2, &error));
  g_assert_true (tg_store_set_release (f->store, client, pickup, met, 1, &error));
  g_assert_no_error (error);

  g_clear_object (&f->store);
  again = tg_store_open (f->dir, PIN, &error);
  g_assert_no_error (error);

  note = tg_store_insert (again, "note", note_fields, note_values, 3, &error);
  g_assert_null (note);
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_READ_ONLY);
  g_assert_true (g_str_has_prefix (error->message, "client_id: "));
  g_clear_error (&error);
  g_assert_false (tg_store_set_release (again, client, gp, practice, 1, &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_true (tg_store_set_writable_classes (again, NULL, 0, &error));
  g_assert_true (tg_store_set_release (again, client, gp, practice, 1, &error));
  g_assert_no_error (error);
  f->store = g_steal_pointer (&again);
}

static void
test_batches (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *lost = NULL;
  const char *fields[] = { "prison_number" };
  const char *bad[] = { "not a prison number" };

  g_assert_true (tg_store_begin_batch (f->store, &error));
  kept = add_client (f->store, "Una", "Pryce", "A3434AA");
  g_assert_true (tg_store_end_batch (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM client"), ==, 1);

  /* A failed write rolls back the writes before it, refuses the ones
   * after it, and the end of the batch says so. */
  g_assert_true (tg_store_begin_batch (f->store, &error));
  lost = add_client (f->store, "Vic", "Quarry", "A5656AA");
  g_assert_false (tg_store_update (f->store, "client", kept, fields, bad, 1, &error));
  g_assert_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_PRISON_NUMBER);
  g_clear_error (&error);
  fields[0] = "team";
  bad[0] = "North";
  g_assert_false (tg_store_update (f->store, "client", kept, fields, bad, 1, &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL);
  g_clear_error (&error);
  g_assert_false (tg_store_end_batch (f->store, &error));
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_SQL);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM client"), ==, 1);
  g_assert_null (tg_store_get (f->store, "client", lost, NULL));
}

static void
test_create_twice_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) second = tg_store_create (f->dir, PIN, NULL, &error);

  g_assert_null (second);
  g_assert_error (error, TG_STORE_ERROR, TG_STORE_ERROR_EXISTS);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/tg/store/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("round-trip-every-entity", test_round_trip_every_entity);
  ADD ("update-stamps-written-fields", test_update_stamps_only_written_fields);
  ADD ("bad-input-changes-nothing", test_bad_input_changes_nothing);
  ADD ("unknown-records", test_unknown_records_refused);
  ADD ("signed-note-read-only", test_signed_note_is_read_only);
  ADD ("search", test_search);
  ADD ("gate-list", test_gate_list);
  ADD ("notes-of-client", test_notes_of_client);
  ADD ("reopen", test_reopen_keeps_everything);
  ADD ("field-classes", test_field_classes_table);
  ADD ("cache-size", test_cache_size);
  ADD ("drafts", test_drafts);
  ADD ("batches", test_batches);
  ADD ("writable-classes", test_writable_classes);
  ADD ("create-twice", test_create_twice_refused);
#undef ADD

  return g_test_run ();
}
