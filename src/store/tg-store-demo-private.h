/* tg-store-demo-private.h: the two parts of the demo caseload. */
#pragma once

#include "tg-store.h"

G_BEGIN_DECLS

/* The sessions of the demo: a surgery or clinic for each place and day
 * on which a case note was written there. One client in ten has the
 * in-reach and outreach notes they get written in a session (chosen by
 * position, so no random number is drawn and the notes are the same). */
typedef struct _TgDemoSessions TgDemoSessions;

TgDemoSessions *_tg_demo_sessions_new  (void);
void            _tg_demo_sessions_free (TgDemoSessions *sessions);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgDemoSessions, _tg_demo_sessions_free)

/* For a note of @kind at @occurred_at about the @index-th client: the
 * session it was written in, made on first use with the client added as
 * seen, in *@out_session_id; NULL there when the note was not written in
 * a session. */
gboolean _tg_demo_sessions_link (TgDemoSessions  *sessions,
                                 TgStore         *store,
                                 const char      *client_id,
                                 guint            index,
                                 const char      *kind,
                                 const char      *occurred_at,
                                 const char     **out_session_id,
                                 GError         **error);

/* Adds @client_id as seen, without a note, at the @n-th session (modulo
 * their number) when it is on the right side of the wall (@inside). */
gboolean _tg_demo_sessions_add_seen (TgDemoSessions  *sessions,
                                     TgStore         *store,
                                     guint            n,
                                     gboolean         inside,
                                     const char      *client_id,
                                     GError         **error);

/* The clients tg_store_fill_demo() made, in order: their ids, custody
 * statuses (static strings) and care plan ids (NULL for none), and the
 * sessions their notes were written in. */
typedef struct {
  GPtrArray      *ids;
  GPtrArray      *custodies;
  GPtrArray      *care_plan_ids;
  TgDemoSessions *sessions;
} TgDemoCaseload;

/* Adds the field-workflow records to a filled caseload: care plans with
 * goals, reviews and closures, TOPs, referrals, contacts, more people seen
 * at the sessions (without a note), appointments after release, and two
 * releases tomorrow with their appointments. Draws from its own generator seeded by
 * @seed, so the clients and notes made before are the same as without it. */
gboolean _tg_store_demo_add_workflows (TgStore              *store,
                                       guint32               seed,
                                       const GDate          *today,
                                       const TgDemoCaseload *caseload,
                                       GError              **error);

G_END_DECLS
