"""Views of the working groups: parse, call one service, render. Reads start from ``visible_to``; an object
the visitor may not see answers the same 404 as a missing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.hooks import REGISTER_POST_ACTIONS, call
from core.content.services import render_member_text
from core.ratelimit import allow
from participation import selectors, services
from participation.access import access_for, post_condition_is_public
from participation.forms import DecisionForm, JoinForm, PostForm, ReactionForm, ReportForm, audience_sentence
from participation.models import Attachment, Membership, MembershipStatus, PostStatus, Reaction, Section
from participation.presenters import for_visitors, listing_context

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


def _working_group(user, page_id):
    """The theme or subtheme `page_id` if `user` may see it, else 404."""
    from themes.models import SubthemePage, ThemePage

    group = access_for(user).pages.get(int(page_id))
    if group is None or not (group.visible or access_for(user).is_superuser):
        raise Http404
    # access knows which of the two it is, so the specific page comes in one query.
    model = ThemePage if group.theme_id == group.pk else SubthemePage
    page = model.objects.filter(pk=group.pk, live=True).first()
    if page is None:
        raise Http404
    return page, group


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _rate_limited(request, scope):
    from django.conf import settings

    limit, period = settings.PARTICIPATION_RATE_LIMITS[scope]
    return not allow(scope=f"participation-{scope}", key=request.user.pk, limit=limit, period=period)


def _too_many(request):
    return render(
        request,
        "429.html",
        {"message": _("You did that too often in a short time. Wait a minute and try again.")},
        status=429,
    )


def _refused(request, error, *, page=None, status=403):
    return render(request, "participation/refused.html", {"message": str(error), "page": page}, status=status)


def _no_store(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


def _refusal_reason(form):
    """The reason typed in a DecisionForm; a reason the form refused (too long) says so instead of vanishing."""
    if "reason" in form.errors:
        raise ValidationError(form.errors["reason"])
    return form.cleaned_data.get("reason", "")


# --- Memberships ------------------------------------------------------------------------------------


@login_required
@require_POST
def join(request, theme_id):
    from themes.models import ThemePage

    page, group = _working_group(request.user, theme_id)
    if not isinstance(page, ThemePage):
        raise Http404
    if _rate_limited(request, "join"):
        return _too_many(request)
    form = JoinForm(request.POST, organisations=services.representable_organisations(user=request.user, page=page))
    if not form.is_valid():
        return _refused(request, _("You cannot speak for this organisation in this working group."), page=page)
    try:
        membership = services.membership_join(
            user=request.user, theme=page, on_behalf_of=form.cleaned_data.get("on_behalf_of")
        )
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), page=page, status=400)
    if membership.status == MembershipStatus.APPROVED:
        messages.success(request, _("Welcome! You are now a member of %(theme)s.") % {"theme": page.title})
    else:
        messages.success(
            request,
            _("Thank you. Your request to join %(theme)s is waiting for approval by a moderator.")
            % {"theme": page.title},
        )
    return redirect(_next_url(request, page.url))


@login_required
@require_POST
def leave(request, theme_id):
    page, _group = _working_group(request.user, theme_id)
    membership = Membership.objects.filter(user=request.user, theme_id=page.pk).first()
    if membership is None:
        raise Http404
    services.membership_leave(membership=membership)
    messages.success(request, _("You have left %(theme)s.") % {"theme": page.title})
    return redirect(_next_url(request, page.url))


@login_required
@require_POST
def membership_decide(request, pk, decision):
    membership = Membership.objects.visible_to(request.user).filter(pk=pk).select_related("theme", "user").first()
    if membership is None:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        if decision == "goedkeuren":
            services.membership_approve(membership=membership, by=request.user)
            messages.success(request, _("%(name)s is now a member.") % {"name": membership.user.display_name})
        else:
            services.membership_reject(membership=membership, by=request.user, reason=_refusal_reason(form))
            messages.success(
                request, _("The request of %(name)s was refused.") % {"name": membership.user.display_name}
            )
    except services.NotAllowed as error:
        return _refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_next_url(request, membership.theme.url + "?tab=leden#tab-panel"))


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
    }
    return _no_store(TemplateResponse(request, "participation/post_form.html", context, status=status))


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
    access = access_for(request.user)
    if not access.is_member(group.theme_id):
        message = (
            _("Your request to join is still waiting for approval. You can post once a moderator has accepted it.")
            if access.is_pending(group.theme_id)
            else _("Only members of this working group can post. Join the working group first.")
        )
        return _refused(request, message, page=page)
    if access.is_blocked(group.theme_id):
        return _refused(request, services.blocked_message(), page=page)
    form_kwargs = {"page": page, "author": request.user, "group_type": group.group_type}
    if request.method != "POST":
        return _post_form_response(request, form=PostForm(**form_kwargs), page=page, group=group)
    form = PostForm(request.POST, request.FILES, **form_kwargs)
    if "preview" in request.POST:
        return _post_form_preview(request, form=form, page=page, group=group)
    if form.is_valid():
        if _rate_limited(request, "post"):
            return _too_many(request)
        try:
            post = services.post_create(author=request.user, page=page, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        except services.NotAllowed as error:
            return _refused(request, error, page=page)
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
    access = access_for(request.user)
    page = post.page.specific
    organisation = page.organisation
    is_member = access.is_member(post.theme_id)
    can_moderate = access.moderates(post.page_id)
    attachments = list(post.attachments.all())
    blocked = access.is_blocked(post.theme_id)
    reactions = selectors.reactions_for(request.user, post)
    open_reports = selectors.open_reports_for(request.user, post) if can_moderate else {}
    for reaction in reactions:
        reaction.report_prefix = f"report-reaction-{reaction.pk}"
        reaction.open_reports = open_reports.get(f"reaction-{reaction.pk}", [])
    can_react = is_member and not blocked and post.status == PostStatus.PUBLISHED
    is_author = request.user.is_authenticated and post.author_id == request.user.pk
    context = {
        "post": post,
        "page": page,
        "organisation": organisation,
        "breadcrumbs": page.breadcrumb_pages(request.user) + [page],
        "reactions": reactions,
        "attachments": attachments,
        "photos": [a for a in attachments if a.is_photo],
        "documents": [a for a in attachments if not a.is_photo],
        "is_member": is_member,
        "is_pending_member": access.is_pending(post.theme_id),
        "is_author": is_author,
        "can_moderate": can_moderate,
        "is_public": post_condition_is_public(post, access),
        "starred": request.user.is_authenticated and post.stars.filter(user=request.user).exists(),
        "can_star": is_member and not blocked and post.status == PostStatus.PUBLISHED,
        "is_blocked": blocked,
        # Reports (Melden): members who may contribute report what they see; moderators see the open reports.
        "can_report": is_member and not blocked,
        "open_reports": open_reports,
        "report_form": ReportForm(),
        "reaction_form": (reaction_form or ReactionForm(author=request.user, page=page)) if can_react else None,
        "decision_form": DecisionForm() if can_moderate else None,
        "actions": call(REGISTER_POST_ACTIONS, post, request, organisation=organisation),
        "audience_statement": _audience_statement(post, access, is_author=is_author),
    }
    response = TemplateResponse(request, "participation/post_detail.html", context, status=status)
    if not context["is_public"] or status != 200:
        _no_store(response)
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
        except services.NotAllowed as error:
            return _refused(request, error, page=page)
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
    except services.NotAllowed as error:
        return _refused(request, error)
    messages.success(request, _("Your post has been withdrawn. Only you still see it."))
    return redirect(reverse("participation:my_posts"))


@login_required
@require_POST
def post_decide(request, pk, decision):
    post = _visible_post(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        if decision == "goedkeuren":
            services.post_approve(post=post, by=request.user)
            messages.success(request, _("The post has been published."))
        else:
            services.post_reject(post=post, by=request.user, reason=_refusal_reason(form))
            messages.success(request, _("The post was refused. The author sees your reason."))
    except services.NotAllowed as error:
        return _refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    # A refused post is its author's only: the moderator goes back to the working group, not to a 404.
    still_visible = selectors.post_for(request.user, post.pk) is not None
    return redirect(_next_url(request, post.get_absolute_url() if still_visible else post.page.url))


# --- Stars ---------------------------------------------------------------------------------------------


@require_POST
def star(request, pk):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={reverse('participation:post_detail', args=[pk])}")
    post = _visible_post(request, pk)
    if _rate_limited(request, "star"):
        return _too_many(request)
    wanted = request.POST.get("starred") == "1"
    try:
        starred, count = services.star_set(user=request.user, post=post, starred=wanted)
    except services.NotAllowed as error:
        if request.htmx:
            return HttpResponse(str(error), status=403)
        return _refused(request, error)
    if request.htmx:
        post.star_count = count
        return render(request, "participation/includes/star.html", {"post": post, "starred": starred, "can_star": True})
    return redirect(_next_url(request, post.get_absolute_url()))


# --- Reactions -----------------------------------------------------------------------------------------


@login_required
@require_POST
def reaction_create(request, pk):
    post = _visible_post(request, pk)
    page = post.page.specific
    form = ReactionForm(request.POST, request.FILES, author=request.user, page=page)
    if form.is_valid():
        if _rate_limited(request, "reaction"):
            return _too_many(request)
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
        except services.NotAllowed as error:
            return _refused(request, error, page=page)
        else:
            if reaction.status == PostStatus.PENDING:
                messages.success(request, _("Thank you! Your reaction is waiting for approval by a moderator."))
            else:
                messages.success(request, _("Your reaction has been placed."))
            return redirect(f"{post.get_absolute_url()}#reactie-{reaction.pk}")
    # The post page again, with the form as it was filled in and its errors (htmx swaps the reactions in place).
    return _post_page(request, post, reaction_form=form, status=400)


def _visible_reaction(request, pk):
    reaction = Reaction.objects.visible_to(request.user).filter(pk=pk).select_related("post").first()
    if reaction is None:
        raise Http404
    return reaction


@login_required
@require_POST
def reaction_withdraw(request, pk):
    reaction = _visible_reaction(request, pk)
    try:
        services.reaction_withdraw(reaction=reaction, by=request.user)
    except services.NotAllowed as error:
        return _refused(request, error)
    messages.success(request, _("Your reaction has been withdrawn."))
    return redirect(reaction.post.get_absolute_url())


@login_required
@require_POST
def reaction_decide(request, pk, decision):
    reaction = _visible_reaction(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        if decision == "goedkeuren":
            services.reaction_approve(reaction=reaction, by=request.user)
            messages.success(request, _("The reaction has been published."))
        else:
            services.reaction_reject(reaction=reaction, by=request.user, reason=_refusal_reason(form))
            messages.success(request, _("The reaction was refused. The author sees your reason."))
    except services.NotAllowed as error:
        return _refused(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_next_url(request, f"{reaction.post.get_absolute_url()}#reactie-{reaction.pk}"))


# --- Files ---------------------------------------------------------------------------------------------


@require_GET
def attachment(request, pk, name):
    """An attachment, only for who sees its post or reaction (SEC-06, SEC-07)."""
    item = Attachment.objects.visible_to(request.user).filter(pk=pk).first()
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
        return render_to_string("participation/includes/post_batch.html", context, request=request)

    return _no_store(HttpResponse(for_visitors(page, request, "posts-batch", batch)))


@login_required
@require_GET
def my_posts(request):
    posts, next_cursor = selectors.user_posts(user=request.user, cursor=request.GET.get("na"))
    context = {"posts": posts, "next_cursor": next_cursor}
    return _no_store(render(request, "participation/my_posts.html", context))


@login_required
@require_GET
def my_stars(request):
    posts, next_cursor = selectors.user_stars(user=request.user, cursor=request.GET.get("na"))
    context = {"posts": posts, "next_cursor": next_cursor}
    return _no_store(render(request, "participation/my_stars.html", context))
