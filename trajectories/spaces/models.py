"""The spaces themselves (werkruimtes, seed 004): one private space per young person or family.

A :class:`Trajectory` is the space; a :class:`Participant` is one person in it, with a role (jongere, netwerk,
professional, coördinator), a relation label and the special flags of the report (parental authority, contact
ban). Everything written in a space is an item (``trajectories.items.models.SpaceItem``).

Who sees what is defined once, in :mod:`trajectories.access`; every ``visible_to`` below is built there, and the
field choices (roles, statuses, regie modes) are the words of that rule.
"""

import hashlib
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Role as SiteRole
from core.models import RoleAssignment
from trajectories import access
from trajectories.access import PROFESSIONAL_ROLES, ParticipantStatus, Regie, Role, TrajectoryStatus


class TrajectoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The spaces `user` takes part in (active, not under a contact ban). The only definition:
        :func:`trajectories.access.trajectory_visibility`."""
        return self.filter(access.trajectory_visibility(user))


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
    # Why the space was closed (issue 13 §4), shown to everyone who still reads it; emptied when it is reopened.
    closure_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration space")
        verbose_name_plural = _("collaboration spaces")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trajectories:overview", args=[self.pk])

    @property
    def is_active(self):
        return self.status == TrajectoryStatus.ACTIVE


INVITATION_DAYS = 7  # an invitation link works this many days, once
MAJORITY_AGE = 18  # at this age the young person chooses what happens with her space (issue 13 §6)


def birthday(birth_date, years):
    """The day `birth_date` turns `years` old (negative: that many years before); someone born on 29 February has
    that birthday on 1 March."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return date(birth_date.year + years, 3, 1)


def hash_token(token):
    """Invitation tokens are stored as their SHA-256: a leaked database holds no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Participants of the spaces `user` takes part in. The only definition:
        :func:`trajectories.access.participant_visibility`."""
        return self.filter(access.participant_visibility(user))

    def active(self):
        """Who is in: accepted, not under a contact ban and not out because the space was closed
        (:func:`trajectories.access.reading_condition`)."""
        return self.filter(access.reading_condition())

    def with_declaration(self):
        """Annotate ``declared_by_organisation``: whether the organisation the seat names (``care_organisation``)
        declares the participant's account as a care professional now (``access.declared_condition``)."""
        return self.annotate(declared_by_organisation=access.declared_condition())


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
    # A professional's work phone and e-mail, shown in who-is-who only when they chose to share them (issue 15 §9).
    work_phone = models.CharField(_("work phone"), max_length=40, blank=True)
    work_email = models.EmailField(_("work e-mail address"), blank=True)
    shares_work_contact = models.BooleanField(_("shares work contact details"), default=False)
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
    # they wrote (the space's record), shown as "deleted participant" (trajectories.privacy).
    erased_at = models.DateTimeField(null=True, blank=True)
    # Issue 13 §4: set when the space is closed. Until then (or for ever, when empty) the seat still reads the space:
    # the young person and the family members she keeps have none; a kept professional reads until the end of the
    # organisation's period; everyone else gets the moment of closing. Emptied again when the space is reopened.
    access_until = models.DateTimeField(null=True, blank=True)
    # Issue 13 §6 (majority): the young person's birth date, set by her or whoever holds regie (never in the future).
    # ``process_majority`` reminds her before her 18th birthday and asks her on it to choose what happens with the
    # space; both moments are kept so each happens once, and so is her choice.
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    majority_reminded_at = models.DateTimeField(null=True, blank=True)
    majority_asked_at = models.DateTimeField(null=True, blank=True)
    majority_choice = models.CharField(max_length=20, blank=True)
    majority_chosen_at = models.DateTimeField(null=True, blank=True)
    # On a parent's seat: "kept" when the young person, at 18, keeps this parent in the space; "ended" when the
    # parent's access ended at her majority (trajectories.majority). Empty otherwise.
    majority_parent = models.CharField(max_length=10, blank=True)

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
            if self.is_declared and self.care_organisation_id is not None:
                # The space's seats carry the name (trajectories.spaces.selectors); other reads fetch the page.
                title = getattr(self, "care_organisation_title", None)
                return title if title is not None else self.care_organisation.title
            return ""
        if self.member_organisation_id is not None and self.member_organisation is not None:
            return self.member_organisation.name
        return self.organisation_name

    @property
    def is_active(self):
        """Takes part now: accepted, no contact ban, and still reading when the space was closed."""
        return (
            self.status == ParticipantStatus.ACTIVE
            and not self.contact_ban
            and (self.access_until is None or self.access_until > timezone.now())
        )

    @property
    def closed_out(self):
        """Accepted and without a contact ban, but out because the space was closed (issue 13 §4)."""
        return self.status == ParticipantStatus.ACTIVE and not self.contact_ban and not self.is_active

    @property
    def is_declared(self):
        """Whether an organisation declares this person as a care professional on the organisation their seat
        names (the ``declared_by_organisation`` annotation of :meth:`ParticipantQuerySet.with_declaration` when
        present, otherwise one query)."""
        if "declared_by_organisation" in self.__dict__:
            return bool(self.__dict__["declared_by_organisation"])
        if self.user_id is None or self.care_organisation_id is None:
            return False
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
    def majority_on(self):
        """The young person's 18th birthday (issue 13 §6), or None without a birth date."""
        return birthday(self.birth_date, MAJORITY_AGE) if self.birth_date is not None else None

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


class SpaceLook(models.Model):
    """How one person's spaces look to them (issue 15 §10): colour theme, text size, pictograms beside the tools.
    Kept per person, for all their spaces; the choices are in :mod:`trajectories.spaces.look`."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_look")
    colour = models.CharField(_("colours"), max_length=20, default="standaard")
    text_size = models.CharField(_("text size"), max_length=10, default="normaal")
    pictograms = models.BooleanField(_("pictograms"), default=False)

    class Meta:
        verbose_name = _("look of my spaces")

    def __str__(self):
        return f"{self.user_id}: {self.colour}, {self.text_size}"
