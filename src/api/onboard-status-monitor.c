/* onboard-status-monitor.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "onboard-status-monitor"

#include "onboard-status-monitor.h"

/* One monitor for the whole app, so that Steps 4 and 5 never poll the same
 * connector twice: pages tell it what to watch and listen to what it finds.
 *
 * A school can wait days for the right person to open Groupcall's email, so
 * the cost of waiting matters more than the speed of noticing: one request
 * at a time, revalidated (an unchanged connector costs a 304 and no body),
 * never sooner than the service asks, slower once nothing happens, and
 * nothing at all while there is no network or nothing to watch.
 */

/* The contract's poll interval, for the time before the first answer. */
#define DEFAULT_INTERVAL_MS (15 * 1000)
/* However long the service asks for (Retry-After, poll_interval_seconds)
 * and however many failures came before, the next look is within the
 * hour: a school waiting for its data should never wait for a wrong
 * header. */
#define MAX_INTERVAL_MS     ((guint64)ONBOARD_STATUS_MONITOR_MAX_WAIT * 1000)

struct _OnboardStatusMonitor
{
  GObject                 parent_instance;

  OnboardClient          *client;
  GNetworkMonitor        *network_monitor;

  char                   *connector_id;
  OnboardConnector       *connector;
  GError                 *error;
  GDateTime              *last_checked;

  GCancellable           *cancellable;
  guint                   timeout_id;
  guint                   interval;
  GDateTime              *next_check;
  guint                   n_failures;
  gint64                  last_change;
  guint                   offline : 1;

  guint                   slow_down_after;
  guint                   slow_interval;
  guint                   max_backoff;
};

G_DEFINE_FINAL_TYPE (OnboardStatusMonitor, onboard_status_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_NETWORK_MONITOR,
  PROP_CONNECTOR_ID,
  PROP_CONNECTOR,
  PROP_STATUS,
  PROP_ERROR,
  PROP_LAST_CHECKED,
  PROP_CHECKING,
  PROP_OFFLINE,
  PROP_INTERVAL,
  PROP_NEXT_CHECK,
  PROP_N_FAILURES,
  PROP_SLOW_DOWN_AFTER,
  PROP_SLOW_INTERVAL,
  PROP_MAX_BACKOFF,
  N_PROPS
};

enum {
  STATUS_CHANGED,
  CHECKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void check_now (OnboardStatusMonitor *self);

static void
notify (OnboardStatusMonitor *self,
        guint                 prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
same_time (GDateTime *a,
           GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b);
}

/* Whether @b says something @a did not. The ETag decides when both have
 * one; an answer to a POST has none, so its content is compared instead. */
static gboolean
connectors_differ (OnboardConnector *a,
                   OnboardConnector *b)
{
  const char *etag_a, *etag_b;

  if (a == NULL || b == NULL)
    return a != b;

  etag_a = onboard_connector_get_etag (a);
  etag_b = onboard_connector_get_etag (b);
  if (etag_a != NULL && etag_b != NULL)
    return g_strcmp0 (etag_a, etag_b) != 0;

  return g_strcmp0 (onboard_connector_get_status_string (a), onboard_connector_get_status_string (b)) != 0 ||
         onboard_connector_get_status_reason (a) != onboard_connector_get_status_reason (b) ||
         onboard_connector_get_last_sync_status (a) != onboard_connector_get_last_sync_status (b) ||
         !same_time (onboard_connector_get_status_changed_at (a), onboard_connector_get_status_changed_at (b)) ||
         !same_time (onboard_connector_get_invitation_sent_at (a), onboard_connector_get_invitation_sent_at (b)) ||
         !same_time (onboard_connector_get_resend_available_at (a), onboard_connector_get_resend_available_at (b)) ||
         !same_time (onboard_connector_get_last_sync_at (a), onboard_connector_get_last_sync_at (b)) ||
         !same_time (onboard_connector_get_next_sync_at (a), onboard_connector_get_next_sync_at (b));
}

static void
set_checking (OnboardStatusMonitor *self,
              GCancellable         *cancellable)
{
  gboolean was_checking = self->cancellable != NULL;

  if (cancellable != NULL)
    g_set_object (&self->cancellable, cancellable);
  else
    g_clear_object (&self->cancellable);

  if (was_checking != (self->cancellable != NULL))
    notify (self, PROP_CHECKING);
}

static void
set_error (OnboardStatusMonitor *self,
           const GError         *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);

