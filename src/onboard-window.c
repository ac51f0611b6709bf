/* onboard-window.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-accessibility.h"
#include "onboard-connector-page.h"
#include "onboard-school-page.h"
#include "onboard-signup-page.h"
#include "onboard-startup.h"
#include "onboard-status-page.h"
#include "onboard-welcome-page.h"
#include "onboard-window.h"

/* The wizard. This is the only file that touches GtkAssistant: it owns the
 * page table and the button row, shows each page's primary action there,
 * listens to each page's "complete" and "busy", and alone decides where the
 * user goes, from what OnboardProgress says. Pages never navigate.
 */

typedef struct
{
  AdwHeaderBar    *header_bar;
  GtkMenuButton   *menu_button;
  GtkMenuButton   *not_saved_button;
  GtkWidget       *practice_banner;
  gboolean         practice;

  OnboardClient          *client;
  OnboardProgress        *progress;
  OnboardSchoolCatalogue *catalogue;
  OnboardCredentials     *credentials;
  OnboardStatusMonitor   *monitor;
  GSettings       *settings;
  /* The pages built so far, from Step 1 on; the assistant holds a
   * placeholder of the same title for each of the others, until it is
   * built after the first frame or when first asked for. */
  GPtrArray       *pages;
  GPtrArray       *placeholders;
  guint            build_source_id;
  GtkButton       *back_button;
  GtkButton       *primary_button;
  GtkLabel        *primary_label;
  GtkSpinner      *primary_spinner;
  GtkLabel        *hint_label;
  char            *primary_description;
  char            *pending_hint;
  guint            hint_id;
  guint            shown_idle_id;
  guint            focus_check_id;
  guint            focus_retries;
  gboolean         focus_unheard;
  gboolean         said_at_start;
  guint            say_at_start_id;
  guint            say_again_id;
  GtkWidget       *watched_focus;
  gboolean         animations_held;
  guint            settle_id;
} OnboardWindowPrivate;

/* GtkAssistant's structures are private in GTK 4, so this is what
 * G_DEFINE_FINAL_TYPE_WITH_PRIVATE would expand to, with the parent's sizes
 * taken from the type system instead of from its (hidden) structures.
 */
static gpointer onboard_window_parent_class;
static int OnboardWindow_private_offset;

static void onboard_window_class_init (GtkWidgetClass *klass);
static void onboard_window_init       (OnboardWindow  *self);

static void
onboard_window_class_intern_init (gpointer klass)
{
  onboard_window_parent_class = g_type_class_peek_parent (klass);
  g_type_class_adjust_private_offset (klass, &OnboardWindow_private_offset);
  onboard_window_class_init (klass);
}

GType
onboard_window_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GTypeQuery query;
      GType type;

      g_type_query (GTK_TYPE_ASSISTANT, &query);
      type = g_type_register_static_simple (GTK_TYPE_ASSISTANT,
                                            g_intern_static_string ("OnboardWindow"),
                                            query.class_size,
                                            (GClassInitFunc)(void (*)(void))onboard_window_class_intern_init,
                                            query.instance_size,
                                            (GInstanceInitFunc)(void (*)(void))onboard_window_init,
                                            G_TYPE_FLAG_FINAL);
      OnboardWindow_private_offset = g_type_add_instance_private (type, sizeof (OnboardWindowPrivate));
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

static inline OnboardWindowPrivate *
onboard_window_get_instance_private (OnboardWindow *self)
{
  return G_STRUCT_MEMBER_P (self, OnboardWindow_private_offset);
}

static OnboardPage *
create_welcome_page (OnboardWindowPrivate *priv)
{
  return onboard_welcome_page_new (priv->client, priv->progress);
}

static OnboardPage *
create_signup_page (OnboardWindowPrivate *priv)
{
  return onboard_signup_page_new (priv->client, priv->progress, priv->credentials);
}

static OnboardPage *
create_school_page (OnboardWindowPrivate *priv)
{
  return onboard_school_page_new (priv->client, priv->progress, priv->catalogue);
}

static OnboardPage *
create_connector_page (OnboardWindowPrivate *priv)
{
  return onboard_connector_page_new (priv->client, priv->progress, priv->monitor);
}

static OnboardPage *
create_status_page (OnboardWindowPrivate *priv)
{
  return onboard_status_page_new (priv->client, priv->progress, priv->monitor);
}

typedef struct
{
  OnboardStep            step;
  /* The title the page gives itself, shown in the sidebar until the page
   * is built: the same words, so that building it changes nothing seen. */
  const char            *title;
  OnboardPage          *(*create) (OnboardWindowPrivate *priv);
} OnboardPageEntry;

