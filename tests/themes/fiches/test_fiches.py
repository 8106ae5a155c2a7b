"""Organisation fiches (issue 14 §4, seed 000; SEC-04, REL-02): the admins of the organisation that runs a fiche and
the fiche's own representatives edit it on the site; the admins choose representatives among the organisation's
members only (searchable); a member asks to represent an organisation at registration or from the profile, and its
admins confirm or refuse, the member being told. Every allowed case beside its nearest forbidden ones."""

import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.models import Notification, Role
from core.roles.services import assign_role
from participation import factories as participation
from participation.access import MembershipStatus
from tests.fixtures.browser import ensure_wagtail_tree
from themes.factories import theme_page
from themes.fiches import services
from themes.fiches.models import RepresentationRequest, RepresentationStatus
from themes.fiches.notifications import REPRESENTATION_DECIDED, REPRESENTATION_REQUESTED
from themes.models import GroupType, MemberOrganisation

PASSWORD = "een-lang-wachtwoord-42"  # noqa: S105


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def client(client, django_capture_on_commit_callbacks, monkeypatch):
    """English interface; each request runs its on-commit callbacks, as a request that commits would."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    original = type(client).request

    def request(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(type(client), "request", request)
    return client


@pytest.fixture
def world(user_factory, organisation, other_organisation):
    """Organisation A (with a theme and its members) and B, each running a fiche; an admin of each, a representative
    of A's fiche, members of A's theme, a waiting member, a member of B's theme and someone in no theme."""
    theme_a = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.CLOSED)
    theme_b = theme_page(title="Elders", organisation=other_organisation, group_type=GroupType.CLOSED)
    people = {
        name: verified(user_factory(f"{name.lower()}@example.org", name))
        for name in ("AdminA", "AdminB", "Rep", "Jonas", "Fatima", "Wachter", "Buur", "Buiten")
    }
    assign_role(user=people["AdminA"], role=Role.ORGANISATION_ADMIN, page=organisation)
    assign_role(user=people["AdminB"], role=Role.ORGANISATION_ADMIN, page=other_organisation)
    for name in ("Rep", "Jonas", "Fatima"):
        participation.membership(user=people[name], theme=theme_a)
    participation.membership(user=people["Wachter"], theme=theme_a, status=MembershipStatus.PENDING)
    participation.membership(user=people["Buur"], theme=theme_b)
    fiche_a = MemberOrganisation.objects.create(organisation=organisation, name="Fietsersbond", activities="Fietsen")
    fiche_a.representatives.add(people["Rep"])
    fiche_b = MemberOrganisation.objects.create(organisation=other_organisation, name="Jeugdwerk", activities="Spel")
    return {"a": fiche_a, "b": fiche_b, **people}


def listed(html, name):
    """Whether the picker offers `name` (a checkbox labelled with the display name)."""
    return re.search(rf">\s*{re.escape(name)}</label>", html) is not None


def edit_url(fiche):
    return reverse("themes_fiches:edit", args=[fiche.pk])


def fiche_data(fiche, **overrides):
    data = {
        "name": fiche.name,
        "activities": fiche.activities,
        "contact_email": fiche.contact_email,
        "contact_phone": fiche.contact_phone,
        "website": fiche.website,
    }
    data.update(overrides)
    return data


def as_user(client, user):
    client.force_login(user)
    return client


# --- Editing a fiche ---------------------------------------------------------------------------------------------


