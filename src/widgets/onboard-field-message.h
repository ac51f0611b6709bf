/* onboard-field-message.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  ONBOARD_FIELD_MESSAGE_NONE,
  ONBOARD_FIELD_MESSAGE_INFO,
  ONBOARD_FIELD_MESSAGE_BUSY,
  ONBOARD_FIELD_MESSAGE_SUCCESS,
  ONBOARD_FIELD_MESSAGE_ERROR,
} OnboardFieldMessageKind;

#define ONBOARD_TYPE_FIELD_MESSAGE (onboard_field_message_get_type ())

G_DECLARE_FINAL_TYPE (OnboardFieldMessage, onboard_field_message, ONBOARD, FIELD_MESSAGE, GtkWidget)

GtkWidget               *onboard_field_message_get_field (OnboardFieldMessage     *self);
void                     onboard_field_message_set_field (OnboardFieldMessage     *self,
                                                          GtkWidget               *field);
OnboardFieldMessageKind  onboard_field_message_get_kind  (OnboardFieldMessage     *self);
const char              *onboard_field_message_get_text  (OnboardFieldMessage     *self);
void                     onboard_field_message_show      (OnboardFieldMessage     *self,
                                                          OnboardFieldMessageKind  kind,
                                                          const char              *text);
void                     onboard_field_message_clear     (OnboardFieldMessage     *self);

G_END_DECLS
