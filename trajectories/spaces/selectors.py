"""Reads of the spaces and their people that cross a permission boundary, built on ``visible_to``; and the
viewer's seat in a space (:func:`space_for`), what every page and service of a space starts from.

Functions that take a ``space`` (:class:`trajectories.access.Space`) read inside that space as its viewer;
they never widen what ``visible_to`` allows.
"""

import functools
from operator import attrgetter

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from core.models import Role as SiteRole
from core.models import User
from core.request_cache import forget, memoise
from core.roles.selectors import user_roles
from themes.models import MemberOrganisation, OrganisationPage
from trajectories.access import ParticipantStatus, Space
from trajectories.blueprints.models import SpacePhase
from trajectories.spaces import policies
from trajectories.spaces.look import DEFAULT_LOOK, DEFAULT_TEXT_SIZE, LOOKS, PICTOGRAMS, TEXT_SIZES
from trajectories.spaces.models import Participant, SpaceLook, Trajectory, hash_token

# --- The viewer's seat ----------------------------------------------------------------------------------------


def space_for(user, trajectory_id):
    """The :class:`Space` of `user` in space `trajectory_id`, or None when they may not open it (memoised for
    the request). One query: every participant of the space with the space, its organisation and, per
    participant, whether they set up an authenticator app."""
    if not user.is_authenticated:
        return None
    try:
        trajectory_id = int(trajectory_id)
    except (TypeError, ValueError):
        return None
    return memoise(("trajectories:space", user.pk, trajectory_id), lambda: _load_space(user, trajectory_id))


def _load_space(user, trajectory_id):
    # Every page of a space starts here, so the query stays lean: of the organisation that declared a professional
    # only its name is read (``Participant.organisation_label``), not its whole page row; the rows are put in order
    # here rather than by the database (an ORDER BY made Django compare every selected column with the ordering).
    rows = sorted(_seats_of_a_space().filter(trajectory_id=trajectory_id), key=attrgetter("pk"))
    me = next((p for p in rows if p.user_id == user.pk and p.is_active), None)
    if me is None:
        return None
    trajectory = me.trajectory
    trajectory.has_phases = me.space_has_phases
    for row in rows:  # one space object for every row
        row.trajectory = trajectory
    return Space(trajectory=trajectory, me=me, participants=rows)


@functools.cache
def _seats_of_a_space():
    """The participant rows :func:`space_for` reads, without the space: built once per process, each request only
    adds the space's id (building its joins and its three subqueries took a third of the time of the whole read).
    Never evaluated itself, only filtered: a QuerySet is copied by ``filter``, so every request gets its own."""
    totp = Authenticator.objects.filter(user_id=OuterRef("user_id"), type=Authenticator.Type.TOTP)
    # Whether the space follows a template (issue 13 §1): read in this same query, so the Traject tab costs the
    # pages of a space without a template nothing.
    phases = SpacePhase.objects.filter(trajectory_id=OuterRef("trajectory_id"))
    return (
        Participant.objects.select_related("trajectory__organisation", "user", "member_organisation")
        .with_declaration()
        .annotate(
            has_totp=Exists(totp),
            space_has_phases=Exists(phases),
            care_organisation_title=F("care_organisation__title"),
        )
    )


def forget_space():
    """Services call this after changing who is in a space or its regie (the request memo is dropped)."""
    forget()


# --- Organisations --------------------------------------------------------------------------------------------


def care_organisations(user):
    """The organisations that declare `user` as a care professional (core role, given by their admins)."""
    if not user.is_authenticated:
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.filter(
        role_assignments__user_id=user.pk, role_assignments__role=SiteRole.CARE_PROFESSIONAL
    ).order_by("title", "pk")


