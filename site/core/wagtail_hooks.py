from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin_invitations import InvitationViewSet, RoleRequestViewSet
from core.admin_roles import RoleAssignmentViewSet


@hooks.register("register_log_actions")
def register_core_log_actions(actions):
    actions.register_action("werkgroepen.role_assigned", _("Assign role"), _("Role assigned"))
    actions.register_action("werkgroepen.role_revoked", _("Revoke role"), _("Role revoked"))
    for code, label, message in [
        ("werkgroepen.invitation_sent", _("Send invitation"), _("Invitation sent")),
        ("werkgroepen.invitation_resent", _("Resend invitation"), _("Invitation sent again")),
        ("werkgroepen.invitation_revoked", _("Revoke invitation"), _("Invitation revoked")),
        ("werkgroepen.invitation_accepted", _("Accept invitation"), _("Invitation accepted")),
        ("werkgroepen.role_request_filed", _("Request moderator rights"), _("Moderator rights requested")),
        ("werkgroepen.role_request_approved", _("Approve role request"), _("Role request approved")),
        ("werkgroepen.role_request_rejected", _("Reject role request"), _("Role request rejected")),
        ("werkgroepen.data_export_requested", _("Request data export"), _("Data export requested")),
        ("werkgroepen.data_export_downloaded", _("Download data export"), _("Data export downloaded")),
        ("werkgroepen.account_deleted", _("Delete account"), _("Account deleted")),
        ("werkgroepen.account_deactivated", _("Deactivate account"), _("Account deactivated, sessions ended")),
        ("werkgroepen.account_reactivated", _("Reactivate account"), _("Account reactivated")),
        ("werkgroepen.account_sessions_ended", _("End all sessions"), _("All sessions ended")),
        (
            "werkgroepen.account_password_reset_sent",
            _("Send a password-reset link"),
            _("Password-reset link sent to the person's confirmed address"),
        ),
    ]:
        actions.register_action(code, label, message)


@hooks.register("register_user_listing_buttons")
def account_action_buttons(user, request_user):
    """Deactivate/reactivate, end sessions, send a reset link: in each row's "more" menu, for superadmins."""
    from core.admin_users import action_buttons

    return action_buttons(user, request_user)


@hooks.register("before_bulk_action")
def bulk_active_state_through_the_service(request, action_type, objects, action_class_instance):
    """Wagtail's bulk "set active state" would flip the flag only: no sessions ended, no audit entry, nobody told.
    Run the account service for each selected account instead."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.shortcuts import redirect

    from core import account_admin
    from core.models import User

    if action_type != "set_active_state" or action_class_instance.model is not User:
        return None
    if not account_admin.may_manage_accounts(request.user):
        raise PermissionDenied
    active = action_class_instance.cleaned_form.cleaned_data["mark_as_active"]
    service = account_admin.account_reactivate if active else account_admin.account_deactivate
    done = 0
    for account in objects:
        if account.pk == request.user.pk or account.is_active == active:
            continue
        try:
            service(user=account, by=request.user)
        except ValidationError:
            continue
        done += 1
    messages.success(request, _("%(count)d account(s) changed; each person is told by e-mail.") % {"count": done})
    return redirect(action_class_instance.next_url)


@hooks.register("register_admin_viewset")
def register_role_viewset():
    return RoleAssignmentViewSet()


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet()


@hooks.register("register_admin_viewset")
def register_role_request_viewset():
    return RoleRequestViewSet()


@hooks.register("register_moderation_queue")
def role_request_queue():
    from django.urls import reverse

    from config.hooks import ModerationQueue
    from core.models import RoleRequest, RoleRequestStatus

    return ModerationQueue(
        label=_("Role requests"),
        count=lambda user: RoleRequest.objects.decidable_by(user).filter(status=RoleRequestStatus.OPEN).count(),
        url=reverse("role_requests:index") + "?status=open",
    )


# --- Page choosers and the explorer list only pages the person may see (issue 9, hole 10) --------------------------


def _chooser_parent(request):
    """The page whose children the page chooser is about to list (and whose title it shows), if any."""
    from wagtail.admin.views.chooser import page_models_from_string
    from wagtail.models import Page

    match = request.resolver_match
    if match is None:
        return None
    if "parent_page_id" in match.kwargs:
        return Page.objects.filter(pk=match.kwargs["parent_page_id"]).first()
    page_type = request.GET.get("page_type")
    if match.url_name == "wagtailadmin_choose_page" and page_type:
        # Without a parent the chooser starts at the common ancestor of the pages of the asked type(s).
        try:
            classes = page_models_from_string(page_type)
        except (ValueError, LookupError):
            return None
        if classes != (Page,):
            return Page.objects.type(*classes).first_common_ancestor()
    return None


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_visible_pages(pages, request):
    """The page chooser (browse and search) lists only pages the person may see (core.permissions); browsing into
    a page they may not see answers 404, as that page's title would head the list."""
    from django.http import Http404

    from core.permissions import admin_page_visible, admin_visible_pages

    parent = _chooser_parent(request)
    if parent is not None and not admin_page_visible(request.user, parent):
        raise Http404
    return admin_visible_pages(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_visible_pages(parent_page, pages, request):
    """The page explorer, its search and the admin's page API list only pages the person may see."""
    from core.permissions import admin_visible_pages

    return admin_visible_pages(request.user, pages)


def _only_visible_chosen_pages(get):
    """Wrap the chooser's "chosen" endpoint, which answers the title and URL of any page id it is given and runs no
    hook: ids of pages the person may not see are dropped first (SEC-21)."""
    from functools import wraps

    @wraps(get)
    def chosen(self, request, *args, **kwargs):
        from wagtail.models import Page

        from core.permissions import admin_visible_pages

        wanted = [value for value in request.GET.getlist("id") if value.isdigit() and len(value) < 19]
        visible = admin_visible_pages(request.user, Page.objects.filter(pk__in=wanted)).values_list("pk", flat=True)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in visible])
        return get(self, request, *args, **kwargs)

    return chosen


def _guard_chosen_multiple_view():
    from wagtail.admin.views.chooser import ChosenMultipleView

    if not getattr(ChosenMultipleView.get, "werkgroepen_guarded", False):
        ChosenMultipleView.get = _only_visible_chosen_pages(ChosenMultipleView.get)
        ChosenMultipleView.get.werkgroepen_guarded = True


_guard_chosen_multiple_view()


# Failed e-mail and background task results, for superadmins (their hooks register on import).
from core import admin_outbox, admin_tasks  # noqa: E402, F401


@hooks.register("register_urls")
def core_urls():
    from config.hooks import UrlMount

    return UrlMount(prefix="", patterns="core.urls", order=10)
