"""Majority (issue 13 §6): the young person turns 18 and chooses what happens with her space.

:func:`process_majority` (``manage.py process_majority``, daily) reminds her ``REMINDER_DAYS`` before her 18th
birthday and asks her on it: regie passes to her, her parents' access ends (she keeps a parent by an explicit choice
per parent), and a banner in the space and a neutral mail (no care content, SEC-22) ask her to choose: keep the
space, keep it read-only (the closure of :mod:`trajectories.spaces.services`), or download it and delete it (the
export of :mod:`trajectories.export.services`, then the deletion of :mod:`trajectories.deletion.services`). Each
person is reminded once and asked once, however often the command runs: the moments are kept on her seat.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from core.notifications.services import Notice, tell
from trajectories.access import ParticipantStatus, Regie, Role
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.export import services as export_services
from trajectories.majority import policies
from trajectories.spaces import services as space_services
from trajectories.spaces.models import MAJORITY_AGE, Participant, Trajectory, birthday
from trajectories.spaces.selectors import forget_space
from trajectories.spaces.services import NotAllowed, current_space

REMINDER_DAYS = 30  # the young person is reminded this many days before her 18th birthday
OLDEST_AGE = 120  # a birth date longer ago than this is a typing error
NOTIFICATION_TYPE = "trajectories.majority"


class MajorityChoice(models.TextChoices):
    KEEP = "keep", gettext_lazy("Keep the space as it is")
    READ_ONLY = "read_only", gettext_lazy("Keep the space, but only to read")
    EXPORT_DELETE = "export_delete", gettext_lazy("Download everything and then delete the space")


class ParentAccess(models.TextChoices):
    KEPT = "kept", gettext_lazy("kept by the young person")
    ENDED = "ended", gettext_lazy("ended at the young person's majority")


def majority_on(birth_date):
    """The young person's 18th birthday."""
    return birthday(birth_date, MAJORITY_AGE)


def choice_title():
    """The neutral title of the notice and the mail (stored and mailed in the site's language, like every notice
    about a space): nothing about the space, its people or its content (SEC-22)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("There is a choice for you in your collaboration space")


def _parents(trajectory_id):
    """The seats of the young person's parents: family members with parental authority, and the parents whose
    access her majority already ended or she kept."""
    return Participant.objects.filter(trajectory_id=trajectory_id, role=Role.NETWORK).filter(
        models.Q(has_parental_authority=True) | ~models.Q(majority_parent="")
    )


def parents_in(space):
    """The parents the young person chooses about (:func:`_parents`), from the seat already read."""
    return [
        p
        for p in space.participants
        if p.role == Role.NETWORK
        and (p.has_parental_authority or p.majority_parent)
        and not p.is_erased
        and p.user_id is not None
    ]


@transaction.atomic
def birth_date_set(*, trajectory, by, birth_date):
    """The young person, or whoever holds regie, records her birth date. A date in the future (or more than 120
    years ago) is refused with a message; the young person's seat keeps it."""
    space = current_space(by, trajectory.pk)
    if not policies.can_set_birth_date(space):
        raise NotAllowed(_("Only the young person or the person who decides can fill in the birth date."))
    today = timezone.localdate()
    if birth_date is None:
        raise ValidationError({"birth_date": _("Fill in the birth date, for example 14/03/2009.")})
    if birth_date > today:
        raise ValidationError({"birth_date": _("A birth date cannot be in the future. Check the year.")})
    if birth_date < birthday(today, -OLDEST_AGE):
        raise ValidationError({"birth_date": _("This birth date is too long ago. Check the year.")})
    young = space.me if space.is_client else next((p for p in space.active_participants if p.role == Role.CLIENT), None)
    if young is None:
        raise NotAllowed(_("The young person does not take part in this space yet."))
    Participant.objects.filter(pk=young.pk).update(birth_date=birth_date)
    audit.record(space=space, item_type=audit.PARTICIPANT, item_id=young.pk, action=AccessAction.UPDATE)
    forget_space()
    return birth_date


# --- The daily job -----------------------------------------------------------------------------------------------


@dataclass
class Processed:
    """What one run of :func:`process_majority` did: how many young people were reminded and asked."""

    reminded: int = 0
    asked: int = 0


def _tell_young_person(seat, *, step):
    """Tell the young person in the notification centre and by mail: a neutral title and the link to the choice
    page, nothing else (SEC-22). The key names the seat and the step, so a second run mails nobody twice."""
    url = reverse("trajectories:majority", args=[seat.trajectory_id])
    key = f"{NOTIFICATION_TYPE}:{step}:{seat.pk}"
    tell(
        code=NOTIFICATION_TYPE,
        people=[seat.user],
        key=key,
        notices=Notice(key=key, title=choice_title(), url=url),
        about=seat.trajectory,
    )


def _ask(seat, now):
    """Her 18th birthday: regie passes to her, her parents' access ends (she keeps a parent by choosing so), and
    she is asked to choose."""
    trajectory = seat.trajectory
    if trajectory.regie != Regie.CLIENT or trajectory.counsellor_id is not None:
        Trajectory.objects.filter(pk=trajectory.pk).update(regie=Regie.CLIENT, counsellor=None)
        trajectory.regie, trajectory.counsellor_id = Regie.CLIENT, None
    for parent in _parents(trajectory.pk).select_for_update():
        if parent.majority_parent == ParentAccess.KEPT:
            continue
        if parent.status == ParticipantStatus.REMOVED:
            # Out of the space already (taken out before): no longer a parent with authority, nothing to end.
            Participant.objects.filter(pk=parent.pk).update(has_parental_authority=False)
            continue
        # Taking part or invited: the access ends (an open invitation stops working); she may keep them.
        Participant.objects.filter(pk=parent.pk).update(
            majority_parent=ParentAccess.ENDED,
            has_parental_authority=False,
            status=ParticipantStatus.REMOVED,
            removed_at=now,
            token_hash=None,
            token_expires_at=None,
        )
        audit.record_system(
            trajectory_id=trajectory.pk, item_type=audit.PARTICIPANT, item_id=parent.pk, action=AccessAction.UPDATE
        )
    Participant.objects.filter(pk=seat.pk).update(majority_asked_at=now)
    audit.record_system(
        trajectory_id=trajectory.pk, item_type=audit.SPACE_MAJORITY, item_id=trajectory.pk, action=AccessAction.UPDATE
    )
    _tell_young_person(seat, step="ask")


