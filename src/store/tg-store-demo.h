/* tg-store-demo.h: a seeded synthetic caseload for demos and benchmarks.
 *
 * Everything it writes is invented: names come from short lists of given and
 * family names, NHS numbers from the 999 range (never issued) with a valid
 * modulus 11 check digit, prison numbers from a counter. The same seed,
 * sizes and day give the same people, dates and notes; only record ids and
 * version stamps differ between runs.
 */
#pragma once

#include "tg-store.h"

G_BEGIN_DECLS

/* Fills @store with @n_clients clients, their release plans, about one in
 * ten with a care plan, and @notes_per_client notes each (older ones
 * signed). Releases are spread over the weeks after @today, with some this
 * week, two tomorrow with their appointments, and one on a Friday; reviews
 * fall due around @today. The care plans come with goals, reviews, TOPs,
 * contacts and referrals; some released people with their appointments and
 * treatment after release; eight weeks of sessions with the people seen
 * and, with notes, a note or two written there. The records are
 * then marked as synced, a few fresh local edits are left waiting, and two
 * of them lose to an incoming edit so the conflict log has something in it.
 * Clients whose key worker is the store's worker make up "my caseload". */
gboolean tg_store_fill_demo (TgStore      *store,
                             guint32       seed,
                             guint         n_clients,
                             guint         notes_per_client,
                             const GDate  *today,
                             GError      **error);

G_END_DECLS
