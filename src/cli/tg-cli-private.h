/* tg-cli-private.h: what the command files of throughgate-cli share.
 *
 * tg-cli.c parses the global options and hands the rest of the command line
 * to one command function; each command parses its own arguments with
 * _tg_cli_args_parse() (mostly through _tg_cli_args_parse_exact()), opens
 * the store with _tg_cli_open_store() or _tg_cli_open_store_at() and prints
 * through tg-cli-output.h.
 */
#pragma once

#include <glib.h>

#include "tg-store.h"

G_BEGIN_DECLS

#define TG_CLI_ERROR (_tg_cli_error_quark ())

typedef enum {
  TG_CLI_ERROR_USAGE,    /* the command line is wrong: exit status 2 */
  TG_CLI_ERROR_FAILED,   /* anything else the CLI itself refuses: 1 */
} TgCliError;

GQuark _tg_cli_error_quark (void);

/* The global options, valid for the whole run. */
typedef struct {
  char     *data_dir;    /* --data-dir, never NULL once a command runs */
  char     *pin_file;    /* --pin-file, NULL to ask on the terminal */
  gboolean  json;        /* --json, anywhere on the line */
} TgCli;

/* One option a command accepts. */
typedef struct {
  const char *name;      /* without the leading dashes: "occurred-at" */
  gboolean    has_value;
} TgCliOption;

/* A command's arguments after parsing. names and values are parallel and
 * keep the order of the command line, which is the order fields are
 * checked in, so the first bad one is the one reported. */
typedef struct {
  GPtrArray *names;       /* options without dashes */
  GPtrArray *values;      /* the value of each option, NULL for a flag */
  GPtrArray *positional;  /* the other arguments, in order (argv's own
                           * strings, not copies) */
} TgCliArgs;

void        _tg_cli_args_free    (TgCliArgs          *args);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgCliArgs, _tg_cli_args_free)

/* Parses argv (the arguments after the command words). @options is
 * terminated by an entry with a NULL name; with @open_options every other
 * "--name" is accepted too and takes a value (client add's --FIELD VALUE).
 * "--json" is always accepted and sets cli->json; "--" ends the options. */
TgCliArgs  *_tg_cli_args_parse   (TgCli              *cli,
                                  const char         *command,
                                  int                 argc,
                                  char              **argv,
                                  const TgCliOption  *options,
                                  gboolean            open_options,
                                  GError            **error) G_GNUC_WARN_UNUSED_RESULT;
const char *_tg_cli_args_get     (TgCliArgs          *args,
                                  const char         *name);
gboolean    _tg_cli_args_has     (TgCliArgs          *args,
                                  const char         *name);

/* Checks the positional arguments against @names (NULL-terminated, as shown
 * in the usage: "CLIENT_ID"); with @more, further arguments are allowed. */
gboolean    _tg_cli_args_expect  (TgCliArgs          *args,
                                  const char         *command,
                                  const char * const *names,
                                  gboolean            more,
                                  GError            **error);

/* _tg_cli_args_parse() without open options followed by
 * _tg_cli_args_expect() without further arguments: the usual start of a
 * command. @positional may be NULL for a command that takes none. */
