#include "tg-record.h"

TgRecord *
tg_record_new (const TgEntityDef *entity,
               const char        *id)
{
  TgRecord *self = g_new0 (TgRecord, 1);

  self->entity = entity;
  self->id = g_strdup (id);
  self->values = g_new0 (char *, entity->n_fields);
  self->versions = g_new0 (TgVersion, entity->n_fields);
  return self;
}

void
tg_record_free (TgRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  /* Not g_strfreev(): unset fields leave NULL holes in the array. */
  for (guint i = 0; i < self->entity->n_fields; i++)
    g_free (self->values[i]);
  g_free (self->values);
  g_free (self->versions);
  g_free (self);
}

const char *
tg_record_get (const TgRecord *self,
               const char     *field)
{
  for (guint i = 0; i < self->entity->n_fields; i++)
    if (g_strcmp0 (self->entity->fields[i].name, field) == 0)
      return self->values[i];
  return NULL;
}

void
tg_record_take (TgRecord        *self,
                guint            field_index,
                char            *value,
                const TgVersion *version)
{
  g_return_if_fail (field_index < self->entity->n_fields);

  g_free (self->values[field_index]);
  self->values[field_index] = value;
  self->versions[field_index] = *version;
}

gboolean
tg_record_is_deleted (const TgRecord *self)
{
  return g_strcmp0 (tg_record_get (self, "deleted"), "true") == 0;
}
