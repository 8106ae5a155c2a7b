"""Every write about organisation fiches and their representatives (issue 14 §4, seed 000): editing a fiche, asking
to represent one, and the admins' decision. Each refuses what themes.fiches.policies refuses."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log

from core.accounts.selectors import confirmed_primary_address
from core.roles.services import organisation_collection_ensure
from themes.fiches import notifications
from themes.fiches.models import RepresentationRequest, RepresentationStatus
from themes.fiches.policies import (
    can_ask_to_represent,
    can_choose_representatives,
    can_decide_request,
    can_edit_fiche,
)
from themes.fiches.selectors import eligible_representatives

FICHE_FIELDS = ("name", "activities", "contact_email", "contact_phone", "website")


def not_eligible_message(names):
    """The refusal shown when someone outside the organisation's members is chosen as representative."""
    return _(
        "%(names)s cannot represent this organisation: only members of its working groups can. Ask them to join one "
        "of its themes first."
    ) % {"names": ", ".join(names)}


@transaction.atomic
def fiche_update(*, fiche, by, representatives=None, logo=None, remove_logo=False, **fields):
    """`by` changes what `fiche` says (name, activities, contact details, website, its logo) and, as an admin of the
    running organisation, who represents it (`representatives`: users; None leaves them as they are).
    Representatives chosen must be among :func:`~themes.fiches.selectors.eligible_representatives`; people added
    are told. `logo` is a checked picture (:func:`core.content.services.check_upload`): it becomes a Wagtail image
    in the running organisation's own collection (issue 14 §12); `remove_logo` takes the logo off the fiche."""
    if not can_edit_fiche(by, fiche):
        raise PermissionDenied
    unknown = set(fields) - set(FICHE_FIELDS)
    if unknown:
        raise ValueError(f"not a field of a fiche: {sorted(unknown)}")
    added = []
    if representatives is not None:
        if not can_choose_representatives(by, fiche):
            raise PermissionDenied
        chosen = {person.pk: person for person in representatives}
        eligible = set(eligible_representatives(fiche).filter(pk__in=list(chosen)).values_list("pk", flat=True))
        refused = [person.display_name for pk, person in chosen.items() if pk not in eligible]
        if refused:
            raise ValidationError({"representatives": not_eligible_message(sorted(refused))})
        current = set(fiche.representatives.values_list("pk", flat=True))
        added = [person for pk, person in chosen.items() if pk not in current]
        fiche.representatives.set(list(chosen))
        # A request of someone chosen directly is answered by the choice.
        RepresentationRequest.objects.filter(
            member_organisation=fiche, user_id__in=list(chosen), status=RepresentationStatus.PENDING
        ).update(status=RepresentationStatus.APPROVED, decided_at=timezone.now(), decided_by=by)
    for name, value in fields.items():
        setattr(fiche, name, value)
    if logo is not None:
        fiche.logo = get_image_model().objects.create(
            title=_("Logo of %(name)s") % {"name": fiche.name},
            file=logo.upload,
            collection=organisation_collection_ensure(organisation=fiche.organisation),
        )
    elif remove_logo:
        fiche.logo = None
    fiche.full_clean()
    fiche.save()
    log(instance=fiche, action="wagtail.edit", user=by)
    for person in added:
        notifications.representative_added(fiche, person=person, by=by)
    return fiche


@transaction.atomic
def representation_request(*, user, fiche):
    """`user` asks to represent `fiche`: one row per person and fiche, even when asked twice at once (the unique
    constraint; ``get_or_create`` reads the row the other request wrote). Asking again after a refusal, or after
    being removed as representative, reopens the row. The admins are told once the person's address is confirmed
    (at once for an account that is already confirmed)."""
    if not can_ask_to_represent(user, fiche):
        raise PermissionDenied
    request, created = RepresentationRequest.objects.get_or_create(user=user, member_organisation=fiche)
    if not created:
        if request.status == RepresentationStatus.PENDING:
            return request
        request.status = RepresentationStatus.PENDING
        request.reason = ""
        request.decided_at = None
        request.decided_by = None
        request.created_at = timezone.now()
        request.save(update_fields=["status", "reason", "decided_at", "decided_by", "created_at"])
    if confirmed_primary_address(user):
        notifications.representation_requested(request)
    return request


def representation_requests_announce(*, user):
    """Tell the admins about `user`'s waiting requests (asked at registration), now that the address is
    confirmed."""
    with transaction.atomic():
        for request in RepresentationRequest.objects.filter(user=user, status=RepresentationStatus.PENDING):
            notifications.representation_requested(request)


@transaction.atomic
def representation_approve(*, request, by):
    """An admin of the running organisation confirms `request`: the person becomes a representative and is told."""
    return _decide(request=request, by=by, status=RepresentationStatus.APPROVED, reason="")


@transaction.atomic
def representation_refuse(*, request, by, reason):
    """An admin refuses `request`, saying why; the person is told the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you refuse this request: the person will read it.")})
    return _decide(request=request, by=by, status=RepresentationStatus.REFUSED, reason=reason)


def _decide(*, request, by, status, reason):
    request = (
        RepresentationRequest.objects.select_for_update()
        .select_related("member_organisation", "user")
        .get(pk=request.pk)
    )
    if not can_decide_request(by, request):
        raise PermissionDenied
    if request.status != RepresentationStatus.PENDING:
        return request  # decided already (a second click, or another admin): nothing changes
    fiche = request.member_organisation
    if status == RepresentationStatus.APPROVED:
        fiche.representatives.add(request.user)
    request.status = status
    request.reason = reason
    request.decided_at = timezone.now()
    request.decided_by = by
    request.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    log(
        instance=fiche,
        action="werkgroepen.representation_decided",
        user=by,
        data={"person": request.user_id, "decision": status, "reason": reason},
    )
    notifications.representation_decided(request, by=by)
    return request
