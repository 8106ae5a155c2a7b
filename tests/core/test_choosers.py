"""Choosing people in the administration never lists everyone's address (issue 9, hole 7; SEC-02, SEC-04).

The roles screen listed every active account of the site as "name <e-mail>" to the admin of one organisation. Now a
person is chosen by exact address, or from the organisation's own people by display name. The same goes for every
chooser of users in the admin (the representatives of a member organisation, any relation to the user model), and
Wagtail's own user filters show a name, never an address.
"""

import re

import pytest
from django import forms
from wagtail.admin.forms.models import WagtailAdminModelForm

from core.choosers import UNKNOWN_ADDRESSES_PER_HOUR, PeopleByAddressField, PersonByAddressField
from core.models import Role, RoleAssignment, User
from core.roles import services as roles
from themes.factories import organisation_page, theme_page
from themes.models import MemberOrganisation, OrganisationPlugin

URL = "/admin/roles/new/"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def scene(user_factory, organisation, other_organisation, theme):
    """An organisation admin of `organisation`, its own people, and people who have nothing to do with it."""
    people = {
        "org_admin": user_factory("orgbeheer@example.org", "Orgbeheer"),
        "moderator": user_factory("moderator-eigen@example.org", "EigenModerator"),
        "representative": user_factory("vertegenwoordiger@example.org", "EigenVertegenwoordiger"),
        "outsider": user_factory("buitenstaander-geheim@example.org", "Buitenstaander"),
        "other_moderator": user_factory("ander-moderator@example.org", "AndereModerator"),
        "young": user_factory("jongere-geheim@example.org", "Jongere"),
    }
    roles.assign_role(user=people["org_admin"], role=Role.ORGANISATION_ADMIN, page=organisation)
    roles.assign_role(user=people["moderator"], role=Role.MODERATOR, page=theme)
    elsewhere = theme_page(title="Elders", organisation=other_organisation)
    roles.assign_role(user=people["other_moderator"], role=Role.MODERATOR, page=elsewhere)
    fiche = MemberOrganisation.objects.create(organisation=organisation, name="Fietsersbond")
    fiche.representatives.add(people["representative"])
    return people


def addresses_in(html):
    return set(re.findall(r"[\w.+-]+@example\.org", html))


def options_of(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r"<option value=\"(\d+)\"[^>]*>\s*([^<]*?)\s*</option>", select.group(1)) if select else []


def test_the_roles_form_of_an_organisation_admin_lists_only_its_own_people_and_no_address(client, scene):
    client.force_login(scene["org_admin"])
    html = client.get(URL).content.decode()

    listed = {label for _pk, label in options_of(html, "person")}
    assert listed == {"Orgbeheer", "EigenModerator", "EigenVertegenwoordiger"}
    assert "Buitenstaander" not in html and "AndereModerator" not in html and "Jongere" not in html
    assert addresses_in(html) <= {"orgbeheer@example.org"}  # at most the admin's own address (the header)
    assert '<input type="email" name="email"' in html


def test_a_superadmin_gets_no_list_of_everyone_either(client, scene, superadmin):
    client.force_login(superadmin)
    html = client.get(URL).content.decode()

    assert not addresses_in(html) - {superadmin.email}
    assert "Buitenstaander" not in html and "Jongere" not in html  # no role: not listed, found by address only


def test_a_person_is_found_by_their_exact_address_only(client, scene, theme):
    client.force_login(scene["org_admin"])
    outsider = scene["outsider"]

    for near_miss in ("buitenstaander", "buitenstaander-geheim@example", "geheim@example.org"):
        response = client.post(URL, {"email": near_miss, "role": Role.MODERATOR, "page": theme.pk})
        assert response.status_code == 200, near_miss
        assert outsider.email not in response.content.decode()
    assert not RoleAssignment.objects.filter(user=outsider).exists()

    done = client.post(URL, {"email": outsider.email.upper(), "role": Role.MODERATOR, "page": theme.pk})

    assert done.status_code == 302
    assert RoleAssignment.objects.filter(user=outsider, role=Role.MODERATOR, page=theme).exists()


def test_an_unknown_address_says_so_and_points_to_an_invitation(client, scene, theme):
    client.force_login(scene["org_admin"])
    response = client.post(URL, {"email": "niemand@example.org", "role": Role.EDITOR, "page": theme.pk})
    assert response.status_code == 200
    assert "No account uses this address" in response.content.decode()
    assert not RoleAssignment.objects.filter(role=Role.EDITOR).exists()


def test_unknown_addresses_are_rate_limited_so_the_field_is_no_address_oracle(client, scene, theme):
    client.force_login(scene["org_admin"])
    for number in range(UNKNOWN_ADDRESSES_PER_HOUR):
        client.post(URL, {"email": f"gok{number}@example.org", "role": Role.EDITOR, "page": theme.pk})

    response = client.post(URL, {"email": scene["outsider"].email, "role": Role.EDITOR, "page": theme.pk})

    assert response.status_code == 302  # a known address still works
    limited = client.post(URL, {"email": "nog-een-gok@example.org", "role": Role.EDITOR, "page": theme.pk})
    assert "Too many unknown addresses" in limited.content.decode()


def test_a_person_is_picked_from_the_organisations_people(client, scene, theme):
    client.force_login(scene["org_admin"])
    response = client.post(URL, {"person": scene["representative"].pk, "role": Role.EDITOR, "page": theme.pk})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=scene["representative"], role=Role.EDITOR).exists()


