/* The gate-day run sheet (tg-run-sheet.h). */

#include "tg-run-sheet.h"

#include <string.h>

#include "tg-rules-util.h"

/* The release plan's own appointment fields, with the kind each stands
 * for. All are release class: where and when, never with what clinic. */
static const struct {
  const char *kind;
  const char *at;
  const char *place;
  const char *with_whom;
} plan_appointments[] = {
  { "treatment", "treatment_appointment_at", "treatment_appointment_place", NULL },
  { "probation", "probation_appointment_at", "probation_place", "probation_officer" },
  { "jobcentre", "jobcentre_appointment_at", "jobcentre_place", NULL },
  { "pharmacy", "pharmacy_appointment_at", "pharmacy_place", NULL },
};

static void
appointment_free (TgRunSheetAppointment *appointment)
{
  g_free (appointment->kind);
  g_free (appointment->at);
  g_free (appointment->place);
  g_free (appointment->with_whom);
  g_free (appointment);
}

static void
entry_free (TgRunSheetEntry *entry)
{
  g_free (entry->client_id);
  g_free (entry->given_name);
  g_free (entry->family_name);
  g_free (entry->prison_number);
  g_free (entry->establishment);
  g_free (entry->release_time);
  g_free (entry->gate);
  g_free (entry->pickup_mentor);
  g_free (entry->pickup_status);
  g_ptr_array_unref (entry->appointments);
  g_free (entry);
}

void
tg_run_sheet_free (TgRunSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_ptr_array_unref (sheet->entries);
  g_free (sheet);
}

/* The day @plan's person walks out, and whether that is the likely
 * earlier day rather than the recorded one. */
static gboolean
walk_out_day (const TgRecord   *plan,
              GDate            *out_day,
              TgEarlierRelease *out_earlier)
{
  GDate release_date, sentence_start;
  TgReleaseDateSource source = tg_release_plan_date (plan, &release_date);
  gboolean has_start = tg_rules_record_date (plan, "sentence_start", &sentence_start);

  tg_release_earlier (source != TG_RELEASE_DATE_NONE ? &release_date : NULL,
                      tg_record_get (plan, "release_type"),
                      has_start ? &sentence_start : NULL, out_earlier);
  if (tg_rules_record_date (plan, "released_on", out_day))
    {
      /* Out already: the day it happened, not a guess. */
      out_earlier->likely = FALSE;
      return TRUE;
    }
  *out_day = out_earlier->likely_date;
  return g_date_valid (out_day);
}

/* An appointment of @kind at @at when it falls on @day in England. */
static void
add_appointment (GPtrArray   *list,
                 const GDate *day,
                 const char  *kind,
                 const char  *at,
                 const char  *place,
                 const char  *with_whom)
{
  TgRunSheetAppointment *appointment;
  GDate local_day;
  char time[6];
  gint64 unix_time;

  if (!tg_rules_local_time (at, &local_day, time) ||
      g_date_compare (&local_day, day) != 0 ||
      !tg_rules_unix_time (at, &unix_time))
    return;
  appointment = g_new0 (TgRunSheetAppointment, 1);
  appointment->kind = g_strdup (kind != NULL ? kind : "other");
  appointment->at = g_strdup (at);
  memcpy (appointment->time, time, sizeof time);
  appointment->unix_time = unix_time;
  appointment->place = g_strdup (place);
  appointment->with_whom = g_strdup (with_whom);
  g_ptr_array_add (list, appointment);
}

static int
compare_appointments (gconstpointer a,
                      gconstpointer b)
{
  const TgRunSheetAppointment *x = *(TgRunSheetAppointment * const *) a;
  const TgRunSheetAppointment *y = *(TgRunSheetAppointment * const *) b;

  if (x->unix_time != y->unix_time)
    return x->unix_time < y->unix_time ? -1 : 1;
  return g_strcmp0 (x->kind, y->kind);
}

/* The plan's appointment and an appointment record of the same kind at
 * the same moment are one appointment entered twice: keep one, with
 * whatever either knows. */
static void
merge_duplicates (GPtrArray *list)
{
  for (guint i = 1; i < list->len; )
    {
      TgRunSheetAppointment *prev = list->pdata[i - 1];
      TgRunSheetAppointment *cur = list->pdata[i];

      if (prev->unix_time != cur->unix_time || g_strcmp0 (prev->kind, cur->kind) != 0)
        {
          i++;
          continue;
        }
      if (prev->place == NULL)
        prev->place = g_steal_pointer (&cur->place);
      if (prev->with_whom == NULL)
        prev->with_whom = g_steal_pointer (&cur->with_whom);
      g_ptr_array_remove_index (list, i);
    }
}