/* The five steps of the published guide, in its order. */
static const OnboardPageEntry page_table[] = {
  { ONBOARD_STEP_BEFORE_YOU_START, N_("Before you start"), create_welcome_page },
  { ONBOARD_STEP_SIGN_UP, N_("Sign up"), create_signup_page },
  { ONBOARD_STEP_SCHOOL_INFORMATION, N_("School information"), create_school_page },
  { ONBOARD_STEP_CONFIGURE_CONNECTION, N_("Configuring Assembly Connection"), create_connector_page },
  { ONBOARD_STEP_CHECK_CONNECTION, N_("Checking the Connection has been Configured"), create_status_page },
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PROGRESS,
  PROP_CATALOGUE,
  PROP_CREDENTIALS,
  PROP_MONITOR,
  PROP_PRACTICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void close_now (OnboardWindow *self);
static void build_pages_up_to (OnboardWindow *self,
                               guint          step);

static void
update_title (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  OnboardPage *page = onboard_window_get_current_page (self);
  g_autofree char *step_label = NULL;
  g_autofree char *title = NULL;

  if (page == NULL)
    return;

  step_label = onboard_page_dup_step_label (page);
  /* Translators: the window title, e.g. "Step 1 of 5 · Before you start" */
  title = g_strdup_printf (_("%s · %s"), step_label, onboard_page_get_title (page));
  if (priv->practice)
    {
      g_autofree char *plain = g_steal_pointer (&title);

      /* Translators: the window title in practice mode, e.g.
       * "Practice · Step 1 of 5 · Before you start" */
      title = g_strdup_printf (_("Practice · %s"), plain);
    }

  if (g_strcmp0 (title, gtk_window_get_title (GTK_WINDOW (self))) != 0)
    gtk_window_set_title (GTK_WINDOW (self), title);

  /* The page is named as the window is: Orca says the group the focus
   * moves into ("Step 3 of 5 · School information panel"), while the
   * window's new title alone is not always heard: Orca, running behind,
   * can read the window's name before the event that it changed, and
   * then drops the event as saying nothing new. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static OnboardPage *
page_for_step (OnboardWindow *self,
               guint          step)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  build_pages_up_to (self, step);

  for (guint i = 0; i < priv->pages->len; i++)
    {
      OnboardPage *page = g_ptr_array_index (priv->pages, i);

      if (onboard_page_get_step (page) == step)
        return page;
    }

  return NULL;
}

/* Back goes to the nearest earlier step that can still be changed; Before
 * you start, which holds nothing to change, only from Sign up. 0: none. */
static guint
back_target (OnboardWindow *self,
             OnboardPage   *page)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  guint step = onboard_page_get_step (page);

  if (step == ONBOARD_STEP_SIGN_UP)
    return ONBOARD_STEP_BEFORE_YOU_START;

  for (guint earlier = step - 1; earlier > ONBOARD_STEP_BEFORE_YOU_START; earlier--)
    {
      if (onboard_progress_get_step_changeable (priv->progress, earlier))
        return earlier;
    }

  return 0;
}

static gboolean
apply_hint_cb (gpointer user_data)
{
  OnboardWindow *self = user_data;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  const char *hint = priv->pending_hint;

  priv->hint_id = 0;

  if (g_strcmp0 (hint, priv->primary_description) == 0)
    return G_SOURCE_REMOVE;

  g_free (priv->primary_description);
  priv->primary_description = g_strdup (hint);

  gtk_label_set_text (priv->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (priv->hint_label), hint != NULL);
  if (hint != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (priv->primary_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (priv->primary_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  return G_SOURCE_REMOVE;
}

/* The button row: Back, where there is an earlier step to change, and the
 * page's one primary action, blue, named as the guide names it. */
static void
sync_buttons (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  OnboardPage *page = onboard_window_get_current_page (self);
  const char *label;
  gboolean busy;

  if (page == NULL || priv->primary_button == NULL)
    return;

  label = onboard_page_get_primary_label (page);
  busy = onboard_page_get_busy (page);

  gtk_widget_set_visible (GTK_WIDGET (priv->primary_button), label != NULL);
  /* The label is the button's mnemonic label, so the button is named by
   * its text, without the underscore. */
  if (label != NULL && g_strcmp0 (gtk_label_get_label (priv->primary_label), label) != 0)
    gtk_label_set_text_with_mnemonic (priv->primary_label, label);
  gtk_widget_set_sensitive (GTK_WIDGET (priv->primary_button),
                            onboard_page_get_primary_sensitive (page) && !busy);
  gtk_widget_set_visible (GTK_WIDGET (priv->primary_spinner), busy);
  gtk_spinner_set_spinning (priv->primary_spinner, busy);

  /* A greyed-out button says why, beside it; a screen reader hears it as
   * the button's description. Applied once the main loop has run: a page
   * that takes its hint away and gives it back on every key (as a form
   * is typed) would otherwise send a screen reader four messages a key,
   * and Orca falls behind the typing by tens of seconds. */
  g_free (priv->pending_hint);
  priv->pending_hint = label != NULL && !busy && !onboard_page_get_primary_sensitive (page)
                       ? g_strdup (onboard_page_get_primary_hint (page)) : NULL;
  if (priv->hint_id == 0)
    priv->hint_id = g_timeout_add (0, apply_hint_cb, self);

  gtk_widget_set_visible (GTK_WIDGET (priv->back_button), back_target (self, page) != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (priv->back_button), !busy);
}

/* The step names in GtkAssistant's sidebar are the guide's headings, and
 * the longest ("Checking the Connection has been Configured") would make
 * the window wider than a 600 px screen. GtkAssistant keeps its sidebar
 * labels in a size group, where a wrapping label cannot be measured, so
 * the name is broken into lines here, at spaces. */
#define SIDEBAR_LINE_CHARS 12

static char *
dup_sidebar_title (const char *title)
{
  g_auto(GStrv) words = g_strsplit (title != NULL ? title : "", " ", -1);
  GString *text = g_string_new (NULL);
  glong line = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong length = g_utf8_strlen (words[i], -1);

      if (line > 0 && line + 1 + length > SIDEBAR_LINE_CHARS)
        {
          g_string_append_c (text, '\n');
          line = 0;
        }
      else if (line > 0)
        {
          g_string_append_c (text, ' ');
          line++;
        }

      g_string_append (text, words[i]);
      line += length;
    }

  return g_string_free (text, FALSE);
}

static void
sync_sidebar_title (OnboardWindow *self,
                    OnboardPage   *page)
{
  g_autofree char *sidebar_title = dup_sidebar_title (onboard_page_get_title (page));

  gtk_assistant_set_page_title (GTK_ASSISTANT (self), GTK_WIDGET (page), sidebar_title);
}

static void
sync_page_state (OnboardWindow *self,
                 GParamSpec    *pspec,
                 OnboardPage   *page)
{
  gtk_assistant_set_page_complete (GTK_ASSISTANT (self), GTK_WIDGET (page),
                                   onboard_page_get_complete (page));
  sync_sidebar_title (self, page);

  if (page == onboard_window_get_current_page (self))
    {
      update_title (self);
      sync_buttons (self);
    }
}

/* Past the step in view: to where the progress says the user is, or the
 * next step. Past the last step: the wizard is finished. */
static void
go_forward (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  OnboardPage *page = onboard_window_get_current_page (self);
  guint step;

  if (page == NULL)
    return;

  step = onboard_page_get_step (page);
  if (step >= ONBOARD_PAGE_N_STEPS)
    {
      close_now (self);
      return;
    }

  onboard_window_go_to_step (self, MAX (step + 1, onboard_progress_get_resume_step (priv->progress)));
}

static void
page_complete_cb (OnboardWindow *self,
                  GParamSpec    *pspec,
                  OnboardPage   *page)
{
  /* A step finished while the user watches it (the sign-up went through,
   * the activation link was opened, Groupcall confirmed): move on. Never
   * past the last step on its own: Finish is the user's to press. */
  if (page == onboard_window_get_current_page (self) &&
      onboard_page_get_complete (page) &&
      onboard_page_get_step (page) < ONBOARD_PAGE_N_STEPS)
    go_forward (self);
}

static void
primary_clicked_cb (OnboardWindow *self)
{
  OnboardPage *page = onboard_window_get_current_page (self);

  if (page != NULL && !onboard_page_activate_primary (page))
    go_forward (self);
}

static void
back_clicked_cb (OnboardWindow *self)
{
  OnboardPage *page = onboard_window_get_current_page (self);
  guint target;

  if (page == NULL || onboard_page_get_busy (page))
    return;

  if ((target = back_target (self, page)) != 0)
    onboard_window_go_to_step (self, target);
}

static void
progress_changed_cb (OnboardWindow *self)
{
  sync_buttons (self);
}

static void
title_changed_cb (OnboardWindow *self)
{
  OnboardPage *page = onboard_window_get_current_page (self);

  update_title (self);
  if (page != NULL)
    sync_sidebar_title (self, page);
}

/* The focus moves away and back, so that the screen reader hears the
 * window, its step and where the focus is, as when it opened. With
 * @or_first, a window with the focus nowhere puts it on the page's first
 * control. */
static void
say_again (OnboardWindow *self,
           gboolean       or_first)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  OnboardPage *page = onboard_window_get_current_page (self);

  if (focus != NULL && gtk_widget_get_mapped (focus) &&
      gtk_widget_get_native (focus) == GTK_NATIVE (self))
    {
      gtk_root_set_focus (GTK_ROOT (self), NULL);
      if (GTK_IS_TEXT (focus))
        gtk_text_grab_focus_without_selecting (GTK_TEXT (focus));
      else
        gtk_widget_grab_focus (focus);
    }
  else if (or_first && page != NULL)
    gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
}

static gboolean
say_again_cb (gpointer user_data)
{
  OnboardWindow *self = user_data;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  priv->say_again_id = 0;
  if (gtk_window_is_active (GTK_WINDOW (self)))
    say_again (self, FALSE);

  return G_SOURCE_REMOVE;
}

/* Back in the window (from a dialog, a drop-down's list or another app),
 * GTK 4.8 tells the screen reader the window is active again, but not
 * where the focus is: it is said again, after the window. */
static void
active_changed_cb (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  if (!gtk_window_is_active (GTK_WINDOW (self)) || priv->say_again_id != 0)
    return;

  priv->say_again_id = g_timeout_add (0, say_again_cb, self);
}

/* The keyboard focus never rests on nothing: when what had it went away
 * (the form turned into "Check Your Inbox") and the page is not waiting
 * on a request, it goes to the first control of the page, and a screen
 * reader says where the user now is. */
#define FOCUS_RETRY_MS 100
#define FOCUS_RETRIES 10

static gboolean
focus_check_cb (gpointer user_data)
{
  OnboardWindow *self = user_data;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  OnboardPage *page = onboard_window_get_current_page (self);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  priv->focus_check_id = 0;

  /* The focus in a drop-down's list: GTK gives it back as the list closes. */
  if (focus != NULL && gtk_widget_get_native (focus) != GTK_NATIVE (self))
    return G_SOURCE_REMOVE;

  /* GTK puts the focus on the scrolled page itself when what had it went
   * away: that is nowhere a user can act, and a screen reader says nothing. */
  if (page != NULL && !onboard_page_get_busy (page) &&
      gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      (focus == NULL || !gtk_widget_get_mapped (focus) || GTK_IS_SCROLLED_WINDOW (focus)) &&
      (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (page)) || !gtk_widget_get_mapped (focus)))
    {
      if (focus != NULL)
        gtk_root_set_focus (GTK_ROOT (self), NULL);
      /* While a page's views cross-fade, GTK finds nothing it can focus
       * in it: again once they have. */
      gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (self));
      if ((focus == NULL || !gtk_widget_get_mapped (focus)) &&
          priv->focus_retries++ < FOCUS_RETRIES)
        {
          g_clear_handle_id (&priv->focus_check_id, g_source_remove);
          priv->focus_check_id = g_timeout_add (FOCUS_RETRY_MS, focus_check_cb, self);
        }
      return G_SOURCE_REMOVE;
    }

  priv->focus_retries = 0;

  /* GTK moved the focus to a widget before it was on screen (the view
   * that replaced the one with the focus) and told assistive technology
   * nothing: it is told now. */
  if (priv->focus_unheard && focus != NULL && gtk_widget_get_mapped (focus))
    {
      priv->focus_unheard = FALSE;
      say_again (self, FALSE);
    }

  return G_SOURCE_REMOVE;
}

