/* onboard-test-network-monitor.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-test-network-monitor.h"

struct _OnboardTestNetworkMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_CONNECTIVITY,
};

static void onboard_test_network_monitor_initable_init (GInitableIface *iface);
static void onboard_test_network_monitor_iface_init (GNetworkMonitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnboardTestNetworkMonitor, onboard_test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      onboard_test_network_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      onboard_test_network_monitor_iface_init))

static gboolean
onboard_test_network_monitor_init_func (GInitable     *initable,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  return TRUE;
}

static void
onboard_test_network_monitor_initable_init (GInitableIface *iface)
{
  iface->init = onboard_test_network_monitor_init_func;
}

static gboolean
onboard_test_network_monitor_can_reach (GNetworkMonitor     *monitor,
                                        GSocketConnectable  *connectable,
                                        GCancellable        *cancellable,
                                        GError             **error)
{
  if (ONBOARD_TEST_NETWORK_MONITOR (monitor)->available)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "offline");
  return FALSE;
}

static void
onboard_test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = onboard_test_network_monitor_can_reach;
}

static void
onboard_test_network_monitor_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  OnboardTestNetworkMonitor *self = ONBOARD_TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;

    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_test_network_monitor_class_init (OnboardTestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = onboard_test_network_monitor_get_property;

  g_object_class_override_property (object_class, PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
onboard_test_network_monitor_init (OnboardTestNetworkMonitor *self)
{
  self->available = TRUE;
}

OnboardTestNetworkMonitor *
onboard_test_network_monitor_new (void)
{
  return g_object_new (ONBOARD_TYPE_TEST_NETWORK_MONITOR, NULL);
}

void
onboard_test_network_monitor_set_available (OnboardTestNetworkMonitor *self,
                                            gboolean                   available)
{
  g_return_if_fail (ONBOARD_IS_TEST_NETWORK_MONITOR (self));

  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}
