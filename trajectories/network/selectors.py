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


def my_map_person(space, person_id):
    """Someone on the viewer's own social map (for the confirmation before removing them), or None: a person on
    another's map is as unknown as one that does not exist."""
    if person_id is None:
        return None
    own = SocialMap.objects.visible_to(space.me.user).filter(trajectory_id=space.pk, author_id=space.me.pk)
    return SocialMapPerson.objects.filter(social_map__in=own, pk=person_id).first()


def by_circle(people):
    """People grouped per circle, every circle listed (also empty ones, so the list reads the same every time)."""
    groups = {value: [] for value in Circle.values}
    for person in people:
        groups.setdefault(person.circle, []).append(person)
    return [{"circle": value, "label": label, "people": groups[value]} for value, label in Circle.choices]


DIAGRAM_MARGIN = 40  # room around the rings for the names (the viewBox runs from -margin to size + margin)
NAME_CHARACTERS = 14  # a longer name is shortened in the picture; its <title> keeps it whole
CHARACTER_WIDTH = 6.5  # a generous width of one character at font-size 11, in viewBox units


def _number(value):
    """A coordinate as SVG wants it, whatever the page's language: "160.0", never "160,0" (issue 15 §5)."""
    return f"{value:.1f}"


def _shown(name):
    name = " ".join(str(name).split())
    return name if len(name) <= NAME_CHARACTERS else name[: NAME_CHARACTERS - 1].rstrip() + "\u2026"


def _text_x(x, text, size):
    """Keep a centred text inside the picture: near an edge it moves inwards instead of being cut off."""
    half = len(text) * CHARACTER_WIDTH / 2
    return min(max(x, -DIAGRAM_MARGIN + half), size + DIAGRAM_MARGIN - half)


def diagram(people, *, size=320):
    """Positions for the visual map: three rings (how close) and six sectors (circles), the owner in the middle.
    A picture only: the grouped list next to it is the accessible version with the same information.

    Every number is a locale-free string (the template must not localise them) and every text fits in the
    picture: a long name is shortened, its full form goes in the dot's ``<title>``."""
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
            x = centre + radius * math.cos(angle)
            y = centre + radius * math.sin(angle)
            shown = _shown(person.name)
            dots.append(
                {
                    "x": _number(x),
                    "y": _number(y),
                    "text_x": _number(_text_x(x, shown, size)),
                    "text_y": _number(y - 8),
                    "name": person.name,
                    "shown": shown,
                }
            )
    labels = []
    for index, (_value, label) in enumerate(Circle.choices):
        angle = (index + 0.5) * (2 * math.pi / len(sectors)) - math.pi / 2
        x = centre + size * 0.49 * math.cos(angle)
        labels.append(
            {
                "x": _number(_text_x(x, str(label), size)),
                "y": _number(centre + size * 0.49 * math.sin(angle)),
                "label": label,
            }
        )
    spokes = []
    for index in range(len(sectors)):
        angle = index * (2 * math.pi / len(sectors)) - math.pi / 2
        spokes.append(
            {
                "x": _number(centre + size * 0.45 * math.cos(angle)),
                "y": _number(centre + size * 0.45 * math.sin(angle)),
            }
        )
    return {
        "size": size,
        "centre": _number(centre),
        "view_box": " ".join(_number(v) for v in (-DIAGRAM_MARGIN, -10, size + 2 * DIAGRAM_MARGIN, size + 20)),
        "rings": [_number(r) for r in ring.values()],
        "dots": dots,
        "labels": labels,
        "spokes": spokes,
    }
