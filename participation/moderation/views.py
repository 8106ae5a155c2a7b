"""Moderation on the public site (issue 4 §1-§5): report a post or reaction (Melden); the moderators' decisions in
place: approve or refuse a waiting post, reaction or request to join, hide and unhide, keep or remove after
reports, block and unblock a member. Each parses, finds the object through ``visible_to`` (invisible and missing:
404), calls one service, and shows what happened; a service refusal is a 403 page with its message, never a silent
success. Everything works with plain forms; htmx is not needed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation.access import NotAllowed
from participation.groups import selectors as group_selectors
from participation.groups import services as group_services
from participation.http import next_url, no_store, refused
from participation.moderation import selectors, services
from participation.moderation.forms import DecisionForm, ReportForm
from participation.moderation.models import ReportReason
from participation.posts import selectors as post_selectors
from participation.posts import services as post_services


def _refusal_reason(form):
    """The reason typed in a DecisionForm; a reason the form refused (too long) says so instead of vanishing."""
    if "reason" in form.errors:
        raise ValidationError(form.errors["reason"])
    return form.cleaned_data.get("reason", "")


def _visible_item(request, kind, pk):
    """``(post, reaction)`` for a report or a moderation action on a post (reaction None) or a reaction."""
    found = selectors.item_for(request.user, **({"reaction_id": pk} if kind == "reactie" else {"post_id": pk}))
    if found is None:
        raise Http404
    return found


def _item_url(post, reaction):
    return f"{post.get_absolute_url()}#reactie-{reaction.pk}" if reaction else post.get_absolute_url()


def _back(request, post, reaction):
    """Where to go after a decision: the item if the moderator still sees it, else its working group."""
    if post_selectors.post_for(request.user, post.pk) is None:
        return redirect(next_url(request, post.page.url))
    return redirect(next_url(request, _item_url(post, reaction)))


# --- Reports (Melden) ---------------------------------------------------------------------------------------------


@login_required
def report(request, kind, pk):
    """Report (melden) a post or a reaction: a short form with a reason; GET shows it on its own page."""
    post, reaction = _visible_item(request, kind, pk)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _report, created = services.report_create(
                    reporter=request.user,
                    post=None if reaction else post,
                    reaction=reaction,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data.get("text", ""),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except NotAllowed as error:
                return refused(request, error, page=post.page)
            else:
                if created:
                    messages.success(request, _("Thank you. A moderator will look at your report."))
                else:
                    messages.info(request, _("You already reported this. A moderator will look at it."))
                return _back(request, post, reaction)
        status = 400
    context = {
        "post": post,
        "reaction": reaction,
        "form": form,
        "report_reasons": ReportReason.choices,
        "page": post.page.specific,
    }
    return no_store(TemplateResponse(request, "participation/moderation/report_form.html", context, status=status))


# --- Decisions on posts and reactions --------------------------------------------------------------------------


def _decide_on_item(request, kind, pk, service, success):
    """Run one moderation `service` on the post or reaction `kind`/`pk` the moderator can see, then go back."""
    post, reaction = _visible_item(request, kind, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    target = {"reaction": reaction} if reaction else {"post": post}
    try:
        service(by=request.user, reason=_refusal_reason(form), **target)
    except NotAllowed as error:
        return refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return _back(request, post, reaction)


@login_required
@require_POST
def hide(request, kind, pk, action):
    """A moderator hides (``action`` "verbergen") or unhides ("terugzetten") a post or reaction."""
    if action == "verbergen":
        return _decide_on_item(
            request, kind, pk, services.item_hide, _("Hidden. Only the author and the moderators still see it.")
        )
    return _decide_on_item(request, kind, pk, services.item_unhide, _("It is online again."))


@login_required
@require_POST
def decide_reports(request, kind, pk, decision):
    """A moderator decides on the reports of a post or reaction: keep it online ("behouden") or remove it
    ("verwijderen", with a reason the author reads). The reporters hear the outcome."""
    if decision == "behouden":
        return _decide_on_item(
            request, kind, pk, services.report_keep, _("Kept online. The reporters hear your decision.")
        )
    return _decide_on_item(
        request,
        kind,
        pk,
        services.report_remove,
        _("Removed. The author sees your reason; the reporters hear your decision."),
    )


@login_required
@require_POST
def post_decide(request, pk, decision):
    """A moderator approves ("goedkeuren") or refuses ("afwijzen", with a reason) a waiting post."""
    post = post_selectors.post_for(request.user, pk)
    if post is None:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        if decision == "goedkeuren":
            post_services.post_approve(post=post, by=request.user)
            messages.success(request, _("The post has been published."))
        else:
            post_services.post_reject(post=post, by=request.user, reason=_refusal_reason(form))
            messages.success(request, _("The post was refused. The author sees your reason."))
    except NotAllowed as error:
        return refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    # A refused post is its author's only: the moderator goes back to the working group, not to a 404.
    still_visible = post_selectors.post_for(request.user, post.pk) is not None
    return redirect(next_url(request, post.get_absolute_url() if still_visible else post.page.url))


@login_required
@require_POST
def reaction_decide(request, pk, decision):
    """A moderator approves ("goedkeuren") or refuses ("afwijzen", with a reason) a waiting reaction."""
    reaction = post_selectors.reaction_for(request.user, pk)
    if reaction is None:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        if decision == "goedkeuren":
            post_services.reaction_approve(reaction=reaction, by=request.user)
            messages.success(request, _("The reaction has been published."))
        else:
            post_services.reaction_reject(reaction=reaction, by=request.user, reason=_refusal_reason(form))
            messages.success(request, _("The reaction was refused. The author sees your reason."))
    except NotAllowed as error:
        return refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(next_url(request, f"{reaction.post.get_absolute_url()}#reactie-{reaction.pk}"))


# --- Memberships: requests to join, blocks ---------------------------------------------------------------------


def _visible_membership(request, pk):
    membership = group_selectors.membership_for(request.user, pk)
    if membership is None:
        raise Http404
    return membership


@login_required
@require_POST
def membership_decide(request, pk, decision):
    """A moderator accepts ("goedkeuren") or refuses ("afwijzen", with a reason) a request to join."""
    membership = _visible_membership(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        if decision == "goedkeuren":
            group_services.membership_approve(membership=membership, by=request.user)
            messages.success(request, _("%(name)s is now a member.") % {"name": membership.user.display_name})
        else:
            group_services.membership_reject(membership=membership, by=request.user, reason=_refusal_reason(form))
            messages.success(
                request, _("The request of %(name)s was refused.") % {"name": membership.user.display_name}
            )
    except NotAllowed as error:
        return refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(next_url(request, membership.theme.url + "?tab=leden#tab-panel"))


@login_required
@require_POST
def block(request, pk, action):
    """A moderator blocks ("blokkeren") or unblocks ("deblokkeren") the member of membership `pk`."""
    membership = _visible_membership(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    name = membership.user.display_name
    try:
        if action == "blokkeren":
            services.member_block(
                theme=membership.theme, user=membership.user, by=request.user, reason=_refusal_reason(form)
            )
            messages.success(request, _("%(name)s is blocked in this working group.") % {"name": name})
        else:
            services.member_unblock(
                theme=membership.theme, user=membership.user, by=request.user, reason=_refusal_reason(form)
            )
            messages.success(request, _("%(name)s is no longer blocked.") % {"name": name})
    except NotAllowed as error:
        return refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(next_url(request, membership.theme.url + "?tab=leden#tab-panel"))
