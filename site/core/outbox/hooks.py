"""The failed-mail screen of the administration, for superadmins, and the outbox's scheduled sweep."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks

from config.hooks import REGISTER_SCHEDULED_JOB, ScheduledJob
from core.outbox.admin import SuperuserMenuItem, urlpatterns
from core.outbox.services import deliver_all


@hooks.register("register_admin_urls")
def failed_mail_urls():
    return urlpatterns


@hooks.register("register_settings_menu_item")
def failed_mail_menu_item():
    return SuperuserMenuItem(
        gettext_lazy("Failed e-mail"), reverse("failed_mail:index"), name="failed-mail", icon_name="mail", order=900
    )


@hooks.register(REGISTER_SCHEDULED_JOB)
def outbox_job():
    """Every minute, send what is due: retries whose delay has passed, and anything the task worker missed. Safe
    twice (and beside the worker): each message is locked by one sender and never taken again once handed over."""
    return ScheduledJob(
        name="outbox",
        run=deliver_all,
        every=timedelta(minutes=1),
        description="Send the e-mail in the outbox that is due (manage.py send_outbox).",
    )
