"""The one wiring file of the collaboration spaces: each room registers its hooks in its own ``hooks.py`` (item
kinds, tools with their Overzicht widgets, notification types, the header's menu, "Mijn gegevens"), imported here
(each tool's place in the space's navigation is the ``order`` it registers with); the app mounts its pages here.

The spaces contribute through the hook catalogue (config/hooks.py) like any plugin: a tool is a
:class:`config.hooks.TrajectoryTool` (its tab in the space and, on the Overzicht, a widget made with
:func:`trajectories.space_view.widget`), an item kind a :class:`config.hooks.SpaceItemKind`.
"""

from wagtail import hooks

from config.hooks import REGISTER_URLS, UrlMount
from trajectories.agenda import hooks as agenda_hooks  # noqa: F401 - Agenda (order 10)
from trajectories.blueprints import hooks as blueprints_hooks  # noqa: F401 - Traject (order -3), templates admin
from trajectories.documents import hooks as documents_hooks  # noqa: F401 - Documenten (order 20)
from trajectories.export import hooks as export_hooks  # noqa: F401 - removing downloads nobody fetched
from trajectories.history import hooks as history_hooks  # noqa: F401 - "someone changed what I wrote"
from trajectories.logbook import hooks as logbook_hooks  # noqa: F401 - Logboek (order -1)
from trajectories.majority import hooks as majority_hooks  # noqa: F401 - the majority choice's notification type
from trajectories.messaging import hooks as messaging_hooks  # noqa: F401 - Berichten (order 30)
from trajectories.network import hooks as network_hooks  # noqa: F401 - Netwerk (order 40)
from trajectories.plan import hooks as plan_hooks  # noqa: F401 - Plan (order -2)
from trajectories.privacy import hooks as privacy_hooks  # noqa: F401 - "Mijn gegevens", account deletion
from trajectories.spaces import hooks as spaces_hooks  # noqa: F401 - "Mijn werkruimtes" in the header


@hooks.register(REGISTER_URLS)
def trajectories_urls():
    return UrlMount(prefix="werkruimte/", patterns="trajectories.urls", order=60)
