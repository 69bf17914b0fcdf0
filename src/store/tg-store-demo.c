/* A seeded synthetic caseload (tg-store-demo.h). */

#include "tg-store-demo.h"
#include "tg-store-demo-private.h"

#include <string.h>

#include "tg-dates.h"
#include "tg-store-private.h"
#include "tg-store-sync.h"
#include "tg-validate.h"

static const char * const given_names[] = {
  "Aaron", "Abdul", "Aisha", "Alfie", "Amara", "Ben", "Bethany", "Callum",
  "Carly", "Chloe", "Connor", "Dale", "Danielle", "Darren", "Dean", "Ellie",
  "Emeka", "Gemma", "Grace", "Harvey", "Imran", "Jade", "Jamal", "Jodie",
  "Kayleigh", "Kieran", "Lee", "Leah", "Lewis", "Liam", "Marcus", "Megan",
  "Mohammed", "Nathan", "Niamh", "Owen", "Paige", "Priya", "Reece", "Rhys",
  "Ryan", "Sadia", "Shane", "Sian", "Stacey", "Tariq", "Tyler", "Wayne",
  "Yusuf", "Zara",
};

/* Invented or very common surnames; none is meant to point at anyone. */
static const char * const family_names[] = {
  "Ashdown", "Bancroft", "Bellamy", "Birtwhistle", "Blackwood", "Brennan",
  "Calloway", "Carverley", "Chadwick", "Dunmore", "Eastwood", "Ellery",
  "Farrant", "Fenwick", "Garside", "Gorton", "Greaves", "Hallam",
  "Hartigan", "Hollis", "Ingram", "Kettering", "Lakhani", "Lindqvist",
  "Marlowe", "Meadows", "Nwosu", "Oakley", "Okafor", "Oyelaran", "Pemberton",
  "Prothero", "Quarrie", "Radcliffe", "Redfern", "Rowntree", "Sallis",
  "Selby", "Shackleton", "Standish", "Thackeray", "Threlfall", "Tindall",
  "Varley", "Wainwright", "Whitcombe", "Whitlock", "Winterbottom",
  "Yardley", "Zielinski",
};

static const char * const teams[] = {
  "Nottingham in-reach", "Nottingham outreach", "City women's centre",
};

static const char * const other_workers[] = {
  "Sam Okoro", "Jess Whitby", "Ravi Patel", "Lou Hendry",
};

static const char * const mentors[] = {
  "Dev Fairclough", "Kim Adebayo", "Mo Sharples",
};

static const char * const gates[] = {
  "Main gate", "Main gate", "Visits gate",
};

static const char * const note_kinds[] = {
  "in_reach", "in_reach", "outreach", "phone", "gate_pickup", "other",
};

static const char * const note_bodies[] = {
  "Surgery on %s wing. Release plan reviewed; accommodation referral chased "
  "with the council, GP registration form completed.",
  "Seen at %s. Talked through the first week after release: probation, "
  "treatment appointment and jobcentre. Wants help with ID before then.",
  "Phone call with the housing officer. Bed space offered at the approved "
  "premises, to be confirmed by Thursday.",
  "Naloxone kit and training given on %s wing. Knows what to do and where "
  "to get a replacement kit.",
  "Did not attend the clinic at %s. Left a message; will try again at the "
  "next surgery.",
  "Care plan review on %s wing: two goals met, a new goal around reducing "
  "use agreed. Next review booked.",
};

static const char * const wings[] = {
  "A", "B", "C", "D", "E", "healthcare",
};

/* Writes through the one store write path, but without an fsync per
 * commit: demo data is made in one go and thrown away, and a crash half
 * way only means running the demo again. */
typedef struct {
  TgStore *store;
  GRand   *rand;
  GDate    today;
  guint    nhs_stem;   /* the nine-digit stem of the next NHS number */
  GPtrArray *client_ids;
  GPtrArray *custodies;      /* static strings, parallel to client_ids */
  GPtrArray *care_plan_ids;  /* NULL for none, parallel to client_ids */
  TgDemoSessions *sessions;  /* where in-reach and outreach notes were written */
} Filler;

static const char *
pick (Filler             *filler,
      const char * const *list,
      guint               n)
{
  return list[g_rand_int_range (filler->rand, 0, (gint32) n)];
}

#define PICK(filler, list) pick ((filler), (list), G_N_ELEMENTS (list))

static char *
next_nhs_number (Filler *filler)
{
  for (;;)
    {
      g_autofree char *stem = g_strdup_printf ("%09u", filler->nhs_stem++);
      int check = tg_nhs_check_digit (stem);

      if (check >= 0)
        return g_strdup_printf ("%s%d", stem, check);
    }
}

