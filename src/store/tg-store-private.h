/* tg-store-private.h: what the store's source files share. */
#pragma once

#include <sqlite3.h>

#include "tg-change.h"
#include "tg-hlc.h"
#include "tg-key-wrap.h"
#include "tg-store.h"
#include "tg-store-sync.h"

G_BEGIN_DECLS

struct _TgStore
{
  GObject     parent_instance;

  /* Open connection, keyed; NULL only after finalize. */
  sqlite3    *db;

  char       *data_dir;
  char       *db_path;
  char       *store_id;        /* names the keyring item; not secret */
  char       *worker;          /* signs notes written on this device */
  guint       schema_version;

  /* The clock that stamps every local write. Its `last` is written to the
   * meta table in the same transaction as each write that used it, so a
   * restart resumes from at least the last stamp that reached the disk. */
  TgHlc       hlc;

  /* Added to the system clock for every stamp: set when the server said
   * this device's clock is wrong (docs/sync-protocol.md). */
  gint64      clock_offset_ms;

  /* Bit set of TgSensitivity classes local writes may touch; all of them
   * unless enrolment limited the device's role (a mentor's device). */
  guint       writable_classes;

  /* Inside tg_store_begin_batch(): the writes of the batch share one
   * transaction, so _tg_store_begin/_commit do not open or close one.
   * batch_failed: a write of the batch failed and rolled the whole batch
   * back; every later write of it fails until tg_store_end_batch(). */
  gboolean    in_batch;
  gboolean    batch_failed;

  /* Inside _tg_store_begin_group(): one transaction for several units of
   * work (the server's queued syncs), committed once. Each unit's
   * _tg_store_begin/_commit/_rollback is a savepoint inside it, so a
   * refused unit undoes only its own writes. group_lost: SQLite rolled
   * the whole transaction back (an I/O error); nothing more goes in and
   * _tg_store_end_group() fails. */
  gboolean    in_group;
  gboolean    in_savepoint;
  gboolean    group_lost;

  /* Prepared statements by SQL text; finalized with the store. */
  GHashTable *statements;
};

#define TG_STORE_DB_NAME   "throughgate.db"
#define TG_STORE_INFO_NAME "store.ini"
#define _TG_STORE_ALL_CLASSES (~0u)
#define TG_STORE_UNLOCKS_NAME "failed-unlocks"

/* SQL helpers (tg-store-sql.c). */
gboolean      _tg_store_exec          (TgStore      *self,
                                       const char   *sql,
                                       GError      **error);
sqlite3_stmt *_tg_store_prepare       (TgStore      *self,
                                       const char   *sql,
                                       GError      **error);
gboolean      _tg_store_step_done     (TgStore      *self,
                                       sqlite3_stmt *stmt,
                                       GError      **error);
void          _tg_store_set_sql_error (TgStore      *self,
                                       GError      **error,
                                       const char   *doing);
gboolean      _tg_store_begin         (TgStore      *self,
                                       GError      **error);
gboolean      _tg_store_commit        (TgStore      *self,
                                       GError      **error);
void          _tg_store_rollback      (TgStore      *self);
gboolean      _tg_store_begin_group   (TgStore      *self,
                                       GError      **error);
gboolean      _tg_store_end_group     (TgStore      *self,
                                       GError      **error);
char         *_tg_store_column_text   (sqlite3_stmt *stmt,
                                       int           column);
char         *_tg_store_get_meta      (TgStore      *self,
                                       const char   *key,
                                       GError      **error);
gboolean      _tg_store_set_meta      (TgStore      *self,
                                       const char   *key,
                                       const char   *value,
                                       GError      **error);

/* Schema and migrations (tg-store-schema.c). Migrates up to @target, one
 * version per transaction. */
gboolean      _tg_store_migrate       (TgStore      *self,
                                       guint         target,
                                       GError      **error);

/* Reads a whole row of @entity into a record (tg-store-read.c). */
TgRecord     *_tg_store_record_from_row (const TgEntityDef *entity,
                                         guint              schema_version,
                                         sqlite3_stmt      *stmt);
char         *_tg_store_select_columns  (const TgEntityDef *entity,
                                         guint              schema_version);

/* Keeps the client search index in step with a client row (tg-store-write.c). */
gboolean      _tg_store_reindex_client  (TgStore           *self,
                                         const char        *client_id,
                                         GError           **error);
/* The same for many clients at once, in the index's docid order. */
gboolean      _tg_store_reindex_clients (TgStore            *self,
                                         const char * const *client_ids,
                                         guint               n_ids,
                                         GError            **error);

/* Whether a write to @field of @entity changes the search index. */
gboolean      _tg_store_is_search_field (const TgEntityDef *entity,
                                         const TgFieldDef  *field);

/* Deletes every file of a store and its keyring item (tg-store.c). */
void          _tg_store_wipe_files      (const char        *data_dir,
                                         const char        *store_id);

/* The steps of creating and opening a store once its key is in hand,
 * shared by the keyring path (tg-store.c) and the key file path
 * (tg-store-keyfile.c). _tg_store_new_for_open() reads store.ini and checks
 * that the database file is there. _tg_store_create_files() removes what
 * it made when it fails. */
TgStore      *_tg_store_new             (const char        *data_dir);
TgStore      *_tg_store_new_for_open    (const char        *data_dir,
                                         guint             *cipher_major,
                                         GError           **error);
gboolean      _tg_store_create_files    (TgStore           *self,
                                         gint64             node_id,
                                         const guint8       key[TG_STORE_KEY_SIZE],
                                         const char        *worker,
                                         guint              max_schema,
                                         GError           **error);
gboolean      _tg_store_open_files      (TgStore           *self,
                                         const guint8       key[TG_STORE_KEY_SIZE],
                                         guint              cipher_major,
                                         guint              max_schema,
                                         GError           **error);

/* tg_store_apply_changes() without its transaction: the caller has begun
 * one (_tg_store_begin()) and commits or rolls back the whole of it. The
 * server runs its scope check and its feed in the same transaction, so a
 * refused batch leaves nothing behind (tg-store-sync.c). */
gboolean      _tg_store_apply_in_transaction (TgStore      *self,
                                              GPtrArray    *changes,
                                              gboolean      keep_conflicts,
                                              TgApplyHook   hook,
                                              gpointer      hook_data,
                                              TgApplyStats *stats,
                                              GError      **error);

/* Testing hooks: open without migrating past @max_schema (0 = current). */
TgStore      *_tg_store_open_full       (const char        *data_dir,
                                         const char        *pin,
                                         guint              max_schema,
                                         GError           **error);
TgStore      *_tg_store_create_full     (const char        *data_dir,
                                         const char        *pin,
                                         const char        *worker,
                                         guint              max_schema,
                                         GError           **error);
/* Replaces the wall clock of the store's HLC. */
void          _tg_store_set_clock       (TgStore           *self,
                                         TgHlcClockFunc     clock,
                                         gpointer           clock_data);

G_END_DECLS
