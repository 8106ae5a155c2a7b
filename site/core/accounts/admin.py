"""Wagtail's user screens, taught about the public display name (required and unique) and about what an
administrator may never do to another person's account (issue 9, hole 1).

The edit form has no e-mail address, password or "active" field, and whatever a forged POST carries for them is
ignored: an address changes only through the person's own allauth screens (confirmed from the new address, the
old one told), a password only through the person or a reset link to their own confirmed address. Instead, a
superadmin gets four actions per account, each on its own confirmation page (POST with CSRF): deactivate,
reactivate, end all sessions, send a password-reset link. They run the services of :mod:`core.accounts.services`.
"""

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets.button import Button
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from core.accounts import services
from core.accounts.models import User
from core.accounts.policies import available_actions, may_manage_accounts
from core.accounts.selectors import confirmed_primary_address, has_two_step


class DisplayNameMixin(forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("Display name"),
        max_length=40,
        help_text=gettext_lazy("The name other members see. The full name stays private."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The full name is private and optional; people may register with a display name only.
        for name in ("first_name", "last_name"):
            self.fields[name].required = False
        # Roles (superadmin included) are given only through core.roles.services, on the Roles screen: one audited write
        # path that keeps each role's Wagtail group exact. Here they are shown, never read from what is posted
        # (a disabled field keeps its initial value whatever a forged POST carries).
        roles_help = gettext_lazy("Roles are given and taken under Settings → Roles, where every change is logged.")
        for name in ("is_superuser", "groups"):
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = roles_help

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        taken = User.objects.filter(display_name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This display name is already taken. Choose another one."))
        return name


class WerkgroepenUserCreationForm(DisplayNameMixin, UserCreationForm):
    password_enabled = False

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"display_name"}

    def clean_email(self):
        """An address that belongs to an account in any spelling (or waits for confirmation on one) is taken:
        a second account on it would receive that person's reset links and invitations."""
        email = self.cleaned_data["email"].strip().lower()
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise forms.ValidationError(_("An account already uses this e-mail address."))
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        # Accounts made here get no password: the person sets one through "wachtwoord vergeten" (allauth), at the
        # address given here. No administrator ever knows it.
        if commit:
            return services.account_create(user=user, save_relations=self.save_m2m)
        user.set_unusable_password()
        return user


class WerkgroepenUserEditForm(DisplayNameMixin, UserEditForm):
    """Names, administrator flag and groups only: ``email = None`` removes the field Wagtail's form declares, and
    with ``password_enabled`` false Wagtail's form drops its password fields whatever the settings say."""

    email = None
    password_enabled = False

    class Meta(UserEditForm.Meta):
        fields = {"first_name", "last_name", "display_name", "is_superuser", "groups"}

    def __init__(self, *args, editing_self=False, **kwargs):
        # Wagtail's form drops "is_active" when people edit themselves; it is not in this form at all.
        super().__init__(*args, editing_self=False, **kwargs)
        if editing_self:
            self.fields.pop("is_superuser", None)


# --- The account actions -----------------------------------------------------------------------------------------


def _action_texts():
    """Per action: button label, the question on the confirmation page, its explanation, the done message."""
    return {
        "deactivate": (
            _("Deactivate account"),
            _("Deactivate the account of %(name)s?"),
            _(
                "The person can no longer log in and is logged out on every device at once. Nothing they wrote is "
                "removed. They are told by e-mail. You can reactivate the account later."
            ),
            _("The account of %(name)s is deactivated and all its sessions are ended."),
        ),
        "reactivate": (
            _("Reactivate account"),
            _("Reactivate the account of %(name)s?"),
            _("The person can log in again with their own password. They are told by e-mail."),
            _("The account of %(name)s is active again."),
        ),
        "end_sessions": (
            _("End all sessions"),
            _("Log %(name)s out on every device?"),
            _(
                "Every browser where this person is logged in is logged out, for example after a lost phone. They "
                "can log in again with their own password and two-step verification. They are told by e-mail."
            ),
            _("%(name)s is logged out on every device."),
        ),
        "send_password_reset": (
            _("Send a password-reset link"),
            _("Send a password-reset link to %(name)s?"),
            _(
                "A link to choose a new password goes to the person's own confirmed address, %(email)s. It works "
                "once, for one day. You never see the link or the password."
            ),
            _("A password-reset link was sent to the confirmed address of %(name)s."),
        ),
    }


SERVICES = {
    "deactivate": lambda user, by, request: services.account_deactivate(user=user, by=by),
    "reactivate": lambda user, by, request: services.account_reactivate(user=user, by=by),
    "end_sessions": lambda user, by, request: services.account_end_sessions(user=user, by=by),
    "send_password_reset": lambda user, by, request: services.account_send_password_reset(
        user=user, by=by, request=request
    ),
}


def action_url(account, action):
    return reverse("wagtailusers_users:account_action", args=[account.pk, action])


def action_buttons(account, by, priority=100):
    labels = _action_texts()
    icons = {"deactivate": "lock", "reactivate": "lock-open", "end_sessions": "logout", "send_password_reset": "key"}
    return [
        Button(labels[action][0], url=action_url(account, action), icon_name=icons[action], priority=priority + i)
        for i, action in enumerate(available_actions(account, by))
    ]


def account_action(request, pk, action):
    """GET: the confirmation page of one action; POST: run it and go back to the person's edit page."""
    if not may_manage_accounts(request.user):
        raise PermissionDenied
    account = User.objects.filter(pk=pk).first()
    if account is None or action not in SERVICES:
        raise Http404
    label, question, explanation, done = _action_texts()[action]
    names = {"name": account.display_name, "email": confirmed_primary_address(account) or "—"}
    error = None
    if request.method == "POST":
        if action not in available_actions(account, request.user):
            error = _("This action is not possible for this account now.")
        else:
            try:
                SERVICES[action](account, request.user, request)
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                messages.success(request, done % names)
                return redirect("wagtailusers_users:edit", account.pk)
    return TemplateResponse(
        request,
        "core/accounts/admin/account_action.html",
        {
            "account": account,
            "action": action,
            "label": label,
            "page_title": question % names,
            "explanation": explanation % names,
            "error": error,
            "cancel_url": reverse("wagtailusers_users:edit", args=[account.pk]),
        },
        status=400 if error else 200,
    )


class EditView(WagtailUserEditView):
    @cached_property
    def header_more_buttons(self):
        return list(super().header_more_buttons) + action_buttons(self.object, self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.object
        context["account_email"] = account.email
        context["account_is_active"] = account.is_active
        context["account_email_confirmed"] = confirmed_primary_address(account) == account.email
        context["account_has_two_step"] = has_two_step(account)
        context["account_actions"] = [
            (_action_texts()[action][0], action_url(account, action))
            for action in available_actions(account, self.request.user)
        ]
        return context


class UserViewSet(WagtailUserViewSet):
    edit_view_class = EditView
    # Copying a user would fill a new form with another person's address: there is nothing to copy.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return WerkgroepenUserEditForm if for_update else WerkgroepenUserCreationForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("account/<int:pk>/<slug:action>/", account_action, name="account_action"),
        ]
