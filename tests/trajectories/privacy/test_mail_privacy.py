"""Mail about a space names nobody (issue 9, hole 4; SEC-22).

Every e-mail the site can send about a collaboration space — the invitation (and a resent one), the appointment
reminder, a notification of a new message sent at once, and the daily and weekly digests that hold such
notifications — is produced here for a space called "Werkruimte van Geheim" whose participants all have names
found nowhere else. The mails are read as the SMTP server received them (the outbox delivers them after commit),
and every template under ``trajectories/email/`` plus the core's notification and digest templates must have been
rendered, so a new mail cannot slip past this test. Neither the space's name nor any participant's name (their name
in the space, first and last name, display name) is in a subject or a body, and neither is in the notification
rows, which the digests and the notification centre show.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone

import trajectories
from config.hooks import REGISTER_NOTIFICATION_TYPES, call
from core.models import Notification, NotificationPreference, User
from core.models import Role as SiteRole
from core.roles.services import assign_role
from tests.trajectories.world import with_totp
from trajectories import factories
from trajectories.items import services as item_services
from trajectories.models import Audience, Regie, Role
from trajectories.spaces import services as space_services

pytestmark = pytest.mark.django_db

SPACE = "Werkruimte van Geheim"
# Every room keeps its mail under templates/trajectories/<room>/email/.
TEMPLATES = Path(trajectories.__file__).parent / "templates"
EMAIL_TEMPLATES = sorted(TEMPLATES.glob("trajectories/*/email/*.txt"))
CORE_TEMPLATES = {
    "core/notifications/email/notification_subject.txt",
    "core/notifications/email/notification_body.txt",
    "core/notifications/email/digest_subject.txt",
    "core/notifications/email/digest_body.txt",
}

# who: (first name, last name, display name, name in the space, role)
PEOPLE = {
    "young": ("Zeynep", "Vandersteen", "ZeynepV", "Zeynep Vandersteen", Role.CLIENT),
    "parent": ("Marleen", "Opdebeeck", "MarleenO", "Mama Marleen", Role.NETWORK),
    "teacher": ("Bartholomeus", "Dehaene", "BartD", "Meester Bart", Role.NETWORK),
    "pro": ("Koenraad", "Wyckmans", "KoenW", "Koen van het CAW", Role.PROFESSIONAL),
}
INVITED_NAME = "Roeland Verstraeten"


@pytest.fixture
def geheim(organisation):
    users, seats = {}, {}
    for who, (first, last, display, _name, _role) in PEOPLE.items():
        users[who] = User.objects.create_user(
            email=f"{who}.{last.lower()}@example.org",
            password="een-lang-wachtwoord-42",  # noqa: S106
            display_name=display,
            first_name=first,
            last_name=last,
        )
    assign_role(user=users["pro"], role=SiteRole.CARE_PROFESSIONAL, page=organisation)
    with_totp(users["pro"])
    space = factories.trajectory(title=SPACE, organisation=organisation, started_by=users["pro"], regie=Regie.CLIENT)
    for who, (_first, _last, _display, name, role) in PEOPLE.items():
        seats[who] = factories.participant(
            trajectory=space,
            user=users[who],
            role=role,
            name=name,
            care_organisation=organisation if role == Role.PROFESSIONAL else None,
        )
    return space, users, seats


def secrets(users):
    names = {SPACE, "Geheim", INVITED_NAME, *INVITED_NAME.split()}
    for who, (first, last, display, name, _role) in PEOPLE.items():
        names.update({first, last, display, name, users[who].get_full_name()})
    return names


def test_no_mail_about_a_space_names_the_space_or_anyone_in_it(geheim, smtp_sink, django_capture_on_commit_callbacks):
    """Hole 4: subjects show on lock screens and in shared mailboxes; the texts say only that there is something
    and give a link (the space shows its name after logging in)."""
    from trajectories.agenda.models import Appointment
    from trajectories.messaging.services import thread_start

    space, users, seats = geheim
    rendered = set()

    def remember(sender, template, context, **kwargs):
        rendered.add(template.name)

    template_rendered.connect(remember)
    try:
        NotificationPreference.objects.create(user=users["parent"], type="trajectories.message", frequency="daily")
        NotificationPreference.objects.create(user=users["teacher"], type="trajectories.message", frequency="weekly")
        with django_capture_on_commit_callbacks(execute=True):
            invited = space_services.participant_invite(
                trajectory=space,
                by=users["young"],
                email="roeland@example.org",
                role=Role.NETWORK,
                name=INVITED_NAME,
                relation="oom",
            )
        with django_capture_on_commit_callbacks(execute=True):
            space_services.invitation_resend(participant=invited, by=users["young"])
        with django_capture_on_commit_callbacks(execute=True):
            thread_start(
                trajectory=space,
                by=users["pro"],
                subject="Gesprek over Zeynep",
                text="Marleen belde over Zeynep",
                audience=Audience.EVERYONE,
            )
        start = timezone.now() + timedelta(hours=3)
        item_services.item_create(
            model=Appointment,
            trajectory=space,
            by=users["pro"],
            title="Afspraak met Zeynep",
            start=start,
            end=start + timedelta(hours=1),
            place="Bij Marleen thuis",
        )
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_appointment_reminders", hours=24)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_digests", period="daily")
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_digests", period="weekly")
    finally:
        template_rendered.disconnect(remember)

    # invitation + resend, message to the young person (at once), digests for mother and teacher, 4 reminders
    messages = smtp_sink.wait_for(2 + 1 + 2 + 4)
    forbidden = secrets(users)
    for message in messages:
        text = f"{message['Subject']}\n{smtp_sink.body(message)}"
        leaked = sorted(word for word in forbidden if word.lower() in text.lower())
        assert leaked == [], (message["Subject"], leaked)
    to_young = [m for m in smtp_sink.to(users["young"].email) if "/berichten/" in smtp_sink.body(m)]
    assert to_young and smtp_sink.first_url(to_young[0], f"/werkruimte/{space.pk}/berichten/")
    assert smtp_sink.to(users["parent"].email) and smtp_sink.to(users["teacher"].email)

    notifications = list(Notification.objects.filter(type__startswith="trajectories."))
    assert {n.recipient_id for n in notifications} == {users[w].pk for w in ("young", "parent", "teacher")}
    for notification in notifications:
        text = f"{notification.title}\n{notification.text}"
        assert not [word for word in forbidden if word.lower() in text.lower()], text

    templates = {path.relative_to(TEMPLATES).as_posix() for path in EMAIL_TEMPLATES}
    assert len(templates) >= 4  # the invitation and the reminder, subject and body
    assert templates | CORE_TEMPLATES <= rendered, sorted((templates | CORE_TEMPLATES) - rendered)


def test_every_notification_type_of_the_spaces_is_discreet():
    """A type of the spaces greets nobody by name in its mails and digests (the greeting would name a participant
    in a shared mailbox); the core's and participation's keep their greeting."""
    types = [kind for kind in call(REGISTER_NOTIFICATION_TYPES) if kind.code.startswith("trajectories.")]
    assert types and all(kind.discreet for kind in types)


def test_inside_the_site_the_link_leads_to_the_space_after_logging_in(geheim, client):
    """The link in the mail asks an anonymous visitor to log in; after logging in, the person sees the space and its
    name — only the people in the space do."""
    from trajectories.messaging.services import thread_start

    space, users, seats = geheim
    thread = thread_start(
        trajectory=space, by=users["pro"], subject="Afspraak", text="Tot morgen", audience=Audience.EVERYONE
    )
    notification = Notification.objects.get(recipient=users["young"], type="trajectories.message")
    assert client.get(notification.url)["Location"].startswith(reverse("account_login"))
    client.force_login(users["young"])
    page = client.get(notification.url)
    assert page.status_code == 200 and SPACE in page.content.decode()
    assert f"/berichten/{thread.pk}/" in notification.url


def test_notifications_written_before_the_change_lose_the_space_name(geheim):
    """The data migration: unsent digests and queued mails from before no longer carry the space's name."""
    from importlib import import_module

    from django.apps import apps

    from core.models import OutboundMessage

    space, users, seats = geheim
    old = f"Nieuw bericht in {SPACE}"
    Notification.objects.create(
        recipient=users["parent"], type="trajectories.message", key="trajectories.message:1", title=old
    )
    OutboundMessage.objects.create(
        key="trajectories.message:1",
        email=users["parent"].email,
        recipient=users["parent"],
        type="trajectories.message",
        subject=f"[Werkgroepen] {old}",
        body=f"Hallo,\n\n{old}\n",
        next_attempt_at=timezone.now(),
    )
    migration = import_module("trajectories.migrations.0005_neutral_notification_titles")
    migration.neutral_titles(apps, None)
    migration.neutral_titles(apps, None)  # REL-12: a second run changes nothing
    notification = Notification.objects.get(key="trajectories.message:1")
    message = OutboundMessage.objects.get(key="trajectories.message:1")
    assert notification.title == migration.NEUTRAL
    assert SPACE not in message.subject + message.body and migration.NEUTRAL in message.subject