/* Release times unknown go last; then by name. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const TgRunSheetEntry *x = *(TgRunSheetEntry * const *) a;
  const TgRunSheetEntry *y = *(TgRunSheetEntry * const *) b;
  int order;

  if ((x->release_time == NULL) != (y->release_time == NULL))
    return x->release_time == NULL ? 1 : -1;
  order = g_strcmp0 (x->release_time, y->release_time);
  if (order == 0)
    order = g_utf8_collate (x->family_name ? x->family_name : "", y->family_name ? y->family_name : "");
  if (order == 0)
    order = g_utf8_collate (x->given_name ? x->given_name : "", y->given_name ? y->given_name : "");
  if (order == 0)
    order = g_strcmp0 (x->client_id, y->client_id);
  return order;
}

static TgRunSheetEntry *
entry_new (const TgRecord         *client,
           const TgRecord         *plan,
           const TgEarlierRelease *earlier)
{
  TgRunSheetEntry *entry = g_new0 (TgRunSheetEntry, 1);

  entry->client_id = g_strdup (client->id);
  entry->given_name = g_strdup (tg_record_get (client, "given_name"));
  entry->family_name = g_strdup (tg_record_get (client, "family_name"));
  entry->prison_number = g_strdup (tg_record_get (client, "prison_number"));
  entry->establishment = g_strdup (tg_record_get (client, "establishment"));
  g_date_clear (&entry->release_date, 1);
  tg_release_plan_date (plan, &entry->release_date);
  entry->earlier = earlier->likely;
  entry->earlier_reason = earlier->reason;
  entry->release_time = g_strdup (tg_record_get (plan, "release_time"));
  entry->gate = g_strdup (tg_record_get (plan, "gate"));
  entry->pickup_mentor = g_strdup (tg_record_get (plan, "pickup_mentor"));
  entry->pickup_status = g_strdup (tg_record_get (plan, "pickup_status"));
  entry->appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) appointment_free);
  return entry;
}

TgRunSheet *
tg_run_sheet_build (const GDate *day,
                    GPtrArray   *clients,
                    GPtrArray   *plans,
                    GPtrArray   *appointments)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  TgRunSheet *sheet;

  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  sheet = g_new0 (TgRunSheet, 1);
  sheet->day = *day;
  sheet->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  for (guint i = 0; clients != NULL && i < clients->len; i++)
    {
      TgRecord *client = clients->pdata[i];

      if (!tg_record_is_deleted (client))
        g_hash_table_insert (by_id, client->id, client);
    }

  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      const TgRecord *plan = plans->pdata[i];
      const TgRecord *client;
      const char *client_id = tg_record_get (plan, "client_id");
      TgRunSheetEntry *entry;
      TgEarlierRelease earlier;
      GDate walk_out;

      /* The plan shares its client's id; client_id says the same. */
      if (client_id == NULL)
        client_id = plan->id;
      client = g_hash_table_lookup (by_id, client_id);
      if (client == NULL || tg_record_is_deleted (plan) ||
          !walk_out_day (plan, &walk_out, &earlier) ||
          g_date_compare (&walk_out, day) != 0)
        continue;

      entry = entry_new (client, plan, &earlier);
      for (guint k = 0; k < G_N_ELEMENTS (plan_appointments); k++)
        add_appointment (entry->appointments, day, plan_appointments[k].kind,
                         tg_record_get (plan, plan_appointments[k].at),
                         tg_record_get (plan, plan_appointments[k].place),
                         plan_appointments[k].with_whom != NULL
                           ? tg_record_get (plan, plan_appointments[k].with_whom) : NULL);
      for (guint k = 0; appointments != NULL && k < appointments->len; k++)
        {
          const TgRecord *appointment = appointments->pdata[k];

          if (tg_record_is_deleted (appointment) ||
              g_strcmp0 (tg_record_get (appointment, "client_id"), client->id) != 0)
            continue;
          add_appointment (entry->appointments, day, tg_record_get (appointment, "kind"),
                           tg_record_get (appointment, "at"),
                           tg_record_get (appointment, "place"),
                           tg_record_get (appointment, "with_whom"));
        }
      g_ptr_array_sort (entry->appointments, compare_appointments);
      merge_duplicates (entry->appointments);
      g_ptr_array_add (sheet->entries, entry);
    }

  g_ptr_array_sort (sheet->entries, compare_entries);
  return sheet;
}

TgRunSheet *
tg_run_sheet_compute (TgStore     *store,
                      const GDate *day,
                      GError     **error)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) todays = g_ptr_array_new ();
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  g_autoptr(GPtrArray) appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);

  g_return_val_if_fail (TG_IS_STORE (store), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  plans = tg_store_list (store, "release_plan", NULL, NULL, FALSE, error);
  if (plans == NULL)
    return NULL;

  /* Only the day's people need their client and appointments read. */
  for (guint i = 0; i < plans->len; i++)
    {
      TgRecord *plan = plans->pdata[i];
      const char *client_id = tg_record_get (plan, "client_id");
      g_autoptr(GPtrArray) theirs = NULL;
      TgEarlierRelease earlier;
      TgRecord *client;
      GDate walk_out;
      GError *local_error = NULL;

      if (!walk_out_day (plan, &walk_out, &earlier) || g_date_compare (&walk_out, day) != 0)
        continue;
      if (client_id == NULL)
        client_id = plan->id;
      client = tg_store_get (store, "client", client_id, &local_error);
      if (client == NULL)
        {
          /* A plan whose client this device does not hold is no one to meet. */
          if (g_error_matches (local_error, TG_STORE_ERROR, TG_STORE_ERROR_NO_RECORD))
            {
              g_clear_error (&local_error);
              continue;
            }
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_ptr_array_add (clients, client);
      g_ptr_array_add (todays, plan);
      theirs = tg_store_list (store, "appointment", "client_id", client_id, FALSE, error);
      if (theirs == NULL)
        return NULL;
      g_ptr_array_set_free_func (theirs, NULL);
      g_ptr_array_extend_and_steal (appointments, g_steal_pointer (&theirs));
    }

  return tg_run_sheet_build (day, clients, todays, appointments);
}
