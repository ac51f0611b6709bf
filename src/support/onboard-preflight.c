/* onboard-preflight.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "onboard-preflight"

#include <glib/gi18n.h>

#include "onboard-preflight.h"

typedef struct
{
  OnboardPreflightState  state;
  char                  *message;
} CheckResult;

struct _OnboardPreflight
{
  GObject          parent_instance;

  OnboardClient   *client;
  GNetworkMonitor *network_monitor;
  GProxyResolver  *proxy_resolver;
  GCancellable    *cancellable;
  CheckResult      results[ONBOARD_PREFLIGHT_N_CHECKS];
  guint            outstanding;
  gboolean         proxy_in_use;
};

G_DEFINE_FINAL_TYPE (OnboardPreflight, onboard_preflight, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OnboardPreflightCheck, onboard_preflight_check,
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_CHECK_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_CHECK_REACHABLE, "reachable"),
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_CHECK_PROXY, "proxy"),
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_CHECK_TLS, "tls"),
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_CHECK_CLOCK, "clock"))

G_DEFINE_ENUM_TYPE (OnboardPreflightState, onboard_preflight_state,
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_STATE_OK, "ok"),
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_STATE_WARNING, "warning"),
  G_DEFINE_ENUM_VALUE (ONBOARD_PREFLIGHT_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_NETWORK_MONITOR,
  PROP_PROXY_RESOLVER,
  PROP_RUNNING,
  N_PROPS
};

enum {
  CHECK_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
state_nick (OnboardPreflightState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (ONBOARD_TYPE_PREFLIGHT_STATE);

  /* Nicks are static type data: they outlive the class reference. */
  return g_enum_get_value (klass, state)->value_nick;
}

static void
set_check (OnboardPreflight      *self,
           OnboardPreflightCheck  check,
           OnboardPreflightState  state,
           const char            *message)
{
  CheckResult *result = &self->results[check];

  if (result->state == state && g_strcmp0 (result->message, message) == 0)
    return;

  result->state = state;
  g_free (result->message);
  result->message = g_strdup (message);

  g_debug ("%s: %s", onboard_preflight_check_get_id (check), state_nick (state));

  g_signal_emit (self, signals[CHECK_CHANGED], 0, check);
}

static char *
dup_host (OnboardPreflight *self)
{
  g_autoptr(GUri) uri = g_uri_parse (onboard_client_get_base_url (self->client),
                                     G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (onboard_client_get_base_url (self->client));

  return g_strdup (g_uri_get_host (uri));
}

static gboolean
is_plain_http (OnboardPreflight *self)
{
  return g_str_has_prefix (onboard_client_get_base_url (self->client), "http:");
}

static void
operation_done (OnboardPreflight *self)
{
  g_assert (self->outstanding > 0);

  if (--self->outstanding == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Network ---------------------------------------------------------------- */

static void
check_network (OnboardPreflight *self)
{
  /* Only a hint: NetworkManager can be wrong in both directions on
   * managed school networks, so this never fails the checks. */
  if (g_network_monitor_get_network_available (self->network_monitor))
    set_check (self, ONBOARD_PREFLIGHT_CHECK_NETWORK, ONBOARD_PREFLIGHT_STATE_OK,
               _("This computer is connected to a network."));
  else
    set_check (self, ONBOARD_PREFLIGHT_CHECK_NETWORK, ONBOARD_PREFLIGHT_STATE_WARNING,
               _("This computer does not seem to be connected to a network. Check the network "
                 "cable or the Wi‑Fi connection."));
}

/* Proxy ------------------------------------------------------------------- */

static char *
describe_proxy (const char *proxy)
{
  g_autoptr(GUri) uri = g_uri_parse (proxy, G_URI_FLAGS_NONE, NULL);

  /* Never the user name or password a proxy URI may carry. */
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (_("(unnamed)"));

  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));

  return g_strdup (g_uri_get_host (uri));
}

static void
update_proxy_for_reachability (OnboardPreflight *self)
{
  CheckResult *proxy = &self->results[ONBOARD_PREFLIGHT_CHECK_PROXY];
  CheckResult *reachable = &self->results[ONBOARD_PREFLIGHT_CHECK_REACHABLE];
  g_autofree char *message = NULL;

  /* A proxy is normal in schools; it only deserves a warning when the
   * service cannot be reached through it. */
  if (self->proxy_in_use &&
      proxy->state == ONBOARD_PREFLIGHT_STATE_OK &&
      reachable->state == ONBOARD_PREFLIGHT_STATE_FAILED)
    {
      message = g_strdup (proxy->message);
      set_check (self, ONBOARD_PREFLIGHT_CHECK_PROXY, ONBOARD_PREFLIGHT_STATE_WARNING, message);
    }
}

static void
on_proxy_lookup (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OnboardPreflight) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) proxies = NULL;

  proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (proxies == NULL || proxies[0] == NULL)
    {
      g_debug ("Proxy lookup failed: %s", error ? error->message : "no answer");
      set_check (self, ONBOARD_PREFLIGHT_CHECK_PROXY, ONBOARD_PREFLIGHT_STATE_WARNING,
                 _("The proxy settings could not be read. If Assembly cannot be reached, ask "
                   "your IT support which proxy server to use."));
    }
  else if (g_str_equal (proxies[0], "direct://"))
    {
      self->proxy_in_use = FALSE;
      set_check (self, ONBOARD_PREFLIGHT_CHECK_PROXY, ONBOARD_PREFLIGHT_STATE_OK,
                 _("No proxy server is in the way: this computer connects directly."));
    }
  else
    {
      g_autofree char *name = describe_proxy (proxies[0]);
      g_autofree char *host = dup_host (self);
      g_autofree char *message = NULL;

      self->proxy_in_use = TRUE;
      message = g_strdup_printf (_("Connections go through the proxy server %s. If Assembly "
                                   "cannot be reached, ask your IT support to allow %s."),
                                 name, host);
      set_check (self, ONBOARD_PREFLIGHT_CHECK_PROXY, ONBOARD_PREFLIGHT_STATE_OK, message);
      update_proxy_for_reachability (self);
    }

  operation_done (self);
}

