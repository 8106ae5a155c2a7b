"""Who may do what with activities (seed 002). Services refuse what these refuse; templates get booleans."""

from werkgroepen_activities.activities.models import organisation_paths_of
from werkgroepen_activities.territory.selectors import postcodes_of_paths


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def may_manage(user, organisation):
    """Add and edit the activities of `organisation` ("Mijn activiteiten"): its admins and editors, superadmins."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    managed, _moderated = organisation_paths_of(user)
    return any(organisation.path.startswith(path) for path in managed)


def may_moderate_territory(user, organisation):
    """See "Activiteiten/Organisaties op mijn grondgebied" of `organisation`: its admins and moderators (superadmins
    too), once the organisation has a territory."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    _managed, moderated = organisation_paths_of(user)
    return any(organisation.path.startswith(path) for path in moderated)


def may_moderate(user, activity):
    """Publish or depublish `activity`: who manages or moderates its organisation, and the moderators of the
    territory it is in."""
    if not _active(user):
        return False
    if user.is_superuser or may_manage(user, activity.organisation):
        return True
    _managed, moderated = organisation_paths_of(user)
    if any(activity.organisation.path.startswith(path) for path in moderated):
        return True
    return bool(activity.postcode) and activity.postcode in postcodes_of_paths(moderated)


def may_report(user, activity):
    """Report an activity: any logged-in person who does not manage it."""
    return _active(user) and not may_manage(user, activity.organisation)
