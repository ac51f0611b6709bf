/* bench-first-window.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How soon the app shows its first window, and what it holds in memory a
 * second later, beside GNOME Text Editor (`gnome-text-editor --standalone`)
 * measured the same way in the same run, the two started in turn.
 *
 * Each run starts the program with a home of its own (HOME and every XDG
 * folder new and empty), so nothing is carried from one run to the next.
 * The app opens on Step 1 against the reference server (assembly-sandbox,
 * one for the whole benchmark, with the 2022 GIAS list of schools).
 *
 * "First window" is seen from outside the program: this process watches
 * the root window of the X server (SubstructureNotify) and takes the time
 * of the first MapNotify of a top-level window whose _NET_WM_PID is the
 * program's, against the time just before fork(). Both are read from
 * CLOCK_MONOTONIC as the event arrives (poll() on the X connection), so
 * the resolution is the scheduler's, well under a millisecond; the X
 * server's own queue adds what it adds to both programs alike. Then, one
 * second after the map, VmRSS from /proc/PID/status.
 *
 * All of it twice: with GSK_RENDERER unset (GTK's GL renderer; under Xvfb
 * that is Mesa's llvmpipe) and with GSK_RENDERER=cairo.
 *
 * The app runs with ONBOARD_DEBUG_STARTUP set, and its marks (see
 * src/support/onboard-startup.c), on the same clock, give where its
 * start-up time goes, as medians over the runs; after the memory is read
 * it is left to run until its first frame, its last page and its school
 * directory are marked (or MARKS_WAIT_US after the map), so that these
 * are seen too. The editor is stopped once its memory is read.
 *
 * Run under an X server and a D-Bus session (build-aux/dev.sh bench runs
 * xvfb-run and dbus-run-session). It prints figures and whether the
 * target is met; it fails only when it cannot run. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include <glib.h>
#include <glib/gstdio.h>

#define N_RUNS              7
#define RSS_DELAY_US        (1 * G_USEC_PER_SEC)
#define MAP_TIMEOUT_US      (60 * G_USEC_PER_SEC)
#define MARKS_WAIT_US       (10 * G_USEC_PER_SEC)
#define TARGET_RATIO        0.8

typedef enum
{
  ARM_APP,
  ARM_EDITOR,
  N_ARMS
} Arm;

static const char * const arm_names[N_ARMS] = {
  "assembly-onboard (Step 1)",
  "gnome-text-editor --standalone",
};

/* The app's marks, and what the time up to each (from the mark before,
 * in the order they come) is spent on. */
static const struct
{
  const char *mark;
  const char *what;
} phases[] = {
  { "main", "exec to main(): loading and linking the libraries" },
  { "options", "GApplication's command line" },
  { "registered", "the D-Bus name (GApplication registration)" },
  { "gtk-init", "gtk_init(): the display, GTK's settings" },
  { "adwaita-style", "libadwaita's start-up, its style sheet and the app's CSS" },
  { "services", "progress file, keyring and client objects, catalogue" },
  { "activate", "to activate" },
  { "window-shell", "the GtkAssistant window itself" },
  { "page-1-built", "building Step 1's page" },
  { "page-2-built", "building Step 2's page (and what came before it)" },
  { "page-3-built", "building Step 3's page (and what came before it)" },
  { "page-4-built", "building Step 4's page (and what came before it)" },
  { "page-5-built", "building Step 5's page (and what came before it)" },
  { "window-built", "the button row and going to the step" },
  { "keyring-asked", "asking the keyring for the sign-in" },
  { "directory-asked", "asking for the school directory (cache read, download)" },
  { "realized", "realizing the window (the renderer starts)" },
  { "mapped", "styling and sizing what the window holds, mapping" },
  { "first-frame", "the first frame painted" },
  { "keyring-answered", "the keyring's answer" },
  { "directory-ready", "the school directory read and searchable" },
  { "directory-failed", "the school directory could not be had" },
};


typedef struct
{
  double      map_ms;
  double      rss_mb;
  GHashTable *marks;   /* mark name -> ms since exec, as double* */
} RunResult;

static Display *display;
static Atom     net_wm_pid;

static double
us_to_ms (gint64 us)
{
  return (double)us / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median_of (GArray *values)
{
  g_autoptr(GArray) sorted = NULL;

  if (values->len == 0)
    return 0;

  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  if (sorted->len % 2 == 1)
    return g_array_index (sorted, double, sorted->len / 2);

  return (g_array_index (sorted, double, sorted->len / 2 - 1) +
          g_array_index (sorted, double, sorted->len / 2)) / 2;
}

static double
min_of (GArray *values)
{
  double min = G_MAXDOUBLE;

  for (guint i = 0; i < values->len; i++)
    min = MIN (min, g_array_index (values, double, i));

  return values->len ? min : 0;
}

static double
max_of (GArray *values)
{
  double max = 0;

  for (guint i = 0; i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));

  return max;
}

