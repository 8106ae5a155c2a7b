"""Posts, reactions, stars and attachments of working groups (seed 000).

High-volume member content is plain Django models, never pages. Who may see what is defined once, in
:mod:`participation.access` (``visible_to`` on each queryset below); every read path starts there.
Counters (`star_count`, `reaction_count`, `last_reaction_at`) are written in the same transaction as the
change they count, so every sort of a theme's posts is an index scan.
"""

import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from participation.access import PostStatus, Section, attachment_visibility, post_visibility, reaction_visibility

__all__ = [
    "NO_REACTION_YET",
    "Attachment",
    "AttachmentKind",
    "Post",
    "PostAudience",
    "PostFilterOption",
    "PostStatus",
    "Reaction",
    "Section",
    "Star",
    "attachment_path",
    "no_reaction_yet",
]


NO_REACTION_YET = datetime(1970, 1, 1, tzinfo=UTC)


def no_reaction_yet():
    return NO_REACTION_YET


class PostQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def visible_to(self, user, *, access=None):
        """The posts `user` may see. The only definition (participation.access); pass `access` when the caller
        already computed it for this request."""
        return self.filter(post_visibility(user, audience=PostAudience.objects, access=access))

    def editable_by(self, user):
        """Posts `user` may edit or withdraw: their own that are not withdrawn (and that they may still see)."""
        if not user.is_authenticated:
            return self.none()
        return self.visible_to(user).filter(author=user).exclude(status=PostStatus.WITHDRAWN)


class Post(index.Indexed, models.Model):
    """A post (bericht) in a theme or subtheme: title, light-formatted body, category, filters, attachments."""

    theme = models.ForeignKey("wg_themes.ThemePage", on_delete=models.CASCADE, related_name="theme_posts")
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="posts",
        help_text=_("The theme or subtheme the post lives in."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )  # null once the author deleted their account ("verwijderde gebruiker")
    on_behalf_of = models.ForeignKey(
        "wg_themes.MemberOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        verbose_name=_("on behalf of"),
    )
    category = models.ForeignKey(
        "wg_themes.Category", null=True, on_delete=models.SET_NULL, related_name="posts", verbose_name=_("category")
    )
    filter_options = models.ManyToManyField(
        "wg_themes.FilterOption", through="PostFilterOption", blank=True, related_name="posts"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))  # sanitised HTML (core.content.services)
    body_source = models.TextField(blank=True)  # what the author typed, for editing
    section = models.CharField(_("section"), max_length=10, choices=Section.choices, default=Section.PUBLIC)
    # The theme's type when the post was written. With `section` it records whom the post was written for, so a
    # later change of type never widens that (participation.access): a members' post written while a moderator
    # admitted the members (closed or mixed) is not for people who join at once after the theme became open.
    # The services always set it; the default is the narrow side.
    theme_type_at_writing = models.CharField(_("type of the theme when written"), max_length=10, default="closed")
    status = models.CharField(_("status"), max_length=10, choices=PostStatus.choices, db_index=True)
    shielded = models.BooleanField(_("shielded"), default=False)
    audience = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PostAudience", blank=True, related_name="shielded_posts"
    )
    star_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    # The time of the newest published reaction; NO_REACTION_YET (1970) when there is none, so the "recent
    # reactions" sort needs no NULL handling (SQLite indexes cannot say NULLS LAST).
    last_reaction_at = models.DateTimeField(default=no_reaction_yet)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    sort_at = models.DateTimeField(
        help_text="When the post was published, or submitted while it waits: the 'most recent' sort key."
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    # Open reports (Melden) on the post itself, kept in the reporting and deciding transactions.
    open_report_count = models.PositiveIntegerField(default=0)

    objects = PostQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
    ]

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # One index per sort, for a theme (with its subthemes) and for a single (sub)theme page.
            models.Index(F("theme"), F("sort_at").desc(), F("id").desc(), name="post_theme_recent"),
            models.Index(F("theme"), F("reaction_count").desc(), F("id").desc(), name="post_theme_reactions"),
            models.Index(F("theme"), F("last_reaction_at").desc(), F("id").desc(), name="post_theme_lastreaction"),
            models.Index(F("theme"), F("star_count").desc(), F("id").desc(), name="post_theme_stars"),
            models.Index(F("page"), F("sort_at").desc(), F("id").desc(), name="post_page_recent"),
            models.Index(F("page"), F("reaction_count").desc(), F("id").desc(), name="post_page_reactions"),
            models.Index(F("page"), F("last_reaction_at").desc(), F("id").desc(), name="post_page_lastreaction"),
            models.Index(F("page"), F("star_count").desc(), F("id").desc(), name="post_page_stars"),
            models.Index(F("author"), F("created_at").desc(), name="post_author_recent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:post_detail", args=[self.pk])

    @property
    def is_public_section(self):
        return self.section == Section.PUBLIC


class PostFilterOption(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="filter_links")
    option = models.ForeignKey("wg_themes.FilterOption", on_delete=models.CASCADE, related_name="post_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "option"], name="postfilteroption_unique")]
        indexes = [models.Index(fields=["option", "post"], name="postfilteroption_option")]

    def __str__(self):
        return f"{self.post_id} · {self.option_id}"


class PostAudience(models.Model):
    """A member who may see a shielded post ("post afschermen")."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="audience_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="postaudience_unique")]
        indexes = [models.Index(fields=["user", "post"], name="postaudience_user")]

    def __str__(self):
        return f"{self.post_id} · {self.user_id}"


class ReactionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def visible_to(self, user, *, access=None):
        return self.filter(reaction_visibility(user, audience=PostAudience.objects, access=access))


class Reaction(index.Indexed, models.Model):
    """A reaction (reactie) on a post; it follows its post's visibility and moderation rule."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reactions")
    on_behalf_of = models.ForeignKey(
        "wg_themes.MemberOrganisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("reaction"))  # sanitised HTML
    body_source = models.TextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PostStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    open_report_count = models.PositiveIntegerField(default=0)

    objects = ReactionQuerySet.as_manager()

    search_fields = [index.SearchField("body"), index.FilterField("id")]

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        indexes = [
            models.Index(fields=["post", "created_at"], name="reaction_post_created"),
            models.Index(F("author"), F("created_at").desc(), name="reaction_author_recent"),
        ]

    def __str__(self):
        return f"{self.author} → {self.post_id}"

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#reactie-{self.pk}"


class Star(models.Model):
    """A star (sterretje) of a member on a post: one per member and post, whatever the number of clicks."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stars")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="stars")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="star_unique")]
        indexes = [models.Index(F("user"), F("id").desc(), name="star_user_recent")]

    def __str__(self):
        return f"{self.user} ★ {self.post_id}"


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")


def attachment_path(instance, filename):
    # Never under MEDIA_URL's public folders, never the uploader's file name: served only by the download view.
    return f"private/participation/{instance.created_at:%Y/%m}/{uuid.uuid4().hex}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user, *, access=None):
        condition = attachment_visibility(
            user, posts=Post.objects, reactions=Reaction.objects, audience=PostAudience.objects, access=access
        )
        return self.filter(condition)


class Attachment(models.Model):
    """A document or photo attached to a post or a reaction; served only through the download view."""

    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    reaction = models.ForeignKey(Reaction, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    alt_text = models.CharField(_("description of the photo"), max_length=250, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, reaction__isnull=True) | Q(post__isnull=True, reaction__isnull=False),
                name="attachment_one_parent",
            )
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("participation:attachment", args=[self.pk, self.original_name])

    @property
    def is_photo(self):
        return self.kind == AttachmentKind.PHOTO
