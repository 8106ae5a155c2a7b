"""The admin screen of role requests: superadmins and organisation admins see and decide the requests of their
organisations; nobody adds here and nobody else reaches it. Decisions go through
:mod:`core.role_requests.services`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from core.choosers import PageChoiceField
from core.role_requests.models import RoleRequest, RoleRequestStatus
from core.role_requests.selectors import decidable_requests, moderator_pages_under
from core.role_requests.services import role_request_approve, role_request_reject
from core.roles.policies import is_organisation_admin_or_superadmin


class RoleRequestPermissionPolicy(BasePermissionPolicy):
    """Superadmins and organisation admins see and decide requests of their organisations; nobody adds here."""

    def user_has_permission(self, user, action):
        return action == "view" and is_organisation_admin_or_superadmin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return RoleRequest.objects.none()
        return RoleRequest.objects.decidable_by(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_any_permission_for(user, [action]).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()


register_permission_policy(RoleRequest, RoleRequestPermissionPolicy(RoleRequest))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
        widget=forms.RadioSelect,
    )
    page = PageChoiceField(
        label=gettext_lazy("Moderator of"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("The organisation itself, or one of its themes."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Required when you reject. The person receives it."),
    )

    def __init__(self, *args, role_request, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = role_request.organisation
        self.fields["page"].queryset = moderator_pages_under(organisation)
        self.fields["page"].initial = organisation.pk

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason: the person receives it."))
        if cleaned.get("decision") == "approve" and not cleaned.get("page"):
            self.add_error("page", _("Choose the organisation or theme."))
        return cleaned


def role_request_decide_view(request, pk):
    role_request = decidable_requests(request.user).filter(pk=pk).first()
    if role_request is None or not is_organisation_admin_or_superadmin(request.user):
        raise Http404
    form = DecisionForm(request.POST or None, role_request=role_request)
    if request.method == "POST" and role_request.status == RoleRequestStatus.OPEN and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                role_request_approve(role_request=role_request, page=form.cleaned_data["page"], by=request.user)
                messages.success(request, _("Approved: %(name)s is now a moderator.") % {"name": role_request.user})
            else:
                role_request_reject(role_request=role_request, reason=form.cleaned_data["reason"], by=request.user)
                messages.success(request, _("The request of %(name)s was rejected.") % {"name": role_request.user})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("role_requests:index")
    return TemplateResponse(
        request,
        "core/role_requests/admin/role_request_decide.html",
        {"role_request": role_request, "form": form, "page_title": _("Role request")},
        status=400 if form.errors else 200,
    )


class RoleRequestIndexView(generic.IndexView):
    def get_base_queryset(self):
        return decidable_requests(self.request.user)

    def get_edit_url(self, instance):
        return reverse("role_requests:decide", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return [Button(_("Open"), url=reverse("role_requests:decide", args=[instance.pk]), icon_name="edit")]


class RoleRequestViewSet(ModelViewSet):
    model = RoleRequest
    icon = "user"
    menu_label = gettext_lazy("Role requests")
    menu_order = 920
    add_to_admin_menu = True
    url_prefix = "role-requests"
    name = "role_requests"
    list_display = ["user", "organisation", "work_phone", "work_email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["work_email", "user__display_name"]
    inspect_view_enabled = False
    copy_view_enabled = False
    index_view_class = RoleRequestIndexView
    form_fields = ["status"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("decide/<int:pk>/", role_request_decide_view, name="decide")]
