"""Push mail (issue 4 §6, seed 000): the write that sends one, and the worker's write of its e-mails.

A moderator of a theme — and its approved members, where ``ThemePage.members_may_push_mail`` is ticked — mails
a selection of the theme's approved members: all of them, those of chosen member organisations, or people picked
by hand. ``push_mail_send`` records the push mail and its recipients in one transaction and, after commit, a
background task writes one outbox row per recipient (key ``pushmail:<id>``), so the request stays fast for
10,000 members. Each e-mail has a one-click unsubscribe for the notification type "push mail"; members who
switched it off get nothing. The e-mail is plain text: the light Markdown the sender typed reads well as it is.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_tasks import task

from core.content.services import plain_text, render_member_text
from core.links import absolute
from core.models import User
from core.notifications.services import Mail, tell
from participation.access import NotAllowed
from participation.pushmail.models import PushMail, PushMailSelection
from participation.pushmail.policies import can_push
from participation.pushmail.selectors import members, recipient_ids

__all__ = ["PUSH_MAIL", "NotAllowed", "check_text", "expand_push_mail", "push_mail_send", "render_body"]

logger = logging.getLogger("werkgroepen.pushmail")

PUSH_MAIL = "participation.push_mail"  # its notification type (pushmail/hooks.py): members can switch it off
SUBJECT_MAX = 200
BODY_MAX = 20_000
BATCH = 1_000
UNSUBSCRIBE_PLACEHOLDER = "\x00unsubscribe\x00"


def check_text(*, subject, body):
    """Refuse an empty or over-long subject or message (field -> message)."""
    errors = {}
    if not subject.strip():
        errors["subject"] = _("Write a subject.")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _("The subject is too long: at most %(max)d characters.") % {"max": SUBJECT_MAX}
    if not body.strip():
        errors["body"] = _("Write a message.")
    elif len(body) > BODY_MAX:
        errors["body"] = _("The message is too long: at most %(max)d characters, this one has %(count)d.") % {
            "max": BODY_MAX,
            "count": len(body),
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def push_mail_send(*, sender, theme, key, subject, body, selection, organisations=(), people=()):
    """Send a push mail from `sender` to a selection of the approved members of `theme`.

    Records the push mail with its recipients and, once committed, has the worker write one outbox row per
    recipient. `key` comes from the form: sending the same form twice sends one push mail (returned again).
    Raises ``NotAllowed`` when `sender` may not mail this theme's members and ``ValidationError`` for an empty
    or too long text or a selection that reaches nobody. Nothing is sent in either case.
    """
    can_push(sender, theme).enforce()
    existing = PushMail.objects.filter(key=key, sender=sender).first()
    if existing is not None:
        return existing
    check_text(subject=subject, body=body)
    ids = recipient_ids(theme=theme, sender=sender, selection=selection, organisations=organisations, people=people)
    if not ids:
        raise ValidationError({"selection": _("This selection reaches no member. Choose other recipients.")})
    # ON CONFLICT DO NOTHING rather than a savepoint: a second click racing the first finds its row.
    PushMail.objects.bulk_create(
        [
            PushMail(
                theme=theme,
                sender=sender,
                key=key,
                subject=subject.strip(),
                body=body.strip(),
                selection=selection,
                organisation_names=sorted(org.name for org in organisations)
                if selection == PushMailSelection.ORGANISATIONS
                else [],
                recipient_ids=ids,
                recipient_count=len(ids),
            )
        ],
        ignore_conflicts=True,
    )
    push = PushMail.objects.get(key=key)
    if push.sender_id != sender.pk:
        raise NotAllowed(_("This push mail was already sent."))
    transaction.on_commit(lambda: expand_push_mail.enqueue(push.pk))
    return push


def render_body(push, *, unsubscribe_url=UNSUBSCRIBE_PLACEHOLDER, html=False):
    """The e-mail of `push` (Dutch first), with the unsubscribe link of the push mail type: the plain-text part, or
    with `html` the HTML part. Both come from the same member text, rendered as the preview shows it
    (:func:`core.content.services.render_member_text`): the text part reads as text, not as raw Markdown."""
    sender_name = push.sender.display_name if push.sender else _("a member")
    body_html = render_member_text(push.body)
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            f"participation/pushmail/email/push_mail_body.{'html' if html else 'txt'}",
            {
                "subject": push.subject,
                "body": plain_text(body_html),
                "body_html": body_html,
                "sender": sender_name,
                "theme": push.theme.title,
                "theme_url": absolute(push.theme.url or "/"),
                "unsubscribe_url": unsubscribe_url,
                "settings_url": absolute(reverse("notification_settings")),
            },
        )


@task()
def expand_push_mail(push_mail_id):
    """Write the outbox rows of a push mail (safe to run twice). A django-tasks task: :func:`push_mail_send` has the
    worker run it after commit (``expand_push_mail.call(id)`` runs it at once). It lives here, not in a
    ``tasks.py``, because it is a write and the service that enqueues it would otherwise import its own caller.

    Only people who are still approved members, still active and did not switch push mail off get one; push mail is
    no digest item, so those who read other news daily or weekly get it now too. The one fan-out
    (:func:`core.notifications.services.tell`) writes the rows, 1,000 people per round, and schedules delivery
    once; the body is rendered once here, only the personal unsubscribe link differs per recipient.
    """
    with transaction.atomic():
        push = (
            PushMail.objects.select_for_update(of=("self",))
            .select_related("theme", "sender")
            .filter(pk=push_mail_id, expanded_at__isnull=True)
            .first()
        )
        if push is None:
            return 0
        template = render_body(push)
        html_template = render_body(push, html=True)
        ids = push.recipient_ids
        still_members = set(members(push.theme).filter(user_id__in=ids).values_list("user_id", flat=True))
        people = []
        for start in range(0, len(ids), BATCH):
            people += (
                User.objects.filter(pk__in=[pk for pk in ids[start : start + BATCH] if pk in still_members])
                .only("pk", "email", "display_name", "is_active")
                .order_by("pk")
            )
        told = tell(
            code=PUSH_MAIL,
            people=people,
            key=push.outbox_key,
            mail=lambda person, links: Mail(
                subject=push.subject,
                body=template.replace(UNSUBSCRIBE_PLACEHOLDER, links.unsubscribe_url),
                html_body=html_template.replace(UNSUBSCRIBE_PLACEHOLDER, escape(links.unsubscribe_url)),
            ),
            digest=False,
        )
        written = len(told.mailed)
        push.expanded_at = timezone.now()
        push.save(update_fields=["expanded_at"])
    logger.info("Push mail %s: %d e-mails queued", push_mail_id, written)
    return written
