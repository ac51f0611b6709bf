/* onboard-school-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-error-banner.h"
#include "onboard-mis.h"
#include "onboard-mis-provider.h"
#include "onboard-school-filter.h"
#include "onboard-school-page.h"
#include "onboard-school-slot.h"
#include "onboard-school-slots.h"
#include "onboard-school-results.h"
#include "onboard-school-row.h"
#include "onboard-literal-text.h"

/* Step 3, "School information". One search field narrows every open UK
 * school as the user types; they pick theirs, choose their MIS, and
 * Continue registers the school with Assembly.
 *
 * The chosen school is kept apart from the list's selection: typing more
 * may filter it out of the list, but it stays chosen (and shown above the
 * MIS) until the user picks another.
 */

/* How many of the best matches the list shows. A search is how one school
 * is found, and the best matches come first: past these, typing more (of
 * the name, or the town or postcode) finds a school sooner than scrolling.
 * Few enough that the list can follow every key within one frame (see
 * OnboardSchoolSlots and the key-to-frame benchmark). */
#define SHOWN_MAX 20

/* How long the typing rests before a screen reader hears the count. */
#define COUNT_PAUSE_MS 700

struct _OnboardSchoolPage
{
  OnboardPage             parent_instance;

  /* Template children */
  OnboardStepHeader      *header;
  GtkSearchEntry         *search_entry;
  GtkLabel               *count_label;
  GtkStack               *results_stack;
  GtkSpinner             *loading_spinner;
  GtkLabel               *failed_label;
  GtkListView            *list_view;
  AdwPreferencesGroup    *selected_group;
  AdwActionRow           *selected_row;
  AdwComboRow            *mis_row;
  GtkRevealer            *booking_revealer;
  GtkLabel               *booking_label;
  OnboardErrorBanner     *banner;

  /* Services */
  OnboardSchoolCatalogue *catalogue;

  /* Search */
  OnboardSchoolFilter    *filter;
  OnboardSchoolResults   *results;
  OnboardSchoolSlots     *slots;
  GtkSingleSelection     *selection;
  gboolean                refiltering;
  guint                   count_pause_id;

  /* Choice */
  OnboardSchool          *school;
  GListModel             *providers;
  char                   *registration_key;
  GCancellable           *cancellable;
};

G_DEFINE_FINAL_TYPE (OnboardSchoolPage, onboard_school_page, ONBOARD_TYPE_PAGE)

static OnboardMisProvider *
get_selected_provider (OnboardSchoolPage *self)
{
  return adw_combo_row_get_selected_item (self->mis_row);
}

static gboolean
invite_includes_schoolbooking (OnboardSchoolPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char * const *apps = onboard_progress_get_apps (progress);

  return apps != NULL && g_strv_contains (apps, "schoolbooking");
}

static void
update_state (OnboardSchoolPage *self)
{
  OnboardMisProvider *provider = get_selected_provider (self);
  gboolean busy = onboard_page_get_busy (ONBOARD_PAGE (self));
  gboolean warn;

  /* SchoolBooking travels through XoD only for iSAMS and Arbor. */
  warn = provider != NULL &&
         invite_includes_schoolbooking (self) &&
         !onboard_mis_provider_get_schoolbooking_supported (provider);

  if (warn)
    {
      g_autofree char *phone = onboard_client_error_dup_support_phone ();
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("Your invite includes SchoolBooking, which cannot connect through Groupcall Xporter on Demand with %s: only iSAMS and Arbor schools can. Your Assembly connection will still work. Call Assembly on %s and we will set up SchoolBooking with you another way."),
                              onboard_mis_provider_get_name (provider), phone);
      gtk_label_set_label (self->booking_label, text);
    }
  gtk_revealer_set_reveal_child (self->booking_revealer, warn);

  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_view), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mis_row), !busy);

  /* The guide's "press Continue": the window shows it, with a spinner
   * while the school is being registered. */
  onboard_page_set_primary (ONBOARD_PAGE (self), _("C_ontinue"),
                            self->school != NULL && provider != NULL);
  onboard_page_set_primary_hint (ONBOARD_PAGE (self),
                                 self->school == NULL ? _("To continue, choose your school from the list.")
                                 : provider == NULL ? _("To continue, choose your school’s MIS Provider.")
                                 : NULL);
}

