/* tg-store-error.h: what can go wrong opening, reading or writing the store. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TG_STORE_ERROR (tg_store_error_quark ())

typedef enum {
  TG_STORE_ERROR_EXISTS,               /* init over an existing store */
  TG_STORE_ERROR_NOT_FOUND,            /* no store in the data directory */
  TG_STORE_ERROR_WEAK_PIN,             /* shorter than TG_PIN_MIN_LENGTH */
  TG_STORE_ERROR_WRONG_PIN,
  TG_STORE_ERROR_WIPED,                /* too many wrong PINs: the store is gone */
  TG_STORE_ERROR_KEY_MISSING,          /* the keyring holds no key for it */
  TG_STORE_ERROR_KEY_DAMAGED,          /* the keyring item is not ours */
  TG_STORE_ERROR_KEYRING_UNAVAILABLE,  /* no Secret Service to ask */
  TG_STORE_ERROR_NEWER_SCHEMA,         /* written by a newer Throughgate */
  TG_STORE_ERROR_CORRUPT,              /* not a store, or the key does not open it */
  TG_STORE_ERROR_NO_RECORD,            /* no record with that id */
  TG_STORE_ERROR_READ_ONLY,            /* a signed note */
  TG_STORE_ERROR_SQL,                  /* SQLite failed; the message says how */
} TgStoreError;

GQuark tg_store_error_quark (void);

G_END_DECLS
