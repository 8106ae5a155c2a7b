"""How a person's spaces look (issue 15 §10; seed 004: "een aantrekkelijke, personaliseerbare look & feel",
pictograms, bigger text): the colour themes, text sizes and tool pictograms a person picks from. Every theme is
checked for contrast (WCAG 2.2 AA, 4.5:1) by :func:`contrast_problems`, in a test and at start-up."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from themes.colour import relative_luminance

MINIMUM_CONTRAST = 4.5


@dataclass(frozen=True)
class Look:
    label: str
    brand: str  # links, the current tab, buttons (white text on it)
    text: str
    muted: str
    background: str
    surface: str  # panels and notices; text and links sit on it too
    border: str


LOOKS = {
    "standaard": Look(_("Blue"), "#1f4e79", "#1b1b1b", "#4a4a4a", "#ffffff", "#f4f5f7", "#8a8f98"),
    "bos": Look(_("Forest green"), "#1e5b3a", "#14231a", "#3f4a43", "#ffffff", "#eef6f0", "#7d8f83"),
    "bes": Look(_("Berry purple"), "#6a1b6e", "#24102a", "#4d3f52", "#ffffff", "#f7eef7", "#92819a"),
    "zon": Look(_("Warm orange"), "#8a3b00", "#2a1605", "#56402e", "#ffffff", "#fdf3e7", "#a08a76"),
    "zee": Look(_("Sea blue"), "#0b5563", "#0d1f24", "#39525a", "#ffffff", "#eaf5f7", "#7c959b"),
    "contrast": Look(
        _("Black and white (most contrast)"), "#000000", "#000000", "#2b2b2b", "#ffffff", "#ffffff", "#000000"
    ),
}
DEFAULT_LOOK = "standaard"

TEXT_SIZES = {"normaal": (_("Normal"), 100), "groot": (_("Bigger"), 115), "extra": (_("Biggest"), 130)}
DEFAULT_TEXT_SIZE = "normaal"

# A pictogram beside each part of a space (shown only to who chose them; hidden from screen readers, which read
# the name beside it). Keyed by the tool's slug and the fixed pages' names in the space's navigation.
PICTOGRAMS = {
    "overview": "\U0001f3e0",  # house
    "plan": "\U0001f3af",  # target
    "logboek": "\U0001f4d3",  # notebook
    "agenda": "\U0001f4c5",  # calendar
    "documenten": "\U0001f4c4",  # page
    "berichten": "\U0001f4ac",  # speech balloon
    "netwerk": "\U0001f465",  # people
    "deelnemers": "\U0001f64b",  # person raising hand
    "wie-ziet-wat": "\U0001f440",  # eyes
    "toegangslog": "\U0001f50e",  # magnifying glass
}


def contrast(foreground, background):
    """The WCAG contrast ratio of two colours ("#rrggbb")."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_pairs(look):
    """Every pair of colours a look puts text on: (name, foreground, background)."""
    return [
        ("text on background", look.text, look.background),
        ("text on panels", look.text, look.surface),
        ("quiet text on background", look.muted, look.background),
        ("quiet text on panels", look.muted, look.surface),
        ("links on background", look.brand, look.background),
        ("links on panels", look.brand, look.surface),
        ("button text", "#ffffff", look.brand),
    ]


def contrast_problems():
    """The pairs of every look under 4.5:1, as readable lines (empty when all pass)."""
    return [
        f"{key}: {name} {contrast(fg, bg):.2f}:1"
        for key, look in LOOKS.items()
        for name, fg, bg in contrast_pairs(look)
        if contrast(fg, bg) < MINIMUM_CONTRAST
    ]