TgCliArgs  *_tg_cli_args_parse_exact (TgCli              *cli,
                                      const char         *command,
                                      int                 argc,
                                      char              **argv,
                                      const TgCliOption  *options,
                                      const char * const *positional,
                                      GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The value of option @name, or NULL with a usage error when it is
 * missing or empty. */
const char *_tg_cli_args_require (TgCliArgs          *args,
                                  const char         *command,
                                  const char         *name,
                                  GError            **error);

/* The arguments of a set command, "@what FIELD VALUE [FIELD VALUE ...]":
 * the id stays in args->positional at 0, the pairs are checked against the
 * schema entity @entity and collected with _tg_cli_collect_pairs(). */
TgCliArgs  *_tg_cli_args_parse_pairs (TgCli              *cli,
                                      const char         *command,
                                      const char         *what,
                                      const char         *entity,
                                      int                 argc,
                                      char              **argv,
                                      GPtrArray          *fields,
                                      GPtrArray          *values,
                                      GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Fills @fields and @values from the FIELD VALUE pairs in the positional
 * arguments from @start on. Every field name must be one of @entity's; an
 * empty VALUE clears the field (a NULL value for the store). */
gboolean    _tg_cli_collect_pairs (const char        *command,
                                   const TgEntityDef *entity,
                                   GPtrArray         *positional,
                                   guint              start,
                                   GPtrArray         *fields,
                                   GPtrArray         *values,
                                   GError           **error);

/* The schema field @name (snake_case; dashes are read as underscores) of
 * @entity, or NULL with an error naming @name. */
const TgFieldDef *_tg_cli_lookup_field (const TgEntityDef *entity,
                                        const char        *name,
                                        GError           **error);

/* A live record of @entity, or NULL with an error that names @what (the
 * argument that held the id) and the id. */
TgRecord   *_tg_cli_require_record (TgStore          *store,
                                    const char       *entity,
                                    const char       *id,
                                    const char       *what,
                                    GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* Opens the store and checks with _tg_cli_require_record() that @id names
 * a live @entity record. With @out_record not NULL the record is handed
 * over there. */
TgStore    *_tg_cli_open_store_at (TgCli            *cli,
                                   const char       *entity,
                                   const char       *id,
                                   const char       *what,
                                   TgRecord        **out_record,
                                   GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* The start of a command whose one argument is the id of a live @entity
 * record, called @what in messages ("note sign NOTE_ID"): parses @argv
 * with _tg_cli_args_parse_exact() and no options, then opens the store
 * with _tg_cli_open_store_at(). The id, a string of @argv, is returned in
 * @out_id. */
TgStore    *_tg_cli_open_store_for_id (TgCli        *cli,
                                       const char   *command,
                                       int           argc,
                                       char        **argv,
                                       const char   *entity,
                                       const char   *what,
                                       const char  **out_id,
                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Inserts a new @entity record with @fields and @values (parallel arrays
 * of strings) and prints its id. */
gboolean    _tg_cli_insert_record (TgCli            *cli,
                                   TgStore          *store,
                                   const char       *entity,
                                   GPtrArray        *fields,
                                   GPtrArray        *values,
                                   GError          **error);

/* The whole of a set command ("client set ID FIELD VALUE ..."): writes the
 * FIELD VALUE pairs to the live @entity record named by the argument
 * @what and, with --json, prints the record as it now stands. A field of
 * @managed (NULL-terminated, or NULL) is written by the store alone and
 * refused before the store is opened. */
gboolean    _tg_cli_set_record   (TgCli              *cli,
                                  const char         *command,
                                  const char         *entity,
                                  const char         *what,
                                  const char * const *managed,
                                  int                 argc,
                                  char              **argv,
                                  GError            **error);

/* One subcommand of a command word: "add" of "client add". */
typedef struct {
  const char *name;
  gboolean  (*run) (TgCli *cli, int argc, char **argv, GError **error);
} TgCliSubcommand;

/* Runs the subcommand named by argv[0] with the arguments after it. The
 * usage error for a missing or unknown one lists @subcommands in order. */
gboolean    _tg_cli_run_subcommand (TgCli                 *cli,
                                    const char            *command,
                                    const TgCliSubcommand *subcommands,
                                    guint                  n_subcommands,
                                    int                    argc,
                                    char                 **argv,
                                    GError               **error);

/* Current time as the store writes date-times: 2026-11-27T09:30:00Z. */
char       *_tg_cli_now_utc      (void) G_GNUC_WARN_UNUSED_RESULT;

/* PIN handling (tg-cli-pin.c). The PIN comes from --pin-file or, without
 * it, from the terminal with echo off; with @confirm a prompted PIN is asked
 * twice. The returned string is wiped when freed with _tg_cli_pin_free(). */
typedef char TgCliPin;
TgCliPin   *_tg_cli_read_pin     (TgCli              *cli,
                                  gboolean            confirm,
                                  GError            **error) G_GNUC_WARN_UNUSED_RESULT;
void        _tg_cli_pin_free     (TgCliPin           *pin);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgCliPin, _tg_cli_pin_free)

/* Opens the store in cli->data_dir with the worker's PIN. */
TgStore    *_tg_cli_open_store   (TgCli              *cli,
                                  GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The commands. argv holds the arguments after the command words. */
gboolean    _tg_cli_init         (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_client       (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_release      (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_note         (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_gate_list    (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_export       (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_care_plan    (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_goal         (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_top          (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_referral     (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_contact      (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_appointment  (TgCli *cli, int argc, char **argv, GError **error);
gboolean    _tg_cli_session      (TgCli *cli, int argc, char **argv, GError **error);

/* Adds @client_id to the people seen at @session_id unless already there;
 * @out_id gets the new attendance record's id, or NULL when there was
 * nothing to add (tg-cli-session.c). */
gboolean    _tg_cli_session_add_attendance (TgStore     *store,
                                            const char  *session_id,
                                            const char  *client_id,
                                            char       **out_id,
                                            GError     **error);

G_END_DECLS
