"""The admin's per-organisation plugin switch (tab "Plugins" of an OrganisationPage), with each plugin's settings.

A row whose plugin is no longer installed (removed from the server, or left out through
WERKGROEPEN_PLUGINS_EXCLUDE) would fail choice validation and block every later edit of the organisation
page. Such rows lose their plugin field, say why, and can be deleted or kept for when the plugin returns.

A plugin may declare settings per organisation (``register_organisation_settings``: a label and a plain Django
form). Each saved row of such a plugin shows that form under its switch; what is posted is validated by the form
(errors are shown and nothing typed is lost), stored as JSON on the row (``OrganisationPlugin.settings``) and read
back with ``OrganisationPage.plugin_settings(label)``. The tab is shown only to those who may switch plugins
(organisation admins and superadmins, themes.page_rights), so only they see and change the settings.
"""

import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel, get_form_for_model

from config.hooks import REGISTER_ORGANISATION_SETTINGS, call_by_plugin
from config.plugins import installed_plugins
from themes.page_rights import ScopedInlinePanel


def declared_settings():
    """``{plugin label: OrganisationSettings}`` of the installed plugins that declare settings (the first
    declaration of a plugin counts; functions that belong to no plugin are ignored)."""
    declared = {}
    for label, item in call_by_plugin(REGISTER_ORGANISATION_SETTINGS):
        if label is not None:
            declared.setdefault(label, item)
    return declared


def initial_settings(form_class):
    """The values a settings form starts with: its own ``initial`` and each field's initial value."""
    form = form_class()
    return {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}


def as_json(values):
    """`values` (a form's cleaned data) as JSON-compatible data: dates, decimals and UUIDs become text."""
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def settings_of(organisation, plugin_label):
    """What `organisation` saved for `plugin_label` over the initial values of the plugin's settings form (see
    ``OrganisationPage.plugin_settings``)."""
    declared = declared_settings().get(plugin_label)
    values = as_json(initial_settings(declared.form_class)) if declared else {}
    row = organisation.plugins.filter(plugin=plugin_label).values_list("settings", flat=True).first()
    values.update(row or {})
    return values


class OrganisationPluginForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.plugin if self.instance.pk else ""
        if stored and stored not in {config.label for config in installed_plugins()}:
            # Not in the form: not validated against the installed plugins, and never changed.
            self.fields.pop("plugin", None)
            if "enabled" in self.fields:
                self.fields["enabled"].help_text = _(
                    "The plugin “%(plugin)s” is not installed on this server: it does nothing here. "
                    "Delete this row, or keep it for when the plugin is installed again."
                ) % {"plugin": stored}
        # The settings of the row's plugin, once the row is saved (a new row has no plugin chosen yet).
        declared = declared_settings().get(stored) if stored else None
        self.settings_label = declared.label if declared else ""
        self.settings_form = None
        if declared is not None:
            self.settings_form = declared.form_class(
                data=self.data if self.is_bound else None,
                prefix=f"{self.prefix}-settings",
                initial=self.instance.settings or None,
            )
        self.stored_plugin = stored

    def has_changed(self):
        return super().has_changed() or bool(self.settings_form is not None and self.settings_form.has_changed())

    def clean(self):
        cleaned = super().clean()
        if self.settings_form is None:
            return cleaned
        if cleaned.get("plugin", self.stored_plugin) != self.stored_plugin:
            # Another plugin chosen on this row: the old plugin's settings no longer apply.
            self.instance.settings = {}
            return cleaned
        if not self.settings_form.is_valid():
            raise ValidationError(_("Check the settings of this plugin."), code="settings")
        self.instance.settings = as_json(self.settings_form.cleaned_data)
        return cleaned


class PluginSettingsPanel(Panel):
    """The settings form of a row's plugin, under its switch (nothing for a plugin without settings)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "themes/admin/plugin_settings_panel.html"

        def is_shown(self):
            return getattr(self.form, "settings_form", None) is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["settings_form"] = self.form.settings_form
            context["settings_label"] = self.form.settings_label
            return context


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
