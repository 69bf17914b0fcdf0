/* tg-server-cli.h: the command line of throughgate-server (DESIGN §6,
 * docs/server.md). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs one command; returns the exit status: 0, 1 when it failed, 2 when
 * the command line is wrong. */
int tg_server_cli_run (int    argc,
                       char **argv);

G_END_DECLS
