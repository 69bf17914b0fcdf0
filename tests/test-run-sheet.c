/* The gate-day run sheet: who walks out on a day, in order, with that
 * day's appointments in time order, in England's clock time. Every name
 * is invented.
 *
 * Each case is a day, some people (client and release plan fields) and
 * appointment records, and the sheet written out as one line:
 *   Family HH:MM|- gate|- mentor|- [earlier] {HH:MM kind place [with W]} ...
 * with "; " between people.
 */

#include "tg-run-sheet.h"
#include "tg-rules-test.h"
#include "tg-test-util.h"

#define MAX_PAIRS 32

typedef struct {
  const char *id;                     /* a letter; the record id is made from it */
  const char *client[MAX_PAIRS];      /* field, value pairs */
  const char *plan[MAX_PAIRS];
} Person;

typedef struct {
  const char *client;                 /* the person's letter */
  const char *fields[MAX_PAIRS];
} Appointment;

typedef struct {
  const char  *name;
  const char  *day;
  Person       people[4];
  Appointment  appointments[4];
  const char  *expected;
} RunSheetCase;

static const RunSheetCase cases[] = {
  /* Release times first to last, unknown last; the plan's four
   * appointments and an appointment record in time order (November is
   * GMT: the stored UTC times are the clock times). */
  { "order", "2026-11-24",
    { { "b", { "family_name", "Bravo", NULL },
             { "confirmed_release_date", "2026-11-24", "release_time", "10:00", "gate", "Gate 2",
               "pickup_mentor", "Jo Mentor", NULL } },
      { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-11-24", "release_time", "08:30", "gate", "Main gate",
               "probation_appointment_at", "2026-11-24T14:00:00Z",
               "probation_place", "Castle Boulevard", "probation_officer", "Pat Officer",
               "treatment_appointment_at", "2026-11-24T11:00:00Z",
               "treatment_appointment_place", "The Health Shop",
               "pharmacy_appointment_at", "2026-11-24T12:15:00Z", "pharmacy_place", "Victoria Pharmacy",
               "jobcentre_appointment_at", "2026-11-24T15:30:00Z", "jobcentre_place", "Station Street",
               NULL } },
      { "c", { "family_name", "Charlie", NULL }, { "crd", "2026-11-24", NULL } } },
    { { "a", { "kind", "housing", "at", "2026-11-24T13:00:00Z", "place", "Mansfield Road hostel", NULL } } },
    "Alpha 08:30 Main gate - {11:00 treatment The Health Shop} {12:15 pharmacy Victoria Pharmacy} "
    "{13:00 housing Mansfield Road hostel} {14:00 probation Castle Boulevard with Pat Officer} "
    "{15:30 jobcentre Station Street}; Bravo 10:00 Gate 2 Jo Mentor; Charlie - - -" },

  /* Friday 27 November after months inside: likely out on Thursday 26th,
   * listed there and marked, before someone confirmed for the 26th. */
  { "earlier-friday", "2026-11-26",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-11-27", "sentence_start", "2026-06-01", "release_time", "09:00", NULL } },
      { "b", { "family_name", "Bravo", NULL },
             { "confirmed_release_date", "2026-11-26", "release_time", "11:00", NULL } } },
    { { NULL } },
    "Alpha 09:00 - - earlier; Bravo 11:00 - -" },

  /* ... and not again on the Friday itself. */
  { "earlier-not-on-recorded-day", "2026-11-27",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-11-27", "sentence_start", "2026-06-01", NULL } } },
    { { NULL } },
    "" },

  /* Home detention curfew keeps its Friday. */
  { "hdc-keeps-friday", "2026-11-27",
    { { "a", { "family_name", "Alpha", NULL },
             { "confirmed_release_date", "2026-11-27", "release_type", "hdc",
               "sentence_start", "2026-06-01", NULL } } },
    { { NULL } },
    "Alpha - - -" },

  /* Out already: the day recorded, not the day planned. */
  { "released-on", "2026-11-25",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-11-27", "released_on", "2026-11-25", NULL } } },
    { { NULL } },
    "Alpha - - -" },

  /* Releases on other days only. */
  { "nothing", "2026-11-25",
    { { "a", { "family_name", "Alpha", NULL }, { "ard", "2026-11-24", NULL } },
      { "b", { "family_name", "Bravo", NULL }, { "crd", "2026-12-01", NULL } } },
    { { NULL } },
    "" },

  /* Appointments the day after or the day before are not on the sheet. */
  { "appointments-other-days", "2026-11-24",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-11-24", "release_time", "09:00",
               "treatment_appointment_at", "2026-11-25T10:00:00Z",
               "treatment_appointment_place", "The Health Shop", NULL } } },
    { { "a", { "kind", "probation", "at", "2026-11-23T10:00:00Z", "place", "Castle Boulevard", NULL } } },
    "Alpha 09:00 - -" },

  /* Somebody with no appointments at all is still met at the gate. */
  { "no-appointments", "2026-11-24",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-11-24", "release_time", "09:00", "gate", "Main gate",
               "pickup_mentor", "Jo Mentor", NULL } } },
    { { NULL } },
    "Alpha 09:00 Main gate Jo Mentor" },

  /* The same appointment in the plan and as a record is listed once, with
   * what either knows; another person's appointment stays theirs. */
  { "one-appointment-entered-twice", "2026-11-24",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-11-24", "treatment_appointment_at", "2026-11-24T11:00:00Z", NULL } },
      { "b", { "family_name", "Bravo", NULL }, { "ard", "2026-11-30", NULL } } },
    { { "a", { "kind", "treatment", "at", "2026-11-24T11:00:00Z", "place", "The Health Shop",
               "with_whom", "Lee Nurse", NULL } },
      { "b", { "kind", "jobcentre", "at", "2026-11-24T12:00:00Z", "place", "Station Street", NULL } } },
    "Alpha - - - {11:00 treatment The Health Shop with Lee Nurse}" },

  /* A deleted person and a deleted appointment are not there. */
  { "deleted", "2026-11-24",
    { { "a", { "family_name", "Alpha", "deleted", "true", NULL }, { "ard", "2026-11-24", NULL } },
      { "b", { "family_name", "Bravo", NULL }, { "ard", "2026-11-24", NULL } } },
    { { "b", { "kind", "jobcentre", "at", "2026-11-24T12:00:00Z", "deleted", "true", NULL } } },
    "Bravo - - -" },

  /* British Summer Time: 08:30 UTC is 09:30 in England; 23:30 UTC on the
   * 19th is already 00:30 on the 20th, and 23:30 UTC on the 20th is the
   * 21st. */
  { "summer-time", "2026-10-20",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-10-20", "release_time", "08:00",
               "probation_appointment_at", "2026-10-20T08:30:00Z", NULL } } },
    { { "a", { "kind", "other", "at", "2026-10-19T23:30:00Z", "place", "Night shelter", NULL } },
      { "a", { "kind", "pharmacy", "at", "2026-10-20T23:30:00Z", NULL } } },
    "Alpha 08:00 - - {00:30 other Night shelter} {09:30 probation}" },

  /* The clocks went back on Sunday 25 October 2026: the Monday after is
   * GMT again. */
  { "after-clocks-go-back", "2026-10-26",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2026-10-26", "probation_appointment_at", "2026-10-26T09:00:00Z", NULL } } },
    { { NULL } },
    "Alpha - - - {09:00 probation}" },

  /* The clocks go forward on Sunday 28 March 2027 (Easter Day; the
   * Monday is a bank holiday): on the Tuesday 09:00 UTC is 10:00, and
   * 23:30 UTC on the Monday is Tuesday 00:30. */
  { "after-clocks-go-forward", "2027-03-30",
    { { "a", { "family_name", "Alpha", NULL },
             { "ard", "2027-03-30", "probation_appointment_at", "2027-03-30T09:00:00Z", NULL } } },
    { { "a", { "kind", "housing", "at", "2027-03-29T23:30:00Z", NULL } } },
    "Alpha - - - {00:30 housing} {10:00 probation}" },
};

