"""Transfer of a space to another organisation (issue 13 §5). Whoever holds regie asks, naming the new
organisation, the day and the professional there who takes over; the young person's consent is recorded and carries
it out (at once when she asked herself): the space is run by the new organisation, its professional is invited,
and the previous organisation's professionals read until the day set (``Participant.access_until``, checked on
every request). The access log and everything written stay with the space."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trajectories.access import PROFESSIONAL_ROLES, Role
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.spaces import services as space_services
from trajectories.spaces.models import Participant, Trajectory
from trajectories.spaces.selectors import forget_space
from trajectories.spaces.services import NotAllowed, current_space
from trajectories.transfer import policies, selectors
from trajectories.transfer.models import SpaceTransfer


@transaction.atomic
def transfer_request(*, trajectory, by, organisation, effective_on, receiving_email):
    """Whoever holds regie asks to transfer the space. Refused: an organisation that declared no professionals, a
    day in the past, an address that organisation does not declare as a care professional."""
    space = current_space(by, trajectory.pk)
    if not policies.can_transfer(space):
        raise space_services.refusal(space)
    errors = {}
    if organisation is None or organisation.pk == space.trajectory.organisation_id:
        errors["organisation"] = _("Choose another organisation.")
    elif not selectors.declares_professionals(organisation):
        errors["organisation"] = _(
            "This organisation has declared no care professionals on this site yet, so nobody there could take over."
        )
    if effective_on is None or effective_on < timezone.localdate():
        errors["effective_on"] = _("Choose today or a day in the future.")
    if "organisation" not in errors and not selectors.declared_by(organisation, receiving_email or ""):
        errors["receiving_email"] = _(
            "This organisation has not declared anyone with this address as a care professional."
        )
    if errors:
        raise ValidationError(errors)
    transfer = SpaceTransfer.objects.create(
        trajectory_id=space.pk,
        from_organisation_id=space.trajectory.organisation_id,
        to_organisation=organisation,
        effective_on=effective_on,
        receiving_email=receiving_email.strip().lower(),
        requested_by=space.me,
    )
    audit.record(space=space, item_type=audit.SPACE_TRANSFER, item_id=transfer.pk, action=AccessAction.CREATE)
    if policies.can_consent_transfer(space):
        _carry_out(space, transfer, by)
    return transfer


@transaction.atomic
def transfer_consent(*, transfer, by):
    """The young person agrees: the transfer is carried out now."""
    space = current_space(by, transfer.trajectory_id)
    if not policies.can_consent_transfer(space):
        raise NotAllowed(_("Only the young person gives consent to a transfer."))
    locked = SpaceTransfer.objects.select_for_update().filter(pk=transfer.pk, trajectory_id=space.pk).first()
    if locked is None or not locked.pending:
        raise NotAllowed(_("This transfer has been dealt with already."))
    requester = locked.requested_by.user if locked.requested_by is not None else None
    _carry_out(space, locked, requester if requester is not None else by)
    return locked


def _carry_out(space, transfer, inviter):
    now = timezone.now()
    transfer.consented_by, transfer.consented_at = space.me, now
    transfer.save(update_fields=["consented_by", "consented_at"])
    # The new professional is invited first, while the one who asked still takes part to send it.
    try:
        space_services.participant_invite(
            trajectory=space.trajectory, by=inviter, email=transfer.receiving_email, role=Role.PROFESSIONAL
        )
    except (ValidationError, NotAllowed):
        pass  # already invited or taking part: they come in as they are
    last_day = timezone.make_aware(datetime.combine(transfer.effective_on, time.min))
    previous = Participant.objects.filter(
        trajectory_id=space.pk, role__in=PROFESSIONAL_ROLES, care_organisation_id=transfer.from_organisation_id
    ).exclude(role=Role.CLIENT)
    if transfer.from_organisation_id is not None:
        for seat in previous:
            if seat.access_until is None or seat.access_until > last_day:
                Participant.objects.filter(pk=seat.pk).update(access_until=last_day)
    Trajectory.objects.filter(pk=space.pk).update(organisation=transfer.to_organisation)
    audit.record(space=space, item_type=audit.SPACE_TRANSFER_DONE, item_id=transfer.pk, action=AccessAction.UPDATE)
    forget_space()
