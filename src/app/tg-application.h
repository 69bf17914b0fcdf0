/* tg-application.h: the throughgate application.
 *
 *   throughgate [--data-dir DIR] [--demo [--demo-clients N]]
 *
 * Makes the store service for the data directory (by default
 * $XDG_DATA_HOME/throughgate) and the window. With --demo the store is a
 * throwaway one in a new temporary directory, filled with a seeded
 * synthetic caseload, locked with the PIN the unlock page shows, and
 * deleted with its keyring item when the app quits.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TG_TYPE_APPLICATION (tg_application_get_type ())
G_DECLARE_FINAL_TYPE (TgApplication, tg_application, TG, APPLICATION, AdwApplication)

/* The PIN of the demo store, shown on its unlock page. */
#define TG_DEMO_PIN "123456"
#define TG_DEMO_SEED 20261127u
#define TG_DEMO_CLIENTS 500
#define TG_DEMO_NOTES_PER_CLIENT 3

TgApplication *tg_application_new (const char *application_id) G_GNUC_WARN_UNUSED_RESULT;

/* Registers the app's GResource (the .ui files and CSS); tests call it
 * before building widgets. Safe to call more than once. */
void           tg_application_register_resources (void);

/* The app's settings: from the installed schema, else from the schema
 * compiled in the build tree; NULL with an error when neither exists. */
GSettings     *tg_application_new_settings (GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