static double
vm_rss_mb (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int)pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return 0;

  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

static gboolean
window_belongs_to (Window window,
                   GPid   pid)
{
  Atom type;
  int format;
  unsigned long n_items, after;
  unsigned char *data = NULL;
  gboolean ours = FALSE;

  if (XGetWindowProperty (display, window, net_wm_pid, 0, 1, False, XA_CARDINAL,
                          &type, &format, &n_items, &after, &data) == Success &&
      data != NULL && n_items == 1 && format == 32)
    ours = (GPid)*(unsigned long *)(gpointer)data == pid;

  if (data != NULL)
    XFree (data);

  return ours;
}

/* Waits for the first map of a top-level window of @pid; returns the
 * monotonic time it was seen, or 0 on time-out. */
static gint64
wait_for_map (GPid   pid,
              gint64 deadline)
{
  struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };

  for (;;)
    {
      while (XPending (display) > 0)
        {
          XEvent event;
          gint64 now;

          XNextEvent (display, &event);
          now = g_get_monotonic_time ();
          if (event.type == MapNotify && !event.xmap.override_redirect &&
              window_belongs_to (event.xmap.window, pid))
            return now;
        }

      if (g_get_monotonic_time () >= deadline)
        return 0;
      if (poll (&fd, 1, (int)((deadline - g_get_monotonic_time ()) / 1000) + 1) < 0 && errno != EINTR)
        g_error ("poll: %s", g_strerror (errno));
    }
}

static void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Reads "onboard-startup: US NAME" lines from @channel until it has seen
 * every mark of @wanted (NULL-terminated), or until @deadline, or until
 * the pipe closes (deadline 0: until it closes). */
static void
read_marks (GIOChannel         *channel,
            gint64              exec_us,
            GHashTable         *marks,
            const char * const *wanted,
            gint64              deadline)
{
  struct pollfd fd = { g_io_channel_unix_get_fd (channel), POLLIN, 0 };

  for (;;)
    {
      g_autofree char *line = NULL;
      gboolean all = wanted != NULL;
      gint64 us;
      char name[64];

      for (guint i = 0; wanted != NULL && wanted[i] != NULL; i++)
        all = all && g_hash_table_contains (marks, wanted[i]);
      if (all)
        return;

      if (deadline != 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0 || poll (&fd, 1, (int)(left / 1000) + 1) <= 0)
            return;
        }

      if (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) != G_IO_STATUS_NORMAL)
        return;

      if (sscanf (line, "onboard-startup: %" G_GINT64_FORMAT " %63s", &us, name) == 2 &&
          !g_hash_table_contains (marks, name))
        {
          double *ms = g_new (double, 1);

          *ms = us_to_ms (us - exec_us);
          g_hash_table_insert (marks, g_strdup (name), ms);
        }
    }
}

