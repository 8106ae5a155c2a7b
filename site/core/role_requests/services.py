"""Role requests (issue 4 §9, seed 002): a person asks for moderator rights for an organisation.

The organisation's admins and the superadmins are told; one of them approves — the moderator role is given on
the organisation or one of its themes through :mod:`core.roles.services` — or rejects with a reason. The person hears the
outcome (notification ``core.role_request_decided``). Every decision is in the audit log.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.notifications.services import notification_mail_send, notify
from core.role_requests.models import RoleRequest, RoleRequestStatus
from core.role_requests.selectors import deciders_of
from core.roles.models import Role
from core.roles.services import assign_role


@transaction.atomic
def role_request_create(*, user, organisation, work_phone, work_email, reason):
    """File a request of `user` for moderator rights for `organisation` and tell its admins.

    Raises ``ValidationError`` when the person already has an open request for that organisation.
    """
    try:
        with transaction.atomic():
            role_request = RoleRequest.objects.create(
                user=user,
                organisation=organisation,
                work_phone=work_phone,
                work_email=work_email.lower(),
                reason=reason,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"organisation": _("You already have an open request for this organisation. Wait for the answer.")}
        ) from exc
    log(
        instance=role_request,
        action="werkgroepen.role_request_filed",
        user=user,
        data={"organisation": organisation.pk},
    )
    notify(
        code="core.role_request",
        users=list(deciders_of(organisation)),
        key=f"role-request:{role_request.pk}",
        title=_("%(name)s asks for moderator rights for %(organisation)s")
        % {"name": user.display_name, "organisation": organisation.title},
        text=role_request.reason,
        url=reverse("role_requests:decide", args=[role_request.pk]),
        actor=user,
    )
    return role_request


def _lock_open(role_request, by):
    locked = RoleRequest.objects.decidable_by(by).select_for_update(of=("self",)).filter(pk=role_request.pk).first()
    if locked is None:
        raise PermissionDenied
    if locked.status != RoleRequestStatus.OPEN:
        raise ValidationError(_("This request has already been decided."))
    return locked


def _page_in_organisation(page, organisation):
    return page.pk == organisation.pk or page.path.startswith(organisation.path)


def _tell_work_address(role_request, *, title, text, url):
    """Seed 002: the answer also goes to the work address given in the request, when it differs."""
    if role_request.work_email.lower() == role_request.user.email.lower():
        return
    notification_mail_send(
        code="core.role_request_decided",
        key=f"role-request-decided:{role_request.pk}",
        email=role_request.work_email,
        user=role_request.user,
        title=title,
        text=text,
        url=url,
    )


@transaction.atomic
def role_request_approve(*, role_request, page, by):
    """Approve: `by` (an admin of the organisation or a superadmin) makes the person moderator of `page` — the
    organisation or one of its themes — through the role service, and the person is told."""
    role_request = _lock_open(role_request, by)
    organisation = role_request.organisation
    if not _page_in_organisation(page, organisation):
        raise PermissionDenied
    assign_role(user=role_request.user, role=Role.MODERATOR, page=page, by=by)
    role_request.status = RoleRequestStatus.APPROVED
    role_request.decided_by = by
    role_request.decided_at = timezone.now()
    role_request.granted_page = page
    role_request.save(update_fields=["status", "decided_by", "decided_at", "granted_page"])
    log(instance=role_request, action="werkgroepen.role_request_approved", user=by, data={"page": page.pk})
    title = _("Your request was approved: you are now moderator of %(page)s") % {"page": page.title}
    url = page.specific.url or ""
    notify(
        code="core.role_request_decided",
        users=[role_request.user],
        key=f"role-request-decided:{role_request.pk}",
        title=title,
        url=url,
        actor=by,
    )
    _tell_work_address(role_request, title=title, text="", url=url)
    return role_request


@transaction.atomic
def role_request_reject(*, role_request, reason, by):
    """Reject with a reason (required); the person receives the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the person receives it.")})
    role_request = _lock_open(role_request, by)
    role_request.status = RoleRequestStatus.REJECTED
    role_request.decided_by = by
    role_request.decided_at = timezone.now()
    role_request.decision_reason = reason
    role_request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    log(instance=role_request, action="werkgroepen.role_request_rejected", user=by, data={"reason": reason})
    title = _("Your request for moderator rights for %(organisation)s was not approved") % {
        "organisation": role_request.organisation.title
    }
    notify(
        code="core.role_request_decided",
        users=[role_request.user],
        key=f"role-request-decided:{role_request.pk}",
        title=title,
        text=reason,
        url=reverse("role_request"),
        actor=by,
    )
    _tell_work_address(role_request, title=title, text=reason, url=reverse("role_request"))
    return role_request
