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
from django.utils.translation import gettext

from core.notifications.services import Notice, tell
from core.outbox.services import queue_mail
from trajectories.spaces.models import INVITATION_DAYS

STATUS_NOTIFICATION_TYPE = "trajectories.space_status"


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


def tell_status_change(*, trajectory, event, readers, left, actor):
    """Tell the people of `trajectory` that it was closed or opened again (issue 13 §4), inside the transaction of the
    change: `readers` (users who read the space now) get a notice and a mail with a neutral title and the link to the
    space; `left` (users who read it before and no longer do) get only a mail that a space they took part in changed,
    with a link to their spaces. Neither names the space, anyone in it or why (SEC-22). `event` names the change
    (it keys the mail: one per person and change)."""
    key = f"{STATUS_NOTIFICATION_TYPE}:{trajectory.pk}:{event}"
    with translation.override(settings.LANGUAGE_CODE):  # stored and mailed as is: the site's language
        title = gettext("There is something new in your collaboration space")
        gone_title = gettext("A collaboration space you took part in has changed")
    url = reverse("trajectories:overview", args=[trajectory.pk])
    tell(
        code=STATUS_NOTIFICATION_TYPE,
        people=readers,
        key=key,
        notices=Notice(key=key, title=title, url=url),
        about=trajectory,
        actor=actor,
    )
    if left:
        gone_key = f"{key}:left"
        tell(
            code=STATUS_NOTIFICATION_TYPE,
            people=left,
            key=gone_key,
            notices=Notice(key=gone_key, title=gone_title, url=reverse("trajectories:my_spaces")),
            actor=actor,
        )
