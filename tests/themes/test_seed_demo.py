"""`manage.py seed_demo` and `manage.py demo_logins`: the demo content `make run` serves (REL-12)."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from wagtail.models import Page, Site

from core.models import Role, RoleAssignment, User
from core.search.selectors import site_search
from tests.fixtures.worlds import built_once
from themes.colour import validate_brand_colour
from themes.management.commands.seed_demo import DEMO_USERS
from themes.models import (
    Category,
    FilterGroup,
    GroupType,
    HomePage,
    MemberOrganisation,
    OrganisationPage,
    SubthemePage,
    ThemeMemberOrganisation,
    ThemePage,
)

pytestmark = pytest.mark.django_db(transaction=False)


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    return {
        "pages": Page.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "emails": EmailAddress.objects.count(),
        "categories": Category.objects.count(),
        "filter groups": FilterGroup.objects.count(),
        "fiches": MemberOrganisation.objects.count(),
        "participations": ThemeMemberOrganisation.objects.count(),
        "sites": Site.objects.count(),
    }


NO_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Seeded once for the module as `make run` does (background tasks queue up without a worker to run them); each
    test runs in its own transaction on top, rolled back when it ends (tests/fixtures/worlds.py)."""
    yield from built_once(django_db_blocker, _seed, TASKS=NO_WORKER)


@pytest.fixture
def seeded(seeded_once, db, settings):
    settings.TASKS = NO_WORKER
    return seeded_once


def test_seeding_twice_changes_nothing_the_second_time(seeded):
    """REL-12: a second run is a no-op and says so."""
    before = _counts()

    second = _seed()

    assert _counts() == before
    assert "nothing created" in second
    assert "Created" in seeded and "Created" not in second


def test_the_demo_tree_has_what_the_issue_asks_for(seeded):
    """Two organisations, five or more themes of every type, subthemes, categories, filters, fiches."""
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk

    organisations = list(OrganisationPage.objects.live().order_by("path"))

    assert [o.title for o in organisations] == ["Gemeente Houtem", "Koepel Jeugdhulp Vlaanderen"]
    for organisation in organisations:
        validate_brand_colour(organisation.brand_colour)
        assert organisation.intro and organisation.contact_email and organisation.logo_id

    themes = ThemePage.objects.live()

    assert themes.count() >= 5
    assert {t.group_type for t in themes} == {GroupType.OPEN, GroupType.CLOSED, GroupType.MIXED}
    assert SubthemePage.objects.count() >= 5
    overriding = [s for s in SubthemePage.objects.all() if s.group_type]
    assert overriding and any(s.effective_group_type != s.theme.group_type for s in overriding)

    names = set(Category.objects.values_list("name", flat=True))
    assert {"Vraag", "Idee", "Verslag"} <= names
    assert not Category.objects.filter(description="").exists()
    regio = FilterGroup.objects.filter(name="Regio").first()
    assert regio and {"Noord", "Zuid"} <= {o.name for o in regio.options.all()}
    doelgroep = FilterGroup.objects.filter(name="Doelgroep").first()
    assert {o.name for o in doelgroep.options.all()} == {"Jongeren", "Ouders", "Professionals"}
    assert MemberOrganisation.objects.count() == 4
    assert not MemberOrganisation.objects.filter(activities="").exists()
    assert ThemeMemberOrganisation.objects.exclude(vision="").count() >= 4
    for theme in ThemePage.objects.all():
        kinds = [block.block_type for block in theme.body]
        assert {"text", "timeline", "call_to_action"} <= set(kinds), theme.title

    fietspaden = SubthemePage.objects.get(slug="fietspaden")

    assert {"Vraag", "Idee", "Knelpunt"} <= {c.name for c in fietspaden.available_categories()}
    assert {"Regio", "Straat"} <= {g.name for g in fietspaden.available_filter_groups()}


def test_every_role_has_a_verified_demo_user_with_permissions_from_the_role_service(seeded, settings):
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    for spec in DEMO_USERS:
        user = User.objects.get(email=spec["email"])
        assert user.check_password(settings.DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    member = User.objects.get(email=next(s["email"] for s in DEMO_USERS if s["role"] is None))
    assert not member.role_assignments.exists() and not member.is_staff

    houtem = OrganisationPage.objects.get(slug="gemeente-houtem")
    koepel = OrganisationPage.objects.get(slug="koepel-jeugdhulp-vlaanderen")
    editor = User.objects.get(role_assignments__role=Role.EDITOR)
    superadmin = User.objects.get(role_assignments__role=Role.SUPERADMIN)

    assert editor.groups.exists()
    assert koepel.permissions_for_user(editor).can_edit()
    assert not houtem.permissions_for_user(editor).can_edit()
    assert superadmin.is_superuser


def test_visitors_find_and_open_the_demo_pages_but_not_the_hidden_theme(seeded, client):
    anonymous = AnonymousUser()

    assert "Fietspaden" in [hit.title for hit in site_search("fietspaden", anonymous).hits]
    assert "Begroting 2027" not in [hit.title for hit in site_search("begroting", anonymous).hits]
    superadmin = User.objects.get(role_assignments__role=Role.SUPERADMIN)
    assert "Begroting 2027" in [hit.title for hit in site_search("begroting", superadmin).hits]
    hidden = ThemePage.objects.get(slug="begroting-2027")
    assert client.get(hidden.url).status_code == 404
    for page in Page.objects.live().type(HomePage, OrganisationPage, ThemePage, SubthemePage).specific():
        if getattr(page, "hidden", False):
            continue
        assert client.get(page.url).status_code == 200, page.url

    client.force_login(User.objects.get(role_assignments__role=Role.ORGANISATION_ADMIN))
    assert client.get(hidden.url).status_code == 200  # the organisation admin sees it


def test_demo_logins_prints_every_log_in(seeded, settings):
    """`make run` prints this table before serving."""
    out = StringIO()

    call_command("demo_logins", stdout=out)

    table = out.getvalue()
    for spec in DEMO_USERS:
        assert spec["email"] in table
    assert table.count(settings.DEMO_PASSWORD) == len(DEMO_USERS)
