"""The core's one wiring file for hooks: it imports each room's ``hooks`` module (where that room registers its
Wagtail and catalogue hooks) and mounts the core's pages (``register_urls``)."""

from wagtail import hooks

from config.hooks import REGISTER_URLS, UrlMount
from core.accounts import hooks as accounts_hooks  # noqa: F401
from core.imports import hooks as imports_hooks  # noqa: F401
from core.invitations import hooks as invitations_hooks  # noqa: F401
from core.moderation import hooks as moderation_hooks  # noqa: F401
from core.notifications import hooks as notifications_hooks  # noqa: F401
from core.outbox import hooks as outbox_hooks  # noqa: F401
from core.pages import hooks as pages_hooks  # noqa: F401
from core.privacy import hooks as privacy_hooks  # noqa: F401
from core.role_requests import hooks as role_requests_hooks  # noqa: F401
from core.roles import hooks as roles_hooks  # noqa: F401
from core.task_results import hooks as task_results_hooks  # noqa: F401


@hooks.register(REGISTER_URLS)
def core_urls():
    return UrlMount(prefix="", patterns="core.urls", order=10)