static RunResult
run_once (Arm         arm,
          const char *program,
          const char *api_url,
          const char *renderer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("bench-first-window-XXXXXX", &error);
  g_auto(GStrv) env = g_get_environ ();
  const char *app_argv[] = { program, "--api-url", api_url, NULL };
  const char *editor_argv[] = { program, "--standalone", NULL };
  const char * const *argv = arm == ARM_APP ? app_argv : editor_argv;
  RunResult result = { 0, 0, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  g_autoptr(GIOChannel) marks_channel = NULL;
  int marks_pipe[2];
  gint64 exec_us, map_us;
  GPid pid;

  g_assert_no_error (error);

  env = g_environ_setenv (env, "HOME", home, TRUE);
  {
    static const struct { const char *var, *dir; } xdg[] = {
      { "XDG_CONFIG_HOME", ".config" },
      { "XDG_DATA_HOME", ".local/share" },
      { "XDG_CACHE_HOME", ".cache" },
      { "XDG_STATE_HOME", ".local/state" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
      {
        g_autofree char *dir = g_build_filename (home, xdg[i].dir, NULL);

        g_mkdir_with_parents (dir, 0700);
        env = g_environ_setenv (env, xdg[i].var, dir, TRUE);
      }
  }
  if (renderer != NULL)
    env = g_environ_setenv (env, "GSK_RENDERER", renderer, TRUE);
  else
    env = g_environ_unsetenv (env, "GSK_RENDERER");
  /* The test environment's settings are for the test suites: each program
   * keeps its settings in its new home, as on a desktop. */
  env = g_environ_unsetenv (env, "GSETTINGS_BACKEND");
  env = g_environ_unsetenv (env, "G_DEBUG");
  env = g_environ_unsetenv (env, "MALLOC_CHECK_");
  if (arm == ARM_APP)
    env = g_environ_setenv (env, "ONBOARD_DEBUG_STARTUP", "1", TRUE);

  if (pipe (marks_pipe) != 0)
    g_error ("pipe: %s", g_strerror (errno));

  XSync (display, False);
  exec_us = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      setpgid (0, 0);
      dup2 (null, STDOUT_FILENO);
      dup2 (arm == ARM_APP ? marks_pipe[1] : null, STDERR_FILENO);
      close (marks_pipe[0]);
      close (marks_pipe[1]);
      execve (argv[0], (char **)argv, env);
      _exit (127);
    }
  close (marks_pipe[1]);

  map_us = wait_for_map (pid, exec_us + MAP_TIMEOUT_US);
  if (map_us == 0)
    g_error ("%s showed no window within %d s", program, (int)(MAP_TIMEOUT_US / G_USEC_PER_SEC));
  result.map_ms = us_to_ms (map_us - exec_us);

  g_usleep (MAX (0, map_us + RSS_DELAY_US - g_get_monotonic_time ()));
  result.rss_mb = vm_rss_mb (pid);

  /* The app's start-up goes on after the map: its marks are awaited (a
   * few seconds at most) before it is stopped. */
  marks_channel = g_io_channel_unix_new (marks_pipe[0]);
  g_io_channel_set_close_on_unref (marks_channel, TRUE);
  if (arm == ARM_APP)
    {
      static const char * const wanted[] = { "first-frame", "page-5-built", "directory-ready", NULL };

      read_marks (marks_channel, exec_us, result.marks, wanted, map_us + MARKS_WAIT_US);
    }

  kill (-pid, SIGTERM);
  waitpid (pid, NULL, 0);
  /* Anything it left in its group (none is expected) goes too. */
  kill (-pid, SIGKILL);

  read_marks (marks_channel, exec_us, result.marks, NULL, 0);
  remove_tree (home);

  return result;
}

static void
print_arm (const char *name,
           GArray     *map_ms,
           GArray     *rss_mb)
{
  g_print ("  %-32s first window: median %7.1f ms  min %7.1f  max %7.1f   VmRSS 1 s later: median %6.1f MB\n",
           name, median_of (map_ms), min_of (map_ms), max_of (map_ms), median_of (rss_mb));
}

static double
mark_median (GPtrArray  *runs,
             const char *mark,
             guint      *out_n)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs->len; i++)
    {
      double *ms = g_hash_table_lookup (g_ptr_array_index (runs, i), mark);

      if (ms != NULL)
        g_array_append_val (values, *ms);
    }

  *out_n = values->len;

  return median_of (values);
}

typedef struct
{
  const char *mark;
  const char *what;
  double      at;
  guint       n;
} Step;

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const Step *x = a;
  const Step *y = b;

  return compare_doubles (&x->at, &y->at);
}

/* Each mark at the median of its times, in the order they come; what
 * comes after the first frame is listed apart. */
static void
print_breakdown (GPtrArray *marks)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  double previous = 0;
  double first_frame = G_MAXDOUBLE;
  gboolean after = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      Step step;

      step.mark = phases[i].mark;
      step.what = phases[i].what;
      step.at = mark_median (marks, step.mark, &step.n);
      if (step.n == 0)
        step.at = G_MAXDOUBLE;
      if (g_str_equal (step.mark, "first-frame") && step.n > 0)
        first_frame = step.at;
      g_array_append_val (steps, step);
    }
  g_array_sort (steps, compare_steps);

  g_print ("  where the app's time goes (ms from exec, median over the runs of each mark):\n");
  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = &g_array_index (steps, Step, i);

      if (step->n == 0)
        {
          if (!g_str_equal (step->mark, "directory-failed"))
            g_print ("        -          %-16s %s (not within %d s of the map)\n",
                     step->mark, step->what, (int)(MARKS_WAIT_US / G_USEC_PER_SEC));
          continue;
        }
      if (!after && step->at > first_frame)
        {
          g_print ("    after the first frame:\n");
          after = TRUE;
        }
      g_print ("    %7.1f  +%6.1f  %-16s %s", step->at, step->at - previous, step->mark, step->what);
      if (step->n < marks->len)
        g_print (" (in %u of %u runs)", step->n, marks->len);
      g_print ("\n");
      previous = step->at;
    }
}

