/* tg-load.c: row 7 of bench/run, the server under many devices at once.
 *
 *   tg-load [--spread SECONDS] [--seed N] URL CA_FILE PIN CODES_FILE CHANGES_PER_DEVICE
 *
 * CODES_FILE holds one enrolment code and its team per line, separated by
 * a tab (made with `throughgate-server enroll-code`). One process plays
 * every device, speaking the wire format with src/common's encoder over
 * HTTPS (libcurl multi, the certificate checked against CA_FILE and its
 * key against PIN, as a device does):
 *
 *   1. every device enrols (POST /v1/enroll), all at once;
 *   2. every device opens its own TLS connection (GET /v1/health), so the
 *      handshakes, which cost this process as much as the server, are done
 *      before the clock starts;
 *   3. every device pushes CHANGES_PER_DEVICE field changes of new clients
 *      of its team in one sync (cursor 0), each on its own connection: all
 *      started at once (a burst, the default), or with --spread, each at a
 *      uniformly random offset within SECONDS, as devices whose sync timers
 *      are not in step. The offsets come from --seed (1 unless given), so a
 *      run can be repeated; the seed is printed.
 *
 * Prints "name value" lines: the latency of each sync of step 3 from its
 * start to its last byte (p50, p99, max), the wall time of step 3, and the
 * errors (transport failures and answers other than 200) of all steps.
 * Nothing here asserts on time.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "tg-change.h"
#include "tg-hlc.h"
#include "tg-schema.h"
#include "tg-wire.h"

/* Ten fields of a client a worker's device may write; "team" is the
 * device's own, so every client is in its scope. */
static const char * const client_fields[] = {
  "given_name", "family_name", "preferred_name", "team", "establishment",
  "key_worker", "care_coordinator", "date_of_birth", "treatment_start",
  "consent_to_share_date",
};
#define N_FIELDS G_N_ELEMENTS (client_fields)

typedef struct {
  char              *code;
  char              *team;
  gint64             node_id;
  char              *token;
  CURL              *curl;
  struct curl_slist *headers;
  GByteArray        *reply;
  GBytes            *request;    /* kept alive while curl sends it */
  double             start_ms;   /* after the step's start */
  double             ms;         /* of the last exchange */
  long               status;
} Device;

static const char *server_url;
static const char *ca_file;
static const char *pin;
static guint errors;
static double spread_s;
static gint64 offset_seed = 1;

static size_t
write_cb (char *data, size_t size, size_t n, void *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) data, (guint) (size * n));
  return size * n;
}

/* Sets up @device's next exchange: GET when @body is NULL, else POST. */
static void
prepare (Device     *device,
         const char *path,
         GBytes     *body)
{
  g_autofree char *url = g_strconcat (server_url, path, NULL);
  CURL *curl = device->curl;

  g_clear_pointer (&device->headers, curl_slist_free_all);
  g_clear_pointer (&device->request, g_bytes_unref);
  g_byte_array_set_size (device->reply, 0);
  device->headers = curl_slist_append (NULL, "Expect:");
  if (device->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Authorization: Bearer ", device->token, NULL);

      device->headers = curl_slist_append (device->headers, auth);
    }

  curl_easy_reset (curl);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CAINFO, ca_file);
  curl_easy_setopt (curl, CURLOPT_PINNEDPUBLICKEY, pin);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 120L);
  /* Gzip'ed answers, as a device takes them (unpacked by curl here). */
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, device->reply);
  curl_easy_setopt (curl, CURLOPT_PRIVATE, device);
  if (body != NULL)
    {
      gsize length;
      gconstpointer data;

      device->request = g_bytes_ref (body);
      data = g_bytes_get_data (body, &length);
      device->headers = curl_slist_append (device->headers, "Content-Type: application/json");
      curl_easy_setopt (curl, CURLOPT_POST, 1L);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) length);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, data);
    }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, device->headers);
}

static int
cmp_start (gconstpointer a, gconstpointer b)
{
  const Device *x = *(Device * const *) a, *y = *(Device * const *) b;

  return x->start_ms < y->start_ms ? -1 : x->start_ms > y->start_ms;
}

/* Runs every prepared exchange, each start_ms after the step's start
 * (all 0: all at once); returns the wall time in ms. Each latency is
 * curl's, from the exchange's own start. */
