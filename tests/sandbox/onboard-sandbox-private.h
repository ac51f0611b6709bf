/* onboard-sandbox-private.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "onboard-sandbox.h"
#include "onboard-sandbox-directory.h"
#include "onboard-sandbox-store.h"

G_BEGIN_DECLS

#define ONBOARD_SANDBOX_API_PATH     "/api/onboarding"
#define ONBOARD_SANDBOX_MEDIA_TYPE   "application/vnd.assembly+json"
#define ONBOARD_SANDBOX_API_VERSION  "1.1"
#define ONBOARD_SANDBOX_PARTNER_ID   "assembly-onboarding-sandbox"
#define ONBOARD_SANDBOX_MAX_BODY     (1024 * 1024)
#define ONBOARD_SANDBOX_USEC(seconds) ((gint64)((seconds) * (double)G_USEC_PER_SEC))
#define ONBOARD_SANDBOX_STATUS_TOO_MANY_REQUESTS 429 /* not named in libsoup 3.2 */

struct _OnboardSandbox
{
  GObject                  parent_instance;

  SoupServer              *server;
  GMainContext            *context;
  char                    *base_url;
  guint                    port;

  OnboardSandboxDirectory *directory;
  OnboardSandboxStore     *store;
  char                    *state_path;
  GSource                 *save_source;

  GHashTable              *timers;        /* GSource → itself */
  GHashTable              *replays;       /* idempotency scope → Replay */
  GHashTable              *windows;       /* rate-limit key → Window */
  GPtrArray               *faults;        /* Fault, oldest first */
  JsonNode                *mis_providers;
  GHashTable              *raw_writers;   /* OnboardSandboxRawWriter, hostile answers being written */
  GCancellable            *raw_cancellable;

  guint                    request_count;
  guint                    replay_inserts;

  /* Behaviour */
  gboolean                 auto_mode;
  gboolean                 log_requests;
  double                   signup_resend_cooldown;
  double                   invitation_resend_cooldown;
  double                   activation_lifetime;
  double                   access_token_lifetime;
  double                   auto_activation_delay;
  double                   auto_authorisation_delay;
  double                   invitation_delivery_delay;
  double                   first_sync_delay;
  double                   sync_duration;
  guint                    poll_interval;
  guint                    signup_retry_after;
  guint                    grant_retry_after;
  guint                    connector_retry_after;
  guint                    rate_limit;
  double                   rate_limit_period;
  guint                    signup_limit;
  double                   signup_limit_period;
  guint                    password_failure_limit;
  double                   password_failure_period;
  char                    *terms_version;
  int                      clock_skew;
};

typedef struct _OnboardSandboxRequest OnboardSandboxRequest;
typedef struct _OnboardSandboxRawWriter OnboardSandboxRawWriter;

/* The hostile faults (onboard-sandbox-hostile.c); the README lists them. */
typedef enum
{
  ONBOARD_SANDBOX_HOSTILE_NONE,
  ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB,
  ONBOARD_SANDBOX_HOSTILE_DEFLATE_BOMB,
  ONBOARD_SANDBOX_HOSTILE_LENGTH_LONGER,
  ONBOARD_SANDBOX_HOSTILE_LENGTH_SHORTER,
  ONBOARD_SANDBOX_HOSTILE_ENDLESS_CHUNKED,
  ONBOARD_SANDBOX_HOSTILE_SLOW_DRIP,
  ONBOARD_SANDBOX_HOSTILE_DEEP_NESTING,
  ONBOARD_SANDBOX_HOSTILE_CAPTIVE_PORTAL,
  ONBOARD_SANDBOX_HOSTILE_MARKUP_STRINGS,
  ONBOARD_SANDBOX_HOSTILE_NO_REFRESH_TOKEN,
  ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_HUGE,
  ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_NEGATIVE,
  ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_DATE,
  ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_FAR_FUTURE,
  ONBOARD_SANDBOX_HOSTILE_UNKNOWN_ENUMS,
  ONBOARD_SANDBOX_HOSTILE_SERVER_ERROR,
} OnboardSandboxHostile;
typedef void (*OnboardSandboxHandler) (OnboardSandbox        *self,
                                       OnboardSandboxRequest *request);

