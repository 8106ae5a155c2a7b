"""Every write of the consultation room: the ballot every kind starts from, moderation of open answers, and the
notifications (opened, closing soon, results published, the follow-up) through core's one fan-out."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from config.hooks import REGISTER_WORKING_GROUP_MEMBERS, call
from core.notifications.services import Notice, tell
from core.request_cache import forget
from werkgroepen_consultations.consultation.models import (
    Ballot,
    ConsultationPage,
    OnePer,
    ResultsPolicy,
    Tally,
)
from werkgroepen_consultations.consultation.policies import (
    may_moderate,
    refusal_to_take_part,
    represented_organisations,
)
from werkgroepen_consultations.plans.models import Pin, PinReaction
from werkgroepen_consultations.surveys.models import SurveyDraft

OPENED = "consultations.opened"
CLOSING_SOON = "consultations.closing_soon"
RESULTS_PUBLISHED = "consultations.results_published"
FOLLOW_UP = "consultations.follow_up"


class Refused(Exception):
    """A ballot, pin or moderation refused, with the sentence to show; nothing was stored. ``already`` marks the
    "you already took part" case (a second ballot), which the page answers differently from a mistake."""

    def __init__(self, message, *, already=False, field=None):
        super().__init__(str(message))
        self.message = str(message)
        self.already = already
        self.field = field


def participant_key(*, page, user, organisation=None, session_key=""):
    """The key that makes one ballot per person (or organisation): a keyed hash on an anonymous consultation, so
    the ballot cannot be traced back to its author from the database or an export."""
    if organisation is not None:
        raw = f"o:{organisation.pk}"
    elif user.is_authenticated:
        raw = f"u:{user.pk}"
    else:
        raw = f"s:{session_key}"
    if not page.anonymous:
        return raw
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{page.pk}:{raw}".encode(), hashlib.sha256).hexdigest()
    return f"h:{digest}"


def _bump(page, *, ballots=0):
    """Keep the tally in the caller's transaction (a new version empties the cached results)."""
    forget()  # the tally read earlier in this request is stale now
    if not Tally.objects.filter(consultation=page).update(ballots=F("ballots") + ballots, version=F("version") + 1):
        Tally.objects.bulk_create([Tally(consultation=page)], ignore_conflicts=True)
        Tally.objects.filter(consultation=page).update(ballots=F("ballots") + ballots, version=F("version") + 1)


def answering_organisation(*, page, user, organisation_id):
    """The member organisation `user` answers for on a one-per-organisation consultation (refused otherwise)."""
    if page.one_per != OnePer.ORGANISATION:
        return None
    for organisation in represented_organisations(user, page):
        if str(organisation.pk) == str(organisation_id or ""):
            return organisation
    raise Refused(_("Choose the organisation you answer for."), field="organisation")


def ballot_start(*, page, user, organisation=None, session_key="", reason="", now=None):
    """Check the rules and store the ballot row of `user` (inside the caller's transaction), or raise
    :class:`Refused`. The database's unique key decides between identical concurrent submits: one ballot, the
    others are told they already took part (REL)."""
    refusal = refusal_to_take_part(user, page, now)
    if refusal:
        raise Refused(refusal)
    if page.one_per == OnePer.ORGANISATION and organisation is None:
        raise Refused(_("Choose the organisation you answer for."), field="organisation")
    if not user.is_authenticated and not session_key:
        raise Refused(_("Your browser did not keep our cookie: allow cookies to take part."))
    key = participant_key(page=page, user=user, organisation=organisation, session_key=session_key)
    named = not page.anonymous
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                consultation=page,
                participant_key=key,
                user=user if named and user.is_authenticated else None,
                organisation=organisation if named else None,
                submitted_at=now or timezone.now(),
                reason=reason,
            )
    except IntegrityError:
        if page.one_per == OnePer.ORGANISATION:
            raise Refused(_("Your organisation already took part."), already=True) from None
        raise Refused(_("You already took part in this consultation."), already=True) from None
    _bump(page, ballots=1)
    return ballot


def has_taken_part(*, page, user, session_key=""):
    """Whether `user` (or this visitor's session) already has a ballot here, for the person or any organisation
    they answer for."""
    keys = []
    if user.is_authenticated:
        keys.append(participant_key(page=page, user=user))
        if page.one_per == OnePer.ORGANISATION:
            keys += [
                participant_key(page=page, user=user, organisation=o) for o in represented_organisations(user, page)
            ]
    elif session_key:
        keys.append(participant_key(page=page, user=user, session_key=session_key))
    return bool(keys) and Ballot.objects.filter(consultation=page, participant_key__in=keys).exists()


