/* test-welsh.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "onboard-application.h"
#include "onboard-sandbox.h"
#include "onboard-test-ui.h"
#include "onboard-window.h"

/* The app as a Welsh-speaking school office sees it: the desktop language
 * is Welsh (LANGUAGE=cy), the translations are the ones this build made from
 * po/cy.po, and the service is the reference server on 127.0.0.1.
 */

typedef struct
{
  OnboardApplication *app;
  OnboardWindow      *window;
} Fixture;

/* One application per process, as in real use; each test gets a new window. */
static OnboardApplication *the_app;
static OnboardSandbox *the_sandbox;

/* The sidebar and the window title name the steps with these. */
static const char *welsh_step_names[] = {
  "Cyn i chi ddechrau",
  "Cofrestru",
  "Gwybodaeth am yr ysgol",
  "Ffurfweddu’r Cysylltiad ag Assembly",
  "Gwirio bod y Cysylltiad wedi’i Ffurfweddu",
};


/* Step 1's pre-flight rows show a stack page per state; the sentences
 * under the rows are final once none is "running" or "pending". */
static gboolean
has_running_check (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_STACK (child))
        {
          const char *name = gtk_stack_get_visible_child_name (GTK_STACK (child));

          if (g_strcmp0 (name, "running") == 0 || g_strcmp0 (name, "pending") == 0)
            return TRUE;
        }

      if (has_running_check (child))
        return TRUE;
    }

  return FALSE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->app = g_object_ref (the_app);
  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window = ONBOARD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_true (ONBOARD_IS_WINDOW (fixture->window));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *)&fixture->window);
  iterate_for (200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));

  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_destroy (l->data);

  iterate_for (50);

  g_assert_null (fixture->window);
  g_clear_object (&fixture->app);
}

static void
test_welsh_step_one_title (Fixture       *fixture,
                           gconstpointer  data)
{
  OnboardPage *page = onboard_window_get_current_page (fixture->window);
  const char *gtk_next = g_dgettext ("gtk40", "_Next");
  GtkWidget *next;

  g_assert_nonnull (page);
  g_assert_cmpuint (onboard_page_get_step (page), ==, 1);
  g_assert_cmpstr (onboard_page_get_title (page), ==, "Cyn i chi ddechrau");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==,
                   "Cam 1 o 5 · Cyn i chi ddechrau");

  /* The window's own Next, in the app's Welsh. */
  g_test_message ("GTK's own Next reads “%s”", gtk_next);
  next = onboard_window_get_primary_button (fixture->window);
  g_assert_nonnull (next);
  g_assert_nonnull (find_widget (next, GTK_TYPE_LABEL, label_is, "_Nesaf"));
  g_assert_true (gtk_widget_get_mapped (next));
  g_assert_true (gtk_widget_is_sensitive (next));
}

static void
test_welsh_step_names (Fixture       *fixture,
                       gconstpointer  data)
{
  g_assert_cmpuint (onboard_window_get_n_steps (fixture->window), ==, G_N_ELEMENTS (welsh_step_names));

  for (guint i = 0; i < G_N_ELEMENTS (welsh_step_names); i++)
    {
      OnboardPage *page = onboard_window_get_page (fixture->window, i);
      g_autofree char *step_label = onboard_page_dup_step_label (page);
      g_autofree char *expected = g_strdup_printf ("Cam %u o 5", i + 1);

      g_assert_cmpstr (onboard_page_get_title (page), ==, welsh_step_names[i]);
      g_assert_cmpstr (step_label, ==, expected);
    }
}

/* A text that a catalogue would turn into Welsh, shown as it is: it was
 * never passed through gettext, or passed too early. That includes
 * GtkAssistant's own buttons, which the window labels itself where GTK's
 * catalogue has no translation (Debian's Welsh one lacks them). */
static gboolean
is_english_left (GtkWidget  *widget,
                 const char *text)
{
  if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0)
    return TRUE;

  return g_strcmp0 (g_dgettext ("gtk40", text), text) != 0 ||
         g_strcmp0 (g_dgettext ("libadwaita", text), text) != 0;
}

