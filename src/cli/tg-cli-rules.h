/* tg-cli-rules.h: the commands of throughgate-cli that show the field
 * workflow rules (src/rules): kpi, run-sheet, and release check (a subcommand of
 * release). argv holds the arguments after the command words. */
#pragma once

#include "tg-cli-private.h"

G_BEGIN_DECLS

gboolean _tg_cli_kpi           (TgCli *cli, int argc, char **argv, GError **error);
gboolean _tg_cli_release_check (TgCli *cli, int argc, char **argv, GError **error);
gboolean _tg_cli_run_sheet     (TgCli *cli, int argc, char **argv, GError **error);

G_END_DECLS
