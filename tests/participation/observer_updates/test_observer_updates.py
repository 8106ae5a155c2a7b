"""The periodic update for observers (seed 001: "om de 3 maanden krijgen alle politici ... een update"), issue 4 §7.

Observers of an organisation receive its figures and highlights for the last complete period, over real SMTP
(aiosmtpd sink); ``send_observer_updates`` runs twice and the second run sends nothing (REL-03); preferences are
honoured; no private content is named (SEC-05): highlights are public posts only, counts may include the rest.
"""

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from core.models import Frequency, Notification, OutboundMessage, Role
from core.notifications.services import send_digests, set_frequency
from core.outbox.services import deliver_pending
from core.roles.services import assign_role
from participation import factories
from participation.models import Membership, MembershipStatus, PostStatus, Section
from participation.observer_updates.mail import OBSERVER_UPDATE
from participation.observer_updates.selectors import last_period
from participation.observer_updates.services import send_updates
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 11, 24, 12, 0))
IN_PERIOD = timezone.make_aware(datetime(2026, 8, 15, 10, 0))
BEFORE = timezone.make_aware(datetime(2026, 6, 10, 10, 0))
AFTER = timezone.make_aware(datetime(2026, 10, 20, 10, 0))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(date="2026-11-24"):
    out = StringIO()
    call_command("send_observer_updates", "--date", date, stdout=out)
    return out.getvalue()


def member(user_factory, theme, email, when=IN_PERIOD, status=MembershipStatus.APPROVED):
    user = user_factory(email)
    factories.membership(user=user, theme=theme, status=status)
    Membership.objects.filter(user=user, theme=theme).update(created_at=when)
    return user


@pytest.fixture
def houtem(organisation, other_organisation, user_factory):
    """An open, a closed and a hidden theme with activity before, in and after the period July–September 2026."""
    org = organisation
    org.open = theme_page(title="Mobiliteit", organisation=org, group_type=GroupType.OPEN)
    org.closed = theme_page(title="Jeugdraad", organisation=org, group_type=GroupType.CLOSED)
    org.begroting = theme_page(title="Begroting 2027", organisation=org, group_type=GroupType.OPEN, hidden=True)
    author = member(user_factory, org.open, "auteur@example.org", when=BEFORE)
    factories.membership(user=author, theme=org.closed)
    factories.membership(user=author, theme=org.begroting)
    fans = [member(user_factory, org.open, f"fan{i}@example.org") for i in range(4)]
    member(user_factory, org.open, "wacht@example.org", status=MembershipStatus.PENDING)
    for fan in fans:
        factories.membership(user=fan, theme=org.closed)

    def post(theme, title, stars, when=IN_PERIOD, **kwargs):
        item = factories.post(author=author, page=theme, title=title, when=when, **kwargs)
        for fan in fans[:stars]:
            factories.star(post=item, user=fan)
        return item

    org.popular = post(org.open, "Veilige schoolroute", 3)
    org.second = post(org.open, "Meer fietsenstallingen", 1)
    post(org.open, "Geen sterren", 0)
    post(org.open, "Oud bericht met veel sterren", 4, when=BEFORE)
    post(org.open, "Nieuw bericht na de periode", 4, when=AFTER)
    post(org.open, "Afgeschermd bericht", 4, audience=[fans[0]])
    post(org.closed, "Besloten verslag van de jeugdraad", 4, section=Section.MEMBERS)
    post(org.begroting, "Verborgen begrotingsvoorstel", 4)
    factories.post(author=author, page=org.open, title="Wacht op goedkeuring", status=PostStatus.PENDING)
    factories.reaction(post=org.popular, author=fans[0], when=IN_PERIOD)
    factories.reaction(post=org.popular, author=fans[1], when=AFTER)

    org.observer = user_factory("schepen@example.org", "Schepen")
    assign_role(user=org.observer, role=Role.OBSERVER, page=org)
    org.other_observer = user_factory("elders@example.org", "Elders")
    assign_role(user=org.other_observer, role=Role.OBSERVER, page=other_organisation)
    org.moderator = user_factory("moderator@example.org", "Moderator")
    assign_role(user=org.moderator, role=Role.MODERATOR, page=org.open)
    return org


def test_periods_follow_the_organisations_setting():
    from datetime import date

    assert last_period(3, NOW) == (date(2026, 7, 1), date(2026, 10, 1))
    assert last_period(1, NOW) == (date(2026, 10, 1), date(2026, 11, 1))
    assert last_period(12, NOW) == (date(2025, 1, 1), date(2026, 1, 1))
    assert last_period(3, timezone.make_aware(datetime(2026, 1, 5))) == (date(2025, 10, 1), date(2026, 1, 1))


