"""Screens of the moderator's digest (overzicht): compose with a preview, send, and look back at what was sent.

Only the theme's moderators (and superadmins) come here: a theme the visitor may not see answers 404, a theme
they see but do not moderate 403; a digest they may not see (``Digest.objects.visible_to``) answers 404.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.groups.selectors import working_group
from participation.http import no_store, refused
from participation.theme_digests import mail, selectors, services
from participation.theme_digests.forms import DigestForm
from participation.theme_digests.policies import can_compose, can_see_digests
from themes.models import ThemePage


def _theme(request, theme_id):
    """The theme `theme_id` if the visitor may see it (not a subtheme), else 404."""
    found = working_group(request.user, theme_id)
    if found is None or not isinstance(found[0], ThemePage):
        raise Http404
    return found[0]


@login_required
def digest_compose(request, theme_id):
    """Compose a digest: pick posts, write an introduction, preview, send."""
    theme = _theme(request, theme_id)
    verdict = can_compose(request.user, theme)
    if not verdict:
        return refused(request, verdict.reason, page=theme)
    initial = {"subject": _("Interesting posts in %(theme)s") % {"theme": theme.title}, "token": uuid.uuid4()}
    form = DigestForm(request.POST or None, initial=initial, theme=theme, user=request.user)
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if "send" in request.POST:
                try:
                    digest = services.digest_send(
                        sender=request.user,
                        theme=theme,
                        subject=data["subject"],
                        introduction=data["introduction"],
                        posts=data["posts"],
                        key=str(data["token"]) if data.get("token") else None,
                    )
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        for message in errors:
                            form.add_error(field if field in form.fields else None, message)
                    status = 400
                else:
                    messages.success(
                        request,
                        ngettext(
                            "Your digest is on its way to %(count)d member.",
                            "Your digest is on its way to %(count)d members.",
                            digest.recipient_count,
                        )
                        % {"count": digest.recipient_count},
                    )
                    return redirect(digest.get_absolute_url())
            else:
                preview = mail.preview(
                    theme=theme,
                    sender=request.user,
                    subject=data["subject"],
                    introduction=data["introduction"],
                    posts=data["posts"],
                )
        else:
            status = 400
    context = {"theme": theme, "form": form, "preview": preview, "candidates": form.candidates}
    return no_store(render(request, "participation/theme_digests/compose.html", context, status=status))


@login_required
def digest_list(request, theme_id):
    """The digests sent to a theme, newest first (its moderators only)."""
    theme = _theme(request, theme_id)
    verdict = can_see_digests(request.user, theme)
    if not verdict:
        return refused(request, verdict.reason, page=theme)
    sent = selectors.sent_to(theme, request.user, limit=100)
    return no_store(render(request, "participation/theme_digests/list.html", {"theme": theme, "digests": sent}))


@login_required
def digest_detail(request, pk):
    """One digest as it was sent: subject, introduction, posts, sender, time and number of members told."""
    digest = selectors.digest_for(request.user, pk)
    if digest is None:
        raise Http404
    posts = selectors.digest_posts(digest, request.user)
    return no_store(
        render(
            request,
            "participation/theme_digests/detail.html",
            {"digest": digest, "theme": digest.theme, "posts": posts},
        )
    )