static void
measure (const char *renderer,
         const char *programs[N_ARMS],
         const char *api_url)
{
  GArray *map_ms[N_ARMS];
  GArray *rss_mb[N_ARMS];
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  double ratio;

  for (guint a = 0; a < N_ARMS; a++)
    {
      map_ms[a] = g_array_new (FALSE, FALSE, sizeof (double));
      rss_mb[a] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  /* One start of each first, not counted: the first program to open on a
   * new X server and bus also starts the accessibility bus and warms the
   * page cache, which would count against whichever went first. */
  for (guint a = 0; a < N_ARMS; a++)
    g_hash_table_unref (run_once (a, programs[a], api_url, renderer).marks);

  /* In turn, and the other first every other round. */
  for (guint run = 0; run < N_RUNS; run++)
    for (guint k = 0; k < N_ARMS; k++)
      {
        Arm arm = (run % 2 == 0) ? k : N_ARMS - 1 - k;
        RunResult result = run_once (arm, programs[arm], api_url, renderer);

        g_array_append_val (map_ms[arm], result.map_ms);
        g_array_append_val (rss_mb[arm], result.rss_mb);
        if (arm == ARM_APP)
          g_ptr_array_add (marks, result.marks);
        else
          g_hash_table_unref (result.marks);
      }

  g_print ("\nGSK_RENDERER=%s: %u runs each, alternating, each with a new home\n",
           renderer != NULL ? renderer : " (unset: GL, here llvmpipe)", N_RUNS);
  for (guint a = 0; a < N_ARMS; a++)
    print_arm (arm_names[a], map_ms[a], rss_mb[a]);

  ratio = median_of (map_ms[ARM_APP]) / MAX (median_of (map_ms[ARM_EDITOR]), 1e-9);
  g_print ("  app / editor: %.2fx the time to the first window, %.2fx the memory\n",
           ratio, median_of (rss_mb[ARM_APP]) / MAX (median_of (rss_mb[ARM_EDITOR]), 1e-9));
  g_print ("  target: app median at most %.1fx the editor's: %s (%.2fx)\n",
           TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "NOT MET", ratio);

  print_breakdown (marks);

  for (guint a = 0; a < N_ARMS; a++)
    {
      g_array_unref (map_ms[a]);
      g_array_unref (rss_mb[a]);
    }
}

/* The reference server with the full list of schools; its first line is
 * its base URL. */
static GPid
start_sandbox (const char  *sandbox,
               char       **out_url)
{
  const char *data = g_getenv ("ONBOARD_SCHOOL_DATA");
  g_autofree char *schools = data ? g_build_filename (data, "schools", "gias-2022-07-all-establishments.csv", NULL) : NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  GPid pid;
  int out;

  g_ptr_array_add (argv, (char *)sandbox);
  g_ptr_array_add (argv, "--port=0");
  g_ptr_array_add (argv, "--quiet");
  if (schools != NULL && g_file_test (schools, G_FILE_TEST_EXISTS))
    {
      g_ptr_array_add (argv, "--schools");
      g_ptr_array_add (argv, schools);
    }
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_async_with_pipes (NULL, (char **)argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &pid, NULL, &out, NULL, &error))
    g_error ("Cannot start %s: %s", sandbox, error->message);

  channel = g_io_channel_unix_new (out);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_line (channel, out_url, NULL, NULL, NULL) != G_IO_STATUS_NORMAL)
    g_error ("The reference server did not start");
  g_strchomp (*out_url);

  return pid;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *api_url = NULL;
  const char *programs[N_ARMS];
  GPid sandbox;

  if (argc != 4)
    {
      g_printerr ("usage: %s ASSEMBLY-ONBOARD ASSEMBLY-SANDBOX GNOME-TEXT-EDITOR\n", argv[0]);
      return EXIT_FAILURE;
    }

  programs[ARM_APP] = argv[1];
  programs[ARM_EDITOR] = argv[3];

  display = XOpenDisplay (NULL);
  if (display == NULL)
    g_error ("No X display to measure on: run under xvfb-run (build-aux/dev.sh bench)");
  net_wm_pid = XInternAtom (display, "_NET_WM_PID", False);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);

  sandbox = start_sandbox (argv[2], &api_url);

  g_print ("First window: exec to the first map of a top-level window (X MapNotify seen\n"
           "on the root window, CLOCK_MONOTONIC, sub-millisecond resolution), and VmRSS\n"
           "of the process 1 s after; each program with a new HOME and XDG folders.\n"
           "The app opens on Step 1 against the reference server.\n");

  measure (NULL, programs, api_url);
  measure ("cairo", programs, api_url);

  kill (sandbox, SIGTERM);
  waitpid (sandbox, NULL, 0);
  XCloseDisplay (display);

  return EXIT_SUCCESS;
}