static double
run_all (CURLM     *multi,
         GPtrArray *devices,
         const char *step)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_sized_new (devices->len);
  gint64 t0 = g_get_monotonic_time ();
  guint next = 0;
  int running = 0;
  CURLMsg *msg;
  int left;

  for (guint i = 0; i < devices->len; i++)
    g_ptr_array_add (queue, devices->pdata[i]);
  g_ptr_array_sort (queue, cmp_start);
  do
    {
      double now_ms = (g_get_monotonic_time () - t0) / 1000.0;
      int wait_ms = 1000;

      for (; next < queue->len && ((Device *) queue->pdata[next])->start_ms <= now_ms; next++)
        curl_multi_add_handle (multi, ((Device *) queue->pdata[next])->curl);
      if (next < queue->len)
        wait_ms = (int) CLAMP (((Device *) queue->pdata[next])->start_ms - now_ms + 1, 1, 1000);
      curl_multi_perform (multi, &running);
      if (running > 0 || next < queue->len)
        curl_multi_poll (multi, NULL, 0, wait_ms, NULL);
    }
  while (running > 0 || next < queue->len);

  while ((msg = curl_multi_info_read (multi, &left)) != NULL)
    {
      Device *device = NULL;
      curl_off_t total = 0;

      if (msg->msg != CURLMSG_DONE)
        continue;
      curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &device);
      curl_easy_getinfo (msg->easy_handle, CURLINFO_TOTAL_TIME_T, &total);
      curl_easy_getinfo (msg->easy_handle, CURLINFO_RESPONSE_CODE, &device->status);
      device->ms = total / 1000.0;
      if (msg->data.result != CURLE_OK || device->status != 200)
        {
          if (errors < 5)
            g_printerr ("tg-load: %s: %s, HTTP %ld\n", step,
                        curl_easy_strerror (msg->data.result), device->status);
          errors++;
          device->status = 0;
        }
    }
  for (guint i = 0; i < devices->len; i++)
    curl_multi_remove_handle (multi, ((Device *) devices->pdata[i])->curl);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
enroll_all (CURLM     *multi,
            GPtrArray *devices)
{
  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = devices->pdata[i];
      g_autoptr(GError) error = NULL;
      TgEnrollRequest request = { device->code, (char *) "load device", 0 };
      g_autoptr(GBytes) body = NULL;

      device->node_id = tg_node_id_new (&error);
      if (device->node_id == 0)
        g_error ("node id: %s", error->message);
      request.node_id = device->node_id;
      body = tg_wire_encode_enroll_request (&request);
      prepare (device, "/v1/enroll", body);
    }
  run_all (multi, devices, "enrol");

  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = devices->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) json = NULL;
      g_autoptr(TgEnrollReply) reply = NULL;

      if (device->status != 200)
        continue;
      json = g_bytes_new (device->reply->data, device->reply->len);
      reply = tg_wire_decode_enroll_reply (json, &error);
      if (reply == NULL)
        {
          g_printerr ("tg-load: enrol reply: %s\n", error->message);
          errors++;
          continue;
        }
      device->token = g_strdup (reply->token);
    }
}

