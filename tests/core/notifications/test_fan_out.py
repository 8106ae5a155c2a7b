"""The one fan-out (issue 10 §4): ``core.notifications.services.tell`` turns one event into notification-centre rows
and outbox messages for a set of people — preferences, digests, extra addresses, per-person rendering, delivery after
commit. The theme digests, observer updates and push mail of participation call it too."""

import uuid

import pytest
from django.db import transaction
from django.utils import timezone, translation
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, NotificationType
from core.models import DataExport, Frequency, Notification, NotificationAddress, OutboundMessage
from core.notifications import selectors
from core.notifications.services import Mail, Notice, send_digests, set_frequency, tell

pytestmark = pytest.mark.django_db

MODERATION = "test.to_moderate"
MEMBERS = "test.news"


def _types():
    return [
        NotificationType(code=MODERATION, label="Test: to moderate", audience="moderators"),
        NotificationType(code=MEMBERS, label="Test: news", audience="members"),
    ]


@pytest.fixture(autouse=True)
def test_types():
    """Two types of the test's own, registered for the test only."""
    selectors._types.cache_clear()
    with hooks.register_temporarily(REGISTER_NOTIFICATION_TYPES, _types), translation.override("en"):
        yield
    selectors._types.cache_clear()


@pytest.fixture
def people(user_factory):
    return [user_factory(f"persoon{i}@example.org", f"Persoon {i}") for i in range(4)]


def notice(key="event:1", **fields):
    return Notice(key=key, title=fields.pop("title", "Er is iets gebeurd"), url="/iets/", **fields)


def test_each_person_is_told_as_they_chose(people, mailoutbox, django_capture_on_commit_callbacks):
    """Immediately: a notice and a mail now; daily or weekly: the notice waits for the digest; off: nothing at all."""
    now_, daily, weekly, off = people
    set_frequency(user=daily, code=MEMBERS, frequency=Frequency.DAILY)
    set_frequency(user=weekly, code=MEMBERS, frequency=Frequency.WEEKLY)
    set_frequency(user=off, code=MEMBERS, frequency=Frequency.OFF)

    with django_capture_on_commit_callbacks(execute=True):
        told = tell(code=MEMBERS, people=people, key="event:1", notices=notice())

    assert [m.to for m in mailoutbox] == [[now_.email]]
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    rows = Notification.objects.values_list("recipient", "frequency", "emailed_at")
    assert {(recipient, frequency, emailed is None) for recipient, frequency, emailed in rows} == {
        (now_.pk, Frequency.IMMEDIATELY, False),
        (daily.pk, Frequency.DAILY, True),
        (weekly.pk, Frequency.WEEKLY, True),
    }
    assert not Notification.objects.filter(recipient=off).exists()
    assert told.mailed == [now_.pk]
    assert told.for_digest == [daily.pk, weekly.pk]
    assert told.told == [now_.pk, daily.pk, weekly.pk]


def test_what_waits_for_the_digest_leaves_with_it(people, mailoutbox, django_capture_on_commit_callbacks):
    set_frequency(user=people[0], code=MEMBERS, frequency=Frequency.DAILY)
    tell(code=MEMBERS, people=people[:1], key="event:daily", notices=notice(title="Voor het overzicht"))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(period=Frequency.DAILY) == 1

    [digest] = mailoutbox
    assert digest.to == [people[0].email] and "Voor het overzicht" in digest.body


