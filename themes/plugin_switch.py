"""The admin's per-organisation plugin switch (tab "Plugins" of an OrganisationPage).

A row whose plugin is no longer installed (removed from the server, or left out through
WERKGROEPEN_PLUGINS_EXCLUDE) would fail choice validation and block every later edit of the organisation
page. Such rows lose their plugin field, say why, and can be deleted or kept for when the plugin returns.
"""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import get_form_for_model

from themes.page_rights import ScopedInlinePanel


class OrganisationPluginForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from config.plugins import installed_plugins

        stored = self.instance.plugin if self.instance.pk else ""
        if stored and stored not in {config.label for config in installed_plugins()}:
            # Not in the form: not validated against the installed plugins, and never changed.
            self.fields.pop("plugin", None)
            if "enabled" in self.fields:
                self.fields["enabled"].help_text = _(
                    "The plugin “%(plugin)s” is not installed on this server: it does nothing here. "
                    "Delete this row, or keep it for when the plugin is installed again."
                ) % {"plugin": stored}


class PluginSwitchPanel(ScopedInlinePanel):
    """InlinePanel of OrganisationPlugin rows that tolerates rows of plugins that are no longer installed (and stays
    out of sight for the roles that may not switch plugins: themes.page_rights)."""

    def get_form_options(self):
        options = super().get_form_options()
        # Keep what InlinePanel bakes into its own form (fields not required when saving a draft).
        deferred = self.child_edit_handler.get_form_options().get("defer_required_on_fields") or []
        options["formsets"][self.relation_name]["form"] = get_form_for_model(
            self.db_field.related_model, form_class=OrganisationPluginForm, defer_required_on_fields=deferred
        )
        return options
