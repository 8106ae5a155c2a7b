"""What the fiches room tells people (core.notifications.services.tell), inside the event's transaction. Its
notification types are declared in ``fiches/hooks.py``."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications.services import Notice, tell
from core.roles.selectors import organisation_admins
from themes.fiches.models import RepresentationStatus

REPRESENTATION_DECIDED = "themes.representation_decided"
REPRESENTATION_REQUESTED = "themes.representation_requested"


def representation_requested(request):
    """Tell the admins of the organisation running the fiche that a request waits for them."""
    fiche = request.member_organisation
    key = f"{REPRESENTATION_REQUESTED}:{request.pk}:{request.created_at:%Y%m%d%H%M%S%f}"
    title = _("%(name)s asks to represent %(organisation)s") % {
        "name": request.user.display_name,
        "organisation": fiche.name,
    }
    tell(
        code=REPRESENTATION_REQUESTED,
        people=list(organisation_admins(fiche.organisation)),
        key=key,
        notices=Notice(key=key, title=title, url=reverse("themes_fiches:requests")),
        about=request,
        actor=request.user,
    )


def representation_decided(request, *, by):
    """Tell the person the admins' decision on their request (with the reason of a refusal)."""
    fiche = request.member_organisation
    key = f"{REPRESENTATION_DECIDED}:{request.pk}:{request.decided_at:%Y%m%d%H%M%S%f}"
    if request.status == RepresentationStatus.APPROVED:
        title = _("You now represent %(organisation)s") % {"organisation": fiche.name}
        text = _("You can post on its behalf in the themes it takes part in, and keep its fiche up to date.")
    else:
        title = _("Your request to represent %(organisation)s was refused") % {"organisation": fiche.name}
        text = _("Reason: %(reason)s") % {"reason": request.reason}
    tell(
        code=REPRESENTATION_DECIDED,
        people=[request.user],
        key=key,
        notices=Notice(key=key, title=title, text=text, url=reverse("profile")),
        about=request,
        actor=by,
    )


def representative_added(fiche, *, person, by):
    """Tell a person an admin chose them as representative of `fiche`."""
    key = f"{REPRESENTATION_DECIDED}:added:{fiche.pk}:{person.pk}:{timezone.now():%Y%m%d%H%M%S%f}"
    tell(
        code=REPRESENTATION_DECIDED,
        people=[person],
        key=key,
        notices=Notice(
            key=key,
            title=_("You now represent %(organisation)s") % {"organisation": fiche.name},
            text=_("You can post on its behalf in the themes it takes part in, and keep its fiche up to date."),
            url=reverse("profile"),
        ),
        actor=by,
    )