  notify (self, PROP_ERROR);
}

static void
set_n_failures (OnboardStatusMonitor *self,
                guint                 n_failures)
{
  if (self->n_failures == n_failures)
    return;

  self->n_failures = n_failures;
  notify (self, PROP_N_FAILURES);
}

static void
clear_timer (OnboardStatusMonitor *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->interval != 0)
    {
      self->interval = 0;
      notify (self, PROP_INTERVAL);
    }

  if (self->next_check != NULL)
    {
      g_clear_pointer (&self->next_check, g_date_time_unref);
      notify (self, PROP_NEXT_CHECK);
    }
}

/* The wait the service asks for between two reads. */
static guint64
normal_interval (OnboardStatusMonitor *self)
{
  guint seconds;

  if (self->connector == NULL)
    return DEFAULT_INTERVAL_MS;

  seconds = MAX (onboard_connector_get_retry_after (self->connector),
                 onboard_connector_get_poll_interval (self->connector));

  return MIN ((guint64)MAX (seconds, 1) * 1000, MAX_INTERVAL_MS);
}

static guint
next_interval (OnboardStatusMonitor *self)
{
  guint64 base = normal_interval (self);
  guint64 delay = base;

  if (self->n_failures > 0)
    {
      guint retry_after = 0;

      for (guint i = 0; i < self->n_failures && delay < self->max_backoff; i++)
        delay *= 2;
      delay = MAX (MIN (delay, self->max_backoff), base);

      /* A rate limit says how long to keep away; never come back sooner. */
      if (self->error != NULL && self->error->domain == ONBOARD_CLIENT_ERROR)
        retry_after = onboard_client_error_get_retry_after (self->error);
      delay = MAX (delay, (guint64)retry_after * 1000);
    }
  else if ((g_get_monotonic_time () - self->last_change) / 1000 >= self->slow_down_after)
    {
      /* Nothing for a while: the school is busy elsewhere (or the data pull
       * is tonight), and checking every few seconds helps no one. */
      delay = MAX (delay, self->slow_interval);
    }

  return MIN (delay, MAX_INTERVAL_MS);
}

static gboolean
timeout_cb (gpointer user_data)
{
  OnboardStatusMonitor *self = user_data;

  self->timeout_id = 0;
  check_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (OnboardStatusMonitor *self)
{
  g_autoptr(GDateTime) now = NULL;
  guint interval;

  clear_timer (self);

  /* A check already under way schedules the next one when it answers. */
  if (self->connector_id == NULL || self->offline || self->cancellable != NULL)
    return;

  interval = next_interval (self);
  g_debug ("Next check of %s in %u ms", self->connector_id, interval);

  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, interval, timeout_cb, self, NULL);
  g_source_set_name_by_id (self->timeout_id, "[onboard] status monitor");
  self->interval = interval;
  notify (self, PROP_INTERVAL);

  now = g_date_time_new_now_utc ();
  g_clear_pointer (&self->next_check, g_date_time_unref);
  self->next_check = g_date_time_add (now, (GTimeSpan)interval * G_TIME_SPAN_MILLISECOND);
  notify (self, PROP_NEXT_CHECK);
}

static void
apply_connector (OnboardStatusMonitor *self,
                 OnboardConnector     *connector)
{
  g_autoptr(OnboardConnector) old = NULL;
  gboolean changed;
  gboolean status_changed;

  old = self->connector ? g_object_ref (self->connector) : NULL;
  changed = connectors_differ (old, connector);
  status_changed = old == NULL ||
                   g_strcmp0 (onboard_connector_get_status_string (old),
                              onboard_connector_get_status_string (connector)) != 0;

  /* Always the newest object: a 304's Retry-After can differ. */
  g_set_object (&self->connector, connector);

  if (changed)
    {
      self->last_change = g_get_monotonic_time ();
      notify (self, PROP_CONNECTOR);
    }

  if (status_changed)
    {
      g_debug ("%s is now %s", self->connector_id, onboard_connector_get_status_string (connector));
      notify (self, PROP_STATUS);
      g_signal_emit (self, signals[STATUS_CHANGED], 0, connector);
    }
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OnboardStatusMonitor) self = user_data;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  connector = onboard_client_get_connector_finish (ONBOARD_CLIENT (object), result, &error);

  /* Whoever cancelled (stop, another connector) has set the state. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_checking (self, NULL);

  if (connector != NULL &&
      g_strcmp0 (onboard_connector_get_id (connector), self->connector_id) != 0)
    {
      g_set_error (&error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "The service answered with connector %s for %s",
                   onboard_connector_get_id (connector), self->connector_id);
      g_clear_object (&connector);
    }

  if (connector == NULL)
    {
      g_debug ("Checking %s failed: %s", self->connector_id, error->message);
      set_n_failures (self, self->n_failures + 1);
      set_error (self, error);
    }
  else
    {
      g_clear_pointer (&self->last_checked, g_date_time_unref);
      self->last_checked = g_date_time_new_now_utc ();

      set_n_failures (self, 0);
      set_error (self, NULL);
      notify (self, PROP_LAST_CHECKED);
      apply_connector (self, connector);
    }

  g_signal_emit (self, signals[CHECKED], 0);

  /* A handler may have stopped or refreshed the monitor meanwhile. */
  if (self->timeout_id == 0 && self->cancellable == NULL)
    schedule (self);
}

