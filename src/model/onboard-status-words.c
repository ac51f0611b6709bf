/* onboard-status-words.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-status-words.h"

/* The connection's state in words, apart from the widget that shows them,
 * so that every state's sentence can be tested without a display. States
 * whose words never change are a table; the others, which name an address,
 * a time or the support number, have a function each. */

static int
days_between (GDateTime *from,
              GDateTime *to)
{
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, g_date_time_get_day_of_month (from), g_date_time_get_month (from),
                  g_date_time_get_year (from));
  g_date_set_dmy (&b, g_date_time_get_day_of_month (to), g_date_time_get_month (to),
                  g_date_time_get_year (to));

  return g_date_days_between (&a, &b);
}

/**
 * onboard_status_words_format_when:
 * @time: a time to come
 * @now: the time now
 *
 * Returns: (transfer full): when @time is, the way the office says it, in
 *   local time: "tonight at about 03:00", "tomorrow at about 09:00"
 */
char *
onboard_status_words_format_when (GDateTime *time,
                                  GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *clock = NULL;
  int days;
  int hour;

  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (g_date_time_compare (time, now) <= 0)
    return g_strdup (_("any time now"));

  local = g_date_time_to_local (time);
  local_now = g_date_time_to_local (now);
  clock = g_date_time_format (local, "%H:%M");
  days = days_between (local_now, local);
  hour = g_date_time_get_hour (local);

  /* The small hours belong to the night before. */
  if ((days == 0 || days == 1) && hour < 6)
    /* Translators: %s is a time such as 03:00 */
    return g_strdup_printf (_("tonight at about %s"), clock);

  if (days == 0 && hour >= 18)
    /* Translators: %s is a time such as 19:00 */
    return g_strdup_printf (_("this evening at about %s"), clock);

  if (days == 0)
    /* Translators: %s is a time such as 14:00 */
    return g_strdup_printf (_("today at about %s"), clock);

  if (days == 1)
    /* Translators: %s is a time such as 09:00 */
    return g_strdup_printf (_("tomorrow at about %s"), clock);

  if (days < 7)
    {
      g_autofree char *weekday = g_date_time_format (local, "%A");

      /* Translators: a day of the week and a time: "on Tuesday at about 03:00" */
      return g_strdup_printf (_("on %s at about %s"), weekday, clock);
    }
  else
    {
      g_autofree char *date = g_date_time_format (local, "%-d %B");

      /* Translators: a date and a time: "on 4 March at about 03:00" */
      return g_strdup_printf (_("on %s at about %s"), date, clock);
    }
}

/**
 * onboard_status_words_format_past:
 * @time: a time gone
 * @now: the time now
 *
 * Returns: (transfer full): when @time was, in local time: "today at
 *   03:12", "yesterday at 03:12"
 */
char *
onboard_status_words_format_past (GDateTime *time,
                                  GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  g_autofree char *clock = g_date_time_format (local, "%H:%M");
  int days = days_between (local, local_now);

  if (days <= 0)
    /* Translators: %s is a time such as 03:12 */
    return g_strdup_printf (_("today at %s"), clock);

  if (days == 1)
    /* Translators: %s is a time such as 03:12 */
    return g_strdup_printf (_("yesterday at %s"), clock);

  if (days < 7)
    {
      g_autofree char *weekday = g_date_time_format (local, "%A");

      /* Translators: a day of the week and a time: "on Tuesday at 03:12" */
      return g_strdup_printf (_("on %s at %s"), weekday, clock);
    }
  else
    {
      g_autofree char *date = g_date_time_format (local, "%-d %B");

      /* Translators: a date and a time: "on 4 March at 03:12" */
      return g_strdup_printf (_("on %s at %s"), date, clock);
    }
}

void
onboard_status_words_clear (OnboardStatusWords *words)
{
  g_clear_pointer (&words->title, g_free);
  g_clear_pointer (&words->description, g_free);
  g_clear_pointer (&words->next, g_free);
}

