"""Territories: the postcodes a municipality's moderators look after ("op mijn grondgebied", seed 002).

A territory is part of the organisation's plugin settings (Plugins tab). Reads are cached with the page tree: saving
the settings is a page edit, which starts a new tree version.
"""

from core.tree_cache import cached
from themes.models import OrganisationPlugin
from werkgroepen_activities.settings import PLUGIN, parse_postcodes


def _territories():
    """``{organisation path: [postcodes]}`` of every organisation that switched the plugin on and set a territory."""
    rows = OrganisationPlugin.objects.filter(plugin=PLUGIN, enabled=True).values_list(
        "organisation__path", "organisation_id", "settings"
    )
    found = {}
    for path, organisation_id, values in rows:
        codes = parse_postcodes((values or {}).get("postcodes", ""))
        if codes:
            found[path] = {"id": organisation_id, "postcodes": codes}
    return found


def territories():
    """Every territory, cached with the page tree: ``{organisation path: {"id", "postcodes"}}``."""
    return cached("activities-territories", _territories)


def postcodes_of_paths(paths):
    """The postcodes of the territories of the organisations at `paths` (one list, sorted)."""
    if not paths:
        return []
    known = territories()
    return sorted({code for path in paths for code in known.get(path, {}).get("postcodes", [])})


def postcodes_of(organisation):
    """The postcodes of `organisation`'s territory (empty: it has none, or the plugin is off)."""
    return postcodes_of_paths([organisation.path])


def organisations_covering(postcode):
    """Ids of the organisations whose territory holds `postcode` (who is told about news there)."""
    return [entry["id"] for entry in territories().values() if postcode in entry["postcodes"]]