static void
check_now (OnboardStatusMonitor *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  clear_timer (self);

  if (self->connector_id == NULL || self->cancellable != NULL)
    return;

  /* Not signed in yet (the keyring is still giving back the tokens after a
   * restart) or any more: asking now could only be refused. Checks start
   * when the client signs in (signed_in_changed_cb). */
  if (!onboard_client_get_signed_in (self->client))
    {
      g_debug ("Not signed in: the check of %s waits", self->connector_id);
      return;
    }

  cancellable = g_cancellable_new ();
  set_checking (self, cancellable);
  onboard_client_get_connector_async (self->client,
                                      self->connector_id,
                                      cancellable,
                                      checked_cb,
                                      g_object_ref (self));
}

static void
cancel_check (OnboardStatusMonitor *self)
{
  g_cancellable_cancel (self->cancellable);
  set_checking (self, NULL);
}

static void
network_changed_cb (OnboardStatusMonitor *self,
                    gboolean              network_available,
                    GNetworkMonitor      *network_monitor)
{
  gboolean offline = !g_network_monitor_get_network_available (network_monitor);

  if (offline == self->offline)
    return;

  self->offline = offline;
  notify (self, PROP_OFFLINE);

  if (self->connector_id == NULL)
    return;

  if (offline)
    {
      g_debug ("Offline: checks of %s paused", self->connector_id);
      /* A check under way is left to fail or answer on its own. */
      clear_timer (self);
    }
  else
    {
      g_debug ("Online again: checking %s now", self->connector_id);
      /* The failures were the network's; start afresh. */
      set_n_failures (self, 0);
      check_now (self);
    }
}

static void
signed_in_changed_cb (OnboardStatusMonitor *self,
                      GParamSpec           *pspec,
                      OnboardClient        *client)
{
  if (onboard_client_get_signed_in (client) && self->connector_id != NULL && !self->offline)
    check_now (self);
}

