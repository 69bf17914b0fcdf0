/* tg-cli-care.c: care-plan add, review, event, close and list, and goal
 * add and set (docs/field-workflows.md §3).
 *
 * A plan's review state and closure are the rules' (tg-care-rules.h);
 * these commands only write the fields the rules read: a review held
 * writes last_reviewed_on with its reason, a key event writes review_due
 * with the event, a closure writes outcome and closed_on.
 */
#include "tg-cli-fields.h"
#include "tg-cli-output.h"

#include <stdio.h>
#include <string.h>

#include "tg-care-rules.h"
#include "tg-dates.h"
#include "tg-error.h"

/* Fields the subcommands write themselves, never typed in as options. */
static const char * const plan_fixed[] = {
  "client_id", "review_due", "review_reason", "last_reviewed_on",
  "outcome", "closed_on", NULL
};

static const TgCliAlias plan_aliases[] = {
  { "start", "start_date" },
  { "end", "end_date" },
  { "review-interval", "review_interval_days" },
  { NULL }
};

static gboolean
care_plan_add (TgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  static const char * const positional[] = { "CLIENT_ID", NULL };
  const char *command = "care-plan add";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) record = NULL;
  g_autofree char *today = _tg_cli_today_iso ();
  const char *client_id;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, TRUE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, positional, FALSE, error)
      || !_tg_cli_options_to_fields (command, "care_plan", args, plan_aliases, plan_fixed,
                                     fields, values, error))
    return FALSE;
  client_id = g_ptr_array_index (args->positional, 0);

  /* The standard asks for a clear end date: a plan without one can never
   * close on time. */
  if (!_tg_cli_field_require (command, fields, values, "end_date", error))
    return FALSE;
  _tg_cli_field_default (fields, values, "start_date", today);

  record = _tg_cli_record_from_fields ("care_plan", fields, values, error);
  if (record == NULL
      || !_tg_cli_check_order ("start_date", tg_record_get (record, "start_date"),
                               "end_date", tg_record_get (record, "end_date"), error))
    return FALSE;

  store = _tg_cli_open_store_at (cli, "client", client_id, "CLIENT_ID", NULL, error);
  if (store == NULL)
    return FALSE;

  _tg_cli_field_put (fields, values, "client_id", client_id);
  return _tg_cli_insert_record (cli, store, "care_plan", fields, values, error);
}

/* The plan named by the first argument, refused when it is closed: a
 * closed plan takes no more reviews, events or goals. */
static TgRecord *
require_open_plan (TgStore     *store,
                   const char  *plan_id,
                   const char  *command,
                   GError     **error)
{
  g_autoptr(TgRecord) plan = NULL;
  TgPlanClosure closure;

  plan = _tg_cli_require_record (store, "care_plan", plan_id, "PLAN_ID", error);
  if (plan == NULL)
    return NULL;
  tg_care_plan_closure (plan, &closure);
  if (closure.closed)
    {
      g_set_error (error, TG_CLI_ERROR, TG_CLI_ERROR_FAILED,
                   "PLAN_ID: care plan %s is closed (%s); %s needs an open plan",
                   plan_id, tg_plan_outcome_to_string (closure.outcome), command);
      return NULL;
    }
  return g_steal_pointer (&plan);
}

/* The --on option: a day that has happened, today when not given, not
 * before the plan started. Returns the canonical date or NULL. */
static char *
read_on_date (TgCliArgs       *args,
              const TgRecord  *plan,
              GError         **error)
{
  const char *on = _tg_cli_args_get (args, "on");
  g_autofree char *canonical = NULL;

  if (on == NULL)
    return _tg_cli_today_iso ();
  canonical = tg_validate_date ("--on", on, error);
  if (canonical == NULL
      || !_tg_cli_check_not_future ("--on", canonical, error)
      || (plan != NULL
          && !_tg_cli_check_order ("start_date", tg_record_get (plan, "start_date"),
                                   "--on", canonical, error)))
    return NULL;
  return g_steal_pointer (&canonical);
}