static void
show_chosen_school (OnboardSchoolPage *self)
{
  g_autofree char *dfe = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->selected_group), self->school != NULL);
  if (self->school == NULL)
    return;

  dfe = onboard_school_dup_dfe_number (self->school);
  /* Translators: under the chosen school: town, postcode, URN and DfE number */
  subtitle = g_strdup_printf (_("%s · %s · URN %s%s%s"),
                              onboard_school_get_town (self->school),
                              onboard_school_get_postcode (self->school),
                              onboard_school_get_urn (self->school),
                              dfe ? " · DfE " : "",
                              dfe ? dfe : "");
  onboard_row_set_literal_title (ADW_PREFERENCES_ROW (self->selected_row),
                                 onboard_school_get_name (self->school));
  onboard_row_set_literal_subtitle (self->selected_row, subtitle);
}

static void
choose_school (OnboardSchoolPage *self,
               OnboardSchool     *school)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));

  if (!g_set_object (&self->school, school))
    return;

  /* A different school is a different registration request. */
  g_clear_pointer (&self->registration_key, g_free);
  onboard_error_banner_hide (self->banner);

  onboard_progress_set_school_urn (progress, school ? onboard_school_get_urn (school) : NULL);
  onboard_progress_set_school_name (progress, school ? onboard_school_get_name (school) : NULL);

  show_chosen_school (self);
  update_state (self);
}

/* The count is the search field's description, set once the typing rests:
 * Orca says a new description of the field with the focus, and says it
 * again with the field when the focus comes back. On every key it would
 * talk over the letters being echoed. */
static gboolean
say_count_cb (gpointer user_data)
{
  OnboardSchoolPage *self = user_data;
  const char *count = gtk_label_get_label (self->count_label);

  self->count_pause_id = 0;

  if (count[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, count,
                                    -1);

  return G_SOURCE_REMOVE;
}

static void
update_count (OnboardSchoolPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  g_autofree char *text = NULL;

  /* Until the list is there, its count would only be a misleading
   * "0 schools" above the spinner. */
  if (onboard_school_catalogue_get_directory (self->catalogue) == NULL)
    {
      gtk_label_set_label (self->count_label, "");
      return;
    }

  if (n > SHOWN_MAX)
    /* Translators: the second number is how many of them the list shows,
     * e.g. "8546 schools match. The best 20 are shown: type more to narrow
     * them." */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u school matches. The best %u are shown: type more to narrow them.",
                                         "%u schools match. The best %u are shown: type more to narrow them.",
                                         n),
                            n, SHOWN_MAX);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u school", "%u schools", n), n);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->results_stack, n > 0 ? "list" : "empty");

  g_clear_handle_id (&self->count_pause_id, g_source_remove);
  self->count_pause_id = g_timeout_add (COUNT_PAUSE_MS, say_count_cb, self);
}

/* The list's places keep their items while the schools in them change
 * (OnboardSchoolSlots), so the selection stays on its place unless moved:
 * it goes to the chosen school if it is shown, and nowhere otherwise. */
