/* onboard-report-reader.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "onboard-report-reader.h"

/* Reads the support report that OnboardSupportReport writes, as a caller
 * copies it into an email or saves it, back into where the caller is:
 * the step, what they wait for, the school, the MIS, the connection and
 * the last error. Practice mode then puts the agent on the same screen.
 *
 * The report is in English (its labels too, except those of the last
 * error, which follow the caller's language), so this reads English and
 * recognises the last error's lines by their shape when their labels are
 * in another language. What copying does to text is undone first: CR LF
 * or CR line ends, blank lines and indentation around it, other text
 * before or after it, "> " quoting from an email reply.
 */

#define HEADER "Assembly Onboard support report"

G_DEFINE_QUARK (onboard-report-reader-error-quark, onboard_report_reader_error)

static const char * const known_mis[] = {
  "sims", "cmis", "pupil_asset", "isams", "arbor", NULL,
};

/* The contract's connector states (onboarding-api.md). */
static const char * const known_statuses[] = {
  "not_configured", "invitation_sent", "invitation_failed", "awaiting_authorisation",
  "authorisation_paused", "authorised", "syncing", "connected", "sync_error", "revoked", NULL,
};

typedef enum
{
  LABEL_TIME,
  LABEL_REQUEST,
  LABEL_HTTP_STATUS,
  LABEL_REQUEST_ID,
  LABEL_ERROR_CODE,
  LABEL_SERVICE_MESSAGE,
  LABEL_RETRY_AFTER,
  LABEL_FIELDS,
  LABEL_OTHER,
} Label;

/* As OnboardErrorDetails writes them: translated, so compared both in
 * English and in the language this app runs in. */
static const char * const error_labels[] = {
  [LABEL_TIME] = N_("Time"),
  [LABEL_REQUEST] = N_("Request"),
  [LABEL_HTTP_STATUS] = N_("HTTP status"),
  [LABEL_REQUEST_ID] = N_("Request ID"),
  [LABEL_ERROR_CODE] = N_("Error code"),
  [LABEL_SERVICE_MESSAGE] = N_("Service message"),
  [LABEL_RETRY_AFTER] = N_("Retry after"),
  [LABEL_FIELDS] = N_("Fields"),
};

static const char * const methods[] = {
  "GET", "POST", "PUT", "PATCH", "DELETE", NULL,
};

typedef enum
{
  SECTION_TOP,
  SECTION_ERROR,
  SECTION_CHECKS,
  SECTION_REQUESTS,
} Section;

/* g_set_str() is newer than GLib 2.74. */
static void
replace_str (char       **field,
             const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

/* One line as the report wrote it: without the quoting an email reply
 * adds, the line end, and the white space around it. */
static char *
clean_line (const char *line)
{
  const char *p = line;
  const char *end;

  for (;;)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p != '>')
        break;
      p++;
    }

  end = p + strlen (p);
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  return g_strndup (p, end - p);
}

static char **
split_lines (const char *text,
             gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autoptr(GString) str = g_string_new (valid);
  char **lines;

  /* CR LF and lone CR line ends, and a NUL a damaged file may hold. */
  g_string_replace (str, "\r\n", "\n", 0);
  g_string_replace (str, "\r", "\n", 0);

  lines = g_strsplit (str->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *clean = clean_line (lines[i]);

      g_free (lines[i]);
      lines[i] = clean;
    }

  return lines;
}

static const char *
value_after (const char *line,
             const char *key)
{
  gsize key_length = strlen (key);

  if (g_ascii_strncasecmp (line, key, key_length) != 0)
    return NULL;

  line += key_length;
  while (*line == ' ')
    line++;

  return line;
}

