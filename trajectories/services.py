"""Every write of the collaboration spaces: one function per action, keyword-only, one transaction each.

Callers pass objects they found through ``visible_to``; each service reads the actor's seat again
(:func:`trajectories.access.space_for`) and checks what they may do, so a forged request meets the same rules
as the form. Errors a person can fix raise ``ValidationError`` (field → message); actions the actor may not take
raise :class:`NotAllowed` with a message to show. Every change writes its access-log row (NEN 7513) in the same
transaction; e-mail leaves after commit through :mod:`trajectories.notify`.
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trajectories import audit, notify
from trajectories.access import Space, care_organisations, forget_space, space_for
from trajectories.models import (
    INVITATION_DAYS,
    PROFESSIONAL_ROLES,
    AccessAction,
    ActionStatus,
    Audience,
    Goal,
    Participant,
    ParticipantStatus,
    Regie,
    Role,
    Trajectory,
    TrajectoryStatus,
    hash_token,
)
from trajectories.registry import kind_for_model


class NotAllowed(PermissionDenied):
    """The actor may not do this; ``str(error)`` is a message for them."""


def _only_regie():
    return NotAllowed(_("Only the person who decides in this space (who holds regie) can do this."))


def _not_declared_message():
    return _(
        "Only a care professional whom an organisation has declared on this site can take part as a professional "
        "or coordinator. Ask the administrator of your organisation to declare you."
    )


def _care_organisation_for(user, *, chosen=None, hint=None):
    """The organisation that backs `user`'s professional seat: `chosen` (it must declare them), else `hint` (the
    organisation that runs the space) when it declares them, else their only declaring organisation.

    Raises ``ValidationError`` keyed ``care_organisation`` when no organisation declares them, when `chosen` does
    not, or when several do and none was chosen.
    """
    declared = list(care_organisations(user))
    if not declared:
        raise ValidationError({"care_organisation": _not_declared_message()})
    by_pk = {page.pk: page for page in declared}
    if chosen is not None:
        page = by_pk.get(getattr(chosen, "pk", chosen))
        if page is None:
            raise ValidationError(
                {"care_organisation": _("This organisation has not declared you as a care professional.")}
            )
        return page
    hint_pk = getattr(hint, "pk", hint)
    if hint_pk in by_pk:
        return by_pk[hint_pk]
    if len(declared) == 1:
        return declared[0]
    raise ValidationError({"care_organisation": _("Choose the organisation you work for in this space.")})


def _space(user, trajectory_id):
    """The actor's seat, read fresh (the request memo is dropped first: a service must see the current state)."""
    forget_space()
    space = space_for(user, trajectory_id)
    if space is None:
        raise NotAllowed(_("You do not take part in this space."))
    return space


def _writable(space):
    if not space.writable:
        raise NotAllowed(_("This space is closed. You can still read it, but nothing can be changed."))
    return space


def _regie(space):
    if not space.holds_regie:
        raise _only_regie()
    return space


def _new_token():
    token = secrets.token_urlsafe(32)
    return token, hash_token(token), timezone.now() + timedelta(days=INVITATION_DAYS)


def _normalise_email(email):
    return (email or "").strip().lower()


# --- Spaces -----------------------------------------------------------------------------------------------


def allowed_organisations(user):
    """The organisations `user` may start a space for: those they hold a role in (or below), and those whose
    organisation fiches name them as representative."""
    from django.db.models import Q

    from core.permissions import user_roles
    from themes.models import OrganisationPage

    if not user.is_authenticated:
        return OrganisationPage.objects.none()
    role_paths = [path for _role, path in user_roles(user)]
    condition = Q(organisation_fiches__representatives=user)
    for path in role_paths:
        condition |= Q(path__in=[path[:end] for end in range(4, len(path) + 1, 4)])
    return OrganisationPage.objects.live().filter(condition).distinct().order_by("title")


