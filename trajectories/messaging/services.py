"""Writes of Berichten: start a thread, write a message, mark a thread read. One transaction each.

Every write reads the actor's seat again (``trajectories.spaces.services.current_space``) and finds the thread
through ``visible_to``: a message to a thread the actor is not in
is refused exactly like one to a thread that does not exist (:class:`ThreadNotFound`, a 404 in the views). The
unread numbers are kept here, in the write transaction: the thread's ``message_count`` is raised in the
database (``F() + 1``, safe under concurrent writers) and the author's own read state moves along with it.
People in the conversation are told through the notification centre (e-mail per their preference) with one
neutral sentence and a link (:func:`news_title`): never the space's name, a participant's
name, the subject or the text of a message (SEC-22, issue 9). Mail and digests leave the site; the link asks to
log in and then shows everything to who may see it.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from core.notifications.services import notify
from trajectories.access import Audience
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.items.services import item_create
from trajectories.messaging.models import MESSAGE_LIMIT, Message, MessageThread, ThreadReadState
from trajectories.messaging.selectors import thread_readers, unread_since
from trajectories.spaces.services import current_space, refusal

NOTIFICATION_TYPE = "trajectories.message"
THREAD_KIND = "message_thread"  # the registry key (trajectories.messaging.hooks)


def news_title():
    """The title of every notification about a space: the same neutral sentence whatever happened ("Er is iets
    nieuws in je werkruimte"), in the site's language like the mail around it (the title is stored and mailed as
    is, so the language of whoever caused it must not decide). The notification's link leads to the thing."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("There is something new in your collaboration space")


class ThreadNotFound(Http404):
    """The thread is missing, or the actor may not read it: the same answer."""


def _clean_text(text):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a message.")})
    if len(text) > MESSAGE_LIMIT:
        raise ValidationError(
            {"text": _("Your message is too long. Keep it under %(limit)s characters.") % {"limit": MESSAGE_LIMIT}}
        )
    return text


@transaction.atomic
def thread_start(*, trajectory, by, subject, text, audience=Audience.CHOSEN, chosen=()):
    """`by` starts a conversation with `chosen` participants (or everyone, or the professionals) and writes its
    first message. The thread is an item of the space: who reads it follows its audience."""
    subject = (subject or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Write what the conversation is about.")
    try:
        text = _clean_text(text)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    thread = item_create(
        model=MessageThread, trajectory=trajectory, by=by, audience=audience, chosen=chosen, subject=subject[:120]
    )
    message_send(thread=thread, by=by, text=text)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def message_send(*, thread, by, text):
    """`by` writes `text` in `thread`. Refused with :class:`ThreadNotFound` when they may not read the thread
    (a forged POST to someone else's conversation), and when the space is closed with ``NotAllowed``."""
    space = current_space(by, thread.trajectory_id)
    if not space.writable:
        raise refusal(space)
    current = (
        MessageThread.objects.visible_to(by, space=space)
        .filter(pk=thread.pk, trajectory_id=space.pk)
        .select_for_update()
        .first()
    )
    if current is None:
        raise ThreadNotFound
    text = _clean_text(text)
    now = timezone.now()
    message = Message.objects.create(thread=current, trajectory_id=space.pk, author=space.me, text=text, created_at=now)
    MessageThread.objects.filter(pk=current.pk).update(message_count=F("message_count") + 1, last_message_at=now)
    current.refresh_from_db(fields=["message_count", "last_message_at"])
    _mark_read(current, space.me, current.message_count)
    audit.record(space=space, item_type=THREAD_KIND, item_id=current.pk, action=AccessAction.UPDATE)  # a message added
    _notify(space, current, message)
    return message


def _mark_read(thread, participant, count):
    """Raise `participant`'s read position in `thread` to `count` (never lowers it)."""
    updated = ThreadReadState.objects.filter(thread=thread, participant=participant).update(
        read_count=Greatest(F("read_count"), count), read_at=timezone.now()
    )
    if not updated:
        ThreadReadState.objects.bulk_create(
            [ThreadReadState(thread=thread, participant=participant, read_count=count)], ignore_conflicts=True
        )


def thread_mark_read(*, thread, space, count):
    """The viewer of `space` has seen the first `count` messages of `thread` (a thread they may read). One
    statement (two the first time): no transaction of its own needed, the read position only ever rises."""
    _mark_read(thread, space.me, count)


MAIL_BUNDLE = timedelta(minutes=15)


def _notify(space, thread, message):
    """Tell the others in the conversation, bundled (issue 15 §7): at most one notice (and so one mail) per
    conversation per quarter of an hour while they have not read it. The notice's key names the conversation, the
    reader's unread streak (their read position: how many messages they had seen) and the quarter of an hour since
    the first unread message: ten messages
    in a minute share one key, and ``notify`` tells each person once per key. Reading the conversation starts a new
    streak; a streak unread for more than a quarter of an hour gets one reminder per quarter."""
    readers = [p for p in thread_readers(space, thread) if p.pk != space.me.pk and p.user is not None]
    if not readers:
        return
    url = reverse("trajectories:thread", args=[space.pk, thread.pk])
    since = unread_since(thread, [p.pk for p in readers])
    groups = {}
    for person in readers:
        position, started = since[person.pk]
        quarter = int((message.created_at - (started or message.created_at)) / MAIL_BUNDLE)
        groups.setdefault(f"{NOTIFICATION_TYPE}:{thread.pk}:{position}:{quarter}", []).append(person)
    for key, people in groups.items():
        notify(
            code=NOTIFICATION_TYPE,
            users=[p.user for p in people],
            key=key,
            title=news_title(),
            url=url,
            obj=thread,
            actor=space.me.user,
        )
