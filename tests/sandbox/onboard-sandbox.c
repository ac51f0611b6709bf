/* onboard-sandbox.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox.h"
#include "onboard-sandbox-private.h"

#include <math.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (OnboardSandbox, onboard_sandbox, G_TYPE_OBJECT)

G_DEFINE_QUARK (onboard-sandbox-error-quark, onboard_sandbox_error)

enum {
  PROP_0,
  PROP_AUTO,
  PROP_LOG_REQUESTS,
  PROP_SIGNUP_RESEND_COOLDOWN,
  PROP_INVITATION_RESEND_COOLDOWN,
  PROP_ACTIVATION_LIFETIME,
  PROP_ACCESS_TOKEN_LIFETIME,
  PROP_AUTO_ACTIVATION_DELAY,
  PROP_AUTO_AUTHORISATION_DELAY,
  PROP_INVITATION_DELIVERY_DELAY,
  PROP_FIRST_SYNC_DELAY,
  PROP_SYNC_DURATION,
  PROP_POLL_INTERVAL,
  PROP_SIGNUP_RETRY_AFTER,
  PROP_GRANT_RETRY_AFTER,
  PROP_CONNECTOR_RETRY_AFTER,
  PROP_RATE_LIMIT,
  PROP_RATE_LIMIT_PERIOD,
  PROP_SIGNUP_LIMIT,
  PROP_SIGNUP_LIMIT_PERIOD,
  PROP_PASSWORD_FAILURE_LIMIT,
  PROP_PASSWORD_FAILURE_PERIOD,
  PROP_TERMS_VERSION,
  PROP_CLOCK_SKEW,
  PROP_BASE_URL,
  PROP_STATE_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The numeric properties share one getter and setter, driven by where
 * each one lives in the instance struct. */
typedef struct
{
  guint  prop_id;
  GType  type;
  gsize  offset;
} NumericProperty;

#define NUM(id, T, member) { id, T, G_STRUCT_OFFSET (OnboardSandbox, member) }

static const NumericProperty numeric_properties[] = {
  NUM (PROP_SIGNUP_RESEND_COOLDOWN, G_TYPE_DOUBLE, signup_resend_cooldown),
  NUM (PROP_INVITATION_RESEND_COOLDOWN, G_TYPE_DOUBLE, invitation_resend_cooldown),
  NUM (PROP_ACTIVATION_LIFETIME, G_TYPE_DOUBLE, activation_lifetime),
  NUM (PROP_ACCESS_TOKEN_LIFETIME, G_TYPE_DOUBLE, access_token_lifetime),
  NUM (PROP_AUTO_ACTIVATION_DELAY, G_TYPE_DOUBLE, auto_activation_delay),
  NUM (PROP_AUTO_AUTHORISATION_DELAY, G_TYPE_DOUBLE, auto_authorisation_delay),
  NUM (PROP_INVITATION_DELIVERY_DELAY, G_TYPE_DOUBLE, invitation_delivery_delay),
  NUM (PROP_FIRST_SYNC_DELAY, G_TYPE_DOUBLE, first_sync_delay),
  NUM (PROP_SYNC_DURATION, G_TYPE_DOUBLE, sync_duration),
  NUM (PROP_POLL_INTERVAL, G_TYPE_UINT, poll_interval),
  NUM (PROP_SIGNUP_RETRY_AFTER, G_TYPE_UINT, signup_retry_after),
  NUM (PROP_GRANT_RETRY_AFTER, G_TYPE_UINT, grant_retry_after),
  NUM (PROP_CONNECTOR_RETRY_AFTER, G_TYPE_UINT, connector_retry_after),
  NUM (PROP_RATE_LIMIT, G_TYPE_UINT, rate_limit),
  NUM (PROP_RATE_LIMIT_PERIOD, G_TYPE_DOUBLE, rate_limit_period),
  NUM (PROP_SIGNUP_LIMIT, G_TYPE_UINT, signup_limit),
  NUM (PROP_SIGNUP_LIMIT_PERIOD, G_TYPE_DOUBLE, signup_limit_period),
  NUM (PROP_PASSWORD_FAILURE_LIMIT, G_TYPE_UINT, password_failure_limit),
  NUM (PROP_PASSWORD_FAILURE_PERIOD, G_TYPE_DOUBLE, password_failure_period),
  NUM (PROP_CLOCK_SKEW, G_TYPE_INT, clock_skew),
};

#undef NUM

typedef struct
{
  char    *fingerprint;
  guint    status;
  char    *content_type;
  GBytes  *body;
  GPtrArray *headers;
  gint64   created_at;
} Replay;

typedef struct
{
  gint64  started_at;
  guint   count;
} Window;

typedef struct
{
  char    *path;
  char    *method;       /* nullable: any */
  int      remaining;    /* -1: until cleared */
  guint    status;       /* 0: none */
  guint    delay_ms;
  char    *body;
  int      retry_after;  /* -1: none */
  gboolean drop;
  OnboardSandboxHostile hostile;
  guint    interval_ms;  /* slow_drip: between two bytes */
} Fault;

typedef struct
{
  char   *request_id;
  gint64  started_at;
  gboolean logged;
} RequestInfo;

typedef struct
{
  OnboardSandbox  *self;
  void           (*func) (OnboardSandbox *, const char *);
  char            *id;
  GSource         *source;
} Timer;

static GQuark request_info_quark;

/* g_set_str() is newer than GLib 2.74. */
static gboolean
set_str (char       **ptr,
         const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;

  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

static void
replay_free (gpointer data)
{
  Replay *replay = data;

  g_free (replay->fingerprint);
  g_free (replay->content_type);
  g_clear_pointer (&replay->body, g_bytes_unref);
  g_clear_pointer (&replay->headers, g_ptr_array_unref);
  g_free (replay);
}

static void
fault_free (gpointer data)
{
  Fault *fault = data;

  g_free (fault->path);
  g_free (fault->method);
  g_free (fault->body);
  g_free (fault);
}

static void
request_info_free (gpointer data)
{
  RequestInfo *info = data;

  g_free (info->request_id);
  g_free (info);
}

static void
request_free (OnboardSandboxRequest *request)
{
  g_clear_object (&request->msg);
  g_free (request->path);
  g_free (request->params[0]);
  g_free (request->params[1]);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request->bearer);
  g_clear_pointer (&request->json, json_node_unref);
  g_clear_pointer (&request->form, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->content_type);
  g_clear_pointer (&request->response, g_bytes_unref);
  g_clear_pointer (&request->headers, g_ptr_array_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnboardSandboxRequest, request_free)

gint64
onboard_sandbox_now (void)
{
  return g_get_real_time ();
}

char *
onboard_sandbox_format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec == 0)
    return NULL;

  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* Object */

static void
onboard_sandbox_dispose (GObject *object)
{
  OnboardSandbox *self = (OnboardSandbox *)object;

  if (self->timers != NULL)
    {
      GHashTableIter iter;
      gpointer source;

      g_hash_table_iter_init (&iter, self->timers);
      while (g_hash_table_iter_next (&iter, &source, NULL))
        g_source_destroy (source);
      g_hash_table_remove_all (self->timers);
    }

  if (self->save_source != NULL)
    {
      g_source_destroy (self->save_source);
      g_clear_pointer (&self->save_source, g_source_unref);
      if (self->state_path != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (!onboard_sandbox_store_save (self->store, self->state_path, &error))
            g_printerr ("Could not save the state: %s\n", error->message);
        }
    }

  if (self->raw_writers != NULL)
    onboard_sandbox_hostile_dispose (self);

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }

  G_OBJECT_CLASS (onboard_sandbox_parent_class)->dispose (object);
}

static void
onboard_sandbox_finalize (GObject *object)
{
  OnboardSandbox *self = (OnboardSandbox *)object;

  g_clear_pointer (&self->timers, g_hash_table_unref);
  g_clear_pointer (&self->replays, g_hash_table_unref);
  g_clear_pointer (&self->windows, g_hash_table_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->raw_writers, g_hash_table_unref);
  g_clear_object (&self->raw_cancellable);
  g_clear_pointer (&self->mis_providers, json_node_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->directory);
  g_clear_object (&self->store);
  g_free (self->base_url);
  g_free (self->state_path);
  g_free (self->terms_version);

  G_OBJECT_CLASS (onboard_sandbox_parent_class)->finalize (object);
}

static const NumericProperty *
find_numeric_property (guint prop_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (numeric_properties); i++)
    if (numeric_properties[i].prop_id == prop_id)
      return &numeric_properties[i];
  return NULL;
}

