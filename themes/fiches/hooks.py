"""What the fiches room adds through the hook catalogue (config/hooks.py): the profile's "Organisaties die je
vertegenwoordigt", the registration question, its notification types, telling admins once a newcomer's address is
confirmed, and the audit-log action. Imported by themes/wagtail_hooks.py."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    AFTER_ACCOUNT_VERIFIED,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_PROFILE_SECTION,
    REGISTER_SIGNUP_FIELDS,
    REGISTER_USER_MENU_ITEM,
    MenuItem,
    NotificationType,
    PageSection,
    SignupField,
)
from core.roles.models import Role
from core.roles.selectors import user_roles
from themes.fiches import selectors, services
from themes.fiches.forms import signup_field
from themes.fiches.notifications import REPRESENTATION_DECIDED, REPRESENTATION_REQUESTED
from themes.fiches.presenters import render_profile_section


@hooks.register(REGISTER_PROFILE_SECTION)
def represented_organisations(request):
    """The organisations the person represents, their requests, and asking to represent one (seed 000)."""
    return PageSection(label=_("Organisations you represent"), order=20, render=lambda: render_profile_section(request))


def _record_signup_choice(user, fiche):
    if fiche is not None:
        services.representation_request(user=user, fiche=fiche)


@hooks.register(REGISTER_SIGNUP_FIELDS)
def represented_organisation_question():
    """Registration asks which organisation in the list the newcomer belongs to (seed 000)."""
    return SignupField(name="represents", field=signup_field, record=_record_signup_choice, order=10)


@hooks.register(AFTER_ACCOUNT_VERIFIED)
def announce_requests(user):
    """A request made at registration reaches the admins once the address is confirmed."""
    services.representation_requests_announce(user=user)


@hooks.register(REGISTER_USER_MENU_ITEM)
def requests_menu_item(request):
    """For an organisation admin with requests waiting: the list, with their number. Everyone else costs no query:
    the roles are read once per request anyway (the header's way into the administration)."""
    user = request.user
    if not user.is_authenticated or not (
        user.is_superuser or any(role == Role.ORGANISATION_ADMIN for role, _path in user_roles(user))
    ):
        return None
    waiting = selectors.requests_to_decide(user).count()
    if not waiting:
        return None
    return MenuItem(
        name="representation-requests",
        label=str(_("Requests to represent")),
        url=reverse("themes_fiches:requests"),
        order=60,
        badge=waiting,
    )


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def fiches_notification_types():
    """Requests to represent an organisation: the decision for the member, the waiting request for its admins."""
    return [
        NotificationType(
            code=REPRESENTATION_DECIDED,
            label=_("Decisions on my requests to represent an organisation"),
            default_frequency="immediately",
            topic="my_groups",
            order=50,
        ),
        NotificationType(
            code=REPRESENTATION_REQUESTED,
            label=_("Requests to represent an organisation I administer"),
            default_frequency="immediately",
            audience="editors",
            topic="moderation",
            order=60,
        ),
    ]


@hooks.register("register_log_actions")
def fiches_log_actions(actions):
    actions.register_action(
        "werkgroepen.representation_decided", _("Decide a request to represent"), _("Request to represent decided")
    )