/* A record of @entity with the id made from @letter. */
static TgRecord *
make_record (const char         *entity,
             const char         *letter,
             guint               serial,
             const char * const *pairs)
{
  TgRecord *record = tg_rules_test_record_v (entity, pairs);

  g_free (record->id);
  record->id = g_strdup_printf ("00000000-0000-4000-8000-%c%011u", letter[0], serial);
  return record;
}

static char *
describe (const TgRunSheet *sheet)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sheet->entries->len; i++)
    {
      const TgRunSheetEntry *entry = sheet->entries->pdata[i];

      if (i > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s %s %s %s", entry->family_name,
                              entry->release_time ? entry->release_time : "-",
                              entry->gate ? entry->gate : "-",
                              entry->pickup_mentor ? entry->pickup_mentor : "-");
      if (entry->earlier)
        g_string_append (out, " earlier");
      for (guint k = 0; k < entry->appointments->len; k++)
        {
          const TgRunSheetAppointment *appointment = entry->appointments->pdata[k];

          g_string_append_printf (out, " {%s %s", appointment->time, appointment->kind);
          if (appointment->place != NULL)
            g_string_append_printf (out, " %s", appointment->place);
          if (appointment->with_whom != NULL)
            g_string_append_printf (out, " with %s", appointment->with_whom);
          g_string_append_c (out, '}');
        }
    }
  return g_string_free (out, FALSE);
}

