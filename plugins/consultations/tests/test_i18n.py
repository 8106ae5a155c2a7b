"""The plugin's own catalogues (its locale/ folder), checked like the site's (tests/core/test_i18n.py): every Dutch
msgid translated, nothing fuzzy, placeholders and tags kept, every translatable string of the plugin present, and
the pages in Dutch."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

import werkgroepen_consultations
from tests.core.test_i18n import PLURAL_FORMS, XGETTEXT_KEYWORDS, describe, header_of, markers, messages, parse_po

PACKAGE = Path(werkgroepen_consultations.__file__).parent
NL_PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
EN_PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def dutch():
    return parse_po(NL_PO.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("po", "language"), [(NL_PO, "nl"), (EN_PO, "en")])
def test_the_headers_are_valid_and_msgfmt_accepts_them(po, language):
    header, fields = header_of(parse_po(po.read_text(encoding="utf-8")))
    assert "fuzzy" not in header["flags"]
    assert fields.get("Language") == language and fields.get("Plural-Forms") == PLURAL_FORMS
    command = [shutil.which("msgfmt"), "--check", "-o", os.devnull, str(po)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own file
    assert result.returncode == 0, result.stderr


def test_every_dutch_message_is_translated_keeps_its_placeholders_and_none_is_fuzzy(dutch):
    entries = messages(dutch)
    assert len(entries) > 150
    assert not [describe(e) for e in entries if not all(s.strip() for s in e["msgstr"])]
    assert not [describe(e) for e in dutch if "fuzzy" in e["flags"]]
    wrong = []
    for entry in entries:
        sources = [entry["msgid"]] + [entry["msgid_plural"] or entry["msgid"]] * (len(entry["msgstr"]) - 1)
        for source, translated in zip(sources, entry["msgstr"], strict=True):
            if markers(source, entry["flags"]) != markers(translated, entry["flags"]):
                wrong.append(describe(entry))
    assert not wrong


def test_every_translatable_string_of_the_plugin_is_in_the_dutch_catalogue(dutch):
    with tempfile.TemporaryDirectory() as work:
        files = []
        for dirpath, dirnames, filenames in os.walk(PACKAGE):
            dirnames[:] = sorted(d for d in dirnames if d not in {"locale", "__pycache__", "migrations"})
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.suffix == ".py":
                    files.append(str(path))
                elif path.suffix in {".html", ".txt"}:
                    copy = Path(work, path.relative_to(PACKAGE)).with_suffix(path.suffix + ".py")
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    copy.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8")
                    files.append(str(copy))
        result = subprocess.run(  # noqa: S603 - gettext's own tool on the plugin's files
            [
                shutil.which("xgettext"),
                "-d",
                "django",
                "--language=Python",
                "--from-code=UTF-8",
                *XGETTEXT_KEYWORDS,
                "--output=-",
                *files,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    in_source = {(e["msgctxt"], e["msgid"]) for e in messages(parse_po(result.stdout))}
    in_catalogue = {(e["msgctxt"], e["msgid"]) for e in messages(dutch)}
    assert len(in_source) > 150
    assert not sorted(in_source - in_catalogue, key=str), "run makemessages in the plugin's package and translate"


def test_the_page_speaks_dutch(client, budget_vote, theme_member):
    client.force_login(theme_member)
    html = client.get(budget_vote.url).content.decode()
    assert "Doe mee" in html and "Breng mijn stem uit" in html and "Take part" not in html
