/* onboard-client-error.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "onboard-client-error.h"

/* An extended error domain (GLib 2.68) rather than a plain quark: the
 * request id, HTTP status, server code and refused fields then travel
 * inside the GError itself, through g_task_return_error(), g_error_copy()
 * and g_propagate_error(), so a page that keeps the error keeps its
 * details, and no side table keyed by pointers or "last error" slot can
 * mix up two requests that fail at the same time. */
typedef struct
{
  OnboardErrorDetails *details;
} OnboardClientErrorPrivate;

static void
onboard_client_error_private_init (OnboardClientErrorPrivate *priv)
{
  priv->details = NULL;
}

static void
onboard_client_error_private_copy (const OnboardClientErrorPrivate *src,
                                   OnboardClientErrorPrivate       *dest)
{
  dest->details = src->details != NULL ? g_object_ref (src->details) : NULL;
}

static void
onboard_client_error_private_clear (OnboardClientErrorPrivate *priv)
{
  g_clear_object (&priv->details);
}

G_DEFINE_EXTENDED_ERROR (OnboardClientError, onboard_client_error)

G_DEFINE_ENUM_TYPE (OnboardClientError, onboard_client_error,
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_TIMEOUT, "timeout"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_TLS, "tls"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_INSECURE_URL, "insecure-url"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_INVALID_INPUT, "invalid-input"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_BAD_REQUEST, "bad-request"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_UNAUTHORISED, "unauthorised"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_NOT_ACTIVATED, "not-activated"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_FORBIDDEN, "forbidden"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_NOT_FOUND, "not-found"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_CONFLICT, "conflict"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_GONE, "gone"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_RATE_LIMITED, "rate-limited"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_SERVER, "server"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_UPSTREAM, "upstream"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_BAD_RESPONSE, "bad-response"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CLIENT_ERROR_UNSUPPORTED_VERSION, "unsupported-version"))

/**
 * onboard_client_error_dup_support_phone:
 *
 * The number that every sentence sending the user to support gives: the
 * `support-phone` setting, or the built-in number where the settings
 * schema is not installed (a tool run from the build tree).
 *
 * Returns: (transfer full): the support phone number
 */
char *
onboard_client_error_dup_support_phone (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *phone = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "support-phone"))
    return g_strdup (SUPPORT_PHONE);

  settings = g_settings_new (APP_ID);
  phone = g_settings_get_string (settings, "support-phone");
  if (phone == NULL || *phone == '\0')
    return g_strdup (SUPPORT_PHONE);

  return g_steal_pointer (&phone);
}

static char *
dup_wait_sentence (guint seconds)
{
  guint minutes;

  if (seconds == 0)
    return g_strdup (_("Too many attempts in a short time. Wait a few minutes, then try again."));

  if (seconds < 120)
    return g_strdup_printf (ngettext ("Too many attempts in a short time. Wait %u second, "
                                      "then try again.",
                                      "Too many attempts in a short time. Wait %u seconds, "
                                      "then try again.",
                                      seconds),
                            seconds);

  minutes = (seconds + 59) / 60;
  return g_strdup_printf (ngettext ("Too many attempts in a short time. Wait %u minute, "
                                    "then try again.",
                                    "Too many attempts in a short time. Wait %u minutes, "
                                    "then try again.",
                                    minutes),
                          minutes);
}

/* The errors whose sentence sends the user to support, with the number.
 * Returns NULL for the others. */
