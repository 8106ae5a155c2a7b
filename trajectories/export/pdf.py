"""The PDF overview of a space's export (issue 13 §7: "a readable overview (HTML that prints well, and PDF)").

Built with fpdf2 (pure Python, ``requirements.txt``) from the same sections as ``overzicht.html``. Text in Latin-1
(Dutch, French) is drawn in PDF's built-in Helvetica; a line with any other character (a Turkish, Polish, Romanian
or Cyrillic name) in DejaVu Sans, embedded with only the glyphs used (``make vendor`` fetches it into
``WERKGROEPEN_PDF_FONT_DIR``). Without that font the other characters show as "?", and a character DejaVu lacks
(most emoji) as an empty box, in the PDF only — the HTML and the JSON beside it keep every character.
"""

from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

try:  # guarded: the rest of the export works without it, and the system check below says what is missing
    from fpdf import FPDF
except ImportError:  # pragma: no cover - fpdf2 is in requirements.txt
    FPDF = None

# Typographic characters outside Latin-1 that have a plain equivalent.
PLAIN = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "€": "EUR", "•": "-", "\u00a0": " "}
)


def available():
    """Whether PDFs can be made here (fpdf2 installed)."""
    return FPDF is not None


UNICODE_FONT = "DejaVu"
UNICODE_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def _text(value):
    text = "" if value is None else str(value)
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def _is_latin1(text):
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _add_unicode_font(pdf):
    """Register DejaVu Sans (regular and bold) with `pdf`; False when its files are not there."""
    folder = Path(getattr(settings, "WERKGROEPEN_PDF_FONT_DIR", ""))
    paths = {style: folder / name for style, name in UNICODE_FONT_FILES.items()}
    if not all(path.is_file() for path in paths.values()):
        return False
    for style, path in paths.items():
        pdf.add_font(UNICODE_FONT, style, str(path))
    return True


def _when(value):
    """An exported moment (ISO text or datetime) as people read it: local time, "4 december 2026 14:00"."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return _text(value)
    return formats.date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "j F Y H:i")


def _widths(font):
    """The width of a character in thousandths of the font size: the built-in fonts key their table by character,
    embedded ones by code point."""
    table = font.cw
    if isinstance(table, dict) and not hasattr(table, "default_factory"):
        return lambda char: table.get(char, 600)
    return lambda char: table[ord(char)]


def _wrap(text, width_of, scale, room):
    """`text` cut into lines no wider than `room` (user units), at spaces where possible: `width_of` gives a
    character's width in thousandths of the font size, `scale` is the font size / 1000."""
    rows = []
    space = width_of(" ") * scale
    for paragraph in text.split("\n"):
        row, row_width = "", 0.0
        for word in paragraph.split(" "):
            width = sum(width_of(char) for char in word) * scale
            if row and row_width + space + width <= room:
                row, row_width = f"{row} {word}", row_width + space + width
                continue
            if row:
                rows.append(row)
            while width > room:  # a word longer than the line: cut it
                cut, cut_width = "", 0.0
                for char in word:
                    char_width = width_of(char) * scale
                    if cut and cut_width + char_width > room:
                        break
                    cut, cut_width = cut + char, cut_width + char_width
                rows.append(cut)
                word = word[len(cut) :]
                width -= cut_width
            row, row_width = word, width
        rows.append(row)
    return rows


class _Overview(FPDF if FPDF is not None else object):
    footer_text = ""
    unicode_font = False

    def footer(self):
        self.set_y(-12)
        text = f"{self.footer_text} · {self.page_no()}"
        if self.unicode_font and not _is_latin1(text):
            self.set_font(UNICODE_FONT, size=8)
        else:
            self.set_font("Helvetica", size=8)
            text = _text(text)
        self.cell(0, 6, text, align="C")