static void
queue_focus_check (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  if (priv->focus_check_id == 0)
    priv->focus_check_id = g_timeout_add (0, focus_check_cb, self);
}

/* What has the focus can go from the screen without GTK moving the focus
 * (the banner's Try Again slides away, the form turns into the inbox):
 * watched, so the check runs then too. */
static void
focus_widget_changed_cb (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (priv->watched_focus != NULL)
    g_signal_handlers_disconnect_by_func (priv->watched_focus, queue_focus_check, self);
  g_set_weak_pointer (&priv->watched_focus, focus);
  if (focus != NULL)
    g_signal_connect_object (focus, "unmap", G_CALLBACK (queue_focus_check), self, G_CONNECT_SWAPPED);
  priv->focus_unheard = focus != NULL && !gtk_widget_get_mapped (focus);

  /* Not when the focus went to nothing: a page parks it there on purpose
   * while it waits, and a control that turns insensitive loses it; the
   * focus is not moved for the user then. */
  if (focus != NULL)
    queue_focus_check (self);
}

/* GTK 4.8 makes the app known to a screen reader only once the window is
 * on screen, from an idle callback, and what the window said before that
 * is lost: Orca heard neither the window nor the focus in it. Said again
 * once, a moment after the window appeared. (Asking the accessibility
 * registry until it lists the app instead made GTK's own registration
 * fail after the app was killed and started again.) */