static void
onboard_sandbox_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OnboardSandbox *self = ONBOARD_SANDBOX (object);
  const NumericProperty *numeric = find_numeric_property (prop_id);

  if (numeric != NULL)
    {
      gpointer field = G_STRUCT_MEMBER_P (self, numeric->offset);

      if (numeric->type == G_TYPE_DOUBLE)
        g_value_set_double (value, *(double *)field);
      else if (numeric->type == G_TYPE_UINT)
        g_value_set_uint (value, *(guint *)field);
      else
        g_value_set_int (value, *(int *)field);
      return;
    }

  switch (prop_id)
    {
    case PROP_AUTO:
      g_value_set_boolean (value, self->auto_mode);
      break;

    case PROP_LOG_REQUESTS:
      g_value_set_boolean (value, self->log_requests);
      break;

    case PROP_TERMS_VERSION:
      g_value_set_string (value, self->terms_version);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_STATE_FILE:
      g_value_set_string (value, self->state_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_numeric (OnboardSandbox *self,
             guint           prop_id,
             const GValue   *value)
{
  const NumericProperty *numeric = find_numeric_property (prop_id);
  gpointer field = G_STRUCT_MEMBER_P (self, numeric->offset);

  if (numeric->type == G_TYPE_DOUBLE)
    {
      if (*(double *)field == g_value_get_double (value))
        return;
      *(double *)field = g_value_get_double (value);
    }
  else if (numeric->type == G_TYPE_UINT)
    {
      if (*(guint *)field == g_value_get_uint (value))
        return;
      *(guint *)field = g_value_get_uint (value);
    }
  else
    {
      if (*(int *)field == g_value_get_int (value))
        return;
      *(int *)field = g_value_get_int (value);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
onboard_sandbox_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OnboardSandbox *self = ONBOARD_SANDBOX (object);

  if (find_numeric_property (prop_id) != NULL)
    {
      set_numeric (self, prop_id, value);
      return;
    }

  switch (prop_id)
    {
    case PROP_AUTO:
      onboard_sandbox_set_auto (self, g_value_get_boolean (value));
      break;

    case PROP_LOG_REQUESTS:
      onboard_sandbox_set_log_requests (self, g_value_get_boolean (value));
      break;

    case PROP_TERMS_VERSION:
      onboard_sandbox_set_terms_version (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
seconds_param (const char *name,
               double      default_value)
{
  return g_param_spec_double (name, NULL, NULL, 0, G_MAXDOUBLE, default_value,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
uint_param (const char *name,
            guint       default_value)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, default_value,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
onboard_sandbox_class_init (OnboardSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_sandbox_dispose;
  object_class->finalize = onboard_sandbox_finalize;
  object_class->get_property = onboard_sandbox_get_property;
  object_class->set_property = onboard_sandbox_set_property;

  request_info_quark = g_quark_from_static_string ("onboard-sandbox-request-info");

  properties[PROP_AUTO] =
    g_param_spec_boolean ("auto", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG_REQUESTS] =
    g_param_spec_boolean ("log-requests", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNUP_RESEND_COOLDOWN] = seconds_param ("signup-resend-cooldown", 60);
  properties[PROP_INVITATION_RESEND_COOLDOWN] = seconds_param ("invitation-resend-cooldown", 600);
  properties[PROP_ACTIVATION_LIFETIME] = seconds_param ("activation-lifetime", 72 * 3600);
  properties[PROP_ACCESS_TOKEN_LIFETIME] = seconds_param ("access-token-lifetime", 86400);
  properties[PROP_AUTO_ACTIVATION_DELAY] = seconds_param ("auto-activation-delay", 3);
  properties[PROP_AUTO_AUTHORISATION_DELAY] = seconds_param ("auto-authorisation-delay", 4);
  properties[PROP_INVITATION_DELIVERY_DELAY] = seconds_param ("invitation-delivery-delay", 1);
  properties[PROP_FIRST_SYNC_DELAY] = seconds_param ("first-sync-delay", 5);
  properties[PROP_SYNC_DURATION] = seconds_param ("sync-duration", 3);
  properties[PROP_POLL_INTERVAL] = uint_param ("poll-interval", 15);
  properties[PROP_SIGNUP_RETRY_AFTER] = uint_param ("signup-retry-after", 5);
  properties[PROP_GRANT_RETRY_AFTER] = uint_param ("grant-retry-after", 10);
  properties[PROP_CONNECTOR_RETRY_AFTER] = uint_param ("connector-retry-after", 10);
  properties[PROP_RATE_LIMIT] = uint_param ("rate-limit", 600);
  properties[PROP_RATE_LIMIT_PERIOD] = seconds_param ("rate-limit-period", 300);
  properties[PROP_SIGNUP_LIMIT] = uint_param ("signup-limit", 10);
  properties[PROP_SIGNUP_LIMIT_PERIOD] = seconds_param ("signup-limit-period", 600);
  properties[PROP_PASSWORD_FAILURE_LIMIT] = uint_param ("password-failure-limit", 5);
  properties[PROP_PASSWORD_FAILURE_PERIOD] = seconds_param ("password-failure-period", 600);
  properties[PROP_TERMS_VERSION] =
    g_param_spec_string ("terms-version", NULL, NULL, "2026-09",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK_SKEW] =
    g_param_spec_int ("clock-skew", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_FILE] =
    g_param_spec_string ("state-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static const char * const demo_assembly_apps[] = { "assembly", NULL };
static const char * const demo_booking_apps[] = { "assembly", "schoolbooking", NULL };

static void
onboard_sandbox_init (OnboardSandbox *self)
{
  gint64 now = onboard_sandbox_now ();
  OnboardSandboxInvite *invite;

  self->store = onboard_sandbox_store_new ();
  self->timers = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)g_source_unref, NULL);
  self->replays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, replay_free);
  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->faults = g_ptr_array_new_with_free_func (fault_free);
  self->raw_writers = g_hash_table_new (NULL, NULL);
  self->raw_cancellable = g_cancellable_new ();

  self->signup_resend_cooldown = 60;
  self->invitation_resend_cooldown = 600;
  self->activation_lifetime = 72 * 3600;
  self->access_token_lifetime = 86400;
  self->auto_activation_delay = 3;
  self->auto_authorisation_delay = 4;
  self->invitation_delivery_delay = 1;
  self->first_sync_delay = 5;
  self->sync_duration = 3;
  self->poll_interval = 15;
  self->signup_retry_after = 5;
  self->grant_retry_after = 10;
  self->connector_retry_after = 10;
  self->rate_limit = 600;
  self->rate_limit_period = 300;
  self->signup_limit = 10;
  self->signup_limit_period = 600;
  self->password_failure_limit = 5;
  self->password_failure_period = 600;
  self->terms_version = g_strdup ("2026-09");

  /* Demo codes are reusable and never run out, so a demo never needs a
   * fresh code; the expired and used ones exist to show those errors. */
  onboard_sandbox_store_add_invite (self->store, "DEMO-ASSEMBLY", "Assembly demo school",
                                    demo_assembly_apps, now + ONBOARD_SANDBOX_USEC (365 * 86400.0), TRUE);
  onboard_sandbox_store_add_invite (self->store, "DEMO-BOOKING", "Assembly demo school",
                                    demo_booking_apps, now + ONBOARD_SANDBOX_USEC (365 * 86400.0), TRUE);
  onboard_sandbox_store_add_invite (self->store, "DEMO-EXPIRED", "Assembly demo school",
                                    demo_assembly_apps, now - ONBOARD_SANDBOX_USEC (30 * 86400.0), FALSE);
  invite = onboard_sandbox_store_add_invite (self->store, "DEMO-USED", "Assembly demo school",
                                             demo_assembly_apps,
                                             now + ONBOARD_SANDBOX_USEC (365 * 86400.0), FALSE);
  invite->used = TRUE;
}

OnboardSandbox *
onboard_sandbox_new (void)
{
  return g_object_new (ONBOARD_TYPE_SANDBOX, NULL);
}

/* Setters */

static void
set_double (OnboardSandbox *self,
            guint           prop_id,
            double          seconds)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_if_fail (ONBOARD_IS_SANDBOX (self));
  g_return_if_fail (seconds >= 0);

  g_value_init (&value, G_TYPE_DOUBLE);
  g_value_set_double (&value, seconds);
  set_numeric (self, prop_id, &value);
}

static void
set_uint (OnboardSandbox *self,
          guint           prop_id,
          guint           number)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_if_fail (ONBOARD_IS_SANDBOX (self));

  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, number);
  set_numeric (self, prop_id, &value);
}

gboolean
onboard_sandbox_get_auto (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);

  return self->auto_mode;
}

void
onboard_sandbox_set_auto (OnboardSandbox *self,
                          gboolean        auto_mode)
{
  g_return_if_fail (ONBOARD_IS_SANDBOX (self));

  auto_mode = !!auto_mode;
  if (self->auto_mode == auto_mode)
    return;

  self->auto_mode = auto_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO]);
}

void
onboard_sandbox_set_log_requests (OnboardSandbox *self,
                                  gboolean        log_requests)
{
  g_return_if_fail (ONBOARD_IS_SANDBOX (self));

  log_requests = !!log_requests;
  if (self->log_requests == log_requests)
    return;

  self->log_requests = log_requests;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_REQUESTS]);
}

void
onboard_sandbox_set_signup_resend_cooldown (OnboardSandbox *self,
                                            double          seconds)
{
  set_double (self, PROP_SIGNUP_RESEND_COOLDOWN, seconds);
}

void
onboard_sandbox_set_invitation_resend_cooldown (OnboardSandbox *self,
                                                double          seconds)
{
  set_double (self, PROP_INVITATION_RESEND_COOLDOWN, seconds);
}

void
onboard_sandbox_set_activation_lifetime (OnboardSandbox *self,
                                         double          seconds)
{
  set_double (self, PROP_ACTIVATION_LIFETIME, seconds);
}

void
onboard_sandbox_set_access_token_lifetime (OnboardSandbox *self,
                                           double          seconds)
{
  set_double (self, PROP_ACCESS_TOKEN_LIFETIME, seconds);
}

void
onboard_sandbox_set_auto_activation_delay (OnboardSandbox *self,
                                           double          seconds)
{
  set_double (self, PROP_AUTO_ACTIVATION_DELAY, seconds);
}