def test_an_admin_of_a_edits_a_s_fiche_and_chooses_a_member_as_representative(client, world):
    fiche = world["a"]
    client = as_user(client, world["AdminA"])

    page = client.get(edit_url(fiche))
    assert page.status_code == 200
    html = page.content.decode()
    # The picker lists members of A's themes by display name, never their address, and nobody else.
    assert listed(html, "Jonas") and listed(html, "Fatima") and listed(html, "Rep")
    assert "jonas@example.org" not in html
    for outsider in ("Wachter", "Buur", "Buiten", "AdminA"):
        assert not listed(html, outsider), outsider

    response = client.post(
        edit_url(fiche),
        {**fiche_data(fiche, activities="Fietsen en stappen"), "representatives": [world["Rep"].pk, world["Jonas"].pk]},
    )

    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.activities == "Fietsen en stappen"
    assert set(fiche.representatives.all()) == {world["Rep"], world["Jonas"]}
    assert Notification.objects.filter(recipient=world["Jonas"], type=REPRESENTATION_DECIDED).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(fiche.pk), user=world["AdminA"]).exists()


def test_a_non_member_picked_as_representative_is_refused_with_a_message_and_nothing_changes(client, world):
    fiche = world["a"]
    client = as_user(client, world["AdminA"])

    for outsider in ("Buiten", "Buur", "Wachter"):  # no theme; B's theme only; still waiting
        response = client.post(
            edit_url(fiche),
            {**fiche_data(fiche, activities="Getypt"), "representatives": [world["Rep"].pk, world[outsider].pk]},
        )
        assert response.status_code == 400, outsider
        html = response.content.decode()
        assert "only members of its working groups can" in html
        assert "Getypt" in html  # the form keeps what was typed
        fiche.refresh_from_db()
        assert fiche.activities == "Fietsen"
        assert list(fiche.representatives.all()) == [world["Rep"]]


