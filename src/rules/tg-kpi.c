/* KPIs over a store: each entity is read once and grouped by client, then
 * every selected client adds to the figures through the same rules the
 * app shows one person at a time. */
#include "tg-kpi.h"

#include <string.h>

#include "tg-care-rules.h"
#include "tg-contact-rules.h"
#include "tg-dates.h"
#include "tg-referral-rules.h"
#include "tg-rules-util.h"
#include "tg-top-rules.h"

/* One entity's live records, by the client they belong to. */
typedef struct {
  GPtrArray  *records;     /* owns the records */
  GHashTable *by_client;   /* client id → GPtrArray of borrowed records */
} Grouped;

static void
grouped_clear (Grouped *grouped)
{
  g_clear_pointer (&grouped->by_client, g_hash_table_unref);
  g_clear_pointer (&grouped->records, g_ptr_array_unref);
}

static gboolean
grouped_load (Grouped     *grouped,
              TgStore     *store,
              const char  *entity,
              GError     **error)
{
  grouped->records = tg_store_list (store, entity, NULL, NULL, FALSE, error);
  if (grouped->records == NULL)
    return FALSE;
  grouped->by_client = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < grouped->records->len; i++)
    {
      TgRecord *record = g_ptr_array_index (grouped->records, i);
      const char *client_id = tg_record_get (record, "client_id");
      GPtrArray *list;

      if (client_id == NULL)
        continue;
      list = g_hash_table_lookup (grouped->by_client, client_id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (grouped->by_client, (gpointer) client_id, list);
        }
      g_ptr_array_add (list, record);
    }
  return TRUE;
}

/* Never NULL, so the rules can walk it. */
static GPtrArray *
grouped_get (Grouped    *grouped,
             const char *client_id)
{
  static GPtrArray *empty;
  GPtrArray *list = g_hash_table_lookup (grouped->by_client, client_id);

  if (list != NULL)
    return list;
  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());
  return empty;
}

static gboolean
in_period (const TgKpiQuery *query,
           const GDate      *day)
{
  return g_date_valid (day)
         && g_date_compare (day, &query->from) >= 0
         && g_date_compare (day, &query->to) <= 0;
}

static gboolean
selected (const TgKpiQuery *query,
          const TgRecord   *client)
{
  if (query->team != NULL
      && !tg_rules_same_name (tg_record_get (client, "team"), query->team))
    return FALSE;
  if (query->worker != NULL
      && !tg_rules_same_name (tg_record_get (client, "key_worker"), query->worker)
      && !tg_rules_same_name (tg_record_get (client, "care_coordinator"), query->worker))
    return FALSE;
  return TRUE;
}

static void
count (TgKpiFigure *figure,
       gboolean     met)
{
  figure->denominator++;
  if (met)
    figure->numerator++;
}

static void
add_care_plans (const TgKpiQuery *query,
                const TgRecord   *client,
                GPtrArray        *plans,
                TgKpi            *kpi)
{
  GDate snapshot = query->to;
  gboolean has_active = FALSE;

  if (g_date_compare (&query->today, &snapshot) < 0)
    snapshot = query->today;

  for (guint i = 0; i < plans->len; i++)
    {
      const TgRecord *plan = g_ptr_array_index (plans, i);
      TgPlanClosure closure;

      has_active = has_active || tg_care_plan_is_active (plan, &snapshot);

      tg_care_plan_closure (plan, &closure);
      if (!closure.closed || !in_period (query, &closure.closed_on))
        continue;
      count (&kpi->plans_closed_on_time, closure.on_time);
      count (&kpi->plans_completed, closure.outcome == TG_PLAN_COMPLETED);
      count (&kpi->plans_disengaged, closure.outcome == TG_PLAN_DISENGAGED);
      count (&kpi->plans_transferred, closure.outcome == TG_PLAN_TRANSFERRED);
    }

  if (g_strcmp0 (tg_record_get (client, "custody_status"), "closed") != 0)
    count (&kpi->cases_with_plan, has_active);
}