typedef enum
{
  ROUTE_AUTH_NONE,
  ROUTE_AUTH_BEARER,      /* an access token: sets request->account */
} RouteAuth;

typedef enum
{
  ROUTE_BODY_NONE,
  ROUTE_BODY_JSON,        /* required JSON object */
  ROUTE_BODY_JSON_OPTIONAL,
  ROUTE_BODY_FORM,        /* application/x-www-form-urlencoded */
} RouteBody;

typedef struct
{
  const char            *method;
  const char            *pattern;   /* relative to the base path; "*" matches one segment */
  RouteAuth              auth;
  RouteBody              body;
  gboolean               dev;       /* a /__dev/ hook: no Accept check, no faults */
  OnboardSandboxHandler  handler;
} OnboardSandboxRoute;

struct _OnboardSandboxRequest
{
  SoupServerMessage         *msg;
  const OnboardSandboxRoute *route;
  char                      *path;        /* relative to the base path */
  char                      *params[2];   /* the "*" segments of the route */
  GHashTable                *query;
  char                      *bearer;
  OnboardSandboxAccount     *account;
  JsonNode                  *json;
  GHashTable                *form;        /* name → GPtrArray of values */
  GBytes                    *body;

  gboolean                   drop;
  OnboardSandboxHostile      hostile;     /* written by hand, see onboard_sandbox_hostile_write() */
  guint                      hostile_interval_ms;
  gboolean                   responded;
  guint                      status;
  char                      *content_type;
  GBytes                    *response;
  GPtrArray                 *headers;     /* name, value, name, value… */
};

/* onboard-sandbox.c: responses and shared plumbing */
void         onboard_sandbox_respond                (OnboardSandboxRequest *request,
                                                     guint                  status,
                                                     const char            *content_type,
                                                     GBytes                *body);
void         onboard_sandbox_respond_json           (OnboardSandboxRequest *request,
                                                     guint                  status,
                                                     JsonNode              *node);
gboolean     onboard_sandbox_respond_cacheable      (OnboardSandboxRequest *request,
                                                     JsonNode              *node);
void         onboard_sandbox_respond_error          (OnboardSandboxRequest *request,
                                                     guint                  status,
                                                     const char            *error,
                                                     const char            *message,
                                                     JsonNode              *data);
void         onboard_sandbox_respond_fields         (OnboardSandboxRequest *request,
                                                     JsonObject            *fields);
void         onboard_sandbox_respond_too_many       (OnboardSandboxRequest *request,
                                                     guint                  count,
                                                     double                 period,
                                                     guint                  limit,
                                                     double                 retry_after);
void         onboard_sandbox_respond_html           (OnboardSandboxRequest *request,
                                                     guint                  status,
                                                     char                  *html);
void         onboard_sandbox_add_header             (OnboardSandboxRequest *request,
                                                     const char            *name,
                                                     const char            *value);
void         onboard_sandbox_add_retry_after        (OnboardSandboxRequest *request,
                                                     double                 seconds);
const char  *onboard_sandbox_request_header         (OnboardSandboxRequest *request,
                                                     const char            *name);
const char  *onboard_sandbox_form_get               (OnboardSandboxRequest *request,
                                                     const char            *name);
char        *onboard_sandbox_form_get_list          (OnboardSandboxRequest *request,
                                                     const char            *name);
gboolean     onboard_sandbox_etag_matches           (const char            *header,
                                                     const char            *etag);
char        *onboard_sandbox_etag_for               (const char            *text);
gboolean     onboard_sandbox_accepts_html           (OnboardSandboxRequest *request);