/* Checks @value against the choices of care_plan's @field, naming
 * @option. */
static gboolean
check_choice (const char  *field_name,
              const char  *option,
              const char  *value,
              GError     **error)
{
  const TgFieldDef *field = tg_schema_lookup_field (tg_schema_lookup_entity ("care_plan"),
                                                    field_name);
  g_autofree char *choices = g_strjoinv (", ", (char **) field->choices);

  if (g_strv_contains (field->choices, value))
    return TRUE;
  g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_CHOICE,
               "%s: “%s” is not one of %s", option, value, choices);
  return FALSE;
}

static gboolean
update_plan (TgCli        *cli,
             TgStore      *store,
             const char   *plan_id,
             const char  **fields,
             const char  **values,
             guint         n_fields,
             GError      **error)
{
  if (!tg_store_update (store, "care_plan", plan_id,
                        (const char * const *) fields, (const char * const *) values,
                        n_fields, error))
    return FALSE;
  return _tg_cli_print_stored_record (cli->json, store, "care_plan", plan_id, error);
}

static gboolean
care_plan_review (TgCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  static const TgCliOption options[] = { { "reason", TRUE }, { "on", TRUE }, { NULL } };
  static const char * const positional[] = { "PLAN_ID", NULL };
  const char *command = "care-plan review";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) plan = NULL;
  g_autofree char *on = NULL;
  const char *reason;
  const char *plan_id;
  GDate requested;
  GDate day;

  args = _tg_cli_args_parse_exact (cli, command, argc, argv, options, positional, error);
  if (args == NULL)
    return FALSE;
  plan_id = g_ptr_array_index (args->positional, 0);
  reason = _tg_cli_args_require (args, command, "reason", error);
  if (reason == NULL || !check_choice ("review_reason", "--reason", reason, error))
    return FALSE;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  plan = require_open_plan (store, plan_id, command, error);
  if (plan == NULL)
    return FALSE;
  on = read_on_date (args, plan, error);
  if (on == NULL
      || !_tg_cli_check_order ("last_reviewed_on", tg_record_get (plan, "last_reviewed_on"),
                               "--on", on, error))
    return FALSE;

  /* A review answers a request made on or before its day; one asked for
   * later (a key event after a back-dated review) still stands, and is
   * not to be overwritten by this review's reason. */
  tg_date_parse_iso (on, &day);
  if (tg_rules_record_date (plan, "review_due", &requested)
      && g_date_compare (&requested, &day) > 0)
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
                   "--on: a review was asked for on %s (%s); record the review held on or after it",
                   tg_record_get (plan, "review_due"),
                   tg_record_get (plan, "review_reason") ?: "scheduled");
      return FALSE;
    }

  {
    const char *fields[] = { "last_reviewed_on", "review_due", "review_reason" };
    const char *values[] = { on, on, reason };

    return update_plan (cli, store, plan_id, fields, values, G_N_ELEMENTS (fields), error);
  }
}

static gboolean
care_plan_event (TgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  static const TgCliOption options[] = { { "kind", TRUE }, { "on", TRUE }, { NULL } };
  static const char * const positional[] = { "PLAN_ID", NULL };
  static const char * const events[] = { "arrest", "breach", "disengagement", NULL };
  const char *command = "care-plan event";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) plan = NULL;
  g_autofree char *on = NULL;
  const char *kind;
  const char *plan_id;

  args = _tg_cli_args_parse_exact (cli, command, argc, argv, options, positional, error);
  if (args == NULL)
    return FALSE;
  plan_id = g_ptr_array_index (args->positional, 0);
  kind = _tg_cli_args_require (args, command, "kind", error);
  if (kind == NULL)
    return FALSE;
  if (!g_strv_contains (events, kind))
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_CHOICE,
                   "--kind: “%s” is not one of arrest, breach, disengagement", kind);
      return FALSE;
    }

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  plan = require_open_plan (store, plan_id, command, error);
  if (plan == NULL)
    return FALSE;
  on = read_on_date (args, plan, error);
  if (on == NULL)
    return FALSE;

  {
    const char *fields[] = { "review_due", "review_reason" };
    const char *values[] = { on, kind };

    return update_plan (cli, store, plan_id, fields, values, G_N_ELEMENTS (fields), error);
  }
}

