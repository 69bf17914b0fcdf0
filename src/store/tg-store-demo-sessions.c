/* The demo's sessions (tg-store-demo-private.h): made as the notes written
 * in them are, one per place and day. */

#include "tg-store-demo-private.h"

#include <string.h>

/* Which clients' notes are written in sessions: one in ten, so a big
 * demo stays quick to make. */
#define SESSION_CLIENT_EVERY 10

typedef struct {
  char     *id;
  gboolean  inside;   /* a surgery in the prison */
  GPtrArray *seen;    /* client ids, not owned */
} DemoSession;

struct _TgDemoSessions {
  GHashTable *by_key;   /* "place|day" → DemoSession */
  GPtrArray  *all;      /* DemoSession, in the order made */
};

static void
demo_session_free (DemoSession *session)
{
  g_free (session->id);
  g_ptr_array_unref (session->seen);
  g_free (session);
}

TgDemoSessions *
_tg_demo_sessions_new (void)
{
  TgDemoSessions *sessions = g_new0 (TgDemoSessions, 1);

  sessions->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sessions->all = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_session_free);
  return sessions;
}

void
_tg_demo_sessions_free (TgDemoSessions *sessions)
{
  if (sessions == NULL)
    return;
  g_hash_table_unref (sessions->by_key);
  g_ptr_array_unref (sessions->all);
  g_free (sessions);
}

static gboolean
has_seen (DemoSession *session,
          const char  *client_id)
{
  for (guint i = 0; i < session->seen->len; i++)
    if (strcmp (session->seen->pdata[i], client_id) == 0)
      return TRUE;
  return FALSE;
}

gboolean
_tg_demo_sessions_add_seen (TgDemoSessions  *sessions,
                            TgStore         *store,
                            guint            n,
                            gboolean         inside,
                            const char      *client_id,
                            GError         **error)
{
  DemoSession *session;
  const char *fields[] = { "session_id", "client_id" };
  const char *values[2];
  g_autofree char *id = NULL;

  if (sessions->all->len == 0)
    return TRUE;
  session = sessions->all->pdata[n % sessions->all->len];
  if (session->inside != inside || has_seen (session, client_id))
    return TRUE;
  values[0] = session->id;
  values[1] = client_id;
  id = tg_store_insert (store, "session_attendance", fields, values, 2, error);
  if (id == NULL)
    return FALSE;
  g_ptr_array_add (session->seen, (gpointer) client_id);
  return TRUE;
}

gboolean
_tg_demo_sessions_link (TgDemoSessions  *sessions,
                        TgStore         *store,
                        const char      *client_id,
                        guint            index,
                        const char      *kind,
                        const char      *occurred_at,
                        const char     **out_session_id,
                        GError         **error)
{
  gboolean inside = strcmp (kind, "in_reach") == 0;
  g_autofree char *day = g_strndup (occurred_at, 10);
  g_autofree char *key = NULL;
  DemoSession *session;

  *out_session_id = NULL;
  if (index % SESSION_CLIENT_EVERY != 1 || (!inside && strcmp (kind, "outreach") != 0))
    return TRUE;

  key = g_strdup_printf ("%s|%s", inside ? "hmp_nottingham" : "homelessness_project", day);
  session = g_hash_table_lookup (sessions->by_key, key);
  if (session == NULL)
    {
      const char *fields[] = { "place", "place_detail", "date", "worker", "team" };
      const char *values[] = {
        inside ? "hmp_nottingham" : "homelessness_project",
        inside ? "Healthcare wing surgery" : "Drop-in, Hockley",
        day, tg_store_get_worker (store),
        inside ? "Nottingham in-reach" : "Nottingham outreach",
      };

      session = g_new0 (DemoSession, 1);
      session->inside = inside;
      session->seen = g_ptr_array_new ();
      session->id = tg_store_insert (store, "session", fields, values, G_N_ELEMENTS (fields), error);
      if (session->id == NULL)
        {
          demo_session_free (session);
          return FALSE;
        }
      g_ptr_array_add (sessions->all, session);
      g_hash_table_insert (sessions->by_key, g_steal_pointer (&key), session);
    }

  if (!has_seen (session, client_id))
    {
      const char *fields[] = { "session_id", "client_id" };
      const char *values[] = { session->id, client_id };
      g_autofree char *id = tg_store_insert (store, "session_attendance", fields, values, 2, error);

      if (id == NULL)
        return FALSE;
      g_ptr_array_add (session->seen, (gpointer) client_id);
    }
  *out_session_id = session->id;
  return TRUE;
}
