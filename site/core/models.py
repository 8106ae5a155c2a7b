"""Site-wide models: the account (User) and the role assignments that drive Wagtail groups."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        extra_fields.setdefault("display_name", email.split("@")[0])
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account. E-mail is the login; ``display_name`` is the only thing other members ever see.

    The full name (``first_name``/``last_name``) is private: it is shown to the person themselves and to
    staff in the admin, never on public pages or to other members (seed 000/001).
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=40,
        help_text=_("The name other members see. Your full name stays private."),
    )
    interested_themes = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("themes I come for"),
        help_text=_("The themes chosen at registration."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="user_display_name_unique_ci"),
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name

    @property
    def public_name(self):
        return self.display_name


class Role(models.TextChoices):
    SUPERADMIN = "superadmin", _("Superadmin")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation admin")
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Theme moderator")
    OBSERVER = "observer", _("Observer")


class RoleAssignment(models.Model):
    """A person holds a role for a subtree of the page tree (an organisation or a theme).

    Written only by :mod:`core.roles`, which keeps the matching Wagtail group and page permissions in step.
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
