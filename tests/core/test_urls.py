"""The site's URLs come from the apps through the hook catalogue (``register_urls``): the project's URL configuration
names no app (issue 10)."""

import re
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_the_projects_url_configuration_names_no_app():
    source = (ROOT / "site" / "config" / "urls.py").read_text()
    for app in ("core", "themes", "participation", "trajectories"):
        assert not re.search(rf"^\s*(from|import) {app}\b", source, re.M), app
        assert f'"{app}.' not in source


def test_every_app_mounts_its_pages_through_the_hook():
    assert reverse("profile") == "/account/profiel/"
    assert reverse("participation:my_posts").startswith("/deelname/")
    assert reverse("trajectories:my_spaces").startswith("/werkruimte/")