static void
onboard_status_monitor_constructed (GObject *object)
{
  OnboardStatusMonitor *self = (OnboardStatusMonitor *)object;

  G_OBJECT_CLASS (onboard_status_monitor_parent_class)->constructed (object);

  g_return_if_fail (ONBOARD_IS_CLIENT (self->client));

  if (self->network_monitor == NULL)
    self->network_monitor = g_object_ref (g_network_monitor_get_default ());

  self->offline = !g_network_monitor_get_network_available (self->network_monitor);
  g_signal_connect_object (self->network_monitor, "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::signed-in",
                           G_CALLBACK (signed_in_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
onboard_status_monitor_dispose (GObject *object)
{
  OnboardStatusMonitor *self = (OnboardStatusMonitor *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->network_monitor, network_changed_cb, self);

  G_OBJECT_CLASS (onboard_status_monitor_parent_class)->dispose (object);
}

static void
onboard_status_monitor_finalize (GObject *object)
{
  OnboardStatusMonitor *self = (OnboardStatusMonitor *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->connector);
  g_clear_pointer (&self->connector_id, g_free);
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  g_clear_pointer (&self->next_check, g_date_time_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (onboard_status_monitor_parent_class)->finalize (object);
}

static void
onboard_status_monitor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OnboardStatusMonitor *self = ONBOARD_STATUS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->network_monitor);
      break;

    case PROP_CONNECTOR_ID:
      g_value_set_string (value, self->connector_id);
      break;

    case PROP_CONNECTOR:
      g_value_set_object (value, self->connector);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, onboard_status_monitor_get_status (self));
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_LAST_CHECKED:
      g_value_set_boxed (value, self->last_checked);
      break;

    case PROP_CHECKING:
      g_value_set_boolean (value, onboard_status_monitor_get_checking (self));
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    case PROP_NEXT_CHECK:
      g_value_set_boxed (value, self->next_check);
      break;

    case PROP_N_FAILURES:
      g_value_set_uint (value, self->n_failures);
      break;

    case PROP_SLOW_DOWN_AFTER:
      g_value_set_uint (value, self->slow_down_after);
      break;

    case PROP_SLOW_INTERVAL:
      g_value_set_uint (value, self->slow_interval);
      break;

    case PROP_MAX_BACKOFF:
      g_value_set_uint (value, self->max_backoff);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_status_monitor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OnboardStatusMonitor *self = ONBOARD_STATUS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_NETWORK_MONITOR:
      self->network_monitor = g_value_dup_object (value);
      break;

    case PROP_SLOW_DOWN_AFTER:
      onboard_status_monitor_set_slow_down_after (self, g_value_get_uint (value));
      break;

    case PROP_SLOW_INTERVAL:
      onboard_status_monitor_set_slow_interval (self, g_value_get_uint (value));
      break;

    case PROP_MAX_BACKOFF:
      onboard_status_monitor_set_max_backoff (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_status_monitor_class_init (OnboardStatusMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = onboard_status_monitor_constructed;
  object_class->dispose = onboard_status_monitor_dispose;
  object_class->finalize = onboard_status_monitor_finalize;
  object_class->get_property = onboard_status_monitor_get_property;
  object_class->set_property = onboard_status_monitor_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         ONBOARD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Tests give their own, to go offline at will. */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL,
                         G_TYPE_NETWORK_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONNECTOR_ID] =
    g_param_spec_string ("connector-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONNECTOR] =
    g_param_spec_object ("connector", NULL, NULL,
                         ONBOARD_TYPE_CONNECTOR,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       ONBOARD_TYPE_CONNECTOR_STATUS,
                       ONBOARD_CONNECTOR_STATUS_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_CHECKED] =
    g_param_spec_boxed ("last-checked", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnboardStatusMonitor:next-check:
   *
   * When the next check is due (UTC), for the page to say when it will
   * look again; %NULL while none is scheduled (a check under way, offline,
   * stopped). Never more than %ONBOARD_STATUS_MONITOR_MAX_WAIT seconds
   * ahead, whatever Retry-After said.
   */
  properties[PROP_NEXT_CHECK] =
    g_param_spec_boxed ("next-check", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_FAILURES] =
    g_param_spec_uint ("n-failures", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SLOW_DOWN_AFTER] =
    g_param_spec_uint ("slow-down-after", NULL, NULL,
                       0, G_MAXUINT, ONBOARD_STATUS_MONITOR_SLOW_DOWN_AFTER,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SLOW_INTERVAL] =
    g_param_spec_uint ("slow-interval", NULL, NULL,
                       1, G_MAXUINT, ONBOARD_STATUS_MONITOR_SLOW_INTERVAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_BACKOFF] =
    g_param_spec_uint ("max-backoff", NULL, NULL,
                       1, G_MAXUINT, ONBOARD_STATUS_MONITOR_MAX_BACKOFF,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnboardStatusMonitor::status-changed:
   * @connector: the connector with its new status
   *
   * The watched connector's status differs from the last one seen; the
   * first answer after watch() counts as a change.
   */
  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ONBOARD_TYPE_CONNECTOR);

  /**
   * OnboardStatusMonitor::checked:
   *
   * A check finished, answered or failed: "last-checked" or "error" says
   * which.
   */
  signals[CHECKED] =
    g_signal_new ("checked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
onboard_status_monitor_init (OnboardStatusMonitor *self)
{
  self->slow_down_after = ONBOARD_STATUS_MONITOR_SLOW_DOWN_AFTER;
  self->slow_interval = ONBOARD_STATUS_MONITOR_SLOW_INTERVAL;
  self->max_backoff = ONBOARD_STATUS_MONITOR_MAX_BACKOFF;
  self->last_change = g_get_monotonic_time ();
}

/**
 * onboard_status_monitor_new:
 * @network_monitor: (nullable): what says whether the computer is online;
 *   %NULL for g_network_monitor_get_default()
 */
OnboardStatusMonitor *
onboard_status_monitor_new (OnboardClient   *client,
                            GNetworkMonitor *network_monitor)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (!network_monitor || G_IS_NETWORK_MONITOR (network_monitor), NULL);

  return g_object_new (ONBOARD_TYPE_STATUS_MONITOR,
                       "client", client,
                       "network-monitor", network_monitor,
                       NULL);
}

OnboardClient *
onboard_status_monitor_get_client (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), NULL);

  return self->client;
}

GNetworkMonitor *
onboard_status_monitor_get_network_monitor (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), NULL);

  return self->network_monitor;
}

/**
 * onboard_status_monitor_watch:
 * @connector_id: the connector to watch
 *
 * Starts watching @connector_id, with a check at once. Watching the
 * connector already watched changes nothing; another one forgets
 * everything about the first.
 */
void
onboard_status_monitor_watch (OnboardStatusMonitor *self,
                              const char           *connector_id)
{
  g_return_if_fail (ONBOARD_IS_STATUS_MONITOR (self));
  g_return_if_fail (connector_id != NULL && *connector_id != '\0');

  if (g_strcmp0 (self->connector_id, connector_id) == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  onboard_status_monitor_stop (self);

  self->connector_id = g_strdup (connector_id);
  self->last_change = g_get_monotonic_time ();
  notify (self, PROP_CONNECTOR_ID);

  if (!self->offline)
    check_now (self);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * onboard_status_monitor_update:
 * @connector: a connector that another call answered with (Grant Access,
 *   Resend)
 *
 * Takes @connector as the latest news, as if a check had just answered,
 * so that pages see it at once and the next check waits as long as that
 * answer asked. Starts watching it if it was not watched.
 */
void
onboard_status_monitor_update (OnboardStatusMonitor *self,
                               OnboardConnector     *connector)
{
  g_return_if_fail (ONBOARD_IS_STATUS_MONITOR (self));
  g_return_if_fail (ONBOARD_IS_CONNECTOR (connector));

  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->connector_id, onboard_connector_get_id (connector)) != 0)
    {
      onboard_status_monitor_stop (self);
      self->connector_id = g_strdup (onboard_connector_get_id (connector));
      notify (self, PROP_CONNECTOR_ID);
    }

  /* A read under way may have left before this news: ask again later. */
  cancel_check (self);

  /* The service has just answered, so this counts as a check. */
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  self->last_checked = g_date_time_new_now_utc ();
  notify (self, PROP_LAST_CHECKED);
  set_n_failures (self, 0);
  set_error (self, NULL);

  apply_connector (self, connector);
  schedule (self);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * onboard_status_monitor_refresh:
 *
 * Checks at once ("Refresh now"), unless a check is already under way.
 * The failures so far are forgiven and checks go back to the service's
 * pace: the user is looking.
 */
void
onboard_status_monitor_refresh (OnboardStatusMonitor *self)
{
  g_return_if_fail (ONBOARD_IS_STATUS_MONITOR (self));

  if (self->connector_id == NULL)
    return;

  self->last_change = g_get_monotonic_time ();
  set_n_failures (self, 0);
  check_now (self);
}

/**
 * onboard_status_monitor_stop:
 *
 * Stops watching: the check under way is cancelled, no timer is left and
 * what was known is forgotten.
 */
void
onboard_status_monitor_stop (OnboardStatusMonitor *self)
{
  g_return_if_fail (ONBOARD_IS_STATUS_MONITOR (self));

  clear_timer (self);
  cancel_check (self);

  if (self->connector_id == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  g_clear_pointer (&self->connector_id, g_free);
  notify (self, PROP_CONNECTOR_ID);

  if (self->connector != NULL)
    {
      g_clear_object (&self->connector);
      notify (self, PROP_CONNECTOR);
      notify (self, PROP_STATUS);
    }

  if (self->last_checked != NULL)
    {
      g_clear_pointer (&self->last_checked, g_date_time_unref);
      notify (self, PROP_LAST_CHECKED);
    }

  set_error (self, NULL);
  set_n_failures (self, 0);

  g_object_thaw_notify (G_OBJECT (self));
}

const char *
onboard_status_monitor_get_connector_id (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), NULL);

  return self->connector_id;
}

/**
 * onboard_status_monitor_get_connector:
 *
 * Returns: (transfer none) (nullable): the latest connector, or %NULL
 *   before the first answer
 */
OnboardConnector *
onboard_status_monitor_get_connector (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), NULL);

  return self->connector;
}

