/* onboard-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-accessibility.h"
#include "onboard-client.h"
#include "onboard-page.h"
#include "onboard-progress.h"

/* The abstract step of the wizard. A page never navigates. It says:
 *
 *  - its primary action: the label the guide gives it (with a mnemonic),
 *    whether it can be pressed now, and what it does (activate_primary);
 *    while it cannot be pressed, a hint says what is missing, beside it;
 *    The window shows it as the one blue button of its button row, so it is
 *    always in view; a page with no action now (waiting for an email) has
 *    no label, and then there is no blue button at all;
 *  - whether its step is complete: when that turns true on the page in
 *    view, the window moves on, to where OnboardProgress says the user is;
 *  - whether it is busy (a request is running: the window holds
 *    navigation) and whether it holds input the user would lose by quitting.
 *
 * The window gives each page its step number from its own page table.
 * Every page talks to the service through one client and keeps where the
 * user is in one progress store: the page holds both, given when it is
 * made.
 */

typedef struct
{
  OnboardClient   *client;
  OnboardProgress *progress;
  char     *title;
  char     *primary_label;
  char     *primary_hint;
  guint     step;
  guint     primary_sensitive : 1;
  guint     complete : 1;
  guint     busy : 1;
  guint     has_input : 1;
} OnboardPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OnboardPage, onboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PROGRESS,
  PROP_TITLE,
  PROP_STEP,
  PROP_COMPLETE,
  PROP_BUSY,
  PROP_HAS_INPUT,
  PROP_PRIMARY_LABEL,
  PROP_PRIMARY_SENSITIVE,
  PROP_PRIMARY_HINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_page_dispose (GObject *object)
{
  OnboardPage *self = (OnboardPage *)object;
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_clear_object (&priv->client);
  g_clear_object (&priv->progress);

  G_OBJECT_CLASS (onboard_page_parent_class)->dispose (object);
}

static void
onboard_page_finalize (GObject *object)
{
  OnboardPage *self = (OnboardPage *)object;
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->primary_label, g_free);
  g_clear_pointer (&priv->primary_hint, g_free);

  G_OBJECT_CLASS (onboard_page_parent_class)->finalize (object);
}

static void
onboard_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OnboardPage *self = ONBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, onboard_page_get_client (self));
      break;

    case PROP_PROGRESS:
      g_value_set_object (value, onboard_page_get_progress (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, onboard_page_get_title (self));
      break;

    case PROP_STEP:
      g_value_set_uint (value, onboard_page_get_step (self));
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, onboard_page_get_complete (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, onboard_page_get_busy (self));
      break;

    case PROP_HAS_INPUT:
      g_value_set_boolean (value, onboard_page_get_has_input (self));
      break;

    case PROP_PRIMARY_LABEL:
      g_value_set_string (value, onboard_page_get_primary_label (self));
      break;

    case PROP_PRIMARY_SENSITIVE:
      g_value_set_boolean (value, onboard_page_get_primary_sensitive (self));
      break;

    case PROP_PRIMARY_HINT:
      g_value_set_string (value, onboard_page_get_primary_hint (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OnboardPage *self = ONBOARD_PAGE (object);
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      break;

    case PROP_PROGRESS:
      priv->progress = g_value_dup_object (value);
      break;

    case PROP_TITLE:
      onboard_page_set_title (self, g_value_get_string (value));
      break;

    case PROP_STEP:
      onboard_page_set_step (self, g_value_get_uint (value));
      break;

    case PROP_COMPLETE:
      onboard_page_set_complete (self, g_value_get_boolean (value));
      break;

    case PROP_BUSY:
      onboard_page_set_busy (self, g_value_get_boolean (value));
      break;

    case PROP_HAS_INPUT:
      onboard_page_set_has_input (self, g_value_get_boolean (value));
      break;

    case PROP_PRIMARY_LABEL:
      onboard_page_set_primary_label (self, g_value_get_string (value));
      break;

    case PROP_PRIMARY_SENSITIVE:
      onboard_page_set_primary_sensitive (self, g_value_get_boolean (value));
      break;

    case PROP_PRIMARY_HINT:
      onboard_page_set_primary_hint (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (onboard_page_parent_class)->constructed (object);

  /* Every page's template is built by now, and nothing of it has been
   * shown to assistive technology yet: the moment to put its fields right
   * for GTK 4.8. */
  onboard_accessibility_prepare (GTK_WIDGET (object));
}

static void
onboard_page_class_init (OnboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = onboard_page_constructed;
  object_class->dispose = onboard_page_dispose;
  object_class->finalize = onboard_page_finalize;
  object_class->get_property = onboard_page_get_property;
  object_class->set_property = onboard_page_set_property;

  /* A group, named by the window after its step and title: what a screen
   * reader says as the focus moves into the page. */
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         ONBOARD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL,
                         ONBOARD_TYPE_PROGRESS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL,
                       0, ONBOARD_PAGE_N_STEPS, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_INPUT] =
    g_param_spec_boolean ("has-input", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRIMARY_LABEL] =
    g_param_spec_string ("primary-label", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRIMARY_SENSITIVE] =
    g_param_spec_boolean ("primary-sensitive", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRIMARY_HINT] =
    g_param_spec_string ("primary-hint", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_page_init (OnboardPage *self)
{
}

/**
 * onboard_page_get_client:
 *
 * Returns: (transfer none): the client the page talks to the service with
 */
OnboardClient *
onboard_page_get_client (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), NULL);

  return priv->client;
}

/**
 * onboard_page_get_progress:
 *
 * Returns: (transfer none): where the user is, kept across runs
 */
OnboardProgress *
onboard_page_get_progress (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), NULL);

  return priv->progress;
}

