"""The registry of item kinds: every model whose rows are content of a space.

"Wie ziet wat?", the access log, the existence rule and the generic item pages (add, change, who may see
this, delete) work from this registry, so a new kind — an appointment, a document, a message thread of a
later module or a plugin — is covered by registering it::

    from trajectories.registry import ItemKind, register_item_kind

    register_item_kind(ItemKind(
        key="appointment",                 # stored in the access log; never change it
        model=Appointment,                 # a subclass of trajectories.models.SpaceItem
        tool="agenda",                     # the slug of the TrajectoryTool that shows it
        segment="agenda-afspraken",        # URL part: /werkruimte/<id>/agenda-afspraken/<item id>/
        label=_("appointment"), label_plural=_("appointments"), add_label=_("Add an appointment"),
        form_class=AppointmentForm,        # a trajectories.forms.ItemForm subclass
        list_url_name="agenda:list",       # the tool page, reversed with the space id
    ))

Call it from your app's ``AppConfig.ready()``. A system check (``trajectories.E001``…) refuses item models
that are not registered, duplicate keys and URL parts that clash with the space's own pages.
"""

from dataclasses import dataclass

from django.core import checks
from django.urls import reverse

RESERVED_SEGMENTS = frozenset(
    {
        "plan",
        "deelnemers",
        "uitnodiging",
        "uitnodigingen",
        "regie",
        "wie-ziet-wat",
        "toegangslog",
        "afsluiten",
        "heropenen",
        "nieuw",
        "agenda",
    }
)


@dataclass(frozen=True)
class ItemKind:
    """One kind of item: its model, the tool it belongs to and how it is added and changed."""

    key: str
    model: type
    tool: str
    segment: str
    label: str
    label_plural: str
    form_class: type | None = None
    add_label: str = ""  # heading of the page that adds one, e.g. "Add a goal"
    list_url_name: str = "trajectories:overview"
    form_template: str = "trajectories/item_form.html"
    order: int = 100

    def list_url(self, trajectory_id):
        return reverse(self.list_url_name, args=[trajectory_id])

    def item_url(self, trajectory_id, item_id):
        return reverse("trajectories:item", args=[trajectory_id, self.segment, item_id])

    def create_url(self, trajectory_id):
        return reverse("trajectories:item_create", args=[trajectory_id, self.segment])


_KINDS: dict[str, ItemKind] = {}


def register_item_kind(kind):
    """Add `kind` to the registry (idempotent for the same kind; a different kind under a used key raises)."""
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Item kind {kind.key!r} is already registered for {existing.model.__name__}")
    _KINDS[kind.key] = kind
    return kind


def item_kinds():
    """Every registered kind, in display order."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def kind_for_key(key):
    return _KINDS.get(key)


def kind_for_segment(segment):
    return next((kind for kind in _KINDS.values() if kind.segment == segment), None)


def kind_for_model(model):
    return next((kind for kind in _KINDS.values() if kind.model is model), None)


def kinds_of_tool(tool):
    return [kind for kind in item_kinds() if kind.tool == tool]


def check_registry(app_configs=None, **kwargs):
    """System checks: every concrete SpaceItem model is registered; keys and URL parts are unique and free."""
    from django.apps import apps

    from trajectories.models import SpaceItem

    errors = []
    registered = {kind.model for kind in _KINDS.values()}
    for model in apps.get_models():
        if issubclass(model, SpaceItem) and model not in registered:
            errors.append(
                checks.Error(
                    f"{model._meta.label} is a space item but is not registered as an item kind.",
                    hint="Call trajectories.registry.register_item_kind() in your AppConfig.ready().",
                    obj=model,
                    id="trajectories.E001",
                )
            )
    segments = {}
    for kind in _KINDS.values():
        if not issubclass(kind.model, SpaceItem):
            errors.append(
                checks.Error(
                    f"Item kind {kind.key!r}: {kind.model.__name__} is not a trajectories.models.SpaceItem.",
                    id="trajectories.E002",
                )
            )
        if kind.segment in RESERVED_SEGMENTS or kind.segment in segments:
            errors.append(
                checks.Error(
                    f"Item kind {kind.key!r}: URL part {kind.segment!r} is taken.",
                    hint="Choose another segment for the kind.",
                    id="trajectories.E003",
                )
            )
        segments[kind.segment] = kind.key
    return errors