void
onboard_sandbox_set_auto_authorisation_delay (OnboardSandbox *self,
                                              double          seconds)
{
  set_double (self, PROP_AUTO_AUTHORISATION_DELAY, seconds);
}

void
onboard_sandbox_set_invitation_delivery_delay (OnboardSandbox *self,
                                               double          seconds)
{
  set_double (self, PROP_INVITATION_DELIVERY_DELAY, seconds);
}

void
onboard_sandbox_set_first_sync_delay (OnboardSandbox *self,
                                      double          seconds)
{
  set_double (self, PROP_FIRST_SYNC_DELAY, seconds);
}

void
onboard_sandbox_set_sync_duration (OnboardSandbox *self,
                                   double          seconds)
{
  set_double (self, PROP_SYNC_DURATION, seconds);
}

void
onboard_sandbox_set_poll_interval (OnboardSandbox *self,
                                   guint           seconds)
{
  set_uint (self, PROP_POLL_INTERVAL, seconds);
}

void
onboard_sandbox_set_signup_retry_after (OnboardSandbox *self,
                                        guint           seconds)
{
  set_uint (self, PROP_SIGNUP_RETRY_AFTER, seconds);
}

void
onboard_sandbox_set_grant_retry_after (OnboardSandbox *self,
                                       guint           seconds)
{
  set_uint (self, PROP_GRANT_RETRY_AFTER, seconds);
}

void
onboard_sandbox_set_connector_retry_after (OnboardSandbox *self,
                                           guint           seconds)
{
  set_uint (self, PROP_CONNECTOR_RETRY_AFTER, seconds);
}

void
onboard_sandbox_set_rate_limit (OnboardSandbox *self,
                                guint           requests,
                                double          period)
{
  set_uint (self, PROP_RATE_LIMIT, requests);
  set_double (self, PROP_RATE_LIMIT_PERIOD, period);
}

void
onboard_sandbox_set_signup_limit (OnboardSandbox *self,
                                  guint           signups,
                                  double          period)
{
  set_uint (self, PROP_SIGNUP_LIMIT, signups);
  set_double (self, PROP_SIGNUP_LIMIT_PERIOD, period);
}

void
onboard_sandbox_set_password_failure_limit (OnboardSandbox *self,
                                            guint           failures,
                                            double          period)
{
  set_uint (self, PROP_PASSWORD_FAILURE_LIMIT, failures);
  set_double (self, PROP_PASSWORD_FAILURE_PERIOD, period);
}

void
onboard_sandbox_set_terms_version (OnboardSandbox *self,
                                   const char     *version)
{
  g_return_if_fail (ONBOARD_IS_SANDBOX (self));
  g_return_if_fail (version != NULL);

  if (set_str (&self->terms_version, version))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TERMS_VERSION]);
}

void
onboard_sandbox_set_clock_skew (OnboardSandbox *self,
                                int             seconds)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_if_fail (ONBOARD_IS_SANDBOX (self));

  g_value_init (&value, G_TYPE_INT);
  g_value_set_int (&value, seconds);
  set_numeric (self, PROP_CLOCK_SKEW, &value);
}

/* Setup */

gboolean
onboard_sandbox_load_schools (OnboardSandbox  *self,
                              const char      *path,
                              GError         **error)
{
  OnboardSandboxDirectory *directory;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(directory = onboard_sandbox_directory_new_from_file (path, error)))
    return FALSE;

  g_clear_object (&self->directory);
  self->directory = directory;

  return TRUE;
}

/**
 * onboard_sandbox_warm_up:
 *
 * Builds the /schools bodies (plain and gzip) now rather than on the first
 * request, so a client's first download does not wait for them.
 */
void
onboard_sandbox_warm_up (OnboardSandbox *self)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (ONBOARD_IS_SANDBOX (self));

  body = onboard_sandbox_directory_get_body (onboard_sandbox_get_directory (self), FALSE, TRUE, NULL);
}

OnboardSandboxDirectory *
onboard_sandbox_get_directory (OnboardSandbox *self)
{
  if (self->directory == NULL)
    self->directory = onboard_sandbox_directory_dup_default ();

  return self->directory;
}

gboolean
onboard_sandbox_set_state_file (OnboardSandbox  *self,
                                const char      *path,
                                GError         **error)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      !onboard_sandbox_store_load (self->store, path, error))
    return FALSE;

  set_str (&self->state_path, path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_FILE]);

  return TRUE;
}

void
onboard_sandbox_add_invite (OnboardSandbox     *self,
                            const char         *code,
                            const char * const *apps)
{
  static const char * const default_apps[] = { "assembly", NULL };

  g_return_if_fail (ONBOARD_IS_SANDBOX (self));
  g_return_if_fail (code != NULL);

  onboard_sandbox_store_add_invite (self->store, code, "Sandbox organisation",
                                    apps && apps[0] ? apps : default_apps,
                                    onboard_sandbox_now () + ONBOARD_SANDBOX_USEC (30 * 86400.0),
                                    FALSE);
}

/**
 * onboard_sandbox_add_invite_spec:
 * @spec: `CODE` or `CODE:app,app`, as given to `--invite`
 */
gboolean
onboard_sandbox_add_invite_spec (OnboardSandbox  *self,
                                 const char      *spec,
                                 GError         **error)
{
  static const char * const known_apps[] = { "assembly", "schoolbooking", NULL };
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) apps = NULL;
  g_autofree char *normalised = NULL;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  parts = g_strsplit (spec, ":", 2);
  normalised = onboard_sandbox_normalize_invite_code (parts[0]);
  if (normalised == NULL || normalised[0] == '\0')
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID,
                   "“%s” has no invite code before the colon", spec);
      return FALSE;
    }

  if (parts[1] != NULL)
    {
      apps = g_strsplit (parts[1], ",", -1);
      for (guint i = 0; apps[i]; i++)
        {
          g_strstrip (apps[i]);
          if (!g_strv_contains (known_apps, apps[i]))
            {
              g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID,
                           "Unknown app “%s” in “%s” (known: assembly, schoolbooking)",
                           apps[i], spec);
              return FALSE;
            }
        }
    }

  onboard_sandbox_add_invite (self, parts[0], (const char * const *)apps);

  return TRUE;
}

const char *
onboard_sandbox_get_base_url (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), NULL);

  return self->base_url;
}

guint
onboard_sandbox_get_port (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return self->port;
}

char *
onboard_sandbox_dup_link (OnboardSandbox *self,
                          const char     *path)
{
  return g_strconcat (self->base_url ? self->base_url : ONBOARD_SANDBOX_API_PATH, path, NULL);
}

char *
onboard_sandbox_dup_banner (OnboardSandbox *self)
{
  g_autoptr(GPtrArray) invites = NULL;
  OnboardSandboxDirectory *directory;
  GString *out;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), NULL);

  directory = onboard_sandbox_get_directory (self);
  invites = onboard_sandbox_store_list_invites (self->store);
  out = g_string_new (NULL);

  g_string_append_printf (out, "Assembly onboarding sandbox %s\n", PACKAGE_VERSION);
  g_string_append_printf (out, "  Mailbox:   %s/__dev/outbox\n", self->base_url);
  g_string_append_printf (out, "  Schools:   %u open (%u listed, %u rows skipped)%s\n",
                          onboard_sandbox_directory_get_n_open (directory),
                          onboard_sandbox_directory_get_n_schools (directory),
                          onboard_sandbox_directory_get_n_skipped (directory),
                          onboard_sandbox_directory_get_format (directory) ==
                            ONBOARD_SANDBOX_DIRECTORY_FORMAT_GENERATED ? ", generated" : "");
  g_string_append_printf (out, "  Mode:      %s\n",
                          self->auto_mode ? "auto (activation, authorisation and sync happen by themselves)"
                                          : "manual (click the links in the mailbox)");
  if (self->state_path != NULL)
    g_string_append_printf (out, "  State:     %s\n", self->state_path);
  g_string_append (out, "  Invite codes:\n");

  for (guint i = 0; i < invites->len; i++)
    {
      OnboardSandboxInvite *invite = g_ptr_array_index (invites, i);
      g_autofree char *apps = g_strjoinv (", ", invite->apps);
      const char *note;

      if (invite->expires_at <= onboard_sandbox_now ())
        note = "expired";
      else if (invite->used && !invite->reusable)
        note = "already used";
      else if (invite->reusable)
        note = "reusable, one sign-up per email address";
      else
        note = "single use";

      g_string_append_printf (out, "    %-16s %s (%s)\n", invite->display_code, apps, note);
    }

  return g_string_free (out, FALSE);
}

/* Responses */

void
onboard_sandbox_add_header (OnboardSandboxRequest *request,
                            const char            *name,
                            const char            *value)
{
  if (request->headers == NULL)
    request->headers = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (request->headers, g_strdup (name));
  g_ptr_array_add (request->headers, g_strdup (value));
}

void
onboard_sandbox_add_retry_after (OnboardSandboxRequest *request,
                                 double                 seconds)
{
  char value[32];

  g_snprintf (value, sizeof value, "%u", (guint)MAX (0, ceil (seconds)));
  onboard_sandbox_add_header (request, "Retry-After", value);
}

void
onboard_sandbox_respond (OnboardSandboxRequest *request,
                         guint                  status,
                         const char            *content_type,
                         GBytes                *body)
{
  request->responded = TRUE;
  request->status = status;
  set_str (&request->content_type, content_type);
  g_clear_pointer (&request->response, g_bytes_unref);
  request->response = body ? g_bytes_ref (body) : NULL;
}

