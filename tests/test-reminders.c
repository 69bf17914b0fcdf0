/* Reminders: what the app notifies, from a real store and a given day.
 * All names are invented. "Today" is Thursday 26 November 2026 unless a
 * case says otherwise, so tomorrow is Friday 27 November. */

#include <string.h>

#include "tg-reminders.h"
#include "tg-store-sync.h"
#include "tg-rules-test.h"
#include "tg-test-util.h"

#define PIN "135790"
#define TODAY "2026-11-26"

/* One person to put in the store: a release date (confirmed) and a care
 * plan, each optional. */
typedef struct {
  const char *release;       /* confirmed_release_date; NULL: no plan */
  const char *plan[8];       /* care plan fields; empty: no care plan */
} Person;

typedef struct {
  const char *name;
  const char *today;
  Person      people[4];
  guint       team_review_days;
  guint       releases;
  guint       reviews;
} CollectCase;

static const CollectCase collect_cases[] = {
  { "empty-store", TODAY, { { NULL } }, 0, 0, 0 },
  /* Released today, the day after tomorrow, and last week: none is tomorrow. */
  { "no-release-tomorrow", TODAY,
    { { "2026-11-26", { NULL } }, { "2026-11-28", { NULL } }, { "2026-11-19", { NULL } } },
    0, 0, 0 },
  { "one-release-tomorrow", TODAY, { { "2026-11-27", { NULL } }, { "2026-12-04", { NULL } } }, 0, 1, 0 },
  { "two-releases-tomorrow", TODAY, { { "2026-11-27", { NULL } }, { "2026-11-27", { NULL } } }, 0, 2, 0 },
  /* Month end: 30 November → 1 December. */
  { "tomorrow-over-month-end", "2026-11-30", { { "2026-12-01", { NULL } } }, 0, 1, 0 },
  /* A review asked for today, one yesterday (overdue), one tomorrow. */
  { "review-due-today", TODAY,
    { { NULL, { "start_date", "2026-10-01", "review_due", TODAY, "review_reason", "arrest", NULL } } },
    0, 0, 1 },
  { "review-overdue", TODAY,
    { { NULL, { "start_date", "2026-10-01", "review_due", "2026-11-25", "review_reason", "breach", NULL } } },
    0, 0, 1 },
  { "review-tomorrow", TODAY,
    { { NULL, { "start_date", "2026-10-01", "review_due", "2026-11-27", "review_reason", "breach", NULL } } },
    0, 0, 0 },
  /* Scheduled: 27 August + 91 days = 26 November (4 + 30 + 31 + 26). */
  { "scheduled-review-due", TODAY,
    { { NULL, { "start_date", "2026-08-27", NULL } } }, 0, 0, 1 },
  /* The team reviews every 120 days: 27 August + 120 = 25 December. */
  { "team-interval-not-due", TODAY,
    { { NULL, { "start_date", "2026-08-27", NULL } } }, 120, 0, 0 },
  /* A closed plan has no review. */
  { "closed-plan", TODAY,
    { { NULL, { "start_date", "2026-01-05", "closed_on", "2026-06-01", "outcome", "completed", NULL } } },
    0, 0, 0 },
  { "both", TODAY,
    { { "2026-11-27", { "start_date", "2026-08-27", NULL } },
      { "2026-11-27", { NULL } },
      { NULL, { "start_date", "2026-10-01", "review_due", "2026-11-20", "review_reason", "arrest", NULL } } },
    0, 2, 2 },
};