static void
reselect_chosen_school (OnboardSchoolPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->slots));

  for (guint i = 0; self->school != NULL && i < n; i++)
    {
      g_autoptr(OnboardSchoolSlot) slot = g_list_model_get_item (G_LIST_MODEL (self->slots), i);
      OnboardSchool *school = onboard_school_slot_get_school (slot);

      if (school == self->school ||
          g_strcmp0 (onboard_school_get_urn (school), onboard_school_get_urn (self->school)) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* The best match is the first row: a new search starts at the top. A
 * GtkListView keeps its place on a school that still matches, which after
 * a search can leave the list scrolled to its end with the schools the
 * user typed hidden above. GTK 4.8 has no gtk_list_view_scroll_to(), and
 * the adjustment is no way round it: until the list is next laid out its
 * value is the old one, often already 0, and setting it changes nothing.
 * The list's own scroll-to-item moves its anchor at once. */
static void
show_first_row (OnboardSchoolPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

static void
search_changed_cb (OnboardSchoolPage *self)
{
  /* The filter answers synchronously; while it does, the list's selection
   * may drop the chosen school, which must not un-choose it. */
  self->refiltering = TRUE;
  onboard_school_filter_set_query (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  reselect_chosen_school (self);
  self->refiltering = FALSE;

  update_count (self);
  show_first_row (self);
}

static void
selection_changed_cb (OnboardSchoolPage *self)
{
  OnboardSchoolSlot *slot = gtk_single_selection_get_selected_item (self->selection);

  if (self->refiltering || slot == NULL)
    return;

  choose_school (self, onboard_school_slot_get_school (slot));
}

static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       OnboardSchoolPage     *self)
{
  /* Down from the search field goes into the results, as in a web form. */
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    {
      guint position = gtk_single_selection_get_selected (self->selection);

      if (position == GTK_INVALID_LIST_POSITION)
        position = 0;

      /* scroll-to-item also makes that row the one the list focuses, so
       * Up, Down and Enter then work in the list itself, and a screen
       * reader says the school. */
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
      return TRUE;
    }

  return FALSE;
}

static void
search_activated_cb (OnboardSchoolPage *self)
{
  /* Enter with exactly one match (a URN, a DfE number, a full postcode)
   * chooses it. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 1)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (G_LIST_MODEL (self->results), 0);

      gtk_single_selection_set_selected (self->selection, 0);
      choose_school (self, school);
      gtk_widget_grab_focus (GTK_WIDGET (self->mis_row));
    }
}

static void
list_activated_cb (OnboardSchoolPage *self,
                   guint              position)
{
  g_autoptr(OnboardSchool) school = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  /* Enter (or a double click) on a school chooses it and moves on to the MIS. */
  choose_school (self, school);
  gtk_widget_grab_focus (GTK_WIDGET (self->mis_row));
}

/* ---- The directory ---------------------------------------------------- */

static void
restore_chosen_school (OnboardSchoolPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardSchoolDirectory *directory = onboard_school_catalogue_get_directory (self->catalogue);
  const char *urn = onboard_progress_get_school_urn (progress);
  g_autoptr(OnboardSchool) school = NULL;

  if (self->school != NULL || urn == NULL || directory == NULL)
    return;

  school = onboard_school_directory_find_by_urn (directory, urn);
  if (school != NULL)
    {
      g_set_object (&self->school, school);
      show_chosen_school (self);
      update_state (self);
    }
}

static void
catalogue_changed_cb (OnboardSchoolPage *self)
{
  OnboardSchoolDirectory *directory = onboard_school_catalogue_get_directory (self->catalogue);

  switch (onboard_school_catalogue_get_state (self->catalogue))
    {
    case ONBOARD_SCHOOL_CATALOGUE_READY:
      gtk_spinner_set_spinning (self->loading_spinner, FALSE);
      if (onboard_school_results_get_directory (self->results) != directory)
        {
          onboard_school_results_set_directory (self->results, directory);
          show_first_row (self);
        }
      restore_chosen_school (self);
      update_count (self);
      break;

    case ONBOARD_SCHOOL_CATALOGUE_FAILED:
      gtk_spinner_set_spinning (self->loading_spinner, FALSE);
      gtk_label_set_label (self->failed_label, onboard_school_catalogue_get_error (self->catalogue)->message);
      gtk_stack_set_visible_child_name (self->results_stack, "failed");
      gtk_label_set_label (self->count_label, "");
      break;

    case ONBOARD_SCHOOL_CATALOGUE_EMPTY:
    case ONBOARD_SCHOOL_CATALOGUE_LOADING:
    default:
      gtk_spinner_set_spinning (self->loading_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->results_stack, "loading");
      gtk_label_set_label (self->count_label, "");
      break;
    }
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardSchoolPage *self = ONBOARD_SCHOOL_PAGE (widget);

  onboard_school_catalogue_load (self->catalogue);
}

/* ---- MIS -------------------------------------------------------------- */

static void
set_providers (OnboardSchoolPage *self,
               GListModel        *providers)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char *saved = onboard_progress_get_mis_provider (progress);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_set_object (&self->providers, providers);
  adw_combo_row_set_model (self->mis_row, providers);

  for (guint i = 0; saved != NULL && i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(OnboardMisProvider) provider = g_list_model_get_item (providers, i);

      if (g_strcmp0 (onboard_mis_provider_get_id (provider), saved) == 0)
        selected = i;
    }

  /* Nothing is chosen for the user: the MIS must be their own answer. */
  adw_combo_row_set_selected (self->mis_row, selected);
  update_state (self);
}

static void
providers_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OnboardSchoolPage) self = user_data;
  g_autoptr(GListModel) providers = NULL;
  g_autoptr(GError) error = NULL;

  providers = onboard_client_list_mis_providers_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Offline with a cached school list: the contract's five, the same
   * choice. */
  if (providers == NULL)
    providers = onboard_mis_new_known_list ();

  set_providers (self, providers);
}

