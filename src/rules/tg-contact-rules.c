/* Contact and assessment timeliness; see docs/field-workflows.md. */
#include "tg-contact-rules.h"

#include <string.h>

/* Which contacts a search looks at. */
typedef struct {
  const char  *kind;          /* NULL: any contact with the person */
  const GDate *not_before;    /* NULL: any day */
  const char  *worker;        /* NULL: anyone's */
} ContactFilter;

gboolean
tg_contact_is_with_person (const TgRecord *contact)
{
  const char *kind = tg_record_get (contact, "kind");

  return kind != NULL && g_strcmp0 (kind, "relay_to_prison") != 0;
}

static gboolean
contact_matches (const TgRecord      *contact,
                 const ContactFilter *filter,
                 GDate               *out_day)
{
  if (tg_record_is_deleted (contact)
      || !tg_rules_local_date (tg_record_get (contact, "at"), out_day))
    return FALSE;
  if (filter->kind != NULL
      ? g_strcmp0 (tg_record_get (contact, "kind"), filter->kind) != 0
      : !tg_contact_is_with_person (contact))
    return FALSE;
  if (filter->not_before != NULL && g_date_compare (out_day, filter->not_before) < 0)
    return FALSE;
  if (filter->worker != NULL
      && !tg_rules_same_name (tg_record_get (contact, "worker"), filter->worker))
    return FALSE;
  return TRUE;
}

/* The earliest (or latest, up to @until) day of a matching contact. */
static gboolean
find_contact_day (GPtrArray           *contacts,
                  const ContactFilter *filter,
                  gboolean             latest,
                  const GDate         *until,
                  GDate               *out_day)
{
  gboolean found = FALSE;

  g_date_clear (out_day, 1);
  for (guint i = 0; i < contacts->len; i++)
    {
      GDate day;

      if (!contact_matches (g_ptr_array_index (contacts, i), filter, &day))
        continue;
      if (until != NULL && g_date_compare (&day, until) > 0)
        continue;
      if (!found || (latest ? g_date_compare (&day, out_day) > 0
                            : g_date_compare (&day, out_day) < 0))
        *out_day = day;
      found = TRUE;
    }
  return found;
}

static TgTimeliness
judge_by_day (gboolean     done,
              const GDate *done_on,
              const GDate *deadline,
              const GDate *today)
{
  if (done)
    return g_date_compare (done_on, deadline) <= 0 ? TG_TIMELINESS_DONE : TG_TIMELINESS_LATE;
  return g_date_compare (today, deadline) <= 0 ? TG_TIMELINESS_DUE : TG_TIMELINESS_OVERDUE;
}

TgTimeliness
tg_contact_first_contact_duty (GPtrArray   *contacts,
                               const char  *kind,
                               const GDate *today,
                               GDate       *out_first)
{
  ContactFilter any = { NULL, NULL, NULL };
  ContactFilter duty = { kind, NULL, NULL };
  GDate first;
  GDate done_on;
  gboolean done;

  if (out_first != NULL)
    g_date_clear (out_first, 1);
  if (!find_contact_day (contacts, &any, FALSE, NULL, &first))
    return TG_TIMELINESS_NONE;
  if (out_first != NULL)
    *out_first = first;

  done = find_contact_day (contacts, &duty, FALSE, NULL, &done_on);
  return judge_by_day (done, &done_on, &first, today);
}

/* The named care co-ordinator, or NULL when nobody is named. */
static const char *
coordinator_of (const TgRecord *client)
{
  const char *name = tg_record_get (client, "care_coordinator");

  return name != NULL ? name : tg_record_get (client, "key_worker");
}

/* Whether the client is in treatment on @day: the episode has started,
 * has not ended before @day, and the case is not closed. */
static gboolean
in_treatment (const TgRecord *client,
              const GDate    *day,
              GDate          *out_start)
{
  GDate end;

  if (tg_record_is_deleted (client)
      || g_strcmp0 (tg_record_get (client, "custody_status"), "closed") == 0
      || !tg_rules_record_date (client, "treatment_start", out_start)
      || g_date_compare (out_start, day) > 0)
    return FALSE;
  return !tg_rules_record_date (client, "treatment_end", &end)
         || g_date_compare (&end, day) >= 0;
}

