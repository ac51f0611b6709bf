/* test-school-row.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-school-row.h"
#include "onboard-test-ui.h"

/* One school in Step 3's results: its name exactly as the list gives it,
 * where it is, the numbers an office worker checks it by, and one sentence
 * for a screen reader; and a row the list view recycles shows nothing of
 * the school it showed before. */

#define NAME "Netley Primary School & Centre for <Autism>"

static OnboardSchool *
netley (void)
{
  return onboard_school_new ("100018", "8522001", NAME, "Southampton", "SO31 5FB",
                             "Hampshire", "Primary", "Community school", NULL);
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_ptr_array_add (labels, child);
      collect_labels (child, labels);
    }
}

/* The row's labels, top to bottom: the name, where, the numbers. */
static GtkLabel *
label_at (OnboardSchoolRow *row,
          guint             index)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (GTK_WIDGET (row), labels);
  g_assert_cmpuint (index, <, labels->len);

  return g_ptr_array_index (labels, index);
}

/* What the row shows, a line a label: "name|place|numbers". */
static char *
shown (OnboardSchoolRow *row)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  collect_labels (GTK_WIDGET (row), labels);
  g_assert_cmpuint (labels->len, ==, 3);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      /* Never markup: what the label shows is what it was given. */
      g_assert_false (gtk_label_get_use_markup (label));
      g_assert_cmpstr (gtk_label_get_text (label), ==, gtk_label_get_label (label));
      g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", gtk_label_get_text (label));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_school_row_shows_school (void)
{
  g_autoptr(OnboardSchool) school = netley ();
  OnboardSchoolRow *row = g_object_ref_sink (g_object_new (ONBOARD_TYPE_SCHOOL_ROW, NULL));
  g_autofree char *text = NULL;

  /* Nothing before it has a school. */
  g_assert_null (onboard_school_row_get_school (row));
  text = shown (row);
  g_assert_cmpstr (text, ==, "||");
  g_clear_pointer (&text, g_free);

  onboard_school_row_set_school (row, school);
  g_assert_true (onboard_school_row_get_school (row) == school);

  /* The ampersand and the angle brackets are shown as they are. */
  g_assert_cmpstr (gtk_label_get_text (label_at (row, 0)), ==, NAME);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label_at (row, 0)), "heading"));

  text = shown (row);
  g_assert_cmpstr (text, ==, NAME "|Southampton · SO31 5FB · Primary|URN 100018  ·  DfE 852/2001");

  g_assert_finalize_object (row);
}

static void
test_school_row_subtitle (void)
{
  struct {
    const char *laestab;
    const char *town;
    const char *postcode;
    const char *phase;
    const char *expected;
  } cases[] = {
    { "8522001", "Southampton", "SO31 5FB", "Primary", "Southampton · SO31 5FB · Primary|URN 100000  ·  DfE 852/2001" },
    /* What the list does not know is left out, with its separator. */
    { NULL, "Southampton", "SO31 5FB", "Primary", "Southampton · SO31 5FB · Primary|URN 100000" },
    { "8522001", NULL, "SO31 5FB", "Primary", "SO31 5FB · Primary|URN 100000  ·  DfE 852/2001" },
    { "8522001", "Southampton", "", "Primary", "Southampton · Primary|URN 100000  ·  DfE 852/2001" },
    { "8522001", "Southampton", "SO31 5FB", NULL, "Southampton · SO31 5FB|URN 100000  ·  DfE 852/2001" },
    { NULL, "", NULL, "", "|URN 100000" },
    /* A DfE number in another spelling is shown the one way. */
    { "852/2001", "Southampton", NULL, NULL, "Southampton|URN 100000  ·  DfE 852/2001" },
    /* Not a DfE number at all: better none than a wrong one. */
    { "85", "Southampton", NULL, NULL, "Southampton|URN 100000" },
  };
  OnboardSchoolRow *row = g_object_ref_sink (g_object_new (ONBOARD_TYPE_SCHOOL_ROW, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardSchool) school = onboard_school_new ("100000", cases[i].laestab, "Oakfield School",
                                                            cases[i].town, cases[i].postcode, NULL,
                                                            cases[i].phase, NULL, NULL);
      g_autofree char *expected = g_strconcat ("Oakfield School|", cases[i].expected, NULL);
      g_autofree char *text = NULL;

      g_test_message ("case %u", i);
      onboard_school_row_set_school (row, school);
      text = shown (row);
      g_assert_cmpstr (text, ==, expected);
    }

  g_assert_finalize_object (row);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *)user_data)++;
}

