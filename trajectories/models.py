"""Collaboration spaces (werkruimtes, seed 004): one private space per young person or family.

A :class:`Trajectory` is the space; a :class:`Participant` is one person in it, with a role (jongere, netwerk,
professional, coördinator), a relation label and the special flags of the report (parental authority, contact
ban). Everything written in a space is an *item*: a subclass of :class:`SpaceItem`, which carries the item's
audience (everyone, chosen participants, professionals only) and its author. Item models are registered in
:mod:`trajectories.registry`, so "Wie ziet wat?", the access log and the existence rule cover every kind,
including those of later modules and plugins.

Who sees what is defined once, in :mod:`trajectories.access`; every ``visible_to`` below is built there.
Every read and write of an item is written to the append-only :class:`AccessLogEntry` (NEN 7513, SEC-14).
"""

import hashlib
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    CLIENT = "client", _("Young person")
    NETWORK = "network", pgettext_lazy("participant role", "Network")
    PROFESSIONAL = "professional", _("Professional")
    COORDINATOR = "coordinator", _("Coordinator")


# "Professionals only" means these roles (seed 004: hulpverleners, begeleiders, consulenten, coördinatoren).
# A seat with one of these roles counts only while an organisation declares its holder as a care professional
# (core role "care_professional" on the organisation the seat names): :attr:`Participant.is_professional`.
PROFESSIONAL_ROLES = (Role.PROFESSIONAL, Role.COORDINATOR)


class Regie(models.TextChoices):
    """Who decides who is in the space and who sees what (seed 004, §3.2)."""

    CLIENT = "client", _("The young person decides")
    CLIENT_WITH_COUNSELLOR = "client_with_counsellor", _("The young person decides together with the counsellor")
    COORDINATOR = "coordinator", _("A coordinator decides")


class TrajectoryStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class TrajectoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The spaces `user` takes part in (active, not under a contact ban). The only definition:
        :func:`trajectories.access.trajectory_visibility`."""
        from trajectories.access import trajectory_visibility

        return self.filter(trajectory_visibility(user))


class Trajectory(models.Model):
    """A collaboration space (werkruimte) around one young person or family.

    Started by a professional of an organisation, or by a young person or parent themselves (then
    ``organisation`` is empty). Platform and organisation staff have no access to its content: only the
    participants see it (seed 004: "geen toegang tot de inhoud").
    """

    title = models.CharField(_("name of the space"), max_length=120)
    organisation = models.ForeignKey(
        "wg_themes.OrganisationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectories",
        verbose_name=_("organisation"),
        help_text=_("The organisation that runs the space; empty when a young person or parent started it."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    regie = models.CharField(_("who decides"), max_length=30, choices=Regie.choices, default=Regie.CLIENT)
    # With regie "client_with_counsellor": the counsellor (IB) who decides together with the young person.
    counsellor = models.ForeignKey(
        "Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("counsellor"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectoryStatus.choices, default=TrajectoryStatus.ACTIVE
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration space")
        verbose_name_plural = _("collaboration spaces")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("trajectories:overview", args=[self.pk])

    @property
    def is_active(self):
        return self.status == TrajectoryStatus.ACTIVE


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Taking part")
    REMOVED = "removed", _("No longer taking part")


INVITATION_DAYS = 7  # an invitation link works this many days, once


def hash_token(token):
    """Invitation tokens are stored as their SHA-256: a leaked database holds no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Participants of the spaces `user` takes part in. The only definition:
        :func:`trajectories.access.participant_visibility`."""
        from trajectories.access import participant_visibility

        return self.filter(participant_visibility(user))

    def active(self):
        """Who is in: accepted and not under a contact ban."""
        return self.filter(status=ParticipantStatus.ACTIVE, contact_ban=False)

    def with_declaration(self):
        """Annotate ``declared_by_organisation``: whether the organisation the seat names (``care_organisation``)
        declares the participant's account as a care professional now (:func:`declared_condition`)."""
        return self.annotate(declared_by_organisation=declared_condition())


