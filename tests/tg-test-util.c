/* tg-test-util.c: what the tests share; see tg-test-util.h. */
#include "tg-test-util.h"

#include <glib/gstdio.h>
#include <sys/wait.h>

const char *
tg_test_program (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL || path[0] == '\0'
      || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s does not name a program (%s); run this test through meson test",
             variable, path != NULL ? path : "unset");
  return path;
}

char *
tg_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
tg_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR)
          && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        tg_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

char *
tg_test_write_pin_file (const char *dir,
                        const char *name,
                        const char *pin,
                        int         mode)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = g_strdup_printf ("%s\n", pin);
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE,
                            mode, &error);
  g_assert_no_error (error);
  /* The umask may have taken bits away; the mode is what a test is about. */
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

char *
tg_test_json_id (const char *json)
{
  g_autoptr(GRegex) regex = g_regex_new ("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, json, 0, &match))
    g_error ("no id in: %s", json);
  return g_match_info_fetch (match, 1);
}

char *
tg_test_nhs_number (guint serial)
{
  for (;; serial++)
    {
      g_autofree char *digits = g_strdup_printf ("999%06u", serial % 1000000);
      guint sum = 0;
      guint check;

      for (guint i = 0; i < 9; i++)
        sum += (guint) (digits[i] - '0') * (10 - i);
      check = (11 - sum % 11) % 11;
      if (check != 10)
        return g_strdup_printf ("%s%u", digits, check);
    }
}

void
tg_test_result_clear (TgTestResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

void
tg_test_spawn (const char * const *argv,
               const char         *cwd,
               TgTestResult       *result)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_spawn_sync (cwd, (char **) argv, NULL,
                G_SPAWN_DEFAULT | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  result->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

void
tg_test_cli_init (TgTestCli  *cli,
                  const char *tmpl,
                  const char *pin)
{
  cli->dir = tg_test_make_tmp_dir (tmpl);
  cli->data_dir = g_build_filename (cli->dir, "store", NULL);
  cli->pin_file = tg_test_write_pin_file (cli->dir, "pin", pin, 0600);
}

void
tg_test_cli_clear (TgTestCli *cli)
{
  if (cli->dir != NULL)
    tg_test_remove_tree (cli->dir);
  g_clear_pointer (&cli->dir, g_free);
  g_clear_pointer (&cli->data_dir, g_free);
  g_clear_pointer (&cli->pin_file, g_free);
}

GPtrArray *
tg_test_cli_argv_new (TgTestCli  *cli,
                      const char *faketime,
                      const char *pin_file)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  /* Only the wall clock moves: the CLI's D-Bus threads keep the real
   * monotonic clock (-m for threads, --exclude-monotonic for the clock). */
  if (faketime != NULL)
    {
      g_ptr_array_add (argv, g_strdup (tg_test_program ("TG_FAKETIME")));
      g_ptr_array_add (argv, g_strdup ("-m"));
      g_ptr_array_add (argv, g_strdup ("--exclude-monotonic"));
      g_ptr_array_add (argv, g_strdup ("-f"));
      g_ptr_array_add (argv, g_strdup (faketime));
    }
  g_ptr_array_add (argv, g_strdup (tg_test_program ("TG_CLI")));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (cli->data_dir));
  g_ptr_array_add (argv, g_strdup ("--pin-file"));
  g_ptr_array_add (argv, g_strdup (pin_file != NULL ? pin_file : cli->pin_file));
  return argv;
}

char *
tg_test_cli_run_ok_valist (TgTestCli  *cli,
                           const char *faketime,
                           const char *first,
                           va_list     args)
{
  g_autoptr(GPtrArray) argv = tg_test_cli_argv_new (cli, faketime, NULL);
  TgTestResult result = { 0 };

  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  g_ptr_array_add (argv, NULL);

  tg_test_spawn ((const char * const *) argv->pdata, cli->dir, &result);
  if (result.status != 0)
    g_error ("throughgate-cli %s (clock %s) failed (%d): %s", first,
             faketime != NULL ? faketime : "real", result.status, result.err);
  g_free (result.err);
  return result.out;
}

char *
tg_test_cli_run_ok (TgTestCli  *cli,
                    const char *faketime,
                    const char *first,
                    ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = tg_test_cli_run_ok_valist (cli, faketime, first, args);
  va_end (args);
  return out;
}
