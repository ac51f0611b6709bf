/* onboard-school-slots.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-school-slot.h"
#include "onboard-school-slots.h"

/* The first schools of a list (the search results, best first), at most
 * @limit of them, as a list of OnboardSchoolSlot: one object per place
 * that keeps its place while the schools in it change.
 *
 * Why: a search changes most of the shown schools on every key. GTK 4.8's
 * list view makes a new row widget for every item it has not shown before
 * (its CSS nodes, accessible object and layout) and destroys the old ones,
 * and it keeps up to 200 of them. With slots, the items stay the same: the
 * rows stay, and each one only changes its text when its slot's school
 * changes. The list only grows or shrinks at its end.
 *
 * A search is a way to find one school, so the list holds the best few:
 * the count of all matches is the schools list's.
 */

struct _OnboardSchoolSlots
{
  GObject     parent_instance;

  GListModel *schools;
  guint       limit;
  GPtrArray  *slots;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnboardSchoolSlots, onboard_school_slots, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
onboard_school_slots_get_item_type (GListModel *model)
{
  return ONBOARD_TYPE_SCHOOL_SLOT;
}

static guint
onboard_school_slots_get_n_items (GListModel *model)
{
  OnboardSchoolSlots *self = (OnboardSchoolSlots *)model;

  return self->slots->len;
}

static gpointer
onboard_school_slots_get_item (GListModel *model,
                               guint       position)
{
  OnboardSchoolSlots *self = (OnboardSchoolSlots *)model;

  if (position >= self->slots->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->slots, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = onboard_school_slots_get_item_type;
  iface->get_n_items = onboard_school_slots_get_n_items;
  iface->get_item = onboard_school_slots_get_item;
}

static void
schools_changed_cb (OnboardSchoolSlots *self,
                    guint               position,
                    guint               removed,
                    guint               added)
{
  guint n_old = self->slots->len;
  guint n_new = MIN (g_list_model_get_n_items (self->schools), self->limit);
  /* Past the change the schools moved only if their number changed. */
  guint end = removed == added ? MIN (position + added, MIN (n_old, n_new)) : MIN (n_old, n_new);

  for (guint i = position; i < end; i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (self->schools, i);

      onboard_school_slot_set_school (g_ptr_array_index (self->slots, i), school);
    }

  if (n_new < n_old)
    {
      g_ptr_array_remove_range (self->slots, n_new, n_old - n_new);
      g_list_model_items_changed (G_LIST_MODEL (self), n_new, n_old - n_new, 0);
    }
  else if (n_new > n_old)
    {
      for (guint i = n_old; i < n_new; i++)
        {
          g_autoptr(OnboardSchool) school = g_list_model_get_item (self->schools, i);

          g_ptr_array_add (self->slots, onboard_school_slot_new (school));
        }
      g_list_model_items_changed (G_LIST_MODEL (self), n_old, 0, n_new - n_old);
    }
}

static void
onboard_school_slots_dispose (GObject *object)
{
  OnboardSchoolSlots *self = (OnboardSchoolSlots *)object;

  if (self->schools != NULL)
    g_signal_handlers_disconnect_by_func (self->schools, schools_changed_cb, self);
  g_clear_object (&self->schools);
  g_clear_pointer (&self->slots, g_ptr_array_unref);

  G_OBJECT_CLASS (onboard_school_slots_parent_class)->dispose (object);
}

static void
onboard_school_slots_class_init (OnboardSchoolSlotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_school_slots_dispose;
}

static void
onboard_school_slots_init (OnboardSchoolSlots *self)
{
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * onboard_school_slots_new:
 * @schools: a list of #OnboardSchool
 * @limit: how many of its first schools to hold, at most; at least 1
 *
 * Returns: (transfer full): slots that follow the first @limit schools of
 *   @schools.
 */
OnboardSchoolSlots *
onboard_school_slots_new (GListModel *schools,
                          guint       limit)
{
  OnboardSchoolSlots *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (schools), NULL);
  g_return_val_if_fail (limit > 0, NULL);

  self = g_object_new (ONBOARD_TYPE_SCHOOL_SLOTS, NULL);
  self->schools = g_object_ref (schools);
  self->limit = limit;
  g_signal_connect_swapped (schools, "items-changed", G_CALLBACK (schools_changed_cb), self);
  schools_changed_cb (self, 0, 0, g_list_model_get_n_items (schools));

  return self;
}

GListModel *
onboard_school_slots_get_schools (OnboardSchoolSlots *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_SLOTS (self), NULL);

  return self->schools;
}

guint
onboard_school_slots_get_limit (OnboardSchoolSlots *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_SLOTS (self), 0);

  return self->limit;
}