@pytest.mark.parametrize("who", ["outsider", "other_moderator", "young"])
def test_a_forged_pick_outside_the_organisation_is_refused(client, scene, theme, who):
    client.force_login(scene["org_admin"])
    response = client.post(URL, {"person": scene[who].pk, "role": Role.EDITOR, "page": theme.pk})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=scene[who], role=Role.EDITOR).exists()


def test_nobody_chosen_or_both_ways_at_once_is_refused(client, scene, theme):
    client.force_login(scene["org_admin"])
    nobody = client.post(URL, {"role": Role.EDITOR, "page": theme.pk})
    both = client.post(
        URL,
        {"email": scene["outsider"].email, "person": scene["moderator"].pk, "role": Role.EDITOR, "page": theme.pk},
    )
    assert nobody.status_code == both.status_code == 200
    assert not RoleAssignment.objects.filter(role=Role.EDITOR).exists()


# --- The representatives of a member organisation (and any relation to users) -------------------------------------


def test_the_representatives_field_lists_no_accounts_and_adds_people_by_exact_address(client, scene, superadmin):
    fiche = MemberOrganisation.objects.get(name="Fietsersbond")
    url = f"/admin/snippets/wg_themes/memberorganisation/edit/{fiche.pk}/"
    client.force_login(superadmin)

    html = client.get(url).content.decode()

    assert "Buitenstaander" not in html and "Jongere" not in html and "AndereModerator" not in html
    assert not addresses_in(html) - {superadmin.email}
    representative = scene["representative"].pk
    assert re.search(rf'<input type="checkbox" name="representatives" value="{representative}"[^>]*checked', html)

    data = {
        "organisation": fiche.organisation_id,
        "name": "Fietsersbond",
        "representatives_address": "niemand@example.org",
    }
    refused = client.post(url, {**data, "representatives": [scene["representative"].pk]})
    assert refused.status_code == 200 and "No account uses this address" in refused.content.decode()

    client.post(url, {**data, "representatives_address": scene["outsider"].email.upper()})  # the box unticked

    assert set(fiche.representatives.all()) == {scene["outsider"]}


def test_every_admin_form_with_a_relation_to_users_chooses_by_address(scene):
    """A chooser of users added later (a model viewset, a snippet) gets the same field, without a list."""

    class AssignmentForm(WagtailAdminModelForm):
        class Meta(WagtailAdminModelForm.Meta):
            model = RoleAssignment
            fields = ["user", "created_by"]

    form = AssignmentForm()
    assert isinstance(form.fields["user"], PersonByAddressField)
    html = str(form["user"])
    assert "<option" not in html and "@example.org" not in html

    bound = AssignmentForm({"user_address": scene["outsider"].email, "created_by_address": "onbekend@example.org"})
    assert not bound.is_valid()
    assert bound.cleaned_data["user"] == scene["outsider"]
    assert "created_by" in bound.errors

    class RepresentativesForm(WagtailAdminModelForm):
        class Meta(WagtailAdminModelForm.Meta):
            model = MemberOrganisation
            fields = ["representatives"]

    assert isinstance(RepresentativesForm().fields["representatives"], PeopleByAddressField)
    assert isinstance(RepresentativesForm().fields["representatives"], forms.ModelMultipleChoiceField)


def test_wagtail_names_people_by_name_never_by_address(user_factory):
    """Wagtail's user filters, history and reports fall back to the log-in address when there is no full name."""
    from wagtail.admin.utils import get_user_display_name

    nameless = user_factory("zonder-naam@example.org", "ZonderNaam")
    named = user_factory("met-naam@example.org", "MetNaam", first_name="An", last_name="Peeters")

    assert get_user_display_name(nameless) == "ZonderNaam"
    assert get_user_display_name(named) == "An Peeters"
    assert User.objects.get(pk=nameless.pk).get_full_name() == "ZonderNaam"


def test_the_logs_report_filter_shows_names_not_addresses(client, scene, superadmin, theme):
    """The Logs report's "user" filter lists everyone who acted: by name, not by log-in address."""
    from wagtail.log_actions import log

    log(instance=theme, action="wagtail.edit", user=scene["org_admin"])
    client.force_login(superadmin)

    html = client.get("/admin/reports/site-history/").content.decode()

    assert "Orgbeheer" in html
    assert not addresses_in(html) - {superadmin.email}


def test_the_organisation_admin_still_reaches_only_its_own_organisations_pages(client, scene, theme):
    """A person found by address may still only get a role inside the admin's organisation."""
    other = theme_page(title="Elders2", organisation=organisation_page(title="Derde organisatie"))
    client.force_login(scene["org_admin"])
    response = client.post(URL, {"email": scene["outsider"].email, "role": Role.EDITOR, "page": other.pk})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=scene["outsider"]).exists()


def test_the_organisations_plugins_add_their_people_where_they_are_switched_on(
    client, scene, organisation, other_organisation, user_factory
):
    """``register_organisation_people``: the dummy counts ``x@<organisation slug>.dummy.example`` among an
    organisation's people; switched off, it adds nobody."""
    user_factory(f"lid@{organisation.slug}.dummy.example", "DummyLid")
    user_factory(f"lid@{other_organisation.slug}.dummy.example", "DummyElders")
    client.force_login(scene["org_admin"])

    def listed():
        return {label for _pk, label in options_of(client.get(URL).content.decode(), "person")}

    assert "DummyLid" not in listed()
    OrganisationPlugin.objects.create(organisation=organisation, plugin="werkgroepen_dummy", enabled=True)
    assert "DummyLid" in listed() and "DummyElders" not in listed()
    picked = user_factory("nog-een@example.org", "NogEen")
    assert picked.pk not in {int(pk) for pk, _label in options_of(client.get(URL).content.decode(), "person")}
