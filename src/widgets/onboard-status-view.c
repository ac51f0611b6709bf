/* onboard-status-view.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-error-banner.h"
#include "onboard-accessibility.h"
#include "onboard-status-view.h"
#include "onboard-status-words.h"

/* The connection's state in words, for Steps 4 and 5: what it is (one
 * sentence per state, different for every state, so that a support agent
 * knows the state from the sentence the user reads out), what it means,
 * what happens next and when; when the service last answered, a way to ask
 * again now, and why it could not be asked, if it could not.
 *
 * It only listens to the status monitor; "Refresh Now" is the one thing it
 * asks of it.
 */

/* From this long a wait on, the view says when the next check is. */
#define LONG_WAIT_SECONDS 120

/* "Last checked" moves in steps of this many seconds: fine enough to read,
 * rare enough to cost nothing. */
#define TICK_SECONDS 5

struct _OnboardStatusView
{
  AdwBin                parent_instance;

  /* Template children */
  GtkBox               *summary_box;
  GtkImage             *icon;
  GtkBox               *text_box;
  GtkLabel             *title_label;
  GtkLabel             *description_label;
  GtkLabel             *next_label;
  AdwPreferencesGroup  *sync_group;
  AdwActionRow         *last_sync_row;
  AdwActionRow         *next_sync_row;
  GtkBox               *check_box;
  GtkSpinner           *checking_spinner;
  GtkLabel             *last_checked_label;
  GtkButton            *refresh_button;
  OnboardErrorBanner   *banner;

  OnboardStatusMonitor *monitor;
  char                 *icon_name;
  char                 *problem;
  guint                 tick_id;
  gboolean              compact;
};

G_DEFINE_FINAL_TYPE (OnboardStatusView, onboard_status_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MONITOR,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_last_checked (OnboardStatusView *self);

static char *
dup_wait (guint ms)
{
  guint seconds = (ms + 999) / 1000;

  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "It tries again by itself in %u second.",
                                         "It tries again by itself in %u seconds.",
                                         seconds),
                            seconds);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It tries again by itself in %u minute.",
                                       "It tries again by itself in %u minutes.",
                                       (seconds + 59) / 60),
                          (seconds + 59) / 60);
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update_layout (OnboardStatusView *self)
{
  GtkLabel *labels[] = { self->title_label, self->description_label, self->next_label };

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->summary_box),
                                  self->compact ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_image_set_pixel_size (self->icon, self->compact ? 32 : 96);
  gtk_widget_set_valign (GTK_WIDGET (self->icon), self->compact ? GTK_ALIGN_START : GTK_ALIGN_CENTER);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gtk_label_set_xalign (labels[i], self->compact ? 0.0 : 0.5);
      gtk_label_set_justify (labels[i], self->compact ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_CENTER);
    }

  if (self->compact)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "title-2");
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "heading");
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "title-2");
    }
}

static void
update_sync (OnboardStatusView *self,
             OnboardConnector  *connector,
             GDateTime         *now)
{
  GDateTime *last_sync;
  GDateTime *next_sync;
  g_autofree char *last = NULL;
  g_autofree char *text = NULL;
  gboolean show;

  show = !self->compact && connector != NULL &&
         (onboard_connector_get_last_sync_at (connector) != NULL ||
          onboard_connector_get_status (connector) == ONBOARD_CONNECTOR_STATUS_AUTHORISED ||
          onboard_connector_get_status (connector) == ONBOARD_CONNECTOR_STATUS_SYNCING);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_group), show);
  if (!show)
    return;

  last_sync = onboard_connector_get_last_sync_at (connector);
  next_sync = onboard_connector_get_next_sync_at (connector);

  if (last_sync == NULL)
    text = g_strdup (_("None yet"));
  else
    {
      last = onboard_status_words_format_past (last_sync, now);

      switch (onboard_connector_get_last_sync_status (connector))
        {
        case ONBOARD_SYNC_STATUS_SUCCESS:
          /* Translators: when the last data pull was, and how it went */
          text = g_strdup_printf (_("%s: succeeded"), last);
          break;

        case ONBOARD_SYNC_STATUS_FAILURE:
          text = g_strdup_printf (_("%s: failed"), last);
          break;

        case ONBOARD_SYNC_STATUS_NO_CHANGES:
          text = g_strdup_printf (_("%s: nothing new"), last);
          break;

        case ONBOARD_SYNC_STATUS_NONE:
        case ONBOARD_SYNC_STATUS_UNKNOWN:
        default:
          text = g_strdup (last);
          break;
        }
    }
  adw_action_row_set_subtitle (self->last_sync_row, text);

  gtk_widget_set_visible (GTK_WIDGET (self->next_sync_row), next_sync != NULL);
  if (next_sync != NULL)
    {
      g_autofree char *when = onboard_status_words_format_when (next_sync, now);

      adw_action_row_set_subtitle (self->next_sync_row, when);
    }
}