static void
test_case (gconstpointer data)
{
  const RunSheetCase *c = data;
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  g_autoptr(GPtrArray) appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_record_free);
  g_autoptr(TgRunSheet) sheet = NULL;
  g_autofree char *actual = NULL;
  GDate day = tg_rules_test_date (c->day);

  for (guint i = 0; i < G_N_ELEMENTS (c->people) && c->people[i].id != NULL; i++)
    {
      const Person *person = &c->people[i];
      TgRecord *client = make_record ("client", person->id, 0, person->client);
      TgRecord *plan = make_record ("release_plan", person->id, 0, person->plan);
      const TgFieldDef *field = tg_schema_lookup_field (plan->entity, "client_id");
      TgVersion version = { 1, 1 };

      tg_record_take (plan, (guint) (field - plan->entity->fields), g_strdup (client->id), &version);
      g_ptr_array_add (clients, client);
      g_ptr_array_add (plans, plan);
    }
  for (guint i = 0; i < G_N_ELEMENTS (c->appointments) && c->appointments[i].client != NULL; i++)
    {
      const Appointment *a = &c->appointments[i];
      g_autofree char *client_id = g_strdup_printf ("00000000-0000-4000-8000-%c%011u", a->client[0], 0);
      TgRecord *record = make_record ("appointment", a->client, i + 1, a->fields);
      const TgFieldDef *field = tg_schema_lookup_field (record->entity, "client_id");
      TgVersion version = { 1, 1 };

      tg_record_take (record, (guint) (field - record->entity->fields), g_steal_pointer (&client_id), &version);
      g_ptr_array_add (appointments, record);
    }

  sheet = tg_run_sheet_build (&day, clients, plans, appointments);
  g_assert_nonnull (sheet);
  g_assert_cmpint (g_date_compare (&sheet->day, &day), ==, 0);
  actual = describe (sheet);
  g_assert_cmpstr (actual, ==, c->expected);
}

/* The same rule read from a real store: the client's names, the plan and
 * an appointment record come back through tg_run_sheet_compute(). */
static void
test_from_store (void)
{
  g_autofree char *dir = tg_test_make_tmp_dir ("tg-run-sheet-XXXXXX");
  g_autofree char *data_dir = g_build_filename (dir, "store", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRunSheet) sheet = NULL;
  g_autofree char *client = NULL;
  g_autofree char *appointment = NULL;
  g_autofree char *actual = NULL;
  GDate day = tg_rules_test_date ("2026-11-26");

  store = tg_store_create (data_dir, "246810", "Jo Mentor", &error);
  g_assert_no_error (error);
  {
    const char *fields[] = { "given_name", "family_name", "prison_number" };
    const char *values[] = { "Ada", "Alpha", "A1234BC" };

    client = tg_store_insert (store, "client", fields, values, 3, &error);
    g_assert_no_error (error);
  }
  {
    const char *fields[] = { "ard", "sentence_start", "release_time", "gate" };
    const char *values[] = { "2026-11-27", "2026-06-01", "08:45", "Main gate" };

    g_assert_true (tg_store_set_release (store, client, fields, values, 4, &error));
    g_assert_no_error (error);
  }
  {
    const char *fields[] = { "client_id", "kind", "at", "place" };
    const char *values[] = { client, "probation", "2026-11-26T14:00:00Z", "Castle Boulevard" };

    appointment = tg_store_insert (store, "appointment", fields, values, 4, &error);
    g_assert_no_error (error);
  }

  sheet = tg_run_sheet_compute (store, &day, &error);
  g_assert_no_error (error);
  actual = describe (sheet);
  g_assert_cmpstr (actual, ==, "Alpha 08:45 Main gate - earlier {14:00 probation Castle Boulevard}");
  g_assert_cmpstr (((TgRunSheetEntry *) sheet->entries->pdata[0])->given_name, ==, "Ada");
  g_assert_cmpstr (((TgRunSheetEntry *) sheet->entries->pdata[0])->prison_number, ==, "A1234BC");
  tg_rules_test_assert_date (&((TgRunSheetEntry *) sheet->entries->pdata[0])->release_date, "2026-11-27");

  g_clear_object (&store);
  tg_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/run-sheet/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/tg/run-sheet/from-store", test_from_store);
  return g_test_run ();
}
