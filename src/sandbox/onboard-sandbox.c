/* onboard-sandbox.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox.h"
#include "onboard-sandbox-private.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (OnboardSandbox, onboard_sandbox, G_TYPE_OBJECT)

G_DEFINE_QUARK (onboard-sandbox-error-quark, onboard_sandbox_error)

static const OnboardSandboxFaultHooks *fault_hooks;

/* Called by the tests' fault library as the program starts, before any
 * server exists. */
void
onboard_sandbox_set_fault_hooks (const OnboardSandboxFaultHooks *hooks)
{
  fault_hooks = hooks;
}

const OnboardSandboxFaultHooks *
onboard_sandbox_get_fault_hooks (void)
{
  return fault_hooks;
}

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
request_info_free (gpointer data)
{
  RequestInfo *info = data;

  g_free (info->request_id);
  g_free (info);
}


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

/* Answers given once */

typedef struct
{
  char   *method;   /* NULL: any */
  char   *path;     /* a trailing "*" matches the rest */
  guint   status;
  GBytes *body;
  int     retry_after;
} AnswerOnce;

static void
answer_once_free (AnswerOnce *answer)
{
  g_free (answer->method);
  g_free (answer->path);
  g_bytes_unref (answer->body);
  g_free (answer);
}

void
onboard_sandbox_answer_once (OnboardSandbox *self,
                             const char     *method,
                             const char     *path,
                             guint           status,
                             const char     *json_body,
                             int             retry_after)
{
  AnswerOnce *answer;

  g_return_if_fail (ONBOARD_IS_SANDBOX (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (status >= 400 && status <= 599);
  g_return_if_fail (json_body != NULL);

  answer = g_new0 (AnswerOnce, 1);
  answer->method = g_strdup (method);
  answer->path = g_strdup (path);
  answer->status = status;
  answer->body = g_bytes_new (json_body, strlen (json_body));
  answer->retry_after = retry_after;
  g_ptr_array_add (self->answers_once, answer);
}

static gboolean
answer_once_matches (const AnswerOnce *answer,
                     const char       *method,
                     const char       *path)
{
  if (answer->method != NULL && strcmp (answer->method, method) != 0)
    return FALSE;

  if (g_str_has_suffix (answer->path, "*"))
    return strncmp (answer->path, path, strlen (answer->path) - 1) == 0;

  return strcmp (answer->path, path) == 0;
}

/* TRUE when an answer given once took the request's place. */
static gboolean
take_answer_once (OnboardSandbox        *self,
                  const char            *method,
                  OnboardSandboxRequest *request)
{
  for (guint i = 0; i < self->answers_once->len; i++)
    {
      AnswerOnce *answer = g_ptr_array_index (self->answers_once, i);

      if (!answer_once_matches (answer, method, request->path))
        continue;

      if (answer->retry_after >= 0)
        onboard_sandbox_add_retry_after (request, answer->retry_after);
      onboard_sandbox_respond (request, answer->status, "application/json", answer->body);
      g_ptr_array_remove_index (self->answers_once, i);
      return TRUE;
    }

  return FALSE;
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

  if (self->raw_writers != NULL && fault_hooks != NULL)
    fault_hooks->dispose (self);

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
  g_clear_pointer (&self->answers_once, g_ptr_array_unref);
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

static guint mail_sent_signal;

static void
mail_added_cb (OnboardSandbox *self)
{
  g_signal_emit (self, mail_sent_signal, 0);
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

  /**
   * OnboardSandbox::mail-sent:
   *
   * The service "sent" an email: see onboard_sandbox_get_n_mails().
   */
  mail_sent_signal = g_signal_new ("mail-sent",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

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
  g_signal_connect_swapped (self->store, "mail-added", G_CALLBACK (mail_added_cb), self);
  self->timers = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)g_source_unref, NULL);
  onboard_sandbox_limits_init (self);
  self->answers_once = g_ptr_array_new_with_free_func ((GDestroyNotify)answer_once_free);
  self->faults = g_ptr_array_new_with_free_func (fault_hooks != NULL ? (GDestroyNotify)fault_hooks->free : NULL);
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


/* The pipeline */

static const OnboardSandboxRoute *
find_route (OnboardSandboxRequest *request,
            const char            *method,
            GString               *allowed)
{
  const OnboardSandboxRoute *tables[] = {
    onboard_sandbox_api_routes,
    onboard_sandbox_dev_routes,
    fault_hooks != NULL ? fault_hooks->routes : NULL,
  };
  const OnboardSandboxRoute *found = NULL;

  if (strcmp (method, "HEAD") == 0)
    method = "GET";

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const OnboardSandboxRoute *route = tables[t]; route != NULL && route->pattern; route++)
      {
        if (!onboard_sandbox_route_matches (route->pattern, request->path, NULL))
          continue;

        if (strcmp (route->method, method) == 0 && found == NULL)
          {
            found = route;
            onboard_sandbox_route_matches (route->pattern, request->path, request->params);
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

  if (request->hostile != 0 && fault_hooks != NULL)
    {
      log_line (self, request->msg, fault_hooks->spoilt_name (request));
      fault_hooks->write_spoilt (self, request);
      return;
    }

  if (!request->responded)
    onboard_sandbox_respond_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error",
                                   "The handler gave no answer", NULL);
  apply_response (self, request);

  if (paused)
    soup_server_message_unpause (request->msg);
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
  if (!onboard_sandbox_check_accept (request) ||
      !authenticate (self, request) ||
      !onboard_sandbox_check_token_rate (self, request) ||
      !onboard_sandbox_read_body (request))
    return;

  onboard_sandbox_run_idempotent (self, request);
}


typedef struct
{
  OnboardSandbox        *self;
  OnboardSandboxRequest *request;
  OnboardSandboxFault   *fault;
  GSource               *source;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_clear_pointer (&delayed->request, onboard_sandbox_request_free);
  g_clear_pointer (&delayed->fault, fault_hooks->free);
  g_free (delayed);
}

static gboolean
delayed_continue (gpointer data)
{
  Delayed *delayed = data;
  OnboardSandbox *self = delayed->self;

  if (!fault_hooks->apply (self, delayed->request, delayed->fault))
    process_request (self, delayed->request);
  fault_hooks->spoil (self, delayed->request, delayed->fault);
  finish_request (self, delayed->request, TRUE);

  g_hash_table_remove (self->timers, delayed->source);

  return G_SOURCE_REMOVE;
}

/* A path the API has, asked with a method it does not take, or none. */
static void
respond_no_route (OnboardSandboxRequest *request,
                  const char            *allowed)
{
  g_autoptr(JsonObject) data = NULL;
  g_auto(GStrv) names = NULL;
  JsonArray *methods;

  if (allowed[0] == '\0')
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found",
                                     "No such endpoint", NULL);
      return;
    }

  data = json_object_new ();
  methods = json_array_new ();
  names = g_strsplit (allowed, ", ", -1);
  for (guint i = 0; names[i]; i++)
    json_array_add_string_element (methods, names[i]);
  json_object_set_array_member (data, "allowed_methods", methods);
  onboard_sandbox_add_header (request, "Allow", allowed);
  onboard_sandbox_respond_error (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                 "This path does not take that method",
                                 json_node_init_object (json_node_alloc (), data));
}

/* Holds @request back for the fault's delay_ms, then goes on with it. */
static void
delay_request (OnboardSandbox        *self,
               OnboardSandboxRequest *request,
               OnboardSandboxFault   *fault)
{
  Delayed *delayed = g_new0 (Delayed, 1);
  GSource *source = g_timeout_source_new (fault_hooks->get_delay_ms (fault));

  delayed->self = self;
  delayed->request = request;
  delayed->fault = fault;
  delayed->source = source;

  /* Tracked with the timers, so disposing the server cancels it. */
  soup_server_message_pause (request->msg);
  g_source_set_name (source, "[onboard-sandbox] delay");
  g_source_set_callback (source, delayed_continue, delayed, delayed_free);
  g_source_attach (source, self->context);
  g_hash_table_add (self->timers, source);
}

static void
handle_index (OnboardSandbox        *self,
              OnboardSandboxRequest *request)
{
  onboard_sandbox_respond_html (request, SOUP_STATUS_OK, onboard_sandbox_pages_index (self));
}

static gboolean
remote_is_loopback (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  return G_IS_INET_SOCKET_ADDRESS (address) &&
         g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
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
  OnboardSandboxFault *fault = NULL;

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
      respond_no_route (request, allowed->str);
      finish_request (self, request, FALSE);
      return;
    }

  /* The /__dev/ hooks (the mailbox, activation, Groupcall's page) are
   * for this computer only: the server listens on loopback alone, and
   * says no here too should that ever change. */
  if (request->route->dev && !remote_is_loopback (msg))
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_FORBIDDEN, "forbidden",
                                     "The /__dev/ hooks answer this computer only", NULL);
      finish_request (self, request, FALSE);
      return;
    }

  if (!request->route->dev && take_answer_once (self, method, request))
    {
      finish_request (self, request, FALSE);
      return;
    }

  if (!request->route->dev && fault_hooks != NULL)
    fault = fault_hooks->take (self, method, request->path);

  if (fault != NULL && fault_hooks->get_delay_ms (fault) > 0)
    {
      delay_request (self, g_steal_pointer (&request), fault);
      return;
    }

  if (fault == NULL || !fault_hooks->apply (self, request, fault))
    process_request (self, request);
  if (fault != NULL)
    {
      fault_hooks->spoil (self, request, fault);
      fault_hooks->free (fault);
    }

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
