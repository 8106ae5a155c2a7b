"""The admin screen where superadmins and organisation admins give and take roles.

Every change goes through :mod:`core.roles`; this screen only collects the choice. Superadmins give any
role anywhere; an organisation admin gives editor, moderator and observer roles inside their own
organisations, and declares who works for them as a care professional (on the organisation itself). Nobody else
sees the screen.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from core import roles
from core.models import Role, RoleAssignment, User

DELEGABLE_ROLES = [Role.EDITOR, Role.MODERATOR, Role.OBSERVER, Role.CARE_PROFESSIONAL]


def administered_organisations(user):
    """Pages on which `user` holds the organisation admin role."""
    return Page.objects.filter(role_assignments__user=user, role_assignments__role=Role.ORGANISATION_ADMIN)


def manageable_pages(user):
    """Organisation, theme and subtheme pages on which `user` may give roles."""
    from themes.models import OrganisationPage, SubthemePage, ThemePage

    types = Q(content_type__model__in=[m._meta.model_name for m in (OrganisationPage, ThemePage, SubthemePage)])
    qs = Page.objects.filter(types, content_type__app_label="wg_themes")
    if user.is_superuser:
        return qs
    paths = list(administered_organisations(user).values_list("path", flat=True))
    if not paths:
        return qs.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return qs.filter(condition)


def grantable_roles(user):
    if user.is_superuser:
        return list(Role)
    return DELEGABLE_ROLES if administered_organisations(user).exists() else []


class RolePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        if action in ("add", "delete", "view"):
            return bool(grantable_roles(user))
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return RoleAssignment.objects.none()
        if user.is_superuser:
            return RoleAssignment.objects.all()
        return RoleAssignment.objects.filter(page__in=manageable_pages(user), role__in=DELEGABLE_ROLES)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_any_permission_for(user, [action]).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()


register_permission_policy(RoleAssignment, RolePermissionPolicy(RoleAssignment))


class PageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "— " * max(obj.depth - 3, 0) + obj.title


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} <{obj.email}>"


class RoleAssignmentForm(WagtailAdminModelForm):
    user = UserChoiceField(label=_("Person"), queryset=User.objects.filter(is_active=True).order_by("display_name"))
    page = PageChoiceField(label=_("Organisation or theme"), queryset=Page.objects.none(), required=False)

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "page"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["page"].queryset = manageable_pages(for_user).order_by("path")
        self.fields["page"].help_text = _("Leave empty only for the superadmin role.")
        self.fields["role"].choices = [(role.value, role.label) for role in grantable_roles(for_user)]

    def clean(self):
        cleaned = super().clean()
        role, page = cleaned.get("role"), cleaned.get("page")
        if role == Role.SUPERADMIN and page is not None:
            self.add_error("page", _("The superadmin role applies to the whole site: leave this empty."))
        elif role and role != Role.SUPERADMIN and page is None:
            self.add_error("page", _("Choose the organisation or theme this role applies to."))
        elif (
            role == Role.ORGANISATION_ADMIN and page is not None and page.specific_class.__name__ != "OrganisationPage"
        ):
            self.add_error("page", _("The organisation admin role can only be given on an organisation."))
        elif role == Role.CARE_PROFESSIONAL and page is not None and page.specific_class.__name__ != "OrganisationPage":
            self.add_error("page", _("A care professional is declared by an organisation: choose the organisation."))
        return cleaned


class RoleCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        if data["role"] not in grantable_roles(self.request.user):
            raise PermissionDenied
        return roles.assign_role(user=data["user"], role=data["role"], page=data.get("page"), by=self.request.user)


class RoleDeleteView(generic.DeleteView):
    def delete_action(self):
        roles.revoke_role(user=self.object.user, role=self.object.role, page=self.object.page, by=self.request.user)


class RoleIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"]).select_related(
            "user", "page"
        )


class RoleAssignmentViewSet(ModelViewSet):
    model = RoleAssignment
    icon = "key"
    menu_label = _("Roles")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "roles"
    name = "roles"
    list_display = ["user", "role", "page", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__display_name", "user__email", "page__title"]
    inspect_view_enabled = False
    copy_view_enabled = False
    add_view_class = RoleCreateView
    delete_view_class = RoleDeleteView
    index_view_class = RoleIndexView

    @property
    def history_view_class(self):
        from core.admin_invitations import ScopedHistoryView

        return ScopedHistoryView

    def get_form_class(self, for_update=False):
        return RoleAssignmentForm
