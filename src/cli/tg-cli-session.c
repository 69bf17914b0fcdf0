/* tg-cli-session.c: session start, attend, show and list
 * (docs/field-workflows.md §6). A session is a surgery or clinic at a
 * place, run by the store's worker for a team; the people seen are
 * session_attendance records, and notes written there point at it
 * (note add --session, which also adds the person as seen). */
#include "tg-cli-fields.h"
#include "tg-cli-output.h"

#include <stdio.h>
#include <string.h>

#include "tg-error.h"
#include "tg-store-sync.h"
#include "tg-sync-engine.h"

static gboolean
session_start (TgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  static const char * const fixed[] = { "worker", NULL };
  static const char * const no_positional[] = { NULL };
  static const TgCliAlias aliases[] = { { "detail", "place_detail" }, { NULL } };
  const char *command = "session start";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) session = NULL;
  g_autofree char *today = _tg_cli_today_iso ();
  g_autofree char *team = NULL;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, TRUE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, no_positional, FALSE, error)
      || !_tg_cli_options_to_fields (command, "session", args, aliases, fixed,
                                     fields, values, error)
      || !_tg_cli_field_require (command, fields, values, "place", error))
    return FALSE;
  _tg_cli_field_default (fields, values, "date", today);

  session = _tg_cli_record_from_fields ("session", fields, values, error);
  if (session == NULL)
    return FALSE;
  /* "Other" says nothing about where; the detail says it. */
  if (g_strcmp0 (tg_record_get (session, "place"), "other") == 0
      && tg_record_get (session, "place_detail") == NULL)
    {
      g_set_error_literal (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_REQUIRED,
                           "place_detail: say where the session is when the place is other");
      return FALSE;
    }

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  /* Sync scopes sessions by team: an enrolled device's own team unless
   * another is given. */
  team = tg_store_get_setting (store, TG_SYNC_SETTING_TEAM, NULL);
  if (team != NULL)
    _tg_cli_field_default (fields, values, "team", team);
  _tg_cli_field_put (fields, values, "worker", tg_store_get_worker (store));
  return _tg_cli_insert_record (cli, store, "session", fields, values, error);
}

static gboolean
attends (GPtrArray  *attendance,
         const char *client_id)
{
  for (guint i = 0; i < attendance->len; i++)
    if (g_strcmp0 (tg_record_get (g_ptr_array_index (attendance, i), "client_id"),
                   client_id) == 0)
      return TRUE;
  return FALSE;
}

gboolean
_tg_cli_session_add_attendance (TgStore     *store,
                                const char  *session_id,
                                const char  *client_id,
                                char       **out_id,
                                GError     **error)
{
  g_autoptr(GPtrArray) attendance = NULL;
  const char *fields[] = { "session_id", "client_id" };
  const char *values[] = { session_id, client_id };

  *out_id = NULL;
  attendance = tg_store_list (store, "session_attendance", "session_id", session_id,
                              FALSE, error);
  if (attendance == NULL)
    return FALSE;
  if (attends (attendance, client_id))
    return TRUE;
  *out_id = tg_store_insert (store, "session_attendance", fields, values, 2, error);
  return *out_id != NULL;
}

