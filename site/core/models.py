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


class Role(models.TextChoices):
    SUPERADMIN = "superadmin", _("Superadmin")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation admin")
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Theme moderator")
    OBSERVER = "observer", _("Observer")
    # Declared by an organisation admin: this person works for the organisation as a care professional
    # (hulpverlener). Only they take a professional or coordinator seat in a collaboration space. It gives no
    # access to the administration and no page permissions (core.roles).
    CARE_PROFESSIONAL = "care_professional", _("Care professional")


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


# --- Invitations, role requests and personal-data exports ------------------------------------------------------


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    """An invitation by e-mail to take a role (editor, moderator, observer) on an organisation or theme.

    Written only by :mod:`core.invitations`. The link carries a random token; only its SHA-256 hash is stored, so
    a leaked database gives no usable links. A link works once, until ``expires_at``; resending makes a new token.
    """

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation or theme")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"))
    send_count = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "role",
                "page",
                condition=models.Q(status="pending"),
                name="invitation_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()} · {self.page}"

    @property
    def is_expired(self):
        from django.utils import timezone

        return self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def state_label(self):
        return _("Expired") if self.is_expired else self.get_status_display()


class RoleRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RoleRequestQuerySet(models.QuerySet):
    def decidable_by(self, user):
        """Requests `user` may decide: all for superadmins, those of their organisations for organisation admins."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            organisation__role_assignments__user=user,
            organisation__role_assignments__role=Role.ORGANISATION_ADMIN,
        )

    def visible_to(self, user):
        """A person sees their own requests and the ones they may decide."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(models.Q(user=user) | models.Q(pk__in=self.decidable_by(user).values("pk")))


class RoleRequest(models.Model):
    """A person asks for moderator rights for an organisation (seed 002): work phone, work e-mail and a reason.

    The organisation's admins (and superadmins) approve — giving the moderator role on the organisation or one
    of its themes through :mod:`core.roles` — or reject with a reason. One open request per person and
    organisation. Written only by :mod:`core.role_requests`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_requests", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    work_phone = models.CharField(_("work phone number"), max_length=20)
    work_email = models.EmailField(_("work e-mail address"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoleRequestStatus.choices, default=RoleRequestStatus.OPEN
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    granted_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoleRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("role request")
        verbose_name_plural = _("role requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=models.Q(status="open"), name="rolerequest_one_open"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation}"


class DataExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    DOWNLOADED = "downloaded", _("Downloaded")
    EXPIRED = "expired", _("Expired")
    FAILED = "failed", _("Failed")


class DataExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the person an export is about ever sees it (SEC-16)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)


class DataExport(models.Model):
    """A ZIP of everything the site holds about a person ("Mijn gegevens"), built in the background.

    Downloadable once, by that person only, until ``expires_at`` (24 hours after it is ready); the file is
    deleted when it is downloaded or expires. Written only by :mod:`core.gdpr`.
    """

    public_id = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=DataExportStatus.choices, default=DataExportStatus.PENDING)
    file = models.FileField(upload_to="exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"export {self.public_id}"