static const struct {
  OnboardConnectorStatus  status;
  const char             *icon_name;
  const char             *style;
  const char             *title;
  const char             *description;
  const char             *next;
} fixed[] = {
  { ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED, "dialog-information-symbolic", NULL,
    N_("Access has not been granted yet"),
    N_("Assembly cannot receive your school’s data until Groupcall invites your school."),
    N_("Press Grant Access on Step 4 to start.") },
  { ONBOARD_CONNECTOR_STATUS_AUTHORISATION_PAUSED, "media-playback-pause-symbolic", NULL,
    N_("Authorisation is paused while your school chooses what to share"),
    N_("Someone at your school has clicked Begin Authorisation in Groupcall and is still choosing the people and information to share."),
    N_("When they finish in Groupcall and click Authorise, you will see it here straight away.") },
  { ONBOARD_CONNECTOR_STATUS_SYNCING, "emblem-synchronizing-symbolic", NULL,
    N_("The first data transfer is running"),
    N_("Groupcall is copying your school’s data from the MIS to Assembly."),
    N_("This can take up to an hour. This page updates by itself.") },
  { ONBOARD_CONNECTOR_STATUS_REVOKED, "action-unavailable-symbolic", "error",
    N_("Access was withdrawn in Groupcall"),
    N_("Your school withdrew Assembly’s access in Groupcall, so no data reaches Assembly."),
    N_("Grant Access again to send a new authorisation email.") },
};

static gboolean
describe_fixed (OnboardStatusWords     *w,
                OnboardConnectorStatus  status)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      if (fixed[i].status != status)
        continue;

      w->icon_name = fixed[i].icon_name;
      w->style = fixed[i].style;
      w->title = g_strdup (_(fixed[i].title));
      w->description = g_strdup (_(fixed[i].description));
      w->next = g_strdup (_(fixed[i].next));
      return TRUE;
    }

  return FALSE;
}

/* Where Groupcall's email goes, as the service said. */
static const char *
sent_to (OnboardConnector *connector)
{
  const char *address = onboard_connector_get_invitation_sent_to (connector);

  return address != NULL ? address : _("the address you chose");
}

static void
describe_invitation_sent (OnboardStatusWords *w,
                          OnboardConnector   *connector)
{
  w->icon_name = "mail-send-symbolic";
  w->title = g_strdup (_("Groupcall’s email is on its way"));
  w->description = g_strdup_printf (_("Assembly has asked Groupcall to email the authorisation link to %s."),
                                    sent_to (connector));
  w->next = g_strdup (_("It usually arrives within a few minutes. This page updates by itself."));
}

static void
describe_invitation_failed (OnboardStatusWords *w,
                            const char         *phone)
{
  w->icon_name = "dialog-error-symbolic";
  w->style = "error";
  w->title = g_strdup (_("Groupcall refused the request"));
  w->description = g_strdup (_("Groupcall did not accept Assembly’s request to invite your school, so no email was sent."));
  w->next = g_strdup_printf (_("Grant Access again. If Groupcall refuses again, call Assembly on %s."), phone);
}

static void
describe_awaiting (OnboardStatusWords *w,
                   OnboardConnector   *connector)
{
  w->icon_name = "mail-unread-symbolic";
  w->title = g_strdup (_("Waiting for someone to click Begin Authorisation"));
  w->description = g_strdup_printf (_("Groupcall has emailed the authorisation link to %s. The person who opens it must be allowed to approve sharing your school’s data."),
                                    sent_to (connector));
  w->next = g_strdup (_("When they click Begin Authorisation and finish in Groupcall, you will see it here straight away."));
}

static void
describe_authorised (OnboardStatusWords *w,
                     OnboardConnector   *connector,
                     GDateTime          *now)
{
  GDateTime *next_sync = onboard_connector_get_next_sync_at (connector);

  w->icon_name = "emblem-ok-symbolic";
  w->title = g_strdup (_("Groupcall has confirmed the authorisation"));
  w->description = g_strdup (_("Your school has agreed to share its data with Assembly through Groupcall Xporter on Demand."));
  if (next_sync != NULL)
    {
      g_autofree char *when = onboard_status_words_format_when (next_sync, now);

      /* Translators: %s is when, such as "tonight at about 03:00" */
      w->next = g_strdup_printf (_("The first data transfer is due %s. It often happens overnight."), when);
    }
  else
    w->next = g_strdup (_("The first data transfer usually happens overnight, at about 03:00."));
}

