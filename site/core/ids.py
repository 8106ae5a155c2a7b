"""Numbers that can be a database id, and what happens to those that cannot (issue 9: bad input never gives a 500).

Every id of the site is a signed 64-bit integer (``BigAutoField``; Wagtail's own tables use 32-bit ids, which
PostgreSQL compares with 64-bit numbers without complaint). A larger number typed into a URL, a form or a query
parameter used to reach the database and fail there: SQLite's driver cannot bind it ("Python int too large to
convert to SQLite INTEGER"), a 500. PostgreSQL (psycopg 3 sends it as a ``numeric``) compares it and finds
nothing; the rule below is the same on both, so a page answers alike whatever the database. Two guards, one rule:

- URLs: :class:`core.middleware.BadInputMiddleware` answers 404 before any view runs when a part of the URL that a
  view receives is a number outside the range (or holds a NUL byte), like any id that does not exist.
- Forms and query parameters: :func:`register_lookups` (called from ``CoreConfig.ready``) teaches the ORM that such
  a number matches no row, as Django 5 already does for ``exact``/``lt``/``gt`` on integer fields. Django's
  ``ModelChoiceField`` looks its value up with ``exact`` and ``ModelMultipleChoiceField`` with ``in``; both then
  answer "not one of the available choices" instead of crashing, in every form of the site and its plugins,
  without a special field. Code that reads a number from ``request.GET`` itself uses :func:`id_from`.
"""

import re

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In

MIN_ID = -(2**63)
MAX_ID = 2**63 - 1
MAX_DIGITS = len(str(MAX_ID))  # 19
NUMBER = re.compile(r"([+-]?)0*(\d+)")  # what int() accepts (any Unicode decimal digit), leading zeros aside


def _as_number(value):
    """`value` as an int when it is one or is written as one, else None; a number too long to be an id comes back
    as one past the range (converting thousands of digits costs time and Python refuses beyond 4,300)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    match = NUMBER.fullmatch(value.strip())
    if match is None:
        return None
    sign, digits = match.groups()
    if len(digits) > MAX_DIGITS:
        return MIN_ID - 1 if sign == "-" else MAX_ID + 1
    return int(sign + digits)


def out_of_range(value):
    """Whether `value` (an int, or text written as a whole number) is a number no database id can have."""
    number = _as_number(value)
    return number is not None and not MIN_ID <= number <= MAX_ID


def id_from(value):
    """A positive id from text (a query parameter), or None for anything else: empty, not a number, negative,
    zero or beyond the range of an id."""
    number = _as_number(value)
    if number is None or not 0 < number <= MAX_ID:
        return None
    return number


class _InRange:
    """Drops numbers no id can have from an ``in`` list; none left matches no row (``In`` raises
    ``EmptyResultSet`` for an empty list)."""

    def get_prep_lookup(self):
        prepared = super().get_prep_lookup()  # becomes self.rhs (Lookup.__init__)
        if self.rhs_is_direct_value() and isinstance(prepared, list | tuple | set | frozenset):
            prepared = [value for value in prepared if not (type(value) is int and out_of_range(value))]
        return prepared


class IntegerFieldIn(_InRange, In):
    """``pk__in=[…]`` on any integer column (ids of every model)."""


class RelatedInInRange(_InRange, RelatedIn):
    """``theme__in=[…]`` / ``theme_id__in=[…]`` on a foreign key."""


class RelatedExactInRange(RelatedExact):
    """``theme=…`` / ``theme_id=…`` on a foreign key: a number no id can have matches no row."""

    def process_rhs(self, compiler, connection):
        if type(self.rhs) is int and out_of_range(self.rhs):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def register_lookups():
    """Install the lookups above in place of Django's ``in`` (integer fields) and ``exact``/``in`` (foreign
    keys); their behaviour is unchanged for every number an id can have."""
    IntegerField.register_lookup(IntegerFieldIn)
    ForeignObject.register_lookup(RelatedInInRange)
    ForeignObject.register_lookup(RelatedExactInRange)