void
tg_contact_weekly (const TgRecord  *client,
                   GPtrArray       *contacts,
                   const GDate     *today,
                   TgWeeklyContact *out)
{
  ContactFilter filter = { NULL, NULL, NULL };
  gint days_in;

  memset (out, 0, sizeof *out);
  g_date_clear (&out->treatment_start, 1);
  g_date_clear (&out->rule_ends, 1);
  g_date_clear (&out->last_contact, 1);
  g_date_clear (&out->next_due, 1);

  if (!in_treatment (client, today, &out->treatment_start))
    return;
  out->rule_ends = out->treatment_start;
  g_date_add_days (&out->rule_ends, TG_CONTACT_WEEKLY_UNTIL_WEEKS * TG_CONTACT_WEEKLY_DAYS);
  if (g_date_compare (today, &out->rule_ends) >= 0)
    {
      g_date_clear (&out->rule_ends, 1);
      g_date_clear (&out->treatment_start, 1);
      return;
    }

  out->applies = TRUE;
  days_in = tg_rules_days_between (&out->treatment_start, today);
  out->weeks_in_treatment = (guint) days_in / TG_CONTACT_WEEKLY_DAYS;

  filter.not_before = &out->treatment_start;
  filter.worker = coordinator_of (client);
  out->any_worker = filter.worker == NULL;

  if (find_contact_day (contacts, &filter, TRUE, today, &out->last_contact))
    out->next_due = out->last_contact;
  else
    out->next_due = out->treatment_start;
  g_date_add_days (&out->next_due, TG_CONTACT_WEEKLY_DAYS);

  out->contact_due = g_date_compare (today, &out->next_due) >= 0;
  out->overdue = g_date_compare (today, &out->next_due) > 0;
}

guint
tg_contact_weeks_kept (const TgRecord *client,
                       GPtrArray      *contacts,
                       const GDate    *from,
                       const GDate    *to,
                       const GDate    *today,
                       guint          *out_weeks)
{
  ContactFilter filter = { NULL, NULL, NULL };
  GDate start;
  GDate end;
  gboolean has_end;
  guint kept = 0;

  *out_weeks = 0;
  if (tg_record_is_deleted (client)
      || !tg_rules_record_date (client, "treatment_start", &start))
    return 0;
  has_end = tg_rules_record_date (client, "treatment_end", &end);
  filter.worker = coordinator_of (client);

  for (guint week = 0; week < TG_CONTACT_WEEKLY_UNTIL_WEEKS; week++)
    {
      GDate first = start;
      GDate last;
      GDate found;

      g_date_add_days (&first, week * TG_CONTACT_WEEKLY_DAYS);
      last = first;
      g_date_add_days (&last, TG_CONTACT_WEEKLY_DAYS - 1);

      /* Only weeks that are over, inside the period, and still in
       * treatment are judged. */
      if (g_date_compare (&last, from) < 0 || g_date_compare (&last, to) > 0
          || g_date_compare (&last, today) >= 0
          || (has_end && g_date_compare (&last, &end) > 0))
        continue;

      (*out_weeks)++;
      filter.not_before = &first;
      if (find_contact_day (contacts, &filter, FALSE, &last, &found))
        kept++;
    }
  return kept;
}

TgTimeliness
tg_contact_bail_assessment (const TgRecord *client,
                            GPtrArray      *contacts,
                            const GDate    *today,
                            GDate          *out_deadline)
{
  ContactFilter filter = { "assessment", NULL, NULL };
  GDate required;
  GDate deadline;
  GDate done_on;
  gboolean done;

  if (out_deadline != NULL)
    g_date_clear (out_deadline, 1);
  if (!tg_rules_record_date (client, "restriction_on_bail_on", &required))
    return TG_TIMELINESS_NONE;

  tg_rules_working_days_after (&required, TG_CONTACT_BAIL_WORKING_DAYS, &deadline);
  if (out_deadline != NULL)
    *out_deadline = deadline;

  filter.not_before = &required;
  done = find_contact_day (contacts, &filter, FALSE, NULL, &done_on);
  return judge_by_day (done, &done_on, &deadline, today);
}

TgTimeliness
tg_contact_relay (const TgRecord *client,
                  GPtrArray      *contacts,
                  GDateTime      *now,
                  gint64         *out_deadline)
{
  gint64 remanded;
  gint64 deadline;
  gint64 first = G_MAXINT64;

  if (out_deadline != NULL)
    *out_deadline = 0;
  if (!tg_rules_unix_time (tg_record_get (client, "remanded_at"), &remanded))
    return TG_TIMELINESS_NONE;
  deadline = remanded + TG_CONTACT_RELAY_SECONDS;
  if (out_deadline != NULL)
    *out_deadline = deadline;

  /* To the second, not by day: 24 hours is what the standard says. */
  for (guint i = 0; i < contacts->len; i++)
    {
      const TgRecord *contact = g_ptr_array_index (contacts, i);
      gint64 at;

      if (tg_record_is_deleted (contact)
          || g_strcmp0 (tg_record_get (contact, "kind"), "relay_to_prison") != 0
          || !tg_rules_unix_time (tg_record_get (contact, "at"), &at)
          || at < remanded)
        continue;
      first = MIN (first, at);
    }

  if (first != G_MAXINT64)
    return first <= deadline ? TG_TIMELINESS_DONE : TG_TIMELINESS_LATE;
  return g_date_time_to_unix (now) <= deadline ? TG_TIMELINESS_DUE : TG_TIMELINESS_OVERDUE;
}
