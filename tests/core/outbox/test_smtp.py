"""The outbox against a real SMTP server (aiosmtpd) that refuses: permanent refusals are listed for superadmins
(and only them) with "retry"; temporary ones wait and are tried again (REL-04, SEC-04).
"""

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from core.models import OutboundMessage, OutboundStatus, Role
from core.outbox.services import deliver_pending, queue_mail
from core.roles.services import assign_role
from tests.fixtures.smtp import _free_port

URL = "/admin/mislukte-mail/"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


class Refusing:
    """Accepts everyone except addresses starting with "weg" (550) or "later" (451 after the message text)."""

    def __init__(self):
        self.accepted = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("weg"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if envelope.rcpt_tos[0].startswith("later"):
            return "451 4.3.0 Try again later"
        self.accepted.append(envelope.rcpt_tos[0])
        return "250 OK"


@pytest.fixture
def refusing_smtp(settings):
    handler = Refusing()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


def test_refusals_over_real_smtp_fail_or_wait_and_the_rest_is_delivered(db, refusing_smtp):
    """A 550 on the address fails for good; a 451 after the message text undoes the hand-over and waits."""
    queue_mail(key="ok", email="lid@example.org", subject="Welkom", body="Hallo")
    queue_mail(key="gone", email="weg@example.org", subject="Welkom", body="Hallo")
    queue_mail(key="later", email="later@example.org", subject="Welkom", body="Hallo")
    assert deliver_pending() == 1
    assert refusing_smtp.accepted == ["lid@example.org"]
    rows = {row.key: row for row in OutboundMessage.objects.all()}
    assert rows["ok"].status == OutboundStatus.SENT
    assert rows["gone"].status == OutboundStatus.FAILED and "550" in rows["gone"].last_error
    later = rows["later"]
    assert (later.status, later.attempts, later.sent_at) == (OutboundStatus.QUEUED, 1, None)
    assert later.next_attempt_at > timezone.now(), "waits before the next attempt"
    assert deliver_pending() == 0, "nothing due: nothing sent twice"


def test_superadmins_see_failed_mail_and_retry_it(
    client, superadmin, refusing_smtp, settings, django_capture_on_commit_callbacks
):
    queue_mail(key="gone", email="weg@example.org", subject="Uitnodiging", body="Hallo")
    queue_mail(key="ok", email="lid@example.org", subject="Bevestiging", body="Hallo")
    deliver_pending()
    client.force_login(superadmin)
    html = client.get(URL, headers={"accept-language": "en"}).content.decode()
    assert "weg@example.org" in html and "Uitnodiging" in html and "550" in html
    assert "lid@example.org" not in html, "only failed mail is listed"
    assert "mislukte-mail" in client.get("/admin/").content.decode(), "the menu links to it"

    failed = OutboundMessage.objects.get(key="gone")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the address was fixed meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{failed.pk}/opnieuw/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutboundStatus.SENT
    assert client.post(f"{URL}{failed.pk}/opnieuw/").status_code == 404, "only failed mail can be retried"


def test_moderators_and_editors_neither_see_nor_retry_failed_mail(client, user_factory, theme, db):
    """SEC-04: the list holds addresses of every theme; a moderator is refused and has no menu item."""
    queue_mail(key="gone", email="weg@example.org", subject="Uitnodiging", body="Hallo")
    OutboundMessage.objects.update(status=OutboundStatus.FAILED)
    moderator = user_factory("beheerder@example.org")
    assign_role(user=moderator, role=Role.MODERATOR, page=theme)
    client.force_login(moderator)
    refused = client.get(URL)  # Wagtail turns the 403 into "no permission" and back to the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    failed = OutboundMessage.objects.get()
    retried = client.post(f"{URL}{failed.pk}/opnieuw/")
    assert retried.status_code == 302 and retried["Location"] == "/admin/"
    failed.refresh_from_db()
    assert failed.status == OutboundStatus.FAILED
    admin = client.get("/admin/")
    assert admin.status_code == 200 and "mislukte-mail" not in admin.content.decode()


def test_an_unreachable_smtp_server_leaves_the_mail_waiting_for_a_retry(db, settings):
    """REL-04: with nobody listening on the SMTP port, delivery records a temporary failure with a later attempt,
    raises nothing, and the message leaves once the server is back."""
    port = _free_port()  # nothing listens here yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    queue_mail(key="down", email="lid@example.org", subject="Welkom", body="Hallo")

    assert deliver_pending() == 0
    row = OutboundMessage.objects.get(key="down")
    assert row.status == OutboundStatus.QUEUED
    assert row.attempts == 1
    assert row.next_attempt_at > timezone.now()
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()

    handler = Refusing()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        OutboundMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        assert deliver_pending() == 1
    finally:
        controller.stop()
    assert handler.accepted == ["lid@example.org"]
    assert OutboundMessage.objects.get(pk=row.pk).status == OutboundStatus.SENT
