/* tg-cli-export.c: export, everything this device holds, for the worker.
 *
 * Both formats carry every record of every entity in the schema, deleted
 * ones included (with their deleted field), and every set field, so nothing
 * the device holds is left out. The order is fixed (entities in schema
 * order, records in the store's stable order, fields in schema order), so
 * two exports of an unchanged store differ only in exported_at.
 */
#include "tg-cli-private.h"
#include "tg-cli-output.h"

#include <stdio.h>
#include <string.h>

static gboolean
export_json (TgStore  *store,
             GError  **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now = _tg_cli_now_utc ();
  const TgEntityDef * const *entities;
  guint n_entities;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, tg_store_get_schema_version (store));
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_object (builder);

  entities = tg_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      g_autoptr(GPtrArray) records = NULL;

      records = tg_store_list (store, entities[e]->name, NULL, NULL, TRUE, error);
      if (records == NULL)
        return FALSE;

      json_builder_set_member_name (builder, entities[e]->name);
      json_builder_begin_array (builder);
      for (guint r = 0; r < records->len; r++)
        _tg_cli_builder_add_record (builder, g_ptr_array_index (records, r), FALSE);
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);
  _tg_cli_print_builder (builder);
  return TRUE;
}

/* One CSV field as RFC 4180 wants it: in double quotes, with inner quotes
 * doubled, when it holds a comma, a quote or a line break. */
static void
write_csv_field (const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      fputs (text, stdout);
      return;
    }

  fputc ('"', stdout);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        fputc ('"', stdout);
      fputc (*p, stdout);
    }
  fputc ('"', stdout);
}

static void
write_csv_row (const char *entity,
               const char *id,
               const char *field,
               const char *value)
{
  write_csv_field (entity);
  fputc (',', stdout);
  write_csv_field (id);
  fputc (',', stdout);
  write_csv_field (field);
  fputc (',', stdout);
  write_csv_field (value);
  fputs ("\r\n", stdout);
}

/* Long form: one row per set field. Every entity fits the same four
 * columns, and a value with line breaks stays one quoted field. */
static gboolean
export_csv (TgStore  *store,
            GError  **error)
{
  const TgEntityDef * const *entities;
  guint n_entities;

  write_csv_row ("entity", "id", "field", "value");

  entities = tg_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      const TgEntityDef *entity = entities[e];
      g_autoptr(GPtrArray) records = NULL;

      records = tg_store_list (store, entity->name, NULL, NULL, TRUE, error);
      if (records == NULL)
        return FALSE;

      for (guint r = 0; r < records->len; r++)
        {
          const TgRecord *record = g_ptr_array_index (records, r);

          for (guint f = 0; f < entity->n_fields; f++)
            if (record->values[f] != NULL)
              write_csv_row (entity->name, record->id,
                             entity->fields[f].name, record->values[f]);
        }
    }
  return TRUE;
}

gboolean
_tg_cli_export (TgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  static const TgCliOption options[] = {
    { "format", TRUE },
    { NULL }
  };
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  const char *format;

  args = _tg_cli_args_parse_exact (cli, "export", argc, argv, options, NULL, error);
  if (args == NULL)
    return FALSE;

  /* --json alone asks for the JSON export; with --format csv it would ask
   * for two different documents at once. */
  format = _tg_cli_args_get (args, "format");
  if (format == NULL && cli->json)
    format = "json";
  if (format == NULL)
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "export: --format is required (csv or json)");
      return FALSE;
    }
  if (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0)
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "--format: “%s” is not csv or json", format);
      return FALSE;
    }
  if (cli->json && g_strcmp0 (format, "csv") == 0)
    {
      g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                           "export: --json and --format csv contradict each other");
      return FALSE;
    }

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;

  if (g_strcmp0 (format, "json") == 0)
    return export_json (store, error);
  return export_csv (store, error);
}