/* Reachability, TLS and clock -------------------------------------------- */

static char *
dup_skew_sentence (GTimeSpan skew)
{
  GTimeSpan magnitude = ABS (skew);
  g_autofree char *amount = NULL;

  /* Rounded, not truncated: the answer took some milliseconds to arrive,
   * and "14 minutes" for a clock set 15 minutes wrong would puzzle. */
  magnitude += G_TIME_SPAN_MINUTE / 2;

  if (magnitude >= 2 * G_TIME_SPAN_DAY)
    {
      guint days = magnitude / G_TIME_SPAN_DAY;

      amount = g_strdup_printf (ngettext ("%u day", "%u days", days), days);
    }
  else if (magnitude >= 2 * G_TIME_SPAN_HOUR)
    {
      guint hours = magnitude / G_TIME_SPAN_HOUR;

      amount = g_strdup_printf (ngettext ("%u hour", "%u hours", hours), hours);
    }
  else
    {
      guint minutes = magnitude / G_TIME_SPAN_MINUTE;

      amount = g_strdup_printf (ngettext ("%u minute", "%u minutes", minutes), minutes);
    }

  /* Translators: %s is an amount of time such as "12 minutes". */
  if (skew > 0)
    return g_strdup_printf (_("This computer’s clock is %s ahead. Set the date and time to "
                              "update automatically in Settings, or ask your IT support: a wrong "
                              "clock breaks secure connections."),
                            amount);

  return g_strdup_printf (_("This computer’s clock is %s behind. Set the date and time to "
                            "update automatically in Settings, or ask your IT support: a wrong "
                            "clock breaks secure connections."),
                          amount);
}

static void
check_clock (OnboardPreflight     *self,
             OnboardServiceStatus *status)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *server_time;
  GTimeSpan skew;

  /* The body's time is the service's own; the Date header may have been
   * written by a proxy on the way. */
  server_time = onboard_service_status_get_server_time (status);
  if (server_time == NULL)
    server_time = onboard_service_status_get_date (status);

  if (server_time == NULL)
    {
      set_check (self, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_WARNING,
                 _("Not checked: Assembly’s service did not say what time it is."));
      return;
    }

  if (onboard_preflight_clock_is_skewed (now, server_time, &skew))
    {
      g_autofree char *message = dup_skew_sentence (skew);

      set_check (self, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_WARNING, message);
      return;
    }

  set_check (self, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_OK,
             _("This computer’s clock is right."));
}