static gboolean
session_attend (TgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  static const char * const positional[] = { "SESSION_ID", "CLIENT_ID", NULL };
  const char *command = "session attend";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) session = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  const char *session_id;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, FALSE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, positional, TRUE, error))
    return FALSE;
  session_id = g_ptr_array_index (args->positional, 0);

  store = _tg_cli_open_store_at (cli, "session", session_id, "SESSION_ID", &session, error);
  if (store == NULL)
    return FALSE;

  /* Every client is checked before anything is written. */
  for (guint i = 1; i < args->positional->len; i++)
    {
      g_autoptr(TgRecord) client = NULL;
      const char *client_id = g_ptr_array_index (args->positional, i);

      client = _tg_cli_require_record (store, "client", client_id, "CLIENT_ID", error);
      if (client == NULL)
        return FALSE;
    }

  if (!tg_store_begin_batch (store, error))
    return FALSE;
  for (guint i = 1; i < args->positional->len; i++)
    {
      char *id = NULL;

      if (!_tg_cli_session_add_attendance (store, session_id,
                                           g_ptr_array_index (args->positional, i),
                                           &id, error))
        {
          tg_store_abort_batch (store);
          return FALSE;
        }
      if (id != NULL)
        g_ptr_array_add (added, id);
    }
  if (!tg_store_end_batch (store, error))
    return FALSE;

  /* Like the other commands that only change something: nothing in text,
   * the new attendance records' ids with --json. */
  if (cli->json)
    {
      json_builder_begin_object (builder);
      _tg_cli_add_string (builder, "session_id", session_id);
      json_builder_set_member_name (builder, "added");
      json_builder_begin_array (builder);
      for (guint i = 0; i < added->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (added, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      _tg_cli_print_builder (builder);
    }
  return TRUE;
}

static int
compare_occurred (gconstpointer a,
                  gconstpointer b)
{
  const TgRecord *left = *(const TgRecord * const *) a;
  const TgRecord *right = *(const TgRecord * const *) b;
  int order = g_strcmp0 (tg_record_get (left, "occurred_at"), tg_record_get (right, "occurred_at"));

  return order != 0 ? order : strcmp (left->id, right->id);
}

static gboolean
session_show (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) session = NULL;
  g_autoptr(GPtrArray) attendance = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(TgCliTable) people = NULL;
  g_autoptr(TgCliTable) note_table = NULL;
  const char *session_id;

  store = _tg_cli_open_store_for_id (cli, "session show", argc, argv,
                                     "session", "SESSION_ID", &session_id, error);
  if (store == NULL)
    return FALSE;
  session = tg_store_get (store, "session", session_id, error);
  attendance = session != NULL
               ? tg_store_list (store, "session_attendance", "session_id", session_id, FALSE, error)
               : NULL;
  notes = attendance != NULL
          ? tg_store_list (store, "note", "session_id", session_id, FALSE, error)
          : NULL;
  if (notes == NULL)
    return FALSE;
  g_ptr_array_sort (notes, compare_occurred);

  json_builder_begin_object (builder);
  _tg_cli_builder_add_record_members (builder, session, FALSE);
  json_builder_set_member_name (builder, "people");
  json_builder_begin_array (builder);
  people = _tg_cli_table_new ("CLIENT", "NAME", "PRISON NO", NULL);
  for (guint i = 0; i < attendance->len; i++)
    {
      const char *client_id = tg_record_get (g_ptr_array_index (attendance, i), "client_id");
      g_autoptr(TgRecord) client = tg_store_get (store, "client", client_id, NULL);
      g_autofree char *name = _tg_cli_client_name (store, client_id);

      json_builder_begin_object (builder);
      _tg_cli_add_string (builder, "client_id", client_id);
      if (client != NULL)
        {
          _tg_cli_add_string (builder, "given_name", tg_record_get (client, "given_name"));
          _tg_cli_add_string (builder, "family_name", tg_record_get (client, "family_name"));
          _tg_cli_add_string (builder, "prison_number", tg_record_get (client, "prison_number"));
        }
      json_builder_end_object (builder);
      _tg_cli_table_add (people, client_id, name,
                         client != NULL ? tg_record_get (client, "prison_number") : NULL);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  note_table = _tg_cli_table_new ("NOTE", "WHEN", "NAME", "KIND", "BODY", NULL);
  for (guint i = 0; i < notes->len; i++)
    {
      const TgRecord *note = g_ptr_array_index (notes, i);
      g_autofree char *name = _tg_cli_client_name (store, tg_record_get (note, "client_id"));

      _tg_cli_builder_add_record (builder, note, FALSE);
      _tg_cli_table_add (note_table, note->id, tg_record_get (note, "occurred_at"), name,
                         tg_record_get (note, "kind"), tg_record_get (note, "body"));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (cli->json)
    {
      _tg_cli_print_builder (builder);
      return TRUE;
    }
  _tg_cli_print_record (FALSE, session, FALSE);
  fprintf (stdout, "\nPeople seen: %u\n", attendance->len);
  _tg_cli_table_print (people);
  fprintf (stdout, "\nNotes: %u\n", notes->len);
  _tg_cli_table_print (note_table);
  return TRUE;
}

static int
compare_date (gconstpointer a,
              gconstpointer b)
{
  const TgRecord *left = *(const TgRecord * const *) a;
  const TgRecord *right = *(const TgRecord * const *) b;
  int order = g_strcmp0 (tg_record_get (left, "date"), tg_record_get (right, "date"));

  return order != 0 ? order : strcmp (left->id, right->id);
}

static gboolean
session_list (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  static const TgCliOption options[] = { { "from", TRUE }, { "to", TRUE }, { NULL } };
  const char *command = "session list";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) attendance = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(TgCliTable) table = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  args = _tg_cli_args_parse_exact (cli, command, argc, argv, options, NULL, error);
  if (args == NULL)
    return FALSE;
  if (_tg_cli_args_get (args, "from") != NULL
      && (from = tg_validate_date ("--from", _tg_cli_args_get (args, "from"), error)) == NULL)
    return FALSE;
  if (_tg_cli_args_get (args, "to") != NULL
      && (to = tg_validate_date ("--to", _tg_cli_args_get (args, "to"), error)) == NULL)
    return FALSE;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  sessions = tg_store_list (store, "session", NULL, NULL, FALSE, error);
  attendance = sessions != NULL
               ? tg_store_list (store, "session_attendance", NULL, NULL, FALSE, error)
               : NULL;
  if (attendance == NULL)
    return FALSE;
  g_ptr_array_sort (sessions, compare_date);
  for (guint i = 0; i < attendance->len; i++)
    {
      const char *id = tg_record_get (g_ptr_array_index (attendance, i), "session_id");

      g_hash_table_insert (counts, (gpointer) id,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)) + 1));
    }

  table = _tg_cli_table_new ("ID", "DATE", "PLACE", "DETAIL", "WORKER", "TEAM", "PEOPLE", NULL);
  json_builder_begin_array (builder);
  for (guint i = 0; i < sessions->len; i++)
    {
      const TgRecord *session = g_ptr_array_index (sessions, i);
      const char *date = tg_record_get (session, "date");
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (counts, session->id));
      g_autofree char *seen_text = g_strdup_printf ("%u", seen);

      if ((from != NULL && g_strcmp0 (date, from) < 0) || (to != NULL && g_strcmp0 (date, to) > 0))
        continue;
      json_builder_begin_object (builder);
      _tg_cli_builder_add_record_members (builder, session, FALSE);
      json_builder_set_member_name (builder, "people_seen");
      json_builder_add_int_value (builder, seen);
      json_builder_end_object (builder);
      _tg_cli_table_add (table, session->id, date, tg_record_get (session, "place"),
                         tg_record_get (session, "place_detail"),
                         tg_record_get (session, "worker"), tg_record_get (session, "team"),
                         seen_text);
    }
  json_builder_end_array (builder);

  if (cli->json)
    _tg_cli_print_builder (builder);
  else
    _tg_cli_table_print (table);
  return TRUE;
}

gboolean
_tg_cli_session (TgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "start", session_start },
    { "attend", session_attend },
    { "show", session_show },
    { "list", session_list },
  };

  return _tg_cli_run_subcommand (cli, "session", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
