/* onboard-sandbox-pages.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-private.h"

#include <string.h>

/* The pages a person opens in a browser: the mailbox and the simulated
 * Groupcall screens. Plain HTML, no scripts, so any browser will do. */

static const char page_style[] =
  "body{font-family:Cantarell,'Noto Sans',sans-serif;max-width:46rem;margin:2rem auto;"
  "padding:0 1rem;color:#241f31;background:#fafafa}"
  "h1{font-size:1.5rem}h2{font-size:1.1rem;margin:0 0 .3rem}"
  ".mail,.card{background:#fff;border:1px solid #ddd;border-radius:.6rem;padding:1rem 1.2rem;"
  "margin:1rem 0}"
  ".meta{color:#5e5c64;font-size:.9rem;margin-bottom:.6rem}"
  ".text{white-space:pre-wrap;line-height:1.4}"
  "a.button,button{display:inline-block;background:#3584e4;color:#fff;border:0;border-radius:.4rem;"
  "padding:.5rem 1rem;font-size:1rem;text-decoration:none;cursor:pointer;margin:.6rem .4rem 0 0}"
  "button.secondary{background:#deddda;color:#241f31}"
  ".notice{background:#fdf3d8;border:1px solid #e5a50a;border-radius:.4rem;padding:.6rem .8rem}"
  "label{display:block;margin:.3rem 0}"
  ".groupcall{border-top:6px solid #e66100}";

static void
begin_page (GString    *out,
            const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  g_string_append_printf (out,
                          "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
                          escaped, page_style);
}