def overview_pdf(*, title, made_for, made_at, sections, messages, files, phases=(), signatures=(), proposals=()):
    """The overview as PDF bytes: the space's name, for whom and when it was made, its phases, who signed which
    document, the proposed appointments, every section with its items (title, who wrote it, when, who may see it, its
    fields), the messages and the list of files."""
    if FPDF is None:
        raise RuntimeError("fpdf2 is not installed: pip install -r requirements.txt")
    pdf = _Overview(format="A4")
    pdf.unicode_font = _add_unicode_font(pdf)
    pdf.footer_text = str(title)
    pdf.set_title(_text(title))
    pdf.set_lang("nl")
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()

    def line(text, *, size=10, style="", height=5.5, gap=0):
        # Wrapped here with the core font's widths and drawn with text(): fpdf2's multi_cell measures each line
        # character by character and took most of a 2,000-item export (bench/space_export.py).
        text = "" if text is None else str(text)
        if pdf.unicode_font and not _is_latin1(text.translate(PLAIN)):
            pdf.set_font(UNICODE_FONT, style=style, size=size)
        else:
            pdf.set_font("Helvetica", style=style, size=size)
            text = _text(text)
        for row in _wrap(text, _widths(pdf.current_font), pdf.font_size / 1000, pdf.epw):
            if pdf.y + height > pdf.page_break_trigger:
                pdf.add_page()
            if row:
                pdf.text(pdf.l_margin, pdf.y + height * 0.75, row)
            pdf.set_y(pdf.y + height)
        if gap:
            pdf.ln(gap)

    line(title, size=18, style="B", height=9, gap=1)
    line(
        _("Made on %(date)s for %(name)s: everything in the space that they may see.")
        % {"date": _when(made_at), "name": made_for},
        size=9,
        gap=4,
    )
    if phases:
        line(_("Phases"), size=14, style="B", height=8, gap=1)
        for phase in phases:
            state = _("current phase") if phase["current"] else _("done") if phase["done"] else ""
            line(f"{phase['position']}. {phase['title']}" + (f" - {state}" if state else ""), size=11, style="B")
            if phase["description"]:
                line(phase["description"], size=9, height=5)
            for point in phase["checklist"]:
                line(f"- {point}", size=9, height=5)
            pdf.ln(2)
    if signatures:
        line(_("Signatures"), size=14, style="B", height=8, gap=1)
        for document in signatures:
            line(f"{document['title']} ({document['phase']})", size=11, style="B", height=6)
            for signature in document["signatures"]:
                state = (
                    _("signed “I endorse this” on %(when)s") % {"when": _when(signature["signed_at"])}
                    if signature["signed_at"]
                    else _("not signed yet")
                )
                line(f"{signature['person'] or '-'}: {state}", size=9, height=5)
            pdf.ln(2)
    if proposals:
        line(_("Proposed appointments"), size=14, style="B", height=8, gap=1)
        for proposal in proposals:
            line(proposal["title"], size=11, style="B", height=6)
            line(
                f"{_('Proposed by')} {proposal['proposed_by'] or '-'} · {_when(proposal['created_at'])} · "
                f"{proposal['status']}",
                size=8,
                height=4.5,
            )
            line(f"{_('Invited')}: {', '.join(name or '-' for name in proposal['invited'])}", size=9, height=5)
            if proposal["place"]:
                line(f"{_('Place')}: {proposal['place']}", size=9, height=5)
            if proposal["notes"]:
                line(f"{_('Notes')}: {proposal['notes']}", size=9, height=5)
            confirmed = proposal["confirmed"]
            if confirmed:
                line(
                    f"{_('Confirmed time')}: {_when(confirmed['start'])} - {_when(confirmed['end'])}"
                    f" ({confirmed['by'] or '-'}, {_when(confirmed['at'])})",
                    size=9,
                    height=5,
                )
            for option in proposal["options"]:
                answers = ", ".join(f"{a['person'] or '-'} ({a['answer'].lower()})" for a in option["answers"])
                line(
                    f"- {_when(option['start'])} - {_when(option['end'])}" + (f": {answers}" if answers else ""), size=9
                )
            pdf.ln(2)
    for section in sections:
        line(str(section["label"]).capitalize(), size=14, style="B", height=8, gap=1)
        for item in section["items"]:
            line(item["title"], size=11, style="B", height=6)
            line(
                f"{_('Written by')} {item['written_by'] or '-'} · {_when(item['created_at'])} · {item['who_may_see']}",
                size=8,
                height=4.5,
            )
            for label, value in item["fields"].items():
                if value is None or value == "":
                    continue
                line(f"{str(label).capitalize()}: {value}", size=9, height=5)
            pdf.ln(2)
        pdf.ln(2)
    if messages:
        line(_("Messages"), size=14, style="B", height=8, gap=1)
        for message in messages:
            line(f"{message['written_by'] or '-'} · {_when(message['at'])}", size=8, height=4.5)
            line(message["text"], size=9, height=5, gap=1.5)
    if files:
        line(_("Files"), size=14, style="B", height=8, gap=1)
        for file in files:
            line(file["file"], size=9, height=5)
    return bytes(pdf.output())
