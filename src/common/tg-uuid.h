/* tg-uuid.h: record identifiers.
 *
 * Records are named by random (version 4) UUIDs in lower-case text form, drawn
 * from the system's random source so ids from different devices never meet.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *tg_uuid_new      (void) G_GNUC_WARN_UNUSED_RESULT;
gboolean  tg_uuid_is_valid (const char *text);

G_END_DECLS
