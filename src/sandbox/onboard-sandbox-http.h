/* onboard-sandbox-http.h: requests, routes and answers
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "onboard-sandbox.h"
#include "onboard-sandbox-store.h"

G_BEGIN_DECLS

typedef struct _OnboardSandboxRequest OnboardSandboxRequest;
typedef struct _OnboardSandboxRawWriter OnboardSandboxRawWriter;

#define ONBOARD_SANDBOX_API_PATH     "/api/onboarding"
#define ONBOARD_SANDBOX_MEDIA_TYPE   "application/vnd.assembly+json"
#define ONBOARD_SANDBOX_API_VERSION  "1.1"
#define ONBOARD_SANDBOX_MAX_BODY     (1024 * 1024)
#define ONBOARD_SANDBOX_STATUS_TOO_MANY_REQUESTS 429 /* not named in libsoup 3.2 */

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
  ROUTE_BODY_JSON_OR_ARRAY, /* a JSON object or an array: the fault hook */
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
  int                        hostile;     /* 0, or a spoilt answer the fault hooks write by hand */
  guint                      hostile_interval_ms;
  gboolean                   responded;
  guint                      status;
  char                      *content_type;
  GBytes                    *response;
  GPtrArray                 *headers;     /* name, value, name, value… */
};

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
gboolean     onboard_sandbox_check_accept           (OnboardSandboxRequest *request);
gboolean     onboard_sandbox_read_body              (OnboardSandboxRequest *request);
gboolean     onboard_sandbox_route_matches          (const char            *pattern,
                                                     const char            *path,
                                                     char                 **params);
const char  *onboard_sandbox_error_code_for_status  (guint                  status);
void         onboard_sandbox_request_free           (OnboardSandboxRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnboardSandboxRequest, onboard_sandbox_request_free)

G_END_DECLS
