#include "tg-sync-error.h"

G_DEFINE_QUARK (tg-sync-error-quark, tg_sync_error)
