"""The consultation room's hook registrations (imported by the plugin's wagtail_hooks.py only)."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_OBSERVER_UPDATE_SECTION,
    REGISTER_SEARCH_PROVIDER,
    REGISTER_THEME_TAB,
    REGISTER_USER_DATA,
    NotificationType,
    SearchHit,
    ThemeTab,
    UpdateSection,
    UserData,
)
from core.links import absolute
from werkgroepen_consultations.consultation import selectors, services
from werkgroepen_consultations.consultation.models import ConsultationPage


@hooks.register(REGISTER_THEME_TAB)
def consultations_tab(page, request):
    """ "Raadplegingen" on a theme or subtheme page that has consultations the visitor may see."""
    found = list(selectors.consultations_in(page, request.user))
    if not found:
        return None
    now = timezone.now()
    return ThemeTab(
        label=_("Consultations"),
        slug="raadplegingen",
        order=30,
        render=lambda: render_to_string(
            "werkgroepen_consultations/consultation/tab.html", {"consultations": found, "now": now}, request=request
        ),
    )


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def notification_types():
    return [
        NotificationType(code=services.OPENED, label=_("A consultation opened in your theme")),
        NotificationType(code=services.CLOSING_SOON, label=_("A consultation you started closes within 24 hours")),
        NotificationType(code=services.RESULTS_PUBLISHED, label=_("Results of a consultation are published")),
        NotificationType(code=services.FOLLOW_UP, label=_("What was done with a consultation")),
    ]


class ConsultationSearch:
    label = _("Consultations")

    def search(self, query, user, limit):
        return [
            SearchHit(
                title=page.title,
                url=page.url or "",
                kind=str(_("consultation")),
                excerpt=Truncator(strip_tags(page.intro)).words(30),
            )
            for page in selectors.search(user, query, limit)
        ]


@hooks.register(REGISTER_SEARCH_PROVIDER)
def consultation_search():
    return ConsultationSearch()


@hooks.register(REGISTER_USER_DATA)
def consultation_user_data():
    return UserData(
        label=str(_("Consultations")),
        export=selectors.personal_data,
        erase=services.personal_data_erase,
        notice=str(_("Answers to consultations stay in the results without your name.")),
    )


@hooks.register("after_publish_page")
def tell_on_publish(request, page):
    """A consultation that is (re)published may have opened, or got its follow-up: tell who should know, after
    commit, through core's fan-out (each event's key makes a second publish tell nobody twice)."""
    if isinstance(page.specific, ConsultationPage):
        transaction.on_commit(lambda: services.notices_send(page=page))


@hooks.register(REGISTER_OBSERVER_UPDATE_SECTION)
def observer_update(organisation, start, end):
    """The consultations that ran in the period, with their number of answers and where they stand. Observers may
    see every result (whatever the public results policy); no name is ever given."""
    found = selectors.running_in_period(organisation, start, end)
    if not found:
        return None
    now = timezone.now()
    lines = []
    for page in found:
        state = _("open") if page.is_open(now) else (_("closed") if page.has_closed(now) else _("not open yet"))
        lines.append(
            _("%(title)s (%(kind)s, %(state)s): %(n)d answers – %(url)s")
            % {
                "title": page.title,
                "kind": page.get_kind_display(),
                "state": state,
                "n": page.ballot_count,
                "url": absolute(page.url or "/"),
            }
        )
    return UpdateSection(title=str(_("Consultations")), lines=tuple(str(line) for line in lines))