/**
 * onboard_status_monitor_get_status:
 *
 * Returns: the latest status; %ONBOARD_CONNECTOR_STATUS_UNKNOWN before the
 *   first answer too (onboard_status_monitor_get_connector() tells apart)
 */
OnboardConnectorStatus
onboard_status_monitor_get_status (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), ONBOARD_CONNECTOR_STATUS_UNKNOWN);

  if (self->connector == NULL)
    return ONBOARD_CONNECTOR_STATUS_UNKNOWN;

  return onboard_connector_get_status (self->connector);
}

/**
 * onboard_status_monitor_get_error:
 *
 * Returns: (nullable): why the last check failed, or %NULL when it was
 *   answered; an ONBOARD_CLIENT_ERROR with a translated message
 */
const GError *
onboard_status_monitor_get_error (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), NULL);

  return self->error;
}

/**
 * onboard_status_monitor_get_last_checked:
 *
 * Returns: (transfer none) (nullable): when the service last answered
 */
GDateTime *
onboard_status_monitor_get_last_checked (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), NULL);

  return self->last_checked;
}

gboolean
onboard_status_monitor_get_checking (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), FALSE);

  return self->cancellable != NULL;
}

gboolean
onboard_status_monitor_get_offline (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), FALSE);

  return self->offline;
}

