"""Reads of items, for every room: the registry of item kinds, one item of a space, and how items reach templates.

**The registry.** Every model whose rows are content of a space is a kind, registered through the catalogue hook
``register_space_item_kind`` (``config.hooks.SpaceItemKind``) in a room's or a plugin's ``hooks.py``::

    @hooks.register(REGISTER_SPACE_ITEM_KIND)
    def appointment_kind():
        return SpaceItemKind(
            key="appointment",              # stored in the access log; never change it
            model=Appointment,              # a subclass of trajectories.items.models.SpaceItem
            tool="agenda",                  # the slug of the TrajectoryTool that shows it
            segment="agenda-afspraken",     # URL part: /werkruimte/<id>/agenda-afspraken/<item id>/
            label=_("appointment"), label_plural=_("appointments"), add_label=_("Add an appointment"),
            form_class=AppointmentForm,     # a trajectories.forms.ItemForm subclass
            list_url_name="trajectories:agenda",
        )

The hook is read the first time a kind is asked for and kept for the life of the process (:func:`forget_kinds`
drops it, for tests that register kinds of their own). "Wie ziet wat?", the access log, the existence rule and the
generic item pages (add, change, who may see this, delete) cover every registered kind. A system check
(:mod:`trajectories.items.checks`) refuses item models that nobody registers, keys registered twice and URL parts
that clash with the space's own pages.

**Showing items.** A :class:`trajectories.items.presenters.Shown` carries the item only when the viewer may read
its content; :func:`show_all` wraps what a selector read through ``existence_visible_to`` and notes the reads for
the access log (written by the space view wrapper before the response leaves).
"""

from functools import cache

from django.db.models import BooleanField, Case, Value, When

from config.hooks import REGISTER_SPACE_ITEM_KIND, call
from trajectories.access import Audience, ParticipantStatus, seat_condition
from trajectories.audit.models import AccessOutcome
from trajectories.audit.services import note_reads
from trajectories.items import policies
from trajectories.items.models import ItemKind
from trajectories.items.presenters import Shown
from trajectories.spaces.selectors import listed_participants

# --- The registry of item kinds ----------------------------------------------------------------------------------


@cache
def _registry():
    """Every kind the hook returns, by key (the first registration of a key wins; the system check reports the
    rest)."""
    kinds = {}
    for kind in call(REGISTER_SPACE_ITEM_KIND):
        kinds.setdefault(kind.key, ItemKind.of(kind))
    return kinds


def registered_kinds():
    """Every kind as the hook returns it, duplicates included (for the system check)."""
    return [ItemKind.of(kind) for kind in call(REGISTER_SPACE_ITEM_KIND)]


def forget_kinds():
    """Read the hook again at the next question (a test registered a kind of its own)."""
    _registry.cache_clear()


def item_kinds():
    """Every registered kind, in display order."""
    return sorted(_registry().values(), key=lambda kind: (kind.order, kind.key))


def kind_for_key(key):
    return _registry().get(key)


def kind_for_segment(segment):
    return next((kind for kind in _registry().values() if kind.segment == segment), None)


def kind_for_model(model):
    return next((kind for kind in _registry().values() if kind.model is model), None)


def kinds_of_tool(tool):
    return [kind for kind in item_kinds() if kind.tool == tool]


# --- One item ------------------------------------------------------------------------------------------------


def item_in_space(space, user, kind, pk):
    """One item of `kind` that `user` may know exists in `space`, annotated, or None (missing or invisible)."""
    return (
        kind.model.objects.existence_visible_to(user, space=space)
        .filter(trajectory_id=space.pk, pk=pk)
        .prefetch_related("chosen")
        .first()
    )


# --- Showing items -------------------------------------------------------------------------------------------


def show(space, kind, item, *, chosen=True):
    """Wrap one item read through ``existence_visible_to`` (annotated ``content_visible`` and ``editable``); what
    the viewer may do with it comes from :mod:`trajectories.items.policies`."""
    content_visible = getattr(item, "content_visible", True)
    shown = Shown(
        kind=kind,
        pk=item.pk,
        trajectory_id=item.trajectory_id,
        author=space.participant(item.author_id),
        created_at=item.created_at,
        audience=item.audience,
    )
    if not content_visible:
        return shown
    shown.item = item
    if item.updated_by_id is not None:
        shown.changed_by = space.participant(item.updated_by_id)
        shown.changed_at = item.updated_at
    if chosen and item.audience == Audience.CHOSEN:
        shown.chosen = [space.participant(p.pk) or p for p in item.chosen.all()]
    shown.can_edit = policies.can_edit_item(space, item)
    shown.can_delete = policies.can_delete_item(space, item)
    shown.can_change_audience = policies.can_change_audience(space, item)
    return shown


def show_all(request, space, kind, items, *, chosen=True):
    """Wrap `items` and note their reads for the access log (content read, or existence only)."""
    shown = [show(space, kind, item, chosen=chosen) for item in items]
    note(request, space, kind, shown)
    return shown


def note(request, space, kind, shown):
    """Note the reads of `shown` for the access log of the page being rendered (nothing is written here)."""
    read = [row.pk for row in shown if row.content_visible]
    existence = [row.pk for row in shown if not row.content_visible]
    note_reads(request, space=space, item_type=kind.key, item_ids=read)
    note_reads(request, space=space, item_type=kind.key, item_ids=existence, outcome=AccessOutcome.EXISTENCE_ONLY)


# --- Wie ziet wat? -------------------------------------------------------------------------------------------


def who_sees(request, space):
    """Per participant: how many items of each kind they see, and which they do not.

    Only items the viewer may know exist are counted, so the page never tells anyone more than they already
    see; titles of items the viewer may not read themselves are left out. One query per kind: each participant's
    rule (:func:`trajectories.access.seat_condition`) is an annotation on the viewer's items.
    """
    user = request.user
    people = [p for p in listed_participants(space) if p.status == ParticipantStatus.ACTIVE]
    rows = {p.pk: {"participant": p, "kinds": [], "hidden": []} for p in people}
    for kind in item_kinds():
        flags = {
            f"sees_{p.pk}": Case(
                When(seat_condition(kind.model, p), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
            for p in people
        }
        items = list(
            kind.model.objects.existence_visible_to(user, space=space).annotate(**flags).order_by("created_at", "pk")
        )
        shown = [show(space, kind, item, chosen=False) for item in items]
        note(request, space, kind, shown)
        for p in people:
            seen = [s for s, item in zip(shown, items, strict=True) if getattr(item, f"sees_{p.pk}")]
            hidden = [s for s, item in zip(shown, items, strict=True) if not getattr(item, f"sees_{p.pk}")]
            rows[p.pk]["kinds"].append({"kind": kind, "seen": len(seen), "total": len(items)})
            rows[p.pk]["hidden"].extend(hidden)
    return list(rows.values())