@transaction.atomic
def trajectory_start(*, user, title, role, regie=Regie.CLIENT, name="", relation="", organisation=None):
    """`user` starts a space and takes part in it at once with `role`.

    A young person or parent may start one without an organisation (seed 004: usable without a professional);
    an organisation must be one `user` works for. Only a declared care professional starts it as a professional
    or coordinator; their seat names the organisation that declared them (the chosen organisation when it did).
    With regie "young person with counsellor", a professional who starts the space is the counsellor.
    """
    if not user.is_authenticated:
        raise NotAllowed(_("Log in to start a space."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose who you are in this space.")})
    if regie not in Regie.values:
        raise ValidationError({"regie": _("Choose who decides.")})
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the space a name.")})
    if organisation is not None and not allowed_organisations(user).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Choose one of the organisations in the list.")})
    care_organisation = None
    if role in PROFESSIONAL_ROLES:
        try:
            care_organisation = _care_organisation_for(user, hint=organisation)
        except ValidationError as error:
            # The start form has no organisation field of its own for this: the message goes with the role.
            raise ValidationError({"role": error.message_dict["care_organisation"]}) from error
    now = timezone.now()
    trajectory = Trajectory.objects.create(
        title=title.strip(), organisation=organisation, started_by=user, regie=regie, created_at=now
    )
    me = Participant.objects.create(
        trajectory=trajectory,
        user=user,
        email=_normalise_email(user.email),
        name=name.strip(),
        role=role,
        relation=relation.strip(),
        care_organisation=care_organisation,  # a professional's organisation: the one that declared them
        status=ParticipantStatus.ACTIVE,
        invited_by=user,
        invited_at=now,
        accepted_at=now,
    )
    if regie == Regie.CLIENT_WITH_COUNSELLOR and me.is_professional:
        trajectory.counsellor = me
        trajectory.save(update_fields=["counsellor"])
    me.trajectory = trajectory
    audit.record(
        space=Space(trajectory=trajectory, me=me, participants=[me]),
        item_type=audit.SPACE,
        item_id=trajectory.pk,
        action=AccessAction.CREATE,
    )
    forget_space()
    return trajectory


@transaction.atomic
def regie_change(*, trajectory, by, regie, counsellor=None):
    """Whoever holds regie hands it to another mode: the young person; the young person with `counsellor` (an
    active professional of the space); or the coordinators (there must be one)."""
    space = _regie(_writable(_space(by, trajectory.pk)))
    if regie not in Regie.values:
        raise ValidationError({"regie": _("Choose who decides.")})
    counsellor_id = None
    if regie == Regie.CLIENT_WITH_COUNSELLOR:
        chosen = space.participant(getattr(counsellor, "pk", counsellor))
        if chosen is None or not chosen.is_active or not chosen.is_professional:
            raise ValidationError(
                {"counsellor": _("Choose the counsellor who decides together with the young person.")}
            )
        counsellor_id = chosen.pk
    if regie == Regie.COORDINATOR and not any(p.is_coordinator for p in space.active_participants):
        raise ValidationError({"regie": _("There is no coordinator in this space yet. Invite one first.")})
    Trajectory.objects.filter(pk=trajectory.pk).update(regie=regie, counsellor_id=counsellor_id)
    trajectory.regie, trajectory.counsellor_id = regie, counsellor_id
    audit.record(space=space, item_type=audit.SPACE, item_id=trajectory.pk, action=AccessAction.UPDATE)
    forget_space()
    return trajectory


@transaction.atomic
def trajectory_close(*, trajectory, by):
    """Close the space: everything stays readable for its participants, nothing can be changed."""
    space = _regie(_space(by, trajectory.pk))
    now = timezone.now()
    Trajectory.objects.filter(pk=trajectory.pk).update(status=TrajectoryStatus.CLOSED, closed_at=now)
    trajectory.status, trajectory.closed_at = TrajectoryStatus.CLOSED, now
    audit.record(space=space, item_type=audit.SPACE, item_id=trajectory.pk, action=AccessAction.UPDATE)
    forget_space()
    return trajectory


@transaction.atomic
def trajectory_reopen(*, trajectory, by):
    """Open a closed space again for changes."""
    space = _regie(_space(by, trajectory.pk))
    Trajectory.objects.filter(pk=trajectory.pk).update(status=TrajectoryStatus.ACTIVE, closed_at=None)
    trajectory.status, trajectory.closed_at = TrajectoryStatus.ACTIVE, None
    audit.record(space=space, item_type=audit.SPACE, item_id=trajectory.pk, action=AccessAction.UPDATE)
    forget_space()
    return trajectory


# --- Participants and invitations ------------------------------------------------------------------------------


@transaction.atomic
def participant_invite(
    *,
    trajectory,
    by,
    email,
    role,
    name="",
    relation="",
    organisation_name="",
    member_organisation=None,
    has_parental_authority=False,
):
    """Whoever holds regie invites `email` with a role; the e-mail (link only, SEC-22) leaves after commit.

    An address that is already invited or taking part is refused. Someone who was removed may be invited again
    (a contact ban stays until it is lifted). The link works once, for seven days; only its hash is stored.
    Anyone may be invited as a professional or coordinator, but only a declared care professional can accept
    that seat (:func:`invitation_accept`); a typed organisation name is not kept for them.
    """
    space = _regie(_writable(_space(by, trajectory.pk)))
    email = _normalise_email(email)
    if not email:
        raise ValidationError({"email": _("Write an e-mail address.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if member_organisation is not None and member_organisation.organisation_id != trajectory.organisation_id:
        raise ValidationError({"member_organisation": _("Choose one of the organisations in the list.")})
    existing = Participant.objects.select_for_update().filter(trajectory_id=trajectory.pk, email=email).first()
    if existing is not None and existing.status == ParticipantStatus.ACTIVE:
        raise ValidationError({"email": _("This person already takes part in this space.")})
    if existing is not None and existing.status == ParticipantStatus.INVITED:
        raise ValidationError({"email": _("This e-mail address has already been invited to this space.")})
    token, token_hash, expires = _new_token()
    values = {
        "name": name.strip(),
        "role": role,
        "relation": relation.strip(),
        "organisation_name": "" if role in PROFESSIONAL_ROLES else organisation_name.strip(),
        "care_organisation": None,
        "member_organisation": member_organisation,
        "has_parental_authority": bool(has_parental_authority),
        "status": ParticipantStatus.INVITED,
        "token_hash": token_hash,
        "token_expires_at": expires,
        "invited_by": by,
        "invited_at": timezone.now(),
        "accepted_at": None,
        "removed_at": None,
        "user": None,
    }
    if existing is not None:
        for name_, value in values.items():
            setattr(existing, name_, value)
        existing.save()
        participant = existing
    else:
        try:
            with transaction.atomic():
                participant = Participant.objects.create(trajectory=trajectory, email=email, **values)
        except IntegrityError as error:  # invited by someone else at the same moment
            raise ValidationError(
                {"email": _("This e-mail address has already been invited to this space.")}
            ) from error
    audit.record(space=space, item_type=audit.PARTICIPANT, item_id=participant.pk, action=AccessAction.CREATE)
    notify.send_invitation(email=email, token=token)
    forget_space()
    return participant


@transaction.atomic
def invitation_resend(*, participant, by):
    """Send an open invitation again with a new link (the old link stops working)."""
    space = _regie(_writable(_space(by, participant.trajectory_id)))
    participant = Participant.objects.select_for_update().get(pk=participant.pk, trajectory_id=space.pk)
    if participant.status != ParticipantStatus.INVITED:
        raise NotAllowed(_("This person is not waiting for an invitation."))
    token, participant.token_hash, participant.token_expires_at = _new_token()
    participant.invited_at = timezone.now()
    participant.invited_by = by
    participant.save(update_fields=["token_hash", "token_expires_at", "invited_at", "invited_by"])
    audit.record(space=space, item_type=audit.PARTICIPANT, item_id=participant.pk, action=AccessAction.UPDATE)
    notify.send_invitation(email=participant.email, token=token)
    return participant


def email_belongs_to(user, email):
    """Whether `email` is the account's address or one of its confirmed addresses."""
    email = _normalise_email(email)
    if _normalise_email(user.email) == email:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _open_invitation(participant, user):
    participant = Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if participant is None or not participant.invitation_valid():
        raise NotAllowed(_("This invitation no longer works. It was used, withdrawn or it expired."))
    if not email_belongs_to(user, participant.email):
        raise NotAllowed(_("This invitation was sent to another e-mail address. Log in with that address."))
    return participant


@transaction.atomic
def invitation_accept(*, participant, user, care_organisation=None, via_link=False):
    """`user` accepts: their account is linked to the participant, who is active from now on. The link is used up.

    A professional or coordinator seat is taken only by a care professional whom an organisation declared
    (``NotAllowed`` otherwise, also when `care_organisation` is one that did not declare them). Their seat names
    that organisation: `care_organisation`, else the one that runs the space when it declared them, else their
    only one; with several and no choice, ``ValidationError`` (the invitation page asks). `via_link`: the person
    followed the link in the invitation e-mail (the access log says so).
    """
    participant = _open_invitation(participant, user)
    if (
        Participant.objects.filter(trajectory_id=participant.trajectory_id, user=user)
        .exclude(pk=participant.pk)
        .exists()
    ):
        raise NotAllowed(_("You already take part in this space with your account."))
    participant.care_organisation = None
    if participant.role in PROFESSIONAL_ROLES:
        declared = {page.pk for page in care_organisations(user)}
        if not declared:
            raise NotAllowed(_not_declared_message())
        if care_organisation is not None and getattr(care_organisation, "pk", care_organisation) not in declared:
            raise NotAllowed(_("This organisation has not declared you as a care professional."))
        participant.care_organisation = _care_organisation_for(
            user, chosen=care_organisation, hint=participant.trajectory.organisation_id
        )
    participant.user = user
    participant.status = ParticipantStatus.ACTIVE
    participant.accepted_at = timezone.now()
    participant.token_hash = None
    participant.token_expires_at = None
    participant.save(
        update_fields=["user", "status", "accepted_at", "token_hash", "token_expires_at", "care_organisation"]
    )
    forget_space()
    space = space_for(user, participant.trajectory_id)
    if space is not None:  # None only when a contact ban is on record: then they see nothing, not even this
        audit.record(
            space=space,
            item_type=audit.PARTICIPANT,
            item_id=participant.pk,
            action=AccessAction.UPDATE,
            extra=("invitation",) if via_link else (),
        )
    return participant


@transaction.atomic
def invitation_decline(*, participant, user):
    """`user` says no: the invitation is closed and the link stops working."""
    participant = _open_invitation(participant, user)
    participant.status = ParticipantStatus.REMOVED
    participant.removed_at = timezone.now()
    participant.token_hash = None
    participant.token_expires_at = None
    participant.save(update_fields=["status", "removed_at", "token_hash", "token_expires_at"])
    audit.record_as(
        trajectory_id=participant.trajectory_id,
        user=user,
        participant=participant,
        item_type=audit.PARTICIPANT,
        item_id=participant.pk,
        action=AccessAction.UPDATE,
    )
    forget_space()
    return participant


def _protect_client(space, participant, message):
    if participant.role == Role.CLIENT:
        raise NotAllowed(message)
    if participant.pk == space.me.pk:
        raise NotAllowed(_("You cannot do this to yourself."))


@transaction.atomic
def participant_update(
    *, participant, by, name, role, relation, organisation_name, has_parental_authority, contact_ban
):
    """Whoever holds regie changes a participant's details, role or contact ban.

    A contact ban (contactverbod) shuts the person out of everything in the space at once; the young person
    can never be put under one. Roles (issue 9): nobody turns a family member, a network member or the young
    person into a professional or coordinator (a professional is invited as one and accepts with an account an
    organisation declared); the young person's role is not changed and nobody is made the young person. Between
    professional and coordinator the seat may change while an organisation still declares the person (an open
    invitation is checked when it is accepted). A professional made a network member loses the organisation.
    """
    space = _regie(_writable(_space(by, participant.trajectory_id)))
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .with_declaration()
        .get(pk=participant.pk, trajectory_id=space.pk)
    )
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if contact_ban and not participant.contact_ban:
        _protect_client(space, participant, _("The young person cannot get a contact ban."))
    if role != participant.role:
        if participant.pk == space.me.pk:
            raise NotAllowed(_("You cannot change your own role."))
        if Role.CLIENT in (role, participant.role):
            raise NotAllowed(_("The young person's role cannot be changed, and nobody can be made the young person."))
        if role in PROFESSIONAL_ROLES and participant.role not in PROFESSIONAL_ROLES:
            raise NotAllowed(
                _(
                    "Nobody can be made a professional or coordinator here. Invite the professional with their own "
                    "e-mail address: only someone an organisation declared as a care professional can accept."
                )
            )
        if role not in PROFESSIONAL_ROLES:
            participant.care_organisation = None
    if role in PROFESSIONAL_ROLES and participant.user_id is not None and not participant.is_declared:
        # The seat names no organisation that declares them (any more): link it to one that does now, if any.
        try:
            participant.care_organisation = _care_organisation_for(
                participant.user, hint=space.trajectory.organisation_id
            )
        except ValidationError as error:
            if role != participant.role:
                raise NotAllowed(_("No organisation declares this person as a care professional.")) from error
    participant.name = name.strip()
    participant.role = role
    participant.relation = relation.strip()
    if role not in PROFESSIONAL_ROLES:  # a professional's organisation is the one that declared them
        participant.organisation_name = organisation_name.strip()
    participant.has_parental_authority = bool(has_parental_authority)
    participant.contact_ban = bool(contact_ban)
    participant.save(
        update_fields=[
            "name",
            "role",
            "relation",
            "organisation_name",
            "care_organisation",
            "has_parental_authority",
            "contact_ban",
        ]
    )
    audit.record(space=space, item_type=audit.PARTICIPANT, item_id=participant.pk, action=AccessAction.UPDATE)
    forget_space()
    return participant


@transaction.atomic
def participant_remove(*, participant, by):
    """Whoever holds regie takes someone out of the space (or withdraws their invitation); from their next
    request on they see nothing (SEC-05). The young person always stays."""
    space = _regie(_writable(_space(by, participant.trajectory_id)))
    participant = Participant.objects.select_for_update().get(pk=participant.pk, trajectory_id=space.pk)
    _protect_client(space, participant, _("The young person always stays in the space."))
    if participant.status == ParticipantStatus.REMOVED:
        return participant
    participant.status = ParticipantStatus.REMOVED
    participant.removed_at = timezone.now()
    participant.token_hash = None
    participant.token_expires_at = None
    participant.save(update_fields=["status", "removed_at", "token_hash", "token_expires_at"])
    if space.trajectory.counsellor_id == participant.pk:
        Trajectory.objects.filter(pk=space.pk).update(counsellor=None)
    audit.record(space=space, item_type=audit.PARTICIPANT, item_id=participant.pk, action=AccessAction.DELETE)
    forget_space()
    return participant


# --- Items ----------------------------------------------------------------------------------------------------


def _kind(model):
    kind = kind_for_model(model)
    if kind is None:
        raise LookupError(f"{model.__name__} is not a registered item kind (trajectories.registry)")
    return kind


def _chosen_ids(space, audience, chosen, *, author_id):
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who may see this.")})
    if audience != Audience.CHOSEN:
        return []
    ids = {getattr(person, "pk", person) for person in chosen or ()}
    ids.discard(author_id)  # the author always sees their own items
    for pk in ids:
        person = space.participant(pk)
        if person is None or not person.is_active:
            raise ValidationError({"chosen": _("Choose people who take part in this space.")})
    if not ids:
        raise ValidationError({"chosen": _("Choose at least one person who may see this.")})
    return sorted(ids)


@transaction.atomic
def item_create(*, model, trajectory, by, audience=Audience.EVERYONE, chosen=(), **fields):
    """`by` writes a new item of `model` (a registered kind) in `trajectory`, for `audience` (and the `chosen`
    participants). Any participant of an active space may write; the author always sees their own item."""
    kind = _kind(model)
    space = _writable(_space(by, trajectory.pk))
    chosen_ids = _chosen_ids(space, audience, chosen, author_id=space.me.pk)
    item = model(trajectory_id=space.pk, author=space.me, audience=audience, **fields)
    item.validate_in_space(space=space, previous=None)
    if getattr(item, "status", None) == ActionStatus.DONE and hasattr(item, "done_at"):
        item.done_at = timezone.now()
    item.save()
    if chosen_ids:
        item.chosen.set(chosen_ids)
    audit.record(space=space, item_type=kind.key, item_id=item.pk, action=AccessAction.CREATE)
    return item


@transaction.atomic
def item_update(*, item, by, **fields):
    """`by` changes an item they may change (``editable_by``): in a shared plan everyone who reads it, in the
    logbook only its author. Who may see it is changed with :func:`item_set_audience`."""
    kind = _kind(type(item))
    space = _writable(_space(by, item.trajectory_id))
    current = type(item).objects.editable_by(by, space=space).select_for_update().filter(pk=item.pk).first()
    if current is None:
        raise NotAllowed(_("You cannot change this."))
    previous = {name: getattr(current, name) for name in fields}
    for name, value in fields.items():
        if name in ("trajectory", "trajectory_id", "author", "author_id", "audience", "chosen"):
            raise ValueError(f"{name} cannot be changed through item_update")
        setattr(current, name, value)
    current.validate_in_space(space=space, previous=previous)
    if hasattr(current, "done_at") and "status" in fields:
        if current.status == ActionStatus.DONE and previous.get("status") != ActionStatus.DONE:
            current.done_at = timezone.now()
        elif current.status != ActionStatus.DONE:
            current.done_at = None
    current.updated_by = space.me
    current.save()
    audit.record(space=space, item_type=kind.key, item_id=current.pk, action=AccessAction.UPDATE)
    return current


@transaction.atomic
def item_delete(*, item, by):
    """The author deletes their own item. A goal that still has actions is not deleted (they would go with it)."""
    kind = _kind(type(item))
    space = _writable(_space(by, item.trajectory_id))
    current = type(item).objects.visible_to(by, space=space).select_for_update().filter(pk=item.pk).first()
    if current is None or current.author_id != space.me.pk:
        raise NotAllowed(_("Only the person who wrote this can delete it."))
    if isinstance(current, Goal) and current.actions.exists():
        raise NotAllowed(_("This goal still has actions. Delete them first, or set the goal to 'Stopped'."))
    pk = current.pk
    audit.record(space=space, item_type=kind.key, item_id=pk, action=AccessAction.DELETE)
    current.delete()
    return pk


@transaction.atomic
def item_set_audience(*, item, by, audience, chosen=()):
    """Whoever holds regie decides who may see an item they can read themselves."""
    kind = _kind(type(item))
    space = _writable(_space(by, item.trajectory_id))
    current = type(item).objects.visible_to(by, space=space).select_for_update().filter(pk=item.pk).first()
    if current is None:
        raise NotAllowed(_("You cannot change this."))
    if not space.holds_regie:
        raise _only_regie()
    chosen_ids = _chosen_ids(space, audience, chosen, author_id=current.author_id)
    current.audience = audience
    current.updated_by = space.me
    current.save(update_fields=["audience", "updated_by", "updated_at"])
    current.chosen.set(chosen_ids)
    audit.record(space=space, item_type=kind.key, item_id=current.pk, action=AccessAction.UPDATE)
    return current
