"""The digest e-mail: what each member receives (Dutch first), and the preview the moderator sees before sending."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator

from core.links import absolute
from core.models import Frequency
from core.notifications.selectors import frequencies_for, mail_links
from participation.theme_digests.selectors import plan

THEME_DIGEST = "participation.theme_digest"  # its notification type (theme_digests/hooks.py)


def _excerpt(post):
    return Truncator(strip_tags(post.body).replace("\xa0", " ").strip()).words(40)


def render_mail(*, theme, subject, introduction, posts, user, sender, links=None):
    """Subject and body of the digest mail for `user` (Dutch first), with the one-click unsubscribe of its type.

    `links` are the person's links that :func:`core.notifications.services.tell` hands over (it adds the matching
    unsubscribe headers); the preview, outside the fan-out, leaves them out and gets them made here."""
    links = links or mail_links(user, THEME_DIGEST)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": user.display_name,
            "theme": theme,
            "theme_url": absolute(theme.url or "/"),
            "introduction": introduction,
            "sender": sender.display_name if sender else "",
            "posts": [
                {
                    "title": post.title,
                    "excerpt": _excerpt(post),
                    "url": absolute(post.get_absolute_url()),
                    "stars": post.star_count,
                    "reactions": post.reaction_count,
                }
                for post in posts
            ],
            "unsubscribe_url": links.unsubscribe_url,
            "settings_url": links.settings_url,
        }
        body = render_to_string("participation/theme_digests/email/theme_digest_body.txt", context)
    return f"[Werkgroepen] {subject}", body


def preview(*, theme, sender, subject, introduction, posts):
    """What a member who may see every picked post receives, and how many members will be told."""
    recipients = plan(theme=theme, posts=posts, exclude=sender)
    frequencies = frequencies_for([member for member, _seen in recipients], THEME_DIGEST)
    told = [(member, seen) for member, seen in recipients if frequencies[member.pk] != Frequency.OFF]
    mail_subject, body = render_mail(
        theme=theme, subject=subject, introduction=introduction, posts=posts, user=sender, sender=sender
    )
    return {
        "subject": mail_subject,
        "body": body,
        "recipient_count": len(told),
        "fewer_count": sum(1 for _member, seen in told if len(seen) < len(posts)),
    }
