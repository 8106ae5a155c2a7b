"""Export of a space (issue 13 §7): the young person or whoever holds regie downloads everything they may see as a
ZIP — a readable overview (HTML and PDF), JSON and the files — built in the background (django-tasks; immediate in tests),
downloaded once within 24 hours, in the access log. The export holds exactly what the sweep expects its requester
to read (tests/security/test_trajectory_sweep.py: ``readers``).

Requirements: SEC-01 (no more than the requester may read), SEC-14 (access log), SEC-16 (export of one's data).
"""

import io
import json
import re
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.security.test_trajectory_sweep import AUDIENCES, build, readers
from trajectories import factories
from trajectories.audit.models import AccessLogEntry
from trajectories.audit.services import SPACE_EXPORT, SPACE_EXPORT_DOWNLOAD
from trajectories.documents.services import document_create_file
from trajectories.export.models import ExportStatus, SpaceExport
from trajectories.items import services as item_services
from trajectories.models import Audience, Goal

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KINDS = ["goal", "log_entry", "document", "message_thread"]


@pytest.fixture(autouse=True)
def _files_root(settings, tmp_path):
    settings.TRAJECTORY_FILES_ROOT = tmp_path / "werkruimte-bestanden"
    return settings.TRAJECTORY_FILES_ROOT


@pytest.fixture
def world(world):
    factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Gewoon doel")
    return world


def make_export(world, who, capture):
    with capture(execute=True):
        response = world.client(who).post(reverse("trajectories:export_start", args=[world.space.pk]))
    assert response.status_code == 302
    return SpaceExport.objects.filter(user=world.users[who]).latest("pk")


def download(world, who, export):
    return world.client(who).get(reverse("trajectories:export_download", args=[world.space.pk, export.pk]))


