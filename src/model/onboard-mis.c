/* onboard-mis.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "onboard-mis.h"
#include "onboard-mis-provider.h"

/* The five MIS the contract names, the one table of them in the app. The
 * service's GET /mis-providers is the authority: this table names a saved
 * MIS on Steps 4 and 5, and is Step 3's choice when the service's list
 * cannot be had (offline, with a cached school list). */
static const struct {
  const char *id;
  const char *name;
  gboolean    schoolbooking_supported;
} known[] = {
  { "sims", "SIMS", FALSE },
  { "cmis", "CMIS", FALSE },
  { "pupil_asset", "Pupil Asset", FALSE },
  { "isams", "iSAMS", TRUE },
  { "arbor", "Arbor", TRUE },
};

/**
 * onboard_mis_name_for_id:
 * @id: (nullable): a provider id, such as "pupil_asset"
 *
 * Returns: (nullable): the MIS's name, such as "Pupil Asset", or @id itself
 *   when the table does not know it
 */
const char *
onboard_mis_name_for_id (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (known[i].id, id))
      return known[i].name;

  return id;
}

/**
 * onboard_mis_new_known_list:
 *
 * Returns: (transfer full): the five providers as #OnboardMisProvider, in
 *   the contract's order
 */
GListModel *
onboard_mis_new_known_list (void)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GError) error = NULL;
  GListModel *list;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      JsonObject *object = json_object_new ();
      JsonArray *methods = json_array_new ();

      json_array_add_string_element (methods, "xod");
      json_object_set_string_member (object, "id", known[i].id);
      json_object_set_string_member (object, "name", known[i].name);
      json_object_set_array_member (object, "connection_methods", methods);
      json_object_set_boolean_member (object, "schoolbooking_supported", known[i].schoolbooking_supported);
      json_array_add_object_element (array, object);
    }

  /* The same reading as the service's answer, so the two cannot differ in
   * what a provider is. */
  list = onboard_mis_provider_list_new_from_json (array, &error);
  g_assert_no_error (error);

  return list;
}