static char *
end_page (GString *out)
{
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

char *
onboard_sandbox_pages_message (const char *title,
                               const char *text,
                               const char *link_label,
                               const char *link_url)
{
  GString *out = g_string_new (NULL);

  begin_page (out, title);
  g_string_append (out, "<div class=\"card\">\n<h1>");
  append_escaped (out, title);
  g_string_append (out, "</h1>\n<p>");
  append_escaped (out, text);
  g_string_append (out, "</p>\n");
  if (link_url != NULL)
    {
      g_string_append (out, "<a class=\"button\" href=\"");
      append_escaped (out, link_url);
      g_string_append (out, "\">");
      append_escaped (out, link_label);
      g_string_append (out, "</a>\n");
    }
  g_string_append (out, "</div>\n");

  return end_page (out);
}

char *
onboard_sandbox_pages_index (OnboardSandbox *self)
{
  g_autofree char *outbox = onboard_sandbox_dup_link (self, "/__dev/outbox");
  g_autofree char *status = onboard_sandbox_dup_link (self, "/status");
  GString *out = g_string_new (NULL);

  begin_page (out, "Assembly onboarding sandbox");
  g_string_append (out, "<h1>Assembly onboarding sandbox</h1>\n"
                        "<p>This server plays Assembly's onboarding service for tests, demos and "
                        "practice. Point Assembly Onboard at <code>");
  append_escaped (out, self->base_url);
  g_string_append (out, "</code>.</p>\n<p><a class=\"button\" href=\"");
  append_escaped (out, outbox);
  g_string_append (out, "\">Open the mailbox</a></p>\n<p>API: <a href=\"");
  append_escaped (out, status);
  g_string_append (out, "\">status</a> (needs <code>Accept: " ONBOARD_SANDBOX_MEDIA_TYPE
                        "; version=" ONBOARD_SANDBOX_API_VERSION "</code>).</p>\n");

  return end_page (out);
}

char *
onboard_sandbox_pages_outbox (OnboardSandbox *self)
{
  GPtrArray *mails = onboard_sandbox_store_get_mails (self->store);
  g_autofree char *here = onboard_sandbox_dup_link (self, "/__dev/outbox");
  GString *out = g_string_new (NULL);

  begin_page (out, "Mailbox — Assembly onboarding sandbox");
  g_string_append (out, "<h1>Mailbox</h1>\n<p class=\"meta\">Every email the sandbox has “sent”, "
                        "newest first. <a href=\"");
  append_escaped (out, here);
  g_string_append (out, "\">Refresh</a></p>\n");

  if (mails->len == 0)
    g_string_append (out, "<div class=\"card\"><p>No email yet. Sign up in Assembly Onboard and "
                          "the activation email appears here.</p></div>\n");

  for (guint i = mails->len; i > 0; i--)
    {
      OnboardSandboxMail *mail = g_ptr_array_index (mails, i - 1);
      g_autofree char *sent_at = onboard_sandbox_format_time (mail->sent_at);
      gboolean groupcall = g_strcmp0 (mail->kind, "groupcall_invitation") == 0;

      g_string_append_printf (out, "<div class=\"mail%s\" id=\"%s\">\n<h2>",
                              groupcall ? " groupcall" : "", mail->id);
      append_escaped (out, mail->subject);
      g_string_append (out, "</h2>\n<div class=\"meta\">From: ");
      append_escaped (out, groupcall ? "Groupcall Xporter on Demand <noreply@groupcall.com>"
                                     : "Assembly <hello@assembly.education>");
      g_string_append (out, "<br>To: ");
      append_escaped (out, mail->to);
      g_string_append (out, "<br>Sent: ");
      append_escaped (out, sent_at);
      g_string_append (out, "</div>\n<div class=\"text\">");
      append_escaped (out, mail->text);
      g_string_append (out, "</div>\n");

      if (mail->link_path != NULL)
        {
          g_autofree char *url = onboard_sandbox_dup_link (self, mail->link_path);

          g_string_append (out, "<a class=\"button\" href=\"");
          append_escaped (out, url);
          g_string_append (out, "\">");
          append_escaped (out, mail->link_label);
          g_string_append (out, "</a>\n");
        }
      g_string_append (out, "</div>\n");
    }

  return end_page (out);
}

static void
append_hidden (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_printf (out, "<input type=\"hidden\" name=\"%s\" value=\"", name);
  append_escaped (out, value);
  g_string_append (out, "\">\n");
}

/* Who asks for what, from which school. */
static void
append_xod_request (GString                 *out,
                    OnboardSandboxConnector *connector)
{
  g_string_append (out, "<div class=\"card groupcall\">\n"
                        "<h1>Xporter on Demand: authorise a data request</h1>\n"
                        "<p><strong>Assembly Education</strong> would like to read data from ");
  append_escaped (out, connector->school_name ? connector->school_name : connector->urn);
  g_string_append (out, " (URN ");
  append_escaped (out, connector->urn);
  if (connector->estab != NULL)
    {
      g_string_append (out, ", DfE ");
      g_string_append_len (out, connector->estab, 3);
      g_string_append_c (out, '/');
      append_escaped (out, connector->estab + 3);
    }
  g_string_append (out, ").</p>\n");
}

/* The form that posts back to the partner's callback, as XoD's does. */
static void
append_xod_form (GString                 *out,
                 OnboardSandbox          *self,
                 OnboardSandboxConnector *connector)
{
  g_autofree char *template_scopes = g_strjoinv (",", connector->template_scopes);
  g_autofree char *callback = onboard_sandbox_dup_link (self, "/__dev/connectors/");
  g_autofree char *page = onboard_sandbox_dup_link (self, "/__dev/xod/authorise/");
  g_autofree char *secret = onboard_sandbox_new_id ("", 32);

  g_string_append (out, "<form method=\"post\" action=\"");
  append_escaped (out, callback);
  append_escaped (out, connector->id);
  g_string_append (out, "/xod_callback\">\n");

  append_hidden (out, "schoolSecret", secret);
  append_hidden (out, "schoolId", onboard_sandbox_expected_school_id (connector));
  append_hidden (out, "schoolEmail", connector->invitation_sent_to);
  append_hidden (out, "schoolName", connector->school_name);
  append_hidden (out, "templateScopes", template_scopes);
  append_hidden (out, "thirdParty", "XporterOnDemand");
  append_hidden (out, "partnerId", ONBOARD_SANDBOX_PARTNER_ID);

  g_string_append (out, "<h2>Data Assembly asks for</h2>\n");
  for (guint i = 0; connector->template_scopes[i]; i++)
    {
      g_string_append (out, "<label><input type=\"checkbox\" name=\"scopes\" value=\"");
      append_escaped (out, connector->template_scopes[i]);
      g_string_append (out, "\" checked> ");
      append_escaped (out, connector->template_scopes[i]);
      g_string_append (out, "</label>\n");
    }
  /* An empty value keeps "scopes" in the form when every box is unticked. */
  g_string_append (out, "<input type=\"hidden\" name=\"scopes\" value=\"\">\n");

  g_string_append (out, "<button type=\"submit\">Authorise</button>\n"
                        "<button type=\"submit\" class=\"secondary\" name=\"action\" value=\"pause\" "
                        "formaction=\"");
  append_escaped (out, page);
  append_escaped (out, connector->id);
  g_string_append (out, "\">Pause while I choose people</button>\n</form>\n");
}

char *
onboard_sandbox_pages_xod_authorise (OnboardSandbox          *self,
                                     OnboardSandboxConnector *connector,
                                     const char              *notice)
{
  static const char * const waiting[] = {
    "invitation_sent", "awaiting_authorisation", "authorisation_paused", NULL
  };
  GString *out = g_string_new (NULL);

  begin_page (out, "Groupcall Xporter on Demand — Authorise Assembly Education");
  append_xod_request (out, connector);

  if (notice != NULL)
    {
      g_string_append (out, "<p class=\"notice\">");
      append_escaped (out, notice);
      g_string_append (out, "</p>\n");
    }

  if (!g_strv_contains (waiting, connector->status))
    {
      g_string_append (out, "<p>There is nothing to authorise: this request is <strong>");
      append_escaped (out, connector->status);
      g_string_append (out, "</strong>.</p>\n</div>\n");
      return end_page (out);
    }

  /* Outside the form: XoD keeps the choice of people to itself and the
   * partner's callback carries only the fields XoD sends. */
  g_string_append (out, "<h2>People</h2>\n"
                        "<label><input type=\"radio\" name=\"people\" value=\"all\" checked> "
                        "All current students and staff</label>\n"
                        "<label><input type=\"radio\" name=\"people\" value=\"some\"> "
                        "Only the year groups I choose</label>\n");
  append_xod_form (out, self, connector);
  g_string_append (out, "</div>\n");

  return end_page (out);
}
