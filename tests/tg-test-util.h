/* tg-test-util.h: what the tests share: temporary directories, PIN files
 * and runs of the real throughgate-cli.
 *
 * tests/meson.build builds this once into a static library that every test
 * links. A helper here fails the test (g_error or an assertion) instead of
 * returning an error: a test that cannot set itself up has proved nothing.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The program named by the environment variable @variable (TG_CLI and
 * TG_FAKETIME, set by tests/meson.build). Not a skip: without it the test
 * fails, since a run without the program has not tested anything. */
const char *tg_test_program         (const char *variable);

/* A new directory from g_dir_make_tmp() with @tmpl ("tg-x-XXXXXX"). */
char       *tg_test_make_tmp_dir    (const char *tmpl) G_GNUC_WARN_UNUSED_RESULT;

/* Removes @path and everything below it; a symbolic link is removed, never
 * followed. */
void        tg_test_remove_tree     (const char *path);

/* Writes @pin and a line break to the file @name in @dir, with exactly
 * @mode whatever the umask. Returns the file's path. */
char       *tg_test_write_pin_file  (const char *dir,
                                     const char *name,
                                     const char *pin,
                                     int         mode) G_GNUC_WARN_UNUSED_RESULT;

/* The "id" member of a --json answer (a record id); fails the test when
 * there is none. */
char       *tg_test_json_id         (const char *json) G_GNUC_WARN_UNUSED_RESULT;

/* A valid NHS number in the 999 range, which is never issued to anyone:
 * the first one with a serial of @serial or after. */
char       *tg_test_nhs_number      (guint       serial) G_GNUC_WARN_UNUSED_RESULT;

/* How a program run by tg_test_spawn() ended. */
typedef struct {
  int   status;   /* exit status, or -1 when killed by a signal */
  char *out;      /* all of stdout */
  char *err;      /* all of stderr */
} TgTestResult;

void        tg_test_result_clear    (TgTestResult *result);

/* Runs @argv (NULL-terminated) to its end in the directory @cwd (NULL for
 * this one), with stdin from /dev/null. */
void        tg_test_spawn           (const char * const *argv,
                                     const char         *cwd,
                                     TgTestResult       *result);

/* A store of one test: a temporary directory holding the data directory
 * and a private PIN file. The CLI runs with this directory as its working
 * directory, so nothing it leaves there outlives the test. */
typedef struct {
  char *dir;        /* from g_dir_make_tmp(); removed by tg_test_cli_clear() */
  char *data_dir;   /* dir/store, not there until the CLI's init */
  char *pin_file;   /* dir/pin, mode 0600 */
} TgTestCli;

/* Makes the directory (from @tmpl, as tg_test_make_tmp_dir()) and the PIN
 * file holding @pin. */
void        tg_test_cli_init        (TgTestCli  *cli,
                                     const char *tmpl,
                                     const char *pin);

/* Removes the directory with everything in it, and frees the paths. */
void        tg_test_cli_clear       (TgTestCli  *cli);

/* The start of a command line for the CLI (TG_CLI): "--data-dir" and
 * "--pin-file" with @pin_file, or the store's own PIN file when that is
 * NULL. With @faketime (a libfaketime offset such as "-1d") the CLI runs
 * under faketime with its wall clock moved by that much. The array frees
 * its strings: add copies, and a NULL at the end. */
GPtrArray  *tg_test_cli_argv_new    (TgTestCli  *cli,
                                     const char *faketime,
                                     const char *pin_file) G_GNUC_WARN_UNUSED_RESULT;

/* Runs the CLI (as tg_test_cli_argv_new() with the store's PIN file) with
 * the arguments from @first on, up to a NULL, and fails the test unless it
 * exits 0. Returns its stdout. */
char       *tg_test_cli_run_ok      (TgTestCli  *cli,
                                     const char *faketime,
                                     const char *first,
                                     ...) G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;
char       *tg_test_cli_run_ok_valist (TgTestCli  *cli,
                                       const char *faketime,
                                       const char *first,
                                       va_list     args) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