static void
report_tls_ok (OnboardPreflight *self)
{
  if (is_plain_http (self))
    set_check (self, ONBOARD_PREFLIGHT_CHECK_TLS, ONBOARD_PREFLIGHT_STATE_OK,
               _("This is a local test service on this computer, so the connection is not "
                 "encrypted."));
  else
    set_check (self, ONBOARD_PREFLIGHT_CHECK_TLS, ONBOARD_PREFLIGHT_STATE_OK,
               _("The connection to Assembly is secure and its certificate is trusted."));
}

static void
report_tls_failure (OnboardPreflight *self,
                    const GError     *error)
{
  OnboardErrorDetails *details = onboard_client_error_get_details (error);
  const char *issuer = details ? onboard_error_details_get_tls_issuer (details) : NULL;
  g_autofree char *host = dup_host (self);
  g_autofree char *message = NULL;

  if (issuer != NULL)
    message = g_strdup_printf (_("Assembly’s certificate is not trusted: it was issued by "
                                 "“%s”. School web filters that inspect secure connections "
                                 "cause this; ask your IT support to exempt %s from HTTPS "
                                 "inspection."),
                               issuer, host);
  else
    message = g_strdup_printf (_("Assembly’s certificate is not trusted. School web filters "
                                 "that inspect secure connections cause this; ask your IT "
                                 "support to exempt %s from HTTPS inspection."),
                               host);

  set_check (self, ONBOARD_PREFLIGHT_CHECK_TLS, ONBOARD_PREFLIGHT_STATE_FAILED, message);
}

static char *
dup_unreachable_sentence (OnboardPreflight *self,
                          const GError     *error)
{
  g_autofree char *host = dup_host (self);

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NETWORK))
    return g_strdup_printf (_("Assembly’s service could not be reached. Check the internet "
                              "connection; if your school filters web traffic, ask your IT "
                              "support to allow %s."),
                            host);

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_TIMEOUT))
    return g_strdup (_("Assembly’s service did not answer in time. Try again in a few minutes; "
                       "if it keeps happening, ask your IT support whether a firewall is "
                       "holding the connection up."));

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_TLS))
    return g_strdup (_("The connection to Assembly could not be made secure, so nothing was "
                       "sent. See the security check."));

  /* Every client error already says what happened and what to do. */
  return g_strdup (error->message);
}

static void
on_status (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OnboardPreflight) self = user_data;
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = onboard_client_get_status_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (status == NULL)
    {
      g_autofree char *message = dup_unreachable_sentence (self, error);
      const char *not_checked = _("Not checked, because Assembly’s service could not be "
                                  "reached.");

      set_check (self, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_FAILED,
                 message);

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_TLS))
        report_tls_failure (self, error);
      else
        set_check (self, ONBOARD_PREFLIGHT_CHECK_TLS, ONBOARD_PREFLIGHT_STATE_WARNING,
                   not_checked);

      set_check (self, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_WARNING,
                 not_checked);
      update_proxy_for_reachability (self);
    }
  else
    {
      /* Any answer at all means the service is reachable and TLS worked,
       * even if it reports trouble of its own. */
      if (g_strcmp0 (onboard_service_status_get_status (status), "ok") == 0)
        set_check (self, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_OK,
                   _("Assembly’s service answered."));
      else
        set_check (self, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_WARNING,
                   _("Assembly’s service answered but reports a problem of its own. You can "
                     "go on; if a later step fails, try again in a few minutes."));

      report_tls_ok (self);
      check_clock (self, status);
    }

  operation_done (self);
}

/* GObject ---------------------------------------------------------------- */

static void
onboard_preflight_constructed (GObject *object)
{
  OnboardPreflight *self = (OnboardPreflight *)object;

  G_OBJECT_CLASS (onboard_preflight_parent_class)->constructed (object);

  g_assert (ONBOARD_IS_CLIENT (self->client));

  if (self->network_monitor == NULL)
    self->network_monitor = g_object_ref (g_network_monitor_get_default ());

  /* The same resolver as the requests, so the check describes the route
   * they really take. */
  if (self->proxy_resolver == NULL)
    self->proxy_resolver = g_object_ref (onboard_client_get_proxy_resolver (self->client));
}

