/* tg-rate-limiter.h: token buckets by key.
 *
 * Each key (a device id, a peer address) has a bucket of @burst tokens
 * that refills at @rate tokens a second; a request takes one. Buckets are
 * made on first use and forgotten once full again, so a flood of
 * addresses costs memory only while they keep coming.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TG_TYPE_RATE_LIMITER (tg_rate_limiter_get_type ())
G_DECLARE_FINAL_TYPE (TgRateLimiter, tg_rate_limiter, TG, RATE_LIMITER, GObject)

TgRateLimiter *tg_rate_limiter_new   (double          rate,
                                      double          burst) G_GNUC_WARN_UNUSED_RESULT;

/* Takes a token for @key. When there is none, returns FALSE and sets
 * @retry_after to the whole seconds until there is. */
gboolean       tg_rate_limiter_take  (TgRateLimiter  *self,
                                      const char     *key,
                                      guint          *retry_after);

/* Whether @key has a token, without taking it. */
gboolean       tg_rate_limiter_check (TgRateLimiter  *self,
                                      const char     *key,
                                      guint          *retry_after);

G_END_DECLS
