"""Every write of the spaces and their people: one function per action, keyword-only, one transaction each.

Callers pass objects they found through ``visible_to``; each service reads the actor's seat again
(:func:`current_space`) and refuses what :mod:`trajectories.spaces.policies` refuses, so a forged request meets the
same rules as the form and the hidden button. Errors a person can fix raise ``ValidationError`` (field → message);
actions the actor may not take raise :class:`NotAllowed` with a message to show. Every change writes its access-log
row (NEN 7513) in the same transaction; e-mail leaves after commit through :mod:`trajectories.spaces.mail`.

The other rooms' services start from :func:`current_space` and :func:`refusal` too, and raise :class:`NotAllowed`.
"""

import re
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.models import User
from core.accounts.services import account_create_confirmed
from trajectories.access import PROFESSIONAL_ROLES, ParticipantStatus, Regie, Role, Space, TrajectoryStatus
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.spaces import mail, policies
from trajectories.spaces.look import LOOKS, TEXT_SIZES
from trajectories.spaces.models import INVITATION_DAYS, Participant, SpaceLook, Trajectory, hash_token
from trajectories.spaces.selectors import (
    allowed_organisations,
    care_organisations,
    email_belongs_to,
    forget_look,
    forget_space,
    space_for,
)


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


def current_space(user, trajectory_id):
    """The actor's seat, read fresh (the request memo is dropped first: a service must see the current state);
    :class:`NotAllowed` when they do not take part."""
    forget_space()
    space = space_for(user, trajectory_id)
    if space is None:
        raise NotAllowed(_("You do not take part in this space."))
    return space


def closed_space():
    return NotAllowed(_("This space is closed. You can still read it, but nothing can be changed."))


def refusal(space, message=None):
    """The :class:`NotAllowed` for an action a policy refused in `space`, with the first reason that applies: the
    space is closed, the actor does not hold regie (only for actions that need it: `message` None), or `message`."""
    if not space.writable:
        return closed_space()
    if message is None:
        return _only_regie()
    return NotAllowed(message)


def _refuse_unless(allowed, space, message=None):
    if not allowed:
        raise refusal(space, message if space.holds_regie else None)


def _new_token():
    token = secrets.token_urlsafe(32)
    return token, hash_token(token), timezone.now() + timedelta(days=INVITATION_DAYS)


def _normalise_email(email):
    return (email or "").strip().lower()


# --- Spaces -----------------------------------------------------------------------------------------------


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
    space = current_space(by, trajectory.pk)
    _refuse_unless(policies.can_change_regie(space), space)
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


# Used when a space has no organisation (a young person or parent started it): the professionals she keeps read a
# closed space this many days (an organisation sets its own: ``OrganisationPage.closure_access_days``).
CLOSURE_ACCESS_DAYS = 30


def closure_access_days(trajectory):
    """How long the professionals the young person keeps go on reading the closed `trajectory` (issue 13 §4)."""
    organisation = trajectory.organisation
    return organisation.closure_access_days if organisation is not None else CLOSURE_ACCESS_DAYS


def default_kept(space):
    """Who keeps reading when the space is closed by someone other than the young person: the family and network
    members; the professionals leave until she keeps them."""
    return {p.pk for p in space.participants if p.role == Role.NETWORK and p.is_active}


def _keep_readers(space, kept_ids, now):
    """Set, for everyone but the young person, until when they read the closed space: kept family and network
    members for as long as she wants, kept professionals for the organisation's period (a professional already
    kept keeps their end date), everyone else (invitations too) from `now` on not at all."""
    until = now + timedelta(days=closure_access_days(space.trajectory))
    for person in space.participants:
        if person.role == Role.CLIENT or person.status == ParticipantStatus.REMOVED:
            continue
        if person.pk not in kept_ids or person.contact_ban or person.status != ParticipantStatus.ACTIVE:
            value = now if person.access_until is None or person.access_until > now else person.access_until
        elif person.role in PROFESSIONAL_ROLES:
            keeps = person.access_until is not None and person.access_until > now
            value = person.access_until if keeps else until
        else:
            value = None
        if value != person.access_until:
            Participant.objects.filter(pk=person.pk).update(access_until=value)
            person.access_until = value


