/* tg-cli-args.c: parsing a command's arguments, the checks every command
 * shares (field names, record ids) and the steps several commands share
 * (opening the store at a record, writing fields, picking a subcommand). */
#include "tg-cli-private.h"
#include "tg-cli-output.h"

#include <string.h>

#include "tg-error.h"
#include "tg-uuid.h"

G_DEFINE_QUARK (tg-cli-error-quark, _tg_cli_error)

void
_tg_cli_args_free (TgCliArgs *args)
{
  if (args == NULL)
    return;
  g_ptr_array_unref (args->names);
  g_ptr_array_unref (args->values);
  g_ptr_array_unref (args->positional);
  g_free (args);
}

static const TgCliOption *
find_option (const TgCliOption *options,
             const char        *name)
{
  for (guint i = 0; options != NULL && options[i].name != NULL; i++)
    if (strcmp (options[i].name, name) == 0)
      return &options[i];
  return NULL;
}

static gboolean
add_option (TgCliArgs   *args,
            const char  *command,
            const char  *name,
            const char  *value,
            GError     **error)
{
  if (_tg_cli_args_has (args, name))
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "%s: --%s is given more than once", command, name);
      return FALSE;
    }
  g_ptr_array_add (args->names, g_strdup (name));
  g_ptr_array_add (args->values, g_strdup (value));
  return TRUE;
}

TgCliArgs *
_tg_cli_args_parse (TgCli              *cli,
                    const char         *command,
                    int                 argc,
                    char              **argv,
                    const TgCliOption  *options,
                    gboolean            open_options,
                    GError            **error)
{
  g_autoptr(TgCliArgs) args = g_new0 (TgCliArgs, 1);
  gboolean options_done = FALSE;

  args->names = g_ptr_array_new_with_free_func (g_free);
  args->values = g_ptr_array_new_with_free_func (g_free);
  args->positional = g_ptr_array_new ();

  for (int i = 0; i < argc; i++)
    {
      const char *arg = argv[i];
      g_autofree char *name = NULL;
      const char *inline_value = NULL;
      const char *equals;
      const TgCliOption *option;
      gboolean has_value;

      /* Only "--" introduces an option, so a value such as "-5" or
       * "- see notes" needs no quoting; "--" itself ends the options. */
      if (options_done || !g_str_has_prefix (arg, "--"))
        {
          g_ptr_array_add (args->positional, (gpointer) arg);
          continue;
        }
      if (arg[2] == '\0')
        {
          options_done = TRUE;
          continue;
        }

      equals = strchr (arg, '=');
      if (equals != NULL)
        {
          name = g_strndup (arg + 2, equals - (arg + 2));
          inline_value = equals + 1;
        }
      else
        name = g_strdup (arg + 2);

      if (strcmp (name, "json") == 0)
        {
          if (inline_value != NULL)
            {
              g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "%s: --json takes no value", command);
              return NULL;
            }
          cli->json = TRUE;
          continue;
        }

      option = find_option (options, name);
      if (option != NULL)
        has_value = option->has_value;
      else if (open_options && name[0] != '\0')
        has_value = TRUE;
      else
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                       "%s: unknown option --%s", command, name);
          return NULL;
        }

      if (!has_value)
        {
          if (inline_value != NULL)
            {
              g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "%s: --%s takes no value", command, name);
              return NULL;
            }
          if (!add_option (args, command, name, NULL, error))
            return NULL;
          continue;
        }

      if (inline_value == NULL)
        {
          if (i + 1 >= argc)
            {
              g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "%s: --%s needs a value", command, name);
              return NULL;
            }
          inline_value = argv[++i];
        }
      if (!add_option (args, command, name, inline_value, error))
        return NULL;
    }

  return g_steal_pointer (&args);
}

static int
option_index (TgCliArgs  *args,
              const char *name)
{
  for (guint i = 0; i < args->names->len; i++)
    if (strcmp (g_ptr_array_index (args->names, i), name) == 0)
      return i;
  return -1;
}

const char *
_tg_cli_args_get (TgCliArgs  *args,
                  const char *name)
{
  int i = option_index (args, name);

  return i < 0 ? NULL : g_ptr_array_index (args->values, i);
}