static void
update_status (OnboardStatusView *self)
{
  static const char * const styles[] = { "success", "warning", "error" };
  OnboardConnector *connector = self->monitor ? onboard_status_monitor_get_connector (self->monitor) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(OnboardStatusWords) d = { 0 };
  gboolean changed;

  if (connector != NULL)
    onboard_status_words_describe (&d, connector, now);
  else
    {
      d.icon_name = "content-loading-symbolic";
      d.title = g_strdup (_("Checking the connection…"));
    }

  g_free (self->icon_name);
  self->icon_name = g_strdup (d.icon_name);
  gtk_image_set_from_icon_name (self->icon, d.icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->icon), styles[i]);
  if (d.style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), d.style);

  changed = g_strcmp0 (gtk_label_get_label (self->title_label), d.title ? d.title : "") != 0 &&
            gtk_label_get_label (self->title_label)[0] != '\0';

  set_label (self->title_label, d.title);
  set_label (self->description_label, d.description);
  set_label (self->next_label, d.next);

  update_sync (self, connector, now);

  /* A new state while the user waits on this page ("Your school is
   * connected to Assembly"): said at once, wherever the focus is on it. */
  if (changed && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      /* Translators: what a screen reader says when the connection's
       * state changes: the state's title, then its description */
      g_autofree char *message = d.description != NULL
                                 ? g_strdup_printf (_("%s. %s"), d.title, d.description)
                                 : g_strdup (d.title);

      onboard_accessibility_announce (GTK_WIDGET (self), message);
    }
}