void
onboard_sandbox_respond_json (OnboardSandboxRequest *request,
                              guint                  status,
                              JsonNode              *node)
{
  g_autoptr(GBytes) body = NULL;
  char *text = json_to_string (node, FALSE);

  body = g_bytes_new_take (text, strlen (text));
  onboard_sandbox_respond (request, status, "application/json", body);
}

void
onboard_sandbox_respond_html (OnboardSandboxRequest *request,
                              guint                  status,
                              char                  *html)
{
  g_autoptr(GBytes) body = g_bytes_new_take (html, strlen (html));

  onboard_sandbox_respond (request, status, "text/html; charset=utf-8", body);
}

gboolean
onboard_sandbox_etag_matches (const char *header,
                              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL || etag == NULL)
    return FALSE;

  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i]; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0 || strcmp (tag, etag) == 0)
        return TRUE;
    }

  return FALSE;
}

char *
onboard_sandbox_etag_for (const char *text)
{
  g_autofree char *checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strdup_printf ("\"%.32s\"", checksum);
}

/**
 * onboard_sandbox_respond_cacheable:
 *
 * Answers 200 with an ETag, or 304 when the client already has this body.
 *
 * Returns: %TRUE if the answer is 304
 */
gboolean
onboard_sandbox_respond_cacheable (OnboardSandboxRequest *request,
                                   JsonNode              *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *etag = onboard_sandbox_etag_for (text);
  g_autoptr(GBytes) body = NULL;
  gsize length = strlen (text);

  onboard_sandbox_add_header (request, "ETag", etag);
  onboard_sandbox_add_header (request, "Cache-Control", "no-cache");

  if (onboard_sandbox_etag_matches (onboard_sandbox_request_header (request, "If-None-Match"), etag))
    {
      onboard_sandbox_respond (request, SOUP_STATUS_NOT_MODIFIED, NULL, NULL);
      return TRUE;
    }

  body = g_bytes_new_take (g_steal_pointer (&text), length);
  onboard_sandbox_respond (request, SOUP_STATUS_OK, "application/json", body);
  return FALSE;
}

void
onboard_sandbox_respond_error (OnboardSandboxRequest *request,
                               guint                  status,
                               const char            *error,
                               const char            *message,
                               JsonNode              *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (data != NULL)
    {
      json_builder_set_member_name (builder, "data");
      json_builder_add_value (builder, data);
    }
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  onboard_sandbox_respond_json (request, status, node);
}

void
onboard_sandbox_respond_fields (OnboardSandboxRequest *request,
                                JsonObject            *fields)
{
  g_autoptr(JsonObject) data = json_object_new ();

  json_object_set_object_member (data, "fields", fields);
  onboard_sandbox_respond_error (request, 422, "validation_failed",
                                 "Some fields are not valid; see data.fields",
                                 json_node_init_object (json_node_alloc (), data));
}

void
onboard_sandbox_respond_too_many (OnboardSandboxRequest *request,
                                  guint                  count,
                                  double                 period,
                                  guint                  limit,
                                  double                 retry_after)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *message = NULL;
  guint seconds = (guint)MAX (0, ceil (retry_after));

  json_object_set_int_member (data, "count", count);
  json_object_set_int_member (data, "period", (gint64)ceil (period));
  json_object_set_int_member (data, "limit", limit);
  message = g_strdup_printf ("Too many requests; try again in %u seconds", seconds);

  onboard_sandbox_add_retry_after (request, retry_after);
  onboard_sandbox_respond_error (request, ONBOARD_SANDBOX_STATUS_TOO_MANY_REQUESTS, "too many requests", message,
                                 json_node_init_object (json_node_alloc (), data));
}

static const char *
error_code_for_status (guint status)
{
  switch (status)
    {
    case 400: return "invalid_request_body";
    case 401: return "invalid_token";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 406: return "unsupported_version";
    case 409: return "conflict";
    case 410: return "gone";
    case 422: return "validation_failed";
    case 429: return "too many requests";
    case 502: return "upstream_error";
    case 503: return "unavailable";
    case 504: return "upstream_timeout";
    default: return status >= 500 ? "server_error" : "error";
    }
}

/* Requests */

const char *
onboard_sandbox_request_header (OnboardSandboxRequest *request,
                                const char            *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), name);
}

const char *
onboard_sandbox_form_get (OnboardSandboxRequest *request,
                          const char            *name)
{
  GPtrArray *values;

  if (request->form == NULL)
    return NULL;

  values = g_hash_table_lookup (request->form, name);
  return values ? g_ptr_array_index (values, 0) : NULL;
}

/* XoD sends lists comma-separated; a browser form sends a field once per
 * ticked box. Both arrive here as one comma-separated string. */
char *
onboard_sandbox_form_get_list (OnboardSandboxRequest *request,
                               const char            *name)
{
  GPtrArray *values;
  GString *out;

  if (request->form == NULL || !(values = g_hash_table_lookup (request->form, name)))
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (values, i));
    }

  return g_string_free (out, FALSE);
}

gboolean
onboard_sandbox_accepts_html (OnboardSandboxRequest *request)
{
  const char *accept = onboard_sandbox_request_header (request, "Accept");

  return accept != NULL && strstr (accept, "text/html") != NULL;
}

static char *
form_unescape (const char *text,
               gsize       length)
{
  g_autofree char *plus = g_strndup (text, length);

  for (char *p = plus; *p; p++)
    if (*p == '+')
      *p = ' ';

  return g_uri_unescape_string (plus, NULL);
}

static GHashTable *
form_decode (GBytes *body)
{
  GHashTable *form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_ptr_array_unref);
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;
  const char *end = data + length;
  const char *p = data;

  while (p != NULL && p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *pair_end = amp ? amp : end;
      const char *eq = memchr (p, '=', pair_end - p);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      GPtrArray *values;

      if (pair_end > p)
        {
          name = form_unescape (p, (eq ? eq : pair_end) - p);
          value = eq ? form_unescape (eq + 1, pair_end - eq - 1) : g_strdup ("");

          if (name != NULL && value != NULL && g_utf8_validate (value, -1, NULL))
            {
              if (!(values = g_hash_table_lookup (form, name)))
                {
                  values = g_ptr_array_new_with_free_func (g_free);
                  g_hash_table_insert (form, g_strdup (name), values);
                }
              g_ptr_array_add (values, g_steal_pointer (&value));
            }
        }

      p = amp ? amp + 1 : end;
    }

  return form;
}