static char *
dup_message_with_phone (OnboardClientError  code,
                        const char         *server_code)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();

  switch (code)
    {
    case ONBOARD_CLIENT_ERROR_BAD_REQUEST:
      return g_strdup_printf (_("Assembly’s service did not accept the app’s request. Update "
                                "Assembly Onboard, or call Assembly support on %s."),
                              phone);

    case ONBOARD_CLIENT_ERROR_FORBIDDEN:
      return g_strdup_printf (_("Your account is not allowed to do this. Call Assembly support "
                                "on %s."),
                              phone);

    case ONBOARD_CLIENT_ERROR_CONFLICT:
      if (g_strcmp0 (server_code, "school_already_registered") != 0)
        return NULL;
      return g_strdup_printf (_("Another account has already registered this school. Call "
                                "Assembly support on %s to be given access."),
                              phone);

    case ONBOARD_CLIENT_ERROR_SERVER:
      return g_strdup_printf (_("Assembly’s service has a problem at the moment. Try again in a "
                                "few minutes; if it keeps happening, call Assembly support on "
                                "%s."),
                              phone);

    case ONBOARD_CLIENT_ERROR_UPSTREAM:
      return g_strdup_printf (_("Groupcall, which connects your MIS, did not accept the request. "
                                "Try again in a few minutes, or call Assembly support on %s."),
                              phone);

    default:
      return NULL;
    }
}

/* What the user can fix, or wait for, themselves. Returns NULL for an
 * error this version has no sentence for. */
static const char *
get_plain_message (OnboardClientError  code,
                   const char         *server_code)
{
  switch (code)
    {
    case ONBOARD_CLIENT_ERROR_NETWORK:
      return _("Assembly’s service could not be reached. Check that this computer is "
               "connected to the internet, then try again.");
    case ONBOARD_CLIENT_ERROR_TIMEOUT:
      return _("Assembly’s service took too long to answer. Try again in a moment.");
    case ONBOARD_CLIENT_ERROR_TLS:
      return _("The connection to Assembly is not secure: its certificate is not "
               "trusted. If your school filters web traffic, ask your IT support to "
               "let this app reach Assembly directly.");
    case ONBOARD_CLIENT_ERROR_INSECURE_URL:
      return _("The service address is not secure. Use an address that starts with "
               "https://.");
    case ONBOARD_CLIENT_ERROR_INVALID_INPUT:
      return _("Some details need correcting. Check what is marked on this page and "
               "try again.");
    case ONBOARD_CLIENT_ERROR_UNAUTHORISED:
      if (g_strcmp0 (server_code, "invalid_grant") == 0)
        return _("The email address or password is not right. Check them and try "
                 "again.");
      return _("You have been signed out. Please sign in again.");
    case ONBOARD_CLIENT_ERROR_NOT_ACTIVATED:
      return _("Your account is not activated yet. Open the link in the activation "
               "email, then try again.");
    case ONBOARD_CLIENT_ERROR_NOT_FOUND:
      return _("Assembly’s service could not find this. Check the details and try "
               "again.");
    case ONBOARD_CLIENT_ERROR_CONFLICT:
      if (g_strcmp0 (server_code, "invalid_state") == 0)
        return _("This cannot be done now, perhaps because it has already been "
                 "done. Refresh to see where things stand.");
      return _("Something changed on Assembly’s side meanwhile. Refresh, then try "
               "again.");
    case ONBOARD_CLIENT_ERROR_GONE:
      return _("This sign-up has expired. Please sign up again.");
    case ONBOARD_CLIENT_ERROR_BAD_RESPONSE:
      return _("Assembly’s service sent an answer this app cannot read. Try again "
               "later, or update Assembly Onboard.");
    case ONBOARD_CLIENT_ERROR_UNSUPPORTED_VERSION:
      return _("This version of Assembly Onboard is too old for Assembly’s service. "
               "Please update the app.");
    default:
      return NULL;
    }
}

static char *
dup_default_message (OnboardClientError   code,
                     OnboardErrorDetails *details)
{
  const char *server_code = details ? onboard_error_details_get_server_code (details) : NULL;
  g_autofree char *phone = NULL;
  char *message;
  const char *plain;

  if (code == ONBOARD_CLIENT_ERROR_RATE_LIMITED)
    return dup_wait_sentence (details ? onboard_error_details_get_retry_after (details) : 0);

  if ((message = dup_message_with_phone (code, server_code)) != NULL)
    return message;

  if ((plain = get_plain_message (code, server_code)) != NULL)
    return g_strdup (plain);

  phone = onboard_client_error_dup_support_phone ();

  return g_strdup_printf (_("Something went wrong. Try again, or call Assembly support on "
                            "%s."),
                          phone);
}