@transaction.atomic
def trajectory_close(*, trajectory, by, reason, keep=None):
    """Close the space with a reason (issue 13 §4): nothing can be changed any more; the young person keeps reading,
    and so do the people she keeps. When she closes it herself, `keep` (participant ids) is her choice; otherwise
    the family and network members stay (:func:`default_kept`) and she changes it later
    (:func:`trajectory_keep_readers`)."""
    space = current_space(by, trajectory.pk)
    _refuse_unless(policies.can_close(space), space)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the space is closed.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    now = timezone.now()
    before = _readers_now(space)
    kept = {int(pk) for pk in (keep or ())} if space.is_client else default_kept(space)
    Trajectory.objects.filter(pk=trajectory.pk).update(
        status=TrajectoryStatus.CLOSED, closed_at=now, closure_reason=reason
    )
    trajectory.status, trajectory.closed_at, trajectory.closure_reason = TrajectoryStatus.CLOSED, now, reason
    space.trajectory.status = TrajectoryStatus.CLOSED
    _keep_readers(space, kept, now)
    audit.record(space=space, item_type=audit.SPACE_CLOSED, item_id=trajectory.pk, action=AccessAction.UPDATE)
    _tell_status(space, event=f"closed:{now.isoformat()}", by=by, before=before)
    forget_space()
    return trajectory


def _readers_now(space):
    """The accounts reading the space at this moment (taken before a change, to tell who left)."""
    return {p.user_id for p in space.participants if p.is_active and p.user_id is not None}


def _tell_status(space, *, event, by, before):
    """Tell who read the space before (`before`: user ids) and who reads it now that it was closed or opened again
    (a neutral mail)."""
    now_reading = set(Participant.objects.active().filter(trajectory_id=space.pk).values_list("user_id", flat=True))
    users = {user.pk: user for user in User.objects.filter(pk__in=before | now_reading)}
    mail.tell_status_change(
        trajectory=space.trajectory,
        event=event,
        readers=[users[pk] for pk in sorted(now_reading) if pk in users],
        left=[users[pk] for pk in sorted(before - now_reading) if pk in users],
        actor=by,
    )


@transaction.atomic
def trajectory_keep_readers(*, trajectory, by, keep):
    """The young person chooses who keeps reading her closed space (`keep`: participant ids); everyone else stops
    reading it at once (issue 13 §4)."""
    space = current_space(by, trajectory.pk)
    if not policies.can_keep_readers(space):
        raise NotAllowed(
            _("Only the young person chooses who keeps reading a closed space.")
            if not space.writable
            else _("The space is open: everyone in it reads it.")
        )
    locked = {p.pk: p for p in Participant.objects.select_for_update().filter(trajectory_id=space.pk)}
    for person in space.participants:
        person.access_until = locked[person.pk].access_until
    _keep_readers(space, {int(pk) for pk in keep}, timezone.now())
    audit.record(space=space, item_type=audit.SPACE_READERS, item_id=trajectory.pk, action=AccessAction.UPDATE)
    forget_space()
    return trajectory


@transaction.atomic
def trajectory_reopen(*, trajectory, by, consent):
    """Open a closed space again, with the recorded consent of the young person or whoever holds regie (issue 13
    §4): everyone still taking part reads and writes in it again."""
    space = current_space(by, trajectory.pk)
    if not policies.can_reopen(space):
        if space.writable:
            raise NotAllowed(_("The space is open already."))
        raise NotAllowed(_("Only the young person or the person who decides can open the space again."))
    if not consent:
        raise ValidationError({"consent": _("Tick that you agree to open the space again.")})
    Trajectory.objects.filter(pk=trajectory.pk).update(
        status=TrajectoryStatus.ACTIVE, closed_at=None, closure_reason=""
    )
    Participant.objects.filter(trajectory_id=trajectory.pk).update(access_until=None)
    trajectory.status, trajectory.closed_at, trajectory.closure_reason = TrajectoryStatus.ACTIVE, None, ""
    space.trajectory.status = TrajectoryStatus.ACTIVE
    audit.record(space=space, item_type=audit.SPACE_REOPENED, item_id=trajectory.pk, action=AccessAction.UPDATE)
    _tell_status(space, event=f"reopened:{timezone.now().isoformat()}", by=by, before=_readers_now(space))
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
    space = current_space(by, trajectory.pk)
    _refuse_unless(policies.can_invite(space), space)
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
    mail.send_invitation(email=email, token=token)
    forget_space()
    return participant