static void
mis_changed_cb (OnboardSchoolPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardMisProvider *provider = get_selected_provider (self);

  if (provider != NULL)
    onboard_progress_set_mis_provider (progress, onboard_mis_provider_get_id (provider));

  /* GTK 4.8 does not tell a screen reader what a drop-down row shows: the
   * chosen MIS is its description, said with the row ("MIS Provider, combo
   * box, Arbor") and as it is chosen. */
  if (provider != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->mis_row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, onboard_mis_provider_get_name (provider),
                                    -1);

  g_clear_pointer (&self->registration_key, g_free);
  update_state (self);
}

/* ---- Registering ------------------------------------------------------ */

static void
set_busy (OnboardSchoolPage *self,
          gboolean           busy)
{
  onboard_page_set_busy (ONBOARD_PAGE (self), busy);
  update_state (self);
}

static void
finish_step (OnboardSchoolPage *self)
{
  /* The registration now holds what the page shows: the window moves on. */
  onboard_page_set_complete (ONBOARD_PAGE (self), TRUE);
}

/* Whether the service already holds the school and MIS on the page. */
static gboolean
registration_is_current (OnboardSchoolPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardMisProvider *provider = get_selected_provider (self);

  return onboard_progress_get_registration_id (progress) != NULL &&
         self->school != NULL && provider != NULL &&
         g_strcmp0 (onboard_progress_get_school_urn (progress),
                    onboard_school_get_urn (self->school)) == 0 &&
         g_strcmp0 (onboard_progress_get_mis_provider (progress),
                    onboard_mis_provider_get_id (provider)) == 0;
}

static void
show_error (OnboardSchoolPage *self,
            const GError      *error)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();
  g_autofree char *details = NULL;
  g_autofree char *text = NULL;
  OnboardErrorDetails *error_details = NULL;

  if (error->domain == ONBOARD_CLIENT_ERROR)
    {
      details = onboard_client_error_dup_report (error);
      error_details = onboard_client_error_get_details (error);
    }

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT) &&
      error_details != NULL &&
      g_strcmp0 (onboard_error_details_get_server_code (error_details), "school_already_registered") == 0)
    {
      text = g_strdup_printf (_("Another account has already registered this school. Call Assembly on %s and we will sort it out with you."), phone);
      onboard_error_banner_show (self->banner, text, details, NULL);
    }
  else if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NOT_FOUND))
    {
      text = g_strdup_printf (_("Assembly does not know this school any more. Search again, or call Assembly on %s."), phone);
      onboard_error_banner_show (self->banner, text, details, NULL);
    }
  else if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT))
    onboard_error_banner_show (self->banner,
                               _("Assembly cannot connect this MIS through Xporter on Demand. Check the MIS you chose."),
                               details, NULL);
  else
    onboard_error_banner_show (self->banner, error->message, details, _("_Try Again"));
}

