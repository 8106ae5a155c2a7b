"""An app that claims to be a plugin but whose AppConfig does not subclass PluginConfig (system check E002)."""

from django.apps import AppConfig


class PlainAppConfig(AppConfig):
    name = "tests.plugins.plain_app"
    label = "werkgroepen_plain_app"
