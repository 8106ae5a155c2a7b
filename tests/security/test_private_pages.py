"""A person's own pages are never cached: ``Cache-Control: private, no-store`` on every response under /account/,
/uitnodiging/ and /werkruimte/ (SEC-19; issue 9 hole 10: /account/profiel/ and allauth's pages had none).

The pages come from the URL resolver (tests/security/url_sweep.py), so a page added there later is checked too;
ids are those of a real space and its people, so most answers are the pages themselves, and the rest (404, 405,
redirects to log in or to two-step set-up) must not be cached either.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security import url_sweep
from tests.trajectories.world import build_world
from trajectories.items.selectors import item_kinds

pytestmark = pytest.mark.django_db

PRIVATE = ("account/", "uitnodiging/", "werkruimte/")


def assert_private(response, where):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, f"{where}: {cache_control!r}"
    assert "public" not in cache_control, where


@pytest.fixture
def world(organisation, other_organisation):
    return build_world(organisation, other_organisation)


def test_the_profile_page_is_not_cached(client, member):
    client.force_login(member)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    assert_private(response, "/account/profiel/")


def test_the_notification_centre_and_settings_are_not_cached(client, member):
    client.force_login(member)
    for name in ("notification_centre", "notification_settings"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert_private(response, name)


def test_allauths_account_pages_are_not_cached(client, member):
    """E-mail addresses, password change, two-step verification: pages allauth renders, not ours."""
    client.force_login(member)
    for name in ("account_email", "account_change_password", "mfa_index", "account_logout"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_private(response, name)
    anonymous = Client()
    for name in ("account_login", "account_signup", "account_reset_password"):
        assert_private(anonymous.get(reverse(name)), name)


def test_public_pages_stay_cacheable(client, theme):
    """The rule is for private pages only: a theme page and the home page carry no no-store of this middleware."""
    for url in ("/", theme.url):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), url


@pytest.mark.parametrize("who", ["anonymous", "young", "pro_a"])
def test_every_page_under_account_invitations_and_werkruimte_is_not_cached(world, who):
    client = world.client(who)
    client.raise_request_exception = False
    ids = {"pk": world.space.pk, "participant_id": world.seats["young"].pk}
    samples = {"segment": sorted({kind.segment for kind in item_kinds()})}
    checked = 0
    for pattern in url_sweep.all_patterns():
        if not pattern.template.startswith(PRIVATE):
            continue
        id_names = url_sweep.id_params(pattern)
        for values in url_sweep.real_values(pattern, samples, models=[("x", "x")]):
            values.update({name: str(ids.get(name, 1)) for name in id_names})
            if not pattern.resolves(values):
                continue
            url = pattern.url(values)
            assert_private(client.get(url), url)
            checked += 1
    assert checked > 60
