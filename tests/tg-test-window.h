/* tg-test-window.h: pictures and sizes of real windows for the app tests.
 *
 * Like tg-test-util.h, every helper fails the test instead of returning
 * an error.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Waits for stack and leaflet transitions below @window to end, then
 * renders it to NAME-WIDTHxHEIGHT.png in $TG_SCREENSHOT_DIR (the
 * temporary directory when unset). */
void tg_test_save_screenshot (GtkWidget  *window,
                              const char *name);

/* Sizes @window's content to exactly @width × @height: without a window
 * manager the frame's resize border is inside the default size. */
void tg_test_resize_to       (GtkWidget  *window,
                              int         width,
                              int         height);

G_END_DECLS
