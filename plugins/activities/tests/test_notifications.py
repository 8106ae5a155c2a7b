"""Notifications go through the core's one fan-out (seed 002, "Type meldingen"): each type can be switched off by the
person, the extra addresses of moderators get a copy, and an import tells once however many activities arrived."""

from datetime import datetime

from django.utils import timezone

from core.notifications.models import Frequency, Notification, NotificationAddress
from core.notifications.services import set_frequency
from core.outbox.models import OutboundMessage
from werkgroepen_activities.activities.hooks import NOTIFICATION_TYPES
from werkgroepen_activities.activities.services import activity_publish
from werkgroepen_activities.feed.services import feed_import

NOW = timezone.make_aware(datetime(2026, 12, 1, 12, 0))


def test_the_seeds_seven_types_and_the_depublication_are_declared():
    codes = [code for code, _label in NOTIFICATION_TYPES]
    assert len(codes) == 8 and len(set(codes)) == 8  # the seed's seven and the depublication reason


def test_a_type_switched_off_tells_nothing(activity_factory, moderator, manager):
    set_frequency(user=moderator, code="activities.published", frequency=Frequency.OFF)
    activity_publish(activity=activity_factory(), by=manager)
    assert not Notification.objects.filter(recipient=moderator, type="activities.published").exists()
    activity_publish(activity=activity_factory(title="Tweede"), by=moderator)
    assert Notification.objects.filter(recipient=manager, type="activities.published").count() == 1


def test_an_extra_address_gets_the_import_mail(switched_on, moderator):
    NotificationAddress.objects.create(user=moderator, email="meldingen@houtem.example", confirmed_at=timezone.now())
    feed_import(organisation=switched_on, source="sample", now=NOW)
    mails = OutboundMessage.objects.filter(type="activities.imported")
    assert set(mails.values_list("email", flat=True)) == {moderator.email, "meldingen@houtem.example"}
    assert all("37 nieuwe activiteiten zijn geïmporteerd uit UiT." in mail.subject + mail.body for mail in mails)
