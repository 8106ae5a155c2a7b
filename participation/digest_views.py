"""Screens of the moderator's digest (overzicht): compose with a preview, send, and look back at what was sent.

Only the theme's moderators (and superadmins) come here: a theme the visitor may not see answers 404, a theme
they see but do not moderate 403; a digest they may not see (``Digest.objects.visible_to``) answers 404.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from participation import digests
from participation.digest_models import Digest
from participation.views import _no_store, _refused, _working_group


class PostChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class DigestForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    introduction = forms.CharField(
        label=gettext_lazy("Introduction (optional)"),
        required=False,
        max_length=digests.INTRODUCTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("A few words above the posts, e.g. why you picked them."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    posts = PostChoiceField(
        label=gettext_lazy("Posts"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one post.")},
        help_text=gettext_lazy(
            "The newest published posts of this working group. Members only receive the posts they may see."
        ),
    )

    def __init__(self, *args, theme, user, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = list(digests.candidates(theme=theme, user=user))
        self.candidates = {post.pk: post for post in candidates}
        self.fields["posts"].queryset = digests.Post.objects.filter(pk__in=list(self.candidates))
        self.fields["posts"].choices = [(post.pk, self.label(post)) for post in candidates]

    @staticmethod
    def label(post):
        stars = ngettext("%(count)d star", "%(count)d stars", post.star_count) % {"count": post.star_count}
        reactions = ngettext("%(count)d reaction", "%(count)d reactions", post.reaction_count) % {
            "count": post.reaction_count
        }
        return f"{post.title} ({post.page.title} · {stars} · {reactions})"

    def clean_posts(self):
        # The candidates were read once (with their pages); keep the same objects, in the listed order.
        chosen = {post.pk for post in self.cleaned_data["posts"]}
        return [post for pk, post in self.candidates.items() if pk in chosen]


def _theme_for_moderator(request, theme_id):
    from themes.models import ThemePage

    theme, _group = _working_group(request.user, theme_id)
    if not isinstance(theme, ThemePage):
        raise Http404
    if not digests.may_compose(request.user, theme):
        return theme, False
    return theme, True


@login_required
def digest_compose(request, theme_id):
    """Compose a digest: pick posts, write an introduction, preview, send."""
    theme, allowed = _theme_for_moderator(request, theme_id)
    if not allowed:
        return _refused(request, _("Only the moderators of this working group can send it a digest."), page=theme)
    initial = {"subject": _("Interesting posts in %(theme)s") % {"theme": theme.title}, "token": uuid.uuid4()}
    form = DigestForm(request.POST or None, initial=initial, theme=theme, user=request.user)
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if "send" in request.POST:
                try:
                    digest = digests.digest_send(
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
                preview = digests.preview(
                    theme=theme,
                    sender=request.user,
                    subject=data["subject"],
                    introduction=data["introduction"],
                    posts=data["posts"],
                )
        else:
            status = 400
    context = {"theme": theme, "form": form, "preview": preview, "candidates": form.candidates}
    return _no_store(render(request, "participation/digests/compose.html", context, status=status))


@login_required
def digest_list(request, theme_id):
    """The digests sent to a theme, newest first (its moderators only)."""
    theme, allowed = _theme_for_moderator(request, theme_id)
    if not allowed:
        return _refused(request, _("Only the moderators of this working group can see its digests."), page=theme)
    sent = (
        Digest.objects.visible_to(request.user)
        .filter(theme_id=theme.pk)
        .select_related("sender")
        .order_by("-sent_at", "-id")[:100]
    )
    return _no_store(render(request, "participation/digests/list.html", {"theme": theme, "digests": sent}))


@login_required
def digest_detail(request, pk):
    """One digest as it was sent: subject, introduction, posts, sender, time and number of members told."""
    digest = Digest.objects.visible_to(request.user).select_related("sender", "theme").filter(pk=pk).first()
    if digest is None:
        raise Http404
    posts = digest.posts.visible_to(request.user).order_by("-sort_at", "-id")
    return _no_store(
        render(
            request,
            "participation/digests/detail.html",
            {"digest": digest, "theme": digest.theme, "posts": posts},
        )
    )
