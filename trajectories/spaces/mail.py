"""The invitation e-mail (SEC-22, issue 9).

Whatever leaves the site about a space — an invitation, an appointment reminder (:mod:`trajectories.agenda.mail`),
a notification (its title is mailed and listed in digests: ``trajectories.messaging.services.news_title``) — names
neither the space nor any participant, and
carries no care content: only that there is something, and a link. Subjects show on lock screens and in shared
mailboxes; the space's name is seen only inside the site, after logging in, by the people in the space.
Invitations go through the outbox (core.outbox): queued in the transaction that made the invitation, sent after
commit (REL-03).
"""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.outbox.services import queue_mail
from trajectories.spaces.models import INVITATION_DAYS


def absolute_url(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def invitation_message(*, token, language=None):
    """Subject and body of an invitation e-mail: no care content, only the link (SEC-22)."""
    context = {"link": absolute_url(reverse("trajectories:invitation_open", args=[token])), "days": INVITATION_DAYS}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string("trajectories/spaces/email/invitation_subject.txt", context).strip()
        body = render_to_string("trajectories/spaces/email/invitation_body.txt", context)
    return subject, body


def send_invitation(*, email, token):
    """Queue the invitation with `token` to `email` in the outbox; it leaves once the current transaction commits.
    The key holds a digest of the token, so a resent invitation (a new token) is a new mail."""
    subject, body = invitation_message(token=token, language=translation.get_language())
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    queue_mail(
        key=f"trajectories.invitation:{digest}", email=email, subject=subject, body=body, type="trajectories.invitation"
    )