const char *
onboard_page_get_title (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), NULL);

  return priv->title;
}

void
onboard_page_set_title (OnboardPage *self,
                        const char  *title)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

guint
onboard_page_get_step (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), 0);

  return priv->step;
}

void
onboard_page_set_step (OnboardPage *self,
                       guint        step)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_PAGE (self));
  g_return_if_fail (step <= ONBOARD_PAGE_N_STEPS);

  if (priv->step != step)
    {
      priv->step = step;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
    }
}

gboolean
onboard_page_get_complete (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
onboard_page_set_complete (OnboardPage *self,
                           gboolean     complete)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_PAGE (self));

  complete = !!complete;

  if (priv->complete != complete)
    {
      priv->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

gboolean
onboard_page_get_busy (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), FALSE);

  return priv->busy;
}

void
onboard_page_set_busy (OnboardPage *self,
                       gboolean     busy)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_PAGE (self));

  busy = !!busy;

  if (priv->busy != busy)
    {
      priv->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

gboolean
onboard_page_get_has_input (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), FALSE);

  return priv->has_input;
}

void
onboard_page_set_has_input (OnboardPage *self,
                            gboolean     has_input)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_PAGE (self));

  has_input = !!has_input;

  if (priv->has_input != has_input)
    {
      priv->has_input = has_input;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_INPUT]);
    }
}

/**
 * onboard_page_dup_step_label:
 *
 * Returns: "Step N of 5", the words support staff say on the phone.
 */
char *
onboard_page_dup_step_label (OnboardPage *self)
{
  g_return_val_if_fail (ONBOARD_IS_PAGE (self), NULL);

  /* Translators: the position of a page in the five-step wizard */
  return g_strdup_printf (_("Step %u of %u"),
                          onboard_page_get_step (self),
                          (guint)ONBOARD_PAGE_N_STEPS);
}

void
onboard_page_shown (OnboardPage *self)
{
  g_return_if_fail (ONBOARD_IS_PAGE (self));

  if (ONBOARD_PAGE_GET_CLASS (self)->shown)
    ONBOARD_PAGE_GET_CLASS (self)->shown (self);
}