static GBytes *
sync_request (Device *device,
              guint   n_changes,
              guint   seed)
{
  const TgEntityDef *client = tg_schema_lookup_entity ("client");
  g_autoptr(TgSyncRequest) request = tg_sync_request_new ();
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  char *id = NULL;

  request->batch = g_uuid_string_random ();
  request->cursor = 0;
  request->device_time = (gint64) ms;
  request->pull_limit = 2000;
  for (guint i = 0; i < n_changes; i++)
    {
      const TgFieldDef *field = tg_schema_lookup_field (client, client_fields[i % N_FIELDS]);
      TgVersion version = { tg_hlc_pack (ms, i), device->node_id };
      g_autofree char *value = NULL;

      if (i % N_FIELDS == 0)
        {
          g_free (id);
          id = g_uuid_string_random ();
        }
      if (g_str_equal (field->name, "team"))
        value = g_strdup (device->team);
      else if (g_str_has_suffix (field->name, "_date") || g_str_equal (field->name, "date_of_birth") ||
               g_str_equal (field->name, "treatment_start"))
        value = g_strdup_printf ("19%02u-%02u-%02u", 60 + seed % 40, 1 + i % 12, 1 + i % 28);
      else
        value = g_strdup_printf ("Load %u %u", seed, i);
      g_ptr_array_add (request->changes, tg_change_new (field, id, value, &version));
    }
  g_free (id);
  return tg_wire_encode_sync_request (request);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank. */
static double
percentile (const double *sorted, guint n, double p)
{
  guint rank = (guint) (p * n + 0.999999);

  return n == 0 ? 0 : sorted[CLAMP (rank, 1, n) - 1];
}

static void
device_free (Device *device)
{
  curl_easy_cleanup (device->curl);
  g_clear_pointer (&device->headers, curl_slist_free_all);
  g_clear_pointer (&device->request, g_bytes_unref);
  g_byte_array_unref (device->reply);
  g_free (device->code);
  g_free (device->team);
  g_free (device->token);
  g_free (device);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("URL CA_FILE PIN CODES_FILE CHANGES_PER_DEVICE");
  const GOptionEntry entries[] = {
    { "spread", 0, 0, G_OPTION_ARG_DOUBLE, &spread_s,
      "Start each device's sync at a random offset within SECONDS (0: all at once)", "SECONDS" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &offset_seed, "Seed of the offsets (default 1)", "N" },
    { NULL }
  };
  g_autoptr(GRand) rand = NULL;
  g_autofree char *codes = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree double *ms = NULL;
  guint n_changes, n = 0;
  double wall;
  CURLM *multi;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 6 || spread_s < 0)
    {
      g_printerr ("usage: tg-load [--spread SECONDS] [--seed N] URL CA_FILE PIN CODES_FILE CHANGES_PER_DEVICE\n");
      return 2;
    }
  server_url = argv[1];
  ca_file = argv[2];
  pin = argv[3];
  n_changes = (guint) atoi (argv[5]);
  if (!g_file_get_contents (argv[4], &codes, NULL, &error))
    g_error ("%s", error->message);

  lines = g_strsplit (codes, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "\t", 2);
      Device *device;

      if (g_strv_length (parts) != 2)
        continue;
      device = g_new0 (Device, 1);
      device->code = g_strdup (parts[0]);
      device->team = g_strdup (parts[1]);
      device->curl = curl_easy_init ();
      device->reply = g_byte_array_new ();
      g_ptr_array_add (devices, device);
    }

  curl_global_init (CURL_GLOBAL_DEFAULT);
  multi = curl_multi_init ();
  /* One connection per device, all kept between the steps. */
  curl_multi_setopt (multi, CURLMOPT_MAXCONNECTS, (long) devices->len + 8);
  curl_multi_setopt (multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);

  enroll_all (multi, devices);
  for (guint i = 0; i < devices->len; i++)
    prepare (devices->pdata[i], "/v1/health", NULL);
  run_all (multi, devices, "connect");

  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = devices->pdata[i];
      g_autoptr(GBytes) body = sync_request (device, n_changes, i);

      prepare (device, "/v1/sync", body);
    }
  /* Drawn in the codes file's order, so a seed gives the same offsets to
   * the same devices. */
  rand = g_rand_new_with_seed ((guint32) offset_seed);
  for (guint i = 0; i < devices->len; i++)
    ((Device *) devices->pdata[i])->start_ms = g_rand_double (rand) * spread_s * 1000.0;
  wall = run_all (multi, devices, "sync");

  ms = g_new0 (double, devices->len);
  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = devices->pdata[i];

      if (device->status == 200)
        ms[n++] = device->ms;
    }
  qsort (ms, n, sizeof *ms, cmp_double);
  printf ("load_devices %u\n", devices->len);
  printf ("load_changes_per_device %u\n", n_changes);
  printf ("load_spread_s %g\n", spread_s);
  printf ("load_seed %" G_GINT64_FORMAT "\n", offset_seed);
  printf ("load_synced %u\n", n);
  printf ("load_p50_ms %.1f\n", percentile (ms, n, 0.50));
  printf ("load_p99_ms %.1f\n", percentile (ms, n, 0.99));
  printf ("load_max_ms %.1f\n", n > 0 ? ms[n - 1] : 0);
  printf ("load_wall_ms %.1f\n", wall);
  printf ("load_errors %u\n", errors);

  curl_multi_cleanup (multi);
  curl_global_cleanup ();
  return n > 0 ? 0 : 1;
}
