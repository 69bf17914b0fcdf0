/* tg-cli.h: throughgate-cli, every core operation from the command line.
 *
 * The executable's main() only calls tg_cli_run(); everything else lives in
 * the tg-cli static library so the tests and the executable share one build.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs one command line and returns the process exit status: 0 on success,
 * TG_CLI_EXIT_FAILURE when the command failed, TG_CLI_EXIT_USAGE when the
 * command line itself was wrong. Errors are printed to stderr. */
int tg_cli_run (int    argc,
                char **argv);

#define TG_CLI_EXIT_FAILURE 1
#define TG_CLI_EXIT_USAGE   2

G_END_DECLS
