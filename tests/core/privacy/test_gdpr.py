"""Personal data (issue 4 §10): "Mijn gegevens" exports everything about a member as a ZIP of JSON and files, built in
the background and downloadable once, by its owner, within 24 hours (SEC-16); deleting an account removes personal
data, keeps discussions readable under "deleted user", and clears search, queued mail and sessions (SEC-17)."""

import io
import json
import zipfile
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import (
    DataExport,
    DataExportStatus,
    Notification,
    NotificationAddress,
    NotificationPreference,
    OutboundMessage,
    OutboundStatus,
    User,
)
from core.outbox.services import queue_mail
from participation import factories
from participation.models import Attachment, Post, Report, Star
from tests.core.accounts_fixtures import *  # noqa: F403
from tests.core.accounts_fixtures import deliver

PASSWORD = "een-lang-wachtwoord-42"  # noqa: S105


def furnish(member, user_factory, theme):
    """A member with something of everything: membership, post with a file, reaction, star, report, settings."""
    other = user_factory("ander@example.org", "Ander")
    factories.membership(user=member, theme=theme)
    factories.membership(user=other, theme=theme)
    post = factories.post(author=member, page=theme, title="Fietspad langs de Leie")
    attachment = Attachment(
        post=post,
        kind="document",
        original_name="plan.txt",
        content_type="text/plain",
        size=12,
        uploaded_by=member,
        created_at=timezone.now(),
    )
    attachment.file.save("plan.txt", ContentFile(b"mijn plannen"), save=True)
    theirs = factories.post(author=other, page=theme, title="Bankjes op het plein")
    factories.reaction(post=theirs, author=member, body="<p>Goed idee, buur!</p>")
    factories.star(post=theirs, user=member)
    Report.objects.create(reporter=member, theme=theme, post=theirs, reason="spam", text="reclame")
    NotificationPreference.objects.create(user=member, type="core.invitation", frequency="weekly")
    Notification.objects.create(recipient=member, type="core.invitation", key="welkom", title="Welkom in de werkgroep")
    return post, theirs, other


def request_export(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("my_data_export"))
    assert response.status_code == 302
    return DataExport.objects.get()


def test_export_holds_everything_and_downloads_once(
    client, member, user_factory, theme, smtp_sink, django_capture_on_commit_callbacks
):
    post, theirs, _other = furnish(member, user_factory, theme)
    client.force_login(member)
    export = request_export(client, django_capture_on_commit_callbacks)
    assert export.status == DataExportStatus.READY
    assert export.expires_at - export.ready_at == timedelta(hours=24)

    told = deliver(smtp_sink, 1)
    assert str(told[0]["To"]) == member.email and "ready to download" in str(told[0]["Subject"])

    page = client.get(reverse("my_data")).content.decode()
    url = reverse("my_data_download", args=[export.public_id])
    assert url in page

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    stored_name = export.file.name
    archive = zipfile.ZipFile(io.BytesIO(content))
    core = json.loads(archive.read("core.json"))
    assert core["profile"]["email"] == member.email
    assert core["consents"]["notification_preferences"] == {"core.invitation": "weekly"}
    assert [n["title"] for n in core["notifications"]] == ["Welkom in de werkgroep"]
    mine = json.loads(archive.read("participation.json"))
    assert [p["title"] for p in mine["posts"]] == ["Fietspad langs de Leie"]
    assert mine["reactions"][0]["text"] == "<p>Goed idee, buur!</p>"
    assert mine["stars"] == [{"post": theirs.pk, "post_title": "Bankjes op het plein"}]
    assert mine["reports"][0]["reason"] == "spam"
    assert {m["theme"] for m in mine["memberships"]} == {theme.title}
    [file_name] = [n for n in archive.namelist() if n.startswith("files/participation/")]
    assert archive.read(file_name) == b"mijn plannen"
    assert "Bankjes" not in json.dumps(mine["posts"])  # only their own posts

    # Once: the second try is a 404 and the file is gone from storage.
    assert client.get(url).status_code == 404
    assert not export.file.storage.exists(stored_name)


