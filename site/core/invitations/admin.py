"""The admin screen of invitations, scoped to the organisations of the person using it.

Superadmins see everything; an organisation admin sees the invitations on pages of their organisations. Nobody else
(moderators, editors, observers) reaches the screen: the permission policy below answers no. Every change goes
through :mod:`core.invitations.services`; the screen only collects the choice.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from core import ratelimit
from core.choosers import PageChoiceField
from core.history import ScopedHistoryView
from core.invitations.models import Invitation, InvitationStatus
from core.invitations.policies import INVITABLE_ROLES, is_inviter
from core.invitations.selectors import invitations_managed_by
from core.invitations.services import invitation_create, invitation_resend, invitation_revoke
from core.roles.selectors import manageable_pages

INVITES_PER_HOUR = 30  # SEC-13: per inviter


class InvitationPermissionPolicy(BasePermissionPolicy):
    """Add and view for superadmins and organisation admins; no edit or delete (revoke and resend instead)."""

    def user_has_permission(self, user, action):
        return action in ("add", "view") and is_inviter(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Invitation.objects.none()
        return invitations_managed_by(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_any_permission_for(user, [action]).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()


register_permission_policy(Invitation, InvitationPermissionPolicy(Invitation))


class InvitationForm(WagtailAdminModelForm):
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    page = PageChoiceField(label=gettext_lazy("Organisation or theme"), queryset=None)

    class Meta:
        model = Invitation
        fields = ["email", "role", "page"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        # The chooser only offers pages in the inviter's scope (the service checks again).
        self.fields["page"].queryset = manageable_pages(for_user).order_by("path")
        self.fields["role"].choices = [(role.value, role.label) for role in INVITABLE_ROLES]


def _rate_limited(request):
    return not ratelimit.allow(scope="invite", key=request.user.pk, limit=INVITES_PER_HOUR, period=3600)


class InvitationCreateView(generic.CreateView):
    produced_error_message = None

    def post(self, request, *args, **kwargs):
        if _rate_limited(request):
            return TemplateResponse(request, "429.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation, _token = invitation_create(
                email=data["email"], role=data["role"], page=data["page"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error("page", _("You cannot invite anyone for this role here."))
            return self.form_invalid(form)
        self.object = invitation
        messages.success(self.request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return redirect(self.index_url_name)


class InvitationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return invitations_managed_by(self.request.user).select_related("page", "invited_by")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status == InvitationStatus.PENDING:
            buttons.append(
                Button(
                    _("Resend"), url=reverse("invitations:resend", args=[instance.pk]), icon_name="mail", priority=10
                )
            )
            buttons.append(
                Button(
                    _("Revoke"), url=reverse("invitations:revoke", args=[instance.pk]), icon_name="cross", priority=20
                )
            )
        return buttons


def _managed_invitation(request, pk):
    invitation = invitations_managed_by(request.user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def _confirm_view(*, action, service, question, done):
    def view(request, pk):
        invitation = _managed_invitation(request, pk)
        if request.method == "POST":
            if action == "resend" and _rate_limited(request):
                return TemplateResponse(request, "429.html", status=429)
            try:
                service(invitation=invitation, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, done() % {"email": invitation.email})
            return redirect("invitations:index")
        return TemplateResponse(
            request,
            "core/invitations/admin/invitation_confirm.html",
            {
                "invitation": invitation,
                "question": question() % {"email": invitation.email},
                "action": action,
                "page_title": question() % {"email": invitation.email},
            },
        )

    return view


invitation_resend_view = _confirm_view(
    action="resend",
    service=invitation_resend,
    question=lambda: _("Send the invitation to %(email)s again? The old link stops working."),
    done=lambda: _("A new invitation link was sent to %(email)s."),
)
invitation_revoke_view = _confirm_view(
    action="revoke",
    service=invitation_revoke,
    question=lambda: _("Revoke the invitation to %(email)s? The link stops working."),
    done=lambda: _("The invitation to %(email)s was revoked."),
)


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = gettext_lazy("Invitations")
    menu_order = 910
    add_to_admin_menu = True
    url_prefix = "invitations"
    name = "invitations"
    list_display = [
        "email",
        "role",
        "page",
        Column("state_label", label=gettext_lazy("Status")),
        "invited_by",
        "sent_at",
        "expires_at",
    ]
    list_filter = ["status", "role"]
    search_fields = ["email"]
    inspect_view_enabled = False
    copy_view_enabled = False
    add_view_class = InvitationCreateView
    index_view_class = InvitationIndexView
    history_view_class = ScopedHistoryView

    def get_form_class(self, for_update=False):
        return InvitationForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resend/<int:pk>/", invitation_resend_view, name="resend"),
            path("revoke/<int:pk>/", invitation_revoke_view, name="revoke"),
        ]
