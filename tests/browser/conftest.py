"""Browser tests run against pytest-django's live_server (transactional): the page tree must be built after
the fixtures of tests/fixtures/browser.py have restored Wagtail's root, whatever order a test names them in."""

import pytest

from themes.factories import home_page


@pytest.fixture
def home(browser_site):
    return home_page()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded images and their renditions go to a throwaway folder (the live server serves MEDIA_URL)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