gboolean     onboard_sandbox_rate_check             (OnboardSandbox        *self,
                                                     const char            *key,
                                                     guint                  limit,
                                                     double                 period,
                                                     gboolean               count,
                                                     guint                 *out_count,
                                                     double                *out_retry_after);
void         onboard_sandbox_rate_reset             (OnboardSandbox        *self,
                                                     const char            *key);
void         onboard_sandbox_schedule               (OnboardSandbox        *self,
                                                     double                 seconds,
                                                     void                 (*func) (OnboardSandbox *, const char *),
                                                     const char            *id);
void         onboard_sandbox_changed                (OnboardSandbox        *self);
char        *onboard_sandbox_format_time            (gint64                 usec);
gint64       onboard_sandbox_now                    (void);
OnboardSandboxDirectory *onboard_sandbox_get_directory (OnboardSandbox     *self);
gboolean     onboard_sandbox_take_upstream_fault    (OnboardSandbox        *self,
                                                     const char            *path);
char        *onboard_sandbox_dup_link               (OnboardSandbox        *self,
                                                     const char            *path);

/* onboard-sandbox-api.c: the contract's endpoints and the state machine */
extern const OnboardSandboxRoute onboard_sandbox_api_routes[];
extern const OnboardSandboxRoute onboard_sandbox_dev_routes[];

JsonNode    *onboard_sandbox_connector_to_json      (OnboardSandbox        *self,
                                                     OnboardSandboxConnector *connector);
JsonNode    *onboard_sandbox_signup_to_json         (OnboardSandboxSignup  *signup,
                                                     gboolean               with_token);
const char  *onboard_sandbox_signup_status          (OnboardSandboxSignup  *signup);
OnboardSandboxSignup *onboard_sandbox_do_create_signup (OnboardSandbox     *self,
                                                     OnboardSandboxAccount *account);
gboolean     onboard_sandbox_do_activate            (OnboardSandbox        *self,
                                                     OnboardSandboxSignup  *signup,
                                                     GError               **error);
gboolean     onboard_sandbox_do_authorise           (OnboardSandbox        *self,
                                                     OnboardSandboxConnector *connector,
                                                     const char * const    *scopes,
                                                     const char            *secret,
                                                     GError               **error);
gboolean     onboard_sandbox_do_event               (OnboardSandbox        *self,
                                                     OnboardSandboxConnector *connector,
                                                     const char            *event,
                                                     GError               **error);
void         onboard_sandbox_resume_timers          (OnboardSandbox        *self);
const char  *onboard_sandbox_expected_school_id     (OnboardSandboxConnector *connector);

/* onboard-sandbox-hostile.c: answers that prove the client */
const char  *onboard_sandbox_hostile_to_string      (OnboardSandboxHostile  kind);
OnboardSandboxHostile onboard_sandbox_hostile_from_string (const char      *name);
gboolean     onboard_sandbox_hostile_answers_first  (OnboardSandboxHostile  kind,
                                                     guint                  status);
void         onboard_sandbox_hostile_apply          (OnboardSandbox        *self,
                                                     OnboardSandboxRequest *request,
                                                     OnboardSandboxHostile  kind,
                                                     guint                  status,
                                                     guint                  interval_ms);
void         onboard_sandbox_hostile_write          (OnboardSandbox        *self,
                                                     OnboardSandboxRequest *request);
void         onboard_sandbox_hostile_dispose        (OnboardSandbox        *self);

/* onboard-sandbox-pages.c: the HTML a person sees */
char        *onboard_sandbox_pages_index            (OnboardSandbox        *self);
char        *onboard_sandbox_pages_outbox           (OnboardSandbox        *self);
char        *onboard_sandbox_pages_message          (const char            *title,
                                                     const char            *text,
                                                     const char            *link_label,
                                                     const char            *link_url);
char        *onboard_sandbox_pages_xod_authorise    (OnboardSandbox        *self,
                                                     OnboardSandboxConnector *connector,
                                                     const char            *notice);

G_END_DECLS
