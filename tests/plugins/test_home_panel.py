"""``register_home_panel`` (issue 14 §13): a plugin adds a panel beside "zo werkt het" on the home page, sorted by
its order after participation's recent posts; the home page names no app. Without it, no empty section is left."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def dummy_panel():
    from werkgroepen_dummy import wagtail_hooks as dummy

    dummy.HOME_PANEL_ON.append(True)
    yield dummy
    dummy.HOME_PANEL_ON.clear()


def test_a_plugin_panel_shows_on_the_home_page_after_the_recent_posts(home, organisation, dummy_panel):
    html = Client(headers={"accept-language": "en"}).get(home.url).content.decode()
    assert f'<p class="dummy">{dummy_panel.HOME_PANEL_MARKER} {home.title}</p>' in html
    assert html.index("Recent on the platform") < html.index("Dummy-paneel") < html.index(dummy_panel.HOME_PANEL_MARKER)


def test_a_plugin_that_returns_nothing_adds_no_section(home, organisation):
    html = Client(headers={"accept-language": "en"}).get(home.url).content.decode()
    assert "Dummy-paneel" not in html and html.count('class="home-panel"') == 1
