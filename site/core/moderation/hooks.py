"""The moderators' part of the administration, over every queue the apps and plugins register
(``register_moderation_queue``): the menu item "To moderate: N" and the dashboard panel listing each queue's count.
The core knows no queue by name; each app keeps its own queue screens."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from core.moderation import views
from core.moderation.policies import shows_moderation
from core.moderation.selectors import moderation_queues


@hooks.register("register_admin_urls")
def moderation_admin_urls():
    return [path("te-modereren/", include(([path("", views.index, name="index")], "moderation")))]


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
        gettext_lazy("To moderate"), reverse("moderation:index"), name="moderation", icon_name="tasks", order=150
    )


class ModerationPanel(Component):
    name = "moderation"
    template_name = "core/moderation/panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        rows, total = moderation_queues(self.user)
        return {"queues": rows, "total": total}


@hooks.register("construct_homepage_panels")
def moderation_panel(request, panels):
    if shows_moderation(request.user):
        panels.append(ModerationPanel(request.user))


@hooks.register("insert_global_admin_css")
def moderation_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/moderation-admin.css"))