def test_someone_elses_or_an_expired_export_is_404(
    client, member, user_factory, theme, django_capture_on_commit_callbacks
):
    client.force_login(member)
    export = request_export(client, django_capture_on_commit_callbacks)
    url = reverse("my_data_download", args=[export.public_id])

    other = Client(headers={"accept-language": "en"})
    other.force_login(user_factory("nieuwsgierig@example.org", "Nieuwsgierig"))
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # anonymous: log in first, nothing served

    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 404
    export.refresh_from_db()
    assert export.status == DataExportStatus.READY  # untouched by the refused attempts

    stored_name = export.file.name
    out = io.StringIO()
    call_command("purge_data_exports", stdout=out)
    assert "1 expired export(s) removed" in out.getvalue()
    export.refresh_from_db()
    assert export.status == DataExportStatus.EXPIRED and not export.file
    assert not export.file.storage.exists(stored_name)
    out = io.StringIO()
    call_command("purge_data_exports", stdout=out)  # REL-12: the second run changes nothing
    assert "0 expired export(s) removed" in out.getvalue()


def test_export_requests_are_rate_limited(client, member, django_capture_on_commit_callbacks):
    """SEC-13: three exports a day, then 429 without a new export."""
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(reverse("my_data_export"))
        response = client.post(reverse("my_data_export"))
    assert response.status_code == 429
    assert DataExport.objects.count() == 3


def test_deleting_an_account_keeps_the_discussion_under_deleted_user(client, member, user_factory, theme, settings):
    post, theirs, other = furnish(member, user_factory, theme)
    NotificationAddress.objects.create(user=member, email="team@example.org", confirmed_at=timezone.now())
    queue_mail(key="test:1", email=member.email, subject="Nog te versturen", body="...", recipient=member)
    queue_mail(key="test:2", email="team@example.org", subject="Voor het team", body="...", recipient=member)
    other_device = Client(headers={"accept-language": "en"})
    other_device.force_login(member)
    client.force_login(member)

    wrong = client.post(reverse("account_delete"), {"password": "fout-wachtwoord-123", "confirm": "on"})
    assert wrong.status_code == 400 and "That is not your password." in wrong.content.decode()
    unconfirmed = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert unconfirmed.status_code == 400
    assert User.objects.filter(pk=member.pk).exists()

    response = client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email=member.email).exists()
    assert not NotificationAddress.objects.filter(email="team@example.org").exists()

    post.refresh_from_db()
    theirs.refresh_from_db()
    assert post.author_id is None and post.title == "Fietspad langs de Leie"  # the discussion stays
    assert theirs.reactions.get().author_id is None
    assert theirs.star_count == 0 and not Star.objects.filter(post=theirs).exists()
    assert Report.objects.get().reporter_id is None

    detail = other_device.get(post.get_absolute_url())
    assert other_device.get(reverse("profile")).status_code == 302  # the other session ended
    viewer = Client(headers={"accept-language": "en"})
    page = viewer.get(post.get_absolute_url()).content.decode()
    assert "deleted user" in page and "lid" not in page.lower().split("deleted user")[0][-200:]
    assert detail.status_code in (200, 302)

    rows = OutboundMessage.objects.filter(key__startswith="test:")
    assert {row.status for row in rows} == {OutboundStatus.CANCELLED}
    assert not OutboundMessage.objects.filter(email__in=[member.email, "team@example.org"]).exists()

    # Logged out here too.
    assert client.get(reverse("my_data")).status_code == 302


def test_search_no_longer_finds_the_person(client, member, user_factory, theme):
    """SEC-17: after deletion the person's name is nowhere in site search; their post is found without it."""
    User.objects.filter(pk=member.pk).update(display_name="Zelda Zoekbaar")
    member.refresh_from_db()
    furnish(member, user_factory, theme)
    viewer = Client(headers={"accept-language": "en"})
    from core.privacy.services import account_delete

    account_delete(user=member)
    results = viewer.get(reverse("search"), {"q": "Fietspad"}).content.decode()
    assert "Fietspad langs de Leie" in results and "Zelda" not in results
    post = Post.objects.get(title="Fietspad langs de Leie")
    assert "Zelda" not in viewer.get(post.get_absolute_url()).content.decode()


def test_anonymous_and_get_cannot_delete(client, member):
    assert client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"}).status_code == 302
    client.force_login(member)
    assert client.get(reverse("account_delete")).status_code == 200
    assert User.objects.filter(pk=member.pk).exists()
    assert Post.objects.count() == 0
