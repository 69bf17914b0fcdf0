/* The field-workflow part of the demo caseload (tg-store-demo-private.h).
 *
 * Everything is relative to the demo's "today" and invented. It goes in
 * after the clients and notes, from a generator of its own, so a seed
 * gives the same people and notes as before the workflows were added;
 * only a share of the caseload gets workflow records, which keeps a
 * 10,000-client demo quick to make. */

#include "tg-store-demo-private.h"

#include "tg-dates.h"

#define WORKFLOW_BATCH 250

static const char * const services[] = {
  "Housing options", "Community mental health team", "Dentist",
  "Jobcentre work coach", "Debt advice", "Blood-borne virus testing",
};

static const char * const outcomes[] = {
  "completed", "completed", "completed", "disengaged", "disengaged", "transferred",
};

static const char * const key_events[] = {
  "arrest", "breach", "disengagement",
};

typedef struct {
  TgStore        *store;
  GRand          *rand;
  GDate           today;
  /* Date texts handed to the store live until the end of the batch. */
  GPtrArray      *texts;
} Workflows;

static const char *
keep (Workflows *w,
      char      *text)
{
  g_ptr_array_add (w->texts, text);
  return text;
}

static const char *
day_text (Workflows   *w,
          const GDate *date)
{
  return keep (w, tg_date_to_iso (date));
}

static const char *
at_text (Workflows   *w,
         const GDate *date,
         const char  *time)
{
  g_autofree char *day = tg_date_to_iso (date);

  return keep (w, g_strdup_printf ("%sT%s:00Z", day, time));
}