static gboolean
is_digits (const char *text,
           gsize       length)
{
  if (length == 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* Whether @text is where a copy stopped in the middle of @word. */
static gboolean
cut_in (const char *text,
        const char *word)
{
  gsize length = strlen (text);

  return length < strlen (word) && strncmp (word, text, length) == 0;
}

static gboolean
cut_in_any (const char         *text,
            const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (cut_in (text, words[i]))
      return TRUE;

  return FALSE;
}

static gboolean
set_damaged (GError     **error,
             const char  *line)
{
  /* Translators: %s is the line of the support report that could not be
   * read, in English as the report writes it. */
  g_set_error (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_DAMAGED,
               _("The support report is damaged: the line “%s” cannot be read. "
                 "Ask the caller to copy the report again."), line);
  return FALSE;
}

static gboolean
set_truncated (GError **error)
{
  g_set_error_literal (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_TRUNCATED,
                       _("The support report is cut short: it stops before it says which step "
                         "the caller is on. Ask the caller to copy the whole report again."));
  return FALSE;
}

/* The earliest of the parts that may follow the school's name. */
static const char *
find_after_school (const char *text)
{
  static const char * const markers[] = {
    "; MIS ", "; Connection ID ", "; no Connection ID yet", "; updated ",
  };
  const char *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      const char *found = strstr (text, markers[i]);

      if (found != NULL && (first == NULL || found < first))
        first = found;
    }

  return first;
}

/* "step 4 of 5; school 100000 The Aldgate School; MIS sims; Connection ID
 * con_123, status awaiting_authorisation; updated 2026-…Z", as
 * onboard_progress_dup_summary() writes it. */
static gboolean
parse_where (OnboardPracticeScenario  *scenario,
             const char               *line,
             const char               *where,
             GError                  **error)
{
  const char *p = where;
  const char *next;
  guint64 step;
  guint64 of;
  char *end;
  gboolean connection_seen = FALSE;

  if (g_ascii_strncasecmp (p, "step ", 5) != 0)
    return cut_in (p, "step ") ? set_truncated (error) : set_damaged (error, line);
  p += 5;

  step = g_ascii_strtoull (p, &end, 10);
  if (end == p)
    return *p == '\0' ? set_truncated (error) : set_damaged (error, line);
  p = end;
  if (strncmp (p, " of ", 4) != 0)
    return cut_in (p, " of ") ? set_truncated (error) : set_damaged (error, line);
  p += 4;
  of = g_ascii_strtoull (p, &end, 10);
  if (end == p)
    return *p == '\0' ? set_truncated (error) : set_damaged (error, line);
  p = end;

  if (of != 5 || step < 1 || step > 5)
    {
      g_autofree char *what = g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, step, of);

      /* Translators: %s is a step as the report gives it, such as "6/5". */
      g_set_error (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE,
                   _("The support report names a step this version of Assembly Onboard does not "
                     "have (%s). It may come from a newer version: ask the caller which version "
                     "they have."), what);
      return FALSE;
    }
  scenario->step = (guint)step;

  while (*p != '\0')
    {
      static const char * const parts[] = {
        "no school yet", "school ", "MIS ", "no Connection ID yet", "Connection ID ", "updated ", NULL,
      };

      if (strncmp (p, "; ", 2) != 0)
        return cut_in (p, "; ") ? set_truncated (error) : set_damaged (error, line);
      p += 2;

      if (g_str_has_prefix (p, "no school yet"))
        p += strlen ("no school yet");
      else if (g_str_has_prefix (p, "school "))
        {
          const char *urn = p + strlen ("school ");
          const char *name;

          if (strlen (urn) < 6)
            return set_truncated (error);
          if (!is_digits (urn, 6) || (urn[6] != ' ' && urn[6] != '\0'))
            return set_damaged (error, line);
          g_free (scenario->school_urn);
          scenario->school_urn = g_strndup (urn, 6);
          if (urn[6] == '\0')
            return set_truncated (error);

          name = urn + 7;
          next = find_after_school (name);
          if (next == NULL)
            return set_truncated (error);
          g_free (scenario->school_name);
          scenario->school_name = g_strndup (name, next - name);
          if (strcmp (scenario->school_name, "(no name)") == 0)
            g_clear_pointer (&scenario->school_name, g_free);
          p = next;
        }
      else if (g_str_has_prefix (p, "MIS "))
        {
          const char *mis = p + strlen ("MIS ");

          /* The connection's part always follows. */
          next = strchr (mis, ';');
          if (next == NULL)
            return set_truncated (error);
          g_free (scenario->mis_provider);
          scenario->mis_provider = g_strndup (mis, next - mis);
          if (!g_strv_contains (known_mis, scenario->mis_provider))
            {
              /* Translators: %s is an MIS as the report names it, such as "sims". */
              g_set_error (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE,
                           _("The support report names an MIS that Assembly Onboard does not know "
                             "(“%s”). It may come from a newer version: ask the caller which "
                             "version they have."), scenario->mis_provider);
              return FALSE;
            }
          p = next;
        }
      else if (g_str_has_prefix (p, "no Connection ID yet"))
        {
          p += strlen ("no Connection ID yet");
          connection_seen = TRUE;
        }
      else if (g_str_has_prefix (p, "Connection ID "))
        {
          const char *id = p + strlen ("Connection ID ");
          const char *comma = strstr (id, ", status ");
          const char *status;

          if (comma == NULL)
            return strchr (id, ';') ? set_damaged (error, line) : set_truncated (error);
          g_free (scenario->report_connector_id);
          scenario->report_connector_id = g_strndup (id, comma - id);

          status = comma + strlen (", status ");
          next = strchr (status, ';');
          if (next == NULL)
            next = status + strlen (status);
          if (next == status)
            return set_truncated (error);
          g_free (scenario->connector_status);
          scenario->connector_status = g_strndup (status, next - status);
          if (strcmp (scenario->connector_status, "(status unknown)") == 0)
            replace_str (&scenario->connector_status, "not_configured");
          else if (*next == '\0' && !g_strv_contains (known_statuses, scenario->connector_status) &&
                   cut_in_any (scenario->connector_status, known_statuses))
            return set_truncated (error);
          else if (!g_strv_contains (known_statuses, scenario->connector_status))
            {
              /* Translators: %s is a connection state as the report names
               * it, such as "awaiting_authorisation". */
              g_set_error (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE,
                           _("The support report names a connection state that Assembly Onboard "
                             "does not know (“%s”). It may come from a newer version: ask the "
                             "caller which version they have."), scenario->connector_status);
              return FALSE;
            }
          scenario->registered = TRUE;
          connection_seen = TRUE;
          p = next;
        }
      else if (g_str_has_prefix (p, "updated "))
        p += strlen (p);
      else if (strchr (p, ';') == NULL && (*p == '\0' || cut_in_any (p, parts)))
        return set_truncated (error);
      else
        return set_damaged (error, line);
    }

  /* The connection's part is always written: without it the line was cut. */
  if (!connection_seen)
    return set_truncated (error);

  return TRUE;
}