@transaction.atomic
def reason_moderate(*, ballot, by, hidden):
    """Hide (or show again) a ballot's reason in the public results; moderators only."""
    if not may_moderate(by, ballot.consultation):
        raise Refused(_("Only moderators hide answers."))
    Ballot.objects.filter(pk=ballot.pk).update(reason_hidden=hidden)
    _bump(ballot.consultation)


def version_bump(*, page):
    """Mark the cached results of `page` stale (another room hid or showed an answer, in its transaction)."""
    _bump(page)


# --- Notifications -------------------------------------------------------------------------------------------------


def _members(page):
    group = page.working_group
    people = []
    for members in call(REGISTER_WORKING_GROUP_MEMBERS, group, organisation=group.organisation):
        people += list(members.people)
    return people


def _participants(page):
    """People known to have answered: named ballots only (an anonymous ballot names nobody)."""
    return [
        ballot.user for ballot in Ballot.objects.filter(consultation=page, user__isnull=False).select_related("user")
    ]


def _tell(*, code, page, people, key, title):
    text = Truncator(strip_tags(page.intro)).words(30)
    return tell(
        code=code,
        people=people,
        key=key,
        notices=Notice(key=key, title=title, text=text, url=page.url or "", about=page),
        about=page,
        skip_told=True,
    )


@transaction.atomic
def notices_send(*, page, now=None):
    """Send what is due for `page` now: opened (to the theme's members), closing in 24 hours (to who started but
    did not submit), results published and the follow-up (to the members and named participants). Each event has
    a key, so running this again (cron, and after every publish) tells nobody twice. Returns the codes sent."""
    now = now or timezone.now()
    page = ConsultationPage.objects.get(pk=page.pk)  # the published values, not a draft's
    if not page.live:
        return []
    sent = []
    if page.is_open(now):
        _tell(
            code=OPENED,
            page=page,
            people=_members(page),
            key=f"consultation-opened:{page.pk}",
            title=_("New consultation: %(title)s") % {"title": page.title},
        )
        sent.append(OPENED)
        if page.closes_at - now <= timedelta(hours=24):
            answered = set(
                Ballot.objects.filter(consultation=page, user__isnull=False).values_list("user_id", flat=True)
            )
            started = [draft.user for draft in page.drafts.select_related("user") if draft.user_id not in answered]
            _tell(
                code=CLOSING_SOON,
                page=page,
                people=started,
                key=f"consultation-closing:{page.pk}",
                title=_("Closes within 24 hours: %(title)s. Finish your answer.") % {"title": page.title},
            )
            sent.append(CLOSING_SOON)
    if page.has_closed(now) and page.results_policy == ResultsPolicy.AFTER_CLOSING:
        _tell(
            code=RESULTS_PUBLISHED,
            page=page,
            people=_members(page) + _participants(page),
            key=f"consultation-results:{page.pk}",
            title=_("Results published: %(title)s") % {"title": page.title},
        )
        sent.append(RESULTS_PUBLISHED)
    if strip_tags(page.follow_up).strip():
        version = hashlib.sha256(page.follow_up.encode()).hexdigest()[:16]
        _tell(
            code=FOLLOW_UP,
            page=page,
            people=_members(page) + _participants(page),
            key=f"consultation-follow-up:{page.pk}:{version}",
            title=_("What we did with it: %(title)s") % {"title": page.title},
        )
        sent.append(FOLLOW_UP)
    return sent


def notices_send_all(*, now=None):
    """:func:`notices_send` for every live consultation that opened, and closed less than 30 days ago (cron). Returns
    the number of events due (told now or before)."""
    now = now or timezone.now()
    sent = 0
    pages = ConsultationPage.objects.live().filter(opens_at__lte=now, closes_at__gte=now - timedelta(days=30))
    for page in pages.order_by("pk"):
        sent += len(notices_send(page=page, now=now))
    return sent


@transaction.atomic
def personal_data_erase(user):
    """Account deletion (``register_user_data``): drafts go, pins and reactions go, named ballots stay in the
    results without a name (the counts people saw do not change)."""
    SurveyDraft.objects.filter(user=user).delete()
    for pin in Pin.objects.filter(author=user).select_related("consultation"):
        pin.delete()
        _bump(pin.consultation)
    PinReaction.objects.filter(author=user).delete()
    Ballot.objects.filter(user=user).update(user=None)