static GDate
offset (const GDate *from,
        int          days)
{
  GDate date = *from;

  if (days >= 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  return date;
}

static gboolean
after_today (Workflows   *w,
             const GDate *date)
{
  return g_date_compare (date, &w->today) > 0;
}

static int
range (Workflows *w,
       int        begin,
       int        end)
{
  return g_rand_int_range (w->rand, begin, end);
}

static gboolean
insert (Workflows    *w,
        const char   *entity,
        const char  **fields,
        const char  **values,
        guint         n,
        char        **out_id,
        GError      **error)
{
  char *id = tg_store_insert (w->store, entity, (const char * const *) fields,
                              (const char * const *) values, n, error);

  if (id == NULL)
    return FALSE;
  if (out_id != NULL)
    *out_id = id;
  else
    g_free (id);
  return TRUE;
}

/* A complete TOP, its answers consistent with each other. */
static gboolean
add_top (Workflows    *w,
         const char   *client_id,
         const char   *stage,
         const GDate  *on,
         GError      **error)
{
  static const struct { const char *days; const char *amount; int most; } substances[] = {
    { "alcohol_days", "alcohol_units", 30 },
    { "opiates_days", "opiates_grams", 2 },
    { "crack_days", "crack_grams", 2 },
    { "cocaine_days", "cocaine_grams", 2 },
    { "amphetamines_days", "amphetamines_grams", 2 },
    { "cannabis_days", "cannabis_joints", 6 },
  };
  static const char * const crimes[] = {
    "shoplifting_days", "selling_drugs_days", "theft_days", "violence_days",
  };
  static const char * const ratings[] = {
    "psychological_health", "physical_health", "quality_of_life",
  };
  const char *fields[40];
  const char *values[40];
  guint n = 0;
  /* Use falls from start to exit, as it should. */
  int heavy = g_str_equal (stage, "start") ? 20 : g_str_equal (stage, "review") ? 10 : 4;
  int injecting;

#define SET(f, v) G_STMT_START { fields[n] = (f); values[n] = (v); n++; } G_STMT_END
  SET ("client_id", client_id);
  SET ("stage", stage);
  SET ("completed_on", day_text (w, on));
  for (guint i = 0; i < G_N_ELEMENTS (substances); i++)
    {
      int days = range (w, 0, 3) == 0 ? range (w, 1, heavy + 1) : 0;

      SET (substances[i].days, keep (w, g_strdup_printf ("%d", days)));
      if (days > 0)
        SET (substances[i].amount, keep (w, g_strdup_printf ("%d.5", range (w, 0, substances[i].most))));
    }
  SET ("other_substance_days", "0");
  injecting = range (w, 0, 5) == 0 ? range (w, 1, heavy / 2 + 2) : 0;
  SET ("injecting_days", keep (w, g_strdup_printf ("%d", injecting)));
  if (injecting > 0)
    {
      SET ("shared_needles", "false");
      SET ("shared_equipment", range (w, 0, 4) == 0 ? "true" : "false");
    }
  for (guint i = 0; i < G_N_ELEMENTS (crimes); i++)
    SET (crimes[i], keep (w, g_strdup_printf ("%d", range (w, 0, 4) == 0 ? range (w, 1, heavy / 2 + 2) : 0)));
  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    SET (ratings[i], keep (w, g_strdup_printf ("%d", range (w, 20 - heavy / 2 - 10, 21 - heavy / 2))));
  SET ("paid_work_days", "0");
  SET ("education_days", keep (w, g_strdup_printf ("%d", range (w, 0, 3))));
  SET ("acute_housing_problem", range (w, 0, 4) == 0 ? "true" : "false");
  SET ("eviction_risk", "false");
#undef SET

  return insert (w, "top_record", fields, values, n, NULL, error);
}

static gboolean
add_contact (Workflows    *w,
             const char   *client_id,
             const char   *kind,
             const GDate  *on,
             const char   *worker,
             GError      **error)
{
  const char *fields[] = { "client_id", "kind", "at", "worker" };
  const char *values[] = { client_id, kind, at_text (w, on, range (w, 0, 2) ? "10:30" : "14:00"), worker };

  return insert (w, "contact", fields, values, G_N_ELEMENTS (fields), NULL, error);
}

/* A referral whose need arose on @need: made on time, made late, or not
 * made yet (overdue once 14 days have passed). */
static gboolean
add_referral (Workflows    *w,
              const char   *client_id,
              const GDate  *need,
              GError      **error)
{
  const char *fields[5] = { "client_id", "service", "need_identified_on", "status" };
  const char *values[5] = { client_id, services[range (w, 0, G_N_ELEMENTS (services))],
                            day_text (w, need), "needed" };
  guint n = 4;
  int roll = range (w, 0, 10);
  GDate referred = offset (need, roll < 5 ? range (w, 0, 15) : range (w, 15, 30));

  if (roll < 7 && !after_today (w, &referred))
    {
      values[3] = roll < 3 ? "accepted" : "referred";
      fields[n] = "referred_on";
      values[n++] = day_text (w, &referred);
    }
  return insert (w, "referral", fields, values, n, NULL, error);
}

/* The care plan made with the client, filled out: an end date six months
 * on, two SMART goals, a review or a key event, closure for some; the
 * treatment it goes with (start, TOPs, contacts) and a referral or two. */
static gboolean
add_care_work (Workflows    *w,
               const char   *client_id,
               const char   *plan_id,
               gboolean      weekly,
               GError      **error)
{
  g_autoptr(TgRecord) plan = tg_store_get (w->store, "care_plan", plan_id, error);
  g_autoptr(TgRecord) client = plan != NULL ? tg_store_get (w->store, "client", client_id, error) : NULL;
  const char *plan_fields[8];
  const char *plan_values[8];
  const char *client_fields[2];
  const char *client_values[2];
  guint n_plan = 0;
  guint n_client = 0;
  const char *worker;
  GDate start;
  GDate end;
  GDate closed;
  GDate review;
  GDate recent;
  gboolean is_closed = FALSE;

  if (client == NULL || !tg_date_parse_iso (tg_record_get (plan, "start_date"), &start))
    return client != NULL;
  worker = tg_record_get (client, "key_worker");
  end = offset (&start, 182);

#define SET(f, v) G_STMT_START { plan_fields[n_plan] = (f); plan_values[n_plan] = (v); n_plan++; } G_STMT_END
  SET ("end_date", day_text (w, &end));
  SET ("review_interval_days", "91");
  /* Plans past their end are closed, mostly on time; a few others end
   * early when the person disengages. */
  if (!after_today (w, &end) || range (w, 0, 8) == 0)
    {
      is_closed = TRUE;
      if (!after_today (w, &end))
        {
          closed = offset (&end, range (w, -20, 10));
          SET ("outcome", outcomes[range (w, 0, G_N_ELEMENTS (outcomes))]);
        }
      else
        {
          closed = offset (&w->today, -range (w, 1, 20));
          SET ("outcome", "disengaged");
        }
      if (after_today (w, &closed))
        closed = w->today;
      if (g_date_compare (&closed, &start) < 0)
        closed = start;
      SET ("closed_on", day_text (w, &closed));
    }
  review = offset (&start, 91 + range (w, 0, 6));
  recent = offset (&w->today, -3);
  if (g_date_compare (&review, &recent) < 0
      && (!is_closed || g_date_compare (&review, &closed) <= 0))
    SET ("last_reviewed_on", day_text (w, &review));
  else if (!is_closed && range (w, 0, 5) == 0)
    {
      GDate event = offset (&w->today, -range (w, 0, 10));

      if (g_date_compare (&event, &start) < 0)
        event = start;
      SET ("review_due", day_text (w, &event));
      SET ("review_reason", key_events[range (w, 0, G_N_ELEMENTS (key_events))]);
    }
#undef SET
  if (!tg_store_update (w->store, "care_plan", plan_id, plan_fields, plan_values, n_plan, error))
    return FALSE;

  {
    GDate housed = offset (&start, 60);
    GDate reduce = offset (&end, -7);
    const char *goal_fields[] = { "care_plan_id", "what", "measure", "target_date", "status" };
    const char *housing[] = { plan_id, "Somewhere settled to live", "Tenancy or supported housing place confirmed",
                              day_text (w, &housed),
                              !after_today (w, &housed) && range (w, 0, 3) ? "achieved" : "in_progress" };
    const char *use[] = { plan_id, "Cut down on use", "Fewer days of use at the next TOP",
                          day_text (w, &reduce), range (w, 0, 4) ? "in_progress" : "not_started" };

    if (!insert (w, "care_goal", goal_fields, housing, G_N_ELEMENTS (goal_fields), NULL, error)
        || !insert (w, "care_goal", goal_fields, use, G_N_ELEMENTS (goal_fields), NULL, error))
      return FALSE;
  }

  client_fields[n_client] = "treatment_start";
  client_values[n_client++] = day_text (w, &start);
  if (is_closed)
    {
      client_fields[n_client] = "treatment_end";
      client_values[n_client++] = day_text (w, &closed);
    }
  if (!tg_store_update (w->store, "client", client_id, client_fields, client_values, n_client, error))
    return FALSE;

  /* TOP at start (most within days of it), at the six-month review when
   * it has come, and at exit. */
  if (range (w, 0, 6) > 0)
    {
      GDate top = offset (&start, range (w, 0, 10));

      if (!add_top (w, client_id, "start", after_today (w, &top) ? &w->today : &top, error))
        return FALSE;
    }
  {
    GDate review_top = offset (&start, 182 + range (w, -10, 10));

    if (!is_closed && !after_today (w, &review_top)
        && !add_top (w, client_id, "review", &review_top, error))
      return FALSE;
  }
  if (is_closed && range (w, 0, 3) > 0 && !add_top (w, client_id, "exit", &closed, error))
    return FALSE;

  /* Triage and risk assessment at first contact, then weekly contact by
   * the key worker, with a week missed now and then (recorded for half
   * the plans, which is enough to show the figure and keeps a big demo
   * quick to make). */
  if (!add_contact (w, client_id, "triage", &start, worker, error)
      || !add_contact (w, client_id, "risk_assessment", &start, worker, error))
    return FALSE;
  for (int week = 1; weekly && week < 12; week++)
    {
      GDate on = offset (&start, week * 7 + range (w, 0, 3));

      if (after_today (w, &on) || (is_closed && g_date_compare (&on, &closed) > 0))
        break;
      if (range (w, 0, 5) > 0 && !add_contact (w, client_id, "weekly_contact", &on, worker, error))
        return FALSE;
    }

  for (int i = range (w, 1, 3); i > 0; i--)
    {
      GDate need = offset (&w->today, -range (w, 0, 60));

      if (g_date_compare (&need, &start) < 0)
        need = start;
      if (!add_referral (w, client_id, &need, error))
        return FALSE;
    }
  return TRUE;
}

/* Someone out already: the day they walked out, whether they reached
 * community treatment in their 21 days, and what they were booked for. */
static gboolean
add_after_release (Workflows    *w,
                   const char   *client_id,
                   GError      **error)
{
  g_autoptr(TgRecord) plan = tg_store_get (w->store, "release_plan", client_id, NULL);
  const char *released_text;
  const char *fields[2];
  const char *values[2];
  guint n = 0;
  GDate released;
  GDate engaged;
  GDate treatment;
  int roll = range (w, 0, 10);

  if (plan == NULL)
    return TRUE;
  released_text = tg_record_get (plan, "confirmed_release_date");
  if (released_text == NULL)
    released_text = tg_record_get (plan, "crd");
  if (released_text == NULL || !tg_date_parse_iso (released_text, &released))
    return TRUE;

  fields[n] = "released_on";
  values[n++] = released_text;
  engaged = offset (&released, roll < 6 ? range (w, 1, 21) : range (w, 22, 40));
  if (roll < 8 && !after_today (w, &engaged))
    {
      fields[n] = "treatment_engaged_on";
      values[n++] = day_text (w, &engaged);
    }
  if (!tg_store_set_release (w->store, client_id, fields, values, n, error))
    return FALSE;

  treatment = offset (&released, range (w, 1, 10));
  {
    const char *appointment_fields[] = { "client_id", "kind", "at", "place", "with_whom" };
    const char *first_treatment[] = { client_id, "treatment", at_text (w, &treatment, "10:00"),
                                      "Recovery hub, city centre", "Recovery worker" };
    const char *probation[] = { client_id, "probation", at_text (w, &released, "14:00"),
                                "Probation office, Castle Quay", "Probation duty officer" };

    return insert (w, "appointment", appointment_fields, first_treatment,
                   G_N_ELEMENTS (appointment_fields), NULL, error)
           && insert (w, "appointment", appointment_fields, probation,
                      G_N_ELEMENTS (appointment_fields), NULL, error);
  }
}

static GDate
next_working_day (const GDate *today)
{
  GDate day = offset (today, 1);

  while (!tg_date_is_working_day (&day))
    g_date_add_days (&day, 1);
  return day;
}

/* Two people out on the next working day (tomorrow, unless that is a
 * weekend day or a bank holiday, when nobody leaves prison), so a mentor's
 * run sheet for that day has the release time and gate, then the day's
 * appointments. */
static gboolean
add_release_tomorrow (Workflows    *w,
                      const char   *client_id,
                      guint         which,
                      GError      **error)
{
  GDate tomorrow = next_working_day (&w->today);
  GDate confirmed = offset (&w->today, -1);
  GDate sentence = offset (&w->today, -200 - (int) which * 90);
  const char *fields[] = {
    "confirmed_release_date", "confirmed_on", "confirmed_by", "sentence_start",
    "release_type", "release_time", "gate", "pickup_mentor", "pickup_status",
    "probation_appointment_at", "probation_place", "treatment_appointment_at",
    "treatment_appointment_place",
  };
  const char *values[] = {
    day_text (w, &tomorrow), day_text (w, &confirmed), "Offender management unit",
    day_text (w, &sentence), "standard", which == 0 ? "08:30" : "09:15", "Main gate",
    which == 0 ? "Dev Fairclough" : "Kim Adebayo", "arranged",
    at_text (w, &tomorrow, which == 0 ? "11:00" : "11:45"), "Probation office, Castle Quay",
    at_text (w, &tomorrow, which == 0 ? "14:00" : "15:00"), "Recovery hub, city centre",
  };
  const char *appointment_fields[] = { "client_id", "kind", "at", "place", "with_whom" };
  const char *pharmacy[] = { client_id, "pharmacy", at_text (w, &tomorrow, which == 0 ? "12:30" : "13:15"),
                             "Boots, Victoria Centre", "Pharmacist" };
  const char *housing[] = { client_id, "housing", at_text (w, &tomorrow, which == 0 ? "15:30" : "16:00"),
                            "Housing options, Loxley House", "Housing officer" };

  return tg_store_set_release (w->store, client_id, fields, values, G_N_ELEMENTS (fields), error)
         && insert (w, "appointment", appointment_fields, pharmacy,
                    G_N_ELEMENTS (appointment_fields), NULL, error)
         && insert (w, "appointment", appointment_fields, housing,
                    G_N_ELEMENTS (appointment_fields), NULL, error);
}

static gboolean
add_for_client (Workflows            *w,
                const TgDemoCaseload *caseload,
                guint                 index,
                GError              **error)
{
  const char *id = caseload->ids->pdata[index];
  const char *plan_id = caseload->care_plan_ids->pdata[index];
  const char *custody = caseload->custodies->pdata[index];

  if (index == 1 || index == 2)
    return add_release_tomorrow (w, id, index - 1, error);
  if (plan_id != NULL && !add_care_work (w, id, plan_id, index % 20 == 3, error))
    return FALSE;
  if (g_str_equal (custody, "released") && index % 4 == 1 && !add_after_release (w, id, error))
    return FALSE;
  /* Some people are only seen at a session, with nothing written. */
  if (!g_str_equal (custody, "closed") && index % 10 == 7)
    return _tg_demo_sessions_add_seen (caseload->sessions, w->store, (guint) range (w, 0, 1 << 16),
                                       !g_str_equal (custody, "released"), id, error);
  return TRUE;
}

gboolean
_tg_store_demo_add_workflows (TgStore              *store,
                              guint32               seed,
                              const GDate          *today,
                              const TgDemoCaseload *caseload,
                              GError              **error)
{
  Workflows w = { 0, };
  gboolean ok = FALSE;
  guint n = caseload->ids->len;

  w.store = store;
  /* Its own stream: drawing here must not move the clients' stream. */
  w.rand = g_rand_new_with_seed (seed ^ 0x5eed1e55u);
  w.today = *today;
  w.texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i += WORKFLOW_BATCH)
    {
      GError *write_error = NULL;

      if (!tg_store_begin_batch (store, error))
        goto out;
      for (guint k = i; k < MIN (n, i + WORKFLOW_BATCH); k++)
        if (!add_for_client (&w, caseload, k, &write_error))
          break;
      if (!tg_store_end_batch (store, write_error != NULL ? NULL : error))
        {
          if (write_error != NULL)
            g_propagate_error (error, write_error);
          goto out;
        }
      g_ptr_array_set_size (w.texts, 0);
    }
  ok = TRUE;

out:
  g_ptr_array_unref (w.texts);
  g_rand_free (w.rand);
  return ok;
}
