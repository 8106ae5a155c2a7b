"""The account: a person's log-in (e-mail), public display name and private full name."""

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

    def get_full_name(self):
        """The private full name, or else the public display name. Wagtail's admin names people by this and falls
        back to the log-in address when it is empty (user filters, history, reports): an address list by another
        name (issue 9, hole 7)."""
        return super().get_full_name() or self.display_name

    def get_short_name(self):
        return self.display_name

    @property
    def public_name(self):
        return self.display_name