#define SAY_AT_START_MS 1500

static gboolean
say_at_start_cb (gpointer user_data)
{
  OnboardWindow *self = user_data;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  priv->say_at_start_id = 0;
  if (gtk_window_is_active (GTK_WINDOW (self)))
    say_again (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* GTK 4.8 makes the app known to the accessibility bus from an idle
 * callback of the default idle priority, queued as the window appears.
 * A spinner (Step 2 waiting for the activation email, right after a
 * restart) redraws every frame; on a computer that draws in software and
 * is busy, a frame takes longer than the frame interval, the main loop is
 * never idle, and a screen reader never finds the app. So animations are
 * held back from the window's creation until the main loop has been idle
 * once after the window appeared (a lower priority than GTK's), and then
 * set back as they were. */
static void
hold_animations (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  gboolean enabled = FALSE;

  g_object_get (settings, "gtk-enable-animations", &enabled, NULL);
  if (enabled)
    {
      g_object_set (settings, "gtk-enable-animations", FALSE, NULL);
      priv->animations_held = TRUE;
    }
}

static void
release_animations (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  if (!priv->animations_held)
    return;

  priv->animations_held = FALSE;
  g_object_set (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", TRUE, NULL);
}

static gboolean
settled_cb (gpointer user_data)
{
  OnboardWindow *self = user_data;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  priv->settle_id = 0;
  release_animations (self);

  return G_SOURCE_REMOVE;
}

static void
mapped_cb (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  if (priv->animations_held && priv->settle_id == 0)
    priv->settle_id = g_idle_add_full (G_PRIORITY_LOW, settled_cb, self, NULL);

  if (priv->said_at_start)
    return;

  priv->said_at_start = TRUE;
  priv->say_at_start_id = g_timeout_add (SAY_AT_START_MS, say_at_start_cb, self);
}

static gboolean
emit_shown_cb (gpointer user_data)
{
  OnboardWindow *self = user_data;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  OnboardPage *page = onboard_window_get_current_page (self);

  priv->shown_idle_id = 0;

  if (page != NULL)
    onboard_page_shown (page);

  return G_SOURCE_REMOVE;
}

static void
onboard_window_prepare (OnboardWindow *self,
                        GtkWidget     *page)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  guint step = onboard_page_get_step (ONBOARD_PAGE (page));

  /* Remember the furthest step reached, so a restart lands there even if
   * the user looked back at an earlier page before quitting. */
  if (step > onboard_progress_get_step (priv->progress))
    onboard_progress_set_step (priv->progress, step);

  update_title (self);
  sync_buttons (self);

  /* GtkAssistant next sets the window title to the page's own title in
   * the assistant, its sidebar name ("Sign up"), and the window puts the
   * step back ("Step 2 of 5 · Sign up"): a screen reader would say both.
   * Until then the page's title in the assistant is the whole window
   * title, so the title changes once; title_changed_cb puts the sidebar
   * name back. */
  gtk_assistant_set_page_title (GTK_ASSISTANT (self), page, gtk_window_get_title (GTK_WINDOW (self)));

  /* GtkAssistant moves the focus into the page after "prepare"; let the
   * page run (and place the focus where the user starts) after that. Not an
   * idle: an animating spinner can keep GTK busy enough to starve idles. */
  g_clear_handle_id (&priv->shown_idle_id, g_source_remove);
  priv->shown_idle_id = g_timeout_add (0, emit_shown_cb, self);
}

static void
save_window_state (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (priv->settings);
  g_settings_set (priv->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (priv->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (priv->settings);
}

static void
close_now (OnboardWindow *self)
{
  save_window_state (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
quit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  OnboardWindow    *self)
{
  if (g_strcmp0 (response, "quit") == 0)
    close_now (self);
}

static void
onboard_window_cancel (OnboardWindow *self)
{
  onboard_window_request_close (self);
}

static gboolean
onboard_window_close_request (GtkWindow *window)
{
  /* GtkAssistant's own handler only emits "cancel" and keeps the window
   * open, so the title bar's close button would do nothing: decide here,
   * asking first when the user would lose what they typed. */
  onboard_window_request_close (ONBOARD_WINDOW (window));

  return TRUE;
}

/* Every page is of GtkAssistant's custom type, so the assistant shows
 * none of its own buttons (no Next that the page cannot use, no Cancel on a
 * finished setup): the row holds Back and the page's primary action. */
static void
build_button_row (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  GtkWidget *box;
  GtkWidget *row;
  GtkWidget *buttons;

  priv->back_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Back")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"),
                                  -1);
  g_signal_connect_object (priv->back_button, "clicked",
                           G_CALLBACK (back_clicked_cb), self, G_CONNECT_SWAPPED);

  priv->primary_button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (priv->primary_button), "suggested-action");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  priv->primary_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (priv->primary_spinner), FALSE);
  priv->primary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_mnemonic_widget (priv->primary_label, GTK_WIDGET (priv->primary_button));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (priv->primary_spinner));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (priv->primary_label));
  gtk_button_set_child (priv->primary_button, box);
  g_signal_connect_object (priv->primary_button, "clicked",
                           G_CALLBACK (primary_clicked_cb), self, G_CONNECT_SWAPPED);

  /* One box, not two buttons: GtkAssistant reserves room in its row for
   * its own buttons, hidden here, and packs action buttons at the start of
   * that room. The box takes the whole row and keeps the buttons at its
   * end, where the user's eye (and the agent's "bottom right") expects
   * them, with the hint before them. */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (row, TRUE);
  gtk_widget_set_halign (row, GTK_ALIGN_FILL);

  priv->hint_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (priv->hint_label, TRUE);
  gtk_label_set_xalign (priv->hint_label, 1);
  gtk_label_set_justify (priv->hint_label, GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (GTK_WIDGET (priv->hint_label), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (priv->hint_label), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (priv->hint_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (priv->hint_label), FALSE);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (priv->hint_label));
  /* The buttons expand too, and sit at their box's end: with no hint
   * beside them nothing else would push them to the right. */
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (buttons, TRUE);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (priv->back_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (priv->primary_button));
  gtk_box_append (GTK_BOX (row), buttons);
  gtk_assistant_add_action_widget (GTK_ASSISTANT (self), row);
  /* GtkAssistant's action area hugs the right edge; across the whole width
   * it leaves the hint room to say its sentence on one line. */
  gtk_widget_set_halign (gtk_widget_get_parent (row), GTK_ALIGN_FILL);
  gtk_widget_set_hexpand (gtk_widget_get_parent (row), TRUE);
}

/* Builds the page of page_table[index] and puts it in the assistant at
 * @index, in place of its placeholder if it has one. */
static void
add_page (OnboardWindow *self,
          guint          index)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  OnboardPage *page;

  g_assert (index == priv->pages->len);

  page = page_table[index].create (priv);

  if (onboard_startup_get_enabled ())
    {
      g_autofree char *mark = g_strdup_printf ("page-%u-built", page_table[index].step);

      onboard_startup_mark (mark);
    }

  /* The placeholder's title must be the page's own. */
  g_warn_if_fail (g_strcmp0 (onboard_page_get_title (page), _(page_table[index].title)) == 0);

  g_ptr_array_add (priv->pages, page);
  onboard_page_set_step (page, page_table[index].step);

  if (index < priv->placeholders->len && g_ptr_array_index (priv->placeholders, index) != NULL)
    {
      gtk_assistant_remove_page (GTK_ASSISTANT (self), index);
      g_ptr_array_index (priv->placeholders, index) = NULL;
    }
  gtk_assistant_insert_page (GTK_ASSISTANT (self), GTK_WIDGET (page), index);
  gtk_assistant_set_page_type (GTK_ASSISTANT (self), GTK_WIDGET (page), GTK_ASSISTANT_PAGE_CUSTOM);

  g_signal_connect_object (page, "notify::complete", G_CALLBACK (sync_page_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (page_complete_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::busy", G_CALLBACK (sync_page_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::busy", G_CALLBACK (queue_focus_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (sync_page_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::step", G_CALLBACK (sync_page_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::primary-label", G_CALLBACK (sync_page_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::primary-sensitive", G_CALLBACK (sync_page_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::primary-hint", G_CALLBACK (sync_page_state), self, G_CONNECT_SWAPPED);
  sync_page_state (self, NULL, page);
}

/* An empty page under the title of page_table[index], for the sidebar. */
static void
add_placeholder (OnboardWindow *self,
                 guint          index)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  g_autofree char *sidebar_title = dup_sidebar_title (_(page_table[index].title));
  GtkWidget *placeholder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  g_ptr_array_set_size (priv->placeholders, index + 1);
  g_ptr_array_index (priv->placeholders, index) = placeholder;
  gtk_assistant_append_page (GTK_ASSISTANT (self), placeholder);
  gtk_assistant_set_page_type (GTK_ASSISTANT (self), placeholder, GTK_ASSISTANT_PAGE_CUSTOM);
  gtk_assistant_set_page_title (GTK_ASSISTANT (self), placeholder, sidebar_title);
}

/* Every page up to the one of @step is built. */
static void
build_pages_up_to (OnboardWindow *self,
                   guint          step)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  /* Nothing is built any more once the window is being disposed. */
  while (priv->pages != NULL &&
         priv->pages->len < G_N_ELEMENTS (page_table) &&
         page_table[priv->pages->len].step <= step)
    add_page (self, priv->pages->len);
}

/* One page a frame, so that no frame waits for all four. */
static gboolean
build_next_page_cb (gpointer user_data)
{
  OnboardWindow *self = user_data;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  priv->build_source_id = 0;
  if (priv->pages != NULL && priv->pages->len < G_N_ELEMENTS (page_table))
    {
      add_page (self, priv->pages->len);
      /* The next frame comes, and with it the next page. */
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  return G_SOURCE_REMOVE;
}

/* A frame is on the screen: the next page not yet built can be. */
static void
frame_painted_cb (GdkFrameClock *clock,
                  OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  if (priv->pages == NULL || priv->pages->len == G_N_ELEMENTS (page_table))
    {
      g_signal_handlers_disconnect_by_func (clock, frame_painted_cb, self);
      return;
    }

  /* Not an idle: an animating spinner (Step 1's checks) can keep GTK busy
   * enough to starve idles. */
  if (priv->build_source_id == 0)
    priv->build_source_id = g_timeout_add (0, build_next_page_cb, self);
}

static void
realized_cb (OnboardWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (frame_painted_cb), self, 0);
}

static void
onboard_window_constructed (GObject *object)
{
  OnboardWindow *self = (OnboardWindow *)object;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_autoptr(GtkBuilder) builder = NULL;
  guint resume_step;

  G_OBJECT_CLASS (onboard_window_parent_class)->constructed (object);
  onboard_startup_mark ("window-shell");

  /* GtkAssistant clears the title bar while it is constructed, so ours is
   * put in afterwards rather than through a template. */
  builder = gtk_builder_new_from_resource ("/org/assembly/Onboard/onboard-window.ui");
  priv->header_bar = ADW_HEADER_BAR (gtk_builder_get_object (builder, "header_bar"));
  priv->menu_button = GTK_MENU_BUTTON (gtk_builder_get_object (builder, "menu_button"));
  priv->not_saved_button = GTK_MENU_BUTTON (gtk_builder_get_object (builder, "not_saved_button"));
  priv->practice_banner = GTK_WIDGET (gtk_builder_get_object (builder, "practice_banner"));
  {
    /* The practice banner sits under the title bar, across the window. */
    GtkWidget *titlebar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (titlebar), GTK_WIDGET (priv->header_bar));
    gtk_box_append (GTK_BOX (titlebar), priv->practice_banner);
    gtk_window_set_titlebar (GTK_WINDOW (self), titlebar);
  }

  /* What the first frame shows: the page where the user carries on, and
   * those before it (Back may go there); the later pages after the first
   * frame. The sidebar names all five from the start. */
  resume_step = onboard_progress_get_resume_step (priv->progress);
  for (guint i = 0; i < G_N_ELEMENTS (page_table); i++)
    {
      if (page_table[i].step <= resume_step)
        add_page (self, i);
      else
        add_placeholder (self, i);
    }

  build_button_row (self);
  g_signal_connect_object (priv->progress, "notify", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);

  /* Carry on where the user left off, even days later. */
  onboard_window_resume (self);
  update_title (self);
  sync_buttons (self);
}

static void
onboard_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OnboardWindow *self = ONBOARD_WINDOW (object);
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, priv->client);
      break;

    case PROP_PROGRESS:
      g_value_set_object (value, priv->progress);
      break;

    case PROP_CATALOGUE:
      g_value_set_object (value, priv->catalogue);
      break;

    case PROP_CREDENTIALS:
      g_value_set_object (value, priv->credentials);
      break;

    case PROP_MONITOR:
      g_value_set_object (value, priv->monitor);
      break;

    case PROP_PRACTICE:
      g_value_set_boolean (value, priv->practice);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OnboardWindow *self = ONBOARD_WINDOW (object);
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      break;

    case PROP_PROGRESS:
      priv->progress = g_value_dup_object (value);
      break;

    case PROP_CATALOGUE:
      priv->catalogue = g_value_dup_object (value);
      break;

    case PROP_CREDENTIALS:
      priv->credentials = g_value_dup_object (value);
      break;

    case PROP_MONITOR:
      priv->monitor = g_value_dup_object (value);
      break;

    case PROP_PRACTICE:
      onboard_window_set_practice (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_window_dispose (GObject *object)
{
  OnboardWindow *self = (OnboardWindow *)object;
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_clear_handle_id (&priv->shown_idle_id, g_source_remove);
  g_clear_handle_id (&priv->focus_check_id, g_source_remove);
  g_clear_handle_id (&priv->settle_id, g_source_remove);
  release_animations (self);
  g_clear_handle_id (&priv->say_again_id, g_source_remove);
  g_clear_handle_id (&priv->say_at_start_id, g_source_remove);
  if (priv->watched_focus != NULL)
    g_signal_handlers_disconnect_by_func (priv->watched_focus, queue_focus_check, self);
  g_clear_weak_pointer (&priv->watched_focus);
  g_clear_pointer (&priv->primary_description, g_free);
  g_clear_pointer (&priv->pending_hint, g_free);
  g_clear_handle_id (&priv->hint_id, g_source_remove);
  g_clear_handle_id (&priv->build_source_id, g_source_remove);
  g_clear_pointer (&priv->pages, g_ptr_array_unref);
  g_clear_pointer (&priv->placeholders, g_ptr_array_unref);
  g_clear_object (&priv->settings);
  g_clear_object (&priv->client);
  g_clear_object (&priv->progress);
  g_clear_object (&priv->catalogue);
  g_clear_object (&priv->credentials);

  /* Closing the wizard stops the watching: no timer outlives the window. */
  if (priv->monitor != NULL)
    onboard_status_monitor_stop (priv->monitor);
  g_clear_object (&priv->monitor);

  G_OBJECT_CLASS (onboard_window_parent_class)->dispose (object);
}

static void
onboard_window_class_init (GtkWidgetClass *widget_class)
{
  GObjectClass *object_class = G_OBJECT_CLASS (widget_class);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (widget_class);

  object_class->constructed = onboard_window_constructed;
  object_class->dispose = onboard_window_dispose;
  object_class->get_property = onboard_window_get_property;
  object_class->set_property = onboard_window_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         ONBOARD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL,
                         ONBOARD_TYPE_PROGRESS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL,
                         ONBOARD_TYPE_CREDENTIALS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL,
                         ONBOARD_TYPE_SCHOOL_CATALOGUE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         ONBOARD_TYPE_STATUS_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Practice mode: pages may ask their window (by this name, being below
   * it), as Step 5 does before sending a desktop notification. */
  properties[PROP_PRACTICE] =
    g_param_spec_boolean ("practice", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = onboard_window_close_request;
}

/* For ONBOARD_DEBUG_STARTUP: the end of the first frame painted. */
static void
first_frame_painted_cb (GdkFrameClock *clock,
                        OnboardWindow *self)
{
  onboard_startup_mark ("first-frame");
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, self);
}

static void
startup_realized_cb (OnboardWindow *self)
{
  onboard_startup_mark ("realized");
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (first_frame_painted_cb), self, 0);
}

static void
startup_mapped_cb (OnboardWindow *self)
{
  onboard_startup_mark ("mapped");
}

static void
onboard_window_init (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  int width, height;

  gtk_window_set_title (GTK_WINDOW (self), _("Assembly Onboard"));
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 400);
  hold_animations (self);

  /* GtkAssistant's class structure is private: listen instead of overriding. */
  g_signal_connect (self, "prepare", G_CALLBACK (onboard_window_prepare), NULL);
  g_signal_connect (self, "cancel", G_CALLBACK (onboard_window_cancel), NULL);

  /* GtkAssistant sets the bare page title after "prepare"; put the step
   * number back, as support reads it out on the phone. */
  g_signal_connect (self, "notify::title", G_CALLBACK (title_changed_cb), NULL);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), NULL);

  if (onboard_startup_get_enabled ())
    {
      g_signal_connect (self, "realize", G_CALLBACK (startup_realized_cb), NULL);
      g_signal_connect (self, "map", G_CALLBACK (startup_mapped_cb), NULL);
    }

  priv->pages = g_ptr_array_new ();
  priv->placeholders = g_ptr_array_new ();
  g_signal_connect (self, "realize", G_CALLBACK (realized_cb), NULL);
  priv->settings = g_settings_new (APP_ID);

  g_settings_get (priv->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (priv->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

OnboardWindow *
onboard_window_new (AdwApplication         *application,
                    OnboardClient          *client,
                    OnboardProgress        *progress,
                    OnboardSchoolCatalogue *catalogue,
                    OnboardStatusMonitor   *monitor,
                    OnboardCredentials     *credentials)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (monitor), NULL);

  /* Never a header bar of the assistant's own, whatever GtkSettings'
   * gtk-dialogs-use-header says (always TRUE on Wayland, and under GNOME's
   * settings on X): the window's title bar would replace it, and the
   * button row, which GtkAssistant would put into it, would be gone. */
  return g_object_new (ONBOARD_TYPE_WINDOW,
                       "use-header-bar", FALSE,
                       "application", application,
                       "client", client,
                       "progress", progress,
                       "catalogue", catalogue,
                       "credentials", credentials,
                       "monitor", monitor,
                       NULL);
}