def test_observers_receive_the_figures_and_public_highlights_once(houtem, smtp_sink):
    """Seed 001; REL-03: the update leaves over SMTP to the organisation's observer only, and a second run (cron
    twice, a retry) sends nothing more."""
    assert run().startswith("2 observer"), "one of each organisation"
    assert deliver_pending() == 2
    smtp_sink.wait_for(2)
    elders = smtp_sink.body(smtp_sink.to("elders@example.org")[0])
    assert "Koepel Jeugdhulp" in elders and "Mobiliteit" not in elders and "Veilige schoolroute" not in elders
    message = smtp_sink.to("schepen@example.org")[0]
    assert "Gemeente Testdorp" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = smtp_sink.body(message)

    # Figures per theme: members now (4 fans + author in Mobiliteit), 4 new in the period, 1 waiting request;
    # posts published in the period, reactions in the period, items waiting for a moderator (1 request, 1 post).
    mobiliteit = body[body.index("* Mobiliteit") :].split("\n* ")[0]
    assert "5 (4" in mobiliteit, mobiliteit
    assert ": 4 " in mobiliteit or "4 ·" in mobiliteit
    assert "Begroting 2027" in body and "Jeugdraad" in body, "the names of the themes and their counts are fine"

    # Highlights: the most-starred public posts of the period, nothing private, nothing outside the period.
    assert body.index("Veilige schoolroute") < body.index("Meer fietsenstallingen")
    assert f"/deelname/berichten/{houtem.popular.pk}/" in body
    for private in ("Afgeschermd bericht", "Besloten verslag", "Verborgen begrotingsvoorstel", "Wacht op goedkeuring"):
        assert private not in body, private
    for elsewhere in ("Oud bericht", "Nieuw bericht na de periode", "Geen sterren"):
        assert elsewhere not in body, elsewhere

    assert run().startswith("0 observer")
    assert deliver_pending() == 0
    assert len(smtp_sink.messages) == 2
    assert not smtp_sink.to("moderator@example.org"), "a moderator is no observer"


def test_the_figures_count_the_period_only(houtem):
    from participation.observer_updates.selectors import figures

    start, end = last_period(3, NOW)
    update = figures(houtem, start, end)
    by_title = {theme.title: theme for theme in update.themes}
    open_theme = by_title["Mobiliteit"]
    assert (open_theme.members, open_theme.new_members) == (5, 4)
    assert open_theme.posts == 4, "schoolroute, fietsenstallingen, geen sterren, afgeschermd"
    assert open_theme.reactions == 1
    assert open_theme.waiting == 2, "one request to join and one post"
    assert by_title["Jeugdraad"].posts == 1 and by_title["Begroting 2027"].posts == 1
    assert [post.title for post in update.highlights] == ["Veilige schoolroute", "Meer fietsenstallingen"]


def test_the_next_period_sends_again_and_a_new_observer_still_gets_this_one(houtem, user_factory, smtp_sink):
    from core.roles.services import revoke_role

    revoke_role(user=houtem.other_observer, role=Role.OBSERVER, page=houtem.other_observer.role_assignments.get().page)
    run()
    late = user_factory("raadslid@example.org", "Raadslid")
    assign_role(user=late, role=Role.OBSERVER, page=houtem)
    assert run().startswith("1 observer"), "only the one who had not received it"
    assert run("2027-01-02").startswith("2 observer"), "October–December is a new period"
    deliver_pending()
    assert sorted(str(m["To"]) for m in smtp_sink.wait_for(4)) == [
        "raadslid@example.org",
        "raadslid@example.org",
        "schepen@example.org",
        "schepen@example.org",
    ]


def test_the_organisation_chooses_how_often(houtem, smtp_sink):
    houtem.observer_update_months = 1
    houtem.save()
    run()
    deliver_pending()
    smtp_sink.wait_for(2)
    body = smtp_sink.body(smtp_sink.to("schepen@example.org")[0])
    assert "Nieuw bericht na de periode" in body, "October is the last complete month on 24 November"
    assert "Veilige schoolroute" not in body


def test_preferences_of_observers_are_honoured(houtem, user_factory, smtp_sink):
    """Off: nothing; weekly: no mail now, the update comes in the weekly digest."""
    weekly = user_factory("wekelijks@example.org", "Wekelijks")
    assign_role(user=weekly, role=Role.OBSERVER, page=houtem)
    set_frequency(user=houtem.observer, code=OBSERVER_UPDATE, frequency=Frequency.OFF)
    set_frequency(user=weekly, code=OBSERVER_UPDATE, frequency=Frequency.WEEKLY)

    assert run().startswith("2 observer"), "the weekly one here, the other organisation's"
    assert deliver_pending() == 1 and smtp_sink.wait_for(1)[0]["To"] == "elders@example.org"
    smtp_sink.clear()
    assert not Notification.objects.filter(recipient=houtem.observer).exists()
    assert send_digests(period=Frequency.WEEKLY, now=NOW) == 1
    assert send_digests(period=Frequency.WEEKLY, now=NOW) == 0
    deliver_pending()
    message = smtp_sink.wait_for(1)[0]
    assert message["To"] == "wekelijks@example.org"
    assert "Gemeente Testdorp" in smtp_sink.body(message)
    assert OutboundMessage.objects.count() == 2


def test_a_revoked_observer_and_an_inactive_one_get_nothing(houtem, smtp_sink):
    from core.roles.services import revoke_role

    revoke_role(user=houtem.observer, role=Role.OBSERVER, page=houtem)
    assert send_updates(now=NOW) == 1, "only the other organisation's observer"
    assign_role(user=houtem.observer, role=Role.OBSERVER, page=houtem)
    houtem.observer.is_active = False
    houtem.observer.save()
    assert send_updates(now=NOW) == 0
    deliver_pending()
    assert [str(m["To"]) for m in smtp_sink.wait_for(1)] == ["elders@example.org"]


def test_a_bad_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("24-11-2026")
