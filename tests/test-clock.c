/* The field clock across restarts of the real program while the system
 * clock jumps: each write runs the CLI under faketime with the wall clock
 * moved back a day, back ten years, forward a day, or left alone, and every
 * new version must still be greater than every earlier one (DESIGN.md §4).
 * test-hlc covers the clock itself; this covers its persistence between
 * processes, which only the store and a real restart can show. */

#include "config.h"

#include <string.h>

#include "tg-test-util.h"

#define PIN    "305718"
#define DAY_MS G_GINT64_CONSTANT (86400000)

/* Slack for the time between asking for the time here and the CLI's write. */
#define SLACK_MS G_GINT64_CONSTANT (60000)

/* The CLI runs with tg_test_cli_run_ok(), under faketime with an offset
 * (a libfaketime relative time such as "-1d") unless that is NULL. */
typedef TgTestCli Fixture;

static char *
match_one (const char *pattern,
           const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    g_error ("/%s/ does not match: %s", pattern, text);
  return g_match_info_fetch (match, 1);
}

/* The version of @field from client get --json --versions, which prints
 * "versions": {"FIELD": {"hlc": N, "node": N}, ...} after the values. */
static guint64
field_hlc (Fixture    *fixture,
           const char *client_id,
           const char *field)
{
  g_autofree char *out = tg_test_cli_run_ok (fixture, NULL, "client", "get", client_id,
                                             "--json", "--versions", NULL);
  const char *versions = strstr (out, "\"versions\"");
  g_autofree char *pattern = NULL;
  g_autofree char *hlc = NULL;

  if (versions == NULL)
    g_error ("client get --versions printed no versions: %s", out);
  pattern = g_strdup_printf ("\"%s\"\\s*:\\s*\\{[^}]*\"hlc\"\\s*:\\s*([0-9]+)", field);
  hlc = match_one (pattern, versions);
  return g_ascii_strtoull (hlc, NULL, 10);
}

static gint64
hlc_ms (guint64 hlc)
{
  return (gint64) (hlc >> 16);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  tg_test_cli_init (fixture, "tg-clock-XXXXXX", PIN);
  g_free (tg_test_cli_run_ok (fixture, NULL, "init", NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tg_test_cli_clear (fixture);
}

static char *
add_client (Fixture    *fixture,
            const char *offset)
{
  g_autofree char *out = tg_test_cli_run_ok (fixture, offset, "client", "add",
                                             "--given", "Orla", "--family", "Penhallow",
                                             "--team", "North", "--json", NULL);

  return tg_test_json_id (out);
}

static void
test_never_goes_back (Fixture       *fixture,
                      gconstpointer  data)
{
  /* Each write's wall clock, and where its millisecond part must land:
   * on the wall clock when the wall is ahead of every earlier stamp,
   * on the previous stamp's millisecond (counting on) when it is not. */
  static const struct {
    const char *offset;
    const char *team;
    gboolean    counts_on;
    gint64      wall_offset_ms;
  } writes[] = {
    { NULL, "South", FALSE, 0 },
    { "-1d", "East", TRUE, 0 },
    { "-10y", "West", TRUE, 0 },
    { "+1d", "Central", FALSE, DAY_MS },
    { NULL, "North", TRUE, 0 },
  };
  g_autofree char *client_id = add_client (fixture, NULL);
  guint64 highest = field_hlc (fixture, client_id, "team");
  guint64 given = field_hlc (fixture, client_id, "given_name");

  g_assert_cmpint (ABS (hlc_ms (highest) - now_ms ()), <, SLACK_MS);

  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_autofree char *out = NULL;
      gint64 before = now_ms ();
      guint64 hlc;

      out = tg_test_cli_run_ok (fixture, writes[i].offset, "client", "set", client_id,
                                "team", writes[i].team, NULL);
      hlc = field_hlc (fixture, client_id, "team");
      g_test_message ("clock %s: hlc %" G_GUINT64_FORMAT " (ms %" G_GINT64_FORMAT
                      ", counter %u)", writes[i].offset != NULL ? writes[i].offset : "real",
                      hlc, hlc_ms (hlc), (guint) (hlc & 0xffff));

      /* Strictly after every earlier write, whatever the wall clock says. */
      g_assert_cmpuint (hlc, >, highest);
      if (writes[i].counts_on)
        g_assert_cmpint (hlc_ms (hlc), ==, hlc_ms (highest));
      else
        g_assert_cmpint (ABS (hlc_ms (hlc) - (before + writes[i].wall_offset_ms)), <, SLACK_MS);
      highest = hlc;
    }

  /* A field that was not written keeps its version. */
  g_assert_cmpuint (field_hlc (fixture, client_id, "given_name"), ==, given);
}

/* A device whose clock was years behind when it first wrote takes the
 * real time again once its clock is put right: the stamps follow the wall
 * clock forward, they do not stay stuck in the past. */
static void
test_wall_leads_again (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *client_id = add_client (fixture, "-10y");
  g_autofree char *out = NULL;
  guint64 past = field_hlc (fixture, client_id, "team");
  guint64 hlc;

  g_assert_cmpint (hlc_ms (past), <, now_ms () - 9 * 365 * DAY_MS);

  out = tg_test_cli_run_ok (fixture, NULL, "client", "set", client_id, "team", "South", NULL);
  hlc = field_hlc (fixture, client_id, "team");
  g_assert_cmpuint (hlc, >, past);
  g_assert_cmpint (ABS (hlc_ms (hlc) - now_ms ()), <, SLACK_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tg/clock/never-goes-back", Fixture, NULL,
              fixture_set_up, test_never_goes_back, fixture_tear_down);
  g_test_add ("/tg/clock/wall-leads-again", Fixture, NULL,
              fixture_set_up, test_wall_leads_again, fixture_tear_down);

  return g_test_run ();
}
