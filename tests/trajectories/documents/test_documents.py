"""Documenten: uploads with versions, texts written in the browser with optimistic locking, and downloads only
through a view that checks ``visible_to``.

Requirements: SEC-06 (files only for who may see them, never from MEDIA_URL), SEC-07 (checked by content and
size: a 40 MB file and an .exe named .pdf are refused), SEC-08 (member text through nh3), SEC-14 (every read and
write in the access log), SEC-19 (no-store). Issue 5: two saves of the same version — the second gets a
conflict message, nothing lost.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trajectories.documents import services as documents
from trajectories.documents.models import Document, DocumentKind, DocumentVersion
from trajectories.models import AccessAction, AccessLogEntry, AccessOutcome, Audience

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _files_root(settings, tmp_path):
    settings.TRAJECTORY_FILES_ROOT = tmp_path / "werkruimte-bestanden"
    return settings.TRAJECTORY_FILES_ROOT


def pdf(name="verslag.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def create_url(world, text=False):
    url = reverse("trajectories:document_create", args=[world.space.pk])
    return url + "?soort=tekst" if text else url


def detail_url(world, document):
    return reverse("trajectories:document", args=[world.space.pk, document.pk])


def download_url(world, document, number):
    return reverse("trajectories:document_download", args=[world.space.pk, document.pk, number])


def upload(world, who="pro_a", audience=Audience.EVERYONE, title="Verslag intake", **extra):
    data = {"title": title, "upload": pdf(), "audience": audience, **extra}
    response = world.client(who).post(create_url(world), data)
    assert response.status_code == 302, response.text[-2000:]
    return Document.objects.get(title=title)


def text_document(world, who="pro_a", text="Eerste versie van het plan.", audience=Audience.EVERYONE):
    response = world.client(who).post(
        create_url(world), {"soort": "tekst", "title": "Samen geschreven", "text": text, "audience": audience}
    )
    assert response.status_code == 302, response.text[-2000:]
    return Document.objects.get(title="Samen geschreven")


# --- Files and versions -------------------------------------------------------------------------------------------


def test_upload_a_file_add_a_version_and_download_each(world, _files_root):
    """Versions stay; each downloads as an attachment with nosniff, a policy that runs nothing and no-store;
    the file on disk has a random name outside the media folder; every step is in the access log."""
    document = upload(world)
    assert document.kind == DocumentKind.FILE and document.version == 1
    client = world.client("parent")
    second = b"%PDF-1.7\nversie twee\n%%EOF\n"
    response = client.post(detail_url(world, document), {"upload": pdf("verslag-v2.pdf", second)})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.version == 2
    page = client.get(detail_url(world, document))
    assert "Version 2: verslag-v2.pdf" in page.text and "Version 1: verslag.pdf" in page.text
    for number, content, name in ((1, PDF, "verslag.pdf"), (2, second, "verslag-v2.pdf")):
        response = world.client("network").get(download_url(world, document, number))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Disposition"].startswith("attachment") and name in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("default-src 'none'")
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    stored = DocumentVersion.objects.get(document=document, number=1)
    assert "verslag" not in stored.file.name and (_files_root / stored.file.name).exists()
    with pytest.raises(ValueError):
        stored.file.url  # noqa: B018 - no URL: only the download view serves it
    log = AccessLogEntry.objects.filter(item_type="document", item_id=document.pk)
    assert log.filter(action=AccessAction.CREATE).count() == 1
    assert log.filter(action=AccessAction.UPDATE, participant=world.seats["parent"]).count() == 1
    assert log.filter(action=AccessAction.READ, participant=world.seats["network"]).exists()


def test_a_40_mb_file_is_refused(world):
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (40 * 1024 * 1024), content_type="application/pdf")
    response = world.client("pro_a").post(
        create_url(world), {"title": "Te groot", "upload": big, "audience": "everyone"}
    )
    assert response.status_code == 400
    assert "groot.pdf is too large" in response.text
    assert "Te groot" in response.text  # the name typed stays
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()


def test_a_disguised_exe_is_refused_as_document_and_as_version(world):
    response = world.client("pro_a").post(
        create_url(world), {"title": "Factuur", "upload": pdf("factuur.pdf", EXE), "audience": "everyone"}
    )
    assert response.status_code == 400
    assert "factuur.pdf is not a real .pdf file." in response.text
    assert not Document.objects.exists()
    document = upload(world)
    response = world.client("pro_a").post(detail_url(world, document), {"upload": pdf("nieuw.pdf", EXE)})
    assert response.status_code == 400 and "is not a real .pdf file." in response.text
    document.refresh_from_db()
    assert document.version == 1 and document.versions.count() == 1
    response = world.client("pro_a").post(
        detail_url(world, document), {"upload": SimpleUploadedFile("programma.exe", EXE)}
    )
    assert response.status_code == 400 and "is not a file type we accept" in response.text


@pytest.mark.parametrize("who", ["parent", "network", "banned_parent", "pro_b", "org_admin", "outsider", "superadmin"])
def test_who_is_outside_the_audience_cannot_download(world, who):
    """SEC-06: a professionals-only document answers 404 to everyone else — the same as a missing one — and the
    attempt is in the access log when they take part."""
    document = upload(world, audience=Audience.PROFESSIONALS)
    client = world.client(who)
    assert client.get(download_url(world, document, 1)).status_code == 404
    assert client.get(detail_url(world, document)).status_code == 404
    assert client.get(download_url(world, document, 99)).status_code == 404
    assert world.client("coordinator").get(download_url(world, document, 1)).status_code == 200


def test_the_young_person_sees_a_professionals_only_document_exists_but_cannot_open_it(world):
    document = upload(world, audience=Audience.PROFESSIONALS, title="Verslag voor de jeugdrechter")
    client = world.client("young")
    listing = client.get(reverse("trajectories:documents", args=[world.space.pk]))
    assert "Document that is not for you" in listing.text and "jeugdrechter" not in listing.text
    detail = client.get(detail_url(world, document))
    assert detail.status_code == 200 and "jeugdrechter" not in detail.text and "verslag.pdf" not in detail.text
    assert client.get(download_url(world, document, 1)).status_code == 404
    assert AccessLogEntry.objects.filter(
        item_type="document", item_id=document.pk, participant=world.seats["young"], outcome=AccessOutcome.REFUSED
    ).exists()


def test_a_chosen_audience_document_for_the_young_person_only(world):
    document = upload(world, who="pro_a", audience=Audience.CHOSEN, chosen=[world.seats["young"].pk])
    assert world.client("young").get(download_url(world, document, 1)).status_code == 200
    assert world.client("parent").get(download_url(world, document, 1)).status_code == 404


# --- Texts with optimistic locking ----------------------------------------------------------------------------------


def test_two_saves_of_the_same_version_the_second_gets_a_conflict_and_loses_nothing(world):
    """Issue 5: the mum and the counsellor both open version 1; the mum saves first (version 2); the counsellor's
    save of version 1 is refused with a clear message, both texts shown, their text still in the form; saving
    again after comparing makes version 3."""
    document = text_document(world)
    mum, counsellor = world.client("parent"), world.client("pro_a")
    assert 'name="version" value="1"' in mum.get(detail_url(world, document)).text
    assert 'name="version" value="1"' in counsellor.get(detail_url(world, document)).text

    first = mum.post(detail_url(world, document), {"version": 1, "text": "Tekst van mama."})
    assert first.status_code == 302
    second = counsellor.post(detail_url(world, document), {"version": 1, "text": "Tekst van de consulent."})
    assert second.status_code == 409
    assert "Someone else saved this text in the meantime" in second.text
    assert "Tekst van mama." in second.text  # theirs, to compare
    mine = re.search(r'<textarea[^>]*name="text"[^>]*>\s*(.*?)</textarea>', second.text, re.S)
    assert mine and mine.group(1) == "Tekst van de consulent."  # mine, still in the form
    assert 'name="version" value="2"' in second.text
    document.refresh_from_db()
    assert document.version == 2
    assert [v.text for v in document.versions.order_by("number")] == ["Eerste versie van het plan.", "Tekst van mama."]

    again = counsellor.post(
        detail_url(world, document), {"version": 2, "text": "Tekst van mama.\n\nEn van de consulent."}
    )
    assert again.status_code == 302
    document.refresh_from_db()
    assert document.version == 3
    old = counsellor.get(detail_url(world, document) + "?versie=1")
    assert "Eerste versie van het plan." in old.text


def test_the_conflict_rule_lives_in_the_service(world):
    document = text_document(world)
    documents.text_save(document=document, by=world.users["parent"], text="A", based_on=1)
    with pytest.raises(documents.EditConflict) as conflict:
        documents.text_save(document=document, by=world.users["pro_a"], text="B", based_on=1)
    assert conflict.value.current.number == 2 and conflict.value.current.text == "A"
    assert Document.objects.get(pk=document.pk).version == 2


def test_text_is_sanitised(world):
    document = text_document(world, text='**Vet** <script>alert("x")</script><img src=x onerror=alert(1)>')
    page = world.client("young").get(detail_url(world, document))
    assert "<strong>Vet</strong>" in page.text
    assert "<script>alert" not in page.text and "onerror" not in page.text.split("<textarea")[0]


def test_who_may_not_read_a_text_may_not_save_it(world):
    document = text_document(world, audience=Audience.PROFESSIONALS)
    response = world.client("parent").post(detail_url(world, document), {"version": 1, "text": "gekaapt"})
    assert response.status_code == 404
    response = world.client("young").post(detail_url(world, document), {"version": 1, "text": "gekaapt"})
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.version == 1


def test_document_pages_are_private_and_not_stored(world):
    document = text_document(world)
    for url in (
        reverse("trajectories:documents", args=[world.space.pk]),
        create_url(world),
        create_url(world, text=True),
        detail_url(world, document),
    ):
        response = world.client("network").get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_deleting_a_document_removes_its_files(world, _files_root, django_capture_on_commit_callbacks):
    document = upload(world)
    path = _files_root / DocumentVersion.objects.get(document=document).file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("pro_a").post(
            reverse("trajectories:item_delete", args=[world.space.pk, "documenten", document.pk])
        )
    assert response.status_code == 302
    assert not Document.objects.exists() and not path.exists()


def test_nothing_can_be_uploaded_in_a_closed_space(world):
    from trajectories.models import TrajectoryStatus

    document = upload(world)
    world.space.status = TrajectoryStatus.CLOSED
    world.space.save()
    assert (
        world.client("pro_a")
        .post(create_url(world), {"title": "x", "upload": pdf(), "audience": "everyone"})
        .status_code
        == 403
    )
    assert world.client("pro_a").post(detail_url(world, document), {"upload": pdf()}).status_code == 403
    document.refresh_from_db()
    assert document.version == 1
    assert world.client("parent").get(download_url(world, document, 1)).status_code == 200  # still readable


@pytest.mark.parametrize("who", ["parent", "young"])
def test_the_documents_page_costs_the_same_with_few_and_many_documents(world, who, django_assert_max_num_queries):
    """PERF: the Documenten list and a document with many versions cost the same as with few."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = text_document(world)
    client = world.client(who)
    urls = (reverse("trajectories:documents", args=[world.space.pk]), detail_url(world, first))
    counts = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts.append(len(few.captured_queries))
    for number in range(30):
        Document.objects.create(
            trajectory=world.space,
            author=world.seats["pro_a"],
            title=f"Document {number}",
            kind=DocumentKind.TEXT,
            version=1,
            audience=[Audience.EVERYONE, Audience.PROFESSIONALS][number % 2],
        )
        documents.text_save(document=first, by=world.users["parent"], text=f"Versie {number}", based_on=first.version)
        first.refresh_from_db()
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