/**
 * onboard_window_go_to_step:
 * @step: 1 to 5
 *
 * Shows the page of @step, or the last page before it that exists.
 *
 * Returns: %TRUE if the page of @step itself is shown
 */
gboolean
onboard_window_go_to_step (OnboardWindow *self,
                           guint          step)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  int target = -1;

  g_return_val_if_fail (ONBOARD_IS_WINDOW (self), FALSE);

  build_pages_up_to (self, step);

  for (guint i = 0; i < priv->pages->len; i++)
    {
      if (onboard_page_get_step (g_ptr_array_index (priv->pages, i)) <= step)
        target = i;
    }

  if (target < 0)
    return FALSE;

  if (target != gtk_assistant_get_current_page (GTK_ASSISTANT (self)))
    gtk_assistant_set_current_page (GTK_ASSISTANT (self), target);

  return onboard_page_get_step (g_ptr_array_index (priv->pages, target)) == step;
}

OnboardPage *
onboard_window_get_current_page (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  int n;

  g_return_val_if_fail (ONBOARD_IS_WINDOW (self), NULL);

  n = gtk_assistant_get_current_page (GTK_ASSISTANT (self));
  if (n < 0 || priv->pages == NULL || (guint)n >= priv->pages->len)
    return NULL;

  return g_ptr_array_index (priv->pages, n);
}