def test_the_service_refuses_a_non_member_too(world):
    """The same rule without the form: the write path itself refuses."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.fiche_update(fiche=world["a"], by=world["AdminA"], representatives=[world["Buiten"]])
    assert "Buiten" in str(refused.value)
    assert list(world["a"].representatives.all()) == [world["Rep"]]


def test_searching_the_picker_narrows_it_by_name_and_keeps_what_was_typed(client, world):
    fiche = world["a"]
    client = as_user(client, world["AdminA"])

    response = client.post(
        edit_url(fiche),
        {**fiche_data(fiche, activities="Nog niet bewaard"), "search": "jon", "search_members": "1"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert listed(html, "Jonas")
    assert not listed(html, "Fatima")
    assert listed(html, "Rep")  # the current representatives stay listed (and ticked)
    assert "Nog niet bewaard" in html
    fiche.refresh_from_db()
    assert fiche.activities == "Fietsen"  # searching saves nothing


def test_an_admin_of_a_cannot_open_or_change_b_s_fiche(client, world):
    fiche_b = world["b"]
    client = as_user(client, world["AdminA"])

    assert client.get(edit_url(fiche_b)).status_code == 404
    response = client.post(edit_url(fiche_b), fiche_data(fiche_b, name="Overgenomen"))
    assert response.status_code == 404
    fiche_b.refresh_from_db()
    assert fiche_b.name == "Jeugdwerk"
    # Missing and forbidden answer alike.
    assert client.get(reverse("themes_fiches:edit", args=[999999])).status_code == 404


def test_a_representative_edits_what_the_fiche_says_but_not_who_represents_it(client, world):
    fiche = world["a"]
    client = as_user(client, world["Rep"])

    page = client.get(edit_url(fiche))
    assert page.status_code == 200
    assert 'name="representatives"' not in page.content.decode()

    # A forged representatives field is not read.
    response = client.post(
        edit_url(fiche),
        {**fiche_data(fiche, website="https://fietsersbond.example"), "representatives": [world["Jonas"].pk]},
    )

    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.website == "https://fietsersbond.example"
    assert list(fiche.representatives.all()) == [world["Rep"]]


def test_a_representative_of_a_cannot_edit_b_s_fiche(client, world):
    client = as_user(client, world["Rep"])
    assert client.get(edit_url(world["b"])).status_code == 404
    assert client.post(edit_url(world["b"]), fiche_data(world["b"], name="X")).status_code == 404


@pytest.mark.parametrize("who", ["Jonas", "AdminB", "Buiten"])
def test_a_plain_member_or_another_organisations_admin_cannot_edit_the_fiche(client, world, who):
    client = as_user(client, world[who])
    assert client.get(edit_url(world["a"])).status_code == 404
    assert client.post(edit_url(world["a"]), fiche_data(world["a"], name="X")).status_code == 404
    world["a"].refresh_from_db()
    assert world["a"].name == "Fietsersbond"


def test_a_visitor_is_sent_to_log_in(client, world):
    response = client.get(edit_url(world["a"]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


# --- Asking to represent, and the admins' decision --------------------------------------------------------------------


def test_a_member_asks_from_the_profile_and_the_admin_of_a_confirms(client, world):
    fiche = world["a"]
    jonas = world["Jonas"]
    profile = as_user(client, jonas).get(reverse("profile")).content.decode()
    assert "Ask to represent" in profile
    assert "Fietsersbond" in profile and "Jeugdwerk" in profile

    response = client.post(reverse("themes_fiches:ask"), {"fiche": fiche.pk})
    assert response.status_code == 302
    request = RepresentationRequest.objects.get(user=jonas, member_organisation=fiche)
    assert request.status == RepresentationStatus.PENDING
    assert Notification.objects.filter(recipient=world["AdminA"], type=REPRESENTATION_REQUESTED).exists()
    assert not Notification.objects.filter(recipient=world["AdminB"], type=REPRESENTATION_REQUESTED).exists()
    assert "requested" in client.get(reverse("profile")).content.decode()

    admin = as_user(client, world["AdminA"])
    listing = admin.get(reverse("themes_fiches:requests"))
    assert listing.status_code == 200
    assert "Jonas" in listing.content.decode()
    decided = admin.post(reverse("themes_fiches:decide", args=[request.pk]), {"decision": "approve"})

    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.status == RepresentationStatus.APPROVED
    assert jonas in fiche.representatives.all()
    notice = Notification.objects.get(recipient=jonas, type=REPRESENTATION_DECIDED)
    assert "Fietsersbond" in notice.title


def test_the_admin_refuses_with_a_reason_the_member_reads_and_the_member_may_ask_again(client, world):
    fiche = world["a"]
    request = services.representation_request(user=world["Fatima"], fiche=fiche)
    admin = as_user(client, world["AdminA"])

    without_reason = admin.post(reverse("themes_fiches:decide", args=[request.pk]), {"decision": "refuse"})
    assert without_reason.status_code == 400
    request.refresh_from_db()
    assert request.status == RepresentationStatus.PENDING

    admin.post(
        reverse("themes_fiches:decide", args=[request.pk]), {"decision": "refuse", "reason": "Niet bij ons gekend"}
    )
    request.refresh_from_db()
    assert request.status == RepresentationStatus.REFUSED
    assert world["Fatima"] not in fiche.representatives.all()
    notice = Notification.objects.get(recipient=world["Fatima"], type=REPRESENTATION_DECIDED)
    assert "Niet bij ons gekend" in notice.text

    again = services.representation_request(user=world["Fatima"], fiche=fiche)
    assert again.pk == request.pk and again.status == RepresentationStatus.PENDING
    assert RepresentationRequest.objects.filter(user=world["Fatima"]).count() == 1


def test_only_the_admins_of_the_running_organisation_see_and_decide_a_request(client, world):
    request = services.representation_request(user=world["Jonas"], fiche=world["a"])

    for who in ("AdminB", "Rep", "Fatima"):
        other = as_user(client, world[who])
        listing = other.get(reverse("themes_fiches:requests"))
        assert listing.status_code == 404 or "Jonas" not in listing.content.decode(), who
        refused = other.post(reverse("themes_fiches:decide", args=[request.pk]), {"decision": "approve"})
        assert refused.status_code == 404, who
    request.refresh_from_db()
    assert request.status == RepresentationStatus.PENDING
    assert world["Jonas"] not in world["a"].representatives.all()


def test_asking_twice_makes_one_request_and_the_database_refuses_a_second_row(world):
    """REL-02: the service run twice leaves one row; the unique constraint refuses a duplicate written past it (what
    two requests at the same instant would do)."""
    first = services.representation_request(user=world["Jonas"], fiche=world["a"])
    second = services.representation_request(user=world["Jonas"], fiche=world["a"])

    assert first.pk == second.pk
    assert RepresentationRequest.objects.filter(user=world["Jonas"], member_organisation=world["a"]).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        RepresentationRequest.objects.create(user=world["Jonas"], member_organisation=world["a"])


def test_a_representative_cannot_ask_for_their_own_fiche_and_a_decision_is_taken_once(client, world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.representation_request(user=world["Rep"], fiche=world["a"])
    request = services.representation_request(user=world["Jonas"], fiche=world["a"])
    services.representation_approve(request=request, by=world["AdminA"])
    services.representation_refuse(request=request, by=world["AdminA"], reason="Toch niet")
    request.refresh_from_db()
    assert request.status == RepresentationStatus.APPROVED  # the second decision changed nothing


# --- At registration --------------------------------------------------------------------------------------------------


def test_registration_asks_which_organisation_and_the_admin_hears_once_the_address_is_confirmed(client, world):
    page = client.get(reverse("account_signup")).content.decode()
    assert "Organisation you represent" in page
    assert "Fietsersbond" in page

    response = client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "display_name": "Nieuwe Nele",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "represents": world["a"].pk,
        },
    )

    assert response.status_code == 302
    request = RepresentationRequest.objects.get(user__email="nieuw@example.org")
    assert request.member_organisation == world["a"]
    assert request.status == RepresentationStatus.PENDING
    # Not yet confirmed: the admins are not told and do not see it.
    assert not Notification.objects.filter(type=REPRESENTATION_REQUESTED).exists()
    assert "Nieuwe Nele" not in as_user(client, world["AdminA"]).get(reverse("themes_fiches:requests")).content.decode()
    client.logout()

    from allauth.account.models import EmailConfirmationHMAC

    address = EmailAddress.objects.get(email="nieuw@example.org")
    key = EmailConfirmationHMAC(address).key
    client.post(reverse("account_confirm_email", args=[key]))

    assert Notification.objects.filter(recipient=world["AdminA"], type=REPRESENTATION_REQUESTED).exists()
    assert "Nieuwe Nele" in as_user(client, world["AdminA"]).get(reverse("themes_fiches:requests")).content.decode()


def test_registration_without_an_organisation_asks_nothing(client, world):
    client.post(
        reverse("account_signup"),
        {"email": "solo@example.org", "display_name": "Solo", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not RepresentationRequest.objects.filter(user__email="solo@example.org").exists()


# --- At the same time (PostgreSQL) -----------------------------------------------------------------------------------

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the in-memory SQLite test database cannot be shared by concurrent connections",
)


@pytest.fixture
def committed_db(transactional_db):
    """Threads share committed data; Wagtail's tree of its data migrations is built again after a flush."""
    ensure_wagtail_tree()


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_requests_at_once_leave_one_row(committed_db, client, organisation, user_factory):
    """REL-02: the same member sends the request twenty times at the same moment (a double click, two tabs): every
    request answers without error and one row waits for the admins."""
    fiche = MemberOrganisation.objects.create(organisation=organisation, name="Fietsersbond")
    member = verified(user_factory("dubbel@example.org", "Dubbel"))
    clients = []
    for _ in range(20):
        one = Client(headers={"accept-language": "en"})
        one.force_login(member)
        clients.append(one)
    barrier = threading.Barrier(20)
    answers, errors = [], []

    def ask(i):
        try:
            barrier.wait()
            answers.append(clients[i].post(reverse("themes_fiches:ask"), {"fiche": fiche.pk}).status_code)
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert answers == [302] * 20
    assert RepresentationRequest.objects.filter(user=member, member_organisation=fiche).count() == 1
