/* KPIs on the small caseload of tg-kpi-caseload.h, built in a real store,
 * against the figures worked out by hand there. */

#include "tg-kpi.h"
#include "tg-kpi-caseload.h"
#include "tg-rules-test.h"
#include "tg-test-util.h"

static char *store_dir;
static TgStore *store;

static void
make_query (TgKpiQuery *query,
            const char *team,
            const char *worker)
{
  query->team = team;
  query->worker = worker;
  query->from = tg_rules_test_date ("2026-11-01");
  query->to = tg_rules_test_date ("2026-11-30");
  query->today = tg_rules_test_date ("2026-12-10");
}

static void
test_kpi (gconstpointer data)
{
  const KpiCase *c = data;
  g_autoptr(GError) error = NULL;
  TgKpiQuery query;
  TgKpi kpi;
  TgKpiRow rows[TG_KPI_N_ROWS];

  make_query (&query, c->team, c->worker);
  g_assert_true (tg_kpi_compute (store, &query, &kpi, &error));
  g_assert_no_error (error);

  tg_kpi_rows (&kpi, rows);
  for (guint i = 0; i < TG_KPI_N_ROWS; i++)
    {
      g_test_message ("%s: %u/%u +%u", rows[i].measure, rows[i].figure->numerator,
                      rows[i].figure->denominator, rows[i].figure->pending);
      g_assert_cmpuint (rows[i].figure->numerator, ==, c->figures[i].numerator);
      g_assert_cmpuint (rows[i].figure->denominator, ==, c->figures[i].denominator);
      g_assert_cmpuint (rows[i].figure->pending, ==, c->figures[i].pending);
    }
}

/* The team's CSV, every percent worked out by hand from the figures. */
static void
test_csv (void)
{
  static const char expected[] =
    "team,worker,from,to,measure,numerator,denominator,percent,pending\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,cases_with_active_care_plan,2,5,40.0,0\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,care_plans_closed_on_time,2,3,66.7,0\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,care_plans_completed,1,3,33.3,0\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,care_plans_disengaged,1,3,33.3,0\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,care_plans_transferred,1,3,33.3,0\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,continuity_of_care,1,2,50.0,1\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,referrals_on_time,1,3,33.3,0\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,weekly_contacts_kept,6,8,75.0,0\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,top_at_start,1,1,100.0,1\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,top_at_review,1,1,100.0,1\r\n"
    "Nottingham In-Reach,,2026-11-01,2026-11-30,top_at_exit,0,1,0.0,0\r\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  TgKpiQuery query;
  TgKpi kpi;

  make_query (&query, IN_REACH, NULL);
  g_assert_true (tg_kpi_compute (store, &query, &kpi, &error));
  csv = tg_kpi_to_csv (&query, &kpi);
  g_assert_cmpstr (csv, ==, expected);
}

/* A name with a comma or a quote stays one field; nothing judged leaves
 * the percent empty rather than 0. */
static void
test_csv_quoting (void)
{
  TgKpiQuery query;
  TgKpi kpi = { { 0 } };
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  make_query (&query, "Team \"North\", East", "Sam Example");
  csv = tg_kpi_to_csv (&query, &kpi);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, TG_KPI_N_ROWS + 2);
  g_assert_cmpstr (lines[1], ==,
                   "\"Team \"\"North\"\", East\",Sam Example,2026-11-01,2026-11-30,"
                   "cases_with_active_care_plan,0,0,,0");
  g_assert_cmpstr (lines[TG_KPI_N_ROWS + 1], ==, "");
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  store_dir = tg_test_make_tmp_dir ("tg-kpi-XXXXXX");
  {
    g_autofree char *data_dir = g_build_filename (store_dir, "store", NULL);

    store = tg_kpi_caseload_build (data_dir);
  }
  for (guint i = 0; i < G_N_ELEMENTS (kpi_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tg/kpi/figures/%s", kpi_cases[i].name);

      g_test_add_data_func (path, &kpi_cases[i], test_kpi);
    }
  g_test_add_func ("/tg/kpi/csv", test_csv);
  g_test_add_func ("/tg/kpi/csv-quoting", test_csv_quoting);

  status = g_test_run ();
  g_clear_object (&store);
  tg_test_remove_tree (store_dir);
  g_free (store_dir);
  return status;
}