guint
onboard_window_get_n_steps (OnboardWindow *self)
{
  g_return_val_if_fail (ONBOARD_IS_WINDOW (self), 0);

  /* Built yet or not. */
  return G_N_ELEMENTS (page_table);
}

/**
 * onboard_window_get_page:
 * @index: 0 for Step 1, up to onboard_window_get_n_steps() - 1
 *
 * Returns: (transfer none): the page
 */
OnboardPage *
onboard_window_get_page (OnboardWindow *self,
                         guint          index)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (index < G_N_ELEMENTS (page_table), NULL);

  build_pages_up_to (self, page_table[index].step);

  return g_ptr_array_index (priv->pages, index);
}

/**
 * onboard_window_get_has_input:
 *
 * Whether some page holds input the user would lose by quitting now.
 * Finished steps are saved as they finish, so they never count.
 */
gboolean
onboard_window_get_has_input (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);
  g_return_val_if_fail (ONBOARD_IS_WINDOW (self), FALSE);

  /* A page not built yet holds nothing typed. */
  for (guint i = 0; i < priv->pages->len; i++)
    {
      if (onboard_page_get_has_input (g_ptr_array_index (priv->pages, i)))
        return TRUE;
    }

  return FALSE;
}

/**
 * onboard_window_request_close:
 *
 * Closes the window, asking first when the user would lose what they typed.
 */