static gboolean
accept_has_version (const char *accept)
{
  g_auto(GStrv) ranges = NULL;

  if (accept == NULL)
    return FALSE;

  ranges = g_strsplit (accept, ",", -1);
  for (guint i = 0; ranges[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (ranges[i], ";", -1);

      if (g_ascii_strcasecmp (g_strstrip (parts[0]), ONBOARD_SANDBOX_MEDIA_TYPE) != 0)
        continue;

      for (guint j = 1; parts[j]; j++)
        {
          char *param = g_strstrip (parts[j]);
          char *value;

          if (g_ascii_strncasecmp (param, "version", 7) != 0)
            continue;
          value = g_strstrip (param + 7);
          if (*value != '=')
            continue;
          value = g_strstrip (value + 1);
          if (*value == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
            {
              value[strlen (value) - 1] = '\0';
              value++;
            }
          if (strcmp (value, ONBOARD_SANDBOX_API_VERSION) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static gboolean
route_matches (const char *pattern,
               const char *path,
               char      **params)
{
  guint n_params = 0;

  while (*pattern && *path)
    {
      if (*pattern == '*')
        {
          const char *slash = strchr (path, '/');
          gsize length = slash ? (gsize)(slash - path) : strlen (path);

          if (length == 0 || n_params >= 2)
            return FALSE;
          if (params != NULL)
            {
              g_free (params[n_params]);
              params[n_params] = g_uri_unescape_segment (path, path + length, NULL);
              if (params[n_params] == NULL)
                return FALSE;
            }
          n_params++;
          pattern++;
          path += length;
          continue;
        }

      if (*pattern != *path)
        return FALSE;
      pattern++;
      path++;
    }

  return *pattern == '\0' && *path == '\0';
}

/* Rate limits: fixed windows, one per key. */

gboolean
onboard_sandbox_rate_check (OnboardSandbox *self,
                            const char     *key,
                            guint           limit,
                            double          period,
                            gboolean        count,
                            guint          *out_count,
                            double         *out_retry_after)
{
  gint64 now = onboard_sandbox_now ();
  Window *window = g_hash_table_lookup (self->windows, key);

  if (window == NULL || now - window->started_at >= ONBOARD_SANDBOX_USEC (period))
    {
      if (window == NULL)
        {
          window = g_new0 (Window, 1);
          g_hash_table_insert (self->windows, g_strdup (key), window);
        }
      window->started_at = now;
      window->count = 0;
    }

  if (count)
    window->count++;

  if (out_count != NULL)
    *out_count = window->count;
  if (out_retry_after != NULL)
    *out_retry_after = (window->started_at + ONBOARD_SANDBOX_USEC (period) - now) / (double)G_USEC_PER_SEC;

  return count ? window->count <= limit : window->count < limit;
}

void
onboard_sandbox_rate_reset (OnboardSandbox *self,
                            const char     *key)
{
  g_hash_table_remove (self->windows, key);
}

/* Timers and persistence */

static void
timer_free (gpointer data)
{
  Timer *timer = data;

  g_free (timer->id);
  g_free (timer);
}

static gboolean
timer_fired (gpointer data)
{
  Timer *timer = data;
  OnboardSandbox *self = timer->self;

  timer->func (self, timer->id);
  g_hash_table_remove (self->timers, timer->source);

  return G_SOURCE_REMOVE;
}

void
onboard_sandbox_schedule (OnboardSandbox  *self,
                          double           seconds,
                          void           (*func) (OnboardSandbox *, const char *),
                          const char      *id)
{
  Timer *timer = g_new0 (Timer, 1);
  GSource *source = g_timeout_source_new ((guint)MIN (G_MAXUINT, seconds * 1000));

  timer->self = self;
  timer->func = func;
  timer->id = g_strdup (id);
  timer->source = source;

  g_source_set_name (source, "[onboard-sandbox] timer");
  g_source_set_callback (source, timer_fired, timer, timer_free);
  g_source_attach (source, self->context);
  g_hash_table_add (self->timers, source);
}

static gboolean
save_state (gpointer data)
{
  OnboardSandbox *self = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->save_source, g_source_unref);

  if (!onboard_sandbox_store_save (self->store, self->state_path, &error))
    g_printerr ("Could not save the state: %s\n", error->message);

  return G_SOURCE_REMOVE;
}

void
onboard_sandbox_changed (OnboardSandbox *self)
{
  if (self->state_path == NULL || self->save_source != NULL)
    return;

  /* One write for a burst of changes, after the response has gone. */
  self->save_source = g_idle_source_new ();
  g_source_set_name (self->save_source, "[onboard-sandbox] save");
  g_source_set_callback (self->save_source, save_state, self, NULL);
  g_source_attach (self->save_source, self->context ? self->context : g_main_context_get_thread_default ());
}

/* Faults */

static gboolean
fault_is_upstream (const Fault *fault)
{
  return fault->status == 502 && fault->body == NULL && fault->delay_ms == 0 &&
         !fault->drop && g_str_has_suffix (fault->path, "/grant_access");
}

static gboolean
fault_matches (const Fault *fault,
               const char  *method,
               const char  *path)
{
  if (fault->method != NULL && g_ascii_strcasecmp (fault->method, method) != 0)
    return FALSE;

  if (g_str_has_suffix (fault->path, "*"))
    return strncmp (fault->path, path, strlen (fault->path) - 1) == 0;

  return strcmp (fault->path, path) == 0;
}

static Fault *
take_fault (OnboardSandbox *self,
            const char     *method,
            const char     *path,
            gboolean        upstream)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);
      Fault *copy;

      if (fault_is_upstream (fault) != upstream || !fault_matches (fault, method, path))
        continue;

      copy = g_memdup2 (fault, sizeof *fault);
      copy->path = g_strdup (fault->path);
      copy->method = g_strdup (fault->method);
      copy->body = g_strdup (fault->body);

      if (fault->remaining > 0 && --fault->remaining == 0)
        g_ptr_array_remove_index (self->faults, i);

      return copy;
    }

  return NULL;
}

/**
 * onboard_sandbox_take_upstream_fault:
 *
 * A 502 injected on a grant_access path stands for Groupcall refusing the
 * invitation, so the handler (not the fault layer) answers it and leaves
 * the connector in invitation_failed, as the contract says.
 */
gboolean
onboard_sandbox_take_upstream_fault (OnboardSandbox *self,
                                     const char     *path)
{
  Fault *fault = take_fault (self, "POST", path, TRUE);

  if (fault == NULL)
    return FALSE;

  fault_free (fault);
  return TRUE;
}

static gboolean
member_is (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
add_fault_from_json (OnboardSandbox  *self,
                     JsonNode        *node,
                     GError         **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  JsonObject *object;
  Fault *fault;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID,
                   "A fault is a JSON object");
      return FALSE;
    }
  object = json_node_get_object (node);

  if (!member_is (object, "path", G_TYPE_STRING) ||
      json_object_get_string_member (object, "path")[0] != '/')
    g_string_append (problems, "path must be a string starting with /; ");
  if (json_object_has_member (object, "status") &&
      (!member_is (object, "status", G_TYPE_INT64) ||
       json_object_get_int_member (object, "status") < 100 ||
       json_object_get_int_member (object, "status") > 599))
    g_string_append (problems, "status must be an HTTP status code; ");
  if (json_object_has_member (object, "count") &&
      (!member_is (object, "count", G_TYPE_INT64) || json_object_get_int_member (object, "count") < 0))
    g_string_append (problems, "count must be 0 (until cleared) or more; ");
  if (json_object_has_member (object, "delay_ms") &&
      (!member_is (object, "delay_ms", G_TYPE_INT64) ||
       json_object_get_int_member (object, "delay_ms") < 0 ||
       json_object_get_int_member (object, "delay_ms") > 600000))
    g_string_append (problems, "delay_ms must be between 0 and 600000; ");
  if (json_object_has_member (object, "body") && !member_is (object, "body", G_TYPE_STRING))
    g_string_append (problems, "body must be a string; ");
  if (json_object_has_member (object, "retry_after") &&
      (!member_is (object, "retry_after", G_TYPE_INT64) ||
       json_object_get_int_member (object, "retry_after") < 0))
    g_string_append (problems, "retry_after must be a number of seconds; ");
  if (json_object_has_member (object, "drop") && !member_is (object, "drop", G_TYPE_BOOLEAN))
    g_string_append (problems, "drop must be true or false; ");
  if (json_object_has_member (object, "method") && !member_is (object, "method", G_TYPE_STRING))
    g_string_append (problems, "method must be a string; ");
  if (json_object_has_member (object, "hostile") &&
      (!member_is (object, "hostile", G_TYPE_STRING) ||
       onboard_sandbox_hostile_from_string (json_object_get_string_member (object, "hostile")) ==
         ONBOARD_SANDBOX_HOSTILE_NONE))
    g_string_append (problems, "hostile must name one of the hostile answers the README lists; ");
  if (json_object_has_member (object, "interval_ms") &&
      (!member_is (object, "interval_ms", G_TYPE_INT64) ||
       json_object_get_int_member (object, "interval_ms") < 1 ||
       json_object_get_int_member (object, "interval_ms") > 60000))
    g_string_append (problems, "interval_ms must be between 1 and 60000; ");
  if (json_object_has_member (object, "hostile") &&
      (json_object_has_member (object, "body") || json_object_has_member (object, "drop")))
    g_string_append (problems, "hostile goes with neither body nor drop; ");

  if (problems->len == 0 &&
      !json_object_has_member (object, "status") &&
      !json_object_has_member (object, "delay_ms") &&
      !json_object_has_member (object, "body") &&
      !json_object_has_member (object, "hostile") &&
      !json_object_get_boolean_member_with_default (object, "drop", FALSE))
    g_string_append (problems, "give at least one of status, delay_ms, body, drop or hostile; ");

  if (problems->len > 0)
    {
      g_string_truncate (problems, problems->len - 2);
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID, "%s", problems->str);
      return FALSE;
    }

  fault = g_new0 (Fault, 1);
  fault->path = g_strdup (json_object_get_string_member (object, "path"));
  fault->method = g_strdup (json_object_get_string_member_with_default (object, "method", NULL));
  fault->remaining = (int)json_object_get_int_member_with_default (object, "count", 1);
  if (fault->remaining == 0)
    fault->remaining = -1;
  fault->status = (guint)json_object_get_int_member_with_default (object, "status", 0);
  fault->delay_ms = (guint)json_object_get_int_member_with_default (object, "delay_ms", 0);
  fault->body = g_strdup (json_object_get_string_member_with_default (object, "body", NULL));
  fault->retry_after = (int)json_object_get_int_member_with_default (object, "retry_after", -1);
  fault->drop = json_object_get_boolean_member_with_default (object, "drop", FALSE);
  fault->hostile = onboard_sandbox_hostile_from_string (json_object_get_string_member_with_default (object, "hostile", NULL));
  fault->interval_ms = (guint)json_object_get_int_member_with_default (object, "interval_ms", 0);

  g_ptr_array_add (self->faults, fault);

  return TRUE;
}

gboolean
onboard_sandbox_add_fault (OnboardSandbox  *self,
                           const char      *json,
                           GError         **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!(node = json_from_string (json, error)))
    return FALSE;

  return add_fault_from_json (self, node, error);
}

void
onboard_sandbox_clear_faults (OnboardSandbox *self)
{
  g_return_if_fail (ONBOARD_IS_SANDBOX (self));

  g_ptr_array_set_size (self->faults, 0);
}

static JsonNode *
faults_to_json (OnboardSandbox *self)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "path", fault->path);
      if (fault->method)
        json_object_set_string_member (object, "method", fault->method);
      json_object_set_int_member (object, "count", MAX (fault->remaining, 0));
      if (fault->status)
        json_object_set_int_member (object, "status", fault->status);
      if (fault->delay_ms)
        json_object_set_int_member (object, "delay_ms", fault->delay_ms);
      if (fault->body)
        json_object_set_string_member (object, "body", fault->body);
      if (fault->retry_after >= 0)
        json_object_set_int_member (object, "retry_after", fault->retry_after);
      if (fault->drop)
        json_object_set_boolean_member (object, "drop", TRUE);
      if (fault->hostile)
        json_object_set_string_member (object, "hostile", onboard_sandbox_hostile_to_string (fault->hostile));
      if (fault->interval_ms)
        json_object_set_int_member (object, "interval_ms", fault->interval_ms);
      json_array_add_object_element (array, object);
    }

  /* json_node_init_array() takes its own reference. */
  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);

  return node;
}