static gboolean
care_plan_close (TgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  static const TgCliOption options[] = { { "outcome", TRUE }, { "on", TRUE }, { NULL } };
  static const char * const positional[] = { "PLAN_ID", NULL };
  const char *command = "care-plan close";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) plan = NULL;
  g_autofree char *on = NULL;
  const char *outcome;
  const char *plan_id;

  args = _tg_cli_args_parse_exact (cli, command, argc, argv, options, positional, error);
  if (args == NULL)
    return FALSE;
  plan_id = g_ptr_array_index (args->positional, 0);
  outcome = _tg_cli_args_require (args, command, "outcome", error);
  if (outcome == NULL || !check_choice ("outcome", "--outcome", outcome, error))
    return FALSE;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  plan = require_open_plan (store, plan_id, command, error);
  if (plan == NULL)
    return FALSE;
  on = read_on_date (args, plan, error);
  if (on == NULL)
    return FALSE;

  {
    const char *fields[] = { "outcome", "closed_on" };
    const char *values[] = { outcome, on };

    return update_plan (cli, store, plan_id, fields, values, G_N_ELEMENTS (fields), error);
  }
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const TgRecord *left = *(const TgRecord * const *) a;
  const TgRecord *right = *(const TgRecord * const *) b;
  int order = g_strcmp0 (tg_record_get (left, "start_date"), tg_record_get (right, "start_date"));

  return order != 0 ? order : strcmp (left->id, right->id);
}

