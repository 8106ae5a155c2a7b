"""Views of posts, reactions, stars and attachments: parse, call one service, render. Reads start from
``visible_to``; an object the visitor may not see answers the same 404 as a missing one. What the person may do
comes from the policies (posts/policies.py, moderation/policies.py) as booleans; the templates only test them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.hooks import REGISTER_POST_ACTIONS, call
from core.content.services import render_member_text
from participation.access import NotAllowed, PostStatus, Section, access_for, post_condition_is_public
from participation.groups.selectors import working_group
from participation.http import next_url, no_store, rate_limited, rate_status, refused, too_many
from participation.moderation.models import ReportReason
from participation.moderation.policies import can_report
from participation.moderation.selectors import open_reports_for
from participation.posts import selectors, services
from participation.posts.forms import PostForm, ReactionForm, audience_sentence
from participation.posts.policies import (
    can_edit,
    can_post_in,
    can_react,
    can_star,
    can_withdraw,
    can_withdraw_reaction,
)
from participation.posts.presenters import NO_CONTROLS, for_visitors, listing_context, moderation_controls

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


def _working_group(user, page_id):
    """The theme or subtheme `page_id` and its group if `user` may see it, else 404."""
    found = working_group(user, page_id)
    if found is None:
        raise Http404
    return found


# --- Posts --------------------------------------------------------------------------------------------


def _post_form_response(request, *, form, page, group, post=None, status=200, preview=None):
    context = {
        "form": form,
        "page": page,
        "organisation": page.organisation,
        "breadcrumbs": page.breadcrumb_pages(request.user) + [page],
        "post": post,
        "group_type": group.group_type,
        "audience_statement": form.audience_statement(),
        "preview": preview,
        "members_post_in_open_group": post is not None
        and group.group_type == "open"
        and post.section == Section.MEMBERS,
        # Before the limit is hit, not after (issue 14 §13): from the 8th post in the window, how many are left.
        "rate_status": rate_status(request, "post") if post is None else None,
    }
    return no_store(TemplateResponse(request, "participation/posts/post_form.html", context, status=status))


def _post_form_preview(request, *, form, page, group, post=None):
    """The form again with what the post will look like and who will see it; nothing is saved.

    htmx asks for it whenever a field changes (only the sentence about who sees the post is swapped in), so it
    always answers 200 there; the "Preview" button gets the usual 400 when something must still be corrected."""
    valid = form.is_valid()
    preview = None
    if valid:
        preview = {
            "title": form.cleaned_data["title"],
            "body": render_member_text(form.cleaned_data["body"]),
            "files_dropped": bool(request.FILES),
        }
    status = 200 if valid or request.htmx else 400
    return _post_form_response(request, form=form, page=page, group=group, post=post, status=status, preview=preview)


def _saved_message(post, base):
    """The confirmation after saving a post, with who sees it (said again, in case the member missed it)."""
    group_type = access_for(post.author).pages[post.page_id].group_type
    names = list(post.audience.order_by("display_name").values_list("display_name", flat=True)) if post.shielded else []
    return f"{base} " + audience_sentence(
        group_type=group_type, section=post.section, shielded=post.shielded, names=names
    )


@login_required
def post_create(request, page_id):
    page, group = _working_group(request.user, page_id)
    verdict = can_post_in(request.user, page)
    if not verdict:
        return refused(request, verdict.reason, page=page)
    form_kwargs = {"page": page, "author": request.user, "group_type": group.group_type}
    if request.method != "POST":
        return _post_form_response(request, form=PostForm(**form_kwargs), page=page, group=group)
    form = PostForm(request.POST, request.FILES, **form_kwargs)
    if "preview" in request.POST:
        return _post_form_preview(request, form=form, page=page, group=group)
    if form.is_valid():
        if rate_limited(request, "post"):
            return too_many(request, "post")
        try:
            post = services.post_create(author=request.user, page=page, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        except NotAllowed as error:
            return refused(request, error, page=page)
        else:
            if post.status == PostStatus.PENDING:
                messages.success(
                    request, _saved_message(post, _("Thank you! Your post is waiting for approval by a moderator."))
                )
            else:
                messages.success(request, _saved_message(post, _("Your post has been published.")))
            return redirect(post.get_absolute_url())
    return _post_form_response(request, form=form, page=page, group=group, status=400)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _visible_post(request, pk):
    post = selectors.post_for(request.user, pk)
    if post is None:
        raise Http404
    return post


@require_GET
def post_detail(request, pk):
    return _post_page(request, _visible_post(request, pk))


def _post_page(request, post, *, reaction_form=None, status=200):
    """The post with its reactions; `reaction_form` is a bound form with errors when a reaction was refused."""
    user = request.user
    access = access_for(user)
    page = post.page.specific
    organisation = page.organisation
    is_member = access.is_member(post.theme_id)
    can_moderate = access.moderates(post.page_id)
    attachments = list(post.attachments.all())
    reactions = selectors.reactions_for(user, post)
    open_reports = open_reports_for(user, post) if can_moderate else {}
    for reaction in reactions:
        reaction.report_prefix = f"report-reaction-{reaction.pk}"
        reaction.open_reports = open_reports.get(f"reaction-{reaction.pk}", [])
        reaction.can_withdraw = bool(can_withdraw_reaction(user, reaction))
        reaction.can_report = bool(can_report(user, reaction, access=access))
        reaction.controls = (
            moderation_controls(user, reaction, reports=reaction.open_reports, access=access)
            if can_moderate
            else NO_CONTROLS
        )
    is_author = user.is_authenticated and post.author_id == user.pk
    reacting = can_react(user, post, access=access)
    join_hint = ""
    if user.is_authenticated and not is_member and post.status == PostStatus.PUBLISHED:
        join_hint = "pending" if access.is_pending(post.theme_id) else "join"
    context = {
        "post": post,
        "page": page,
        "organisation": organisation,
        "breadcrumbs": page.breadcrumb_pages(user) + [page],
        "reactions": reactions,
        "attachments": attachments,
        "photos": [a for a in attachments if a.is_photo],
        "documents": [a for a in attachments if not a.is_photo],
        "is_author": is_author,
        "is_public": post_condition_is_public(post, access),
        "show_decision_reason": bool(post.decision_reason) and (is_author or can_moderate),
        "starred": user.is_authenticated and post.stars.filter(user=user).exists(),
        "can_star": bool(can_star(user, post, access=access)),
        "can_edit": bool(can_edit(user, post, access=access)),
        "can_withdraw": bool(can_withdraw(user, post)),
        "join_hint": join_hint,
        "is_blocked": access.is_blocked(post.theme_id),
        # Reports (Melden): who may report sees the form; moderators see the open reports and their controls.
        "can_report": bool(can_report(user, post, access=access)),
        "report_reasons": ReportReason.choices,
        "open_reports": open_reports,
        "controls": moderation_controls(user, post, reports=open_reports.get("post", []), access=access)
        if can_moderate
        else NO_CONTROLS,
        "reaction_form": (reaction_form or ReactionForm(author=user, page=page)) if reacting else None,
        "actions": call(REGISTER_POST_ACTIONS, post, request, organisation=organisation),
        "audience_statement": _audience_statement(post, access, is_author=is_author),
    }
    response = TemplateResponse(request, "participation/posts/post_detail.html", context, status=status)
    if not context["is_public"] or status != 200:
        no_store(response)
    return response


def _audience_statement(post, access, *, is_author):
    """Who sees `post`, in plain words: for a shielded post to everyone who sees it, for others to the author."""
    if not (post.shielded or is_author):
        return ""
    group = access.pages.get(post.page_id)
    names = list(post.audience.order_by("display_name").values_list("display_name", flat=True)) if post.shielded else []
    author = None if is_author else (post.author.display_name if post.author else _("deleted user"))
    return audience_sentence(
        group_type=group.group_type if group else "closed",
        section=post.section,
        shielded=post.shielded,
        names=names,
        author=author,
    )


@login_required
def post_edit(request, pk):
    post = selectors.post_for(request.user, pk)
    if post is None or post.author_id != request.user.pk or post.status == PostStatus.WITHDRAWN:
        raise Http404
    page, group = _working_group(request.user, post.page_id)
    verdict = can_edit(request.user, post)
    if not verdict:
        return refused(request, verdict.reason, page=page)
    form_kwargs = {"page": page, "author": request.user, "group_type": group.group_type, "post": post}
    if request.method != "POST":
        form = PostForm(initial=PostForm.initial_for(post), **form_kwargs)
        return _post_form_response(request, form=form, page=page, group=group, post=post)
    form = PostForm(request.POST, request.FILES, **form_kwargs)
    if "preview" in request.POST:
        return _post_form_preview(request, form=form, page=page, group=group, post=post)
    if form.is_valid():
        try:
            post = services.post_update(
                post=post,
                by=request.user,
                remove_attachments=list(form.cleaned_data.get("remove_attachments") or []),
                **form.service_arguments(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        except NotAllowed as error:
            return refused(request, error, page=page)
        else:
            if post.status == PostStatus.PENDING:
                messages.success(
                    request, _saved_message(post, _("Your changes are saved and wait for approval by a moderator."))
                )
            else:
                messages.success(request, _saved_message(post, _("Your changes are saved.")))
            return redirect(post.get_absolute_url())
    return _post_form_response(request, form=form, page=page, group=group, post=post, status=400)


@login_required
@require_POST
def post_withdraw(request, pk):
    post = _visible_post(request, pk)
    try:
        services.post_withdraw(post=post, by=request.user)
    except NotAllowed as error:
        return refused(request, error)
    messages.success(request, _("Your post has been withdrawn. Only you still see it."))
    return redirect(reverse("participation:my_posts"))


# --- Stars ---------------------------------------------------------------------------------------------


@require_POST
def star(request, pk):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={reverse('participation:post_detail', args=[pk])}")
    post = _visible_post(request, pk)
    if rate_limited(request, "star"):
        return too_many(request)
    wanted = request.POST.get("starred") == "1"
    try:
        starred, count = services.star_set(user=request.user, post=post, starred=wanted)
    except NotAllowed as error:
        if request.htmx:
            return HttpResponse(str(error), status=403)
        return refused(request, error)
    if request.htmx:
        post.star_count = count
        context = {"post": post, "starred": starred, "can_star": True}  # the service just accepted it
        return render(request, "participation/posts/includes/star.html", context)
    return redirect(next_url(request, post.get_absolute_url()))


# --- Reactions -----------------------------------------------------------------------------------------


@login_required
@require_POST
def reaction_create(request, pk):
    post = _visible_post(request, pk)
    page = post.page.specific
    form = ReactionForm(request.POST, request.FILES, author=request.user, page=page)
    if form.is_valid():
        if rate_limited(request, "reaction"):
            return too_many(request)
        try:
            reaction = services.reaction_create(
                author=request.user,
                post=post,
                body=form.cleaned_data["body"],
                on_behalf_of=form.cleaned_data.get("on_behalf_of"),
                files=form.cleaned_data.get("files", []),
            )
        except ValidationError as error:
            _add_errors(form, error)
        except NotAllowed as error:
            return refused(request, error, page=page)
        else:
            if reaction.status == PostStatus.PENDING:
                messages.success(request, _("Thank you! Your reaction is waiting for approval by a moderator."))
            else:
                messages.success(request, _("Your reaction has been placed."))
            return redirect(f"{post.get_absolute_url()}#reactie-{reaction.pk}")
    # The post page again, with the form as it was filled in and its errors (htmx swaps the reactions in place).
    return _post_page(request, post, reaction_form=form, status=400)


def _visible_reaction(request, pk):
    reaction = selectors.reaction_for(request.user, pk)
    if reaction is None:
        raise Http404
    return reaction


@login_required
@require_POST
def reaction_withdraw(request, pk):
    reaction = _visible_reaction(request, pk)
    try:
        services.reaction_withdraw(reaction=reaction, by=request.user)
    except NotAllowed as error:
        return refused(request, error)
    messages.success(request, _("Your reaction has been withdrawn."))
    return redirect(reaction.post.get_absolute_url())


# --- Files ---------------------------------------------------------------------------------------------


@require_GET
def attachment(request, pk, name):
    """An attachment, only for who sees its post or reaction (SEC-06, SEC-07)."""
    item = selectors.attachment_for(request.user, pk)
    if item is None or item.original_name != name:
        raise Http404
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    inline = item.content_type in INLINE_TYPES
    response = FileResponse(
        handle, content_type=item.content_type, as_attachment=not inline, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # Only public attachments may be kept by shared caches; everything else is private to the person.
    patch_cache_control(response, private=True, no_store=True)
    response._csp_exempt = True  # django-csp must not replace this response's own policy
    return response


# --- Listings --------------------------------------------------------------------------------------------


@require_GET
def posts_fragment(request, page_id):
    """The next batch of a theme's posts ("meer laden"), as list items for htmx; a full page without it."""
    page, _group = _working_group(request.user, page_id)
    if not request.htmx:
        query = request.GET.copy()
        query["tab"] = "berichten"
        return redirect(f"{page.url}?{query.urlencode()}#tab-panel")

    def batch():
        context = listing_context(page=page, request=request, facet_counts=False)
        return render_to_string("participation/posts/includes/post_batch.html", context, request=request)

    return no_store(HttpResponse(for_visitors(page, request, "posts-batch", batch)))


@login_required
@require_GET
def my_posts(request):
    posts, next_cursor = selectors.user_posts(user=request.user, cursor=request.GET.get("na"))
    context = {"posts": posts, "next_cursor": next_cursor}
    return no_store(render(request, "participation/posts/my_posts.html", context))


@login_required
@require_GET
def my_stars(request):
    posts, next_cursor = selectors.user_stars(user=request.user, cursor=request.GET.get("na"))
    context = {"posts": posts, "next_cursor": next_cursor}
    return no_store(render(request, "participation/posts/my_stars.html", context))
