#include "tg-error.h"

G_DEFINE_QUARK (tg-validation-error-quark, tg_validation_error)
