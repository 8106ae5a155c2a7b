"""Who may do what with a consultation. Services refuse what these refuse; templates get booleans.

Moderators of a consultation are the people who run its working group: a theme moderator, editor or organisation
admin on the consultation's part of the page tree, and superadmins. Observers (department heads, policy makers,
seed 001) hold the observer role there: they read results and exports, never answers' authors of an anonymous
consultation (nobody does).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.hooks import REGISTER_WORKING_GROUP_MEMBERS, call
from core.roles.models import Role
from core.roles.selectors import user_roles
from werkgroepen_consultations.consultation.models import Audience, ResultsPolicy

MODERATING_ROLES = {Role.ORGANISATION_ADMIN, Role.EDITOR, Role.MODERATOR}


def _roles_here(user, page):
    return {role for role, path in user_roles(user) if page.path.startswith(path)}


def may_moderate(user, page):
    """Moderators of `page`'s working group, its editors and organisation admins, and superadmins."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(_roles_here(user, page) & MODERATING_ROLES)


def is_observer(user, page):
    return user.is_authenticated and Role.OBSERVER in _roles_here(user, page)


def may_export(user, page):
    """Moderators and observers download the results as CSV or XLSX."""
    return may_moderate(user, page) or is_observer(user, page)


def is_member_of_working_group(user, page):
    """Whether `user` is a member of the consultation's theme (through ``register_working_group_members``)."""
    if not user.is_authenticated:
        return False
    group = page.working_group
    for members in call(REGISTER_WORKING_GROUP_MEMBERS, group, organisation=group.organisation):
        if members.people.filter(pk=user.pk).exists():
            return True
    return False


def represented_organisations(user, page):
    """The member organisations `user` may answer for here: those they represent, limited to the chosen ones when
    the audience is 'chosen member organisations'."""
    if not user.is_authenticated:
        return []
    organisations = user.represented_organisations.all()
    if page.audience == Audience.ORGANISATIONS:
        organisations = organisations.filter(pk__in=page.organisations.values("pk"))
    return list(organisations.order_by("name"))


def refusal_to_take_part(user, page, now=None):
    """Why `user` may not answer now (a sentence for the page), or "" when they may."""
    now = now or timezone.now()
    if now < page.opens_at:
        return _("This consultation has not opened yet.")
    if page.has_closed(now):
        return _("This consultation is closed: answers are no longer accepted.")
    if page.audience != Audience.EVERYONE and not user.is_authenticated:
        return _("Log in to take part.")
    if page.audience == Audience.THEME_MEMBERS and not is_member_of_working_group(user, page):
        return _("Only members of this theme take part. Join the theme first.")
    if page.audience == Audience.ORGANISATIONS and not represented_organisations(user, page):
        return _("Only representatives of the chosen member organisations take part.")
    if page.one_per == "organisation" and not represented_organisations(user, page):
        return _("Here one answer per organisation counts: only representatives of a member organisation answer.")
    return ""


def may_take_part(user, page, now=None):
    return not refusal_to_take_part(user, page, now)


def may_see_results(user, page, now=None):
    """The results policy: live, after closing, or never public; moderators and observers always see them."""
    if may_export(user, page):
        return True
    if page.results_policy == ResultsPolicy.LIVE:
        return True
    if page.results_policy == ResultsPolicy.AFTER_CLOSING:
        return page.has_closed(now)
    return False


def may_see_authors(user, page):
    """Names beside answers: only on a named consultation, and only for moderators. Anonymous ballots hold no name."""
    return not page.anonymous and may_moderate(user, page)
