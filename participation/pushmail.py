"""Push mail (issue 4 §6, seed 000): who may send it, to whom it goes, and the one write that sends it.

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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.hooks import NotificationType
from core.models import Frequency, OutboundMessage
from participation.access import access_for
from participation.models import Membership, MembershipStatus
from participation.pushmail_models import PushMail, PushMailSelection
from participation.services import NotAllowed

logger = logging.getLogger("werkgroepen.pushmail")

PUSH_MAIL = "participation.push_mail"
TYPES = [
    NotificationType(
        code=PUSH_MAIL,
        label=gettext_lazy("Push mails from my working groups"),
        default_frequency="immediately",
        audience="members",
    )
]
SUBJECT_MAX = 200
BODY_MAX = 20_000
BATCH = 1_000
UNSUBSCRIBE_PLACEHOLDER = "\x00unsubscribe\x00"


def may_push(user, theme):
    """Whether `user` may send a push mail to the members of `theme`: its moderators, and its approved members
    where the theme allows it."""
    if not user.is_authenticated or not user.is_active:
        return False
    access = access_for(user)
    if not access.page_visible(theme.pk):
        return False
    if access.moderates(theme.pk):
        return True
    return bool(theme.members_may_push_mail) and access.is_member(theme.pk) and not access.is_blocked(theme.pk)


def members(theme):
    """The approved, active members of `theme` (whom a push mail may reach)."""
    return Membership.objects.filter(theme=theme, status=MembershipStatus.APPROVED, user__is_active=True)


def recipient_ids(*, theme, sender, selection, organisations=(), people=()):
    """The user ids a push mail with this selection reaches (never the sender)."""
    chosen = members(theme).exclude(user_id=sender.pk)
    if selection == PushMailSelection.ORGANISATIONS:
        chosen = chosen.filter(on_behalf_of__in=list(organisations))
    elif selection == PushMailSelection.MEMBERS:
        chosen = chosen.filter(user_id__in=[person.pk for person in people])
    return sorted(set(chosen.values_list("user_id", flat=True)))


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
    if not may_push(sender, theme):
        raise NotAllowed(_("You may not send a push mail to the members of this working group."))
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
    transaction.on_commit(lambda: _enqueue_expand(push.pk))
    return push


def _enqueue_expand(push_mail_id):
    from participation.tasks import expand_push_mail

    expand_push_mail.enqueue(push_mail_id)


def _absolute(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def render_body(push, *, unsubscribe_url=UNSUBSCRIBE_PLACEHOLDER):
    """The plain-text e-mail of `push` (Dutch first), with the unsubscribe link of the push mail type."""
    sender_name = push.sender.display_name if push.sender else _("a member")
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "participation/email/push_mail_body.txt",
            {
                "body": push.body,
                "sender": sender_name,
                "theme": push.theme.title,
                "theme_url": _absolute(push.theme.url or "/"),
                "unsubscribe_url": unsubscribe_url,
                "settings_url": _absolute(reverse("notification_settings")),
            },
        )


def expand(push_mail_id):
    """Write the outbox rows of a push mail (the worker, after commit; safe to run twice).

    Only people who are still approved members and did not switch push mail off get one. The body is rendered
    once; only the personal unsubscribe link differs per recipient. Rows go in batches of 1,000.
    """
    from core.models import User
    from core.notifications import absolute, frequencies_for, unsubscribe_token
    from core.outbox import schedule_delivery

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
        now = timezone.now()
        written = 0
        ids = push.recipient_ids
        still_members = set(members(push.theme).filter(user_id__in=ids).values_list("user_id", flat=True))
        for start in range(0, len(ids), BATCH):
            users = list(
                User.objects.filter(pk__in=[pk for pk in ids[start : start + BATCH] if pk in still_members])
                .only("pk", "email", "display_name", "is_active")
                .order_by("pk")
            )
            frequencies = frequencies_for(users, PUSH_MAIL)
            rows = []
            for user in users:
                if frequencies[user.pk] == Frequency.OFF:
                    continue
                unsubscribe = absolute(reverse("notification_unsubscribe", args=[unsubscribe_token(user, PUSH_MAIL)]))
                rows.append(
                    OutboundMessage(
                        key=push.outbox_key,
                        email=user.email,
                        recipient_id=user.pk,
                        type=PUSH_MAIL,
                        subject=push.subject,
                        body=template.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe),
                        headers={
                            "List-Unsubscribe": f"<{unsubscribe}>",
                            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                        },
                        next_attempt_at=now,
                    )
                )
            OutboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
            written += len(rows)
        push.expanded_at = now
        push.save(update_fields=["expanded_at"])
        schedule_delivery()
    logger.info("Push mail %s: %d e-mails queued", push_mail_id, written)
    return written


def delivery(push):
    """How the e-mails of `push` are doing: {"queued": n, "sent": n, "failed": n, "cancelled": n, "skipped": n}.
    "skipped" are recipients who switched push mail off or left before it was sent."""
    from django.db.models import Count

    counts = dict(
        OutboundMessage.objects.filter(key=push.outbox_key)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    result = {status: counts.get(status, 0) for status in ("queued", "sent", "failed", "cancelled")}
    result["expanded"] = push.expanded_at is not None
    result["skipped"] = push.recipient_count - sum(counts.values()) if push.expanded_at else 0
    return result
