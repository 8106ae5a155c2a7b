"""Netwerk (issue 5 §4, seed 004 §G): who is who, outside contacts, emergency contacts and personal social maps.

* The participants themselves are the first part of who-is-who (relation, organisation, role: no model here).
* A :class:`Contact` is someone outside the space (a GP, a grandmother, a football coach): an item of the space
  with an audience like any other, optionally marked as an emergency contact.
* A :class:`SocialMap` is one participant's own map of the people around them by circle (gezin, familie,
  vrienden, school, hulpverlening, vrije tijd). It belongs to its author; by default only they see it
  (audience "chosen" with nobody chosen) and they decide whom to share it with. Its people are
  :class:`SocialMapPerson` rows, read by whoever may read the map.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trajectories.items.models import SpaceItem, SpaceItemQuerySet


class Circle(models.TextChoices):
    HOUSEHOLD = "gezin", pgettext_lazy("social map circle", "Household")
    FAMILY = "familie", pgettext_lazy("social map circle", "Family")
    FRIENDS = "vrienden", pgettext_lazy("social map circle", "Friends")
    SCHOOL = "school", pgettext_lazy("social map circle", "School or work")
    CARE = "hulpverlening", pgettext_lazy("social map circle", "Care and support")
    LEISURE = "vrije_tijd", pgettext_lazy("social map circle", "Free time")


class Closeness(models.IntegerChoices):
    CLOSE = 1, _("Very close to me")
    MIDDLE = 2, _("Close to me")
    FAR = 3, _("A bit further away")


class Contact(SpaceItem):
    """Someone outside the space the others should be able to reach; optionally an emergency contact."""

    VERSIONED_FIELDS = ("name", "relation", "organisation", "phone", "email", "note", "is_emergency")

    name = models.CharField(_("name"), max_length=120)
    relation = models.CharField(_("who is this?"), max_length=80, blank=True, help_text=_("For example: grandma, GP."))
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    is_emergency = models.BooleanField(
        _("emergency contact"), default=False, help_text=_("Someone to call when things go wrong.")
    )

    objects = SpaceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["trajectory", "name"], name="contact_trajectory_name")]

    def __str__(self):
        return self.name

    def item_title(self):
        return self.name


class SocialMap(SpaceItem):
    """One participant's personal social map (sociale kaart van jezelf). Only its author changes it."""

    EDITABLE_BY: ClassVar[str] = "author"

    objects = SpaceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("social map")
        verbose_name_plural = _("social maps")
        constraints = [models.UniqueConstraint(fields=["trajectory", "author"], name="socialmap_one_per_person")]

    def __str__(self):
        return f"socialmap {self.pk}"

    def item_title(self):
        return str(_("Social map"))


class SocialMapPersonQuerySet(models.QuerySet):
    def visible_to(self, user, *, space=None):
        """People on the maps `user` may read (the map's rule, nothing else)."""
        return self.filter(social_map__in=SocialMap.objects.visible_to(user, space=space).values("pk"))


class SocialMapPerson(models.Model):
    """One person on a social map: in which circle, and how close."""

    social_map = models.ForeignKey(SocialMap, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=80)
    circle = models.CharField(_("circle"), max_length=20, choices=Circle.choices)
    closeness = models.PositiveSmallIntegerField(_("how close"), choices=Closeness.choices, default=Closeness.MIDDLE)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SocialMapPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person on the social map")
        verbose_name_plural = _("people on the social map")
        indexes = [models.Index(fields=["social_map", "circle"], name="socialmapperson_map_circle")]

    def __str__(self):
        return self.name