static void
add_continuity (const TgKpiQuery *query,
                const TgRecord   *client,
                GPtrArray        *release_plans,
                TgKpi            *kpi)
{
  const TgRecord *plan = release_plans->len > 0 ? g_ptr_array_index (release_plans, 0) : NULL;
  TgContinuity continuity;
  GDate released;

  continuity = tg_continuity_for (client, plan, &query->today, &released, NULL);
  if (!in_period (query, &released))
    return;
  if (continuity == TG_CONTINUITY_PENDING)
    kpi->continuity.pending++;
  else if (continuity != TG_CONTINUITY_NOT_RELEASED)
    count (&kpi->continuity, continuity == TG_CONTINUITY_MET);
}

static void
add_referrals (const TgKpiQuery *query,
               GPtrArray        *referrals,
               TgKpi            *kpi)
{
  for (guint i = 0; i < referrals->len; i++)
    {
      GDate due;
      TgTimeliness timeliness;

      timeliness = tg_referral_timeliness (g_ptr_array_index (referrals, i),
                                           &query->today, &due);
      if (timeliness == TG_TIMELINESS_NONE || !in_period (query, &due))
        continue;
      if (timeliness == TG_TIMELINESS_DUE)
        kpi->referrals_on_time.pending++;
      else
        count (&kpi->referrals_on_time, timeliness == TG_TIMELINESS_DONE);
    }
}

/* A TOP occasion in the period: done, missing once its 28 days after are
 * over, pending until then. */
static void
judge_top_occasion (const TgKpiQuery *query,
                    GPtrArray        *tops,
                    const char       *stage,
                    const GDate      *occasion,
                    TgKpiFigure      *figure)
{
  GDate window_end = *occasion;

  if (!in_period (query, occasion))
    return;
  g_date_add_days (&window_end, TG_TOP_WINDOW_DAYS);
  if (tg_top_done_for_occasion (tops, stage, occasion))
    count (figure, TRUE);
  else if (g_date_compare (&query->today, &window_end) > 0)
    count (figure, FALSE);
  else
    figure->pending++;
}

static void
add_tops (const TgKpiQuery *query,
          const TgRecord   *client,
          GPtrArray        *tops,
          TgKpi            *kpi)
{
  GDate start;
  GDate end;
  gboolean has_end;
  GDate review;

  if (!tg_rules_record_date (client, "treatment_start", &start))
    return;
  has_end = tg_rules_record_date (client, "treatment_end", &end);

  judge_top_occasion (query, tops, "start", &start, &kpi->top_start);

  /* Reviews every 26 weeks while the episode lasts; one that would fall
   * on or after the exit is the exit's TOP instead. */
  review = start;
  for (;;)
    {
      g_date_add_days (&review, TG_TOP_REVIEW_INTERVAL_DAYS);
      if (g_date_compare (&review, &query->to) > 0
          || (has_end && g_date_compare (&review, &end) >= 0))
        break;
      judge_top_occasion (query, tops, "review", &review, &kpi->top_review);
    }

  if (has_end)
    judge_top_occasion (query, tops, "exit", &end, &kpi->top_exit);
}

static void
add_weekly_contacts (const TgKpiQuery *query,
                     const TgRecord   *client,
                     GPtrArray        *contacts,
                     TgKpi            *kpi)
{
  guint weeks;
  guint kept;

  kept = tg_contact_weeks_kept (client, contacts, &query->from, &query->to,
                                &query->today, &weeks);
  kpi->weekly_contacts.numerator += kept;
  kpi->weekly_contacts.denominator += weeks;
}

