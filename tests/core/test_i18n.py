"""The interface speaks Dutch (nl-BE) first and English second (BRIEF.md, "Language").

The catalogues in locale/ are checked as text (every msgid of the Dutch one translated, nothing fuzzy, the same
placeholders and HTML tags, every translatable string of the source present), and the site is checked through
its pages: Dutch by default and for nl-BE browsers, English after choosing it in the language form, Dutch form
errors. The compiled .mo files are not committed: `make compilemessages` (run by `make test`) builds them.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

LOCALE = Path(settings.LOCALE_PATHS[0])
NL_PO = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
ROOT = LOCALE.parent
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# What `make makemessages` leaves out (its --ignore options and makemessages' own defaults).
IGNORED_DIRS = {".venv", "node_modules", "var", "tests", "locale", "media", "staticfiles", "__pycache__", "CVS"}
# The keywords makemessages gives xgettext for the "django" domain.
XGETTEXT_KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]


# --- a small .po reader (polib is not a dependency) -------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(literal):
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), literal[1:-1])


def parse_po(text):
    """The entries of a .po/.pot text: dicts with flags, msgctxt, msgid, msgid_plural, msgstr (a list), line.

    Obsolete entries (``#~``) are left out. Good enough for files written by xgettext/msgmerge.
    """
    entries, entry, field = [], None, None
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        line = line.strip()
        if not line or line.startswith("#~"):
            if entry and "msgid" in entry:
                entries.append(entry)
                entry = None
            field = None
            continue
        if entry is None or (field and field.startswith("msgstr") and line.startswith(("#", "msgctxt", "msgid"))):
            if entry and "msgid" in entry:
                entries.append(entry)
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}, "line": number}
            field = None
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line):
            name, index, literal = match.groups()
            field = name if not name.startswith("msgstr") else f"msgstr{int(index or 0)}"
            if field.startswith("msgstr"):
                entry["msgstr"][int(index or 0)] = _unquote(literal)
            else:
                entry[field] = _unquote(literal)
        elif line.startswith('"') and field:
            if field.startswith("msgstr"):
                entry["msgstr"][int(field[6:])] += _unquote(line)
            else:
                entry[field] += _unquote(line)
        else:
            raise ValueError(f"line {number}: cannot read {line!r}")
    for found in entries:
        found["msgstr"] = [found["msgstr"][i] for i in sorted(found["msgstr"])]
    return entries


def header_of(entries):
    header = next(e for e in entries if e["msgid"] == "" and e["msgctxt"] is None)
    fields = dict(line.split(": ", 1) for line in header["msgstr"][0].splitlines() if ": " in line)
    return header, fields


def messages(entries):
    return [e for e in entries if not (e["msgid"] == "" and e["msgctxt"] is None)]


def describe(entry):
    context = f"[{entry['msgctxt']}] " if entry["msgctxt"] else ""
    return f"line {entry['line']}: {context}{entry['msgid']!r}"


PRINTF = re.compile(r"%(?:\(\w+\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
NAMED = re.compile(r"%\(\w+\)")
BRACES = re.compile(r"\{[^{}\s]*\}")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


def markers(text, flags):
    """Placeholders and HTML tags a translation must keep, as a sorted list."""
    found = TAG.findall(text)
    found += PRINTF.findall(text) if "python-format" in flags else NAMED.findall(text)
    if "python-brace-format" in flags:
        found += BRACES.findall(text)
    return sorted(found)


@pytest.fixture(scope="module")
def dutch():
    assert NL_PO.exists(), f"{NL_PO} is missing: run `make makemessages` and translate it"
    return parse_po(NL_PO.read_text(encoding="utf-8"))


# --- the catalogues as text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("po, language", [(NL_PO, "nl"), (EN_PO, "en")])
def test_the_catalogue_headers_are_valid(po, language):
    header, fields = header_of(parse_po(po.read_text(encoding="utf-8")))
    assert "fuzzy" not in header["flags"], f"{po}: remove the '#, fuzzy' flag above the header"
    assert fields.get("Language") == language
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == PLURAL_FORMS


def test_every_dutch_message_is_translated_and_none_is_fuzzy(dutch):
    untranslated = [describe(e) for e in messages(dutch) if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [describe(e) for e in dutch if "fuzzy" in e["flags"]]
    assert not untranslated, "Translate these in locale/nl/LC_MESSAGES/django.po:\n" + "\n".join(untranslated)
    assert not fuzzy, "Check these fuzzy suggestions and remove their '#, fuzzy' flag:\n" + "\n".join(fuzzy)


def test_dutch_plural_messages_have_both_forms(dutch):
    plurals = [e for e in messages(dutch) if e["msgid_plural"] is not None]
    assert plurals, "the parser should see the plural messages (search results, themes per organisation)"
    wrong = [describe(e) for e in plurals if len(e["msgstr"]) != 2]
    assert not wrong, "Give msgstr[0] and msgstr[1]:\n" + "\n".join(wrong)


def test_dutch_translations_keep_the_placeholders_and_html_of_the_msgid(dutch):
    wrong = []
    for entry in messages(dutch):
        sources = [entry["msgid"]] + [entry["msgid_plural"] or entry["msgid"]] * (len(entry["msgstr"]) - 1)
        for source, translated in zip(sources, entry["msgstr"], strict=True):
            if markers(source, entry["flags"]) != markers(translated, entry["flags"]):
                wrong.append(f"{describe(entry)}\n    {translated!r}")
    assert not wrong, "Keep placeholders and tags exactly as in the msgid:\n" + "\n".join(wrong)


def test_the_english_catalogue_has_no_fuzzy_translations():
    fuzzy = [describe(e) for e in messages(parse_po(EN_PO.read_text(encoding="utf-8"))) if "fuzzy" in e["flags"]]
    assert not fuzzy, "Remove these fuzzy entries from locale/en/LC_MESSAGES/django.po:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("po", [NL_PO, EN_PO], ids=["nl", "en"])
def test_msgfmt_accepts_the_catalogue(po):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is needed (Debian: apt-get install gettext)"
    result = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(po)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def source_messages():
    """(msgctxt, msgid) of every translatable string in the source, extracted the way `make makemessages` does."""
    xgettext = shutil.which("xgettext")
    assert xgettext, "xgettext is needed (Debian: apt-get install gettext)"
    with tempfile.TemporaryDirectory() as work:
        files = []
        for dirpath, dirnames, filenames in os.walk(ROOT):
            here = Path(dirpath)
            if here != ROOT and (here / "locale").is_dir():  # an app with catalogues of its own
                dirnames[:] = []
                continue
            dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS and not d.startswith("."))
            for name in sorted(filenames):
                path = here / name
                if path.suffix == ".py":
                    files.append(str(path))
                elif path.suffix in {".html", ".txt"}:
                    copy = Path(work, path.relative_to(ROOT)).with_suffix(path.suffix + ".py")
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    copy.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8")
                    files.append(str(copy))
        file_list = Path(work, "files.txt")
        file_list.write_text("\n".join(files), encoding="utf-8")
        result = subprocess.run(
            [xgettext, "-d", "django", "--language=Python", "--from-code=UTF-8", *XGETTEXT_KEYWORDS]
            + ["--output=-", f"--files-from={file_list}"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    return {(e["msgctxt"], e["msgid"]) for e in messages(parse_po(result.stdout))}


def test_every_translatable_string_of_the_source_is_in_the_dutch_catalogue(dutch):
    in_catalogue = {(e["msgctxt"], e["msgid"]) for e in messages(dutch)}
    missing = sorted(source_messages() - in_catalogue, key=str)
    assert len(in_catalogue) > 100  # the extraction and the parser both work
    assert not missing, "Run `make makemessages` and translate in locale/nl/LC_MESSAGES/django.po:\n" + "\n".join(
        repr(msgid) for _context, msgid in missing
    )


# --- the site in Dutch and English --------------------------------------------------------------------------------


@pytest.fixture
def compiled_site():
    """The pages need the compiled Dutch catalogue (`make test` builds it first); no rate-limit counters."""
    mo = NL_PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < NL_PO.stat().st_mtime:
        pytest.fail(f"{mo} is missing or older than the .po: run `make compilemessages`", pytrace=False)
    cache.clear()  # allauth and the contact form count attempts in the cache
    yield
    cache.clear()


uses_the_site = pytest.mark.usefixtures("compiled_site")


@uses_the_site
def test_django_finds_the_dutch_catalogue_for_nl_be():
    with translation.override("nl-be"):
        assert translation.gettext("Log in") == "Inloggen"
        assert translation.ngettext("%(counter)s theme", "%(counter)s themes", 2) == "%(counter)s thema's"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def nav_of(response):
    return re.search(r'<nav class="site-nav".*?</nav>', response.content.decode(), re.S).group(0)


@uses_the_site
@pytest.mark.parametrize("accept_language", [None, "nl-BE,nl;q=0.9,en;q=0.5", "fr-BE,fr;q=0.9"])
def test_the_site_speaks_dutch_by_default_and_to_dutch_browsers(client, db, accept_language):
    headers = {"accept-language": accept_language} if accept_language else {}
    response = client.get(reverse("account_login"), headers=headers)
    assert response.status_code == 200
    assert html_lang(response) == "nl-be"
    assert ">Inloggen</a>" in nav_of(response) and ">Registreren</a>" in nav_of(response)
    page = response.content.decode()
    assert "Nog geen account?" in page and "Naar de inhoud" in page
    assert "No account yet?" not in page


@uses_the_site
def test_an_english_browser_gets_english(client, db):
    response = client.get(reverse("account_login"), headers={"accept-language": "en-GB,en;q=0.9"})
    assert html_lang(response) == "en"
    assert ">Log in</a>" in nav_of(response)


@uses_the_site
def test_choosing_english_in_the_language_form_switches_the_site_to_english(client, db):
    login_url = reverse("account_login")
    dutch = client.get(login_url)
    assert 'name="language"' in dutch.content.decode() and reverse("set_language") in dutch.content.decode()

    chosen = client.post(reverse("set_language"), {"language": "en", "next": login_url})
    assert chosen.status_code == 302 and chosen["Location"] == login_url

    english = client.get(login_url)
    assert html_lang(english) == "en"
    assert ">Log in</a>" in nav_of(english) and ">Register</a>" in nav_of(english)
    assert "No account yet?" in english.content.decode() and "Nog geen account?" not in english.content.decode()
    assert '<option value="en" selected' in english.content.decode()

    client.post(reverse("set_language"), {"language": "nl-be", "next": login_url})
    assert html_lang(client.get(login_url)) == "nl-be"


def signup(client, **fields):
    data = {"email": "nieuw@example.org", "display_name": "Fietser Fien", "password1": "", "password2": ""}
    data.update(fields)
    return client.post(reverse("account_signup"), data)


@uses_the_site
def test_registration_errors_read_in_dutch(client, home):
    response = signup(client, display_name="F", password1="qwerty123456", password2="qwerty123456")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Verbeter de fouten hieronder." in page  # the form's summary (our catalogue)
    assert "Kies een gebruikersnaam van minstens 2 tekens." in page  # our validator
    assert "Dit wachtwoord is te algemeen." in page  # Django's validator, Django's catalogue
    assert "Please correct" not in page and "too common" not in page


@uses_the_site
def test_a_too_short_password_reads_in_dutch(client, home):
    page = signup(client, password1="kort-ww", password2="kort-ww").content.decode()
    assert "too short" not in page and "te kort" in page


@uses_the_site
def test_the_contact_form_error_reads_in_dutch(client, theme):
    response = client.post(theme.url + "contact/", {"name": "Jan Peeters", "email": "jan@example.org", "message": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf een bericht." in page
    assert "Write a message." not in page