static void
handle_faults_list (OnboardSandbox        *self,
                    OnboardSandboxRequest *request)
{
  g_autoptr(JsonNode) node = faults_to_json (self);

  onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
}

static void
handle_faults_add (OnboardSandbox        *self,
                   OnboardSandboxRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonNode *body = request->json;

  /* One fault or an array of them. */
  if (JSON_NODE_HOLDS_ARRAY (body))
    {
      JsonArray *array = json_node_get_array (body);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!add_fault_from_json (self, json_array_get_element (array, i), &error))
          break;
    }
  else
    add_fault_from_json (self, body, &error);

  if (error != NULL)
    {
      onboard_sandbox_respond_error (request, 422, "validation_failed", error->message, NULL);
      return;
    }

  node = faults_to_json (self);
  onboard_sandbox_respond_json (request, SOUP_STATUS_CREATED, node);
}

static void
handle_faults_clear (OnboardSandbox        *self,
                     OnboardSandboxRequest *request)
{
  onboard_sandbox_clear_faults (self);
  onboard_sandbox_respond (request, SOUP_STATUS_NO_CONTENT, NULL, NULL);
}

static const OnboardSandboxRoute fault_routes[] = {
  { "GET", "/__dev/faults", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, TRUE, handle_faults_list },
  { "POST", "/__dev/faults", ROUTE_AUTH_NONE, ROUTE_BODY_JSON, TRUE, handle_faults_add },
  { "DELETE", "/__dev/faults", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, TRUE, handle_faults_clear },
  { NULL }
};

/* The pipeline */

static const OnboardSandboxRoute *
find_route (OnboardSandboxRequest *request,
            const char            *method,
            GString               *allowed)
{
  const OnboardSandboxRoute *tables[] = {
    onboard_sandbox_api_routes,
    onboard_sandbox_dev_routes,
    fault_routes,
  };
  const OnboardSandboxRoute *found = NULL;

  if (strcmp (method, "HEAD") == 0)
    method = "GET";

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const OnboardSandboxRoute *route = tables[t]; route->pattern; route++)
      {
        if (!route_matches (route->pattern, request->path, NULL))
          continue;

        if (strcmp (route->method, method) == 0 && found == NULL)
          {
            found = route;
            route_matches (route->pattern, request->path, request->params);
          }

        if (allowed->len > 0)
          g_string_append (allowed, ", ");
        g_string_append (allowed, route->method);
      }

  return found;
}


static void
log_line (OnboardSandbox    *self,
          SoupServerMessage *msg,
          const char        *outcome)
{
  RequestInfo *info = g_object_get_qdata (G_OBJECT (msg), request_info_quark);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  char status[16];

  if (!self->log_requests || info == NULL || info->logged)
    return;
  info->logged = TRUE;

  if (outcome == NULL)
    {
      g_snprintf (status, sizeof status, "%u", soup_server_message_get_status (msg));
      outcome = status;
    }

  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%H:%M:%S");

  /* The path only: queries, bodies and headers may carry secrets. */
  g_printerr ("%s %s %s %s %s %.2f ms\n",
              stamp,
              soup_server_message_get_method (msg) ? soup_server_message_get_method (msg) : "-",
              uri ? g_uri_get_path (uri) : "-",
              outcome,
              info->request_id,
              (onboard_sandbox_now () - info->started_at) / 1000.0);
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 OnboardSandbox    *self)
{
  RequestInfo *info = g_new0 (RequestInfo, 1);
  g_autofree char *random = onboard_sandbox_new_id ("", 20);

  info->request_id = g_strconcat ("req_", random, NULL);
  info->started_at = onboard_sandbox_now ();
  g_object_set_qdata_full (G_OBJECT (msg), request_info_quark, info, request_info_free);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Request-Id", info->request_id);
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  OnboardSandbox    *self)
{
  log_line (self, msg, NULL);
}

static void
request_aborted (SoupServer        *server,
                 SoupServerMessage *msg,
                 OnboardSandbox    *self)
{
  log_line (self, msg, "aborted");
}

static void
set_error_response (SoupServerMessage *msg,
                    guint              status,
                    const char        *error,
                    const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  /* Refuse before reading the body, so a huge upload costs nothing. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > ONBOARD_SANDBOX_MAX_BODY)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      set_error_response (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "invalid_request_body",
                          "The request body is larger than 1 MiB");
    }
}

static void
apply_response (OnboardSandbox        *self,
                OnboardSandboxRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  RequestInfo *info = g_object_get_qdata (G_OBJECT (request->msg), request_info_quark);

  soup_server_message_set_status (request->msg, request->status, NULL);

  /* A "100 Continue" takes the headers set so far with it. */
  if (info != NULL)
    soup_message_headers_replace (headers, "X-Request-Id", info->request_id);

  for (guint i = 0; request->headers && i + 1 < request->headers->len; i += 2)
    soup_message_headers_append (headers,
                                 g_ptr_array_index (request->headers, i),
                                 g_ptr_array_index (request->headers, i + 1));

  if (self->clock_skew != 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) skewed = g_date_time_add_seconds (now, self->clock_skew);
      g_autofree char *date = soup_date_time_to_string (skewed, SOUP_DATE_HTTP);

      soup_message_headers_replace (headers, "Date", date);
    }

  if (request->response != NULL)
    {
      soup_message_headers_replace (headers, "Content-Type", request->content_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (request->msg),
                                      request->response);
    }
}

static void
finish_request (OnboardSandbox        *self,
                OnboardSandboxRequest *request,
                gboolean               paused)
{
  if (request->drop)
    {
      g_autoptr(GIOStream) stream = NULL;

      log_line (self, request->msg, "dropped");
      stream = soup_server_message_steal_connection (request->msg);
      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
      return;
    }

  if (request->hostile != ONBOARD_SANDBOX_HOSTILE_NONE)
    {
      log_line (self, request->msg, onboard_sandbox_hostile_to_string (request->hostile));
      onboard_sandbox_hostile_write (self, request);
      return;
    }

  if (!request->responded)
    onboard_sandbox_respond_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error",
                                   "The handler gave no answer", NULL);
  apply_response (self, request);

  if (paused)
    soup_server_message_unpause (request->msg);
}

static char *
replay_scope (OnboardSandboxRequest *request,
              const char            *key)
{
  return g_strdup_printf ("%s %s %s %s",
                          soup_server_message_get_method (request->msg),
                          request->path,
                          request->account ? request->account->id : "-",
                          key);
}

static char *
replay_fingerprint (OnboardSandboxRequest *request)
{
  gsize length = 0;
  const guchar *data = request->body ? g_bytes_get_data (request->body, &length) : NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data ? data : (const guchar *)"", length);
}

static void
store_replay (OnboardSandbox        *self,
              OnboardSandboxRequest *request,
              char                  *scope,
              char                  *fingerprint)
{
  Replay *replay = g_new0 (Replay, 1);

  replay->fingerprint = fingerprint;
  replay->status = request->status;
  replay->content_type = g_strdup (request->content_type);
  replay->body = request->response ? g_bytes_ref (request->response) : NULL;
  replay->headers = request->headers ? g_ptr_array_ref (request->headers) : NULL;
  replay->created_at = onboard_sandbox_now ();

  g_hash_table_replace (self->replays, scope, replay);

  /* Keys are only promised for a day; forget older ones now and then. */
  if (++self->replay_inserts % 256 == 0)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->replays);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (replay->created_at - ((Replay *)value)->created_at > ONBOARD_SANDBOX_USEC (86400))
          g_hash_table_iter_remove (&iter);
    }
}

static gboolean
is_json_type (const char *content_type)
{
  return content_type != NULL &&
         (g_ascii_strcasecmp (content_type, "application/json") == 0 ||
          (g_str_has_prefix (content_type, "application/") && g_str_has_suffix (content_type, "+json")));
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static guint
read_hex4 (const char *p)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return G_MAXUINT;
      value = value * 16 + g_ascii_xdigit_value (p[i]);
    }

  return value;
}

/* How many bytes after a backslash make one escape that JSON allows, or 0.
 * A surrogate escape only counts as the first half of a pair. */
static gsize
json_escape_length (const char *p,
                    const char *end)
{
  guint unit;

  if (p >= end)
    return 0;

  if (*p != '\0' && strchr ("\"\\/bfnrt", *p) != NULL)
    return 1;

  if (*p != 'u' || end - p < 5 || (unit = read_hex4 (p + 1)) == G_MAXUINT)
    return 0;

  if (unit < 0xD800 || unit > 0xDFFF)
    return 5;

  if (unit > 0xDBFF || end - p < 11 || p[5] != '\\' || p[6] != 'u')
    return 0;

  unit = read_hex4 (p + 7);
  if (unit < 0xDC00 || unit > 0xDFFF)
    return 0;

  return 11;
}

/* What may stand outside strings in JSON: structure, white space, and the
 * characters of numbers, true, false and null. */
static gboolean
is_json_token_char (char c)
{
  return c != '\0' && strchr ("{}[],: \t\n\r-+.0123456789eEtrufalsn", c) != NULL;
}

/* json-glib 1.6 leaks on some bad bodies on its way to the error: every
 * node of a second value after the first ("{}{}", "1{}"), and its buffer
 * for a string with a malformed escape ("\u12", "\x", a surrogate that is
 * not half of a pair). Every route takes an object (the fault hook also
 * an array), so before json-glib sees a body, its brackets must close
 * exactly at the end (white space aside), its escapes be JSON's, and
 * nothing but JSON's tokens stand outside its strings, so that json-glib
 * finds the strings where this does. Returns why a body is refused, or
 * NULL; a body cut short is left to json-glib. */
