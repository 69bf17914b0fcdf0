/* tg-cli.c: the global options of throughgate-cli and the dispatch to one
 * command. Every error ends here and becomes one line on stderr. */
#include "config.h"

#include "tg-cli.h"
#include "tg-cli-private.h"
#include "tg-cli-rules.h"
#include "tg-cli-sync.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef gboolean (*TgCliCommandFunc) (TgCli   *cli,
                                      int      argc,
                                      char   **argv,
                                      GError **error);

static const struct {
  const char       *name;
  TgCliCommandFunc  func;
} commands[] = {
  { "init", _tg_cli_init },
  { "client", _tg_cli_client },
  { "release", _tg_cli_release },
  { "note", _tg_cli_note },
  { "gate-list", _tg_cli_gate_list },
  { "care-plan", _tg_cli_care_plan },
  { "goal", _tg_cli_goal },
  { "top", _tg_cli_top },
  { "referral", _tg_cli_referral },
  { "contact", _tg_cli_contact },
  { "appointment", _tg_cli_appointment },
  { "session", _tg_cli_session },
  { "export", _tg_cli_export },
  { "kpi", _tg_cli_kpi },
  { "run-sheet", _tg_cli_run_sheet },
  { "enroll", _tg_cli_enroll },
  { "sync", _tg_cli_sync },
  { "conflicts", _tg_cli_conflicts },
  { "resolve", _tg_cli_resolve },
};

static const char usage_text[] =
  "Usage: throughgate-cli --data-dir DIR [--pin-file FILE] COMMAND [--json]\n"
  "\n"
  "Commands:\n"
  "  init [--worker NAME]                       create the encrypted store\n"
  "  client add --given G --family F [--FIELD VALUE ...]\n"
  "  client set ID FIELD VALUE [FIELD VALUE ...]\n"
  "  client get ID [--versions]\n"
  "  client list [--search TEXT]\n"
  "  release set CLIENT_ID FIELD VALUE [FIELD VALUE ...]\n"
  "  release get CLIENT_ID\n"
  "  release check CLIENT_ID                    checklist, prompts, earlier release\n"
  "  note add CLIENT_ID --kind KIND --body TEXT [--occurred-at DATETIME]\n"
  "           [--corrects NOTE_ID] [--session SESSION_ID]\n"
  "  note set NOTE_ID FIELD VALUE [FIELD VALUE ...]\n"
  "  note list CLIENT_ID\n"
  "  note sign NOTE_ID\n"
  "  gate-list [--from DATE] [--days N]\n"
  "  care-plan add CLIENT_ID --end DATE [--start DATE] [--review-interval DAYS]\n"
  "  care-plan review PLAN_ID --reason scheduled|arrest|breach|disengagement [--on DATE]\n"
  "  care-plan event PLAN_ID --kind arrest|breach|disengagement [--on DATE]\n"
  "  care-plan close PLAN_ID --outcome completed|disengaged|transferred [--on DATE]\n"
  "  care-plan list CLIENT_ID                   plans, reviews due and goals\n"
  "  goal add PLAN_ID --what W --measure M --target DATE [--status S]\n"
  "  goal set GOAL_ID FIELD VALUE [FIELD VALUE ...]\n"
  "  top add CLIENT_ID --stage start|review|exit --completed-on DATE --FIELD VALUE ...\n"
  "  top list CLIENT_ID\n"
  "  referral add CLIENT_ID --service S --need-identified DATE [--referred DATE]\n"
  "               [--due DATE] [--status S]\n"
  "  referral set REFERRAL_ID FIELD VALUE [FIELD VALUE ...]\n"
  "  referral list [CLIENT_ID] [--overdue]\n"
  "  contact add CLIENT_ID --kind K [--at DATETIME] [--worker W] [--detail TEXT]\n"
  "  contact list CLIENT_ID                     contacts and the standards\n"
  "  appointment add CLIENT_ID --kind K --at DATETIME [--place P] [--with W]\n"
  "  appointment list CLIENT_ID\n"
  "  session start --place PLACE [--detail TEXT] [--date DATE] [--team T]\n"
  "  session attend SESSION_ID CLIENT_ID [CLIENT_ID ...]\n"
  "  session show SESSION_ID | session list [--from DATE] [--to DATE]\n"
  "  run-sheet [--date YYYY-MM-DD|today|tomorrow]  the gate-day run sheet\n"
  "  export --format csv|json\n"
  "  kpi [--team T] [--worker W] [--from DATE] [--to DATE] --format csv|json\n"
  "  enroll URL CODE --server-key-sha256 B64 [--ca-file F] [--name NAME]\n"
  "  sync                                       push and pull changes\n"
  "  conflicts [--all]                          the conflict log\n"
  "  resolve CONFLICT_ID --keep-mine|--accept-theirs\n"
  "\n"
  "Field names are snake_case; an empty VALUE clears a field. --json prints\n"
  "one JSON document on stdout. Without --pin-file the PIN is asked on the\n"
  "terminal. See docs/cli.md for the details.\n";

