"""Template filters for how a person's spaces look (issue 15 §10)."""

from django import template

from trajectories.spaces import selectors

register = template.Library()


@register.filter
def pictogram(slug):
    """The pictogram of a part of a space (its tool slug or page name), or "" when it has none."""
    return selectors.pictogram(slug)
