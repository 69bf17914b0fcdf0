/* tg-reminders.c: what is due, counted, and the reminders for it. */

#include "config.h"

#include "tg-reminders.h"

#include <glib/gi18n-lib.h>

#include "tg-care-rules.h"
#include "tg-store-sync.h"

static const char * const kind_ids[TG_REMINDER_N_KINDS] = {
  [TG_REMINDER_RELEASES_TOMORROW] = "releases-tomorrow",
  [TG_REMINDER_REVIEWS_DUE] = "reviews-due",
  [TG_REMINDER_CONFLICTS] = "conflicts",
};

void
tg_reminder_free (TgReminder *reminder)
{
  if (reminder == NULL)
    return;
  g_free (reminder->title);
  g_free (reminder->body);
  g_free (reminder);
}

const char *
tg_reminder_kind_id (TgReminderKind kind)
{
  g_return_val_if_fail (kind < TG_REMINDER_N_KINDS, NULL);
  return kind_ids[kind];
}

static void
add (GPtrArray      *reminders,
     TgReminderKind  kind,
     guint           count,
     char           *title,
     const char     *body)
{
  TgReminder *reminder = g_new0 (TgReminder, 1);

  reminder->kind = kind;
  reminder->id = kind_ids[kind];
  reminder->count = count;
  reminder->title = title;
  reminder->body = g_strdup (body);
  g_ptr_array_add (reminders, reminder);
}

GPtrArray *
tg_reminders_build (const TgReminderCounts *counts)
{
  GPtrArray *reminders = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_reminder_free);

  g_return_val_if_fail (counts != NULL, reminders);

  if (counts->releases_tomorrow > 0)
    add (reminders, TG_REMINDER_RELEASES_TOMORROW, counts->releases_tomorrow,
         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u person is released tomorrow",
                                       "%u people are released tomorrow",
                                       counts->releases_tomorrow),
                          counts->releases_tomorrow),
         _("Open the gate list to see who, when and at which gate."));
  if (counts->reviews_due > 0)
    add (reminders, TG_REMINDER_REVIEWS_DUE, counts->reviews_due,
         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u care plan review is due",
                                       "%u care plan reviews are due",
                                       counts->reviews_due),
                          counts->reviews_due),
         _("Filter the caseload by Reviews to see them."));
  if (counts->open_conflicts > 0)
    add (reminders, TG_REMINDER_CONFLICTS, counts->open_conflicts,
         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u sync conflict is waiting",
                                       "%u sync conflicts are waiting",
                                       counts->open_conflicts),
                          counts->open_conflicts),
         _("Open Sync to keep your value or take the other one."));
  return reminders;
}

static gboolean
count_reviews (TgStore     *store,
               const GDate *today,
               guint        team_review_days,
               guint       *out,
               GError     **error)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GHashTable) people = NULL;

  plans = tg_store_list (store, "care_plan", NULL, NULL, FALSE, error);
  if (plans == NULL)
    return FALSE;
  /* One reminder line per person, however many plans they have. */
  people = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < plans->len; i++)
    {
      TgRecord *plan = plans->pdata[i];
      const char *client_id = tg_record_get (plan, "client_id");
      TgCareReview review;

      if (client_id == NULL)
        continue;
      tg_care_plan_review (plan, team_review_days, today, &review);
      if (review.state == TG_REVIEW_DUE)
        g_hash_table_add (people, (gpointer) client_id);
    }
  *out = g_hash_table_size (people);
  return TRUE;
}

gboolean
tg_reminders_count (TgStore          *store,
                    const GDate      *today,
                    guint             team_review_days,
                    TgReminderCounts *out,
                    GError          **error)
{
  g_autoptr(GPtrArray) gate = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  GDate tomorrow;

  g_return_val_if_fail (TG_IS_STORE (store), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = (TgReminderCounts) { 0 };

  tomorrow = *today;
  g_date_add_days (&tomorrow, 1);
  gate = tg_store_gate_list (store, &tomorrow, 1, error);
  if (gate == NULL)
    return FALSE;
  out->releases_tomorrow = gate->len;

  if (!count_reviews (store, today, team_review_days, &out->reviews_due, error))
    return FALSE;

  conflicts = tg_store_list_conflicts (store, FALSE, error);
  if (conflicts == NULL)
    return FALSE;
  out->open_conflicts = conflicts->len;
  return TRUE;
}

GPtrArray *
tg_reminders_collect (TgStore     *store,
                      const GDate *today,
                      guint        team_review_days,
                      GError     **error)
{
  TgReminderCounts counts;

  if (!tg_reminders_count (store, today, team_review_days, &counts, error))
    return NULL;
  return tg_reminders_build (&counts);
}