static void
collect_english (GtkWidget *widget,
                 GString   *english,
                 guint     *n_checked)
{
  const char *texts[4] = { NULL, };
  g_autofree char *placeholder = NULL;

  /* What no one can see cannot be in the wrong language, e.g. the
   * assistant's Close and Cancel buttons, which the window never shows. */
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    texts[0] = gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    texts[1] = gtk_button_get_label (GTK_BUTTON (widget));
  texts[2] = gtk_widget_get_tooltip_text (widget);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "placeholder-text") != NULL)
    {
      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      texts[3] = placeholder;
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (texts[i] == NULL || texts[i][0] == '\0')
        continue;

      (*n_checked)++;
      if (is_english_left (widget, texts[i]))
        {
          g_string_append_printf (english, "  “%s” in", texts[i]);
          for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
            g_string_append_printf (english, " %s%s%s", G_OBJECT_TYPE_NAME (w),
                                    gtk_widget_get_name (w)[0] != '\0' && g_strcmp0 (gtk_widget_get_name (w), G_OBJECT_TYPE_NAME (w)) != 0 ? "#" : "",
                                    g_strcmp0 (gtk_widget_get_name (w), G_OBJECT_TYPE_NAME (w)) != 0 ? gtk_widget_get_name (w) : "");
          g_string_append_c (english, '\n');
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_english (child, english, n_checked);
}

static void
test_welsh_translations_reach_the_screen (Fixture       *fixture,
                            gconstpointer  data)
{
  OnboardPage *page = onboard_window_get_current_page (fixture->window);
  g_autoptr(GString) english = g_string_new (NULL);
  guint n_checked = 0;

  /* Step 1's checks against the reference server write their own
   * sentences: wait for them, so those are checked too. */
  wait_until (!has_running_check (GTK_WIDGET (page)));

  /* Every page, built now if the window has not yet built it after its
   * first frame, so this reads all five steps' fixed text, the sidebar
   * and the header bar. */
  for (guint i = 0; i < onboard_window_get_n_steps (fixture->window); i++)
    g_assert_nonnull (onboard_window_get_page (fixture->window, i));
  collect_english (GTK_WIDGET (fixture->window), english, &n_checked);
  g_test_message ("%u texts checked", n_checked);
  g_assert_cmpuint (n_checked, >, 50);

  if (english->len > 0)
    g_error ("English text left in the Welsh window:\n%s", english->str);
}

static void
test_welsh_plural_forms (void)
{
  /* Welsh has six plural forms (0, 1, 2, 3, 6, other), and "munud"
   * takes a soft mutation after two: this fails if po/cy.po's Plural-Forms
   * header is wrong, which msgfmt cannot see. */
  static const struct {
    gulong      n;
    const char *expected;
  } cases[] = {
    { 0, "Gormod o gynigion. Arhoswch %u munud, yna rhowch gynnig arall arni." },
    { 1, "Gormod o gynigion. Arhoswch %u munud, yna rhowch gynnig arall arni." },
    { 2, "Gormod o gynigion. Arhoswch %u funud, yna rhowch gynnig arall arni." },
    { 3, "Gormod o gynigion. Arhoswch %u munud, yna rhowch gynnig arall arni." },
    { 6, "Gormod o gynigion. Arhoswch %u munud, yna rhowch gynnig arall arni." },
    { 12, "Gormod o gynigion. Arhoswch %u munud, yna rhowch gynnig arall arni." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE,
                                  "Too many tries. Wait %u minute, then try again.",
                                  "Too many tries. Wait %u minutes, then try again.",
                                  cases[i].n),
                     ==, cases[i].expected);
}

static void
test_welsh_every_page_fits_narrow_screens (Fixture       *fixture,
                                           gconstpointer  data)
{
  /* Welsh runs longer than English; the pages must still fit a 600 px
   * screen once the step list has taken its 160 or so. */
  for (guint i = 0; i < onboard_window_get_n_steps (fixture->window); i++)
    {
      OnboardPage *page = onboard_window_get_page (fixture->window, i);
      int minimum = 0;

      gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      g_test_message ("Cam %u needs %d px", onboard_page_get_step (page), minimum);
      report_wide_widgets (GTK_WIDGET (page), 420);
      g_assert_cmpint (minimum, <=, 420);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("onboard-welsh-XXXXXX", NULL);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("ONBOARD_TEST_LOCALEDIR");
  int ret;

  /* The build's own catalogues, laid out <dir>/cy/LC_MESSAGES/<domain>.mo;
   * tests/meson.build points at them. */
  if (localedir == NULL)
    g_error ("ONBOARD_TEST_LOCALEDIR is not set: run this test with meson test");

  /* The desktop language. gettext ignores LANGUAGE under the "C" locale,
   * and C.UTF-8 is the one UTF-8 locale every system has. */
  g_setenv ("LANGUAGE", "cy", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  /* Private folders: a fresh start on Step 1, nothing of the user's read. */
  g_setenv ("XDG_STATE_HOME", tmp, TRUE);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() forces an English locale for GTK's own tests; take the
   * environment's back, as the app's gtk_init() would. */
  g_assert_nonnull (setlocale (LC_ALL, ""));
  adw_init ();

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Without the catalogue every assertion below would fail in English;
   * say so plainly instead. */
  if (g_strcmp0 (_("Before you start"), "Before you start") == 0)
    g_error ("No Welsh catalogue under %s (looked for cy/LC_MESSAGES/%s.mo)",
             localedir, GETTEXT_PACKAGE);

  the_sandbox = onboard_sandbox_new ();
  onboard_sandbox_listen (the_sandbox, 0, &error);
  g_assert_no_error (error);

  /* The memory settings backend is shared by the process: the app reads
   * this address and talks to 127.0.0.1 only. */
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "api-base-url", onboard_sandbox_get_base_url (the_sandbox));

  the_app = onboard_application_new ();
  g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/onboard/welsh/step-one-title", Fixture, NULL,
              fixture_set_up, test_welsh_step_one_title, fixture_tear_down);
  g_test_add ("/onboard/welsh/step-names", Fixture, NULL,
              fixture_set_up, test_welsh_step_names, fixture_tear_down);
  g_test_add ("/onboard/welsh/translations-reach-the-screen", Fixture, NULL,
              fixture_set_up, test_welsh_translations_reach_the_screen, fixture_tear_down);
  g_test_add ("/onboard/welsh/every-page-fits-narrow-screens", Fixture, NULL,
              fixture_set_up, test_welsh_every_page_fits_narrow_screens, fixture_tear_down);
  g_test_add_func ("/onboard/welsh/plural-forms", test_welsh_plural_forms);

  ret = g_test_run ();
  g_clear_object (&the_app);
  g_clear_object (&the_sandbox);
  remove_tree (tmp);

  return ret;
}
