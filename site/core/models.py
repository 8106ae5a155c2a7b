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


# --- Notifications and the outbox ------------------------------------------------------------------------------


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class Notification(models.Model):
    """One thing a person is told about, shown in their notification centre (and mailed as they chose).

    ``key`` names the event (e.g. ``post-approved:42``); a person gets at most one notification per event.
    ``content_type``/``object_id`` point at what it is about, so every read re-checks that the person may
    still see it (``visible_to``): a notification never shows what its recipient may no longer see.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    type = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)  # sent on its own or in a digest
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="notification_unique_event")]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["frequency", "emailed_at"], name="notification_digest"),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """How a person wants one type of notification by e-mail: at once, in a daily or weekly digest, or not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    type = models.CharField(max_length=80)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "type"], name="notificationpreference_unique")]

    def __str__(self):
        return f"{self.user_id} · {self.type} · {self.frequency}"


class NotificationAddress(models.Model):
    """An extra e-mail address that receives a moderator's notifications too (seed 002), once confirmed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_addresses")
    email = models.EmailField(_("e-mail address"))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "email"], name="notificationaddress_unique")]

    def __str__(self):
        return self.email


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class OutboundMessage(models.Model):
    """One e-mail in the outbox: written in the transaction of the event it tells about, sent after commit by a
    worker. Unique per event, address and channel, so a retried event or a restarted worker never sends twice.
    """

    key = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, default="email")
    email = models.EmailField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_messages"
    )
    type = models.CharField(max_length=80, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [models.UniqueConstraint(fields=["key", "email", "channel"], name="outboundmessage_unique_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at", "id"], name="outbound_due")]

    def __str__(self):
        return f"{self.subject} → {self.email}"


class NotificationEvent(models.Model):
    """A notification for many people (a push mail to a whole theme), written in the event's transaction and fanned
    out by the worker: the request stays fast and the outbox rows still come from a committed event."""

    key = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=80)
    recipient_ids = models.JSONField(default=list)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expanded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.key