static void
update_problem (OnboardStatusView *self)
{
  const GError *error = self->monitor ? onboard_status_monitor_get_error (self->monitor) : NULL;
  gboolean offline = self->monitor && onboard_status_monitor_get_offline (self->monitor) &&
                     onboard_status_monitor_get_connector_id (self->monitor) != NULL;

  g_clear_pointer (&self->problem, g_free);

  if (offline)
    {
      self->problem = g_strdup (_("This computer is offline, so the connection cannot be checked. Checking starts again by itself when it is back online."));
      gtk_widget_set_visible (GTK_WIDGET (self->banner), TRUE);
      onboard_error_banner_show (self->banner, self->problem, NULL, NULL);
    }
  else if (error != NULL)
    {
      g_autofree char *details = NULL;
      g_autofree char *wait = NULL;
      guint interval = onboard_status_monitor_get_interval (self->monitor);

      if (error->domain == ONBOARD_CLIENT_ERROR)
        details = onboard_client_error_dup_report (error);

      if (interval > 0)
        {
          wait = dup_wait (interval);
          self->problem = g_strdup_printf ("%s %s", error->message, wait);
        }
      else
        self->problem = g_strdup (error->message);

      gtk_widget_set_visible (GTK_WIDGET (self->banner), TRUE);
      onboard_error_banner_show (self->banner, self->problem, details, _("_Check Now"));
    }
  else
    {
      /* Hidden, not just folded away, so it takes no room in the box. */
      onboard_error_banner_hide (self->banner);
      gtk_widget_set_visible (GTK_WIDGET (self->banner), FALSE);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  OnboardStatusView *self = user_data;

  update_last_checked (self);

  return G_SOURCE_CONTINUE;
}

static void
update_tick (OnboardStatusView *self)
{
  gboolean wanted;

  /* Only while someone can see it, and there is something to count from. */
  wanted = gtk_widget_get_mapped (GTK_WIDGET (self)) &&
           self->monitor != NULL &&
           onboard_status_monitor_get_last_checked (self->monitor) != NULL;

  if (wanted && self->tick_id == 0)
    {
      self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
      g_source_set_name_by_id (self->tick_id, "[onboard] last checked");
    }
  else if (!wanted)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
update_last_checked (OnboardStatusView *self)
{
  GDateTime *last_checked = self->monitor ? onboard_status_monitor_get_last_checked (self->monitor) : NULL;
  gboolean checking = self->monitor && onboard_status_monitor_get_checking (self->monitor);
  gboolean watching = self->monitor && onboard_status_monitor_get_connector_id (self->monitor) != NULL;
  GDateTime *next_check = self->monitor ? onboard_status_monitor_get_next_check (self->monitor) : NULL;
  g_autofree char *text = NULL;

  if (last_checked != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan seconds = MAX (0, g_date_time_difference (now, last_checked) / G_TIME_SPAN_SECOND);

      if (seconds < TICK_SECONDS)
        text = g_strdup (_("Last checked just now"));
      else if (seconds < 60)
        {
          guint shown = seconds - seconds % TICK_SECONDS;

          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Last checked %u second ago",
                                               "Last checked %u seconds ago",
                                               shown),
                                  shown);
        }
      else if (seconds < 60 * 60)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Last checked %u minute ago",
                                             "Last checked %u minutes ago",
                                             seconds / 60),
                                (guint)(seconds / 60));
      else
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (last_checked);
          g_autofree char *clock = g_date_time_format (local, "%H:%M");

          /* Translators: %s is a time such as 14:05 */
          text = g_strdup_printf (_("Last checked at %s"), clock);
        }
    }
  else if (checking)
    text = g_strdup (_("Checking…"));
  else
    text = g_strdup (_("Not checked yet"));

  /* A long wait (a Retry-After of minutes) would otherwise look as if
   * checking had stopped: say when the next look is. */
  if (next_check != NULL && !checking)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (g_date_time_difference (next_check, now) >= LONG_WAIT_SECONDS * G_TIME_SPAN_SECOND)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (next_check);
          g_autofree char *clock = g_date_time_format (local, "%H:%M");
          g_autofree char *wait = NULL;
          g_autofree char *both = NULL;

          /* Translators: %s is a time such as 14:05 */
          wait = g_strdup_printf (_("Assembly asked us to wait; next check at %s"), clock);
          both = g_strdup_printf ("%s\n%s", text, wait);
          g_free (text);
          text = g_steal_pointer (&both);
        }
    }

  gtk_label_set_label (self->last_checked_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->checking_spinner), checking);
  gtk_spinner_set_spinning (self->checking_spinner, checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), watching && !checking);
  gtk_widget_set_visible (GTK_WIDGET (self->check_box), watching);

  update_tick (self);
}

static void
refresh_clicked_cb (OnboardStatusView *self)
{
  if (self->monitor != NULL)
    onboard_status_monitor_refresh (self->monitor);
}

static void
onboard_status_view_map (GtkWidget *widget)
{
  OnboardStatusView *self = ONBOARD_STATUS_VIEW (widget);

  GTK_WIDGET_CLASS (onboard_status_view_parent_class)->map (widget);

  /* Times read "tonight" or "today" relative to now: bring them up to date. */
  update_status (self);
  update_last_checked (self);
}

static void
onboard_status_view_unmap (GtkWidget *widget)
{
  OnboardStatusView *self = ONBOARD_STATUS_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (onboard_status_view_parent_class)->unmap (widget);
}

