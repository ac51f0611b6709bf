/* onboard-test-weston-seat.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A Weston module for the Wayland end-to-end run (weston --modules=…).
 *
 * Weston's headless backend has no input devices, so it has no seat: no
 * keyboard focus, no window is ever active, and no clipboard, which hangs
 * off a seat (wl-paste says "Missing a seat"). This module gives the
 * compositor a seat with a keyboard, as every desktop has, so windows are
 * activated and focused as they are mapped, and presses its keys when told
 * to on a pipe, the way a keyboard would: the keys go through the
 * compositor's own keymap and keyboard focus to whichever window has it,
 * with the serials a real key press carries. Weston's own tests do the same
 * with a module of theirs that Debian does not ship.
 *
 * The pipe is the FIFO named by $ONBOARD_WESTON_KEYS. Each line is a Linux
 * key code (linux/input-event-codes.h) and 1 to press it or 0 to let go:
 * "42 1\n30 1\n30 0\n42 0\n" types "A" with the US keymap Weston uses.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libweston/libweston.h>
#include <libweston/zalloc.h>

/* libweston 10 exports these for its backends, but installs no header that
 * declares them (they are in its private backend.h and
 * libweston-internal.h). */
void weston_seat_init          (struct weston_seat       *seat,
                                struct weston_compositor *compositor,
                                const char               *seat_name);
void weston_seat_release       (struct weston_seat       *seat);
int  weston_seat_init_keyboard (struct weston_seat       *seat,
                                struct xkb_keymap        *keymap);
void notify_key                (struct weston_seat           *seat,
                                const struct timespec        *time,
                                uint32_t                      key,
                                enum wl_keyboard_key_state    state,
                                enum weston_key_state_update  update_state);

/* What weston looks for in a module given with --modules. */
WL_EXPORT int wet_module_init (struct weston_compositor  *compositor,
                               int                       *argc,
                               char                      *argv[]);

typedef struct
{
  struct weston_seat       seat;
  struct wl_event_source  *source;
  struct wl_listener       compositor_destroyed;
  int                      fd;
  char                     line[64];
  size_t                   length;
} KeyboardSeat;

static void
press (KeyboardSeat *self,
       const char   *line)
{
  struct timespec now;
  unsigned int key, pressed;

  if (sscanf (line, "%u %u", &key, &pressed) != 2 || key > 0x2ff || pressed > 1)
    {
      weston_log ("onboard-test-weston-seat: not a key: “%s”\n", line);
      return;
    }

  clock_gettime (CLOCK_MONOTONIC, &now);
  notify_key (&self->seat, &now, key,
              pressed ? WL_KEYBOARD_KEY_STATE_PRESSED : WL_KEYBOARD_KEY_STATE_RELEASED,
              STATE_UPDATE_AUTOMATIC);
}

static int
pipe_readable_cb (int       fd,
                  uint32_t  mask,
                  void     *data)
{
  KeyboardSeat *self = data;
  char buffer[512];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    {
      for (ssize_t i = 0; i < n; i++)
        {
          if (buffer[i] == '\n')
            {
              self->line[self->length] = '\0';
              press (self, self->line);
              self->length = 0;
            }
          else if (self->length < sizeof self->line - 1)
            self->line[self->length++] = buffer[i];
        }
    }

  if (n < 0 && errno != EAGAIN && errno != EINTR)
    weston_log ("onboard-test-weston-seat: reading the pipe: %s\n", strerror (errno));

  return 0;
}

static void
compositor_destroyed_cb (struct wl_listener *listener,
                         void               *data)
{
  KeyboardSeat *self = wl_container_of (listener, self, compositor_destroyed);

  wl_list_remove (&self->compositor_destroyed.link);
  wl_event_source_remove (self->source);
  close (self->fd);
  weston_seat_release (&self->seat);
  free (self);
}

WL_EXPORT int
wet_module_init (struct weston_compositor  *compositor,
                 int                       *argc,
                 char                      *argv[])
{
  const char *path = getenv ("ONBOARD_WESTON_KEYS");
  struct wl_event_loop *loop = wl_display_get_event_loop (compositor->wl_display);
  KeyboardSeat *self;
  int fd;

  if (path == NULL || path[0] == '\0')
    {
      weston_log ("onboard-test-weston-seat: ONBOARD_WESTON_KEYS names no pipe\n");
      return -1;
    }

  /* Read and write, so that the pipe never reads as closed between two
   * writers, and never blocks the compositor. */
  fd = open (path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      weston_log ("onboard-test-weston-seat: %s: %s\n", path, strerror (errno));
      return -1;
    }

  self = zalloc (sizeof *self);
  if (self == NULL)
    {
      close (fd);
      return -1;
    }

  self->fd = fd;
  weston_seat_init (&self->seat, compositor, "onboard-e2e");
  if (weston_seat_init_keyboard (&self->seat, NULL) < 0)
    {
      weston_seat_release (&self->seat);
      close (fd);
      free (self);
      return -1;
    }

  self->source = wl_event_loop_add_fd (loop, fd, WL_EVENT_READABLE, pipe_readable_cb, self);
  self->compositor_destroyed.notify = compositor_destroyed_cb;
  wl_signal_add (&compositor->destroy_signal, &self->compositor_destroyed);

  weston_log ("onboard-test-weston-seat: a seat with a keyboard, its keys pressed from %s\n", path);

  return 0;
}