static void
tg_cli_clear (TgCli *cli)
{
  g_clear_pointer (&cli->data_dir, g_free);
  g_clear_pointer (&cli->pin_file, g_free);
}

/* Reads "--name VALUE" or "--name=VALUE" at argv[*i]; TRUE when argv[*i]
 * is that option, with *i moved past its value. */
static gboolean
take_global_value (int          argc,
                   char       **argv,
                   int         *i,
                   const char  *option,
                   char       **out_value,
                   GError     **error)
{
  const char *arg = argv[*i];
  gsize length = strlen (option);
  const char *value;

  if (strncmp (arg, option, length) != 0
      || (arg[length] != '\0' && arg[length] != '='))
    return FALSE;

  if (arg[length] == '=')
    value = arg + length + 1;
  else if (*i + 1 < argc)
    value = argv[++*i];
  else
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "%s needs a value", option);
      return TRUE;
    }

  if (*out_value != NULL)
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "%s is given more than once", option);
      return TRUE;
    }
  if (value[0] == '\0')
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                   "%s needs a value", option);
      return TRUE;
    }
  *out_value = g_strdup (value);
  return TRUE;
}

/* Returns the index of the command word, 0 when --help or --version was
 * handled, or -1 with @error set. */
static int
parse_globals (TgCli    *cli,
               int       argc,
               char    **argv,
               GError  **error)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0
          || strcmp (arg, "help") == 0)
        {
          fputs (usage_text, stdout);
          return 0;
        }
      if (strcmp (arg, "--version") == 0)
        {
          fputs ("throughgate-cli " PACKAGE_VERSION "\n", stdout);
          return 0;
        }
      if (strcmp (arg, "--json") == 0)
        {
          cli->json = TRUE;
          continue;
        }
      if (take_global_value (argc, argv, &i, "--data-dir", &cli->data_dir, error)
          || take_global_value (argc, argv, &i, "--pin-file", &cli->pin_file, error))
        {
          if (error != NULL && *error != NULL)
            return -1;
          continue;
        }
      if (arg[0] == '-')
        {
          g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                       "unknown option %s", arg);
          return -1;
        }
      return i;
    }

  g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                       "no command given; try throughgate-cli --help");
  return -1;
}

static gboolean
dispatch (TgCli    *cli,
          int       argc,
          char    **argv,
          GError  **error)
{
  int command_index;
  const char *command;

  command_index = parse_globals (cli, argc, argv, error);
  if (command_index <= 0)
    return command_index == 0;

  command = argv[command_index];
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (commands[i].name, command) != 0)
        continue;

      /* Checked after the command word so that a mistyped command is
       * reported as such, not as a missing directory. */
      if (cli->data_dir == NULL)
        {
          g_set_error_literal (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
                               "--data-dir is required");
          return FALSE;
        }
      return commands[i].func (cli,
                               argc - command_index - 1,
                               argv + command_index + 1,
                               error);
    }

  g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE,
               "unknown command “%s”; try throughgate-cli --help", command);
  return FALSE;
}

/* One line, whatever the message holds, so scripts can read stderr line by
 * line and a value with a line break cannot forge a second message. */
static void
print_error (const GError *error)
{
  g_autofree char *message = g_strdup (error->message);

  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "throughgate-cli: %s\n", message);
}

int
tg_cli_run (int    argc,
            char **argv)
{
  TgCli cli = { 0 };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_set_prgname ("throughgate-cli");

  if (!dispatch (&cli, argc, argv, &error))
    {
      print_error (error);
      if (g_error_matches (error, TG_CLI_ERROR, TG_CLI_ERROR_USAGE))
        status = TG_CLI_EXIT_USAGE;
      else
        status = TG_CLI_EXIT_FAILURE;
    }

  if ((fflush (stdout) != 0 || ferror (stdout)) && status == 0)
    {
      fprintf (stderr, "throughgate-cli: could not write the output: %s\n",
               g_strerror (errno));
      status = TG_CLI_EXIT_FAILURE;
    }

  tg_cli_clear (&cli);
  return status;
}
