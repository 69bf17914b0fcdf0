/* The reminders as notifications (tg-notifier.h).
 *
 * Sections: the object, reading what is due, sending, public API.
 */

#include "config.h"

#include "tg-notifier.h"

#include "tg-reminders.h"
#include "tg-store-service-reminders.h"

struct _TgNotifier
{
  GObject         parent_instance;

  GApplication   *application;   /* weak: the application owns the notifier */
  TgStoreService *service;
  GCancellable   *cancellable;   /* the check under way; cancelled on lock */

  /* id → "YYYY-MM-DD:count" of the notification on show. Invariant: an id
   * is here exactly when its notification was sent and not withdrawn. */
  GHashTable     *shown;
};

G_DEFINE_FINAL_TYPE (TgNotifier, tg_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One check: the counting on the service's worker, then the decision. */
typedef struct {
  TgNotifier *self;       /* strong */
  GDate       today;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->self);
  g_free (check);
}

static void
today_date (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
send_reminders (TgNotifier  *self,
                const GDate *today,
                GPtrArray   *reminders)
{
  g_autoptr(GHashTable) due = g_hash_table_new (g_str_hash, g_str_equal);
  char day[16];
  GHashTableIter iter;
  gpointer key;

  g_date_strftime (day, sizeof day, "%Y-%m-%d", today);
  for (guint i = 0; i < reminders->len; i++)
    {
      TgReminder *reminder = reminders->pdata[i];
      g_autofree char *stamp = g_strdup_printf ("%s:%u", day, reminder->count);
      g_autoptr(GNotification) notification = NULL;

      g_hash_table_add (due, (gpointer) reminder->id);
      if (g_strcmp0 (g_hash_table_lookup (self->shown, reminder->id), stamp) == 0)
        continue;
      notification = g_notification_new (reminder->title);
      g_notification_set_body (notification, reminder->body);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_NORMAL);
      if (g_application_get_is_registered (self->application))
        g_application_send_notification (self->application, reminder->id, notification);
      g_hash_table_replace (self->shown, g_strdup (reminder->id), g_steal_pointer (&stamp));
    }

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (due, key))
      {
        if (g_application_get_is_registered (self->application))
          g_application_withdraw_notification (self->application, key);
        g_hash_table_iter_remove (&iter);
      }
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Check *check = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree TgReminderCounts *counts = NULL;
  g_autoptr(GPtrArray) reminders = NULL;

  counts = tg_store_service_count_reminders_finish (TG_STORE_SERVICE (source), result, &error);
  /* A failed count (locked meanwhile, or an error) leaves everything as it
   * was: better a stale reminder than a wrong withdrawal. */
  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reminders: %s", error->message);
    }
  else if (check->self->application != NULL)
    {
      reminders = tg_reminders_build (counts);
      send_reminders (check->self, &check->today, reminders);
    }
  check_free (check);
}

static void
state_changed_cb (TgNotifier *self)
{
  if (tg_store_service_get_state (self->service) == TG_STORE_SERVICE_UNLOCKED)
    tg_notifier_check (self);
  else
    g_cancellable_cancel (self->cancellable);
}

static void
tg_notifier_constructed (GObject *object)
{
  TgNotifier *self = TG_NOTIFIER (object);

  G_OBJECT_CLASS (tg_notifier_parent_class)->constructed (object);

  g_signal_connect_object (self->service, "notify::state",
                           G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
tg_notifier_dispose (GObject *object)
{
  TgNotifier *self = TG_NOTIFIER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (tg_notifier_parent_class)->dispose (object);
}

static void
tg_notifier_finalize (GObject *object)
{
  TgNotifier *self = TG_NOTIFIER (object);

  g_hash_table_unref (self->shown);

  G_OBJECT_CLASS (tg_notifier_parent_class)->finalize (object);
}

static void
tg_notifier_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TgNotifier *self = TG_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_notifier_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TgNotifier *self = TG_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_set_weak_pointer (&self->application, g_value_get_object (value));
      break;
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tg_notifier_class_init (TgNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tg_notifier_constructed;
  object_class->dispose = tg_notifier_dispose;
  object_class->finalize = tg_notifier_finalize;
  object_class->get_property = tg_notifier_get_property;
  object_class->set_property = tg_notifier_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, G_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TG_TYPE_STORE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tg_notifier_init (TgNotifier *self)
{
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

TgNotifier *
tg_notifier_new (GApplication   *application,
                 TgStoreService *service)
{
  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TG_IS_STORE_SERVICE (service), NULL);

  return g_object_new (TG_TYPE_NOTIFIER,
                       "application", application,
                       "service", service,
                       NULL);
}

void
tg_notifier_check (TgNotifier *self)
{
  Check *check;

  g_return_if_fail (TG_IS_NOTIFIER (self));

  if (self->application == NULL ||
      tg_store_service_get_state (self->service) != TG_STORE_SERVICE_UNLOCKED)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  check = g_new0 (Check, 1);
  check->self = g_object_ref (self);
  today_date (&check->today);
  tg_store_service_count_reminders_async (self->service, &check->today, 0, self->cancellable,
                                          counted_cb, check);
}

GStrv
tg_notifier_dup_shown (TgNotifier *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree const char **keys = NULL;
  guint n = 0;
  GStrv ids;

  g_return_val_if_fail (TG_IS_NOTIFIER (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->shown, &n);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, keys[i]);
  ids = g_strv_builder_end (builder);
  g_qsort_with_data (ids, (gint) n, sizeof (char *), compare_ids, NULL);
  return ids;
}