/* The list view hands a row one school after another as the user
 * scrolls: each shows whole, with nothing left of the one before. */
static void
test_school_row_recycled (void)
{
  OnboardSchool *first = netley ();
  OnboardSchool *second = onboard_school_new ("100000", NULL, "The Aldgate School", "London",
                                              NULL, NULL, NULL, NULL, NULL);
  OnboardSchoolRow *row = g_object_ref_sink (g_object_new (ONBOARD_TYPE_SCHOOL_ROW, "school", first, NULL));
  g_autofree char *text = NULL;
  OnboardSchool *held = NULL;
  guint notified = 0;

  g_signal_connect (row, "notify::school", G_CALLBACK (count_notify), &notified);

  /* The same school again changes nothing. */
  onboard_school_row_set_school (row, first);
  g_assert_cmpuint (notified, ==, 0);

  g_object_set (row, "school", second, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (row, "school", &held, NULL);
  g_assert_true (held == second);
  g_object_unref (held);
  text = shown (row);
  g_assert_cmpstr (text, ==, "The Aldgate School|London|URN 100000");
  g_clear_pointer (&text, g_free);

  /* Let go of, the row is empty and holds no school. */
  onboard_school_row_set_school (row, NULL);
  g_assert_cmpuint (notified, ==, 2);
  text = shown (row);
  g_assert_cmpstr (text, ==, "||");

  g_assert_finalize_object (row);
  g_assert_finalize_object (first);
  g_assert_finalize_object (second);
}

/* What Step 3's list view makes for each school. */
static const char list_item_ui[] =
  "<interface>"
  "  <template class='GtkListItem'>"
  "    <property name='child'>"
  "      <object class='OnboardSchoolRow'>"
  "        <binding name='school'><lookup name='item'>GtkListItem</lookup></binding>"
  "      </object>"
  "    </property>"
  "  </template>"
  "</interface>";

/* A screen reader hears one sentence, in the order the eye reads the row:
 * on the row itself, and on the list view's row that holds it, which GTK
 * 4.8 leaves unnamed. */
static void
test_school_row_accessible_label (void)
{
  g_autoptr(OnboardSchool) school = netley ();
  g_autoptr(GListStore) store = g_list_store_new (ONBOARD_TYPE_SCHOOL);
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  OnboardSchoolRow *row = g_object_ref_sink (g_object_new (ONBOARD_TYPE_SCHOOL_ROW, NULL));
  GtkBuilderScope *scope;
  GtkWidget *list_view;
  GtkWidget *in_list;
  const char *sentence = NAME ", Southampton · SO31 5FB · Primary, URN 100018  ·  DfE 852/2001";

  onboard_school_row_set_school (row, school);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, sentence);

  g_assert_finalize_object (row);

  /* In a list view, as Step 3 shows it. */
  scope = gtk_builder_cscope_new ();
  factory = gtk_builder_list_item_factory_new_from_bytes (scope, g_bytes_new_static (list_item_ui,
                                                                                   sizeof list_item_ui - 1));
  g_object_unref (scope);

  g_list_store_append (store, school);
  list_view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store)))),
                                 g_object_ref (factory));
  gtk_window_set_child (window, list_view);
  gtk_window_present (window);

  wait_until (find_widget (list_view, ONBOARD_TYPE_SCHOOL_ROW, NULL, NULL) != NULL);
  in_list = find_widget (list_view, ONBOARD_TYPE_SCHOOL_ROW, NULL, NULL);
  g_assert_true (onboard_school_row_get_school (ONBOARD_SCHOOL_ROW (in_list)) == school);
  gtk_test_accessible_assert_role (gtk_widget_get_parent (in_list), GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  gtk_test_accessible_assert_property (gtk_widget_get_parent (in_list), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's own test backend for assistive technology, so the test reads
   * what a screen reader would be told, without one on the bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_type_ensure (ONBOARD_TYPE_SCHOOL_ROW);

  g_test_add_func ("/onboard/school-row/shows-school", test_school_row_shows_school);
  g_test_add_func ("/onboard/school-row/subtitle", test_school_row_subtitle);
  g_test_add_func ("/onboard/school-row/recycled", test_school_row_recycled);
  g_test_add_func ("/onboard/school-row/accessible-label", test_school_row_accessible_label);

  return g_test_run ();
}