static void
onboard_preflight_dispose (GObject *object)
{
  OnboardPreflight *self = (OnboardPreflight *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (onboard_preflight_parent_class)->dispose (object);
}

static void
onboard_preflight_finalize (GObject *object)
{
  OnboardPreflight *self = (OnboardPreflight *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->proxy_resolver);
  g_clear_object (&self->cancellable);

  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    g_clear_pointer (&self->results[i].message, g_free);

  G_OBJECT_CLASS (onboard_preflight_parent_class)->finalize (object);
}

static void
onboard_preflight_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OnboardPreflight *self = ONBOARD_PREFLIGHT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->network_monitor);
      break;

    case PROP_PROXY_RESOLVER:
      g_value_set_object (value, self->proxy_resolver);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, onboard_preflight_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_preflight_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OnboardPreflight *self = ONBOARD_PREFLIGHT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_NETWORK_MONITOR:
      self->network_monitor = g_value_dup_object (value);
      break;

    case PROP_PROXY_RESOLVER:
      self->proxy_resolver = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_preflight_class_init (OnboardPreflightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct_flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = onboard_preflight_constructed;
  object_class->dispose = onboard_preflight_dispose;
  object_class->finalize = onboard_preflight_finalize;
  object_class->get_property = onboard_preflight_get_property;
  object_class->set_property = onboard_preflight_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, ONBOARD_TYPE_CLIENT, construct_flags);

  /**
   * OnboardPreflight:network-monitor:
   *
   * The network monitor, by default the system's.
   */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR, construct_flags);

  /**
   * OnboardPreflight:proxy-resolver:
   *
   * The proxy resolver, by default the client's.
   */
  properties[PROP_PROXY_RESOLVER] =
    g_param_spec_object ("proxy-resolver", NULL, NULL, G_TYPE_PROXY_RESOLVER, construct_flags);

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnboardPreflight::check-changed:
   * @check: the #OnboardPreflightCheck whose state or message changed
   *
   * A page keeps one row per check up to date from this.
   */
  signals[CHECK_CHANGED] =
    g_signal_new ("check-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, ONBOARD_TYPE_PREFLIGHT_CHECK);
}

static void
onboard_preflight_init (OnboardPreflight *self)
{
  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    self->results[i].state = ONBOARD_PREFLIGHT_STATE_PENDING;
}

/* Public ------------------------------------------------------------------ */

/**
 * onboard_preflight_new:
 * @client: the application's client
 *
 * Returns: (transfer full): checks that have not run yet
 */
OnboardPreflight *
onboard_preflight_new (OnboardClient *client)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);

  return g_object_new (ONBOARD_TYPE_PREFLIGHT,
                       "client", client,
                       NULL);
}

/**
 * onboard_preflight_cancel:
 *
 * Stops a run; the checks it had not finished go back to pending.
 */