static Label
classify_label (const char *label)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_labels); i++)
    if (g_ascii_strcasecmp (label, error_labels[i]) == 0 || g_strcmp0 (label, _(error_labels[i])) == 0)
      return (Label)i;

  return LABEL_OTHER;
}

/* A label in a language this app does not run in: the values that have
 * a shape of their own are still found. */
static Label
classify_value (OnboardPracticeScenario *scenario,
                const char              *value)
{
  g_auto(GStrv) words = g_strsplit (value, " ", 2);

  if (words[0] && words[1] && g_strv_contains (methods, words[0]) && words[1][0] == '/')
    return LABEL_REQUEST;
  if (strlen (value) == 3 && is_digits (value, 3))
    return LABEL_HTTP_STATUS;
  if (scenario->error_time == NULL && g_ascii_isdigit (value[0]))
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (value, NULL);

      if (time != NULL)
        return LABEL_TIME;
    }
  if (g_regex_match_simple ("^[0-9]+ s$", value, 0, 0))
    return LABEL_RETRY_AFTER;
  if (g_regex_match_simple ("^[a-z_.]+: [a-z_]+(, [a-z_]+)*(; [a-z_.]+: [a-z_]+(, [a-z_]+)*)*$", value, 0, 0))
    return LABEL_FIELDS;
  if (scenario->error_http_status != 0 && scenario->error_code == NULL && value[0] != '\0' &&
      strspn (value, "abcdefghijklmnopqrstuvwxyz_") == strlen (value))
    return LABEL_ERROR_CODE;

  return LABEL_OTHER;
}

