"""E-mail and notification texts about collaboration spaces (SEC-22, issue 9).

Whatever leaves the site about a space — an invitation, an appointment reminder (:mod:`trajectories.agenda`), a
notification (its title is mailed and listed in digests) — names neither the space nor any participant, and
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
from django.utils.translation import gettext

from trajectories.models import INVITATION_DAYS


def absolute_url(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def news_title():
    """The title of every notification about a space: the same neutral sentence whatever happened ("Er is iets
    nieuws in je werkruimte"), in the site's language like the mail around it (the title is stored and mailed as
    is, so the language of whoever caused it must not decide). The notification's link leads to the thing."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("There is something new in your collaboration space")


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