gboolean
tg_kpi_compute (TgStore           *store,
                const TgKpiQuery  *query,
                TgKpi             *out,
                GError           **error)
{
  g_autoptr(GPtrArray) clients = NULL;
  Grouped care_plans = { 0 };
  Grouped release_plans = { 0 };
  Grouped referrals = { 0 };
  Grouped tops = { 0 };
  Grouped contacts = { 0 };
  gboolean ok;

  g_return_val_if_fail (TG_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_date_valid (&query->from) && g_date_valid (&query->to)
                        && g_date_valid (&query->today), FALSE);

  memset (out, 0, sizeof *out);
  clients = tg_store_list (store, "client", NULL, NULL, FALSE, error);
  ok = clients != NULL
       && grouped_load (&care_plans, store, "care_plan", error)
       && grouped_load (&release_plans, store, "release_plan", error)
       && grouped_load (&referrals, store, "referral", error)
       && grouped_load (&tops, store, "top_record", error)
       && grouped_load (&contacts, store, "contact", error);

  for (guint i = 0; ok && i < clients->len; i++)
    {
      const TgRecord *client = g_ptr_array_index (clients, i);

      if (!selected (query, client))
        continue;
      add_care_plans (query, client, grouped_get (&care_plans, client->id), out);
      add_continuity (query, client, grouped_get (&release_plans, client->id), out);
      add_referrals (query, grouped_get (&referrals, client->id), out);
      add_weekly_contacts (query, client, grouped_get (&contacts, client->id), out);
      add_tops (query, client, grouped_get (&tops, client->id), out);
    }

  grouped_clear (&care_plans);
  grouped_clear (&release_plans);
  grouped_clear (&referrals);
  grouped_clear (&tops);
  grouped_clear (&contacts);
  return ok;
}

void
tg_kpi_rows (const TgKpi *kpi,
             TgKpiRow     rows[TG_KPI_N_ROWS])
{
  const TgKpiRow all[TG_KPI_N_ROWS] = {
    { "cases_with_active_care_plan", &kpi->cases_with_plan },
    { "care_plans_closed_on_time", &kpi->plans_closed_on_time },
    { "care_plans_completed", &kpi->plans_completed },
    { "care_plans_disengaged", &kpi->plans_disengaged },
    { "care_plans_transferred", &kpi->plans_transferred },
    { "continuity_of_care", &kpi->continuity },
    { "referrals_on_time", &kpi->referrals_on_time },
    { "weekly_contacts_kept", &kpi->weekly_contacts },
    { "top_at_start", &kpi->top_start },
    { "top_at_review", &kpi->top_review },
    { "top_at_exit", &kpi->top_exit },
  };

  memcpy (rows, all, sizeof all);
}

static void
append_csv_field (GString    *csv,
                  const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

char *
tg_kpi_to_csv (const TgKpiQuery *query,
               const TgKpi      *kpi)
{
  GString *csv = g_string_new ("team,worker,from,to,measure,numerator,denominator,percent,pending\r\n");
  g_autofree char *from = tg_date_to_iso (&query->from);
  g_autofree char *to = tg_date_to_iso (&query->to);
  TgKpiRow rows[TG_KPI_N_ROWS];

  tg_kpi_rows (kpi, rows);
  for (guint i = 0; i < TG_KPI_N_ROWS; i++)
    {
      const TgKpiFigure *figure = rows[i].figure;
      double percent = tg_rules_percent (figure->numerator, figure->denominator);

      append_csv_field (csv, query->team);
      g_string_append_c (csv, ',');
      append_csv_field (csv, query->worker);
      g_string_append_printf (csv, ",%s,%s,%s,%u,%u,", from, to, rows[i].measure,
                              figure->numerator, figure->denominator);
      if (percent >= 0)
        {
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          /* g_ascii_formatd: a decimal point whatever the locale. */
          g_string_append (csv, g_ascii_formatd (number, sizeof number, "%.1f", percent));
        }
      g_string_append_printf (csv, ",%u\r\n", figure->pending);
    }
  return g_string_free (csv, FALSE);
}