@transaction.atomic
def invitation_resend(*, participant, by):
    """Send an open invitation again with a new link (the old link stops working)."""
    space = current_space(by, participant.trajectory_id)
    _refuse_unless(policies.can_manage_people(space), space)
    participant = Participant.objects.select_for_update().get(pk=participant.pk, trajectory_id=space.pk)
    _refuse_unless(
        policies.can_resend_invitation(space, participant), space, _("This person is not waiting for an invitation.")
    )
    token, participant.token_hash, participant.token_expires_at = _new_token()
    participant.invited_at = timezone.now()
    participant.invited_by = by
    participant.save(update_fields=["token_hash", "token_expires_at", "invited_at", "invited_by"])
    audit.record(space=space, item_type=audit.PARTICIPANT, item_id=participant.pk, action=AccessAction.UPDATE)
    mail.send_invitation(email=participant.email, token=token)
    return participant


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
def invitation_accept_with_new_account(*, participant, display_name, password):
    """Someone without an account followed the invitation link: the link proved the address (it reached that
    mailbox, works once and for seven days), so the account is made with that address confirmed and the
    invitation accepted in one go (issue 15 §2). Returns the new user; the caller logs them in.

    Only for a young person's or their network's seat: a professional seat needs an organisation to declare the
    person first (``NotAllowed``). ``ValidationError`` on ``display_name``/``password`` changes nothing.
    """
    participant = Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if participant is None or not participant.invitation_valid():
        raise NotAllowed(_("This invitation no longer works. It was used, withdrawn or it expired."))
    if participant.role in PROFESSIONAL_ROLES:
        raise NotAllowed(_not_declared_message())
    user = account_create_confirmed(email=participant.email, display_name=display_name, password=password)
    return user, invitation_accept(participant=participant, user=user, via_link=True)


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


@transaction.atomic
def look_save(*, user, colour, text_size, pictograms):
    """`user` picks how their spaces look: a colour theme and a text size from the offered ones (each passes the
    contrast check of :mod:`trajectories.spaces.look`), and pictograms beside the tools or not."""
    if colour not in LOOKS:
        raise ValidationError({"colour": _("Choose one of the colours.")})
    if text_size not in TEXT_SIZES:
        raise ValidationError({"text_size": _("Choose one of the text sizes.")})
    SpaceLook.objects.update_or_create(
        user=user, defaults={"colour": colour, "text_size": text_size, "pictograms": bool(pictograms)}
    )
    transaction.on_commit(lambda: forget_look(user.pk))
    forget_look(user.pk)


