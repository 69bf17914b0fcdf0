/* tg-cli-fields.c: what the workflow commands (care plans, goals, TOP,
 * referrals, contacts, appointments, sessions) share: "--field-name VALUE"
 * options read as schema fields, defaults, and checks of dates against
 * today and against each other. Every check runs before the store is
 * written, so a refused command changes nothing. */
#include "tg-cli-fields.h"

#include <string.h>

#include "tg-dates.h"
#include "tg-error.h"

void
_tg_cli_today (GDate *out_date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

char *
_tg_cli_today_iso (void)
{
  GDate today;

  _tg_cli_today (&today);
  return tg_date_to_iso (&today);
}

static const char *
resolve_alias (const TgCliAlias *aliases,
               const char       *option)
{
  for (guint i = 0; aliases != NULL && aliases[i].option != NULL; i++)
    if (strcmp (aliases[i].option, option) == 0)
      return aliases[i].field;
  return option;
}

gboolean
_tg_cli_options_to_fields (const char         *command,
                           const char         *entity_name,
                           TgCliArgs          *args,
                           const TgCliAlias   *aliases,
                           const char * const *fixed,
                           GPtrArray          *fields,
                           GPtrArray          *values,
                           GError            **error)
{
  const TgEntityDef *entity = tg_schema_lookup_entity (entity_name);

  for (guint i = 0; i < args->names->len; i++)
    {
      const char *option = g_ptr_array_index (args->names, i);
      const char *value = g_ptr_array_index (args->values, i);
      const TgFieldDef *field;

      field = _tg_cli_lookup_field (entity, resolve_alias (aliases, option), error);
      if (field == NULL)
        return FALSE;
      /* References and what the store writes come from the command's own
       * arguments, so a record cannot be moved to another client here. */
      if (g_strcmp0 (field->name, "deleted") == 0
          || (fixed != NULL && g_strv_contains (fixed, field->name)))
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                       "%s: %s cannot be given as an option", command, field->name);
          return FALSE;
        }
      if (_tg_cli_field_index (fields, field->name) >= 0)
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                       "%s: %s is given more than once", command, field->name);
          return FALSE;
        }
      g_ptr_array_add (fields, (gpointer) field->name);
      g_ptr_array_add (values, value[0] == '\0' ? NULL : (gpointer) value);
    }
  return TRUE;
}

int
_tg_cli_field_index (GPtrArray  *fields,
                     const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    if (strcmp (g_ptr_array_index (fields, i), name) == 0)
      return i;
  return -1;
}

const char *
_tg_cli_field_get (GPtrArray  *fields,
                   GPtrArray  *values,
                   const char *name)
{
  int i = _tg_cli_field_index (fields, name);

  return i >= 0 ? g_ptr_array_index (values, i) : NULL;
}

void
_tg_cli_field_put (GPtrArray  *fields,
                   GPtrArray  *values,
                   const char *name,
                   const char *value)
{
  int i = _tg_cli_field_index (fields, name);

  if (i >= 0)
    {
      g_ptr_array_index (values, i) = (gpointer) value;
      return;
    }
  g_ptr_array_add (fields, (gpointer) name);
  g_ptr_array_add (values, (gpointer) value);
}

void
_tg_cli_field_default (GPtrArray  *fields,
                       GPtrArray  *values,
                       const char *name,
                       const char *value)
{
  if (_tg_cli_field_get (fields, values, name) == NULL)
    _tg_cli_field_put (fields, values, name, value);
}

gboolean
_tg_cli_field_require (const char  *command,
                       GPtrArray   *fields,
                       GPtrArray   *values,
                       const char  *name,
                       GError     **error)
{
  g_autofree char *option = NULL;

  if (_tg_cli_field_get (fields, values, name) != NULL)
    return TRUE;
  option = g_strdelimit (g_strdup (name), "_", '-');
  g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
               "%s: --%s is required", command, option);
  return FALSE;
}

/* Reads @text as a date, naming @name when it is not one. A date-time is
 * read as its day in England. */
static gboolean
parse_day (const char  *name,
           const char  *text,
           GDate       *out_date,
           GError     **error)
{
  if (tg_date_parse_iso (text, out_date))
    return TRUE;
  if (strchr (text, 'T') != NULL && tg_rules_local_date (text, out_date))
    return TRUE;
  g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
               "%s: “%s” is not a date (YYYY-MM-DD)", name, text);
  return FALSE;
}

gboolean
_tg_cli_check_not_future (const char  *name,
                          const char  *text,
                          GError     **error)
{
  GDate date;
  GDate today;

  if (text == NULL)
    return TRUE;
  if (!parse_day (name, text, &date, error))
    return FALSE;
  _tg_cli_today (&today);
  if (g_date_compare (&date, &today) > 0)
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
                   "%s: %s is in the future", name, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
_tg_cli_check_order (const char  *earlier_name,
                     const char  *earlier,
                     const char  *later_name,
                     const char  *later,
                     GError     **error)
{
  GDate first;
  GDate second;

  if (earlier == NULL || later == NULL)
    return TRUE;
  if (!parse_day (earlier_name, earlier, &first, error)
      || !parse_day (later_name, later, &second, error))
    return FALSE;
  if (g_date_compare (&second, &first) < 0)
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
                   "%s: %s is before %s %s", later_name, later, earlier_name, earlier);
      return FALSE;
    }
  return TRUE;
}

TgRecord *
_tg_cli_record_from_fields (const char  *entity_name,
                            GPtrArray   *fields,
                            GPtrArray   *values,
                            GError     **error)
{
  const TgEntityDef *entity = tg_schema_lookup_entity (entity_name);
  g_autoptr(TgRecord) record = tg_record_new (entity, "00000000-0000-4000-8000-000000000000");
  static const TgVersion no_version = { 0 };

  for (guint i = 0; i < fields->len; i++)
    {
      const TgFieldDef *field = tg_schema_lookup_field (entity, g_ptr_array_index (fields, i));
      char *canonical = NULL;

      if (!tg_field_normalize (field, g_ptr_array_index (values, i), &canonical, error))
        return NULL;
      tg_record_take (record, field - entity->fields, canonical, &no_version);
    }
  return g_steal_pointer (&record);
}

char *
_tg_cli_client_name (TgStore    *store,
                     const char *client_id)
{
  g_autoptr(TgRecord) client = tg_store_get (store, "client", client_id, NULL);

  if (client == NULL)
    return g_strdup (client_id);
  return g_strdup_printf ("%s, %s",
                          tg_record_get (client, "family_name") ?: "",
                          tg_record_get (client, "given_name") ?: "");
}

void
_tg_cli_add_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_tg_cli_add_date (JsonBuilder *builder,
                  const char  *name,
                  const GDate *date)
{
  g_autofree char *text = NULL;

  if (date == NULL || !g_date_valid (date))
    return;
  text = tg_date_to_iso (date);
  _tg_cli_add_string (builder, name, text);
}

char *
_tg_cli_date_text (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  return tg_date_to_iso (date);
}