def declared_condition(participant_ref="pk"):
    """An ``Exists`` that is true when the participant row `participant_ref` (an ``OuterRef`` path to a
    participant, default the row itself) holds a seat backed by an organisation: its account holds the core role
    "care professional" on the organisation page the seat names. Revoking the role ends it at once."""
    from django.db.models import Exists, OuterRef

    from core.models import Role as SiteRole
    from core.models import RoleAssignment

    prefix = "" if participant_ref == "pk" else f"{participant_ref}__"
    return Exists(
        RoleAssignment.objects.filter(
            role=SiteRole.CARE_PROFESSIONAL,
            user_id=OuterRef(f"{prefix}user_id"),
            page_id=OuterRef(f"{prefix}care_organisation_id"),
        )
    )


class Participant(models.Model):
    """One person in a space: invited by e-mail, active once they accepted with their account.

    ``contact_ban`` (contactverbod) shuts the person out of everything about the young person while keeping
    them on record; ``has_parental_authority`` marks the gezaghebber.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectory_participations",
    )  # empty until the invitation is accepted
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(
        _("name"), max_length=80, blank=True, help_text=_("How the others in the space know this person.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    relation = models.CharField(
        _("relation to the young person"),
        max_length=60,
        blank=True,
        help_text=_("For example: mum, teacher, counsellor, case worker."),
    )
    organisation_name = models.CharField(_("organisation"), max_length=120, blank=True)
    care_organisation = models.ForeignKey(
        "wg_themes.OrganisationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("declared by organisation"),
        help_text=_("For professionals and coordinators: the organisation that declared them as a care professional."),
    )
    member_organisation = models.ForeignKey(
        "wg_themes.MemberOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation fiche"),
    )
    has_parental_authority = models.BooleanField(_("has parental authority"), default=False)
    contact_ban = models.BooleanField(_("contact ban"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ParticipantStatus.choices, default=ParticipantStatus.INVITED
    )
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Set when the person deleted their account: name and address are gone, the row stays as the author of what
    # they wrote (the space's record), shown as "deleted participant" (trajectories.user_data).
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "email"], name="participant_unique_email"),
            models.UniqueConstraint(
                fields=["trajectory", "user"], condition=Q(user__isnull=False), name="participant_unique_user"
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="participant_user_status")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name the others in the space see."""
        if self.erased_at is not None:
            return str(_("deleted participant"))
        if self.name:
            return self.name
        if self.user_id is not None and self.user is not None:
            return self.user.get_full_name() or self.user.display_name
        return self.email.split("@")[0]

    @property
    def organisation_label(self):
        """The organisation shown with the person. For a professional or coordinator only the organisation that
        declared them counts (never a name they or the inviter typed); without a declaration: nothing."""
        if self.role in PROFESSIONAL_ROLES:
            if self.is_declared and self.care_organisation is not None:
                return self.care_organisation.title
            return ""
        if self.member_organisation_id is not None and self.member_organisation is not None:
            return self.member_organisation.name
        return self.organisation_name

    @property
    def is_active(self):
        return self.status == ParticipantStatus.ACTIVE and not self.contact_ban

    @property
    def is_declared(self):
        """Whether an organisation declares this person as a care professional on the organisation their seat
        names (the ``declared_by_organisation`` annotation of :meth:`ParticipantQuerySet.with_declaration` when
        present, otherwise one query)."""
        if "declared_by_organisation" in self.__dict__:
            return bool(self.__dict__["declared_by_organisation"])
        if self.user_id is None or self.care_organisation_id is None:
            return False
        from core.models import Role as SiteRole
        from core.models import RoleAssignment

        declared = RoleAssignment.objects.filter(
            role=SiteRole.CARE_PROFESSIONAL, user_id=self.user_id, page_id=self.care_organisation_id
        ).exists()
        self.__dict__["declared_by_organisation"] = declared
        return declared

    @property
    def is_professional(self):
        """A professional or coordinator seat backed by an organisation's declaration: reads what is "only for the
        professionals". A seat with that role but no (longer a) declaration reads like any other participant."""
        return self.role in PROFESSIONAL_ROLES and self.is_declared

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR and self.is_declared

    @property
    def is_erased(self):
        return self.erased_at is not None

    def invitation_valid(self, now=None):
        now = now or timezone.now()
        return (
            self.status == ParticipantStatus.INVITED
            and self.token_hash is not None
            and self.token_expires_at is not None
            and self.token_expires_at > now
        )


