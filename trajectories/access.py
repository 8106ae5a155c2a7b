"""Who sees what in the collaboration spaces: the one definition (issue 5, seed 004).

Every ``visible_to`` of this app (spaces, participants, every item model, the access log) and
``existence_visible_to`` are built here and nowhere else. The rules:

* Only *active* participants see a space: invited people who have not accepted, removed people and people
  under a contact ban (contactverbod) see nothing of it — not its name, not its participants, not its items.
* Being a platform superadmin, organisation staff, or a professional of an organisation gives no access at
  all: only taking part does (seed 004: government and platform staff do not read care content). A space
  someone does not take part in answers the same 404 as a space that does not exist.
* An item's content is read by:
  - everyone in the space, when its audience is "everyone";
  - the professionals and coordinators in the space, when it is "professionals only";
  - the chosen participants, when it is "chosen people";
  - and always by its author (while they take part).
* The young person (role client) sees that every item of their space exists and who wrote it, even when its
  content is not for them: :func:`item_existence` (they get a placeholder without content).
* "The professionals" are the participants with a professional or coordinator seat whom an organisation declares
  as a care professional now (core role "care professional" on the organisation the seat names, given by the
  organisation's admin): :func:`declared_condition`. A seat with that role but without the declaration reads like
  any other participant: revoking the declaration ends the access at once. Nobody becomes a professional by saying
  so.
* Regie (who decides who is in the space and who sees what) follows the space's regie mode:
  the young people; the young people and their counsellor; or the coordinators. While nobody holds it under
  the chosen mode (the young person has not joined yet, no coordinator yet), whoever started the space does.
* The access log is read by the young person and the (declared) coordinators of the space, nobody else.

Who may *act* (invite, change an item, open a space without two-step verification …) is not decided here but in
the rooms' ``policies.py``; they ask this module what a seat may read.

Inside one space, views use ``trajectories.spaces.selectors.space_for`` (one query, memoised for the request) and
pass the resulting :class:`Space` to ``visible_to(user, space=space)``: the same rule with the viewer's seat as
literals.

This module sits *below* the models: their querysets' ``visible_to`` call it, and the models take their field
choices from the words of the rule defined here (:class:`Role`, :class:`Audience` …). So it imports no model
module of the app: the one model it reads (the viewer's seats, :func:`_participants`) is found through Django's
app registry when a condition is built, and every other model arrives as an argument.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Role as SiteRole
from core.models import RoleAssignment

NOTHING = Q(pk__in=[])


# --- The words of the rule (the models use them as field choices) ----------------------------------------------


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


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Taking part")
    REMOVED = "removed", _("No longer taking part")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone in this space")
    CHOSEN = "chosen", _("Only the people I choose")
    PROFESSIONALS = "professionals", _("Only the professionals")


# --- Seats ------------------------------------------------------------------------------------------------------


def _participants():
    """The participant model, from Django's app registry: the models import this module, so it cannot import
    them (the registry is complete before any condition is built)."""
    return apps.get_model("trajectories", "Participant")


def declared_condition(participant_ref="pk"):
    """An ``Exists`` that is true when the participant row `participant_ref` (an ``OuterRef`` path to a
    participant, default the row itself) holds a seat backed by an organisation: its account holds the core role
    "care professional" on the organisation page the seat names. Revoking the role ends it at once."""
    prefix = "" if participant_ref == "pk" else f"{participant_ref}__"
    return Exists(
        RoleAssignment.objects.filter(
            role=SiteRole.CARE_PROFESSIONAL,
            user_id=OuterRef(f"{prefix}user_id"),
            page_id=OuterRef(f"{prefix}care_organisation_id"),
        )
    )


def reading_condition():
    """The condition on participant rows that take part now: accepted, not under a contact ban, and — once the space
    is closed (issue 13 §4) — kept reading: ``access_until`` empty (the young person, the family she keeps) or still
    ahead (a professional she keeps, for the organisation's period)."""
    return Q(status=ParticipantStatus.ACTIVE, contact_ban=False) & (
        Q(access_until__isnull=True) | Q(access_until__gt=timezone.now())
    )


def _seats(user):
    """The viewer's active participations (:func:`reading_condition`), as a queryset for subqueries."""
    return _participants().objects.filter(reading_condition(), user_id=user.pk)


def _professional_seats(seats):
    """Of `seats`, those that read what is only for the professionals: professional or coordinator role, backed
    by an organisation's declaration."""
    return seats.filter(role__in=PROFESSIONAL_ROLES).filter(declared_condition())


# --- Spaces and participants ---------------------------------------------------------------------------------


def trajectory_visibility(user):
    """The condition on spaces `user` may open: those they actively take part in."""
    if not user.is_authenticated:
        return NOTHING
    return Q(pk__in=_seats(user).values("trajectory_id"))


def participant_visibility(user):
    """The condition on participants `user` may see: every participant of the spaces they take part in.

    Which details are shown (e-mail addresses, contact bans, open invitations) is narrowed further by
    ``trajectories.spaces.selectors.listed_participants``: those are for whoever holds regie.
    """
    if not user.is_authenticated:
        return NOTHING
    return Q(trajectory_id__in=_seats(user).values("trajectory_id"))


def _mode_holder_ids(trajectory, active):
    """The active participants the regie mode names (empty when nobody in that role takes part yet)."""
    clients = {p.pk for p in active if p.role == Role.CLIENT}
    if trajectory.regie == Regie.CLIENT:
        return clients
    if trajectory.regie == Regie.CLIENT_WITH_COUNSELLOR:
        return clients | {p.pk for p in active if p.pk == trajectory.counsellor_id and p.is_professional}
    return {p.pk for p in active if p.is_coordinator}


def regie_holder_ids(trajectory, participants):
    """The ids of the participants who hold regie in `trajectory` (`participants`: all its participant rows)."""
    active = [p for p in participants if p.is_active]
    holders = _mode_holder_ids(trajectory, active)
    if not holders:
        # Nobody can decide yet under the chosen mode: the person who started the space does, until then.
        holders = {p.pk for p in active if p.user_id is not None and p.user_id == trajectory.started_by_id}
    return frozenset(holders)


@dataclass
class Space:
    """One person's seat in one space, read once per request: what every view of the space starts from
    (``trajectories.spaces.selectors.space_for``). Facts only; who may do what is in the rooms' policies."""

    trajectory: object
    me: object  # the viewer's Participant row
    participants: list = field(default_factory=list)  # every participant row of the space, any status

    def __post_init__(self):
        self.regie_holders = regie_holder_ids(self.trajectory, self.participants)
        self.by_id = {p.pk: p for p in self.participants}

    @property
    def pk(self):
        return self.trajectory.pk

    @property
    def holds_regie(self):
        """Decides who is in the space and who sees what (the regie mode, :func:`regie_holder_ids`)."""
        return self.me.pk in self.regie_holders

    @property
    def is_professional(self):
        """Reads what is only for the professionals (a declared professional or coordinator)."""
        return self.me.is_professional

    @property
    def is_client(self):
        return self.me.role == Role.CLIENT

    @property
    def can_read_access_log(self):
        """The young person and the (declared) coordinators read the access log (issue 5)."""
        return self.me.role == Role.CLIENT or self.me.is_coordinator

    @property
    def writable(self):
        """A closed space is read-only for everyone."""
        return self.trajectory.status == TrajectoryStatus.ACTIVE

    @property
    def active_participants(self):
        return [p for p in self.participants if p.is_active]

    @property
    def regie_participants(self):
        return [p for p in self.participants if p.pk in self.regie_holders]

    @property
    def regie_interim(self):
        """Nobody the regie mode names takes part yet, so the person who started the space decides for now: the
        page must say so instead of "the young person decides: <someone else>" (issue 15 §8)."""
        active = [p for p in self.participants if p.is_active]
        return bool(self.regie_holders) and not _mode_holder_ids(self.trajectory, active)

    def participant(self, pk):
        return self.by_id.get(pk)


# --- Items ---------------------------------------------------------------------------------------------------


def chosen_item_ids(model, participant_ids):
    """Ids of items of `model` that chose one of `participant_ids` (a list or a subquery)."""
    chosen = model._meta.get_field("chosen")
    through = chosen.remote_field.through
    return through.objects.filter(**{f"{chosen.m2m_reverse_field_name()}_id__in": participant_ids}).values(
        f"{chosen.m2m_field_name()}_id"
    )


def content_condition(model, *, trajectory_ids, participant_ids, professional_trajectory_ids):
    """THE rule for reading an item's content, for a viewer given by their seats: the spaces they take part in,
    their participant ids, and the spaces where they are a professional or coordinator (lists or subqueries)."""
    return (
        Q(trajectory_id__in=trajectory_ids)
        & not_restricted(model)
        & (
            Q(audience=Audience.EVERYONE)
            | Q(author_id__in=participant_ids)
            | Q(audience=Audience.PROFESSIONALS, trajectory_id__in=professional_trajectory_ids)
            | Q(audience=Audience.CHOSEN, pk__in=chosen_item_ids(model, participant_ids))
        )
    )


def not_restricted(model):
    """Leaves out the items of `model` that are restricted (issue 13 §8): the young person asked to delete them, a
    care organisation must keep them by law, so nobody reads — or sees — them any more."""
    # Matched on the content type's names inside the subquery: no extra query, whatever the content-type cache holds.
    restricted = apps.get_model("trajectories", "RestrictedItem").objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )
    return ~Q(pk__in=restricted.values("object_id"))


