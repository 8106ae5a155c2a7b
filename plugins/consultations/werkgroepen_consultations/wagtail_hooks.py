"""The plugin's one wiring file: each room's hook registrations, and its pages (register_urls)."""

from wagtail import hooks

import werkgroepen_consultations.consultation.hooks  # noqa: F401 - the consultation room's hooks
from config.hooks import REGISTER_URLS, UrlMount


@hooks.register(REGISTER_URLS)
def consultation_urls():
    return UrlMount(
        prefix="raadplegingen/", patterns="werkgroepen_consultations.urls", namespace="consultations", order=60
    )