static void
registered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OnboardSchoolPage) self = user_data;
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = onboard_client_create_school_registration_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (error != NULL)
    {
      /* Keep the key only when the request may have been acted on; an
       * answer would be replayed to it, so Try Again needs a new one. */
      if (!onboard_client_error_is_outcome_unknown (error))
        g_clear_pointer (&self->registration_key, g_free);
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->registration_key, g_free);
  onboard_progress_set_school_urn (progress, onboard_school_registration_get_urn (registration));
  onboard_progress_set_school_name (progress, onboard_school_registration_get_school_name (registration));
  onboard_progress_set_mis_provider (progress, onboard_school_registration_get_mis_provider (registration));
  onboard_progress_set_registration_id (progress, onboard_school_registration_get_id (registration));
  onboard_progress_set_connector_id (progress, onboard_school_registration_get_connector_id (registration));
  onboard_progress_set_connector_status (progress,
                                         onboard_connector_status_to_string (onboard_school_registration_get_connector_status (registration)));

  finish_step (self);
}

static void
mis_changed_on_service_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(OnboardSchoolPage) self = user_data;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  connector = onboard_client_change_mis_provider_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (error != NULL)
    {
      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT))
        onboard_error_banner_show (self->banner,
                                   _("The MIS cannot be changed once access has been granted. Call Assembly if it is wrong."),
                                   NULL, NULL);
      else
        show_error (self, error);
      return;
    }

  finish_step (self);
}

static gboolean
onboard_school_page_activate_primary (OnboardPage *page)
{
  OnboardSchoolPage *self = ONBOARD_SCHOOL_PAGE (page);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));
  OnboardMisProvider *provider = get_selected_provider (self);
  const char *registered_urn = onboard_progress_get_registration_id (progress) != NULL
                               ? onboard_progress_get_school_urn (progress) : NULL;

  g_return_val_if_fail (self->school != NULL && provider != NULL, TRUE);

  /* Back here after registering and nothing changed: just go on. */
  if (onboard_page_get_complete (page) && registration_is_current (self))
    return FALSE;

  onboard_page_set_complete (page, FALSE);
  onboard_error_banner_hide (self->banner);
  set_busy (self, TRUE);

  /* Back here after registering: only the MIS can still change. */
  if (registered_urn != NULL &&
      g_strcmp0 (registered_urn, onboard_school_get_urn (self->school)) == 0 &&
      onboard_progress_get_connector_id (progress) != NULL)
    {
      onboard_client_change_mis_provider_async (client,
                                                onboard_progress_get_connector_id (progress),
                                                onboard_mis_provider_get_id (provider),
                                                NULL,
                                                self->cancellable,
                                                mis_changed_on_service_cb,
                                                g_object_ref (self));
      return TRUE;
    }

  if (self->registration_key == NULL)
    self->registration_key = onboard_client_new_idempotency_key ();

  onboard_client_create_school_registration_async (client,
                                                   onboard_school_get_urn (self->school),
                                                   onboard_mis_provider_get_id (provider),
                                                   self->registration_key,
                                                   self->cancellable,
                                                   registered_cb,
                                                   g_object_ref (self));

  return TRUE;
}

static void
banner_clicked_cb (OnboardSchoolPage *self)
{
  onboard_page_activate_primary (ONBOARD_PAGE (self));
}

/* ---- Life cycle ------------------------------------------------------- */

static void
onboard_school_page_shown (OnboardPage *page)
{
  OnboardSchoolPage *self = ONBOARD_SCHOOL_PAGE (page);
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));

  /* Normally prefetched since the app opened; this covers a failed try. */
  if (onboard_school_catalogue_get_state (self->catalogue) == ONBOARD_SCHOOL_CATALOGUE_EMPTY ||
      onboard_school_catalogue_get_state (self->catalogue) == ONBOARD_SCHOOL_CATALOGUE_FAILED)
    onboard_school_catalogue_load (self->catalogue);

  if (self->providers == NULL)
    onboard_client_list_mis_providers_async (client, self->cancellable,
                                             providers_cb, g_object_ref (self));

  update_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
