"""The admin screen *Trajectory templates*: editors and admins of a care organisation build its templates (phases
in order with a description, a checklist and default goals; document templates with placeholders); superadmins also
change the templates shipped with the platform.

Scoped by :func:`trajectories.blueprints.selectors.templates_for_editor`: the list, the edit and delete pages and the
organisation chooser show only the editor's own organisations (plus the shipped templates, read-only for them); a
template of another organisation answers 404 like one that does not exist. Saving goes through
:func:`trajectories.blueprints.services.template_save`.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from trajectories.blueprints import policies, selectors, services
from trajectories.blueprints.models import TrajectoryTemplate, unknown_placeholders_error


class TemplatePermissionPolicy(BasePermissionPolicy):
    """Who opens the screen and which templates they see and change: the rule of ``templates_for_editor``."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "view"):
            return policies.may_manage_templates(user)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return TrajectoryTemplate.objects.none()
        changing = any(action in ("change", "delete") for action in actions) and "view" not in actions
        return selectors.templates_for_editor(user, changing=changing)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()


register_permission_policy(TrajectoryTemplate, TemplatePermissionPolicy(TrajectoryTemplate))


class TrajectoryTemplateForm(WagtailAdminModelForm):
    """The organisation is one the editor manages (a superadmin may leave it empty: shipped with the platform); a
    document template's phase number must be one of the template's phases."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        field = self.fields["organisation"]
        field.queryset = selectors.editable_organisations(for_user) if for_user is not None else field.queryset.none()
        if for_user is not None and not for_user.is_superuser:
            field.required = True
            field.empty_label = None
            field.help_text = _("The organisation whose people are offered this template.")

    def clean(self):
        cleaned = super().clean()
        phases = [
            form for form in self.formsets["phases"].forms if form.is_valid() and not form.cleaned_data.get("DELETE")
        ]
        if not phases:
            raise forms.ValidationError(_("A template needs at least one phase."))
        for form in self.formsets["documents"].forms:
            form.is_valid()  # cleans the document form now, so its errors can be added to
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            number = form.cleaned_data.get("phase_number")
            if number and number > len(phases):
                form.add_error(
                    "phase_number",
                    _("This template has %(count)s phases: choose a number from 1 to %(count)s.")
                    % {"count": len(phases)},
                )
            message = unknown_placeholders_error([form.cleaned_data.get("title"), form.cleaned_data.get("body")])
            if message and "body" not in form.errors:
                form.add_error("body", message)
        return cleaned


class ScopedObjectMixin:
    """Edit and delete pages find the template among those the person sees: another organisation's is a 404."""

    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        try:
            pk = int(unquote(str(self.kwargs.get(self.pk_url_kwarg))))
        except ValueError as error:
            raise Http404 from error
        return get_object_or_404(selectors.templates_for_editor(self.request.user), pk=pk)


class TemplateIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.templates_for_editor(self.request.user).select_related("organisation")


class TemplateCreateView(generic.CreateView):
    def save_instance(self):
        return services.template_save(form=self.form, by=self.request.user)


class TemplateEditView(ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        return services.template_save(form=self.form, by=self.request.user)


class TemplateDeleteView(ScopedObjectMixin, generic.DeleteView):
    def delete_action(self):
        if not selectors.templates_for_editor(self.request.user, changing=True).filter(pk=self.object.pk).exists():
            raise PermissionDenied
        services.template_delete(template=self.object, by=self.request.user)


class TrajectoryTemplateViewSet(ModelViewSet):
    model = TrajectoryTemplate
    icon = "list-ol"
    menu_label = _("Trajectory templates")
    menu_order = 850
    add_to_admin_menu = True
    url_prefix = "trajectsjablonen"
    name = "trajectory_templates"
    list_display = ["name", "organisation", "offered", "updated_at"]
    search_fields = ["name"]
    inspect_view_enabled = False
    copy_view_enabled = False
    index_view_class = TemplateIndexView
    add_view_class = TemplateCreateView
    edit_view_class = TemplateEditView
    delete_view_class = TemplateDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            # A plain list of the editor's own organisations, not Wagtail's page chooser (which browses the tree).
            FieldPanel("organisation", widget=forms.Select),
            FieldPanel("description"),
            FieldPanel("offered"),
            InlinePanel("phases", label=_("Phases"), min_num=1),
            InlinePanel("documents", label=_("Document templates")),
        ],
        base_form_class=TrajectoryTemplateForm,
    )