static void
onboard_status_view_dispose (GObject *object)
{
  OnboardStatusView *self = (OnboardStatusView *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  onboard_status_view_set_monitor (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_STATUS_VIEW);

  G_OBJECT_CLASS (onboard_status_view_parent_class)->dispose (object);
}

static void
onboard_status_view_finalize (GObject *object)
{
  OnboardStatusView *self = (OnboardStatusView *)object;

  g_clear_pointer (&self->icon_name, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (onboard_status_view_parent_class)->finalize (object);
}

static void
onboard_status_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnboardStatusView *self = ONBOARD_STATUS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_status_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OnboardStatusView *self = ONBOARD_STATUS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      onboard_status_view_set_monitor (self, g_value_get_object (value));
      break;

    case PROP_COMPACT:
      onboard_status_view_set_compact (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_status_view_class_init (OnboardStatusViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_status_view_dispose;
  object_class->finalize = onboard_status_view_finalize;
  object_class->get_property = onboard_status_view_get_property;
  object_class->set_property = onboard_status_view_set_property;

  widget_class->map = onboard_status_view_map;
  widget_class->unmap = onboard_status_view_unmap;

  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         ONBOARD_TYPE_STATUS_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/widgets/onboard-status-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, summary_box);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, icon);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, text_box);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, title_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, description_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, next_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, sync_group);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, next_sync_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, check_box);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, checking_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, last_checked_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusView, banner);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);

  g_type_ensure (ONBOARD_TYPE_ERROR_BANNER);
}

static void
onboard_status_view_init (OnboardStatusView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_layout (self);
  update_status (self);
  update_last_checked (self);
}

OnboardStatusMonitor *
onboard_status_view_get_monitor (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), NULL);

  return self->monitor;
}

static void
monitor_status_cb (OnboardStatusView *self)
{
  update_status (self);
  update_problem (self);
}

/**
 * onboard_status_view_set_monitor:
 * @monitor: (nullable): the monitor whose connector to show
 */
void
onboard_status_view_set_monitor (OnboardStatusView    *self,
                                 OnboardStatusMonitor *monitor)
{
  g_return_if_fail (ONBOARD_IS_STATUS_VIEW (self));
  g_return_if_fail (!monitor || ONBOARD_IS_STATUS_MONITOR (monitor));

  if (self->monitor == monitor)
    return;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);

  g_set_object (&self->monitor, monitor);

  if (monitor != NULL)
    {
      g_signal_connect_object (monitor, "notify::connector", G_CALLBACK (monitor_status_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::status", G_CALLBACK (monitor_status_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::error", G_CALLBACK (update_problem), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::offline", G_CALLBACK (update_problem), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::interval", G_CALLBACK (update_problem), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::connector-id", G_CALLBACK (update_last_checked), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::last-checked", G_CALLBACK (update_last_checked), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::checking", G_CALLBACK (update_last_checked), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::next-check", G_CALLBACK (update_last_checked), self, G_CONNECT_SWAPPED);
    }

  update_status (self);
  update_problem (self);
  update_last_checked (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
}

gboolean
onboard_status_view_get_compact (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), FALSE);

  return self->compact;
}

/**
 * onboard_status_view_set_compact:
 * @compact: %TRUE for a row beside an icon (Step 4), %FALSE for the whole
 *   story, centred, with the data pulls (Step 5)
 */
void
onboard_status_view_set_compact (OnboardStatusView *self,
                                 gboolean           compact)
{
  g_return_if_fail (ONBOARD_IS_STATUS_VIEW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  update_layout (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

const char *
onboard_status_view_get_icon_name (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), NULL);

  return self->icon_name;
}

/**
 * onboard_status_view_get_title:
 *
 * Returns: the one sentence that names the state
 */
const char *
onboard_status_view_get_title (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), NULL);

  return gtk_label_get_label (self->title_label);
}

const char *
onboard_status_view_get_description (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), NULL);

  return gtk_label_get_label (self->description_label);
}

const char *
onboard_status_view_get_next_step (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), NULL);

  return gtk_label_get_label (self->next_label);
}

const char *
onboard_status_view_get_last_checked_text (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), NULL);

  return gtk_label_get_label (self->last_checked_label);
}

/**
 * onboard_status_view_get_last_sync_text:
 *
 * Returns: (nullable): the "Last data transfer" line, or %NULL when it is not
 *   shown
 */
const char *
onboard_status_view_get_last_sync_text (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->sync_group)))
    return NULL;

  return adw_action_row_get_subtitle (self->last_sync_row);
}

/**
 * onboard_status_view_get_problem:
 *
 * Returns: (nullable): why the state could not be checked, as shown, or
 *   %NULL when it could
 */
const char *
onboard_status_view_get_problem (OnboardStatusView *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_VIEW (self), NULL);

  return onboard_error_banner_get_revealed (self->banner) ? self->problem : NULL;
}