def seat_condition(model, participant):
    """The content rule for one participant (used to show, per participant, what they see: "Wie ziet wat?")."""
    if not participant.is_active:
        return NOTHING
    return content_condition(
        model,
        trajectory_ids=[participant.trajectory_id],
        participant_ids=[participant.pk],
        professional_trajectory_ids=[participant.trajectory_id] if participant.is_professional else [],
    )


def item_visibility(model, user, *, space=None):
    """The condition on items of `model` whose content `user` may read."""
    if not user.is_authenticated:
        return NOTHING
    if space is not None:
        if space.me.user_id != user.pk:
            raise ValueError("space belongs to another user")
        return seat_condition(model, space.me)
    seats = _seats(user)
    return content_condition(
        model,
        trajectory_ids=seats.values("trajectory_id"),
        participant_ids=seats.values("pk"),
        professional_trajectory_ids=_professional_seats(seats).values("trajectory_id"),
    )


def item_existence(model, user, *, space=None):
    """The condition on items of `model` that `user` may know exist: those they may read, and for the young
    person every item of their space (seed 004: nothing about them without their knowledge)."""
    condition = item_visibility(model, user, space=space)
    if not user.is_authenticated:
        return condition
    if space is not None:
        return condition | (Q(trajectory_id=space.pk) & not_restricted(model)) if space.is_client else condition
    clients = _seats(user).filter(role=Role.CLIENT).values("trajectory_id")
    return condition | (Q(trajectory_id__in=clients) & not_restricted(model))


