"""A readable comparison of two versions of an item: per field, a word diff of its text (Python's ``difflib``).

What was removed is in ``<del>`` and what was added in ``<ins>`` (struck through and underlined: not colour alone),
each with a text label for screen readers; everything written by people is escaped before it is marked up.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WORDS = re.compile(r"\s+|[^\s]+")
REWRITTEN = 0.4  # below this share of words in common, a text counts as rewritten (shown whole, old then new)


@dataclass
class FieldChange:
    """One field in a comparison: its label, whether it changed, and the marked-up comparison (safe HTML)."""

    label: str
    changed: bool
    html: str


def _removed(text):
    return format_html(
        '<del><span class="visually-hidden">{} </span>{}<span class="visually-hidden"> {}</span></del>',
        _("[removed:"),
        text,
        "]",
    )


def _added(text):
    return format_html(
        '<ins><span class="visually-hidden">{} </span>{}<span class="visually-hidden"> {}</span></ins>',
        _("[added:"),
        text,
        "]",
    )


def word_diff(old, new):
    """`old` and `new` as one text, the removed words in ``<del>`` and the added ones in ``<ins>`` (safe HTML)."""
    before, after = WORDS.findall(old or ""), WORDS.findall(new or "")
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    if before and after and matcher.ratio() < REWRITTEN:
        # Rewritten rather than edited: word by word would interleave two unrelated texts; show both whole.
        return format_html("{} {}", _removed(old), _added(new))
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(_removed("".join(before[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(_added("".join(after[j1:j2])))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is escaped above


def compare(old_values, new_values):
    """Per field of two versions as shown (``[(field, text), …]`` from
    :func:`trajectories.history.selectors.shown_values`, the same fields in the same order): a :class:`FieldChange`.
    Text is compared word by word; a choice, a date or a person is shown as the old value removed and the new one
    added."""
    changes = []
    for (field, old), (_field, new) in zip(old_values, new_values, strict=True):
        label = str(field.verbose_name)
        label = label[:1].upper() + label[1:]
        if old == new:
            changes.append(FieldChange(label=label, changed=False, html=escape(new) if new else "—"))
            continue
        if field.get_internal_type() in ("CharField", "TextField") and not field.choices:
            html = word_diff(old, new)
        else:
            html = mark_safe(  # noqa: S308 - both parts are escaped by format_html
                f"{_removed(old or '—')} {_added(new or '—')}"
            )
        changes.append(FieldChange(label=label, changed=True, html=html))
    return changes
