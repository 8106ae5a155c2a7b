"""Fixtures for the working groups: a theme of each type with categories and filters, members and moderators.

Messages are asserted by their English msgids (the Dutch catalogue is tested in tests/core/test_i18n.py).
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from core.models import Role
from core.roles.services import assign_role
from participation import factories
from participation.models import MembershipStatus
from themes.factories import subtheme_page, theme_page
from themes.models import GroupType


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # rate-limit counters
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def _furnish(page):
    vraag = factories.category(page=page, name="Vraag", icon="help")
    idee = factories.category(page=page, name="Idee", icon="pick")
    regio = factories.filter_group(page=page, name="Regio", options=["Noord", "Zuid"])
    return vraag, idee, regio


@pytest.fixture
def open_theme(organisation):
    theme = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN)
    theme.vraag, theme.idee, theme.regio = _furnish(theme)
    return theme


@pytest.fixture
def closed_theme(organisation):
    theme = theme_page(title="Jeugdraad", organisation=organisation, group_type=GroupType.CLOSED)
    theme.vraag, theme.idee, theme.regio = _furnish(theme)
    return theme


@pytest.fixture
def mixed_theme(organisation):
    theme = theme_page(title="Wijkwerking", organisation=organisation, group_type=GroupType.MIXED)
    theme.vraag, theme.idee, theme.regio = _furnish(theme)
    return theme


@pytest.fixture
def open_subtheme(open_theme):
    page = subtheme_page(title="Fietspaden", theme=open_theme)
    page.verslag = factories.category(page=page, name="Verslag")
    return page


@pytest.fixture
def make_member(user_factory):
    def make(theme, email, status=MembershipStatus.APPROVED, **kwargs):
        user = user_factory(email)
        factories.membership(user=user, theme=theme, status=status, **kwargs)
        return user

    return make


@pytest.fixture
def make_moderator(user_factory):
    def make(page, email):
        user = user_factory(email)
        assign_role(user=user, role=Role.MODERATOR, page=page)
        return user

    return make