/**
 * onboard_page_get_primary_label:
 *
 * Returns: (nullable): the label of the page's primary action now, with
 *   its mnemonic ("_Sign up"), or %NULL when it has none
 */
const char *
onboard_page_get_primary_label (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), NULL);

  return priv->primary_label;
}

void
onboard_page_set_primary_label (OnboardPage *self,
                                const char  *label)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_PAGE (self));

  if (label != NULL && *label == '\0')
    label = NULL;

  if (g_strcmp0 (priv->primary_label, label) == 0)
    return;

  g_free (priv->primary_label);
  priv->primary_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIMARY_LABEL]);
}

gboolean
onboard_page_get_primary_sensitive (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), FALSE);

  return priv->primary_sensitive;
}

void
onboard_page_set_primary_sensitive (OnboardPage *self,
                                    gboolean     sensitive)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_PAGE (self));

  sensitive = !!sensitive;

  if (priv->primary_sensitive != sensitive)
    {
      priv->primary_sensitive = sensitive;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIMARY_SENSITIVE]);
    }
}

/**
 * onboard_page_set_primary:
 * @label: (nullable): the action's label with its mnemonic, or %NULL for none
 * @sensitive: whether it can be pressed now
 */
void
onboard_page_set_primary (OnboardPage *self,
                          const char  *label,
                          gboolean     sensitive)
{
  g_return_if_fail (ONBOARD_IS_PAGE (self));

  g_object_freeze_notify (G_OBJECT (self));
  onboard_page_set_primary_label (self, label);
  onboard_page_set_primary_sensitive (self, sensitive);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * onboard_page_get_primary_hint:
 *
 * Returns: (nullable): what is missing before the primary action can be
 *   pressed, as a sentence, or %NULL
 */
const char *
onboard_page_get_primary_hint (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), NULL);

  return priv->primary_hint;
}

/**
 * onboard_page_set_primary_hint:
 * @hint: (nullable): what the user must do before the primary action can be
 *   pressed; the window shows it beside the action while it cannot be
 */
void
onboard_page_set_primary_hint (OnboardPage *self,
                               const char  *hint)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_if_fail (ONBOARD_IS_PAGE (self));

  if (hint != NULL && *hint == '\0')
    hint = NULL;

  if (g_strcmp0 (priv->primary_hint, hint) == 0)
    return;

  g_free (priv->primary_hint);
  priv->primary_hint = g_strdup (hint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIMARY_HINT]);
}

/**
 * onboard_page_activate_primary:
 *
 * Does what the page's primary action does. Nothing happens when the page
 * has no primary action now or it cannot be pressed.
 *
 * Returns: %FALSE when the page has nothing of its own to do and the
 *   window should move on (only while the page is complete)
 */
gboolean
onboard_page_activate_primary (OnboardPage *self)
{
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_return_val_if_fail (ONBOARD_IS_PAGE (self), TRUE);

  if (priv->primary_label == NULL || !priv->primary_sensitive || priv->busy)
    return TRUE;

  if (ONBOARD_PAGE_GET_CLASS (self)->activate_primary != NULL &&
      ONBOARD_PAGE_GET_CLASS (self)->activate_primary (self))
    return TRUE;

  return !priv->complete;
}

static void
sync_header_step_label (OnboardPage       *self,
                        GParamSpec        *pspec,
                        OnboardStepHeader *header)
{
  g_autofree char *label = onboard_page_dup_step_label (self);

  onboard_step_header_set_step_label (header, label);
}

/**
 * onboard_page_bind_header:
 *
 * Keeps @header showing this page's step and title, whatever sets them.
 */
void
onboard_page_bind_header (OnboardPage       *self,
                          OnboardStepHeader *header)
{
  g_return_if_fail (ONBOARD_IS_PAGE (self));
  g_return_if_fail (ONBOARD_IS_STEP_HEADER (header));

  g_object_bind_property (self, "title", header, "title", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self, "notify::step",
                           G_CALLBACK (sync_header_step_label), header, 0);
  sync_header_step_label (self, NULL, header);
}