@transaction.atomic
def work_contact_update(*, trajectory, by, phone, email, share):
    """A professional in the space sets the work phone and e-mail on their own seat and whether the others see them
    in who-is-who (issue 15 §9). Only professionals and coordinators have work contact details here (``NotAllowed``
    for the others); nothing is shown unless `share`."""
    space = current_space(by, trajectory.pk)
    if not space.writable:
        raise refusal(space)
    if space.me.role not in PROFESSIONAL_ROLES:
        raise NotAllowed(_("Only professionals add work contact details here."))
    phone = (phone or "").strip()
    if phone and not re.fullmatch(r"[0-9+() ./-]{6,40}", phone):
        raise ValidationError({"phone": _("Write a phone number with digits, for example +32 9 123 45 67.")})
    email = _normalise_email(email)
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError(
                {"email": _("Write a whole e-mail address, for example naam@organisatie.be.")}
            ) from error
    seat = Participant.objects.select_for_update().get(pk=space.me.pk)
    seat.work_phone = phone
    seat.work_email = email
    seat.shares_work_contact = bool(share) and bool(seat.work_phone or seat.work_email)
    seat.save(update_fields=["work_phone", "work_email", "shares_work_contact"])
    audit.record(space=space, item_type=audit.PARTICIPANT, item_id=seat.pk, action=AccessAction.UPDATE)
    forget_space()
    return seat


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
    space = current_space(by, participant.trajectory_id)
    _refuse_unless(policies.can_manage_people(space), space)
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .with_declaration()
        .get(pk=participant.pk, trajectory_id=space.pk)
    )
    if participant.pk == space.me.pk:
        raise NotAllowed(_("You cannot do this to yourself."))
    _refuse_unless(policies.can_change_participant(space, participant), space, _("You cannot change this."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if contact_ban and not participant.contact_ban:
        _protect_client(space, participant, _("The young person cannot get a contact ban."))
    if role != participant.role:
        if Role.CLIENT in (role, participant.role):
            raise NotAllowed(_("The young person's role cannot be changed, and nobody can be made the young person."))
        if role in PROFESSIONAL_ROLES and participant.role not in PROFESSIONAL_ROLES:
            raise NotAllowed(
                _(
                    "Nobody can be made a professional or coordinator here. Invite the professional with their own "
                    "e-mail address: only someone an organisation declared as a care professional can accept."
                )
            )
        if role not in policies.assignable_roles(participant.role):
            raise NotAllowed(_("You cannot change this."))
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
    request on they see nothing (SEC-05). In a closed space the young person can still take anyone out (issue 13
    §4). The young person always stays."""
    space = current_space(by, participant.trajectory_id)
    _refuse_unless(policies.can_remove_people(space), space)
    participant = Participant.objects.select_for_update().get(pk=participant.pk, trajectory_id=space.pk)
    _protect_client(space, participant, _("The young person always stays in the space."))
    if participant.status == ParticipantStatus.REMOVED:
        return participant  # removed already (a second click): nothing more to do
    _refuse_unless(policies.can_remove(space, participant), space, _("You cannot change this."))
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


# --- Erasure (an account is deleted) ---------------------------------------------------------------------------


def _names_of(user, seats):
    """The names `user` went by, longest first (a full name before its parts): words of three letters or more."""
    names = {user.get_full_name(), user.first_name, user.last_name, user.display_name}
    names.update(seat.name for seat in seats)
    for name in list(names):
        names.update((name or "").split())
    return sorted({name.strip() for name in names if name and len(name.strip()) >= 3}, key=len, reverse=True)


def _without_names(text, names, replacement):
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", replacement, text, flags=re.IGNORECASE)
    while f"{replacement} {replacement}" in text:
        text = text.replace(f"{replacement} {replacement}", replacement)
    return text


def participants_erase(*, user, seats, replacement):
    """`user` deleted their account (SEC-17): every participant row in `seats` (theirs, and open invitations to
    their addresses; locked by the caller) loses its name and e-mail address and shows `replacement`; the person is
    out of those spaces, no longer anyone's counsellor, and their names leave the names of the spaces. What they
    wrote stays, with the row as its author. Runs inside the caller's transaction."""
    now = timezone.now()
    seat_ids = [seat.pk for seat in seats]
    names = _names_of(user, seats)
    for trajectory in Trajectory.objects.filter(pk__in={seat.trajectory_id for seat in seats}):
        title = _without_names(trajectory.title, names, replacement)
        if title != trajectory.title:
            Trajectory.objects.filter(pk=trajectory.pk).update(title=title[:120])
    Trajectory.objects.filter(counsellor_id__in=seat_ids).update(counsellor=None)
    for seat in seats:
        Participant.objects.filter(pk=seat.pk).update(
            name="",
            email=f"verwijderd-{seat.pk}@deelnemer.invalid",
            user=None,
            status=ParticipantStatus.REMOVED,
            removed_at=seat.removed_at or now,
            token_hash=None,
            token_expires_at=None,
            erased_at=now,
            work_phone="",
            work_email="",
            shares_work_contact=False,
            birth_date=None,  # personal data: goes with the account (issue 13 §6)
        )