void
onboard_window_request_close (OnboardWindow *self)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (ONBOARD_IS_WINDOW (self));

  if (!onboard_window_get_has_input (self))
    {
      close_now (self);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Stop Setting Up?"),
                                                       _("What you have typed on this page will be lost. "
                                                         "The steps you have finished are saved, and next time "
                                                         "you can carry on from where you left off.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Going"),
                                    "quit", _("_Stop"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "quit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (quit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * onboard_window_set_sign_in_saved:
 * @saved: %FALSE when the keyring could not keep the sign-in
 *
 * Shows a warning in the title bar saying the user will need to sign in
 * again next time.
 */
void
onboard_window_set_sign_in_saved (OnboardWindow *self,
                                  gboolean       saved)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_WINDOW (self));

  gtk_widget_set_visible (GTK_WIDGET (priv->not_saved_button), !saved);
}

/**
 * onboard_window_set_practice:
 * @practice: whether the window runs against the practice service
 *
 * Practice mode: a banner on every page says nothing is sent to Assembly,
 * with the practice inbox and the way out, and the title says Practice.
 */
void
onboard_window_set_practice (OnboardWindow *self,
                             gboolean       practice)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_WINDOW (self));

  practice = !!practice;
  if (priv->practice == practice)
    return;

  priv->practice = practice;
  gtk_widget_set_visible (priv->practice_banner, practice);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRACTICE]);
}

