/* test-mis.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-mis.h"
#include "onboard-mis-provider.h"

/* A saved MIS id reads as the MIS's name on Steps 4 and 5; an id this
 * version does not know is shown as it is, not dropped. */
static void
test_mis_name_for_id (void)
{
  g_assert_cmpstr (onboard_mis_name_for_id ("sims"), ==, "SIMS");
  g_assert_cmpstr (onboard_mis_name_for_id ("pupil_asset"), ==, "Pupil Asset");
  g_assert_cmpstr (onboard_mis_name_for_id ("isams"), ==, "iSAMS");
  g_assert_cmpstr (onboard_mis_name_for_id ("bromcom"), ==, "bromcom");
  g_assert_null (onboard_mis_name_for_id (NULL));
}

/* Offline, Step 3 offers the contract's five in its order, and only iSAMS
 * and Arbor carry SchoolBooking through Xporter on Demand. */
static void
test_mis_known_list (void)
{
  g_autoptr(GListModel) list = onboard_mis_new_known_list ();
  static const char * const ids[] = { "sims", "cmis", "pupil_asset", "isams", "arbor" };

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(OnboardMisProvider) provider = g_list_model_get_item (list, i);
      const char * const *methods = onboard_mis_provider_get_connection_methods (provider);

      g_assert_cmpstr (onboard_mis_provider_get_id (provider), ==, ids[i]);
      g_assert_cmpstr (onboard_mis_provider_get_name (provider), ==, onboard_mis_name_for_id (ids[i]));
      g_assert_true (g_strv_contains (methods, "xod"));
      g_assert_cmpint (onboard_mis_provider_get_schoolbooking_supported (provider), ==,
                       g_str_equal (ids[i], "isams") || g_str_equal (ids[i], "arbor"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onboard/mis/name-for-id", test_mis_name_for_id);
  g_test_add_func ("/onboard/mis/known-list", test_mis_known_list);

  return g_test_run ();
}
