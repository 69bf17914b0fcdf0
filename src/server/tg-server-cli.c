/* tg-server-cli.c: throughgate-server's commands.
 *
 *   throughgate-server --data-dir DIR --store-key-file F COMMAND [OPTIONS]
 *
 * The global options come before the command and each command parses its
 * own. Results go to stdout (a table, or JSON with --json); errors go to
 * stderr with exit status 1, or 2 for a wrong command line.
 */
#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tg-server.h"
#include "tg-server-cli.h"
#include "tg-server-private.h"

#define EXIT_USAGE 2

typedef struct {
  char *data_dir;
  char *key_file;
} Globals;

static void
globals_clear (Globals *globals)
{
  g_clear_pointer (&globals->data_dir, g_free);
  g_clear_pointer (&globals->key_file, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Globals, globals_clear)

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("throughgate-server: %s\n", message);
  return EXIT_USAGE;
}

static int
fail (const GError *error)
{
  g_printerr ("throughgate-server: %s\n", error->message);
  return EXIT_FAILURE;
}

/* Parses a command's options; on return argv holds the command word and
 * its positional arguments. */
static gboolean
parse_command (const char    *parameters,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, TRUE);
  return g_option_context_parse (context, argc, argv, error);
}

static TgStore *
open_store (const Globals  *globals,
            GError        **error)
{
  g_autoptr(TgStore) store = tg_store_open_with_key_file (globals->data_dir,
                                                          globals->key_file, error);

  if (store == NULL || !_tg_server_db_init (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* serve */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_listen (const char  *listen,
              char       **host,
              guint       *port)
{
  const char *colon = strrchr (listen, ':');
  guint64 number;

  if (colon == NULL || colon == listen ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &number, NULL))
    return FALSE;
  if (listen[0] == '[' && colon[-1] == ']')
    *host = g_strndup (listen + 1, colon - listen - 2);
  else
    *host = g_strndup (listen, colon - listen);
  *port = (guint) number;
  return **host != '\0';
}

static int
run_serve (const Globals  *globals,
           int             argc,
           char          **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  double device_rate = TG_SERVER_DEVICE_RATE;
  double device_burst = TG_SERVER_DEVICE_BURST;
  double enroll_rate = TG_SERVER_ENROLL_PER_MINUTE;
  int idle_lock_max = 0;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      "Address and port to listen on (port 0: any free one)", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_file,
      "PEM certificate, with its chain", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      "PEM private key of the certificate", "FILE" },
    { "device-rate", 0, 0, G_OPTION_ARG_DOUBLE, &device_rate,
      "Requests a second each device may make (default 10)", "N" },
    { "device-burst", 0, 0, G_OPTION_ARG_DOUBLE, &device_burst,
      "Requests a device may make at once (default 20)", "N" },
    { "enroll-rate", 0, 0, G_OPTION_ARG_DOUBLE, &enroll_rate,
      "Failed enrolments a minute from one address (default 5)", "N" },
    { "idle-lock-max", 0, 0, G_OPTION_ARG_INT, &idle_lock_max,
      "Policy: devices lock after at most this many idle seconds (default: no policy)", "SECONDS" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(TgServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *host = NULL;
  g_autofree char *shown_host = NULL;
  guint port = 0;
  guint term_id, int_id;

  if (!parse_command ("- serve the sync protocol over HTTPS", entries, &argc, &argv, &error))
    return usage_error ("serve: %s", error->message);
  if (argc > 1)
    return usage_error ("serve: unexpected argument “%s”", argv[1]);
  if (listen == NULL || cert_file == NULL || key_file == NULL)
    return usage_error ("serve: --listen, --tls-cert and --tls-key are required");
  if (!parse_listen (listen, &host, &port))
    return usage_error ("serve: --listen takes HOST:PORT, not “%s”", listen);
  if (device_rate <= 0 || device_burst < 1 || enroll_rate <= 0)
    return usage_error ("serve: the rates must be positive and the burst at least 1");
  if (idle_lock_max < 0 || idle_lock_max > TG_WIRE_MAX_IDLE_LOCK_SECONDS)
    return usage_error ("serve: --idle-lock-max takes 1 to %d seconds", TG_WIRE_MAX_IDLE_LOCK_SECONDS);

  store = open_store (globals, &error);
  if (store == NULL)
    return fail (error);
  certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  if (certificate == NULL)
    {
      g_printerr ("throughgate-server: tls-cert/tls-key: %s\n", error->message);
      return EXIT_FAILURE;
    }
  server = tg_server_new (store, certificate, &error);
  if (server == NULL)
    return fail (error);
  tg_server_set_limits (server, device_rate, device_burst, enroll_rate);
  tg_server_set_policy (server, (guint) idle_lock_max);
  if (!tg_server_listen (server, host, port, &error))
    {
      g_printerr ("throughgate-server: listen: %s\n", error->message);
      return EXIT_FAILURE;
    }

  shown_host = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  g_message ("Key pin %s", tg_server_get_pin (server));
  g_message ("Listening on https://%s:%u", shown_host, tg_server_get_port (server));
  /* The same two lines on stdout, for whoever started the server: the
   * pin goes to the people enrolling devices. */
  g_print ("pin %s\n", tg_server_get_pin (server));
  g_print ("listening on https://%s:%u\n", shown_host, tg_server_get_port (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  int_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (term_id);
  g_source_remove (int_id);
  g_message ("Stopped");
  return EXIT_SUCCESS;
}

/* enroll-code */

static int
run_enroll_code (const Globals  *globals,
                 int             argc,
                 char          **argv)
{
  g_autofree char *role_text = NULL;
  g_autofree char *team = NULL;
  g_autofree char *name = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, "worker, mentor or lead", "ROLE" },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, "The team, exactly as on its clients", "TEAM" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Whom the code is for", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autofree char *code = NULL;
  g_autofree char *expires = NULL;
  TgServerRole role;

  if (!parse_command ("- make a one-time enrolment code", entries, &argc, &argv, &error))
    return usage_error ("enroll-code: %s", error->message);
  if (argc > 1)
    return usage_error ("enroll-code: unexpected argument “%s”", argv[1]);
  if (role_text == NULL || team == NULL || name == NULL)
    return usage_error ("enroll-code: --role, --team and --name are required");
  if (!_tg_server_role_from_string (role_text, &role))
    return usage_error ("role: “%s” is not worker, mentor or lead", role_text);

  store = open_store (globals, &error);
  if (store == NULL)
    return fail (error);
  code = _tg_server_devices_new_code (store, role, team, name, &expires, &error);
  if (code == NULL)
    return g_error_matches (error, TG_WIRE_ERROR, TG_WIRE_ERROR_BAD_REQUEST)
             ? usage_error ("%s", error->message) : fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_member (builder, "code", code);
      add_member (builder, "role", role_text);
      add_member (builder, "team", team);
      add_member (builder, "name", name);
      add_member (builder, "expires_at", expires);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_print ("%s\n", code);
      g_printerr ("Give this code and the server's key pin to %s; it works once, until %s.\n",
                  name, expires);
    }
  return EXIT_SUCCESS;
}

/* revoke */

static int
run_revoke (const Globals  *globals,
            int             argc,
            char          **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  gboolean already = FALSE;

  if (!parse_command ("DEVICE_ID - revoke a device", entries, &argc, &argv, &error))
    return usage_error ("revoke: %s", error->message);
  if (argc != 2)
    return usage_error ("revoke: takes one DEVICE_ID");

  store = open_store (globals, &error);
  if (store == NULL)
    return fail (error);
  if (!_tg_server_devices_revoke (store, argv[1], &already, &error))
    return fail (error);
  if (!already)
    g_message ("Revoked device %s", argv[1]);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_member (builder, "device_id", argv[1]);
      json_builder_set_member_name (builder, "already_revoked");
      json_builder_add_boolean_value (builder, already);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else if (already)
    g_print ("Device %s was already revoked\n", argv[1]);
  else
    g_print ("Revoked device %s; it wipes its data on its next request\n", argv[1]);
  return EXIT_SUCCESS;
}

/* devices */

static int
run_devices (const Globals  *globals,
             int             argc,
             char          **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TgStore) store = NULL;
  g_autoptr(GPtrArray) devices = NULL;

  if (!parse_command ("- list enrolled devices", entries, &argc, &argv, &error))
    return usage_error ("devices: %s", error->message);
  if (argc > 1)
    return usage_error ("devices: unexpected argument “%s”", argv[1]);

  store = open_store (globals, &error);
  if (store == NULL)
    return fail (error);
  devices = _tg_server_devices_list (store, &error);
  if (devices == NULL)
    return fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < devices->len; i++)
        {
          TgServerDevice *device = devices->pdata[i];
          g_autofree char *node = g_strdup_printf ("%016" G_GINT64_MODIFIER "x", device->node_id);

          json_builder_begin_object (builder);
          add_member (builder, "device_id", device->device_id);
          add_member (builder, "node", node);
          add_member (builder, "role", _tg_server_role_to_string (device->role));
          add_member (builder, "team", device->team);
          add_member (builder, "name", device->name);
          add_member (builder, "device_name", device->device_name);
          add_member (builder, "enrolled_at", device->enrolled_at);
          add_member (builder, "last_seen", device->last_seen);
          add_member (builder, "revoked_at", device->revoked_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_SUCCESS;
    }

  g_print ("%-36s  %-6s  %-20s  %-20s  %-20s  %-20s  %s\n",
           "DEVICE ID", "ROLE", "TEAM", "NAME", "ENROLLED", "LAST SEEN", "STATUS");
  for (guint i = 0; i < devices->len; i++)
    {
      TgServerDevice *device = devices->pdata[i];

      g_print ("%-36s  %-6s  %-20s  %-20s  %-20s  %-20s  %s\n",
               device->device_id, _tg_server_role_to_string (device->role),
               device->team, device->name, device->enrolled_at,
               device->last_seen != NULL ? device->last_seen : "never",
               device->revoked_at != NULL ? "revoked" : "active");
    }
  return EXIT_SUCCESS;
}

static const struct {
  const char *name;
  int       (*run) (const Globals *globals, int argc, char **argv);
} commands[] = {
  { "serve", run_serve },
  { "enroll-code", run_enroll_code },
  { "revoke", run_revoke },
  { "devices", run_devices },
};

int
tg_server_cli_run (int    argc,
                   char **argv)
{
  g_auto(Globals) globals = { NULL, NULL };
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &globals.data_dir,
      "The server's data directory", "DIR" },
    { "store-key-file", 0, 0, G_OPTION_ARG_FILENAME, &globals.key_file,
      "File holding the store key (mode 0600)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("COMMAND [OPTIONS]");
  g_autoptr(GError) error = NULL;

  /* stdout carries results (and serve's pin and address); every log
   * line, g_info() included, goes to stderr, which systemd's journal
   * takes. */
  g_log_writer_default_set_use_stderr (TRUE);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Commands:\n"
                                "  serve --listen HOST:PORT --tls-cert F --tls-key F\n"
                                "  enroll-code --role worker|mentor|lead --team TEAM --name NAME\n"
                                "  revoke DEVICE_ID\n"
                                "  devices [--json]");
  /* Options after the command word are the command's. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc < 2)
    return usage_error ("a command is required: serve, enroll-code, revoke or devices");
  if (globals.data_dir == NULL || globals.key_file == NULL)
    return usage_error ("--data-dir and --store-key-file are required");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (&globals, argc - 1, argv + 1);
  return usage_error ("unknown command “%s”", argv[1]);
}