def test_a_message_that_is_no_digest_item_is_mailed_now_to_everyone_not_off(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    """Push mail: daily and weekly readers get it now; only 'off' is left out. No notice: mail only."""
    set_frequency(user=people[1], code=MEMBERS, frequency=Frequency.WEEKLY)
    set_frequency(user=people[2], code=MEMBERS, frequency=Frequency.OFF)

    with django_capture_on_commit_callbacks(execute=True):
        told = tell(
            code=MEMBERS,
            people=people[:3],
            key="push:1",
            mail=lambda person, links: Mail(subject="Push", body=f"Hallo {person.display_name}"),
            digest=False,
        )

    assert sorted(m.to[0] for m in mailoutbox) == [people[0].email, people[1].email]
    assert not Notification.objects.exists()
    assert told.notified == [] and told.for_digest == []


def test_each_person_gets_their_own_mail_with_their_own_unsubscribe_link(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    seen = {}

    def render(person, links):
        seen[person.pk] = links
        return Mail(subject=f"Voor {person.display_name}", body=f"Afmelden: {links.unsubscribe_url}")

    with django_capture_on_commit_callbacks(execute=True):
        tell(code=MEMBERS, people=people[:2], key="event:own", notices=notice(), mail=render)

    by_address = {m.to[0]: m for m in mailoutbox}
    for person in people[:2]:
        message = by_address[person.email]
        assert message.subject == f"Voor {person.display_name}"
        assert seen[person.pk].unsubscribe_url in message.body
        assert message.extra_headers["List-Unsubscribe"] == f"<{seen[person.pk].unsubscribe_url}>"
    assert seen[people[0].pk].unsubscribe_url != seen[people[1].pk].unsubscribe_url


def test_notices_per_person_and_a_mail_left_out(people, mailoutbox, django_capture_on_commit_callbacks):
    """A theme digest: one notice per post the person may see; a renderer may leave a person's mail out."""
    posts = {people[0].pk: ["a", "b"], people[1].pk: ["a"]}

    with django_capture_on_commit_callbacks(execute=True):
        tell(
            code=MEMBERS,
            people=people[:2],
            key="digest:7",
            notices=lambda person: [notice(key=f"digest:7:{post}", title=post) for post in posts[person.pk]],
            mail=lambda person, links: None if person == people[1] else Mail(subject="Overzicht", body="..."),
        )

    assert sorted(Notification.objects.values_list("recipient", "key")) == sorted(
        [(people[0].pk, "digest:7:a"), (people[0].pk, "digest:7:b"), (people[1].pk, "digest:7:a")]
    )
    assert [m.to for m in mailoutbox] == [[people[0].email]]
    assert OutboundMessage.objects.get().key == "digest:7"


def test_moderators_extra_addresses_get_a_copy(people, mailoutbox, django_capture_on_commit_callbacks):
    """Seed 002: confirmed extra addresses receive the moderation notifications too; unconfirmed ones do not, and
    no other type is copied."""
    moderator = people[0]
    NotificationAddress.objects.create(user=moderator, email="team@example.org", confirmed_at=timezone.now())
    NotificationAddress.objects.create(user=moderator, email="nog-niet@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        tell(code=MODERATION, people=[moderator], key="moderate:1", notices=notice(key="moderate:1"))
        tell(code=MEMBERS, people=[moderator], key="news:1", notices=notice(key="news:1"))

    assert sorted(m.to[0] for m in mailoutbox) == sorted([moderator.email, "team@example.org", moderator.email])
    assert set(OutboundMessage.objects.filter(key="moderate:1").values_list("email", flat=True)) == {
        moderator.email,
        "team@example.org",
    }
    assert list(OutboundMessage.objects.filter(key="news:1").values_list("email", flat=True)) == [moderator.email]


def test_the_same_event_twice_tells_once(people, mailoutbox, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tell(code=MEMBERS, people=people[:2], key="event:twice", notices=notice(key="event:twice"))

    assert sorted(m.to[0] for m in mailoutbox) == [people[0].email, people[1].email]
    assert Notification.objects.count() == 2 and OutboundMessage.objects.count() == 2


def test_skip_told_counts_only_who_was_told_anew(people, django_capture_on_commit_callbacks):
    """An observer update that runs again tells only the observer who was not told yet."""
    tell(code=MEMBERS, people=people[:2], key="update:1", notices=notice(key="update:1"))

    told = tell(code=MEMBERS, people=people[:3], key="update:1", notices=notice(key="update:1"), skip_told=True)

    assert told.told == [people[2].pk]


def test_a_rolled_back_event_sends_nothing(people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            tell(code=MEMBERS, people=people, key="event:rollback", notices=notice())
            raise RuntimeError("the event fails after its writes")

    assert mailoutbox == []
    assert not Notification.objects.exists() and not OutboundMessage.objects.exists()


def test_only_people_who_may_see_what_it_is_about_are_told(people, mailoutbox, django_capture_on_commit_callbacks):
    """SEC-22: an export is visible to its owner only; the outbox row points at it for the re-check before sending."""
    export = DataExport.objects.create(user=people[0], public_id=uuid.uuid4())

    with django_capture_on_commit_callbacks(execute=True):
        told = tell(code=MEMBERS, people=people[:2], key="export:1", notices=notice(key="export:1"), about=export)

    assert told.told == [people[0].pk]
    assert [m.to for m in mailoutbox] == [[people[0].email]]
    row = Notification.objects.get()
    assert (row.recipient_id, row.object_id) == (people[0].pk, str(export.pk))
    assert OutboundMessage.objects.get().object_id == str(export.pk)


def test_the_actor_inactive_accounts_and_repeats_are_left_out(people, mailoutbox, django_capture_on_commit_callbacks):
    people[3].is_active = False
    people[3].save()

    with django_capture_on_commit_callbacks(execute=True):
        told = tell(
            code=MEMBERS,
            people=[people[0], people[1], people[1], people[2], people[3], None],
            key="event:who",
            notices=notice(key="event:who"),
            actor=people[0],
        )

    assert told.told == [people[1].pk, people[2].pk]
    assert sorted(m.to[0] for m in mailoutbox) == [people[1].email, people[2].email]


def test_an_undeclared_type_or_nothing_to_say_is_refused(people):
    with pytest.raises(LookupError):
        tell(code="test.unknown", people=people, key="x", notices=notice())
    with pytest.raises(ValueError):
        tell(code=MEMBERS, people=people, key="x")