static void
parse_error_line (OnboardPracticeScenario *scenario,
                  const char              *line)
{
  const char *colon = strstr (line, ": ");
  g_autofree char *label = NULL;
  const char *value;
  Label kind;

  if (colon == NULL)
    return;

  label = g_strndup (line, colon - line);
  value = colon + 2;
  kind = classify_label (label);
  if (kind == LABEL_OTHER)
    kind = classify_value (scenario, value);

  switch (kind)
    {
    case LABEL_TIME:
      replace_str (&scenario->error_time, value);
      break;

    case LABEL_REQUEST:
      {
        g_auto(GStrv) words = g_strsplit (value, " ", 2);

        if (words[0] && words[1] && g_strv_contains (methods, words[0]) && words[1][0] == '/')
          {
            replace_str (&scenario->error_method, words[0]);
            replace_str (&scenario->error_path, words[1]);
          }
      }
      break;

    case LABEL_HTTP_STATUS:
      {
        guint64 status = 0;

        if (g_ascii_string_to_unsigned (value, 10, 100, 599, &status, NULL))
          scenario->error_http_status = (guint)status;
      }
      break;

    case LABEL_REQUEST_ID:
      replace_str (&scenario->error_request_id, value);
      break;

    case LABEL_ERROR_CODE:
      replace_str (&scenario->error_code, value);
      break;

    case LABEL_SERVICE_MESSAGE:
      replace_str (&scenario->error_message, value);
      break;

    case LABEL_RETRY_AFTER:
      {
        guint64 seconds = 0;
        g_autofree char *number = g_strndup (value, strspn (value, "0123456789"));

        if (g_ascii_string_to_unsigned (number, 10, 1, 86400, &seconds, NULL))
          scenario->error_retry_after = (guint)seconds;
      }
      break;

    case LABEL_FIELDS:
      replace_str (&scenario->error_fields, value);
      break;

    case LABEL_OTHER:
    default:
      break;
    }
}

/* "2026-12-04T15:36:10Z POST /signups 201 req_…": what the request log
 * tells beyond the summary, which has no field for a sign-up. */
static void
parse_request_line (OnboardPracticeScenario *scenario,
                    const char              *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 5);

  if (g_strv_length (words) < 4 || !g_strv_contains (methods, words[1]))
    return;

  if (strcmp (words[1], "POST") == 0 && strcmp (words[2], "/signups") == 0 && words[3][0] == '2')
    scenario->signed_up = TRUE;
  else if (g_str_has_prefix (words[2], "/signups/"))
    scenario->signed_up = TRUE;
}

/**
 * onboard_report_reader_parse:
 * @text: a support report, as the caller copied or saved it; other text
 *   around it is ignored
 * @length: the length of @text, or -1 if it ends with a NUL
 *
 * Returns: (transfer full): where the caller is, or %NULL with an
 *   %ONBOARD_REPORT_READER_ERROR whose message, translated, says what is
 *   wrong with the text and what to do
 */