# --- Items ------------------------------------------------------------------------------------------------


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone in this space")
    CHOSEN = "chosen", _("Only the people I choose")
    PROFESSIONALS = "professionals", _("Only the professionals")


class SpaceItemQuerySet(models.QuerySet):
    """Every item model's queryset: the three reads of :mod:`trajectories.access`."""

    def visible_to(self, user, *, space=None):
        """Items whose content `user` may read. Pass `space` (:func:`trajectories.access.space_for`) inside one
        space: the condition then needs no subquery for the viewer's seat."""
        from trajectories.access import item_visibility

        return self.filter(item_visibility(self.model, user, space=space))

    def existence_visible_to(self, user, *, space=None):
        """Items `user` may know exist, annotated ``content_visible`` and ``editable``. The young person sees that
        every item of their space exists and who wrote it, even when its content is not for them (seed 004)."""
        from trajectories.access import item_editability, item_existence, item_visibility

        def flag(condition):
            return models.Case(
                models.When(condition, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )

        return self.filter(item_existence(self.model, user, space=space)).annotate(
            content_visible=flag(item_visibility(self.model, user, space=space)),
            editable=flag(item_editability(self.model, user, space=space)),
        )

    def editable_by(self, user, *, space=None):
        """Items `user` may change: visible to them, in an active space, and their own where the kind says so."""
        from trajectories.access import item_editability

        return self.filter(item_editability(self.model, user, space=space))


class SpaceItem(models.Model):
    """Everything written in a space: its audience, author and time stamps.

    Subclasses add their own fields, set ``EDITABLE_BY`` ("participants": everyone who may read it, a shared
    plan; "author": only the author, a personal account) and implement :meth:`item_title`. Register each
    concrete subclass in :mod:`trajectories.registry` (a system check refuses unregistered ones).
    """

    EDITABLE_BY: ClassVar[str] = "participants"

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Participant, on_delete=models.RESTRICT, related_name="+", verbose_name=_("written by"))
    audience = models.CharField(
        _("who may see this"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    chosen = models.ManyToManyField(
        Participant, blank=True, related_name="%(class)s_chosen_for", verbose_name=_("chosen people")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = SpaceItemQuerySet.as_manager()

    class Meta:
        abstract = True

    def item_title(self):
        """A short title for lists ("Wie ziet wat?", the access log): content, shown only to who may read it."""
        raise NotImplementedError

    def validate_in_space(self, *, space, previous=None):
        """Check the kind's own rules inside `space` before saving; raise ``ValidationError`` keyed by field.

        `previous` holds the field values before a change (None for a new item). The services call this on
        every create and update, so a forged request meets the same rules as the form.
        """


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    STOPPED = "stopped", _("Stopped")


class Goal(SpaceItem):
    """A goal of the care plan (hulpverleningsplan), with its progress."""

    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (percent)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        indexes = [models.Index(fields=["trajectory", "created_at"], name="goal_trajectory")]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_max_100")]

    def __str__(self):
        return self.title

    def item_title(self):
        return self.title

    def validate_in_space(self, *, space, previous=None):
        if not 0 <= (self.progress or 0) <= 100:
            raise ValidationError({"progress": _("Choose a number from 0 to 100.")})


class ActionStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("Busy with it")
    DONE = "done", _("Done")


class Action(SpaceItem):
    """A step towards a goal: who does it, by when."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal"))
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
        verbose_name=_("who does it"),
    )
    due_date = models.DateField(_("done by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.TODO)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["trajectory", "status", "due_date"], name="action_trajectory_open"),
            models.Index(fields=["goal"], name="action_goal"),
        ]

    def __str__(self):
        return self.title

    def item_title(self):
        return self.title

    def validate_in_space(self, *, space, previous=None):
        errors = {}
        goal = self.goal if self.goal_id is not None else None
        readable_goal = (
            goal is not None
            and goal.trajectory_id == space.pk
            and Goal.objects.visible_to(space.me.user, space=space).filter(pk=goal.pk).exists()
        )
        if not readable_goal:
            errors["goal"] = _("Choose a goal.")
        if self.owner_id is not None:
            owner = space.participant(self.owner_id)
            if owner is None or not owner.is_active:
                errors["owner"] = _("Choose someone who takes part in this space.")
        changed_date = previous is None or previous.get("due_date") != self.due_date
        if self.due_date is not None and changed_date and self.due_date < timezone.localdate():
            errors["due_date"] = _("This date is in the past. Choose today or a later date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status != ActionStatus.DONE

    @property
    def is_late(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class Agreement(SpaceItem):
    """An agreement of the plan ("afspraak" in the sense of an arrangement, never an appointment)."""

    title = models.CharField(_("agreement"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [models.Index(fields=["trajectory", "created_at"], name="agreement_trajectory")]

    def __str__(self):
        return self.title

    def item_title(self):
        return self.title


class EvaluationMoment(SpaceItem):
    """A moment to look back on the plan together, optionally about one goal."""

    date = models.DateField(_("date"))
    note = models.TextField(_("notes"), blank=True)
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
        verbose_name=_("about goal"),
    )

    class Meta:
        verbose_name = _("evaluation moment")
        verbose_name_plural = _("evaluation moments")
        indexes = [models.Index(fields=["trajectory", "date"], name="evaluation_trajectory")]

    def __str__(self):
        return self.item_title()

    def item_title(self):
        return str(_("Evaluation on %(date)s") % {"date": date_format(self.date, "j F Y")})

    def validate_in_space(self, *, space, previous=None):
        if self.goal_id is None:
            return
        goal = self.goal
        if (
            goal.trajectory_id != space.pk
            or not Goal.objects.visible_to(space.me.user, space=space).filter(pk=goal.pk).exists()
        ):
            raise ValidationError({"goal": _("Choose a goal from the list.")})


class Mood(models.TextChoices):
    GOOD = "good", _("Good")
    OKAY = "okay", _("Okay")
    BAD = "bad", _("Not good")


class LogEntry(SpaceItem):
    """An entry in the logbook (logboek): what happened, written by any participant, with an optional mood."""

    EDITABLE_BY: ClassVar[str] = "author"

    text = models.TextField(_("what happened"))
    mood = models.CharField(_("mood"), max_length=10, choices=Mood.choices, blank=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["trajectory", "-created_at", "-id"], name="logentry_trajectory_latest")]

    def __str__(self):
        return self.item_title()

    def item_title(self):
        return Truncator(self.text.replace("\n", " ")).chars(60)


# --- The access log (NEN 7513) -------------------------------------------------------------------------------


class AccessAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("added")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    DENIED = "denied", _("tried to open")
    LOGIN = "login", _("logged in")


class AccessOutcome(models.TextChoices):
    GRANTED = "granted", _("allowed")
    EXISTENCE_ONLY = "existence", _("saw only that it exists")
    REFUSED = "refused", _("refused")


class AppendOnlyError(Exception):
    """The access log is append-only: its rows are never changed or deleted by the application."""


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user, *, space=None):
        """Rows `user` may read (the young person and the coordinators of the space):
        :func:`trajectories.access.access_log_visibility`."""
        from trajectories.access import access_log_visibility

        return self.filter(access_log_visibility(user, space=space))

    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The access log is append-only.")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def pseudonymise_actor(self, *, replacement):
        """THE one permitted change to the access log: when a person deletes their account (GDPR erasure, SEC-17),
        the copies of their name in these rows are replaced by `replacement` ("deleted participant").

        Everything else of each row stays (when, what, which item, outcome, the participant row and how the
        session had logged in): the record of who read what is kept as NEN 7513 and the care record's legal
        retention require, but it no longer names the person. Called only by :mod:`trajectories.user_data`.
        """
        return models.QuerySet.update(self, actor_name=replacement[:120])


class AccessLogEntry(models.Model):
    """One read or write of a space's content (NEN 7513, SEC-14): who, on whose behalf, what, when, outcome.

    Append-only: saving an existing row, deleting rows and queryset updates raise :class:`AppendOnlyError`. The
    single exception is :meth:`AccessLogQuerySet.pseudonymise_actor`, the documented erasure path: names are copied
    at the time of access (so the record stays readable when a participant leaves), and when a person deletes their
    account that copy becomes "deleted participant" while the rest of the row is kept (legal retention). Titles of
    items are never stored here: the log is shown to the young person, who may not read every item.
    The space is protected (``PROTECT``): erasing a space on request must deal with its log explicitly.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=120)
    on_behalf_of = models.CharField(max_length=160, blank=True)
    item_type = models.CharField(max_length=40)
    item_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    outcome = models.CharField(max_length=10, choices=AccessOutcome.choices, default=AccessOutcome.GRANTED)
    # How the session that did it had logged in, read from allauth's authentication records at write time:
    # methods joined by "+" (e.g. "password+mfa", "password_reset", "code"), "+invitation" when an invitation link
    # was followed, "none" for a request without those records, "" for work outside a request (a command).
    authentication = models.CharField(max_length=100, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["trajectory", "-at", "-id"], name="accesslog_trajectory_at"),
            models.Index(fields=["trajectory", "participant", "-at"], name="accesslog_participant"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.item_type}:{self.item_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    @property
    def authentication_label(self):
        """How the session had logged in, in words (the access log page)."""
        return authentication_label(self.authentication)


AUTHENTICATION_WORDS = {
    "password": _("password"),
    "mfa": _("two-step verification"),
    "password_reset": _("password reset link"),
    "code": _("log-in code by e-mail"),
    "socialaccount": _("another account"),
    "invitation": _("invitation link"),
    "none": _("unknown"),
}


def authentication_label(value):
    """``"password+mfa"`` → "password, two-step verification" (unknown methods are shown as they are stored)."""
    if not value:
        return ""
    return ", ".join(str(AUTHENTICATION_WORDS.get(part, part)) for part in value.split("+") if part)


class AccountEventKind(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("Logged in after a password reset")
    NEW_EMAIL = "new_email", _("Logged in after a new e-mail address was confirmed")


class AccountSecurityEvent(models.Model):
    """Something that could hand an account to someone else happened: its password was reset through a link, or a
    new e-mail address was confirmed (allauth's signals, :mod:`trajectories.account_events`).

    The next log-in to the account writes a row in the access log of every space where the person takes part
    (``consumed_at`` is set then), so the young person sees it ("Logged in after a password reset").
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=AccountEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account security event")
        verbose_name_plural = _("account security events")
        indexes = [models.Index(fields=["user", "consumed_at"], name="accountevent_user_open")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


# The Agenda and Documenten (models_tools), Berichten (messaging) and Netwerk (network) tools keep their models in
# their own modules.
from trajectories.messaging.models import Message, MessageThread, ThreadReadState  # noqa: E402,F401
from trajectories.models_tools import (  # noqa: E402,F401
    Appointment,
    CalendarFeed,
    Document,
    DocumentKind,
    DocumentVersion,
)
from trajectories.network.models import Contact, SocialMap, SocialMapPerson  # noqa: E402,F401