void
onboard_preflight_cancel (OnboardPreflight *self)
{
  gboolean was_running;

  g_return_if_fail (ONBOARD_IS_PREFLIGHT (self));

  was_running = self->outstanding > 0;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->outstanding = 0;

  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    if (self->results[i].state == ONBOARD_PREFLIGHT_STATE_RUNNING)
      set_check (self, i, ONBOARD_PREFLIGHT_STATE_PENDING, NULL);

  if (was_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * onboard_preflight_run:
 *
 * Runs every check again, cancelling a run in progress.
 * #OnboardPreflight::check-changed reports each change and
 * #OnboardPreflight:running turns %FALSE when all have finished.
 */
void
onboard_preflight_run (OnboardPreflight *self)
{
  g_return_if_fail (ONBOARD_IS_PREFLIGHT (self));

  onboard_preflight_cancel (self);

  self->cancellable = g_cancellable_new ();
  self->proxy_in_use = FALSE;
  self->outstanding = 2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  for (guint i = ONBOARD_PREFLIGHT_CHECK_REACHABLE; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    set_check (self, i, ONBOARD_PREFLIGHT_STATE_RUNNING, _("Checking…"));

  check_network (self);

  g_proxy_resolver_lookup_async (self->proxy_resolver,
                                 onboard_client_get_base_url (self->client),
                                 self->cancellable,
                                 on_proxy_lookup,
                                 g_object_ref (self));

  onboard_client_get_status_async (self->client,
                                   self->cancellable,
                                   on_status,
                                   g_object_ref (self));
}

gboolean
onboard_preflight_get_running (OnboardPreflight *self)
{
  g_return_val_if_fail (ONBOARD_IS_PREFLIGHT (self), FALSE);

  return self->outstanding > 0;
}

OnboardPreflightState
onboard_preflight_get_state (OnboardPreflight      *self,
                             OnboardPreflightCheck  check)
{
  g_return_val_if_fail (ONBOARD_IS_PREFLIGHT (self), ONBOARD_PREFLIGHT_STATE_PENDING);
  g_return_val_if_fail (check < ONBOARD_PREFLIGHT_N_CHECKS, ONBOARD_PREFLIGHT_STATE_PENDING);

  return self->results[check].state;
}

/**
 * onboard_preflight_get_message:
 *
 * Returns: (nullable): one translated sentence: what was found and, when
 *   something is wrong, how to fix it; %NULL while pending
 */
const char *
onboard_preflight_get_message (OnboardPreflight      *self,
                               OnboardPreflightCheck  check)
{
  g_return_val_if_fail (ONBOARD_IS_PREFLIGHT (self), NULL);
  g_return_val_if_fail (check < ONBOARD_PREFLIGHT_N_CHECKS, NULL);

  return self->results[check].message;
}

/**
 * onboard_preflight_get_overall_state:
 *
 * Returns: the worst state of all checks once they have finished, or
 *   %ONBOARD_PREFLIGHT_STATE_RUNNING / %ONBOARD_PREFLIGHT_STATE_PENDING
 *   before that
 */
OnboardPreflightState
onboard_preflight_get_overall_state (OnboardPreflight *self)
{
  OnboardPreflightState worst = ONBOARD_PREFLIGHT_STATE_OK;

  g_return_val_if_fail (ONBOARD_IS_PREFLIGHT (self), ONBOARD_PREFLIGHT_STATE_PENDING);

  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    {
      OnboardPreflightState state = self->results[i].state;

      if (state == ONBOARD_PREFLIGHT_STATE_PENDING || state == ONBOARD_PREFLIGHT_STATE_RUNNING)
        return self->outstanding > 0 ? ONBOARD_PREFLIGHT_STATE_RUNNING
                                     : ONBOARD_PREFLIGHT_STATE_PENDING;
      worst = MAX (worst, state);
    }

  return worst;
}

/**
 * onboard_preflight_dup_report:
 *
 * Returns: (transfer full): one line per check for the support report
 */
char *
onboard_preflight_dup_report (OnboardPreflight *self)
{
  g_autoptr(GString) str = g_string_new (NULL);

  g_return_val_if_fail (ONBOARD_IS_PREFLIGHT (self), NULL);

  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    g_string_append_printf (str, "%s: %s: %s\n",
                            onboard_preflight_check_get_id (i),
                            state_nick (self->results[i].state),
                            self->results[i].message ? self->results[i].message : "-");

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/**
 * onboard_preflight_check_get_id:
 *
 * Returns: a stable name for @check, such as "clock"
 */
const char *
onboard_preflight_check_get_id (OnboardPreflightCheck check)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (ONBOARD_TYPE_PREFLIGHT_CHECK);
  GEnumValue *value = g_enum_get_value (klass, check);

  g_return_val_if_fail (value != NULL, NULL);

  return value->value_nick;
}

/**
 * onboard_preflight_check_get_title:
 *
 * Returns: the translated title of @check's row
 */
const char *
onboard_preflight_check_get_title (OnboardPreflightCheck check)
{
  switch (check)
    {
    case ONBOARD_PREFLIGHT_CHECK_NETWORK:
      return _("Network connection");

    case ONBOARD_PREFLIGHT_CHECK_REACHABLE:
      return _("Assembly’s service");

    case ONBOARD_PREFLIGHT_CHECK_PROXY:
      return _("Proxy server");

    case ONBOARD_PREFLIGHT_CHECK_TLS:
      return _("Secure connection");

    case ONBOARD_PREFLIGHT_CHECK_CLOCK:
      return _("Date and time");

    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * onboard_preflight_clock_is_skewed:
 * @local_time: this computer's time
 * @server_time: the service's time
 * @skew: (out) (optional): how far @local_time is ahead of @server_time
 *   (negative when behind)
 *
 * Returns: %TRUE when the clocks are more than
 *   %ONBOARD_PREFLIGHT_MAX_CLOCK_SKEW apart
 */
gboolean
onboard_preflight_clock_is_skewed (GDateTime *local_time,
                                   GDateTime *server_time,
                                   GTimeSpan *skew)
{
  GTimeSpan difference;

  g_return_val_if_fail (local_time != NULL, FALSE);
  g_return_val_if_fail (server_time != NULL, FALSE);

  difference = g_date_time_difference (local_time, server_time);
  if (skew != NULL)
    *skew = difference;

  return difference > ONBOARD_PREFLIGHT_MAX_CLOCK_SKEW ||
         difference < -ONBOARD_PREFLIGHT_MAX_CLOCK_SKEW;
}
