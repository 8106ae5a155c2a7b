"""Joining and leaving a working group: parse, call one service, go back. (The moderators' decisions on requests
are in the moderation room's views.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ids import id_from
from participation.access import MembershipStatus
from participation.groups import selectors, services
from participation.groups.policies import can_leave
from participation.http import next_url, rate_limited, refused, too_many
from themes.models import ThemePage


def _working_group(user, page_id):
    found = selectors.working_group(user, page_id)
    if found is None:
        raise Http404
    return found


def _on_behalf_of(request, page):
    """The member organisation chosen in the join form (``on_behalf_of``), None for yourself; raises ValueError for
    one this person may not speak for (the policy gives the message)."""
    raw = request.POST.get("on_behalf_of") or ""
    if not raw:
        return None
    pk = id_from(raw)
    organisation = (
        selectors.representable_organisations(user=request.user, page=page).filter(pk=pk).first() if pk else None
    )
    if organisation is None:
        raise ValueError(raw)
    return organisation


@login_required
@require_POST
def join(request, theme_id):
    page, _group = _working_group(request.user, theme_id)
    if not isinstance(page, ThemePage):
        raise Http404
    if rate_limited(request, "join"):
        return too_many(request)
    try:
        on_behalf_of = _on_behalf_of(request, page)
    except ValueError:
        return refused(request, _("You cannot speak for this organisation in this working group."), page=page)
    try:
        membership = services.membership_join(user=request.user, theme=page, on_behalf_of=on_behalf_of)
    except ValidationError as error:
        return refused(request, " ".join(error.messages), page=page, status=400)
    if membership.status == MembershipStatus.APPROVED:
        messages.success(request, _("Welcome! You are now a member of %(theme)s.") % {"theme": page.title})
    else:
        messages.success(
            request,
            _("Thank you. Your request to join %(theme)s is waiting for approval by a moderator.")
            % {"theme": page.title},
        )
    return redirect(next_url(request, page.url))


@login_required
@require_POST
def leave(request, theme_id):
    """Stop one's own membership (or withdraw a request). Not being in the group answers 404, like a missing one."""
    page, _group = _working_group(request.user, theme_id)
    membership = selectors.membership_of(user=request.user, theme_id=page.pk)
    if not can_leave(request.user, membership):
        raise Http404
    was_member = membership.status == MembershipStatus.APPROVED
    services.membership_leave(membership=membership, by=request.user)
    if was_member:
        messages.success(
            request,
            _("You are no longer a member of %(theme)s. Your posts and reactions stay.") % {"theme": page.title},
        )
    else:
        messages.success(request, _("Your request to join %(theme)s is withdrawn.") % {"theme": page.title})
    return redirect(next_url(request, page.url))
