"""Reads of a spatial plan: the pins a person may see, with their reactions."""

from django.db.models import Count, Prefetch, Q

from werkgroepen_consultations.consultation.models import ConsultationPage
from werkgroepen_consultations.consultation.policies import may_moderate, may_see_results
from werkgroepen_consultations.consultation.selectors import cached_results
from werkgroepen_consultations.plans.models import Pin, PinReaction

PINS_SHOWN = 200


def _visible_pins(page, user):
    pins = Pin.objects.filter(consultation=page)
    if may_moderate(user, page):
        return pins
    public = Q(hidden=False) if may_see_results(user, page) else Q(pk__in=[])
    own = Q(author=user) if user.is_authenticated and not page.anonymous else Q(pk__in=[])
    return pins.filter(public | own)


def pins_visible_to(page, user, *, limit=PINS_SHOWN):
    """Pins of `page` that `user` may see: everyone's public pins where the results may be seen, and always their
    own; moderators also see hidden ones. Reactions prefetched (two queries, whatever the number of pins)."""
    reactions = PinReaction.objects.all() if may_moderate(user, page) else PinReaction.objects.filter(hidden=False)
    reactions = reactions.select_related("author").order_by("pk")
    return list(
        _visible_pins(page, user)
        .select_related("author")
        .prefetch_related(Prefetch("reactions", queryset=reactions))
        .order_by("pk")[:limit]
    )


def pin_for(user, pk):
    """A pin `user` may see (on a consultation they may see), or None."""
    pin = Pin.objects.filter(pk=pk).first()
    if pin is None:
        return None
    page = ConsultationPage.objects.visible_to(user).filter(pk=pin.consultation_id).first()
    if page is None or not _visible_pins(page, user).filter(pk=pk).exists():
        return None
    pin.consultation = page
    return pin


def _compute(page):
    rows = dict(
        Pin.objects.filter(consultation=page, hidden=False)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("category", "n")
    )
    total = sum(rows.values())
    return [
        {
            "label": category,
            "count": rows.get(category, 0),
            "percent": round(100 * rows.get(category, 0) / total) if total else 0,
        }
        for category in page.pin_category_list()
    ]


def plan_results(page):
    """``(ballots, [pins per category])`` of the public pins."""
    return cached_results(page, "plan", lambda: _compute(page))


def export(page, *, with_names):
    """``(header, rows)``: every pin (not ballots: a plan collects pins), with its reactions counted."""
    header = (
        ["pin", "created_at"]
        + (["name"] if with_names else [])
        + ["x", "y", "category", "comment", "hidden", "reactions"]
    )

    def rows():
        last = 0
        while True:
            batch = list(
                Pin.objects.filter(consultation=page, pk__gt=last).select_related("author").order_by("pk")[:1000]
            )
            if not batch:
                return
            for pin in batch:
                who = [pin.author.display_name if pin.author else ""] if with_names else []
                yield (
                    [pin.pk, pin.created_at.isoformat(timespec="seconds")]
                    + who
                    + [str(pin.x), str(pin.y), pin.category, pin.comment, "1" if pin.hidden else "", pin.reaction_count]
                )
            last = batch[-1].pk

    return header, rows()


def reaction_for_moderation(user, pk):
    """A reaction to a pin `user` may see, or None."""
    reaction = PinReaction.objects.filter(pk=pk).select_related("pin").first()
    if reaction is None:
        return None
    pin = pin_for(user, reaction.pin_id)
    if pin is None:
        return None
    reaction.pin = pin
    return reaction