static const char *
json_body_problem (const char *data,
                   gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  gsize i = 0;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && is_json_space (data[i]))
    i++;
  if (i == length)
    return NULL;

  if (data[i] != '{' && data[i] != '[')
    return "The body must be a JSON object";

  for (; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gsize escape = json_escape_length (data + i + 1, data + length);

              if (escape == 0)
                return "The body is not valid JSON: a string has an escape JSON does not allow";
              i += escape;
            }
          else if (c == '"')
            {
              in_string = FALSE;
            }
        }
      else if (c == '"')
        {
          in_string = TRUE;
        }
      else if (!is_json_token_char (c))
        {
          return "The body is not valid JSON: a character JSON does not allow outside strings";
        }
      else if (c == '{' || c == '[')
        {
          depth++;
        }
      else if ((c == '}' || c == ']') && --depth == 0)
        {
          break;
        }
    }

  if (i >= length)
    return NULL;

  for (i++; i < length; i++)
    {
      if (!is_json_space (data[i]))
        return "The body is not valid JSON: more follows its first value";
    }

  return NULL;
}

static gboolean
read_body (OnboardSandboxRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  RouteBody kind = request->route->body;
  g_autoptr(JsonParser) parser = NULL;
  const char *problem;
  g_autoptr(GError) error = NULL;
  gsize length;

  request->body = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  length = g_bytes_get_size (request->body);

  /* Chunked uploads have no length to refuse early. */
  if (length > ONBOARD_SANDBOX_MAX_BODY)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "invalid_request_body",
                                     "The request body is larger than 1 MiB", NULL);
      return FALSE;
    }

  if (kind == ROUTE_BODY_NONE)
    return TRUE;

  if (kind == ROUTE_BODY_FORM)
    {
      if (length > 0 && g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
        {
          onboard_sandbox_respond_error (request, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid_request_body",
                                         "Send this form as application/x-www-form-urlencoded", NULL);
          return FALSE;
        }
      request->form = form_decode (request->body);
      return TRUE;
    }

  if (length == 0)
    {
      if (kind == ROUTE_BODY_JSON_OPTIONAL)
        return TRUE;
      onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body",
                                     "This request needs a JSON body", NULL);
      return FALSE;
    }

  if (!is_json_type (content_type))
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid_request_body",
                                     "Send the body as application/json", NULL);
      return FALSE;
    }

  if ((problem = json_body_problem (g_bytes_get_data (request->body, NULL), length)))
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body",
                                     problem, NULL);
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL), length, &error))
    {
      g_autofree char *message = g_strdup_printf ("The body is not valid JSON: %s", error->message);

      onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body", message, NULL);
      return FALSE;
    }

  request->json = json_parser_steal_root (parser);
  if (request->json == NULL ||
      (!JSON_NODE_HOLDS_OBJECT (request->json) && request->route->handler != handle_faults_add))
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body",
                                     "The body must be a JSON object", NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
authenticate (OnboardSandbox        *self,
              OnboardSandboxRequest *request)
{
  OnboardSandboxToken *token;

  if (request->route->auth == ROUTE_AUTH_NONE)
    return TRUE;

  token = onboard_sandbox_store_lookup_token (self->store, request->bearer);
  if (token == NULL || token->kind != ONBOARD_SANDBOX_TOKEN_ACCESS ||
      (token->expires_at != 0 && token->expires_at <= onboard_sandbox_now ()) ||
      !(request->account = onboard_sandbox_store_lookup_account (self->store, token->account_id)))
    {
      onboard_sandbox_add_header (request, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      onboard_sandbox_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "invalid_token",
                                     request->bearer ? "The access token is not valid or has expired"
                                                     : "This request needs an access token", NULL);
      return FALSE;
    }

  return TRUE;
}

static void
process_request (OnboardSandbox        *self,
                 OnboardSandboxRequest *request)
{
  const char *key = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *fingerprint = NULL;

  if (!request->route->dev &&
      !accept_has_version (onboard_sandbox_request_header (request, "Accept")))
    {
      g_autoptr(JsonObject) data = json_object_new ();
      JsonArray *supported = json_array_new ();

      json_array_add_string_element (supported, ONBOARD_SANDBOX_API_VERSION);
      json_object_set_array_member (data, "supported_versions", supported);
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_ACCEPTABLE, "unsupported_version",
                                     "Send Accept: " ONBOARD_SANDBOX_MEDIA_TYPE "; version="
                                     ONBOARD_SANDBOX_API_VERSION,
                                     json_node_init_object (json_node_alloc (), data));
      return;
    }

  if (!authenticate (self, request))
    return;

  if (request->bearer != NULL && !request->route->dev)
    {
      g_autofree char *window = g_strconcat ("token:", request->bearer, NULL);
      double retry_after;
      guint count;

      if (!onboard_sandbox_rate_check (self, window, self->rate_limit, self->rate_limit_period,
                                       TRUE, &count, &retry_after))
        {
          onboard_sandbox_respond_too_many (request, count, self->rate_limit_period,
                                            self->rate_limit, retry_after);
          return;
        }
    }

  if (!read_body (request))
    return;

  if (strcmp (request->route->method, "POST") == 0 && !request->route->dev)
    key = onboard_sandbox_request_header (request, "Idempotency-Key");

  if (key != NULL)
    {
      Replay *replay;

      scope = replay_scope (request, key);
      fingerprint = replay_fingerprint (request);

      if ((replay = g_hash_table_lookup (self->replays, scope)))
        {
          if (strcmp (replay->fingerprint, fingerprint) != 0)
            {
              onboard_sandbox_respond_error (request, SOUP_STATUS_CONFLICT, "conflict",
                                             "This Idempotency-Key was used with a different request body",
                                             NULL);
              return;
            }

          onboard_sandbox_respond (request, replay->status, replay->content_type, replay->body);
          for (guint i = 0; replay->headers && i + 1 < replay->headers->len; i += 2)
            onboard_sandbox_add_header (request,
                                        g_ptr_array_index (replay->headers, i),
                                        g_ptr_array_index (replay->headers, i + 1));
          onboard_sandbox_add_header (request, "Idempotent-Replayed", "true");
          return;
        }
    }

  request->route->handler (self, request);

  /* Only answers that did something are replayed. A 429 or a 5xx changed
   * nothing, so the same key tried again later must really be tried again
   * (as payment APIs with idempotency keys do); replaying the refusal would
   * make the client's patient retry of a rate-limited request pointless. */
  if (key != NULL && request->responded &&
      request->status != ONBOARD_SANDBOX_STATUS_TOO_MANY_REQUESTS &&
      request->status < 500)
    store_replay (self, request, g_steal_pointer (&scope), g_steal_pointer (&fingerprint));
}

static gboolean
apply_fault (OnboardSandbox        *self,
             OnboardSandboxRequest *request,
             Fault                 *fault)
{
  if (fault->drop)
    {
      request->drop = TRUE;
      return FALSE;
    }

  /* A hostile answer is the endpoint's own, spoilt afterwards. */
  if (fault->hostile != ONBOARD_SANDBOX_HOSTILE_NONE &&
      !onboard_sandbox_hostile_answers_first (fault->hostile, fault->status))
    return FALSE;

  if (fault->status == 0 && fault->body == NULL)
    return FALSE;

  if (fault->retry_after >= 0)
    onboard_sandbox_add_retry_after (request, fault->retry_after);

  if (fault->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (fault->body, strlen (fault->body));

      onboard_sandbox_respond (request, fault->status ? fault->status : SOUP_STATUS_OK,
                               "application/json", body);
    }
  else if (fault->status == ONBOARD_SANDBOX_STATUS_TOO_MANY_REQUESTS)
    {
      g_autoptr(JsonObject) data = json_object_new ();

      json_object_set_int_member (data, "count", self->rate_limit + 1);
      json_object_set_int_member (data, "period", (gint64)ceil (self->rate_limit_period));
      json_object_set_int_member (data, "limit", self->rate_limit);
      onboard_sandbox_respond_error (request, fault->status, "too many requests",
                                     "Too many requests (injected fault)",
                                     json_node_init_object (json_node_alloc (), data));
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("Injected fault: HTTP %u", fault->status);

      onboard_sandbox_respond_error (request, fault->status, error_code_for_status (fault->status),
                                     message, NULL);
    }

  return TRUE;
}

typedef struct
{
  OnboardSandbox        *self;
  OnboardSandboxRequest *request;
  Fault                 *fault;
  GSource               *source;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_clear_pointer (&delayed->request, request_free);
  g_clear_pointer (&delayed->fault, fault_free);
  g_free (delayed);
}

static gboolean
delayed_continue (gpointer data)
{
  Delayed *delayed = data;
  OnboardSandbox *self = delayed->self;

  if (!apply_fault (self, delayed->request, delayed->fault))
    process_request (self, delayed->request);
  if (delayed->fault->hostile != ONBOARD_SANDBOX_HOSTILE_NONE)
    onboard_sandbox_hostile_apply (self, delayed->request, delayed->fault->hostile,
                                   delayed->fault->status, delayed->fault->interval_ms);
  finish_request (self, delayed->request, TRUE);

  g_hash_table_remove (self->timers, delayed->source);

  return G_SOURCE_REMOVE;
}

static void
handle_index (OnboardSandbox        *self,
              OnboardSandboxRequest *request)
{
  onboard_sandbox_respond_html (request, SOUP_STATUS_OK, onboard_sandbox_pages_index (self));
}

