"""Every link in every e-mail starts with the site's configured root URL (issue 14 §2), whatever host or port the
site was started on: a site at https://inspraak.example mails no other host (REL-03: mail that works when it
arrives). The development default (http://127.0.0.1:8000) must never leak into mail."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.invitations.services import invitation_create
from core.models import Frequency, OutboundMessage, Role
from core.notifications.services import address_add, send_digest, set_frequency
from core.roles.services import assign_role
from participation import factories
from participation.groups import services as group_services
from participation.groups.notifications import MEMBERSHIP_DECIDED
from participation.models import MembershipStatus
from participation.observer_updates.services import send_update
from participation.pushmail.services import push_mail_send
from participation.theme_digests.services import digest_send
from themes.contact.services import contact_message_send
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db

ROOT = "https://inspraak.example"
ANY_ADDRESS = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"')]+", re.I)


@pytest.fixture
def root_url(settings):
    settings.WERKGROEPEN_ROOT_URL = settings.WAGTAILADMIN_BASE_URL = ROOT
    return ROOT


def test_every_mail_of_the_site_links_only_to_the_configured_root(
    root_url, organisation, superadmin, user_factory, django_capture_on_commit_callbacks
):
    theme = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.CLOSED)
    category = factories.category(page=theme, name="Idee")
    moderator = user_factory("moderator@example.org", "Moderator")
    assign_role(user=moderator, role=Role.MODERATOR, page=theme)
    observer = user_factory("schepen@example.org", "Schepen")
    assign_role(user=observer, role=Role.OBSERVER, page=organisation)
    member = user_factory("lid@example.org", "Lid")
    factories.membership(user=member, theme=theme, status=MembershipStatus.APPROVED)
    post = factories.post(author=member, page=theme, title="Een idee", category=category)
    newcomer = user_factory("nieuw@example.org", "Nieuw")
    set_frequency(user=newcomer, code=MEMBERSHIP_DECIDED, frequency=Frequency.DAILY)

    with django_capture_on_commit_callbacks(execute=True):
        # a notification (to the moderators), and one that waits for the person's daily digest
        membership = group_services.membership_join(user=newcomer, theme=theme)
        group_services.membership_approve(membership=membership, by=moderator)
        push_mail_send(
            sender=moderator,
            theme=theme,
            key="push-1",
            subject="Vergadering",
            body="Zie je **dinsdag**?",
            selection="all",
        )
        digest_send(sender=moderator, theme=theme, subject="Overzicht", posts=[post])
        invitation_create(email="redacteur@example.org", role=Role.EDITOR, page=theme, by=superadmin)
        address_add(user=member, email="werk@example.org")
        contact_message_send(page=theme, name="Bezoeker", email="bezoeker@example.org", message="Een vraag")
    send_digest(user_id=newcomer.pk, period=Frequency.DAILY, now=timezone.now() + timedelta(days=1))
    send_update(organisation=organisation, now=timezone.now() + timedelta(days=120))

    mails = list(OutboundMessage.objects.all())
    kinds = {mail.type for mail in mails}
    assert len(kinds) >= 7, (
        kinds
    )  # notification, digest, push mail, theme digest, invitation, address, observer, contact
    linked = 0
    for mail in mails:
        addresses = ANY_ADDRESS.findall(mail.body + mail.html_body)  # both parts of a multipart mail
        for address in addresses:
            assert address.startswith(ROOT + "/") or address == ROOT, (mail.type, address)
        for header in ("List-Unsubscribe",):
            for address in re.findall(r"<(https?://[^>]+)>", mail.headers.get(header, "")):
                assert address.startswith(ROOT + "/"), (mail.type, address)
        linked += bool(addresses)
        assert "127.0.0.1" not in mail.body and "localhost" not in mail.body, mail.type
    assert linked >= len(mails) - 1  # every mail but the contact message carries a link
