"""The *Import* screen in the administration: its URLs and its menu item (organisation admins and superadmins)."""

from django.urls import reverse
from wagtail import hooks

from core.imports.admin import ImportMenuItem, menu_label, urlpatterns


@hooks.register("register_admin_urls")
def import_admin_urls():
    return urlpatterns


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(menu_label, reverse("imports:index"), name="import", icon_name="download", order=930)
