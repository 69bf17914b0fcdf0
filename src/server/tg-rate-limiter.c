/* tg-rate-limiter.c: token buckets by key (tg-rate-limiter.h). */
#include "config.h"

#include <math.h>

#include "tg-rate-limiter.h"

/* Above this many buckets, full ones are dropped before a new one is made. */
#define PRUNE_ABOVE 4096

typedef struct {
  double tokens;     /* 0 ..burst, as of @updated */
  gint64 updated;    /* g_get_monotonic_time() */
} Bucket;

struct _TgRateLimiter
{
  GObject     parent_instance;

  double      rate;      /* tokens a second, > 0 */
  double      burst;     /* bucket size, >= 1 */
  GHashTable *buckets;   /* key -> Bucket */
};

G_DEFINE_FINAL_TYPE (TgRateLimiter, tg_rate_limiter, G_TYPE_OBJECT)

static void
tg_rate_limiter_finalize (GObject *object)
{
  TgRateLimiter *self = (TgRateLimiter *) object;

  g_clear_pointer (&self->buckets, g_hash_table_unref);

  G_OBJECT_CLASS (tg_rate_limiter_parent_class)->finalize (object);
}

static void
tg_rate_limiter_class_init (TgRateLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tg_rate_limiter_finalize;
}

static void
tg_rate_limiter_init (TgRateLimiter *self)
{
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

TgRateLimiter *
tg_rate_limiter_new (double rate,
                     double burst)
{
  TgRateLimiter *self = g_object_new (TG_TYPE_RATE_LIMITER, NULL);

  self->rate = MAX (rate, 1e-6);
  self->burst = MAX (burst, 1.0);
  return self;
}

static void
refill (TgRateLimiter *self,
        Bucket        *bucket,
        gint64         now)
{
  double elapsed = (double) (now - bucket->updated) / G_USEC_PER_SEC;

  bucket->tokens = MIN (self->burst, bucket->tokens + elapsed * self->rate);
  bucket->updated = now;
}

static void
prune (TgRateLimiter *self,
       gint64         now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      refill (self, value, now);
      if (((Bucket *) value)->tokens >= self->burst)
        g_hash_table_iter_remove (&iter);
    }
}

static Bucket *
get_bucket (TgRateLimiter *self,
            const char    *key,
            gint64         now)
{
  Bucket *bucket = g_hash_table_lookup (self->buckets, key);

  if (bucket != NULL)
    {
      refill (self, bucket, now);
      return bucket;
    }
  if (g_hash_table_size (self->buckets) > PRUNE_ABOVE)
    prune (self, now);
  bucket = g_new0 (Bucket, 1);
  bucket->tokens = self->burst;
  bucket->updated = now;
  g_hash_table_insert (self->buckets, g_strdup (key), bucket);
  return bucket;
}

static guint
seconds_until_token (TgRateLimiter *self,
                     Bucket        *bucket)
{
  return (guint) MAX (1.0, ceil ((1.0 - bucket->tokens) / self->rate));
}

gboolean
tg_rate_limiter_check (TgRateLimiter *self,
                       const char    *key,
                       guint         *retry_after)
{
  Bucket *bucket;

  g_return_val_if_fail (TG_IS_RATE_LIMITER (self), FALSE);

  bucket = get_bucket (self, key, g_get_monotonic_time ());
  if (bucket->tokens >= 1.0)
    return TRUE;
  *retry_after = seconds_until_token (self, bucket);
  return FALSE;
}

gboolean
tg_rate_limiter_take (TgRateLimiter *self,
                      const char    *key,
                      guint         *retry_after)
{
  Bucket *bucket;

  g_return_val_if_fail (TG_IS_RATE_LIMITER (self), FALSE);

  bucket = get_bucket (self, key, g_get_monotonic_time ());
  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }
  *retry_after = seconds_until_token (self, bucket);
  return FALSE;
}