onboard_school_page_dispose (GObject *object)
{
  OnboardSchoolPage *self = (OnboardSchoolPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->count_pause_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_SCHOOL_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->school);
  g_clear_object (&self->providers);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->registration_key, g_free);

  G_OBJECT_CLASS (onboard_school_page_parent_class)->dispose (object);
}

static void
onboard_school_page_class_init (OnboardSchoolPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OnboardPageClass *page_class = ONBOARD_PAGE_CLASS (klass);

  object_class->dispose = onboard_school_page_dispose;

  page_class->shown = onboard_school_page_shown;
  page_class->activate_primary = onboard_school_page_activate_primary;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-school-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, header);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, failed_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, selected_group);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, selected_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, mis_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, booking_revealer);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, booking_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolPage, banner);

  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, mis_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_clicked_cb);

  gtk_widget_class_install_action (widget_class, "school.reload", NULL, reload_action);

  g_type_ensure (ONBOARD_TYPE_ERROR_BANNER);
  g_type_ensure (ONBOARD_TYPE_STEP_HEADER);
}

static void
onboard_school_page_init (OnboardSchoolPage *self)
{
  GtkEventController *keys;
  GtkListItemFactory *factory;
  GtkExpression *name;

  gtk_widget_init_template (GTK_WIDGET (self));

  onboard_page_set_title (ONBOARD_PAGE (self), _("School information"));
  onboard_page_bind_header (ONBOARD_PAGE (self), self->header);

  /* Every keystroke completes before the next: the search is fast enough
   * that splitting the work would only make the count flicker. The
   * results hold the filter, the slots the results, and the selection
   * the slots. */
  self->filter = onboard_school_filter_new ();
  self->results = onboard_school_results_new (NULL, self->filter);
  g_object_unref (self->filter);
  self->slots = onboard_school_slots_new (G_LIST_MODEL (self->results), SHOWN_MAX);
  g_object_unref (self->results);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->slots)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  factory = onboard_school_row_factory_new ();
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  name = gtk_property_expression_new (ONBOARD_TYPE_MIS_PROVIDER, NULL, "name");
  adw_combo_row_set_expression (self->mis_row, name);
  gtk_expression_unref (name);

  self->cancellable = g_cancellable_new ();
  onboard_page_set_primary (ONBOARD_PAGE (self), _("C_ontinue"), FALSE);
}

OnboardPage *
onboard_school_page_new (OnboardClient          *client,
                         OnboardProgress        *progress,
                         OnboardSchoolCatalogue *catalogue)
{
  OnboardSchoolPage *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_CATALOGUE (catalogue), NULL);

  self = g_object_new (ONBOARD_TYPE_SCHOOL_PAGE, "client", client, "progress", progress, NULL);
  self->catalogue = g_object_ref (catalogue);

  g_signal_connect_object (catalogue, "notify::state", G_CALLBACK (catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (catalogue, "notify::directory", G_CALLBACK (catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  catalogue_changed_cb (self);

  /* Complete means the service holds what the page shows. It changes only
   * when a request starts or succeeds, never while the user picks a school,
   * so the window never moves on without Continue being pressed. */
  onboard_page_set_complete (ONBOARD_PAGE (self),
                             onboard_progress_get_registration_id (progress) != NULL);

  return ONBOARD_PAGE (self);
}

OnboardSchool *
onboard_school_page_get_school (OnboardSchoolPage *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_PAGE (self), NULL);

  return self->school;
}

/**
 * onboard_school_page_get_results:
 *
 * Returns: (transfer none): the schools the search shows
 */
GListModel *
onboard_school_page_get_results (OnboardSchoolPage *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}