static gboolean
care_plan_list (TgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(TgCliTable) table = NULL;
  g_autoptr(TgCliTable) goal_table = NULL;
  const char *client_id;
  GDate today;

  store = _tg_cli_open_store_for_id (cli, "care-plan list", argc, argv,
                                     "client", "CLIENT_ID", &client_id, error);
  if (store == NULL)
    return FALSE;
  plans = tg_store_list (store, "care_plan", "client_id", client_id, FALSE, error);
  if (plans == NULL)
    return FALSE;
  g_ptr_array_sort (plans, compare_start);
  _tg_cli_today (&today);

  table = _tg_cli_table_new ("ID", "START", "END", "REVIEW", "DUE", "REASON", "OUTCOME", "CLOSED", NULL);
  goal_table = _tg_cli_table_new ("PLAN", "GOAL", "WHAT", "MEASURE", "TARGET", "STATUS", "CHECK", NULL);
  json_builder_begin_array (builder);
  for (guint i = 0; i < plans->len; i++)
    {
      const TgRecord *plan = g_ptr_array_index (plans, i);
      g_autoptr(GPtrArray) goals = NULL;
      g_autofree char *due = NULL;
      TgCareReview review;

      goals = tg_store_list (store, "care_goal", "care_plan_id", plan->id, FALSE, error);
      if (goals == NULL)
        return FALSE;
      tg_care_plan_review (plan, 0, &today, &review);
      due = _tg_cli_date_text (&review.due);

      _tg_cli_table_add (table, plan->id, tg_record_get (plan, "start_date"),
                         tg_record_get (plan, "end_date"),
                         tg_review_state_to_string (review.state), due,
                         review.state != TG_REVIEW_NONE ? review.reason : NULL,
                         tg_record_get (plan, "outcome"), tg_record_get (plan, "closed_on"));

      json_builder_begin_object (builder);
      _tg_cli_builder_add_record_members (builder, plan, FALSE);
      json_builder_set_member_name (builder, "review");
      json_builder_begin_object (builder);
      _tg_cli_add_string (builder, "state", tg_review_state_to_string (review.state));
      if (review.state != TG_REVIEW_NONE)
        {
          _tg_cli_add_string (builder, "due", due);
          _tg_cli_add_string (builder, "reason", review.reason);
          json_builder_set_member_name (builder, "days_until_due");
          json_builder_add_int_value (builder, review.days_until_due);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "goals");
      json_builder_begin_array (builder);
      for (guint j = 0; j < goals->len; j++)
        {
          const TgRecord *goal = g_ptr_array_index (goals, j);
          TgGoalProblems problems = tg_care_goal_check (goal, plan, &today);
          const char *check = (problems & TG_GOAL_OVERDUE) ? "overdue"
                              : problems != TG_GOAL_OK ? "not_smart" : "ok";

          _tg_cli_builder_add_record (builder, goal, FALSE);
          _tg_cli_table_add (goal_table, plan->id, goal->id, tg_record_get (goal, "what"),
                             tg_record_get (goal, "measure"), tg_record_get (goal, "target_date"),
                             tg_record_get (goal, "status"), check);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (cli->json)
    {
      _tg_cli_print_builder (builder);
      return TRUE;
    }
  _tg_cli_table_print (table);
  fputs ("\nGoals\n", stdout);
  _tg_cli_table_print (goal_table);
  return TRUE;
}

static gboolean
goal_add (TgCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  static const char * const positional[] = { "PLAN_ID", NULL };
  static const char * const fixed[] = { "care_plan_id", NULL };
  static const TgCliAlias aliases[] = { { "target", "target_date" }, { NULL } };
  const char *command = "goal add";
  g_autoptr(TgCliArgs) args = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(TgStore) store = NULL;
  g_autoptr(TgRecord) plan = NULL;
  g_autoptr(TgRecord) goal = NULL;
  const char *plan_id;
  GDate today;

  args = _tg_cli_args_parse (cli, command, argc, argv, NULL, TRUE, error);
  if (args == NULL
      || !_tg_cli_args_expect (args, command, positional, FALSE, error)
      || !_tg_cli_options_to_fields (command, "care_goal", args, aliases, fixed,
                                     fields, values, error))
    return FALSE;
  plan_id = g_ptr_array_index (args->positional, 0);

  /* SMART: what, how it is measured and by when are all asked for. */
  if (!_tg_cli_field_require (command, fields, values, "what", error)
      || !_tg_cli_field_require (command, fields, values, "measure", error)
      || !_tg_cli_field_require (command, fields, values, "target_date", error))
    return FALSE;
  _tg_cli_field_default (fields, values, "status", "not_started");
  goal = _tg_cli_record_from_fields ("care_goal", fields, values, error);
  if (goal == NULL)
    return FALSE;

  store = _tg_cli_open_store (cli, error);
  if (store == NULL)
    return FALSE;
  plan = require_open_plan (store, plan_id, command, error);
  if (plan == NULL)
    return FALSE;
  _tg_cli_today (&today);
  if (tg_care_goal_check (goal, plan, &today) & TG_GOAL_TARGET_AFTER_END)
    {
      g_set_error (error, TG_VALIDATION_ERROR, TG_VALIDATION_ERROR_DATE,
                   "target_date: %s is after the plan's end date %s",
                   tg_record_get (goal, "target_date"), tg_record_get (plan, "end_date"));
      return FALSE;
    }

  _tg_cli_field_put (fields, values, "care_plan_id", plan_id);
  return _tg_cli_insert_record (cli, store, "care_goal", fields, values, error);
}

static gboolean
goal_set (TgCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  static const char * const managed[] = { "care_plan_id", NULL };

  return _tg_cli_set_record (cli, "goal set", "care_goal", "GOAL_ID", managed,
                             argc, argv, error);
}

gboolean
_tg_cli_care_plan (TgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "add", care_plan_add },
    { "review", care_plan_review },
    { "event", care_plan_event },
    { "close", care_plan_close },
    { "list", care_plan_list },
  };

  return _tg_cli_run_subcommand (cli, "care-plan", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}

gboolean
_tg_cli_goal (TgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  static const TgCliSubcommand subcommands[] = {
    { "add", goal_add },
    { "set", goal_set },
  };

  return _tg_cli_run_subcommand (cli, "goal", subcommands,
                                 G_N_ELEMENTS (subcommands), argc, argv, error);
}