def allowed_organisations(user):
    """The organisations `user` may start a space for: those they hold a role in (or below), and those whose
    organisation fiches name them as representative."""
    if not user.is_authenticated:
        return OrganisationPage.objects.none()
    role_paths = [path for _role, path in user_roles(user)]
    condition = Q(organisation_fiches__representatives=user)
    for path in role_paths:
        condition |= Q(path__in=[path[:end] for end in range(4, len(path) + 1, 4)])
    return OrganisationPage.objects.live().filter(condition).distinct().order_by("title")


def member_organisations(trajectory):
    """Organisation fiches of the organisation that runs the space (to pick for an invited professional)."""
    if trajectory.organisation_id is None:
        return []
    return list(MemberOrganisation.objects.filter(organisation_id=trajectory.organisation_id).order_by("name"))


# --- Spaces and invitations ---------------------------------------------------------------------------------


def my_spaces(user):
    """The spaces `user` takes part in, newest first, each with ``my_role``, ``my_participant_id`` and
    ``requires_mfa`` (whether their seat opens the space only with two-step verification: the rule of
    :func:`trajectories.spaces.policies.requires_two_step`, for all spaces in two queries)."""
    mine = Participant.objects.filter(trajectory_id=OuterRef("pk"), user_id=user.pk)
    spaces = list(
        Trajectory.objects.visible_to(user)
        .annotate(my_role=Subquery(mine.values("role")[:1]), my_participant_id=Subquery(mine.values("pk")[:1]))
        .order_by("-created_at", "-pk")
    )
    if not spaces:
        return spaces
    by_space = {}
    for row in Participant.objects.filter(trajectory_id__in=[space.pk for space in spaces]).with_declaration():
        by_space.setdefault(row.trajectory_id, []).append(row)
    for trajectory in spaces:
        rows = by_space.get(trajectory.pk, [])
        me = next((row for row in rows if row.pk == trajectory.my_participant_id), None)
        trajectory.requires_mfa = me is not None and policies.requires_two_step(
            Space(trajectory=trajectory, me=me, participants=rows)
        )
    return spaces


TAKES_PART_KEY = "trajectories:takes-part:{}"


def takes_part_anywhere(user):
    """Whether `user` takes part in at least one space. The site header asks on every page, so the answer is kept in
    the cache until one of the person's participant rows changes (:func:`forget_takes_part`, connected in apps.py)."""
    if not user.is_authenticated:
        return False
    key = TAKES_PART_KEY.format(user.pk)
    found = cache.get(key)
    if found is None:
        found = Trajectory.objects.visible_to(user).exists()
        cache.set(key, found, 60 * 60)
    return found


def login_spaces(user, *, limit=2):
    """The ids of (at most `limit`) spaces `user` takes part in, for landing after log-in: two are enough to know
    there is more than one."""
    return list(Trajectory.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)[:limit])


def forget_takes_part(user_id):
    """Drop the cached answer of :func:`takes_part_anywhere` for one person (their participation changed)."""
    if user_id is not None:
        cache.delete(TAKES_PART_KEY.format(user_id))