static void
server_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  OnboardSandbox *self = user_data;
  g_autoptr(OnboardSandboxRequest) request = g_new0 (OnboardSandboxRequest, 1);
  g_autoptr(GString) allowed = g_string_new (NULL);
  const char *method = soup_server_message_get_method (msg);
  const char *authorization;
  Fault *fault = NULL;

  self->request_count++;

  request->msg = g_object_ref (msg);
  request->query = query ? g_hash_table_ref (query) : NULL;

  authorization = onboard_sandbox_request_header (request, "Authorization");
  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    request->bearer = g_strstrip (g_strdup (authorization + 7));

  if (strcmp (path, "/") == 0 || strcmp (path, ONBOARD_SANDBOX_API_PATH) == 0 ||
      strcmp (path, ONBOARD_SANDBOX_API_PATH "/") == 0)
    {
      handle_index (self, request);
      finish_request (self, request, FALSE);
      return;
    }

  if (!g_str_has_prefix (path, ONBOARD_SANDBOX_API_PATH "/"))
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found",
                                     "Nothing here: the API lives under " ONBOARD_SANDBOX_API_PATH, NULL);
      finish_request (self, request, FALSE);
      return;
    }

  request->path = g_strdup (path + strlen (ONBOARD_SANDBOX_API_PATH));
  request->route = find_route (request, method, allowed);

  if (request->route == NULL)
    {
      if (allowed->len > 0)
        {
          g_autoptr(JsonObject) data = json_object_new ();
          JsonArray *methods = json_array_new ();
          g_auto(GStrv) names = g_strsplit (allowed->str, ", ", -1);

          for (guint i = 0; names[i]; i++)
            json_array_add_string_element (methods, names[i]);
          json_object_set_array_member (data, "allowed_methods", methods);
          onboard_sandbox_add_header (request, "Allow", allowed->str);
          onboard_sandbox_respond_error (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                         "This path does not take that method",
                                         json_node_init_object (json_node_alloc (), data));
        }
      else
        onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found",
                                       "No such endpoint", NULL);
      finish_request (self, request, FALSE);
      return;
    }

  if (!request->route->dev)
    fault = take_fault (self, method, request->path, FALSE);

  if (fault != NULL && fault->delay_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);
      GSource *source = g_timeout_source_new (fault->delay_ms);

      delayed->self = self;
      delayed->request = g_steal_pointer (&request);
      delayed->fault = fault;
      delayed->source = source;

      /* Tracked with the timers, so disposing the server cancels it. */
      soup_server_message_pause (msg);
      g_source_set_name (source, "[onboard-sandbox] delay");
      g_source_set_callback (source, delayed_continue, delayed, delayed_free);
      g_source_attach (source, self->context);
      g_hash_table_add (self->timers, source);
      return;
    }

  if (fault == NULL || !apply_fault (self, request, fault))
    process_request (self, request);
  if (fault != NULL && fault->hostile != ONBOARD_SANDBOX_HOSTILE_NONE)
    onboard_sandbox_hostile_apply (self, request, fault->hostile, fault->status, fault->interval_ms);
  g_clear_pointer (&fault, fault_free);

  finish_request (self, request, FALSE);
}

gboolean
onboard_sandbox_listen (OnboardSandbox  *self,
                        guint            port,
                        GError         **error)
{
  g_autoslist(GUri) uris = NULL;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->context = g_main_context_ref_thread_default ();
  self->server = soup_server_new ("server-header", "assembly-sandbox/" PACKAGE_VERSION " ", NULL);

  soup_server_add_early_handler (self->server, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->server, NULL, server_handler, self, NULL);
  g_signal_connect_object (self->server, "request-started", G_CALLBACK (request_started), self, 0);
  g_signal_connect_object (self->server, "request-finished", G_CALLBACK (request_finished), self, 0);
  g_signal_connect_object (self->server, "request-aborted", G_CALLBACK (request_aborted), self, 0);

  /* Loopback only (127.0.0.1 and ::1 where the system has it): this
   * server has no TLS and its hooks need no password. */
  if (!soup_server_listen_local (self->server, port, 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  for (GSList *l = uris; l; l = l->next)
    {
      GUri *uri = l->data;

      if (g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") == 0 || self->port == 0)
        self->port = (guint)g_uri_get_port (uri);
    }

  g_free (self->base_url);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u" ONBOARD_SANDBOX_API_PATH, self->port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);

  onboard_sandbox_resume_timers (self);

  return TRUE;
}

/* In-process conveniences */

guint
onboard_sandbox_get_request_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return self->request_count;
}

guint
onboard_sandbox_get_signup_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return onboard_sandbox_store_get_n_signups (self->store);
}

guint
onboard_sandbox_get_account_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return onboard_sandbox_store_get_n_accounts (self->store);
}

guint
onboard_sandbox_get_registration_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return onboard_sandbox_store_get_n_registrations (self->store);
}

/**
 * onboard_sandbox_get_mail_count:
 * @kind: (nullable): "activation", "groupcall_invitation", or %NULL for all
 */
guint
onboard_sandbox_get_mail_count (OnboardSandbox *self,
                                const char     *kind)
{
  GPtrArray *mails;
  guint count = 0;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  mails = onboard_sandbox_store_get_mails (self->store);
  for (guint i = 0; i < mails->len; i++)
    {
      OnboardSandboxMail *mail = g_ptr_array_index (mails, i);

      if (kind == NULL || g_strcmp0 (mail->kind, kind) == 0)
        count++;
    }

  return count;
}

/**
 * onboard_sandbox_dup_last_mail_link:
 * @kind: (nullable): "activation", "groupcall_invitation", or %NULL for any
 *
 * Returns: (nullable): the absolute link in the newest such mail
 */
char *
onboard_sandbox_dup_last_mail_link (OnboardSandbox *self,
                                    const char     *kind)
{
  GPtrArray *mails;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), NULL);

  mails = onboard_sandbox_store_get_mails (self->store);
  for (guint i = mails->len; i > 0; i--)
    {
      OnboardSandboxMail *mail = g_ptr_array_index (mails, i - 1);

      if ((kind == NULL || g_strcmp0 (mail->kind, kind) == 0) && mail->link_path != NULL)
        return onboard_sandbox_dup_link (self, mail->link_path);
    }

  return NULL;
}

/**
 * onboard_sandbox_add_account:
 *
 * Creates an active account (app: assembly), for tests that start at
 * "Sign in" rather than at sign-up.
 */
gboolean
onboard_sandbox_add_account (OnboardSandbox  *self,
                             const char      *email,
                             const char      *password,
                             GError         **error)
{
  static const char * const apps[] = { "assembly", NULL };
  OnboardSandboxAccount *account;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (onboard_sandbox_store_lookup_account_by_email (self->store, email) != NULL)
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_TAKEN,
                   "%s already has an account", email);
      return FALSE;
    }

  account = onboard_sandbox_store_add_account (self->store, email, password, apps);
  account->active = TRUE;
  onboard_sandbox_changed (self);

  return TRUE;
}

gboolean
onboard_sandbox_activate_signup (OnboardSandbox  *self,
                                 const char      *signup_id,
                                 GError         **error)
{
  OnboardSandboxSignup *signup;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);

  if (!(signup = onboard_sandbox_store_lookup_signup (self->store, signup_id)))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_NOT_FOUND,
                   "No sign-up %s", signup_id);
      return FALSE;
    }

  return onboard_sandbox_do_activate (self, signup, error);
}

gboolean
onboard_sandbox_authorise_connector (OnboardSandbox      *self,
                                     const char          *connector_id,
                                     const char * const  *scopes,
                                     GError             **error)
{
  g_autofree char *secret = onboard_sandbox_new_id ("", 32);
  OnboardSandboxConnector *connector;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);

  if (!(connector = onboard_sandbox_store_lookup_connector (self->store, connector_id)))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_NOT_FOUND,
                   "No connector %s", connector_id);
      return FALSE;
    }

  return onboard_sandbox_do_authorise (self, connector,
                                       scopes ? scopes : (const char * const *)connector->template_scopes,
                                       secret, error);
}

gboolean
onboard_sandbox_connector_event (OnboardSandbox  *self,
                                 const char      *connector_id,
                                 const char      *event,
                                 GError         **error)
{
  OnboardSandboxConnector *connector;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (!(connector = onboard_sandbox_store_lookup_connector (self->store, connector_id)))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_NOT_FOUND,
                   "No connector %s", connector_id);
      return FALSE;
    }

  return onboard_sandbox_do_event (self, connector, event, error);
}

const char *
onboard_sandbox_get_connector_status (OnboardSandbox *self,
                                      const char     *connector_id)
{
  OnboardSandboxConnector *connector;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), NULL);

  connector = onboard_sandbox_store_lookup_connector (self->store, connector_id);
  return connector ? connector->status : NULL;
}

/**
 * onboard_sandbox_expire_access_tokens:
 *
 * Makes every access token expire now, so a test can see 401
 * invalid_token and the client's refresh without waiting.
 *
 * Returns: how many tokens expired
 */
guint
onboard_sandbox_expire_access_tokens (OnboardSandbox *self)
{
  guint count;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  count = onboard_sandbox_store_expire_tokens (self->store, ONBOARD_SANDBOX_TOKEN_ACCESS,
                                               onboard_sandbox_now ());
  if (count > 0)
    onboard_sandbox_changed (self);

  return count;
}
