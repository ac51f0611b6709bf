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
#include "onboard-sandbox-http.h"
#include "onboard-sandbox-limits.h"
#include "onboard-sandbox-machine.h"

G_BEGIN_DECLS

#define ONBOARD_SANDBOX_PARTNER_ID   "assembly-onboarding-sandbox"
#define ONBOARD_SANDBOX_USEC(seconds) ((gint64)((seconds) * (double)G_USEC_PER_SEC))

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
  GPtrArray               *answers_once;  /* AnswerOnce, oldest first */
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

/* Faults (POST /__dev/faults) and hostile answers are test-only: they
 * live in the tests' library (tests/sandbox/), which installs these hooks
 * when it is linked. Without them, as in the app, a request is always
 * answered as the contract says. */
typedef struct _OnboardSandboxFault OnboardSandboxFault;

typedef struct
{
  const OnboardSandboxRoute *routes;
  OnboardSandboxFault *(*take)          (OnboardSandbox        *self,
                                         const char            *method,
                                         const char            *path);
  guint                (*get_delay_ms)  (OnboardSandboxFault   *fault);
  /* TRUE when the fault answered instead of the endpoint */
  gboolean             (*apply)         (OnboardSandbox        *self,
                                         OnboardSandboxRequest *request,
                                         OnboardSandboxFault   *fault);
  /* After the endpoint: spoils its answer on the way out */
  void                 (*spoil)         (OnboardSandbox        *self,
                                         OnboardSandboxRequest *request,
                                         OnboardSandboxFault   *fault);
  void                 (*free)          (OnboardSandboxFault   *fault);
  gboolean             (*take_upstream) (OnboardSandbox        *self,
                                         const char            *path);
  void                 (*write_spoilt)  (OnboardSandbox        *self,
                                         OnboardSandboxRequest *request);
  const char          *(*spoilt_name)   (OnboardSandboxRequest *request);
  void                 (*dispose)       (OnboardSandbox        *self);
} OnboardSandboxFaultHooks;

void         onboard_sandbox_set_fault_hooks        (const OnboardSandboxFaultHooks *hooks);
const OnboardSandboxFaultHooks *onboard_sandbox_get_fault_hooks (void);

/* onboard-sandbox.c: the server core */
void         onboard_sandbox_schedule               (OnboardSandbox        *self,
                                                     double                 seconds,
                                                     void                 (*func) (OnboardSandbox *, const char *),
                                                     const char            *id);
void         onboard_sandbox_changed                (OnboardSandbox        *self);
char        *onboard_sandbox_format_time            (gint64                 usec);
gint64       onboard_sandbox_now                    (void);
OnboardSandboxDirectory *onboard_sandbox_get_directory (OnboardSandbox     *self);
char        *onboard_sandbox_dup_link               (OnboardSandbox        *self,
                                                     const char            *path);

/* onboard-sandbox-api.c: the contract's endpoints */
extern const OnboardSandboxRoute onboard_sandbox_api_routes[];

JsonNode    *onboard_sandbox_connector_to_json      (OnboardSandbox        *self,
                                                     OnboardSandboxConnector *connector);
JsonNode    *onboard_sandbox_signup_to_json         (OnboardSandboxSignup  *signup,
                                                     gboolean               with_token);
const char  *onboard_sandbox_signup_status          (OnboardSandboxSignup  *signup);
OnboardSandboxSignup *onboard_sandbox_do_create_signup (OnboardSandbox     *self,
                                                     OnboardSandboxAccount *account);

/* onboard-sandbox-dev.c: the /__dev/ hooks (outbox, activation, the XoD
 * page and its callback, connector events) */
extern const OnboardSandboxRoute onboard_sandbox_dev_routes[];

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
