"""System checks of the item kinds (registered in ``TrajectoriesConfig.ready()``): every concrete
:class:`~trajectories.items.models.SpaceItem` model is registered through the ``register_space_item_kind`` hook,
each key once, and URL parts are unique and free of the space's own pages."""

from django.apps import apps
from django.core import checks

from trajectories.items.models import SpaceItem
from trajectories.items.selectors import registered_kinds

# The space's own pages (``/werkruimte/<space>/<segment>/``): an item kind may not take these URL parts.
RESERVED_SEGMENTS = frozenset(
    {
        "plan",
        "verwijderverzoek",
        "downloaden",
        "overdracht",
        "traject",
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


def check_item_kinds(app_configs=None, **kwargs):
    """trajectories.E001: a space item model nobody registers; E002: a kind whose model is no SpaceItem; E003: a URL
    part that is taken; E004: a key registered twice."""
    errors = []
    kinds = registered_kinds()
    registered = {kind.model for kind in kinds}
    for model in apps.get_models():
        if issubclass(model, SpaceItem) and model not in registered:
            errors.append(
                checks.Error(
                    f"{model._meta.label} is a space item but is not registered as an item kind.",
                    hint="Return a config.hooks.SpaceItemKind for it from a register_space_item_kind hook.",
                    obj=model,
                    id="trajectories.E001",
                )
            )
    segments = {}
    keys = {}
    for kind in kinds:
        if not (isinstance(kind.model, type) and issubclass(kind.model, SpaceItem)):
            errors.append(
                checks.Error(
                    f"Item kind {kind.key!r}: {kind.model!r} is not a trajectories.items.models.SpaceItem.",
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
        if kind.key in keys and keys[kind.key] != kind:
            errors.append(
                checks.Error(
                    f"Item kind {kind.key!r} is registered twice ({keys[kind.key].model.__name__}, "
                    f"{kind.model.__name__}).",
                    hint="Keys are stored in the access log: give each kind its own.",
                    id="trajectories.E004",
                )
            )
        segments[kind.segment] = kind.key
        keys.setdefault(kind.key, kind)
    return errors