def item_editability(model, user, *, space=None):
    """The condition on items `user` may change: readable, in an active space, and for kinds whose
    ``EDITABLE_BY`` is "author" (the logbook) only their own."""
    condition = item_visibility(model, user, space=space)
    if not user.is_authenticated:
        return condition
    if space is not None:
        if not space.writable:
            return NOTHING
        own = Q(author_id=space.me.pk)
    else:
        condition &= Q(trajectory__status=TrajectoryStatus.ACTIVE)
        own = Q(author_id__in=_seats(user).values("pk"))
    return condition & own if model.EDITABLE_BY == "author" else condition


# --- Planning together (issue 13 §3) ------------------------------------------------------------------------


def proposal_visibility(model, user, *, space=None):
    """The condition on appointment proposals (`model`) `user` may read: in a space they take part in now
    (:func:`reading_condition`), the proposals their seat made or is invited to. Nobody else in the space — the
    young person neither — reads or learns of a proposal they are not part of: it is a question among the people
    asked, and what comes of it (the appointment) is an item under the one rule above."""
    if not user.is_authenticated:
        return NOTHING
    invited = model._meta.get_field("invited")
    through = invited.remote_field.through
    if space is not None:
        if space.me.user_id != user.pk:
            raise ValueError("space belongs to another user")
        if not space.me.is_active:
            return NOTHING
        seat_ids = [space.me.pk]
        condition = Q(trajectory_id=space.pk)
    else:
        seats = _seats(user)
        seat_ids = seats.values("pk")
        condition = Q(trajectory_id__in=seats.values("trajectory_id"))
    asked = through.objects.filter(**{f"{invited.m2m_reverse_field_name()}_id__in": seat_ids}).values(
        f"{invited.m2m_field_name()}_id"
    )
    return condition & (Q(proposer_id__in=seat_ids) | Q(pk__in=asked))


# --- The access log ------------------------------------------------------------------------------------------


def access_log_visibility(user, *, space=None):
    """The condition on access-log rows `user` may read: those of the spaces where they are the young person or
    a (declared) coordinator (issue 5). Nobody else — not the platform's staff — reads who looked at what."""
    if not user.is_authenticated:
        return NOTHING
    if space is not None:
        return Q(trajectory_id=space.pk) if space.can_read_access_log else NOTHING
    seats = _seats(user)
    readers = seats.filter(Q(role=Role.CLIENT) | Q(pk__in=_professional_seats(seats).filter(role=Role.COORDINATOR)))
    return Q(trajectory_id__in=readers.values("trajectory_id"))


# --- Versions of items (issue 13 §2) -----------------------------------------------------------------------------


def version_condition(space):
    """The condition on item versions (``trajectories.history``) the viewer of `space` may read, on top of reading
    the item itself now: versions written while the item was for everyone, for the professionals (when the viewer is
    one), or for people the version names (its author and, for "chosen people", the chosen seats at the time); and
    the versions the viewer wrote. So widening an item's audience later never shows what it said while it was
    narrower to those who were not in that audience then."""
    me = space.me
    condition = Q(audience=Audience.EVERYONE) | Q(readers__contains=f",{me.pk},") | Q(by_id=me.pk)
    if space.is_professional:
        condition |= Q(audience=Audience.PROFESSIONALS)
    return condition


def versioned_item_condition(user, *, space):
    """The condition on item versions whose item `user` may read now: for every model with
    ``VERSIONED_FIELDS``, its content rule (:func:`item_visibility`) as a subquery. An item someone may only know
    exists (the young person and a "professionals only" goal) has no history for them."""
    condition = NOTHING
    for model in apps.get_models():
        if not getattr(model, "VERSIONED_FIELDS", ()):
            continue
        meta = model._meta
        readable = model._default_manager.filter(item_visibility(model, user, space=space), trajectory_id=space.pk)
        condition |= Q(
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
            object_id__in=readable.values("pk"),
        )
    return condition
