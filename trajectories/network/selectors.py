"""Reads of Netwerk, each from ``visible_to`` / ``existence_visible_to``, at a fixed number of queries."""

import math

from trajectories.access import Role
from trajectories.items.selectors import kind_for_model, show_all
from trajectories.network.models import Circle, Closeness, Contact, SocialMap, SocialMapPerson

ROLE_ORDER = {Role.CLIENT: 0, Role.NETWORK: 1, Role.PROFESSIONAL: 2, Role.COORDINATOR: 3}


def who_is_who(space):
    """The people taking part, the young person first (no query: the space is read already)."""
    return sorted(space.active_participants, key=lambda p: (ROLE_ORDER.get(p.role, 9), p.label.lower()))


def contacts(request, space):
    """Outside contacts the viewer may know exist (placeholders for the young person), emergency contacts first."""
    rows = list(
        Contact.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk)
        .prefetch_related("chosen")
        .order_by("-is_emergency", "name", "pk")
    )
    return show_all(request, space, kind_for_model(Contact), rows)


def emergency_contacts(request, space):
    return [row for row in contacts(request, space) if row.content_visible and row.item.is_emergency]


def social_maps(request, space):
    """Every social map the viewer may know exists (their own first), readable ones with their people by circle."""
    maps = list(
        SocialMap.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk)
        .prefetch_related("chosen")
        .order_by("pk")
    )
    shown = show_all(request, space, kind_for_model(SocialMap), maps)
    readable = [row.pk for row in shown if row.content_visible]
    people = {}
    if readable:
        for person in SocialMapPerson.objects.filter(social_map_id__in=readable).order_by("closeness", "name", "pk"):
            people.setdefault(person.social_map_id, []).append(person)
    for row in shown:
        row.owner_is_me = row.author is not None and row.author.pk == space.me.pk
        row.circles = by_circle(people.get(row.pk, [])) if row.content_visible else []
        row.people_count = len(people.get(row.pk, []))
        row.diagram = diagram(people.get(row.pk, [])) if row.content_visible else None
    shown.sort(key=lambda row: (not row.owner_is_me, row.pk))
    return shown


def by_circle(people):
    """People grouped per circle, every circle listed (also empty ones, so the list reads the same every time)."""
    groups = {value: [] for value in Circle.values}
    for person in people:
        groups.setdefault(person.circle, []).append(person)
    return [{"circle": value, "label": label, "people": groups[value]} for value, label in Circle.choices]


def diagram(people, *, size=320):
    """Positions for the visual map: three rings (how close) and six sectors (circles), the owner in the middle.
    A picture only: the grouped list next to it is the accessible version with the same information."""
    centre = size / 2
    ring = {Closeness.CLOSE: size * 0.17, Closeness.MIDDLE: size * 0.31, Closeness.FAR: size * 0.45}
    sectors = list(Circle.values)
    per_sector = {}
    for person in people:
        per_sector.setdefault((person.circle, person.closeness), []).append(person)
    dots = []
    for (circle, closeness), group in per_sector.items():
        index = sectors.index(circle) if circle in sectors else 0
        start = index * (2 * math.pi / len(sectors))
        for n, person in enumerate(group):
            angle = start + (n + 1) * (2 * math.pi / len(sectors)) / (len(group) + 1) - math.pi / 2
            radius = ring.get(closeness, ring[Closeness.FAR])
            dots.append(
                {
                    "x": round(centre + radius * math.cos(angle), 1),
                    "y": round(centre + radius * math.sin(angle), 1),
                    "name": person.name,
                }
            )
    labels = []
    for index, (_value, label) in enumerate(Circle.choices):
        angle = (index + 0.5) * (2 * math.pi / len(sectors)) - math.pi / 2
        labels.append(
            {
                "x": round(centre + size * 0.49 * math.cos(angle), 1),
                "y": round(centre + size * 0.49 * math.sin(angle), 1),
                "label": label,
            }
        )
    spokes = []
    for index in range(len(sectors)):
        angle = index * (2 * math.pi / len(sectors)) - math.pi / 2
        spokes.append(
            {
                "x": round(centre + size * 0.45 * math.cos(angle), 1),
                "y": round(centre + size * 0.45 * math.sin(angle), 1),
            }
        )
    return {
        "size": size,
        "centre": centre,
        "rings": [round(r, 1) for r in ring.values()],
        "dots": dots,
        "labels": labels,
        "spokes": spokes,
    }
