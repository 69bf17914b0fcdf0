/* Pictures and sizes of real windows for the app tests (tg-test-window.h). */

#include "tg-test-window.h"

#include <adwaita.h>

#include "tg-test-loop.h"

/* Whether a stack or leaflet below @widget is still animating from one
 * child to the next: a picture taken then shows two pages blended. */
static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  if (ADW_IS_LEAFLET (widget) && adw_leaflet_get_child_transition_running (ADW_LEAFLET (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

static gboolean
transitions_done (gpointer data)
{
  return !transition_running (GTK_WIDGET (data));
}

void
tg_test_save_screenshot (GtkWidget  *window,
                         const char *name)
{
  const char *dir = g_getenv ("TG_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  tg_test_spin (400);
  g_assert_true (tg_test_wait_for (transitions_done, window, 10000));
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s-%dx%d.png", name, width, height);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

void
tg_test_resize_to (GtkWidget *window,
                   int        width,
                   int        height)
{
  /* A window already shown takes a new default size a little later, and
   * the border shows only then: move by what is still missing. */
  for (guint i = 0; i < 5; i++)
    {
      int default_width, default_height;
      int missing_width = width - gtk_widget_get_width (window);
      int missing_height = height - gtk_widget_get_height (window);

      if (missing_width == 0 && missing_height == 0)
        return;
      gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
      gtk_window_set_default_size (GTK_WINDOW (window), default_width + missing_width,
                                   default_height + missing_height);
      tg_test_spin (300);
    }
}
