"""The placeholders of document templates (``{organisatie}``, ``{datum}`` …): which exist, which a text uses, and
filling them in when a document is made from the template in a space."""

import re

# The names editors may use, in the site's language (editors write Dutch): what each is filled in with is decided
# by ``trajectories.blueprints.services`` when the document is made.
KNOWN = ("organisatie", "datum", "doelgroep", "trekkers", "jongere", "werkruimte")

PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


def used(text):
    """The placeholder names in `text`, in order of first use."""
    seen = []
    for name in PLACEHOLDER.findall(text or ""):
        if name not in seen:
            seen.append(name)
    return seen


def unknown(text):
    """The placeholder names in `text` that no space can fill in (a typo, a word of another template)."""
    return [name for name in used(text) if name not in KNOWN]


def fill(text, values):
    """`text` with every known placeholder replaced by its value (`values`: name → text); nothing else changes."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text or "")
