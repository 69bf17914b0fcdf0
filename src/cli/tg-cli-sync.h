/* tg-cli-sync.h: the commands of throughgate-cli that talk to the sync
 * server (enroll, sync) or read what sync left behind (conflicts,
 * resolve). argv holds the arguments after the command word. */
#pragma once

#include "tg-cli-private.h"

G_BEGIN_DECLS

gboolean _tg_cli_enroll    (TgCli *cli, int argc, char **argv, GError **error);
gboolean _tg_cli_sync      (TgCli *cli, int argc, char **argv, GError **error);
gboolean _tg_cli_conflicts (TgCli *cli, int argc, char **argv, GError **error);
gboolean _tg_cli_resolve   (TgCli *cli, int argc, char **argv, GError **error);

G_END_DECLS