static char *
date_in (const GDate *today,
         int          days)
{
  GDate date = *today;

  if (days >= 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  return tg_date_to_iso (&date);
}

static gboolean
is_weekend (const GDate *date)
{
  return g_date_get_weekday (date) == G_DATE_SATURDAY ||
         g_date_get_weekday (date) == G_DATE_SUNDAY;
}

/* A working day @days after @today: moved back off a weekend, or on to the
 * Monday when moving back would go before today. */
static char *
working_day_in (const GDate *today,
                int          days)
{
  GDate date = *today;

  g_date_add_days (&date, (guint) days);
  while (is_weekend (&date))
    g_date_subtract_days (&date, 1);
  if (g_date_compare (&date, today) < 0)
    {
      date = *today;
      while (is_weekend (&date))
        g_date_add_days (&date, 1);
    }
  return tg_date_to_iso (&date);
}

/* The Friday of @today's week (today when it is a Friday; the next one
 * after a weekend). */
static char *
this_friday (const GDate *today)
{
  GDate date = *today;

  while (g_date_get_weekday (&date) != G_DATE_FRIDAY)
    g_date_add_days (&date, 1);
  return tg_date_to_iso (&date);
}

static gboolean
add_release_plan (Filler      *filler,
                  const char  *client_id,
                  guint        index,
                  const char  *custody,
                  GError     **error)
{
  const char *fields[24];
  const char *values[24];
  g_autofree char *release = NULL;
  g_autofree char *crd = NULL;
  g_autofree char *treatment = NULL;
  g_autofree char *probation = NULL;
  g_autofree char *confirmed_on = NULL;
  guint n = 0;
  gboolean in_custody = g_strcmp0 (custody, "sentenced") == 0 ||
                        g_strcmp0 (custody, "recalled") == 0;

  if (!in_custody && g_strcmp0 (custody, "released") != 0)
    return TRUE;

  if (g_strcmp0 (custody, "released") == 0)
    release = date_in (&filler->today, -g_rand_int_range (filler->rand, 1, 120));
  else if (index < 6)
    release = working_day_in (&filler->today, (int) index);  /* this week */
  else if (index == 6)
    release = this_friday (&filler->today);
  else
    release = working_day_in (&filler->today, g_rand_int_range (filler->rand, 1, 84));

  crd = g_strdup (release);
#define SET(f, v) G_STMT_START { fields[n] = (f); values[n] = (v); n++; } G_STMT_END
  SET ("crd", crd);
  if (g_rand_int_range (filler->rand, 0, 3) > 0)
    {
      confirmed_on = date_in (&filler->today, -g_rand_int_range (filler->rand, 1, 30));
      SET ("confirmed_release_date", release);
      SET ("confirmed_on", confirmed_on);
      SET ("confirmed_by", "Offender management unit");
    }
  SET ("release_type", "standard");
  if (g_rand_boolean (filler->rand))
    SET ("release_time", g_rand_boolean (filler->rand) ? "08:30" : "09:15");
  SET ("gate", PICK (filler, gates));
  SET ("pickup_mentor", PICK (filler, mentors));
  SET ("pickup_status", index < 3 ? "arranged" :
                        g_rand_boolean (filler->rand) ? "arranged" : "not_arranged");
  if (g_rand_int_range (filler->rand, 0, 4) > 0)
    SET ("accommodation", g_rand_boolean (filler->rand) ? "Approved premises, Hyson Green"
                                                         : "Supported housing, Radford");
  else
    SET ("no_fixed_abode", "true");
  if (g_rand_boolean (filler->rand))
    SET ("gp_registered", "true");
  if (g_rand_boolean (filler->rand))
    {
      treatment = g_strdup_printf ("%sT10:00:00Z", release);
      SET ("treatment_provider", "Community recovery service");
      SET ("treatment_appointment_at", treatment);
      SET ("treatment_appointment_place", "Recovery hub, city centre");
    }
  if (g_rand_boolean (filler->rand))
    SET ("naloxone_supplied", "true");
  if (g_rand_boolean (filler->rand))
    SET ("ost_handover", "Methadone 40 ml, first community dose booked");
  if (g_rand_boolean (filler->rand))
    SET ("id_documents", "Birth certificate held by reception");
  if (g_rand_boolean (filler->rand))
    SET ("bank_account", "true");
  if (g_rand_boolean (filler->rand))
    SET ("universal_credit_claim", "true");
  probation = g_strdup_printf ("%sT14:00:00Z", release);
  SET ("probation_officer", "Probation duty officer");
  SET ("probation_appointment_at", probation);
  SET ("probation_place", "Probation office, Castle Quay");
  if (g_rand_boolean (filler->rand))
    SET ("licence_conditions", "Reside at approved address; curfew 19:00 to 07:00");
#undef SET

  return tg_store_set_release (filler->store, client_id, fields, values, n, error);
}

static gboolean
add_care_plan (Filler      *filler,
               const char  *client_id,
               char       **out_id,
               GError     **error)
{
  const char *fields[] = { "client_id", "start_date", "review_due", "review_reason" };
  g_autofree char *start = date_in (&filler->today, -g_rand_int_range (filler->rand, 30, 200));
  /* About half are due or overdue. */
  g_autofree char *review = date_in (&filler->today, g_rand_int_range (filler->rand, -20, 30));
  const char *values[] = { client_id, start, review, "scheduled" };

  *out_id = tg_store_insert (filler->store, "care_plan", fields, values,
                             G_N_ELEMENTS (fields), error);
  return *out_id != NULL;
}

static gboolean
add_notes (Filler      *filler,
           const char  *client_id,
           guint        index,
           guint        n_notes,
           const char  *place,
           GError     **error)
{
  for (guint i = 0; i < n_notes; i++)
    {
      const char *fields[] = { "client_id", "author", "kind", "occurred_at", "body", "session_id" };
      g_autofree char *day = date_in (&filler->today, -(int) ((n_notes - i) * 7 +
                                      (guint) g_rand_int_range (filler->rand, 0, 6)));
      g_autofree char *occurred = g_strdup_printf ("%sT%02d:%02d:00Z", day,
                                                   g_rand_int_range (filler->rand, 9, 16),
                                                   g_rand_int_range (filler->rand, 0, 4) * 15);
      const char *template = PICK (filler, note_bodies);
      g_autofree char *body = NULL;
      g_autofree char *note_id = NULL;
      g_auto(GStrv) parts = NULL;
      const char *values[6];

      /* The placeholder is a wing inside, or the clinic outside. */
      parts = g_strsplit (template, "%s", 2);
      if (parts[1] == NULL)
        body = g_strdup (template);
      else
        body = g_strconcat (parts[0], strstr (template, "wing") != NULL ? PICK (filler, wings) : place,
                            parts[1], NULL);
      values[0] = client_id;
      values[1] = tg_store_get_worker (filler->store);
      values[2] = PICK (filler, note_kinds);
      values[3] = occurred;
      values[4] = body;
      /* The session takes no random number, so the notes stay the same. */
      if (!_tg_demo_sessions_link (filler->sessions, filler->store, client_id, index,
                                   values[2], occurred, &values[5], error))
        return FALSE;
      note_id = tg_store_insert (filler->store, "note", fields, values,
                                 values[5] != NULL ? 6 : 5, error);
      if (note_id == NULL)
        return FALSE;
      /* Older notes are signed; the newest is often still open. */
      if ((i + 1 < n_notes || g_rand_boolean (filler->rand)) &&
          !tg_store_sign_note (filler->store, note_id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_client (Filler      *filler,
            guint        index,
            guint        notes_per_client,
            GError     **error)
{
  const char *fields[12];
  const char *values[12];
  g_autofree char *prison_number = NULL;
  g_autofree char *nhs = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *id = NULL;
  g_autofree char *care_plan_id = NULL;
  const char *custody;
  const char *team;
  guint roll = (guint) g_rand_int_range (filler->rand, 0, 100);
  guint n = 0;

  /* The first clients are in custody so this week's releases exist. */
  if (index < 10 || roll < 45)
    custody = "sentenced";
  else if (roll < 60)
    custody = "remand";
  else if (roll < 68)
    custody = "recalled";
  else if (roll < 94)
    custody = "released";
  else
    custody = "closed";

  prison_number = g_strdup_printf ("A%04u%c%c", (index * 7919u + 1000u) % 10000u,
                                   'A' + g_rand_int_range (filler->rand, 0, 26),
                                   'A' + g_rand_int_range (filler->rand, 0, 26));
  nhs = next_nhs_number (filler);
  dob = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (filler->rand, 1962, 2005),
                         g_rand_int_range (filler->rand, 1, 13),
                         g_rand_int_range (filler->rand, 1, 29));
  team = index % 5 == 4 ? PICK (filler, teams) : teams[0];

#define SET(f, v) G_STMT_START { fields[n] = (f); values[n] = (v); n++; } G_STMT_END
  SET ("given_name", PICK (filler, given_names));
  SET ("family_name", PICK (filler, family_names));
  SET ("date_of_birth", dob);
  SET ("gender", g_rand_int_range (filler->rand, 0, 4) == 0 ? "female" : "male");
  SET ("prison_number", prison_number);
  SET ("nhs_number", nhs);
  SET ("team", team);
  SET ("establishment", "HMP Nottingham");
  SET ("custody_status", custody);
  /* About four in ten are the worker's own caseload. */
  SET ("key_worker", g_rand_int_range (filler->rand, 0, 10) < 4
                       ? tg_store_get_worker (filler->store)
                       : PICK (filler, other_workers));
  SET ("consent_to_share", "true");
#undef SET

  id = tg_store_insert (filler->store, "client", fields, values, n, error);
  if (id == NULL)
    return FALSE;

  if (!add_release_plan (filler, id, index, custody, error))
    return FALSE;
  if (index % 10 == 3 && !add_care_plan (filler, id, &care_plan_id, error))
    return FALSE;
  if (!add_notes (filler, id, index, notes_per_client,
                  g_strcmp0 (custody, "released") == 0 ? "the homelessness project"
                                                        : "HMP Nottingham",
                  error))
    return FALSE;

  g_ptr_array_add (filler->client_ids, g_steal_pointer (&id));
  g_ptr_array_add (filler->custodies, (gpointer) custody);
  g_ptr_array_add (filler->care_plan_ids, g_steal_pointer (&care_plan_id));
  return TRUE;
}

/* Makes the caseload look like a device that has synced: nothing waits,
 * then a few local edits wait, and two of them lose to a newer edit from
 * another device, so the conflict log has something to review. */
static gboolean
add_sync_state (Filler      *filler,
                GError     **error)
{
  const TgEntityDef *client = tg_schema_lookup_entity ("client");
  const TgFieldDef *preferred = tg_schema_lookup_field (client, "preferred_name");
  g_autoptr(GPtrArray) incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_change_free);
  static const char * const mine[] = { "Danny", "Jo", "Mo", "Tee" };
  static const char * const theirs[] = { "Dan", "Joanne" };

  if (!_tg_store_exec (filler->store, "DELETE FROM pending_change", error))
    return FALSE;

  for (guint i = 0; i < MIN (G_N_ELEMENTS (mine), filler->client_ids->len); i++)
    {
      const char *field = "preferred_name";
      const char *id = filler->client_ids->pdata[i];

      if (!tg_store_update (filler->store, "client", id, &field, &mine[i], 1, error))
        return FALSE;
    }

  for (guint i = 0; i < MIN (G_N_ELEMENTS (theirs), filler->client_ids->len); i++)
    {
      const char *id = filler->client_ids->pdata[i];
      g_autoptr(TgRecord) record = tg_store_get (filler->store, "client", id, error);
      guint index = (guint) (preferred - client->fields);
      TgVersion version;

      if (record == NULL)
        return FALSE;
      /* A minute newer than mine, from a node that is not this one. */
      version.hlc = record->versions[index].hlc +
                    tg_hlc_pack (60 * 1000, 0);
      version.node_id = tg_store_get_node_id (filler->store) ^ 0x5a5a5a5a;
      g_ptr_array_add (incoming, tg_change_new (preferred, id, theirs[i], &version));
    }
  return tg_store_apply_changes (filler->store, incoming, TRUE, NULL, NULL, NULL, error);
}

#define DEMO_BATCH 250

gboolean
tg_store_fill_demo (TgStore      *store,
                    guint32       seed,
                    guint         n_clients,
                    guint         notes_per_client,
                    const GDate  *today,
                    GError      **error)
{
  Filler filler = { 0, };
  gboolean ok = FALSE;

  g_return_val_if_fail (TG_IS_STORE (store), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  filler.store = store;
  filler.rand = g_rand_new_with_seed (seed);
  filler.today = *today;
  filler.nhs_stem = 999000001u + (seed % 1000u) * 1000u;
  filler.client_ids = g_ptr_array_new_with_free_func (g_free);
  filler.custodies = g_ptr_array_new ();
  filler.care_plan_ids = g_ptr_array_new_with_free_func (g_free);
  filler.sessions = _tg_demo_sessions_new ();

  /* Clients go in batches: one transaction, and one sync to disk, per
   * batch rather than per record. */
  for (guint i = 0; i < n_clients; i += DEMO_BATCH)
    {
      GError *write_error = NULL;

      if (!tg_store_begin_batch (store, error))
        goto out;
      for (guint k = i; k < MIN (n_clients, i + DEMO_BATCH); k++)
        if (!add_client (&filler, k, notes_per_client, &write_error))
          break;
      /* The first failed write says why; the end of the batch only that
       * it failed. */
      if (!tg_store_end_batch (store, write_error != NULL ? NULL : error))
        {
          if (write_error != NULL)
            g_propagate_error (error, write_error);
          goto out;
        }
    }

  {
    TgDemoCaseload caseload = { filler.client_ids, filler.custodies, filler.care_plan_ids,
                                filler.sessions };

    ok = _tg_store_demo_add_workflows (store, seed, today, &caseload, error)
         && add_sync_state (&filler, error);
  }

out:
  g_ptr_array_unref (filler.client_ids);
  g_ptr_array_unref (filler.custodies);
  g_ptr_array_unref (filler.care_plan_ids);
  _tg_demo_sessions_free (filler.sessions);
  g_rand_free (filler.rand);
  return ok;
}
