/* The field clock across restarts of the real program while the system
 * clock jumps: each write runs the CLI under faketime with the wall clock
 * moved back a day, back ten years, forward a day, or left alone, and every
 * new version must still be greater than every earlier one (DESIGN.md §4).
 * test-hlc covers the clock itself; this covers its persistence between
 * processes, which only the store and a real restart can show. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#define PIN    "305718"
#define DAY_MS G_GINT64_CONSTANT (86400000)

/* Slack for the time between asking for the time here and the CLI's write. */
#define SLACK_MS G_GINT64_CONSTANT (60000)

typedef struct {
  char *work;
  char *data_dir;
  char *pin_file;
} Fixture;

static const char *
required_program (const char *variable)
{
  const char *path = g_getenv (variable);

  /* Not a skip: a run without these has not tested anything. */
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s does not name a program (%s)", variable, path != NULL ? path : "unset");
  return path;
}

/* Runs the CLI, under faketime with @offset (a libfaketime relative time
 * such as "-1d") unless it is NULL, and fails the test unless it exits 0.
 * Only the wall clock moves: the CLI's D-Bus threads keep the real
 * monotonic clock (-m for threads, --exclude-monotonic for the clock). */
static char *
run_cli (Fixture    *fixture,
         const char *offset,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  va_list args;

  if (offset != NULL)
    {
      g_ptr_array_add (argv, (gpointer) required_program ("TG_FAKETIME"));
      g_ptr_array_add (argv, (gpointer) "-m");
      g_ptr_array_add (argv, (gpointer) "--exclude-monotonic");
      g_ptr_array_add (argv, (gpointer) "-f");
      g_ptr_array_add (argv, (gpointer) offset);
    }
  g_ptr_array_add (argv, (gpointer) required_program ("TG_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  g_ptr_array_add (argv, (gpointer) "--pin-file");
  g_ptr_array_add (argv, fixture->pin_file);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("throughgate-cli %s (clock %s) failed: %s\n%s", first,
             offset != NULL ? offset : "real", error->message, err);
  return out;
}

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
  g_autofree char *out = run_cli (fixture, NULL, "client", "get", client_id,
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
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
          !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  fixture->work = g_dir_make_tmp ("tg-clock-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->work, "store", NULL);
  fixture->pin_file = g_build_filename (fixture->work, "pin", NULL);
  g_file_set_contents_full (fixture->pin_file, PIN "\n", -1,
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  out = run_cli (fixture, NULL, "init", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rm_rf (fixture->work);
  g_free (fixture->work);
  g_free (fixture->data_dir);
  g_free (fixture->pin_file);
}

static char *
add_client (Fixture    *fixture,
            const char *offset)
{
  g_autofree char *out = run_cli (fixture, offset, "client", "add", "--given", "Orla",
                                  "--family", "Penhallow", "--team", "North",
                                  "--json", NULL);

  return match_one ("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"", out);
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

      out = run_cli (fixture, writes[i].offset, "client", "set", client_id,
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

  out = run_cli (fixture, NULL, "client", "set", client_id, "team", "South", NULL);
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
