"""E-mail about collaboration spaces: the one place that sends it (SEC-22).

Mail about a space never carries care content — not the space's name, not who invited whom, not the young
person's name: only that the recipient was invited to a space, and the link. It goes through the outbox
(core.outbox): queued in the transaction that made the invitation, sent after commit (REL-03).
"""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from trajectories.models import INVITATION_DAYS


def absolute_url(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def invitation_message(*, token, language=None):
    """Subject and body of an invitation e-mail: no care content, only the link (SEC-22)."""
    context = {"link": absolute_url(reverse("trajectories:invitation_open", args=[token])), "days": INVITATION_DAYS}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string("trajectories/email/invitation_subject.txt", context).strip()
        body = render_to_string("trajectories/email/invitation_body.txt", context)
    return subject, body


def send_invitation(*, email, token):
    """Queue the invitation with `token` to `email` in the outbox; it leaves once the current transaction commits.
    The key holds a digest of the token, so a resent invitation (a new token) is a new mail."""
    from core.outbox import queue_mail

    subject, body = invitation_message(token=token, language=translation.get_language())
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    queue_mail(
        key=f"trajectories.invitation:{digest}", email=email, subject=subject, body=body, type="trajectories.invitation"
    )