gboolean
_tg_cli_args_has (TgCliArgs  *args,
                  const char *name)
{
  return option_index (args, name) >= 0;
}

gboolean
_tg_cli_args_expect (TgCliArgs          *args,
                     const char         *command,
                     const char * const *names,
                     gboolean            more,
                     GError            **error)
{
  guint n_names = g_strv_length ((char **) names);

  if (args->positional->len < n_names)
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "%s: %s is missing", command,
                   names[args->positional->len]);
      return FALSE;
    }
  if (!more && args->positional->len > n_names)
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "%s: unexpected argument “%s”", command,
                   (const char *) g_ptr_array_index (args->positional, n_names));
      return FALSE;
    }
  return TRUE;
}

TgCliArgs *
_tg_cli_args_parse_exact (TgCli              *cli,
                          const char         *command,
                          int                 argc,
                          char              **argv,
                          const TgCliOption  *options,
                          const char * const *positional,
                          GError            **error)
{
  static const char * const none[] = { NULL };
  g_autoptr(TgCliArgs) args = NULL;

  args = _tg_cli_args_parse (cli, command, argc, argv, options, FALSE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command,
                               positional != NULL ? positional : none,
                               FALSE, error))
    return NULL;
  return g_steal_pointer (&args);
}

const char *
_tg_cli_args_require (TgCliArgs   *args,
                      const char  *command,
                      const char  *name,
                      GError     **error)
{
  const char *value = _tg_cli_args_get (args, name);

  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "%s: --%s is required", command, name);
      return NULL;
    }
  return value;
}

TgCliArgs *
_tg_cli_args_parse_pairs (TgCli       *cli,
                          const char  *command,
                          const char  *what,
                          const char  *entity,
                          int          argc,
                          char       **argv,
                          GPtrArray   *fields,
                          GPtrArray   *values,
                          GError     **error)
{
  const char * const positional[] = { what, "FIELD", NULL };
  g_autoptr(TgCliArgs) args = NULL;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, FALSE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, positional, TRUE, error)
      || !_tg_cli_collect_pairs (command, tg_schema_lookup_entity (entity),
                                 args->positional, 1, fields, values, error))
    return NULL;
  return g_steal_pointer (&args);
}

const TgFieldDef *
_tg_cli_lookup_field (const TgEntityDef *entity,
                      const char        *name,
                      GError           **error)
{
  g_autofree char *snake = g_strdelimit (g_strdup (name), "-", '_');
  const TgFieldDef *field = tg_schema_lookup_field (entity, snake);

  if (field == NULL)
    g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_UNKNOWN_FIELD,
                 "%s: %s has no field of that name", snake, entity->name);
  return field;
}

gboolean
_tg_cli_collect_pairs (const char        *command,
                       const TgEntityDef *entity,
                       GPtrArray         *positional,
                       guint              start,
                       GPtrArray         *fields,
                       GPtrArray         *values,
                       GError           **error)
{
  for (guint i = start; i < positional->len; i += 2)
    {
      const char *name = g_ptr_array_index (positional, i);
      const char *value;
      const TgFieldDef *field;

      field = _tg_cli_lookup_field (entity, name, error);
      if (field == NULL)
        return FALSE;
      if (i + 1 >= positional->len)
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                       "%s: %s has no value", command, field->name);
          return FALSE;
        }
      for (guint j = 0; j < fields->len; j++)
        if (g_ptr_array_index (fields, j) == field->name)
          {
            g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                         "%s: %s is given more than once", command, field->name);
            return FALSE;
          }

      value = g_ptr_array_index (positional, i + 1);
      g_ptr_array_add (fields, (gpointer) field->name);
      g_ptr_array_add (values, value[0] == '\0' ? NULL : (gpointer) value);
    }
  return TRUE;
}

