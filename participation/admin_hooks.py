"""The moderators' part of the administration: admin URLs, the menu item with its count, the dashboard panel
"To moderate: N" and the participation queues offered to the ``register_moderation_queue`` hook (so plugins'
queues show up beside them). Imported by participation/wagtail_hooks.py."""

import logging

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from config.hooks import REGISTER_MODERATION_QUEUE, ModerationQueue, call_safely
from core.request_cache import memoise
from participation import admin_views
from participation.admin_queues import QUEUES, is_moderator

logger = logging.getLogger(__name__)

admin_patterns = (
    [
        path("", admin_views.index, name="index"),
        path("geschiedenis/<slug:kind>/<int:pk>/", admin_views.HistoryView.as_view(), name="history"),
        path("<slug:slug>/", admin_views.QueueView.as_view(), name="queue"),
        path("<slug:slug>/<str:pk>/weigeren/", admin_views.RejectView.as_view(), name="reject"),
    ],
    "participation_moderation",
)


@hooks.register("register_admin_urls")
def moderation_admin_urls():
    return [path("moderatie/", include(admin_patterns))]


@hooks.register(REGISTER_MODERATION_QUEUE)
def participation_queues():
    return [
        ModerationQueue(label=queue.label, count=queue.count, url=admin_views.queue_url(queue.slug))
        for queue in QUEUES.values()
    ]


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


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return ModerationMenuItem(
        gettext_lazy("To moderate"),
        reverse("participation_moderation:index"),
        name="moderation",
        icon_name="tasks",
        order=150,
    )


class ModerationPanel(Component):
    name = "moderation"
    template_name = "participation/admin/panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        rows, total = moderation_queues(self.user)
        return {"queues": rows, "total": total}


@hooks.register("insert_global_admin_css")
def moderation_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("participation/moderation-admin.css"))


@hooks.register("construct_homepage_panels")
def moderation_panel(request, panels):
    if shows_moderation(request.user):
        panels.append(ModerationPanel(request.user))
