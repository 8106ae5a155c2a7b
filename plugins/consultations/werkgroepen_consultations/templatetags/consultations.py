"""What a consultation page shows, gathered from each kind's selectors (templates stay free of queries' logic),
and the accessible bar chart."""

from django import template
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from werkgroepen_consultations.consultation.models import Kind
from werkgroepen_consultations.consultation.policies import (
    is_observer,
    may_export,
    may_moderate,
    may_see_authors,
    may_see_results,
    refusal_to_take_part,
    represented_organisations,
)
from werkgroepen_consultations.consultation.selectors import tally
from werkgroepen_consultations.consultation.services import has_taken_part
from werkgroepen_consultations.plans import selectors as plans
from werkgroepen_consultations.scenarios import selectors as scenarios
from werkgroepen_consultations.surveys import selectors as surveys
from werkgroepen_consultations.votes import selectors as votes

register = template.Library()

BAR_HEIGHT = 28
LABEL_WIDTH = 0  # labels sit in the table beside the chart; the SVG draws bars and numbers only


@register.simple_tag(takes_context=True)
def consultation_state(context):
    """Everything the page needs about the person and the consultation, as one dict."""
    request, page = context["request"], context["page"]
    user = request.user
    now = timezone.now()
    state = {
        "now": now,
        "open": page.is_open(now),
        "closed": page.has_closed(now),
        "upcoming": now < page.opens_at,
        "refusal": refusal_to_take_part(user, page, now),
        "took_part": has_taken_part(page=page, user=user, session_key=request.session.session_key or ""),
        "moderator": may_moderate(user, page),
        "observer": is_observer(user, page),
        "may_export": may_export(user, page),
        "sees_results": may_see_results(user, page, now),
        "sees_authors": may_see_authors(user, page),
        "organisations": represented_organisations(user, page) if page.one_per == "organisation" else [],
        "typed": context.get("typed") or {},
    }
    if page.kind == Kind.SURVEY:
        state["sections"] = surveys.questions_of(page)
        if not state["typed"]:
            state["typed"] = surveys.draft_of(page, user)
    elif page.kind == Kind.VOTE:
        state["options"] = votes.options_of(page)
    elif page.kind == Kind.SCENARIOS:
        state["scenarios"] = scenarios.scenarios_of(page)
    elif page.kind == Kind.PLAN:
        state["pins"] = plans.pins_visible_to(page, user)
        state["categories"] = page.pin_category_list()
        if page.plan_image_id:
            rendition = page.plan_image.get_rendition("max-1200x900")
            # The SVG is 100 units wide; its height keeps the plan's proportions, pins are placed in those units.
            height = round(100 * rendition.height / max(rendition.width, 1), 3)
            state["plan"] = {"url": rendition.url, "height": height}
            for pin in state["pins"]:
                pin.cy = round(float(pin.y) * height / 100, 3)
    if state["sees_results"]:
        include_hidden = state["moderator"]
        state["version"] = tally(page)[1]
        if page.kind == Kind.SURVEY:
            state["ballots"], state["results"] = surveys.survey_results(page)
            # Lazy: the public results are rendered from the cache while nothing changed (page.html).
            state["open_answers"] = SimpleLazyObject(lambda: surveys.open_answers(page, include_hidden=include_hidden))
        elif page.kind == Kind.VOTE:
            state["ballots"], state["results"] = votes.vote_results(page)
        elif page.kind == Kind.SCENARIOS:
            state["ballots"], state["results"] = scenarios.scenario_results(page)
            state["reasons"] = SimpleLazyObject(lambda: scenarios.reasons(page, include_hidden=include_hidden))
        elif page.kind == Kind.PLAN:
            state["ballots"], state["results"] = plans.plan_results(page)
    return state


@register.filter
def typed_value(typed, name):
    """The first value typed into field `name` (kept when the page comes back with a message)."""
    values = typed.get(name) or []
    return values[0] if values else ""


@register.filter
def typed_values(typed, name):
    return [str(value) for value in typed.get(name) or []]


@register.filter
def field_name(question, suffix=""):
    return f"q{question.pk}{'_' + str(suffix) if suffix != '' else ''}"


@register.inclusion_tag("werkgroepen_consultations/consultation/chart.html")
def bar_chart(rows, caption, value_key="count", label_key="label", suffix=""):
    """An SVG bar chart (decorative: ``aria-hidden``) with the same figures in a table beside it."""
    top = max([row[value_key] for row in rows] + [1])
    bars = []
    for index, row in enumerate(rows):
        bars.append(
            {
                "y": index * BAR_HEIGHT + 4,
                "text_y": index * BAR_HEIGHT + 20,
                "width": round(70 * row[value_key] / top, 2),
                "text_x": round(70 * row[value_key] / top, 2) + 2,
                "value": row[value_key],
                "label": row[label_key],
                "percent": row.get("percent"),
            }
        )
    return {"bars": bars, "height": max(len(rows) * BAR_HEIGHT, BAR_HEIGHT), "caption": caption, "suffix": suffix}