OnboardPracticeScenario *
onboard_report_reader_parse (const char  *text,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(OnboardPracticeScenario) scenario = NULL;
  g_auto(GStrv) lines = NULL;
  Section section = SECTION_TOP;
  gboolean where_seen = FALSE;
  gboolean signed_in_seen = FALSE;
  guint first = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  lines = split_lines (text, length);

  for (guint i = 0; lines[i] != NULL && !found; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (g_ascii_strcasecmp (lines[i], HEADER) == 0)
        {
          first = i + 1;
          found = TRUE;
        }
    }

  if (!found)
    {
      gboolean empty = TRUE;

      for (guint i = 0; lines[i] != NULL && empty; i++)
        empty = lines[i][0] == '\0';

      if (empty)
        g_set_error_literal (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_EMPTY,
                             _("The support report is empty. Ask the caller to press Copy Report "
                               "in the Support window and paste all of it."));
      else
        g_set_error_literal (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_NOT_A_REPORT,
                             _("This is not an Assembly Onboard support report: it has no line "
                               "“Assembly Onboard support report”. Ask the caller to press Copy "
                               "Report in the Support window and paste all of it."));
      return NULL;
    }

  scenario = onboard_practice_scenario_new ();

  for (guint i = first; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *value;

      /* A second report pasted after the first: the first one counts. */
      if (g_ascii_strcasecmp (line, HEADER) == 0)
        break;

      if (line[0] == '\0')
        {
          section = SECTION_TOP;
          continue;
        }

      switch (section)
        {
        case SECTION_ERROR:
          parse_error_line (scenario, line);
          continue;

        case SECTION_CHECKS:
          continue;

        case SECTION_REQUESTS:
          parse_request_line (scenario, line);
          continue;

        case SECTION_TOP:
        default:
          break;
        }

      if ((value = value_after (line, "Reference:")))
        replace_str (&scenario->reference, value);
      else if ((value = value_after (line, "Version:")))
        replace_str (&scenario->app_version, value);
      else if ((value = value_after (line, "Service:")))
        replace_str (&scenario->service_host, value);
      else if ((value = value_after (line, "Where:")))
        {
          if (where_seen)
            continue;
          if (!parse_where (scenario, line, value, error))
            return NULL;
          where_seen = TRUE;
        }
      else if ((value = value_after (line, "Signed in:")))
        {
          if (g_ascii_strcasecmp (value, "yes") == 0)
            scenario->signed_in = TRUE;
          else if (g_ascii_strcasecmp (value, "no") == 0)
            scenario->signed_in = FALSE;
          else if (cut_in (value, "yes") || cut_in (value, "no"))
            {
              set_truncated (error);
              return NULL;
            }
          else
            {
              set_damaged (error, line);
              return NULL;
            }
          signed_in_seen = TRUE;
        }
      else if (g_ascii_strcasecmp (line, "Last error:") == 0)
        section = SECTION_ERROR;
      else if (g_ascii_strcasecmp (line, "Checks:") == 0)
        section = SECTION_CHECKS;
      else if (g_ascii_strncasecmp (line, "Last requests (", strlen ("Last requests (")) == 0)
        section = SECTION_REQUESTS;
    }

  /* Both are always written, one after the other. */
  if (!where_seen || !signed_in_seen)
    {
      set_truncated (error);
      return NULL;
    }

  /* The summary has no field for the account: it exists once the user is
   * past Sign up, and at Sign up when the request log shows a sign-up or
   * the app holds tokens (it is about to move on). */
  if (scenario->step >= 3 || scenario->registered)
    scenario->signed_up = scenario->activated = TRUE;
  else if (scenario->step == 2 && scenario->signed_in)
    scenario->signed_up = scenario->activated = TRUE;
  else if (scenario->step < 2)
    scenario->signed_up = FALSE;

  return g_steal_pointer (&scenario);
}

/**
 * onboard_report_reader_load:
 * @file: a saved support report
 *
 * Reads @file (at most 1 MiB: a report is a few kilobytes) with
 * onboard_report_reader_parse().
 *
 * Returns: (transfer full): where the caller is, or %NULL with a
 *   #GIOError or an %ONBOARD_REPORT_READER_ERROR
 */
OnboardPracticeScenario *
onboard_report_reader_load (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  gsize max = 1024 * 1024;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream != NULL)
    bytes = g_input_stream_read_bytes (G_INPUT_STREAM (stream), max + 1, cancellable, &local_error);

  if (bytes == NULL)
    {
      /* Translators: %s is a file name, then the system's reason. */
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not read the support report “%s”: %s"), name, local_error->message);
      return NULL;
    }

  if (g_bytes_get_size (bytes) > max)
    {
      g_set_error (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_NOT_A_REPORT,
                   _("“%s” is far too large to be a support report. Check that it is the file "
                     "the caller saved from the Support window."), name);
      return NULL;
    }

  return onboard_report_reader_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}