static char *
insert (TgStore            *store,
        const char         *entity,
        const char * const *pairs)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      g_ptr_array_add (fields, (gpointer) pairs[i]);
      g_ptr_array_add (values, (gpointer) pairs[i + 1]);
    }
  id = tg_store_insert (store, entity, (const char * const *) fields->pdata,
                        (const char * const *) values->pdata, fields->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
test_collect (gconstpointer data)
{
  const CollectCase *c = data;
  g_autofree char *dir = tg_test_make_tmp_dir ("tg-reminders-XXXXXX");
  g_autofree char *data_dir = g_build_filename (dir, "store", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reminders = NULL;
  TgReminderCounts counts;
  GDate today = tg_rules_test_date (c->today);
  TgStore *store;

  store = tg_store_create (data_dir, PIN, "Sam Example", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (c->people); i++)
    {
      const Person *p = &c->people[i];
      g_autofree char *given = g_strdup_printf ("Person%u", i);
      const char *client_fields[] = { "given_name", given, "family_name", "Example",
                                      "custody_status", "sentenced", NULL };
      g_autofree char *client = NULL;

      if (p->release == NULL && p->plan[0] == NULL)
        continue;
      client = insert (store, "client", client_fields);
      if (p->release != NULL)
        {
          const char *fields[] = { "confirmed_release_date" };
          const char *values[] = { p->release };

          g_assert_true (tg_store_set_release (store, client, fields, values, 1, &error));
          g_assert_no_error (error);
        }
      if (p->plan[0] != NULL)
        {
          const char *plan[12] = { "client_id", client };
          g_autofree char *plan_id = NULL;
          guint n = 2;

          for (guint j = 0; p->plan[j] != NULL; j++)
            plan[n++] = p->plan[j];
          plan[n] = NULL;
          plan_id = insert (store, "care_plan", plan);
        }
    }

  g_assert_true (tg_reminders_count (store, &today, c->team_review_days, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.releases_tomorrow, ==, c->releases);
  g_assert_cmpuint (counts.reviews_due, ==, c->reviews);
  g_assert_cmpuint (counts.open_conflicts, ==, 0);

  reminders = tg_reminders_collect (store, &today, c->team_review_days, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reminders->len, ==, (c->releases > 0) + (c->reviews > 0));

  g_assert_true (tg_store_wipe (store, &error));
  g_assert_no_error (error);
  g_object_unref (store);
  tg_test_remove_tree (dir);
}

typedef struct {
  const char       *name;
  TgReminderCounts  counts;
  const char       *ids[4];      /* expected, in order */
  const char       *titles[4];
} BuildCase;

static const BuildCase build_cases[] = {
  { "nothing-due", { 0, 0, 0 }, { NULL }, { NULL } },
  { "one-release", { 1, 0, 0 }, { "releases-tomorrow", NULL },
    { "1 person is released tomorrow", NULL } },
  { "releases", { 3, 0, 0 }, { "releases-tomorrow", NULL },
    { "3 people are released tomorrow", NULL } },
  { "one-review", { 0, 1, 0 }, { "reviews-due", NULL }, { "1 care plan review is due", NULL } },
  { "conflicts", { 0, 0, 2 }, { "conflicts", NULL }, { "2 sync conflicts are waiting", NULL } },
  { "all", { 2, 5, 1 }, { "releases-tomorrow", "reviews-due", "conflicts", NULL },
    { "2 people are released tomorrow", "5 care plan reviews are due",
      "1 sync conflict is waiting", NULL } },
};

static void
test_build (gconstpointer data)
{
  const BuildCase *c = data;
  g_autoptr(GPtrArray) reminders = tg_reminders_build (&c->counts);
  guint n = 0;

  while (c->ids[n] != NULL)
    n++;
  g_assert_cmpuint (reminders->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      TgReminder *r = reminders->pdata[i];

      g_assert_cmpstr (r->id, ==, c->ids[i]);
      g_assert_cmpstr (r->id, ==, tg_reminder_kind_id (r->kind));
      g_assert_cmpstr (r->title, ==, c->titles[i]);
      g_assert_cmpuint (r->count, >, 0);
      g_assert_nonnull (r->body);
      /* No reminder names a person: the invented names never appear. */
      g_assert_null (strstr (r->title, "Example"));
      g_assert_null (strstr (r->body, "Example"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (build_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/reminders/build/%s", build_cases[i].name);
      g_test_add_data_func (path, &build_cases[i], test_build);
    }
  for (guint i = 0; i < G_N_ELEMENTS (collect_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/reminders/collect/%s", collect_cases[i].name);
      g_test_add_data_func (path, &collect_cases[i], test_collect);
    }
  return g_test_run ();
}
