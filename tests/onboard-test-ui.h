/* onboard-test-ui.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-client.h"
#include "onboard-field-message.h"
#include "onboard-progress.h"
#include "onboard-sandbox.h"

G_BEGIN_DECLS

/* What the tests share: waiting on the default main context for something
 * to happen, collecting an async result, the reference server's faults and
 * the client's request log, and finding the widget a user would look at.
 * The unit tests and the UI tests link it alike. */

/* Long enough for a loaded CI machine, short enough to fail a hung test. */
#define ONBOARD_TEST_DEADLINE_SECONDS 30

/* Runs the default main context until @condition holds. A test that waits
 * longer than @ms fails there, naming the file, the line and the condition
 * it gave up on. */
#define wait_until_ms(condition, ms) \
  G_STMT_START { \
    gint64 onboard_test_deadline_ = onboard_test_deadline_after ((ms)); \
    while (!(condition)) \
      onboard_test_wait_step (onboard_test_deadline_, (ms), __FILE__, __LINE__, #condition); \
  } G_STMT_END

/* The same, within ONBOARD_TEST_DEADLINE_SECONDS. */
#define wait_until(condition) \
  wait_until_ms (condition, ONBOARD_TEST_DEADLINE_SECONDS * 1000)

/* Drops the last reference and waits for the object to go: a request
 * cancelled at tear-down lets go of it a few main-loop turns later, more
 * on a loaded machine. Anything else keeping it alive still fails. */
#define finalize_soon(pointer) \
  G_STMT_START { \
    g_object_add_weak_pointer (G_OBJECT (pointer), (gpointer *)&(pointer)); \
    g_object_unref (pointer); \
    wait_until ((pointer) == NULL); \
  } G_STMT_END

gint64        onboard_test_deadline_after (guint          ms);
/* One turn of the wait: fails once @deadline has passed, else runs what is
 * ready, and sleeps a millisecond when nothing was. */
void          onboard_test_wait_step      (gint64         deadline,
                                           guint          ms,
                                           const char    *file,
                                           int            line,
                                           const char    *condition);

/* Runs the default main context for @ms, whatever happens. */
void          iterate_for                 (guint          ms);

/* A GAsyncReadyCallback that keeps a reference to the result in the
 * GAsyncResult * that @user_data points to, which must still be NULL: a
 * second answer to one call is a bug the test must see. */
void          store_result                (GObject       *object,
                                           GAsyncResult  *result,
                                           gpointer       user_data);
/* Waits until store_result() has filled @slot, and returns it. */
GAsyncResult *await_result                (GAsyncResult **slot);

/* Deletes @path and everything below it, following no links: a test's
 * own XDG folders at the end of its run. */
void          remove_tree                 (const char    *path);

/* The reference server -------------------------------------------------- */

/* Adds the fault @json (see onboard_sandbox_add_fault()); a fault the
 * server refuses fails the test. */
void          add_fault                   (OnboardSandbox *sandbox,
                                           const char     *json);
void          add_fault_printf            (OnboardSandbox *sandbox,
                                           const char     *format,
                                           ...) G_GNUC_PRINTF (2, 3);

/* Makes the account @email on @sandbox, signs @client in with it and
 * registers the school @urn with SIMS, then records in @progress what
 * Steps 2 and 3 leave behind, as a user at @step would have it. Returns
 * the new connector's id. */
char         *sign_in_and_register        (OnboardSandbox  *sandbox,
                                           OnboardClient   *client,
                                           OnboardProgress *progress,
                                           const char      *email,
                                           const char      *password,
                                           const char      *urn,
                                           guint            step);

/* An untrusted certificate, with its key, as a school web filter that
 * inspects HTTPS presents. Self-signed for 127.0.0.1; a test fixture, not
 * a secret. */
extern const char onboard_test_filter_certificate[];

/* How many lines of @client's request log contain @needle. */
guint         count_log_lines             (OnboardClient *client,
                                           const char    *needle);

/* Finding what the user sees ------------------------------------------- */

typedef gboolean (*WidgetMatch) (GtkWidget     *widget,
                                 gconstpointer  data);

/* The first widget under @root, depth first, @root itself left out, that is
 * a @type and that @match accepts (any, when @match is NULL). */
GtkWidget    *find_widget                 (GtkWidget     *root,
                                           GType          type,
                                           WidgetMatch    match,
                                           gconstpointer  data);

/* Matches for find_widget(); @data is a string unless said otherwise. */
gboolean      row_has_title               (GtkWidget     *widget,
                                           gconstpointer  data);
gboolean      has_action                  (GtkWidget     *widget,
                                           gconstpointer  data);
gboolean      button_has_label            (GtkWidget     *widget,
                                           gconstpointer  data);
gboolean      label_is                    (GtkWidget     *widget,
                                           gconstpointer  data);
gboolean      label_contains              (GtkWidget     *widget,
                                           gconstpointer  data);
gboolean      label_ends_with             (GtkWidget     *widget,
                                           gconstpointer  data);
/* Any widget with the CSS class @data; every widget when @data is NULL. */
gboolean      has_css_class               (GtkWidget     *widget,
                                           gconstpointer  data);
/* An OnboardFieldMessage for the field widget @data. */
gboolean      message_has_field           (GtkWidget     *widget,
                                           gconstpointer  data);

/* The row titled @title under @root, its message, and the button for
 * @action; each fails the test, naming what it looked for, when there is
 * none. */
GtkWidget    *find_row                    (GtkWidget     *root,
                                           const char    *title);
OnboardFieldMessage *find_row_message     (GtkWidget     *root,
                                           const char    *title);
GtkWidget    *find_button_for_action      (GtkWidget     *root,
                                           const char    *action);
/* Types @text into the row titled @title under @root, as the user would. */
void          type_into_row               (GtkWidget     *root,
                                           const char    *title,
                                           const char    *text);
/* Fails the test unless @message shows, on screen, a message of @kind
 * that contains @contains. */
void          assert_field_message        (OnboardFieldMessage     *message,
                                           OnboardFieldMessageKind  kind,
                                           const char              *contains);

/* Whether @widget needs more than @limit pixels across; if so, names the
 * innermost widgets that do in the test's log, so a failure says where. */
gboolean      report_wide_widgets         (GtkWidget     *widget,
                                           int            limit);

G_END_DECLS
