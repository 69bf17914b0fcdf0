/* tg-cli-output.c: JSON documents and text tables on stdout.
 *
 * Output is written with stdio, not g_print(): g_print() converts to the
 * locale's character set, which would mangle names and note bodies under a
 * C locale, and a JSON document must stay UTF-8 whatever the locale.
 */
#include "tg-cli-output.h"

#include <stdio.h>
#include <string.h>

#include "tg-dates.h"

/* Cells wider than this are cut with an ellipsis, so one long value does
 * not push every other column off the screen. */
#define CELL_MAX_WIDTH 48

void
_tg_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
_tg_cli_print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  _tg_cli_print_json (root);
}

static void
add_typed_value (JsonBuilder      *builder,
                 const TgFieldDef *field,
                 const char       *value)
{
  switch (field->type)
    {
    case TG_FIELD_BOOLEAN:
      json_builder_add_boolean_value (builder, strcmp (value, "true") == 0);
      break;

    case TG_FIELD_INTEGER:
      json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
      break;

    case TG_FIELD_TEXT:
    case TG_FIELD_DATE:
    case TG_FIELD_DATE_TIME:
    case TG_FIELD_TIME:
    case TG_FIELD_CHOICE:
    case TG_FIELD_REFERENCE:
    case TG_FIELD_PRISON_NUMBER:
    case TG_FIELD_PNC_ID:
    case TG_FIELD_CRO_NUMBER:
    case TG_FIELD_NHS_NUMBER:
    case TG_FIELD_CRN:
    case TG_FIELD_DECIMAL:
    default:
      json_builder_add_string_value (builder, value);
      break;
    }
}

void
_tg_cli_builder_add_record (JsonBuilder    *builder,
                            const TgRecord *record,
                            gboolean        with_versions)
{
  json_builder_begin_object (builder);
  _tg_cli_builder_add_record_members (builder, record, with_versions);
  json_builder_end_object (builder);
}

void
_tg_cli_builder_add_record_members (JsonBuilder    *builder,
                                    const TgRecord *record,
                                    gboolean        with_versions)
{
  const TgEntityDef *entity = record->entity;

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);

  for (guint i = 0; i < entity->n_fields; i++)
    {
      if (record->values[i] == NULL)
        continue;
      json_builder_set_member_name (builder, entity->fields[i].name);
      add_typed_value (builder, &entity->fields[i], record->values[i]);
    }

  if (with_versions)
    {
      json_builder_set_member_name (builder, "versions");
      json_builder_begin_object (builder);
      for (guint i = 0; i < entity->n_fields; i++)
        {
          const TgVersion *version = &record->versions[i];

          if (version->hlc == 0)
            continue;
          json_builder_set_member_name (builder, entity->fields[i].name);
          json_builder_begin_object (builder);
          /* An HLC holds milliseconds in its top 48 bits, so it stays
           * below 2^63 until the year 10889 and fits a JSON integer. */
          json_builder_set_member_name (builder, "hlc");
          json_builder_add_int_value (builder, (gint64) version->hlc);
          json_builder_set_member_name (builder, "node");
          json_builder_add_int_value (builder, version->node_id);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
}

/* Prints @text with every line after the first indented by @indent
 * columns, so a multi-line value stays in its column. */
static void
print_indented (const char *text,
                int         indent)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      fputc (*p, stdout);
      if (*p == '\n' && p[1] != '\0')
        fprintf (stdout, "%*s", indent, "");
    }
  fputc ('\n', stdout);
}

void
_tg_cli_print_record (gboolean        json,
                      const TgRecord *record,
                      gboolean        with_versions)
{
  const TgEntityDef *entity = record->entity;
  int width = strlen ("id");

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      _tg_cli_builder_add_record (builder, record, with_versions);
      _tg_cli_print_builder (builder);
      return;
    }

  for (guint i = 0; i < entity->n_fields; i++)
    if (record->values[i] != NULL)
      width = MAX (width, (int) strlen (entity->fields[i].name));

  fprintf (stdout, "%-*s  %s\n", width, "id", record->id);
  for (guint i = 0; i < entity->n_fields; i++)
    {
      if (record->values[i] == NULL)
        continue;
      fprintf (stdout, "%-*s  ", width, entity->fields[i].name);
      print_indented (record->values[i], width + 2);
      if (with_versions)
        {
          g_autofree char *version = tg_version_to_string (&record->versions[i]);

          fprintf (stdout, "%*s  (version %s)\n", width, "", version);
        }
    }
}

