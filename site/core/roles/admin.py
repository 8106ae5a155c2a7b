"""The admin screen where superadmins and organisation admins give and take roles.

Every change goes through :mod:`core.roles.services`; this screen only collects the choice. Superadmins give any
role anywhere; an organisation admin gives editor, moderator and observer roles inside their own
organisations, and declares who works for them as a care professional (on the organisation itself). Nobody else
sees the screen.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from core.accounts.models import User
from core.choosers import PageChoiceField, PersonChoiceField, find_by_address, organisation_people
from core.history import ScopedHistoryView
from core.roles.models import Role, RoleAssignment
from core.roles.policies import DELEGABLE_ROLES, grantable_roles
from core.roles.selectors import manageable_pages, page_takes_role
from core.roles.services import assign_role, revoke_role


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


class RoleAssignmentForm(WagtailAdminModelForm):
    """The person is typed by exact address or picked among the organisation's own people (by display name): the
    form never lists the accounts of the whole site or anyone's address (issue 9, hole 7)."""

    email = forms.EmailField(
        label=_("E-mail address of the person"),
        required=False,
        help_text=_("Type the exact address the person logs in with. Someone without an account: send an invitation."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    person = PersonChoiceField(
        label=_("Or choose one of your organisation's people"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("People who hold a role in your organisation or represent one of its member organisations."),
    )
    page = PageChoiceField(label=_("Organisation or theme"), queryset=Page.objects.none(), required=False)

    class Meta:
        model = RoleAssignment
        fields = ["role", "page"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        self.fields["person"].queryset = organisation_people(for_user)
        self.order_fields(["email", "person", "role", "page"])
        self.fields["page"].queryset = manageable_pages(for_user).order_by("path")
        self.fields["page"].help_text = _("Leave empty only for the superadmin role.")
        self.fields["role"].choices = [(role.value, role.label) for role in grantable_roles(for_user)]

    def clean(self):
        cleaned = super().clean()
        self._clean_person(cleaned)
        role, page = cleaned.get("role"), cleaned.get("page")
        if role == Role.SUPERADMIN and page is not None:
            self.add_error("page", _("The superadmin role applies to the whole site: leave this empty."))
        elif role and role != Role.SUPERADMIN and page is None:
            self.add_error("page", _("Choose the organisation or theme this role applies to."))
        elif role == Role.ORGANISATION_ADMIN and page is not None and not page_takes_role(page, role):
            self.add_error("page", _("The organisation admin role can only be given on an organisation."))
        elif role == Role.CARE_PROFESSIONAL and page is not None and not page_takes_role(page, role):
            self.add_error("page", _("A care professional is declared by an organisation: choose the organisation."))
        return cleaned

    def _clean_person(self, cleaned):
        email, person = cleaned.get("email"), cleaned.get("person")
        if email and person:
            self.add_error("email", _("Type an address or choose a person, not both."))
        elif email:
            try:
                found = find_by_address(email, by=self.for_user)
            except forms.ValidationError as refusal:
                self.add_error("email", refusal)
                return
            if found is None:
                self.add_error(
                    "email", _("No account uses this address. To give someone without an account a role, invite them.")
                )
            else:
                cleaned["user"] = found
        elif person:
            cleaned["user"] = person
        elif "email" not in self.errors:
            self.add_error("email", _("Type the person's address or choose a person."))


class RoleCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        if data["role"] not in grantable_roles(self.request.user):
            raise PermissionDenied
        return assign_role(user=data["user"], role=data["role"], page=data.get("page"), by=self.request.user)


class RoleDeleteView(generic.DeleteView):
    def delete_action(self):
        revoke_role(user=self.object.user, role=self.object.role, page=self.object.page, by=self.request.user)


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
    history_view_class = ScopedHistoryView

    def get_form_class(self, for_update=False):
        return RoleAssignmentForm


def _usable_by(request, queryset):
    """Narrow `queryset` (images or documents) to what the person may choose or change: their organisations'
    collections (issue 14 §12); superadmins all."""
    policy = policy_registry.get_by_type(queryset.model)
    usable = policy.instances_user_has_any_permission_for(request.user, ["choose", "change"])
    return queryset.filter(pk__in=usable.values("pk"))


class CollectionScopedImagesAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images (``/admin/api/main/images/``) answer with the person's own collections only: Wagtail's
    endpoint lists every image to anyone in the admin."""

    def get_queryset(self):
        return _usable_by(self.request, super().get_queryset())


class CollectionScopedDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents, narrowed like the images."""

    def get_queryset(self):
        return _usable_by(self.request, super().get_queryset())
