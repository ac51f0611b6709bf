/* fuzz-mis-providers.c: the body of GET /mis_providers
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "onboard-json.h"
#include "onboard-mis-provider.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  onboard_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = onboard_fuzz_bytes_new (data, size);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GListModel) providers = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items;

  /* As the client reads it: the body must be an array. */
  root = onboard_json_parse (bytes, &error);
  if (root == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  if (!JSON_NODE_HOLDS_ARRAY (root))
    return 0;

  providers = onboard_mis_provider_list_new_from_json (json_node_get_array (root), &error);
  if (providers == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  n_items = g_list_model_get_n_items (providers);
  g_assert_cmpuint (n_items, ==, json_array_get_length (json_node_get_array (root)));

  /* The MIS drop-down shows the names and keeps the ids. */
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(OnboardMisProvider) provider = g_list_model_get_item (providers, i);

      g_assert_cmpstr (onboard_mis_provider_get_id (provider), !=, "");
      g_assert_cmpstr (onboard_mis_provider_get_name (provider), !=, "");
      onboard_fuzz_assert_text (onboard_mis_provider_get_id (provider));
      onboard_fuzz_assert_text (onboard_mis_provider_get_name (provider));
      onboard_fuzz_assert_strv (onboard_mis_provider_get_connection_methods (provider));
    }

  return 0;
}
