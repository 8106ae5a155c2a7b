"""The digest of interesting posts a moderator composes for their theme (seed 000: "een beheerder zal periodiek een
overzicht sturen van de interessante berichten"), issue 4 §7.

A moderator picks published posts of their theme, adds an optional introduction, previews and sends. Every
approved member (except the sender) is told as they chose for the notification type "theme digest": at once by
e-mail (one outbox row each, with a one-click unsubscribe), in their daily or weekly digest, or not at all.
Each member only receives the posts they may see: the rule of :mod:`participation.access` for an approved member,
applied to all members at once (a fixed number of queries whatever the number of members or posts):

* the post is published and its page is visible to a person without roles (live, not hidden);
* a shielded post only to the members the author picked, and to its author;
* a members' post written for the members a moderator admitted (closed or mixed theme) not to a member who
  joined at once, the theme having become open, after it was written.

People with roles may see more (a moderator sees shielded posts); the digest never gives them more than a plain
member would get, so it can never give anyone too much. ``tests/participation/test_digests.py`` checks this rule
against ``Post.objects.visible_to`` for every recipient.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from config.hooks import NotificationType
from core.models import Frequency, Notification, OutboundMessage, User
from participation.access import ADMITTED_MEMBERSHIP, access_for
from participation.digest_models import Digest
from participation.models import Membership, MembershipStatus, Post, PostAudience, PostStatus, Section
from participation.services import NotAllowed

THEME_DIGEST = "participation.theme_digest"
OBSERVER_UPDATE = "participation.observer_update"
CANDIDATE_LIMIT = 100
INTRODUCTION_MAX = 5000
BATCH = 1000

TYPES = [
    NotificationType(
        code=THEME_DIGEST,
        label=gettext_lazy("Digests of interesting posts from my working groups"),
        default_frequency="immediately",
        audience="members",
    ),
    NotificationType(
        code=OBSERVER_UPDATE,
        label=gettext_lazy("Periodic update for observers"),
        default_frequency="immediately",
        audience="members",
    ),
]


def may_compose(user, theme):
    """Whether `user` moderates `theme` (and may see it): only they compose and read its digests."""
    if not user.is_authenticated:
        return False
    access = access_for(user)
    return access.moderates(theme.pk) and access.page_visible(theme.pk)


def candidates(*, theme, user):
    """The posts a moderator may put in a digest: the newest published posts of the theme and its subthemes that
    the moderator sees (``visible_to``), with what the form shows (page, stars, reactions)."""
    return (
        Post.objects.visible_to(user)
        .filter(theme_id=theme.pk, status=PostStatus.PUBLISHED)
        .select_related("page")
        .order_by("-sort_at", "-id")[:CANDIDATE_LIMIT]
    )


def _open_pages(posts):
    """Ids of the pages of `posts` that a person without roles may see (live and not hidden)."""
    pages = access_for(AnonymousUser()).pages
    return {post.page_id for post in posts if post.page_id in pages and pages[post.page_id].visible}


def plan(*, theme, posts, exclude=None):
    """``[(member, [posts they may see])]`` for the approved, active members of `theme` (minus `exclude`), in a
    fixed number of queries; members who may see none of `posts` are left out."""
    posts = [post for post in posts if post.status == PostStatus.PUBLISHED and post.theme_id == theme.pk]
    if not posts:
        return []
    open_pages = _open_pages(posts)
    audience = {}
    for post_id, user_id in PostAudience.objects.filter(post_id__in=[p.pk for p in posts]).values_list(
        "post_id", "user_id"
    ):
        audience.setdefault(post_id, set()).add(user_id)
    members = User.objects.filter(
        is_active=True, memberships__theme_id=theme.pk, memberships__status=MembershipStatus.APPROVED
    ).order_by("pk")
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    joined_at_once = dict(
        Membership.objects.filter(theme_id=theme.pk, status=MembershipStatus.APPROVED, joined_at_once=True).values_list(
            "user_id", Coalesce("decided_at", "created_at")
        )
    )
    result = []
    for member in members:
        since = joined_at_once.get(member.pk)
        seen = [
            post
            for post in posts
            if post.page_id in open_pages
            and (not post.shielded or member.pk in audience.get(post.pk, ()) or post.author_id == member.pk)
            and (
                since is None
                or post.section != Section.MEMBERS
                or post.theme_type_at_writing not in ADMITTED_MEMBERSHIP
                or post.created_at >= since
                or post.author_id == member.pk
            )
        ]
        if seen:
            result.append((member, seen))
    return result


def _excerpt(post):
    return Truncator(strip_tags(post.body).replace("\xa0", " ").strip()).words(40)


def _absolute(url):
    from core.notifications import absolute

    return absolute(url)


def render_mail(*, theme, subject, introduction, posts, user, sender):
    """Subject, body and headers of the digest mail for `user` (Dutch first), with the unsubscribe of its type."""
    from core.notifications import unsubscribe_token

    unsubscribe = _absolute(reverse("notification_unsubscribe", args=[unsubscribe_token(user, THEME_DIGEST)]))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": user.display_name,
            "theme": theme,
            "theme_url": _absolute(theme.url or "/"),
            "introduction": introduction,
            "sender": sender.display_name if sender else "",
            "posts": [
                {
                    "title": post.title,
                    "excerpt": _excerpt(post),
                    "url": _absolute(post.get_absolute_url()),
                    "stars": post.star_count,
                    "reactions": post.reaction_count,
                }
                for post in posts
            ],
            "unsubscribe_url": unsubscribe,
            "settings_url": _absolute(reverse("notification_settings")),
        }
        body = render_to_string("participation/email/theme_digest_body.txt", context)
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return f"[Werkgroepen] {subject}", body, headers


def preview(*, theme, sender, subject, introduction, posts):
    """What a member who may see every picked post receives, and how many members will be told."""
    from core.notifications import frequencies_for

    recipients = plan(theme=theme, posts=posts, exclude=sender)
    frequencies = frequencies_for([member for member, _seen in recipients], THEME_DIGEST)
    told = [(member, seen) for member, seen in recipients if frequencies[member.pk] != Frequency.OFF]
    mail_subject, body, _headers = render_mail(
        theme=theme, subject=subject, introduction=introduction, posts=posts, user=sender, sender=sender
    )
    return {
        "subject": mail_subject,
        "body": body,
        "recipient_count": len(told),
        "fewer_count": sum(1 for _member, seen in told if len(seen) < len(posts)),
    }


def _check(*, sender, theme, subject, introduction, posts):
    if not may_compose(sender, theme):
        raise NotAllowed(_("Only the moderators of this working group can send it a digest."))
    errors = {}
    if not subject.strip():
        errors["subject"] = _("Give the digest a subject.")
    elif len(subject) > 200:
        errors["subject"] = _("The subject can be at most 200 characters long.")
    if len(introduction) > INTRODUCTION_MAX:
        errors["introduction"] = _("The introduction can be at most %(max)d characters long.") % {
            "max": INTRODUCTION_MAX
        }
    allowed = {post.pk for post in candidates(theme=theme, user=sender)}
    if not posts:
        errors["posts"] = _("Choose at least one post.")
    elif any(post.pk not in allowed for post in posts):
        errors["posts"] = _("Choose published posts of this working group only.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def digest_send(*, sender, theme, subject, introduction="", posts, key=None):
    """Send a digest of `posts` to the approved members of `theme` and record it.

    Each member is told as they chose for "theme digest" (mail now, daily or weekly digest, or off) about the
    posts they may see: one outbox row per member mailed now, one notification per member and post (so the
    daily or weekly digest re-checks every post when it leaves). Raises :class:`NotAllowed` for anyone but the
    theme's moderators, ``ValidationError`` for an empty subject, no posts or posts from elsewhere. `key` comes
    from the compose form: the same form sent twice, even at the same moment, sends one digest (returned again).
    """
    from core.notifications import frequencies_for
    from core.outbox import schedule_delivery

    posts = sorted(posts, key=lambda post: (-post.sort_at.timestamp(), -post.pk))
    _check(sender=sender, theme=theme, subject=subject, introduction=introduction, posts=posts)
    now = timezone.now()
    fields = {"theme": theme, "sender": sender, "subject": subject.strip(), "introduction": introduction.strip()}
    if key:
        # A racing second request waits on the unique index until the first commits, then finds its row.
        digest, created = Digest.objects.get_or_create(key=key, defaults={**fields, "sent_at": now})
        if not created:
            if digest.sender_id != sender.pk or digest.theme_id != theme.pk:
                raise NotAllowed(_("Only the moderators of this working group can send it a digest."))
            return digest
    else:
        digest = Digest.objects.create(**fields, sent_at=now)
    digest.posts.set(posts)
    recipients = plan(theme=theme, posts=posts, exclude=sender)
    frequencies = frequencies_for([member for member, _seen in recipients], THEME_DIGEST)
    recipients = [(member, seen) for member, seen in recipients if frequencies[member.pk] != Frequency.OFF]
    content_type = ContentType.objects.get_for_model(Post)
    notifications, messages = [], []
    for member, seen in recipients:
        frequency = frequencies[member.pk]
        immediately = frequency == Frequency.IMMEDIATELY
        for post in seen:
            notifications.append(
                Notification(
                    recipient=member,
                    type=THEME_DIGEST,
                    key=f"theme-digest:{digest.pk}:{post.pk}",
                    title=f"{theme.title}: {post.title}"[:300],
                    text=digest.subject,
                    url=post.get_absolute_url(),
                    content_type=content_type,
                    object_id=str(post.pk),
                    frequency=frequency,
                    emailed_at=now if immediately else None,
                )
            )
        if immediately:
            mail_subject, body, headers = render_mail(
                theme=theme,
                subject=digest.subject,
                introduction=digest.introduction,
                posts=seen,
                user=member,
                sender=sender,
            )
            messages.append(
                OutboundMessage(
                    key=f"theme-digest:{digest.pk}",
                    email=member.email,
                    recipient=member,
                    type=THEME_DIGEST,
                    subject=mail_subject[:300],
                    body=body,
                    headers=headers,
                    next_attempt_at=now,
                )
            )
    Notification.objects.bulk_create(notifications, batch_size=BATCH, ignore_conflicts=True)
    OutboundMessage.objects.bulk_create(messages, batch_size=BATCH, ignore_conflicts=True)
    if messages:
        schedule_delivery()
    digest.recipient_count = len(recipients)
    digest.save(update_fields=["recipient_count"])
    log(
        instance=theme,
        action="werkgroepen.digest_sent",
        user=sender,
        data={"theme": theme.pk, "digest": digest.pk, "posts": len(posts), "recipients": len(recipients)},
    )
    return digest
