"""Roles on the page tree: who may administer, edit, moderate or observe an organisation or theme.

A role is given and taken only through :mod:`core.roles.services`, which keeps the matching Wagtail group and its page
permissions in step. Which page types take which roles is declared by the page models themselves
(``assignable_roles``, see :mod:`core.roles.selectors`): the core names no page model.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERADMIN = "superadmin", _("Superadmin")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation admin")
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Theme moderator")
    OBSERVER = "observer", _("Observer")
    # Declared by an organisation admin: this person works for the organisation as a care professional
    # (hulpverlener). Only they take a professional or coordinator seat in a collaboration space. It gives no
    # access to the administration and no page permissions (core.roles.services).
    CARE_PROFESSIONAL = "care_professional", _("Care professional")


class RoleAssignment(models.Model):
    """A person holds a role for a subtree of the page tree (an organisation or a theme).

    Written only by :mod:`core.roles.services`, which keeps the matching Wagtail group and page permissions in step.
    Superadmins have no page: they are Django superusers.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="role_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "page"], name="roleassignment_unique"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(page__isnull=True), name="roleassignment_unique_sitewide"
            ),
        ]
        indexes = [models.Index(fields=["page", "role"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.page or '—'}"


class RoleGroup(models.Model):
    """The Wagtail group that carries the page permissions of one role on one subtree."""

    role = models.CharField(max_length=32, choices=Role.choices)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="werkgroepen_role")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "page"], name="rolegroup_unique")]

    def __str__(self):
        return self.group.name


class OrganisationCollection(models.Model):
    """The Wagtail collection that holds one organisation's images and documents (issue 14 §12).

    Created with the organisation (:func:`core.roles.services.organisation_collection_ensure`); every role given on
    the organisation or one of its themes gets the collection permissions of :data:`core.roles.services.
    COLLECTION_PERMISSIONS` on it, so editors upload and choose images and documents in their own organisation's
    collection only, and Wagtail's listings and choosers never show another organisation's.
    """

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="media_collection")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.CASCADE, related_name="werkgroepen_organisation"
    )

    class Meta:
        verbose_name = _("organisation collection")
        verbose_name_plural = _("organisation collections")

    def __str__(self):
        return str(self.collection)
