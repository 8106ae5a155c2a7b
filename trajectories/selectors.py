"""Every read of the collaboration spaces that crosses a permission boundary, built on ``visible_to``.

Functions that take a ``space`` (:class:`trajectories.access.Space`) read inside that space as its viewer;
they never widen what ``visible_to`` allows.
"""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db.models import BooleanField as BooleanOutput
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from trajectories import account_events
from trajectories.access import Space, item_existence, seat_condition
from trajectories.audit import ACCOUNT_PREFIX
from trajectories.models import (
    AccessLogEntry,
    Action,
    ActionStatus,
    Agreement,
    EvaluationMoment,
    Goal,
    LogEntry,
    Participant,
    ParticipantStatus,
    Trajectory,
    hash_token,
)
from trajectories.presenters import note, show, show_all
from trajectories.registry import item_kinds, kind_for_key, kind_for_model

LOGBOOK_PAGE = 20
ACCESS_LOG_PAGE = 50


# --- Spaces and invitations ---------------------------------------------------------------------------------


def my_spaces(user):
    """The spaces `user` takes part in, newest first, each with ``my_role``, ``my_participant_id`` and
    ``requires_mfa`` (whether their seat opens the space only with two-step verification: the rule of
    :attr:`trajectories.access.Space.requires_mfa`, for all spaces in two queries)."""
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
        trajectory.requires_mfa = me is not None and Space(trajectory=trajectory, me=me, participants=rows).requires_mfa
    return spaces


TAKES_PART_KEY = "trajectories:takes-part:{}"


def takes_part_anywhere(user):
    """Whether `user` takes part in at least one space. The site header asks on every page, so the answer is kept in
    the cache until one of the person's participant rows changes (``forget_takes_part``, connected in apps.py)."""
    if not user.is_authenticated:
        return False
    key = TAKES_PART_KEY.format(user.pk)
    found = cache.get(key)
    if found is None:
        found = Trajectory.objects.visible_to(user).exists()
        cache.set(key, found, 60 * 60)
    return found


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


def listed_participants(space):
    """Who the participants page lists: everyone (with invitations, removals and contact bans) for whoever holds
    regie; for the others only the people taking part."""
    rows = space.participants if space.holds_regie else space.active_participants
    order = {"client": 0, "network": 1, "professional": 2, "coordinator": 3}
    return sorted(rows, key=lambda p: (p.status != ParticipantStatus.ACTIVE, p.contact_ban, order[p.role], p.label))


def member_organisations(trajectory):
    """Organisation fiches of the organisation that runs the space (to pick for an invited professional)."""
    from themes.models import MemberOrganisation

    if trajectory.organisation_id is None:
        return []
    return list(MemberOrganisation.objects.filter(organisation_id=trajectory.organisation_id).order_by("name"))


# --- Items -------------------------------------------------------------------------------------------------


def item_in_space(space, user, kind, pk):
    """One item of `kind` that `user` may know exists in `space`, annotated, or None (missing or invisible)."""
    return (
        kind.model.objects.existence_visible_to(user, space=space)
        .filter(trajectory_id=space.pk, pk=pk)
        .prefetch_related("chosen")
        .first()
    )


def readable_goals(space, user):
    return list(Goal.objects.visible_to(user, space=space).order_by("created_at", "pk"))


def open_actions(request, space, limit=10):
    """Open actions the viewer may read, soonest due first (the dashboard)."""
    user = request.user
    actions = list(
        Action.objects.visible_to(user, space=space)
        .exclude(status=ActionStatus.DONE)
        .annotate(content_visible=Value(True), editable=Value(False))
        .order_by(F("due_date").asc(nulls_last=True), "pk")[:limit]
    )
    return _with_owners(space, show_all(request, space, kind_for_model(Action), actions, chosen=False))


def _with_owners(space, rows):
    for row in rows:
        row.owner = space.participant(row.item.owner_id) if row.content_visible and row.item.owner_id else None
    return rows


def latest_log_entries(request, space, limit=5):
    """The latest log entries the viewer may know exist (placeholders for the young person)."""
    entries = list(
        LogEntry.objects.existence_visible_to(request.user, space=space).order_by("-created_at", "-pk")[:limit]
    )
    return show_all(request, space, kind_for_model(LogEntry), entries, chosen=False)


def log_entries(request, space, *, before=None, limit=LOGBOOK_PAGE):
    """A page of the logbook, newest first, and the id to continue from (keyset on time and id)."""
    qs = LogEntry.objects.existence_visible_to(request.user, space=space).prefetch_related("chosen")
    if before is not None:
        known = LogEntry.objects.filter(item_existence(LogEntry, request.user, space=space), pk=before)
        cursor = known.values("created_at", "pk").first()
        if cursor is not None:
            qs = qs.filter(
                Q(created_at__lt=cursor["created_at"]) | Q(created_at=cursor["created_at"], pk__lt=cursor["pk"])
            )
    entries = list(qs.order_by("-created_at", "-pk")[: limit + 1])
    more = len(entries) > limit
    entries = entries[:limit]
    shown = show_all(request, space, kind_for_model(LogEntry), entries)
    return shown, (entries[-1].pk if more and entries else None)