gboolean
onboard_window_get_practice (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_WINDOW (self), FALSE);

  return priv->practice;
}

/**
 * onboard_window_resume:
 *
 * Shows the step where the user carries on, as OnboardProgress says: used
 * at start and when the service changed where the user stands.
 */
void
onboard_window_resume (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_WINDOW (self));

  onboard_window_go_to_step (self, onboard_progress_get_resume_step (priv->progress));
}

/**
 * onboard_window_show_sign_in:
 *
 * Shows the Sign up step with its sign-in form, the email filled in: for a
 * user whose sign-in the service no longer accepts.
 */
void
onboard_window_show_sign_in (OnboardWindow *self)
{
  OnboardPage *page;

  g_return_if_fail (ONBOARD_IS_WINDOW (self));

  if ((page = page_for_step (self, ONBOARD_STEP_SIGN_UP)) == NULL)
    return;

  onboard_window_go_to_step (self, ONBOARD_STEP_SIGN_UP);
  gtk_widget_activate_action (GTK_WIDGET (page), "signup.show-sign-in", NULL);
}

/**
 * onboard_window_get_primary_button:
 *
 * Returns: (transfer none): the button of the current page's primary action
 */
GtkWidget *
onboard_window_get_primary_button (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (priv->primary_button);
}

/**
 * onboard_window_get_back_button:
 *
 * Returns: (transfer none): the Back button of the button row
 */
GtkWidget *
onboard_window_get_back_button (OnboardWindow *self)
{
  OnboardWindowPrivate *priv = onboard_window_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (priv->back_button);
}
