"""TEMPORARY — delete at the rooms merge. The moderator dashboard that CONSUMES ``register_moderation_queue``: the
admin menu item "To moderate: N" and the dashboard panel listing every registered queue (participation's and
plugins'). They know no feature by name and move to the core's ``moderation`` room; until that lands this copy
keeps them working. The merger deletes this module, the block marked "until the core's moderation room" in
``moderation/hooks.py`` and ``templates/participation/moderation/admin/panel.html`` (with the ``.moderation-panel``
rules of ``static/participation/moderation-admin.css`` if the core brings its own).

Participation's own queues stay registered through the hook in ``moderation/hooks.py`` (``participation_queues``).
"""

import logging

from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from config.hooks import REGISTER_MODERATION_QUEUE, call_safely
from core.request_cache import memoise
from participation.moderation.queues import is_moderator

logger = logging.getLogger(__name__)


def moderation_queues(user):
    """``[(label, count, url)]`` of every registered queue for `user`, and the total (read once per request)."""

    def compute():
        rows = []
        for queue in call_safely(REGISTER_MODERATION_QUEUE):
            try:
                count = int(queue.count(user))
            except Exception:  # noqa: BLE001 - a plugin's broken counter must not take the dashboard down
                logger.exception("Moderation queue %s failed to count", queue.label)
                continue
            rows.append({"label": queue.label, "count": count, "url": queue.url})
        return rows, sum(row["count"] for row in rows)

    return memoise(("moderation-queues", user.pk), compute)


def shows_moderation(user):
    """Moderators, organisation admins and superadmins; others only when a plugin's queue has work for them."""
    if not user.is_authenticated:
        return False
    if is_moderator(user):
        return True
    return moderation_queues(user)[1] > 0


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return shows_moderation(request.user)

    def render_component(self, request):
        _rows, total = moderation_queues(request.user)
        label = _("To moderate: %(count)s") % {"count": total}
        # A new component per request: the menu item itself is shared between requests.
        return LinkMenuItemComponent(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)


class ModerationPanel(Component):
    name = "moderation"
    template_name = "participation/moderation/admin/panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        rows, total = moderation_queues(self.user)
        return {"queues": rows, "total": total}