/**
 * onboard_status_monitor_get_next_check:
 *
 * Returns: (transfer none) (nullable): when the next check is due, in UTC,
 *   or %NULL when none is scheduled
 */
GDateTime *
onboard_status_monitor_get_next_check (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), NULL);

  return self->next_check;
}

/**
 * onboard_status_monitor_get_interval:
 *
 * Returns: the wait, in milliseconds, before the check now scheduled; 0
 *   when none is (nothing watched, offline, or a check under way)
 */
guint
onboard_status_monitor_get_interval (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), 0);

  return self->interval;
}

/**
 * onboard_status_monitor_get_n_failures:
 *
 * Returns: how many checks in a row have failed
 */
guint
onboard_status_monitor_get_n_failures (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), 0);

  return self->n_failures;
}

guint
onboard_status_monitor_get_slow_down_after (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), 0);

  return self->slow_down_after;
}

/**
 * onboard_status_monitor_set_slow_down_after:
 * @ms: how long without a change before checks slow down
 */
void
onboard_status_monitor_set_slow_down_after (OnboardStatusMonitor *self,
                                            guint                 ms)
{
  g_return_if_fail (ONBOARD_IS_STATUS_MONITOR (self));

  if (self->slow_down_after == ms)
    return;

  self->slow_down_after = ms;
  notify (self, PROP_SLOW_DOWN_AFTER);
}

guint
onboard_status_monitor_get_slow_interval (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), 0);

  return self->slow_interval;
}

/**
 * onboard_status_monitor_set_slow_interval:
 * @ms: the shortest wait between checks once they have slowed down
 */
void
onboard_status_monitor_set_slow_interval (OnboardStatusMonitor *self,
                                          guint                 ms)
{
  g_return_if_fail (ONBOARD_IS_STATUS_MONITOR (self));
  g_return_if_fail (ms > 0);

  if (self->slow_interval == ms)
    return;

  self->slow_interval = ms;
  notify (self, PROP_SLOW_INTERVAL);
}

guint
onboard_status_monitor_get_max_backoff (OnboardStatusMonitor *self)
{
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (self), 0);

  return self->max_backoff;
}

/**
 * onboard_status_monitor_set_max_backoff:
 * @ms: the longest wait after failures
 */
void
onboard_status_monitor_set_max_backoff (OnboardStatusMonitor *self,
                                        guint                 ms)
{
  g_return_if_fail (ONBOARD_IS_STATUS_MONITOR (self));
  g_return_if_fail (ms > 0);

  if (self->max_backoff == ms)
    return;

  self->max_backoff = ms;
  notify (self, PROP_MAX_BACKOFF);
}