def _candidates(today):
    """Young people taking part, with a birth date, not yet asked, whose reminder day has come."""
    latest_birth_date = birthday(today + timedelta(days=REMINDER_DAYS), -MAJORITY_AGE)
    return (
        Participant.objects.active()
        .filter(role=Role.CLIENT, user__isnull=False, birth_date__isnull=False, birth_date__lte=latest_birth_date)
        .filter(majority_asked_at__isnull=True)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def process_majority(*, today=None):
    """The daily job (``manage.py process_majority``): remind the young people whose 18th birthday is within
    ``REMINDER_DAYS``, and ask those who turned 18. One transaction per young person, her seat locked: a second run
    (or two at once) reminds and asks nobody twice. Returns :class:`Processed`."""
    today = today or timezone.localdate()
    done = Processed()
    for seat_id in list(_candidates(today)):
        with transaction.atomic():
            seat = (
                Participant.objects.select_for_update(of=("self",))
                .select_related("trajectory", "user")
                .filter(pk=seat_id, majority_asked_at__isnull=True)
                .first()
            )
            if seat is None or seat.birth_date is None:
                continue
            now = timezone.now()
            if today >= majority_on(seat.birth_date):
                _ask(seat, now)
                done.asked += 1
            elif seat.majority_reminded_at is None:
                Participant.objects.filter(pk=seat.pk).update(majority_reminded_at=now)
                _tell_young_person(seat, step="reminder")
                done.reminded += 1
    forget_space()
    return done


# --- Her choice --------------------------------------------------------------------------------------------------


def _keep_parents(space, keep, now):
    """Parents in `keep` (participant ids) read the space again or go on reading; the others' access ends."""
    keep = {int(pk) for pk in keep}
    parents = {p.pk: p for p in _parents(space.pk).select_for_update()}
    if not keep <= set(parents):
        raise ValidationError({"keep_parents": _("Choose only from the parents in the list.")})
    for parent in parents.values():
        if parent.erased_at is not None:
            continue
        if parent.pk in keep:
            update = {"majority_parent": ParentAccess.KEPT, "has_parental_authority": False}
            ended_here = parent.status == ParticipantStatus.REMOVED and parent.majority_parent == ParentAccess.ENDED
            if ended_here and parent.user_id is not None:  # an invitation never accepted is not brought back
                update.update(status=ParticipantStatus.ACTIVE, removed_at=None)
        else:
            update = {"majority_parent": ParentAccess.ENDED, "has_parental_authority": False}
            if parent.status == ParticipantStatus.ACTIVE:
                update.update(status=ParticipantStatus.REMOVED, removed_at=now)
        Participant.objects.filter(pk=parent.pk).update(**update)
        audit.record(space=space, item_type=audit.PARTICIPANT, item_id=parent.pk, action=AccessAction.UPDATE)
    return keep


@transaction.atomic
def parents_keep(*, trajectory, by, keep):
    """The young person, once asked, changes which parents keep reading (an explicit choice per parent)."""
    space = current_space(by, trajectory.pk)
    if not policies.can_keep_parents(space):
        raise NotAllowed(_("Only the young person chooses this, once she is 18."))
    kept = _keep_parents(space, keep, timezone.now())
    forget_space()
    return kept


@transaction.atomic
def majority_choose(*, trajectory, by, choice, keep_parents=()):
    """The young person's choice at 18, made once: keep the space; keep it read-only (it is closed with her as
    reader and the parents she keeps, through the closure service); or download it and then delete it (an export is
    started through the export service; the page then offers the deletion of the whole space). `keep_parents`:
    the parents who keep reading. Returns the export for "download and delete", else None."""
    space = current_space(by, trajectory.pk)
    if not policies.can_choose(space):
        if policies.is_asked(space):
            raise NotAllowed(_("You made your choice already."))
        raise NotAllowed(_("Only the young person makes this choice, once she is 18."))
    if choice not in MajorityChoice.values:
        raise ValidationError({"choice": _("Choose what happens with your space.")})
    now = timezone.now()
    kept = _keep_parents(space, keep_parents, now)
    updated = Participant.objects.filter(pk=space.me.pk, majority_choice="").update(
        majority_choice=choice, majority_chosen_at=now
    )
    if not updated:  # chosen in another tab a moment ago
        raise NotAllowed(_("You made your choice already."))
    audit.record(space=space, item_type=audit.MAJORITY_CHOICE, item_id=space.me.pk, action=AccessAction.UPDATE)
    forget_space()
    export = None
    if choice == MajorityChoice.READ_ONLY and space.writable:
        with translation.override(settings.LANGUAGE_CODE):
            reason = gettext("At 18 the young person chose to keep the space only to read.")
        space_services.trajectory_close(trajectory=trajectory, by=by, reason=reason, keep=sorted(kept))
    elif choice == MajorityChoice.EXPORT_DELETE:
        export = export_services.export_request(trajectory=trajectory, by=by)
    return export
