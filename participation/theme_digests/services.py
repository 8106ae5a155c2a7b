"""The digest of interesting posts a moderator composes for their theme (seed 000: "een beheerder zal periodiek een
overzicht sturen van de interessante berichten"), issue 4 §7: the one write that sends it.

A moderator picks published posts of their theme, adds an optional introduction, previews and sends. Every
approved member (except the sender) is told as they chose for the notification type "theme digest": at once by
e-mail (one outbox row each, with a one-click unsubscribe), in their daily or weekly digest, or not at all, and
only about the posts they may see (``selectors.plan``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.notifications.services import Mail, Notice, tell
from participation.access import NotAllowed
from participation.theme_digests.mail import THEME_DIGEST, render_mail
from participation.theme_digests.models import Digest
from participation.theme_digests.policies import can_compose
from participation.theme_digests.selectors import candidates, plan

__all__ = ["INTRODUCTION_MAX", "THEME_DIGEST", "NotAllowed", "digest_send"]

INTRODUCTION_MAX = 5000


def _check(*, sender, theme, subject, introduction, posts):
    can_compose(sender, theme).enforce()
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
    posts they may see, through the one fan-out (:func:`core.notifications.services.tell`): one outbox row per
    member mailed now, one notification per member and post (so the daily or weekly digest re-checks every post
    when it leaves). Raises :class:`NotAllowed` for anyone but the theme's moderators, ``ValidationError`` for an
    empty subject, no posts or posts from elsewhere. `key` comes from the compose form: the same form sent twice,
    even at the same moment, sends one digest (returned again).
    """
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
    seen_by = {member.pk: seen for member, seen in recipients}

    def notices(member):
        return [
            Notice(
                key=f"theme-digest:{digest.pk}:{post.pk}",
                title=f"{theme.title}: {post.title}",
                text=digest.subject,
                url=post.get_absolute_url(),
                about=post,
            )
            for post in seen_by[member.pk]
        ]

    def mail(member, links):
        mail_subject, body = render_mail(
            theme=theme,
            subject=digest.subject,
            introduction=digest.introduction,
            posts=seen_by[member.pk],
            user=member,
            sender=sender,
            links=links,
        )
        return Mail(subject=mail_subject, body=body)

    told = tell(
        code=THEME_DIGEST,
        people=[member for member, _seen in recipients],
        key=f"theme-digest:{digest.pk}",
        notices=notices,
        mail=mail,
        actor=sender,
        now=now,
    )
    digest.recipient_count = len(told.told)
    digest.save(update_fields=["recipient_count"])
    log(
        instance=theme,
        action="werkgroepen.digest_sent",
        user=sender,
        data={"theme": theme.pk, "digest": digest.pk, "posts": len(posts), "recipients": digest.recipient_count},
    )
    return digest
