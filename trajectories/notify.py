"""E-mail about collaboration spaces: the one place that sends it (SEC-22).

Mail about a space never carries care content — not the space's name, not who invited whom, not the young
person's name: only that the recipient was invited to a space, and the link. It is sent with Django's
``send_mail`` after the transaction commits (REL-03); when the outbox (core.outbox) is ready, only this module
changes.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
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
    """Send the invitation with `token` to `email` once the current transaction commits."""
    language = translation.get_language()

    def deliver():
        subject, body = invitation_message(token=token, language=language)
        send_mail(subject, body, None, [email], fail_silently=False)

    transaction.on_commit(deliver)