TgRecord *
_tg_cli_require_record (TgStore     *store,
                        const char  *entity,
                        const char  *id,
                        const char  *what,
                        GError     **error)
{
  g_autoptr(TgRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!tg_uuid_is_valid (id))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_UUID,
                   "%s: “%s” is not a record id", what, id);
      return NULL;
    }

  record = tg_store_get (store, entity, id, &local_error);
  if (record == NULL
      && local_error != NULL
      && !g_error_matches (local_error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A deleted record stays in the store until the retention purge, but to
   * the worker it is gone. */
  if (record == NULL || tg_record_is_deleted (record))
    {
      g_set_error (error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD,
                   "%s: no %s with id %s", what, entity, id);
      return NULL;
    }
  return g_steal_pointer (&record);
}

TgStore *
_tg_cli_open_store_at (TgCli       *cli,
                       const char  *entity,
                       const char  *id,
                       const char  *what,
                       TgRecord   **out_record,
                       GError     **error)
{
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) record = NULL;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return NULL;

  record = _tg_cli_require_record (store, entity, id, what, error);
  if (record == NULL)
    return NULL;

  if (out_record != NULL)
    *out_record = g_steal_pointer (&record);
  return g_steal_pointer (&store);
}

TgStore *
_tg_cli_open_store_for_id (TgCli        *cli,
                           const char   *command,
                           int           argc,
                           char        **argv,
                           const char   *entity,
                           const char   *what,
                           const char  **out_id,
                           GError      **error)
{
  const char * const positional[] = { what, NULL };
  g_autoptr(TgCliArgs) args = NULL;

  args = _tg_cli_args_parse_exact (cli, command, argc, argv, NULL, positional,
                                   error);
  if (args == NULL)
    return NULL;

  *out_id = g_ptr_array_index (args->positional, 0);
  return _tg_cli_open_store_at (cli, entity, *out_id, what, NULL, error);
}

gboolean
_tg_cli_insert_record (TgCli       *cli,
                       TgStore     *store,
                       const char  *entity,
                       GPtrArray   *fields,
                       GPtrArray   *values,
                       GError     **error)
{
  g_autofree char *id = NULL;

  id = tg_store_insert (store, entity,
                        (const char * const *) fields->pdata,
                        (const char * const *) values->pdata,
                        fields->len, error);
  if (id == NULL)
    return FALSE;

  _tg_cli_print_id (cli->json, id);
  return TRUE;
}

gboolean
_tg_cli_set_record (TgCli              *cli,
                    const char         *command,
                    const char         *entity,
                    const char         *what,
                    const char * const *managed,
                    int                 argc,
                    char              **argv,
                    GError            **error)
{
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  const char *id;

  args = _tg_cli_args_parse_pairs (cli, command, what, entity, argc, argv,
                                   fields, values, error);
  if (args == NULL)
    return FALSE;
  id = g_ptr_array_index (args->positional, 0);

  for (guint i = 0; managed != NULL && i < fields->len; i++)
    if (g_strv_contains (managed, g_ptr_array_index (fields, i)))
      {
        g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                     "%s: written by the store, not by hand",
                     (const char *) g_ptr_array_index (fields, i));
        return FALSE;
      }

  store = _tg_cli_open_store_at (cli, entity, id, what, NULL, error);
  if (store == NULL)
    return FALSE;

  if (!tg_store_update (store, entity, id,
                        (const char * const *) fields->pdata,
                        (const char * const *) values->pdata,
                        fields->len, error))
    return FALSE;

  return _tg_cli_print_stored_record (cli->json, store, entity, id, error);
}

gboolean
_tg_cli_run_subcommand (TgCli                 *cli,
                        const char            *command,
                        const TgCliSubcommand *subcommands,
                        guint                  n_subcommands,
                        int                    argc,
                        char                 **argv,
                        GError               **error)
{
  const char *sub = argc > 0 ? argv[0] : NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; sub != NULL && i < n_subcommands; i++)
    if (strcmp (subcommands[i].name, sub) == 0)
      return subcommands[i].run (cli, argc - 1, argv + 1, error);

  /* "add, set, get or list" */
  for (guint i = 0; i < n_subcommands; i++)
    {
      if (i > 0)
        g_string_append (names, i + 1 < n_subcommands ? ", " : " or ");
      g_string_append (names, subcommands[i].name);
    }

  if (sub == NULL)
    g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                 "%s: missing subcommand (%s)", command, names->str);
  else
    g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                 "%s: unknown subcommand “%s” (%s)", command, sub, names->str);
  return FALSE;
}

char *
_tg_cli_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
