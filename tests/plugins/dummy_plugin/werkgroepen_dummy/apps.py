from config.plugins import PluginConfig


class DummyPluginConfig(PluginConfig):
    name = "werkgroepen_dummy"
    label = "werkgroepen_dummy"
    verbose_name = "Dummy plugin"
    plugin_version = "1.0.0"
    plugin_description = "Implements every hook of the catalogue, for the tests."
    werkgroepen_compatibility = ">=0.1"