static void
describe_connected (OnboardStatusWords *w,
                    OnboardConnector   *connector,
                    GDateTime          *now)
{
  GDateTime *next_sync = onboard_connector_get_next_sync_at (connector);
  GDateTime *last_sync = onboard_connector_get_last_sync_at (connector);

  w->icon_name = "emblem-ok-symbolic";
  w->style = "success";
  w->title = g_strdup (_("Your school is connected to Assembly"));
  if (last_sync != NULL)
    {
      g_autofree char *when = onboard_status_words_format_past (last_sync, now);

      /* Translators: %s is when, such as "today at 03:12" */
      w->description = g_strdup_printf (_("Your school’s data is reaching Assembly. The last data transfer finished %s."), when);
    }
  else
    w->description = g_strdup (_("Your school’s data is reaching Assembly."));
  if (next_sync != NULL)
    {
      g_autofree char *when = onboard_status_words_format_when (next_sync, now);

      w->next = g_strdup_printf (_("Groupcall brings Assembly up to date every night; the next transfer is due %s."), when);
    }
  else
    w->next = g_strdup (_("Groupcall brings Assembly up to date every night, at about 03:00."));
}

static char *
dup_sync_error_reason (OnboardConnector *connector)
{
  switch (onboard_connector_get_status_reason (connector))
    {
    case ONBOARD_CONNECTOR_STATUS_REASON_MIS_UNREACHABLE:
      return g_strdup (_("Groupcall could not reach your MIS. If your MIS runs on a school server, check that the server and Xporter are switched on."));

    case ONBOARD_CONNECTOR_STATUS_REASON_SECRET_INVALID:
      return g_strdup (_("Groupcall’s access to your school’s data is no longer valid."));

    case ONBOARD_CONNECTOR_STATUS_REASON_SCOPES_INSUFFICIENT:
      return g_strdup (_("The data shared in Groupcall is not enough for Assembly: some people or some of the information were left out."));

    default:
      return g_strdup (_("Groupcall could not copy your school’s data to Assembly."));
    }
}

static void
describe_sync_error (OnboardStatusWords *w,
                     OnboardConnector   *connector,
                     GDateTime          *now,
                     const char         *phone)
{
  GDateTime *next_sync = onboard_connector_get_next_sync_at (connector);

  w->icon_name = "dialog-warning-symbolic";
  w->style = "warning";
  w->title = g_strdup (_("The last data transfer failed"));
  w->description = dup_sync_error_reason (connector);
  if (next_sync != NULL)
    {
      g_autofree char *when = onboard_status_words_format_when (next_sync, now);

      /* Translators: the first %s is when, the second a phone number */
      w->next = g_strdup_printf (_("Groupcall tries again by itself, next %s. If it keeps failing, call Assembly on %s."), when, phone);
    }
  else
    w->next = g_strdup_printf (_("Groupcall tries again by itself. If it keeps failing, call Assembly on %s."), phone);
}

static void
describe_unknown (OnboardStatusWords *w,
                  OnboardConnector   *connector,
                  const char         *phone)
{
  /* Any string at all: escaped and cut to a length a title can take. */
  g_autofree char *status = onboard_connector_dup_status_text (connector);

  w->icon_name = "dialog-question-symbolic";
  /* Translators: %s is the service's name for the state, in English */
  w->title = g_strdup_printf (_("The connection is in a state this app does not know: “%s”"), status);
  w->description = g_strdup (_("Assembly’s service is newer than this app and reported a state it cannot describe."));
  w->next = g_strdup_printf (_("Update Assembly Onboard, or call Assembly on %s and read out the state above."), phone);
}

/**
 * onboard_status_words_describe:
 * @words: (out caller-allocates): cleared words to fill
 * @connector: the connection as the service last gave it
 * @now: the time now, for "tonight at about 03:00"
 *
 * Puts the connection's state into words.
 */
void
onboard_status_words_describe (OnboardStatusWords *words,
                               OnboardConnector   *connector,
                               GDateTime          *now)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();
  OnboardConnectorStatus status = onboard_connector_get_status (connector);

  if (describe_fixed (words, status))
    return;

  switch (status)
    {
    case ONBOARD_CONNECTOR_STATUS_INVITATION_SENT:
      describe_invitation_sent (words, connector);
      break;

    case ONBOARD_CONNECTOR_STATUS_INVITATION_FAILED:
      describe_invitation_failed (words, phone);
      break;

    case ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION:
      describe_awaiting (words, connector);
      break;

    case ONBOARD_CONNECTOR_STATUS_AUTHORISED:
      describe_authorised (words, connector, now);
      break;

    case ONBOARD_CONNECTOR_STATUS_CONNECTED:
      describe_connected (words, connector, now);
      break;

    case ONBOARD_CONNECTOR_STATUS_SYNC_ERROR:
      describe_sync_error (words, connector, now, phone);
      break;

    default:
      describe_unknown (words, connector, phone);
      break;
    }
}
