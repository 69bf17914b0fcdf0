/* tg-store.h: the encrypted device store.
 *
 * A TgStore is one SQLCipher database in a data directory, opened with a
 * random 256-bit key that lives PIN-sealed in the keyring. Every field write
 * stamps the field with a fresh (hlc, node_id) version and records a pending
 * change for sync, in the same transaction as the value.
 *
 * A TgStore is not thread-safe: use it from one thread at a time.
 */
#pragma once

#include <glib-object.h>

#include "tg-record.h"
#include "tg-store-error.h"

G_BEGIN_DECLS

#define TG_STORE_SCHEMA_VERSION 4

#define TG_TYPE_STORE (tg_store_get_type ())
G_DECLARE_FINAL_TYPE (TgStore, tg_store, TG, STORE, GObject)

/* A release due in the gate list, joined from the client and their plan.
 * Whether the person is likely out a working day earlier is the release
 * rule's, which needs more than the date: tg_gate_entry_earlier_release()
 * in src/rules decides from the date, the release type and the sentence
 * start. */
typedef struct {
  char     *client_id;
  char     *given_name;
  char     *family_name;
  char     *prison_number;
  char     *establishment;
  char     *release_date;       /* confirmed, else ARD, else CRD */
  char     *release_time;
  char     *gate;
  char     *pickup_mentor;
  char     *pickup_status;
  char     *release_type;       /* standard, hdc, indeterminate, parole_board */
  char     *sentence_start;     /* for the 28 days served */
} TgGateEntry;

void tg_gate_entry_free (TgGateEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgGateEntry, tg_gate_entry_free)

/* Wrong PINs in a row after which opening wipes the store (DESIGN §5). */
#define TG_STORE_MAX_FAILED_UNLOCKS 10

/* Lifecycle. */
gboolean    tg_store_exists        (const char  *data_dir);
TgStore    *tg_store_create        (const char  *data_dir,
                                    const char  *pin,
                                    const char  *worker,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
TgStore    *tg_store_open          (const char  *data_dir,
                                    const char  *pin,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The server's store: keyed from a file instead of the keyring, created
 * on first use. The file must hold exactly 32 raw bytes or 64 hex digits
 * (one trailing newline allowed) and must not be readable or writable by
 * group or others (docs/server.md). */
TgStore    *tg_store_open_with_key_file (const char  *data_dir,
                                         const char  *key_file,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Wrong PINs tried since the last good one, for the unlock screen's warning. */
guint       tg_store_get_failed_unlocks (const char *data_dir);
const char *tg_store_get_data_dir  (TgStore     *self);
const char *tg_store_get_db_path   (TgStore     *self);
const char *tg_store_get_id        (TgStore     *self);
gint64      tg_store_get_node_id   (TgStore     *self);
const char *tg_store_get_worker    (TgStore     *self);
guint       tg_store_get_schema_version (TgStore *self);
/* The connection's SQLite page cache, in KiB (16 MiB when opened). The app
 * keeps it small, as every cached page stays resident; the server and
 * bulk jobs keep the default. */
gboolean    tg_store_set_cache_kib (TgStore     *self,
                                    guint        kib,
                                    GError     **error);

/* Writing. Field names and values come in parallel arrays; every value is
 * validated against the schema before anything is written, and either all
 * fields are written or none. A NULL value clears the field. */
char       *tg_store_insert        (TgStore            *self,
                                    const char         *entity,
                                    const char * const *fields,
                                    const char * const *values,
                                    guint               n_fields,
                                    GError            **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    tg_store_update        (TgStore            *self,
                                    const char         *entity,
                                    const char         *id,
                                    const char * const *fields,
                                    const char * const *values,
                                    guint               n_fields,
                                    GError            **error);

/* The release plan of a client is created on its first write. */
gboolean    tg_store_set_release   (TgStore            *self,
                                    const char         *client_id,
                                    const char * const *fields,
                                    const char * const *values,
                                    guint               n_fields,
                                    GError            **error);

/* Signs a note as this store's worker; afterwards it is read-only. */
gboolean    tg_store_sign_note     (TgStore            *self,
                                    const char         *note_id,
                                    GError            **error);

/* Groups the writes between the two calls into one transaction: all of
 * them reach the disk together or none does, with one sync to disk. A
 * failed write inside rolls the whole batch back, later writes of the
 * batch fail, and tg_store_end_batch() reports it. Batches do not nest. */
gboolean    tg_store_begin_batch   (TgStore            *self,
                                    GError            **error);
gboolean    tg_store_end_batch     (TgStore            *self,
                                    GError            **error);
gboolean    tg_store_in_batch      (TgStore            *self);
/* Rolls back everything written since tg_store_begin_batch(). */
void        tg_store_abort_batch   (TgStore            *self);

/* Reading. Deleted records are left out of lists and searches. */
TgRecord   *tg_store_get           (TgStore            *self,
                                    const char         *entity,
                                    const char         *id,
                                    GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Records of @entity whose @field equals @value (both NULL: all of them),
 * in a stable order. Returns TgRecord elements. */
GPtrArray  *tg_store_list          (TgStore            *self,
                                    const char         *entity,
                                    const char         *field,
                                    const char         *value,
                                    gboolean            include_deleted,
                                    GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Clients matching every word of @text as a prefix of a name, prison
 * number, NHS number, PNC ID or CRN; NULL or empty text lists everyone.
 * Ordered by family then given name. Returns TgRecord elements. */
GPtrArray  *tg_store_search_clients (TgStore           *self,
                                     const char        *text,
                                     guint              limit,
                                     GError           **error) G_GNUC_WARN_UNUSED_RESULT;

/* Releases from @from for @days days, by date, time and name. */
GPtrArray  *tg_store_gate_list     (TgStore            *self,
                                    const GDate        *from,
                                    guint               days,
                                    GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Drafts: text being typed, kept encrypted and local until it becomes a
 * record. Saving replaces the draft under @key; NULL when there is none. */
gboolean    tg_store_save_draft    (TgStore            *self,
                                    const char         *key,
                                    const char         *body,
                                    GError            **error);
char       *tg_store_load_draft    (TgStore            *self,
                                    const char         *key,
                                    GError            **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    tg_store_clear_draft   (TgStore            *self,
                                    const char         *key,
                                    GError            **error);

/* Number of field changes not yet acknowledged by a server. */
gint64      tg_store_count_pending (TgStore            *self,
                                    GError            **error);

G_END_DECLS
