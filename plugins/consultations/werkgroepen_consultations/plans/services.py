"""Every write of a spatial plan: dropping a pin, reacting to one, and a moderator hiding either."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from werkgroepen_consultations.consultation.models import Kind
from werkgroepen_consultations.consultation.policies import may_moderate, refusal_to_take_part
from werkgroepen_consultations.consultation.services import Refused, version_bump
from werkgroepen_consultations.plans.models import Pin, PinReaction

COMMENT_MAX = 1000


def _position(value, field):
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, TypeError):
        raise Refused(_("Give the pin's position as a number from 0 to 100."), field=field) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise Refused(_("The pin lies outside the plan: use a number from 0 to 100."), field=field)
    return number.quantize(Decimal("0.01"))


def _text(text, field):
    text = (text or "").strip()
    if not text:
        raise Refused(_("Write a comment."), field=field)
    if len(text) > COMMENT_MAX:
        raise Refused(_("At most %(n)d characters.") % {"n": COMMENT_MAX}, field=field)
    return text


def _may_add(page, user, now):
    if page.kind != Kind.PLAN:
        raise Refused(_("This consultation is not a spatial plan."))
    refusal = refusal_to_take_part(user, page, now)
    if refusal:
        raise Refused(refusal)
    if not user.is_authenticated:
        raise Refused(_("Log in to take part."))


@transaction.atomic
def pin_drop(*, page, user, x, y, category, comment, now=None):
    """Drop `user`'s pin on the plan at (`x`, `y`) percent, with a category of the plan and a comment; or raise
    :class:`Refused` (outside the plan, unknown category, closed, not allowed)."""
    _may_add(page, user, now)
    x, y = _position(x, "x"), _position(y, "y")
    if category not in page.pin_category_list():
        raise Refused(_("Choose one of the categories."), field="category")
    comment = _text(comment, "comment")
    pin = Pin.objects.create(
        consultation=page,
        author=user if not page.anonymous else None,
        x=x,
        y=y,
        category=category,
        comment=comment,
        created_at=now or timezone.now(),
    )
    version_bump(page=page)
    return pin


@transaction.atomic
def pin_react(*, pin, user, text, now=None):
    """Add `user`'s reaction to a pin they may see (the caller found it through the selectors)."""
    page = pin.consultation
    _may_add(page, user, now)
    text = _text(text, "text")
    reaction = PinReaction.objects.create(
        pin=pin, author=user if not page.anonymous else None, text=text, created_at=now or timezone.now()
    )
    Pin.objects.filter(pk=pin.pk).update(reaction_count=F("reaction_count") + 1)
    return reaction


@transaction.atomic
def pin_moderate(*, pin, by, hidden):
    """Hide a pin from the public (or show it again); moderators only."""
    if not may_moderate(by, pin.consultation):
        raise Refused(_("Only moderators hide pins."))
    Pin.objects.filter(pk=pin.pk).update(hidden=hidden)
    version_bump(page=pin.consultation)


@transaction.atomic
def reaction_moderate(*, reaction, by, hidden):
    """Hide a reaction to a pin from the public (or show it again); moderators only."""
    if not may_moderate(by, reaction.pin.consultation):
        raise Refused(_("Only moderators hide reactions."))
    PinReaction.objects.filter(pk=reaction.pk).update(hidden=hidden)