def plan(request, space):
    """The care plan as the viewer may see it: goals with their actions and progress, agreements, evaluations."""
    user = request.user

    def read(model, *order):
        return list(model.objects.existence_visible_to(user, space=space).prefetch_related("chosen").order_by(*order))

    goals = show_all(request, space, kind_for_model(Goal), read(Goal, "created_at", "pk"))
    actions = _with_owners(
        space,
        show_all(
            request,
            space,
            kind_for_model(Action),
            read(Action, F("due_date").asc(nulls_last=True), "created_at", "pk"),
        ),
    )
    by_goal = {}
    loose = []
    goal_ids = {goal.pk for goal in goals if goal.content_visible}
    for action in actions:
        goal_id = action.item.goal_id if action.content_visible else None
        if goal_id in goal_ids:
            by_goal.setdefault(goal_id, []).append(action)
        else:
            loose.append(action)
    for goal in goals:
        goal.actions = by_goal.get(goal.pk, [])
        readable = [a for a in goal.actions if a.content_visible]
        goal.actions_done = sum(1 for a in readable if a.item.status == ActionStatus.DONE)
        goal.actions_total = len(readable)
    evaluations = show_all(request, space, kind_for_model(EvaluationMoment), read(EvaluationMoment, "date", "pk"))
    readable_goals = {goal.pk: goal for goal in goals if goal.content_visible}
    for evaluation in evaluations:
        goal_id = evaluation.item.goal_id if evaluation.content_visible else None
        evaluation.goal = readable_goals.get(goal_id)
    return {
        "goals": goals,
        "loose_actions": loose,
        "agreements": show_all(request, space, kind_for_model(Agreement), read(Agreement, "created_at", "pk")),
        "evaluations": evaluations,
    }


# --- Wie ziet wat? -----------------------------------------------------------------------------------------


def who_sees(request, space):
    """Per participant: how many items of each kind they see, and which they do not.

    Only items the viewer may know exist are counted, so the page never tells anyone more than they already
    see; titles of items the viewer may not read themselves are left out. One query per kind: each participant's
    rule (:func:`trajectories.access.seat_condition`) is an annotation on the viewer's items.
    """
    user = request.user
    people = [p for p in listed_participants(space) if p.status == ParticipantStatus.ACTIVE]
    rows = {p.pk: {"participant": p, "kinds": [], "hidden": []} for p in people}
    for kind in item_kinds():
        flags = {
            f"sees_{p.pk}": Case(
                When(seat_condition(kind.model, p), then=Value(True)),
                default=Value(False),
                output_field=BooleanOutput(),
            )
            for p in people
        }
        items = list(
            kind.model.objects.existence_visible_to(user, space=space).annotate(**flags).order_by("created_at", "pk")
        )
        shown = [show(space, kind, item, chosen=False) for item in items]
        note(request, space, kind, shown)
        for p in people:
            seen = [s for s, item in zip(shown, items, strict=True) if getattr(item, f"sees_{p.pk}")]
            hidden = [s for s, item in zip(shown, items, strict=True) if not getattr(item, f"sees_{p.pk}")]
            rows[p.pk]["kinds"].append({"kind": kind, "seen": len(seen), "total": len(items)})
            rows[p.pk]["hidden"].extend(hidden)
    return list(rows.values())


# --- Access log ----------------------------------------------------------------------------------------------


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log(request, space, *, start=None, end=None, participant_id=None, before=None, limit=ACCESS_LOG_PAGE):
    """A page of the space's access log, newest first, with the filters of the page (period, person).

    Each row gets ``item_label``: the title of the item when the reader may read it now, otherwise nothing (the
    log never shows content the reader may not see).
    """
    qs = AccessLogEntry.objects.visible_to(request.user, space=space).filter(trajectory_id=space.pk)
    if start:
        qs = qs.filter(at__gte=_day_start(start))
    if end:
        qs = qs.filter(at__lt=_day_start(end + timedelta(days=1)))
    if participant_id:
        qs = qs.filter(participant_id=participant_id)
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    wanted = {}
    for row in rows:
        if kind_for_key(row.item_type) is not None and row.item_id is not None:
            wanted.setdefault(row.item_type, set()).add(row.item_id)
    titles = {}
    for key, ids in wanted.items():
        kind = kind_for_key(key)
        for item in kind.model.objects.visible_to(request.user, space=space).filter(pk__in=ids):
            titles[(key, item.pk)] = item.item_title()
    for row in rows:
        kind = kind_for_key(row.item_type)
        row.kind = kind
        row.item_label = titles.get((row.item_type, row.item_id), "")
        if row.item_type == "participant":
            person = space.participant(row.item_id)
            row.item_label = person.label if person is not None else ""
        elif row.item_type == "trajectory":
            row.item_label = space.trajectory.title
        elif row.item_type.startswith(ACCOUNT_PREFIX):
            row.item_label = account_events.label_of(row.item_type)
            row.account_event = True
    return rows, (rows[-1].pk if more and rows else None)


def professionals_in(space):
    """The active participants who read what is only for the professionals (declared professionals)."""
    return [p for p in space.active_participants if p.is_professional]