/**
 * onboard_client_error_new:
 * @details: (nullable): what support needs; the error takes a reference
 * @message: (nullable): a translated sentence for the user, or %NULL for
 *   the default sentence of @code
 *
 * Returns: (transfer full): a new error in %ONBOARD_CLIENT_ERROR
 */
GError *
onboard_client_error_new (OnboardClientError   code,
                          OnboardErrorDetails *details,
                          const char          *message)
{
  g_autofree char *default_message = NULL;
  OnboardClientErrorPrivate *priv;
  GError *error;

  g_return_val_if_fail (details == NULL || ONBOARD_IS_ERROR_DETAILS (details), NULL);

  if (message == NULL)
    message = default_message = dup_default_message (code, details);

  error = g_error_new_literal (ONBOARD_CLIENT_ERROR, code, message);
  priv = onboard_client_error_get_private (error);
  g_set_object (&priv->details, details);

  return error;
}

/**
 * onboard_client_error_get_details:
 * @error: any error
 *
 * Returns: (transfer none) (nullable): the details of an error raised by
 *   the client, or %NULL for errors of other domains
 */
OnboardErrorDetails *
onboard_client_error_get_details (const GError *error)
{
  if (error == NULL || error->domain != ONBOARD_CLIENT_ERROR)
    return NULL;

  return onboard_client_error_get_private (error)->details;
}

/**
 * onboard_client_error_get_fields:
 * @error: any error
 *
 * Returns: (transfer none) (nullable): the refused fields of an
 *   %ONBOARD_CLIENT_ERROR_INVALID_INPUT error
 */
OnboardFieldErrors *
onboard_client_error_get_fields (const GError *error)
{
  OnboardErrorDetails *details = onboard_client_error_get_details (error);

  return details != NULL ? onboard_error_details_get_fields (details) : NULL;
}

/**
 * onboard_client_error_get_retry_after:
 * @error: any error
 *
 * Returns: the seconds to wait before trying again, or 0
 */
guint
onboard_client_error_get_retry_after (const GError *error)
{
  OnboardErrorDetails *details = onboard_client_error_get_details (error);

  return details != NULL ? onboard_error_details_get_retry_after (details) : 0;
}

/**
 * onboard_client_error_dup_report:
 * @error: any error
 *
 * Returns: (transfer full): the user's sentence followed by the details,
 *   as the Support dialog copies them
 */
char *
onboard_client_error_dup_report (const GError *error)
{
  OnboardErrorDetails *details;
  g_autofree char *text = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  details = onboard_client_error_get_details (error);
  if (details == NULL)
    return g_strdup (error->message);

  text = onboard_error_details_to_string (details);
  return g_strdup_printf ("%s\n\n%s", error->message, text);
}

/**
 * onboard_client_error_is_outcome_unknown:
 * @error: any error from the client
 *
 * Whether the request may have taken effect: the connection broke or
 * nothing came back in time (perhaps after the service had read the
 * request), the service failed with a 5xx (perhaps after it had acted,
 * a plain 500 included), its 2xx answer could not be read (malformed,
 * too big, cut short: it acted, we only lost the answer), or the user
 * cancelled. Pressing the button again must then reuse the request's
 * Idempotency-Key, so that the service answers with the first outcome
 * instead of acting twice.
 *
 * Otherwise the service has answered, and it replays that answer for the
 * same key (and refuses the key with a different body): once the user
 * has corrected what they typed, the retry needs a new key. A refusal
 * from Groupcall (%ONBOARD_CLIENT_ERROR_UPSTREAM) and a rate limit are
 * such answers.
 *
 * Returns: %TRUE to keep the key for the retry
 */
gboolean
onboard_client_error_is_outcome_unknown (const GError *error)
{
  OnboardErrorDetails *details;
  guint status;

  g_return_val_if_fail (error != NULL, FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NETWORK) ||
      g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_TIMEOUT) ||
      g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER))
    return TRUE;

  if (!g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE))
    return FALSE;

  details = onboard_client_error_get_details (error);
  status = details != NULL ? onboard_error_details_get_http_status (details) : 0;

  return status >= 200 && status < 300;
}
