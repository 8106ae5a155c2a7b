"""Public moderation views (issue 4 §2, §3): report a post or reaction (Melden), hide and unhide, decide on
reports (keep or remove), block and unblock a member. Each parses, finds the object through ``visible_to``
(invisible and missing: 404), calls one service, and shows what happened; a service refusal is a 403 page with
its message, never a silent success. Everything works with plain forms; htmx is not needed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation import selectors, services
from participation.forms import DecisionForm, ReportForm
from participation.models import Block, Membership, Reaction
from participation.views import _next_url, _no_store, _refusal_reason, _refused


def _visible_item(request, kind, pk):
    """``(post, reaction)`` for a report or a moderation action on a post (reaction None) or a reaction."""
    if kind == "reactie":
        reaction = Reaction.objects.visible_to(request.user).filter(pk=pk).select_related("post").first()
        if reaction is None:
            raise Http404
        post = selectors.post_for(request.user, reaction.post_id)
        if post is None:
            raise Http404
        return post, reaction
    post = selectors.post_for(request.user, pk)
    if post is None:
        raise Http404
    return post, None


def _item_url(post, reaction):
    return f"{post.get_absolute_url()}#reactie-{reaction.pk}" if reaction else post.get_absolute_url()


def _back(request, post, reaction):
    """Where to go after a decision: the item if the moderator still sees it, else its working group."""
    if selectors.post_for(request.user, post.pk) is None:
        return redirect(_next_url(request, post.page.url))
    return redirect(_next_url(request, _item_url(post, reaction)))


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
            except services.NotAllowed as error:
                return _refused(request, error, page=post.page)
            else:
                if created:
                    messages.success(request, _("Thank you. A moderator will look at your report."))
                else:
                    messages.info(request, _("You already reported this. A moderator will look at it."))
                return _back(request, post, reaction)
        status = 400
    context = {"post": post, "reaction": reaction, "form": form, "page": post.page.specific}
    return _no_store(TemplateResponse(request, "participation/report_form.html", context, status=status))


def _decide_on_item(request, kind, pk, service, success):
    """Run one moderation `service` on the post or reaction `kind`/`pk` the moderator can see, then go back."""
    post, reaction = _visible_item(request, kind, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    target = {"reaction": reaction} if reaction else {"post": post}
    try:
        service(by=request.user, reason=_refusal_reason(form), **target)
    except services.NotAllowed as error:
        return _refused(request, error)
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
def block(request, pk, action):
    """A moderator blocks ("blokkeren") or unblocks ("deblokkeren") the member of membership `pk`."""
    membership = Membership.objects.visible_to(request.user).filter(pk=pk).select_related("theme", "user").first()
    if membership is None:
        raise Http404
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
    except services.NotAllowed as error:
        return _refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_next_url(request, membership.theme.url + "?tab=leden#tab-panel"))


def blocked_user_ids(theme_id):
    return set(Block.objects.filter(theme_id=theme_id).values_list("user_id", flat=True))