def has_authenticator(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_addresses(user):
    addresses = {user.email.lower()}
    addresses.update(
        email.lower() for email in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    return addresses


def open_invitations(user):
    """Open invitations sent to one of `user`'s confirmed addresses (never the space's name: see invitation page)."""
    if not user.is_authenticated:
        return []
    return list(
        Participant.objects.filter(
            email__in=user_addresses(user),
            status=ParticipantStatus.INVITED,
            token_hash__isnull=False,
            token_expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-invited_at")
    )


def invitation_by_token(token):
    """The open invitation whose link carries `token`, or None (used, withdrawn, expired or unknown)."""
    if not token or len(token) > 200:
        return None
    participant = Participant.objects.filter(token_hash=hash_token(token)).first()
    if participant is None or not participant.invitation_valid():
        return None
    return participant


def invitation_for(user, pk):
    """The open invitation `pk` if it was sent to one of `user`'s addresses, else None."""
    return next((p for p in open_invitations(user) if p.pk == int(pk)), None)


def was_involved(participant):
    """Took part once but no longer does: taken out of the space, out when it was closed or transferred (their
    ``access_until`` passed), or their parents' access ended at the young person's majority."""
    if participant.accepted_at is None:
        return False
    return participant.status == ParticipantStatus.REMOVED or participant.closed_out


def former_participants(space):
    """Who was involved before ("vroeger betrokken", issue 13 §5): shown apart from the people taking part, with the
    day their access ended, to the young person (she wants to know who read along, and until when) and to whoever
    holds regie. Nobody else sees who left. Latest first."""
    if not (space.is_client or policies.sees_invitations(space)):
        return []
    rows = [p for p in space.participants if was_involved(p)]
    return sorted(rows, key=lambda p: p.removed_at or p.access_until or p.accepted_at, reverse=True)


def listed_participants(space):
    """Who the participants page lists as in the space: everyone (with invitations and contact bans) for whoever holds
    regie; for the others only the people taking part. Who was involved before is listed apart
    (:func:`former_participants`)."""
    rows = space.participants if policies.sees_invitations(space) else space.active_participants
    rows = [p for p in rows if not was_involved(p)]
    order = {"client": 0, "network": 1, "professional": 2, "coordinator": 3}
    return sorted(rows, key=lambda p: (p.status != ParticipantStatus.ACTIVE, p.contact_ban, order[p.role], p.label))


def shut_out(space):
    """The people in the space under a contact ban (the "Wie ziet wat?" page names them: they see nothing)."""
    return [p for p in listed_participants(space) if p.contact_ban and p.status == ParticipantStatus.ACTIVE]


def email_belongs_to(user, email):
    """Whether `email` is the account's address or one of its confirmed addresses."""
    email = (email or "").strip().lower()
    if (user.email or "").strip().lower() == email:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def has_account(email):
    """Whether any account uses `email` (as log-in or as one of its addresses, confirmed or not). Asked only for
    the address of an invitation whose link the visitor holds: it tells them to log in instead of signing up."""
    email = (email or "").strip()
    return (
        User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def invitation_in_session(pk):
    """The participant row of the invitation remembered in the session (with who invited), or None; the caller
    checks it is still open."""
    if not pk:
        return None
    return Participant.objects.filter(pk=pk).select_related("invited_by").first()


def account_seats(user):
    """Every participant row of `user`'s account, and the invitations to any of their addresses not yet
    accepted (for "Mijn gegevens" and account deletion; any status)."""
    addresses = {user.email.lower()} if user.email else set()
    addresses.update(
        address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return Participant.objects.filter(Q(user=user) | Q(user__isnull=True, email__in=addresses))


def professionals_in(space):
    """The active participants who read what is only for the professionals (declared professionals)."""
    return [p for p in space.active_participants if p.is_professional]


LOOK_KEY = "trajectories:look:{}"


def look_for(user):
    """How `user`'s spaces look (issue 15 §10): ``{"colour", "text_size", "pictograms", "look", "percent"}``.
    Every page of a space asks, so the answer is kept in the cache until the person changes it (``look_save``)."""
    key = LOOK_KEY.format(user.pk)
    found = cache.get(key)
    if found is None:
        row = SpaceLook.objects.filter(user=user).values("colour", "text_size", "pictograms").first() or {}
        found = {
            "colour": row.get("colour") if row.get("colour") in LOOKS else DEFAULT_LOOK,
            "text_size": row.get("text_size") if row.get("text_size") in TEXT_SIZES else DEFAULT_TEXT_SIZE,
            "pictograms": bool(row.get("pictograms")),
        }
        cache.set(key, found, 60 * 60)
    return {**found, "look": LOOKS[found["colour"]], "percent": TEXT_SIZES[found["text_size"]][1]}


def forget_look(user_id):
    cache.delete(LOOK_KEY.format(user_id))


def pictogram(slug):
    """The pictogram of a part of a space (its tool slug or page name), or "" when it has none."""
    return PICTOGRAMS.get(str(slug), "")
