"""The compose form of a digest: subject, introduction and the posts picked. The rules live in the policy and the
service."""

from django import forms
from django.utils.translation import gettext_lazy, ngettext

from participation.posts.models import Post
from participation.theme_digests.selectors import candidates
from participation.theme_digests.services import INTRODUCTION_MAX


class PostChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class DigestForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    introduction = forms.CharField(
        label=gettext_lazy("Introduction (optional)"),
        required=False,
        max_length=INTRODUCTION_MAX,
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
        found = list(candidates(theme=theme, user=user))
        self.candidates = {post.pk: post for post in found}
        self.fields["posts"].queryset = Post.objects.filter(pk__in=list(self.candidates))
        self.fields["posts"].choices = [(post.pk, self.label(post)) for post in found]

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
