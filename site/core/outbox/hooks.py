"""The failed-mail screen of the administration, for superadmins."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks

from core.outbox.admin import SuperuserMenuItem, urlpatterns


@hooks.register("register_admin_urls")
def failed_mail_urls():
    return urlpatterns


@hooks.register("register_settings_menu_item")
def failed_mail_menu_item():
    return SuperuserMenuItem(
        gettext_lazy("Failed e-mail"), reverse("failed_mail:index"), name="failed-mail", icon_name="mail", order=900
    )
