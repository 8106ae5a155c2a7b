"""The background-tasks screen of the administration, for superadmins."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks

from core.task_results.admin import SuperuserMenuItem, urlpatterns


@hooks.register("register_admin_urls")
def task_results_urls():
    return urlpatterns


@hooks.register("register_settings_menu_item")
def task_results_menu_item():
    return SuperuserMenuItem(
        gettext_lazy("Background tasks"),
        reverse("task_results:index"),
        name="task-results",
        icon_name="cogs",
        order=910,
    )