def archive(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def pdf_text(data):
    """The text drawn in a PDF made by fpdf2: its content streams, inflated."""
    assert data.startswith(b"%PDF-")
    # Each stream is cut by its /Length, not by searching for "endstream": compressed bytes may end in "\r",
    # which a pattern would take for the line break and so cut the stream short (it failed CI once that way).
    text = []
    for match in re.finditer(rb"/Length (\d+)\s*>>\s*stream\r?\n", data):
        stream = data[match.end() : match.end() + int(match.group(1))]
        try:
            text.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            text.append(stream.decode("latin-1"))
    return "".join(text)


@pytest.mark.parametrize("who", ["young", "pro_a"])
def test_the_export_holds_exactly_what_the_requester_may_read(world, who, django_capture_on_commit_callbacks):
    """Items of several kinds for every audience, written by the counsellor: the young person's export holds only
    the ones for everyone; the counsellor's (regie holder, author) holds all — in the JSON and the overview."""
    secrets = {}
    for key in KINDS:
        for audience in AUDIENCES:
            _kind, _item, secret = build(world, key, audience)
            secrets[secret] = audience
    export = make_export(world, who, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.READY and export.progress == 100
    page = world.client(who).get(reverse("trajectories:export", args=[world.space.pk])).content.decode()
    assert "Your download is ready" in page
    zf = archive(download(world, who, export))
    assert {"overzicht.html", "overzicht.pdf", "gegevens.json"} <= set(zf.namelist())
    data = zf.read("gegevens.json").decode()
    overview = zf.read("overzicht.html").decode()
    printed = pdf_text(zf.read("overzicht.pdf"))
    assert world.space.title in printed
    for secret, audience in secrets.items():
        expected = who in readers(audience)
        assert (secret in data) == expected, (who, secret)
        assert (secret in overview) == expected, (who, secret)
        assert (secret in printed) == expected, (who, "pdf", secret)
    assert json.loads(data)["space"] == world.space.title


def test_the_export_holds_the_versions_the_requester_may_read(world, django_capture_on_commit_callbacks):
    """Issue 13 §2: a goal's earlier versions are in the export with who and when — except those written while the
    goal was only for the professionals, which the young person never read (the counsellor widened it since)."""
    goal = item_services.item_create(
        model=Goal,
        trajectory=world.space,
        by=world.users["pro_a"],
        title="Rust thuis",
        description="AlleenVoorProfs",
        audience=Audience.PROFESSIONALS,
    )
    item_services.item_update(item=goal, by=world.users["pro_a"], description="Samen afspreken")
    item_services.item_set_audience(item=goal, by=world.users["pro_a"], audience=Audience.EVERYONE)
    item_services.item_update(item=goal, by=world.users["parent"], description="Samen afspreken, elke week")
    young = json.loads(
        archive(download(world, "young", make_export(world, "young", django_capture_on_commit_callbacks))).read(
            "gegevens.json"
        )
    )
    goals = next(section for section in young["items"] if section["label"] == "goals")["items"]
    exported = next(item for item in goals if item["id"] == goal.pk)
    assert [v["version"] for v in exported["versions"]] == [3, 4]
    assert exported["versions"][-1]["fields"]["explanation"] == "Samen afspreken, elke week"
    assert "AlleenVoorProfs" not in json.dumps(young)
    counsellor = archive(download(world, "pro_a", make_export(world, "pro_a", django_capture_on_commit_callbacks)))
    assert "AlleenVoorProfs" in counsellor.read("gegevens.json").decode()
    assert "AlleenVoorProfs" in counsellor.read("overzicht.html").decode()


def test_files_the_requester_may_read_are_in_it_others_not(world, django_capture_on_commit_callbacks):
    """A file for everyone is in the young person's ZIP; one only for the professionals is not."""
    for title, audience in (("Voor iedereen", Audience.EVERYONE), ("Alleen hulpverleners", Audience.PROFESSIONALS)):
        upload = SimpleUploadedFile(f"{title}.pdf", PDF, content_type="application/pdf")
        document_create_file(
            trajectory=world.space, by=world.users["pro_a"], title=title, upload=upload, audience=audience
        )
    zf = archive(download(world, "young", make_export(world, "young", django_capture_on_commit_callbacks)))
    files = [name for name in zf.namelist() if name.startswith("bestanden/")]
    assert len(files) == 1 and files[0].endswith("Voor_iedereen.pdf") and zf.read(files[0]) == PDF


def test_the_link_works_once_for_the_requester_only_within_24_hours(
    world, _files_root, django_capture_on_commit_callbacks
):
    """Someone else (even another regie holder) gets a 404; the second download is refused and the file is gone
    from disk; an export not downloaded in 24 hours no longer works; asking and downloading are in the log."""
    export = make_export(world, "young", django_capture_on_commit_callbacks)
    assert download(world, "pro_a", export).status_code == 404
    assert download(world, "outsider", export).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        first = download(world, "young", export)
    assert first.status_code == 200 and first["Content-Type"] == "application/zip"
    b"".join(first.streaming_content)
    assert not any(Path(_files_root).rglob("*.zip"))
    second = download(world, "young", export)
    assert second.status_code == 410 and "no longer works" in second.content.decode()
    log = AccessLogEntry.objects.filter(trajectory=world.space)
    assert log.filter(item_type=SPACE_EXPORT).count() == 1 and log.filter(item_type=SPACE_EXPORT_DOWNLOAD).count() == 1
    late = make_export(world, "young", django_capture_on_commit_callbacks)
    SpaceExport.objects.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert download(world, "young", late).status_code == 410
    world.client("young").get(reverse("trajectories:export", args=[world.space.pk]))  # clears what expired
    assert not any(Path(_files_root).rglob("*.zip"))


def test_who_may_not_export_is_refused(world, django_capture_on_commit_callbacks):
    """The mum and the coordinator (no regie) are refused with the reason; an outsider gets a 404; nothing is made."""
    for who in ("parent", "coordinator"):
        for name in ("export", "export_start"):
            client = world.client(who)
            url = reverse(f"trajectories:{name}", args=[world.space.pk])
            response = client.post(url) if name == "export_start" else client.get(url)
            assert response.status_code == 403, (who, name)
            assert "Only the young person or the person who decides" in response.content.decode()
    assert world.client("outsider").get(reverse("trajectories:export", args=[world.space.pk])).status_code == 404
    assert not SpaceExport.objects.exists()


def test_while_it_is_made_the_page_shows_progress(world):
    """Before the background task ran, the page says it is being made, shows the progress and reloads itself."""
    SpaceExport.objects.create(trajectory=world.space, user=world.users["young"], progress=40)
    body = world.client("young").get(reverse("trajectories:export", args=[world.space.pk])).content.decode()
    assert "Your download is being made." in body and 'value="40"' in body and 'http-equiv="refresh"' in body


NAMES = {"Şükrü": "015E", "Шевченко": "0428", "Łucja": "0141", "Ștefănescu": "0218"}


def _overview(**extra):
    from trajectories.export.pdf import overview_pdf

    return overview_pdf(
        title="Werkruimte van Şükrü",
        made_for="Łucja",
        made_at="2026-12-05T10:00:00+00:00",
        sections=[
            {
                "label": "doelen",
                "items": [
                    {
                        "title": "Samen naar school met Oksana Шевченко",
                        "written_by": "Ana-Maria Ștefănescu",
                        "created_at": "2026-12-05T10:00:00+00:00",
                        "who_may_see": "Iedereen",
                        "fields": {"uitleg": "Gewone tekst in het Nederlands"},
                    }
                ],
            }
        ],
        messages=[],
        files=[],
        **extra,
    )


def test_the_pdf_writes_names_in_every_script():
    """A young person named Şükrü, a mother named Łucja, a teacher Ștefănescu and a friend Шевченко: the PDF embeds
    DejaVu Sans (``make vendor``) and maps each of their letters (its ToUnicode table holds their code points), so
    no name turns into question marks; plain Dutch text stays in Helvetica, readable as it is."""
    data = _overview()
    printed = pdf_text(data)
    assert b"/FontFile2" in data and b"DejaVuSans" in data
    for name, code_point in NAMES.items():
        assert code_point in printed.upper(), name
    assert "Uitleg: Gewone tekst in het Nederlands" in printed
    assert "Werkruimte van ?" not in printed and "Oksana ????" not in printed  # what the built-in fonts gave


def test_without_the_font_the_pdf_is_still_made_with_question_marks(settings, tmp_path):
    """Nearest fallback: the font folder is empty (no ``make vendor``): the export still gets its PDF, Latin-1
    letters kept (ü), the others shown as "?" in the PDF only."""
    settings.WERKGROEPEN_PDF_FONT_DIR = tmp_path
    data = _overview()
    printed = pdf_text(data)
    assert b"DejaVuSans" not in data
    assert "Werkruimte van ?\xfckr\xfc" in printed
    assert "Samen naar school met Oksana ????????" in printed
