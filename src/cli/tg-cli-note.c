/* tg-cli-note.c: note add, set, list and sign.
 *
 * A note is written by the store's worker and, once signed, is read-only:
 * a correction is a new note whose corrects_note_id points at the old one.
 * Who wrote and who signed a note is never typed in; the store fills it in.
 */
#include "tg-cli-private.h"
#include "tg-cli-output.h"

#include <string.h>

/* Fields only the store writes; taking them from the command line would
 * let anyone sign in someone else's name. */
static const char * const managed_fields[] = {
  "author", "signed_at", "signed_by", NULL
};

static gboolean
note_add (TgCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  static const TgCliOption options[] = {
    { "kind", TRUE },
    { "body", TRUE },
    { "occurred-at", TRUE },
    { "corrects", TRUE },
    { "session", TRUE },
    { NULL }
  };
  static const char * const positional[] = { "CLIENT_ID", NULL };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autofree char *now = NULL;
  const char *client_id;
  const char *kind;
  const char *body;
  const char *occurred_at;
  const char *corrects;
  const char *session;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  args = _tg_cli_args_parse_exact (cli, "note add", argc, argv, options,
                                   positional, error);
  if (args == NULL)
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);
  occurred_at = _tg_cli_args_get (args, "occurred-at");
  corrects = _tg_cli_args_get (args, "corrects");
  session = _tg_cli_args_get (args, "session");

  kind = _tg_cli_args_require (args, "note add", "kind", error);
  if (kind == NULL)
    return FALSE;
  body = _tg_cli_args_require (args, "note add", "body", error);
  if (body == NULL)
    return FALSE;

  store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", NULL, error);
  if (store == NULL)
    return FALSE;

  if (corrects != NULL)
    {
      g_autoptr(TgRecord) corrected = NULL;

      corrected = _tg_cli_require_record (store, "note", corrects, "--corrects", error);
      if (corrected == NULL)
        return FALSE;
      if (g_strcmp0 (tg_record_get (corrected, "client_id"), client_id) != 0)
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                       "--corrects: note %s is about another client", corrects);
          return FALSE;
        }
    }

  if (session != NULL)
    {
      g_autoptr(TgRecord) linked = NULL;

      linked = _tg_cli_require_record (store, "session", session, "--session", error);
      if (linked == NULL)
        return FALSE;
    }

  if (occurred_at == NULL)
    occurred_at = now = _tg_cli_now_utc ();

  g_ptr_array_add (fields, "client_id");
  g_ptr_array_add (values, (gpointer) client_id);
  g_ptr_array_add (fields, "author");
  g_ptr_array_add (values, (gpointer) tg_store_get_worker (store));
  g_ptr_array_add (fields, "kind");
  g_ptr_array_add (values, (gpointer) kind);
  g_ptr_array_add (fields, "occurred_at");
  g_ptr_array_add (values, (gpointer) occurred_at);
  g_ptr_array_add (fields, "body");
  g_ptr_array_add (values, (gpointer) body);
  if (corrects != NULL)
    {
      g_ptr_array_add (fields, "corrects_note_id");
      g_ptr_array_add (values, (gpointer) corrects);
    }
  if (session == NULL)
    return _tg_cli_insert_record (cli, store, "note", fields, values, error);

  /* A note written in a session says the person was seen there: both
   * are written together or neither is. */
  g_ptr_array_add (fields, "session_id");
  g_ptr_array_add (values, (gpointer) session);
  {
    g_autofree char *attendance_id = NULL;
    g_autofree char *id = NULL;

    if (!tg_store_begin_batch (store, error))
      return FALSE;
    if (!_tg_cli_session_add_attendance (store, session, client_id, &attendance_id, error)
        || (id = tg_store_insert (store, "note", (const char * const *) fields->pdata,
                                  (const char * const *) values->pdata, fields->len,
                                  error)) == NULL)
      {
        tg_store_abort_batch (store);
        return FALSE;
      }
    if (!tg_store_end_batch (store, error))
      return FALSE;
    _tg_cli_print_id (cli->json, id);
    return TRUE;
  }
}

static gboolean
note_set (TgCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  return _tg_cli_set_record (cli, "note set", "note", "NOTE_ID", managed_fields,
                             argc, argv, error);
}

static int
compare_occurred_at (gconstpointer a,
                     gconstpointer b)
{
  const TgRecord *left = *(const TgRecord * const *) a;
  const TgRecord *right = *(const TgRecord * const *) b;
  int order;

  /* Canonical date-times are UTC with a fixed width, so they sort as
   * text; the id keeps the order stable for notes of the same second. */
  order = g_strcmp0 (tg_record_get (left, "occurred_at"),
                     tg_record_get (right, "occurred_at"));
  return order != 0 ? order : strcmp (left->id, right->id);
}

/* The first line of a body, for one row of a table. */
static char *
first_line (const char *body)
{
  const char *end;

  if (body == NULL)
    return NULL;
  end = strchr (body, '\n');
  if (end == NULL)
    return g_strdup (body);
  return g_strdup_printf ("%.*s …", (int) (end - body), body);
}

static gboolean
note_list (TgCli   *cli,
           int      argc,
           char   **argv,
           GError **error)
{
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(TgCliTable) table = NULL;
  const char *client_id;

  store = _tg_cli_open_store_for_id (cli, "note list", argc, argv,
                                     "client", "CLIENT_ID", &client_id, error);
  if (store == NULL)
    return FALSE;

  notes = tg_store_list (store, "note", "client_id", client_id, FALSE, error);
  if (notes == NULL)
    return FALSE;
  g_ptr_array_sort (notes, compare_occurred_at);

  if (cli->json)
    {
      _tg_cli_print_records_json (notes);
      return TRUE;
    }

  table = _tg_cli_table_new ("ID", "WHEN", "KIND", "AUTHOR", "SIGNED", "BODY", NULL);
  for (guint i = 0; i < notes->len; i++)
    {
      const TgRecord *note = g_ptr_array_index (notes, i);
      g_autofree char *line = first_line (tg_record_get (note, "body"));

      _tg_cli_table_add (table, note->id,
                         tg_record_get (note, "occurred_at"),
                         tg_record_get (note, "kind"),
                         tg_record_get (note, "author"),
                         tg_record_get (note, "signed_at") != NULL ? "yes" : "no",
                         line);
    }
  _tg_cli_table_print (table);
  return TRUE;
}

static gboolean
note_sign (TgCli   *cli,
           int      argc,
           char   **argv,
           GError **error)
{
  g_autoptr(TgStore) store = NULL;
  const char *id;

  store = _tg_cli_open_store_for_id (cli, "note sign", argc, argv,
                                     "note", "NOTE_ID", &id, error);
  if (store == NULL)
    return FALSE;

  if (!tg_store_sign_note (store, id, error))
    return FALSE;

  return _tg_cli_print_stored_record (cli->json, store, "note", id, error);
}

gboolean
_tg_cli_note (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "add", note_add },
    { "set", note_set },
    { "list", note_list },
    { "sign", note_sign },
  };

  return _tg_cli_run_subcommand (cli, "note", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
