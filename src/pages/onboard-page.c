/* onboard-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-page.h"

/* The abstract step of the wizard. A page never navigates: it only says
 * whether it is complete (the window may move on), busy (a request is running,
 * so the window holds navigation) and whether it holds input the user would
 * lose by quitting now. The window alone listens and moves.
 */

typedef struct
{
  char     *title;
  guint     step;
  guint     complete : 1;
  guint     busy : 1;
  guint     has_input : 1;
} OnboardPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OnboardPage, onboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STEP,
  PROP_COMPLETE,
  PROP_BUSY,
  PROP_HAS_INPUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
onboard_page_finalize (GObject *object)
{
  OnboardPage *self = (OnboardPage *)object;
  OnboardPagePrivate *priv = onboard_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);

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

  switch (prop_id)
    {
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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_page_class_init (OnboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onboard_page_finalize;
  object_class->get_property = onboard_page_get_property;
  object_class->set_property = onboard_page_set_property;

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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnboardPage::done:
   *
   * The step finished on its own (an email link was opened, a connection
   * came up): the window moves on without the user pressing Next.
   */
  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
onboard_page_init (OnboardPage *self)
{
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
 * onboard_page_done:
 *
 * Says the step finished on its own; the page must be complete.
 */
void
onboard_page_done (OnboardPage *self)
{
  g_return_if_fail (ONBOARD_IS_PAGE (self));
  g_return_if_fail (onboard_page_get_complete (self));

  g_signal_emit (self, signals[DONE], 0);
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