gboolean
_tg_cli_print_stored_record (gboolean     json,
                             TgStore     *store,
                             const char  *entity,
                             const char  *id,
                             GError     **error)
{
  g_autoptr(TgRecord) record = NULL;

  if (!json)
    return TRUE;

  record = tg_store_get (store, entity, id, error);
  if (record == NULL)
    return FALSE;
  _tg_cli_print_record (TRUE, record, FALSE);
  return TRUE;
}

void
_tg_cli_print_records_json (GPtrArray *records)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    _tg_cli_builder_add_record (builder, g_ptr_array_index (records, i), FALSE);
  json_builder_end_array (builder);

  _tg_cli_print_builder (builder);
}

void
_tg_cli_print_id (gboolean    json,
                  const char *id)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!json)
    {
      fprintf (stdout, "%s\n", id);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);
  _tg_cli_print_builder (builder);
}

struct _TgCliTable {
  guint      n_columns;
  GPtrArray *rows;   /* of char ** with n_columns cleaned cells each */
};

static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));
  return width;
}

/* A cell as it is shown: line breaks and tabs become spaces, and a cell
 * wider than CELL_MAX_WIDTH is cut with an ellipsis. */
static char *
clean_cell (const char *text)
{
  GString *cell = g_string_new (NULL);
  guint limit = G_MAXUINT;
  guint width = 0;

  if (text == NULL)
    text = "";
  if (display_width (text) > CELL_MAX_WIDTH)
    limit = CELL_MAX_WIDTH - 1;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w;

      if (g_unichar_iscntrl (c))
        c = ' ';
      w = char_width (c);
      if (width + w > limit)
        {
          g_string_append (cell, "…");
          break;
        }
      g_string_append_unichar (cell, c);
      width += w;
    }

  return g_string_free (cell, FALSE);
}

static void
table_add_row (TgCliTable *table,
               const char *first,
               va_list     cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  row[0] = clean_cell (first);
  for (guint i = 1; i < table->n_columns; i++)
    row[i] = clean_cell (va_arg (cells, const char *));
  g_ptr_array_add (table->rows, row);
}

TgCliTable *
_tg_cli_table_new (const char *first_header,
                   ...)
{
  TgCliTable *table = g_new0 (TgCliTable, 1);
  va_list args;

  table->n_columns = 1;
  va_start (args, first_header);
  while (va_arg (args, const char *) != NULL)
    table->n_columns++;
  va_end (args);

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  va_start (args, first_header);
  table_add_row (table, first_header, args);
  va_end (args);
  return table;
}

void
_tg_cli_table_add (TgCliTable *table,
                   ...)
{
  va_list args;
  const char *first;

  va_start (args, table);
  first = va_arg (args, const char *);
  table_add_row (table, first, args);
  va_end (args);
}

void
_tg_cli_table_print (TgCliTable *table)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], display_width (row[c]));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        {
          fputs (row[c], stdout);
          /* No padding after the last column: trailing blanks only get
           * in the way of grep and diff. */
          if (c + 1 < table->n_columns)
            fprintf (stdout, "%*s",
                     (int) (widths[c] - display_width (row[c]) + 2), "");
        }
      fputc ('\n', stdout);
    }
}

void
_tg_cli_table_free (TgCliTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
_tg_cli_builder_add_string (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_tg_cli_builder_add_date (JsonBuilder *builder,
                          const char  *name,
                          const GDate *date)
{
  g_autofree char *iso = NULL;

  if (!g_date_valid (date))
    return;
  iso = tg_date_to_iso (date);
  _tg_cli_builder_add_string (builder, name, iso);
}

void
_tg_cli_builder_add_int (JsonBuilder *builder,
                         const char  *name,
                         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
_tg_cli_builder_add_bool (JsonBuilder *builder,
                          const char  *name,
                          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}
