/* tg-record.h: one record as a set of versioned fields.
 *
 * values[i] and versions[i] belong to entity->fields[i]. A field never
 * written has a NULL value and a zero version; a field cleared by a write
 * has a NULL value and that write's version.
 */
#pragma once

#include <glib.h>

#include "tg-hlc.h"
#include "tg-schema.h"

G_BEGIN_DECLS

typedef struct {
  const TgEntityDef *entity;
  char              *id;
  char             **values;
  TgVersion         *versions;
} TgRecord;

TgRecord   *tg_record_new       (const TgEntityDef *entity,
                                 const char        *id) G_GNUC_WARN_UNUSED_RESULT;
void        tg_record_free      (TgRecord          *self);

/* The value of a field by name; NULL when unset or not a field. */
const char *tg_record_get       (const TgRecord    *self,
                                 const char        *field);

/* Takes ownership of @value. */
void        tg_record_take      (TgRecord          *self,
                                 guint              field_index,
                                 char              *value,
                                 const TgVersion   *version);

gboolean    tg_record_is_deleted (const TgRecord   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgRecord, tg_record_free)

G_END_DECLS
