"""The plugin's own catalogues (Dutch first, English second), checked like the site's (tests/core/test_i18n.py):
valid headers, every Dutch message translated, nothing fuzzy, placeholders kept, every source string present."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation.template import templatize

from tests.core.test_i18n import XGETTEXT_KEYWORDS, describe, header_of, markers, messages, parse_po

PACKAGE = Path(__file__).resolve().parents[1] / "werkgroepen_activities"
NL_PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
EN_PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def dutch():
    return parse_po(NL_PO.read_text(encoding="utf-8"))


@pytest.mark.parametrize("po, language", [(NL_PO, "nl"), (EN_PO, "en")])
def test_the_headers_are_valid(po, language):
    header, fields = header_of(parse_po(po.read_text(encoding="utf-8")))
    assert "fuzzy" not in header["flags"]
    assert fields.get("Language") == language
    assert fields.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_every_dutch_message_is_translated_and_none_is_fuzzy(dutch):
    untranslated = [describe(e) for e in messages(dutch) if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [describe(e) for e in dutch if "fuzzy" in e["flags"]]
    assert not untranslated, "\n".join(untranslated)
    assert not fuzzy, "\n".join(fuzzy)


def test_dutch_translations_keep_placeholders_and_tags(dutch):
    wrong = []
    for entry in messages(dutch):
        sources = [entry["msgid"]] + [entry["msgid_plural"] or entry["msgid"]] * (len(entry["msgstr"]) - 1)
        for source, translated in zip(sources, entry["msgstr"], strict=True):
            if markers(source, entry["flags"]) != markers(translated, entry["flags"]):
                wrong.append(describe(entry))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("po", [NL_PO, EN_PO], ids=["nl", "en"])
def test_msgfmt_accepts_the_catalogue(po):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is needed (Debian: apt-get install gettext)"
    result = subprocess.run(  # noqa: S603 - msgfmt on our own file
        [msgfmt, "--check", "-o", os.devnull, str(po)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_every_translatable_string_of_the_plugin_is_in_the_dutch_catalogue(dutch):
    xgettext = shutil.which("xgettext")
    assert xgettext
    with tempfile.TemporaryDirectory() as work:
        files = []
        for path in sorted(PACKAGE.rglob("*")):
            if "locale" in path.parts or "__pycache__" in path.parts:
                continue
            if path.suffix == ".py":
                files.append(str(path))
            elif path.suffix in {".html", ".txt"}:
                copy = Path(work, path.relative_to(PACKAGE)).with_suffix(path.suffix + ".py")
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8")
                files.append(str(copy))
        listing = Path(work, "files.txt")
        listing.write_text("\n".join(files), encoding="utf-8")
        result = subprocess.run(  # noqa: S603
            [xgettext, "-d", "django", "--language=Python", "--from-code=UTF-8", *XGETTEXT_KEYWORDS]
            + ["--output=-", f"--files-from={listing}"],
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    source = {(e["msgctxt"], e["msgid"]) for e in messages(parse_po(result.stdout))}
    missing = sorted(source - {(e["msgctxt"], e["msgid"]) for e in messages(dutch)}, key=str)
    assert len(source) > 150
    assert not missing, "Run makemessages in the plugin and translate:\n" + "\n".join(repr(m) for _c, m in missing)


def test_django_reads_the_compiled_dutch_catalogue():
    mo = NL_PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < NL_PO.stat().st_mtime:
        pytest.fail(f"{mo} is missing or older than the .po: run `make compilemessages`", pytrace=False)
    with translation.override("nl-be"):
        assert translation.gettext("Activities on my territory") == "Activiteiten op mijn grondgebied"
        assert (
            translation.gettext("The activity cannot be published because it may be incomplete.")
            == "Activiteit kan niet worden gepubliceerd wegens mogelijke onvolledigheid."
        )
