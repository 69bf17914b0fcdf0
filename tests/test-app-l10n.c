/* test-app-l10n.c: switching the language shows the Welsh translation.
 *
 * Run by xvfb-session.sh with LANGUAGE=cy and LC_ALL=C.UTF-8 (a locale
 * every system has; gettext follows LANGUAGE in it), and the catalogue
 * compiled into the build tree (TG_LOCALEDIR). The pages' .ui strings and
 * the C strings both come out in Welsh.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "tg-application.h"
#include "tg-caseload-row.h"
#include "tg-store-service.h"
#include "tg-unlock-page.h"

/* The first GtkButton below @widget whose label is @label. */
static gboolean
has_button (GtkWidget  *widget,
            const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_button (child, label))
      return TRUE;
  return FALSE;
}

static void
test_welsh (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tg-l10n-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  TgStoreService *service = tg_store_service_new (data_dir);
  GtkWidget *page = g_object_ref_sink (tg_unlock_page_new (service));
  g_autofree char *badge = tg_release_badge_text (1);

  /* A .ui string, through GtkBuilder. */
  g_assert_true (has_button (page, "_Datgloi"));
  g_assert_false (has_button (page, "_Unlock"));
  /* A C string. */
  g_assert_cmpstr (badge, ==, "Rhyddhau yfory");
  /* A string left untranslated stays English rather than going missing. */
  g_assert_cmpstr (_("Signed %s; read-only"), ==, "Signed %s; read-only");

  tg_store_service_flush (service);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (page);
  g_assert_finalize_object (service);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("TG_LOCALEDIR");

  g_assert_nonnull (localedir);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  adw_init ();
  tg_application_register_resources ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tg/l10n/welsh", test_welsh);
  return g_test_run ();
}
