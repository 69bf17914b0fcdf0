#include "tg-change.h"

TgChange *
tg_change_new (const TgFieldDef *field,
               const char       *record_id,
               const char       *value,
               const TgVersion  *version)
{
  TgChange *self = g_new0 (TgChange, 1);

  self->entity = field->entity;
  self->field = field;
  self->record_id = g_strdup (record_id);
  self->value = g_strdup (value);
  self->version = *version;
  return self;
}

TgChange *
tg_change_copy (const TgChange *change)
{
  return tg_change_new (change->field, change->record_id, change->value, &change->version);
}

void
tg_change_free (TgChange *change)
{
  if (change == NULL)
    return;
  g_free (change->record_id);
  g_free (change->value);
  g_free (change);
}

TgMergeDecision
tg_merge_decide (const TgVersion *local,
                 const TgVersion *incoming)
{
  int order = tg_version_compare (incoming, local);

  if (order > 0)
    return TG_MERGE_TAKE_INCOMING;
  if (order == 0)
    return TG_MERGE_SAME;
  return TG_MERGE_KEEP_LOCAL;
}
