"""Posting limits say how long to wait before the limit is hit (issue 14 §13): from the 8th post in the window the
form says how many posts are left and for how long; at the limit the refusal says how many seconds to wait. Far from
the limit the form says nothing about it."""

import re

import pytest
from django.urls import reverse

from tests.participation.helpers import new_post_url, post_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_long_window(settings):
    """A day-long window, so the test never straddles the start of a new one (the limiter's windows are fixed)."""
    settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, "post": (10, 86_400)}


def test_the_form_counts_down_from_the_eighth_post_and_the_refusal_says_how_long(client, open_theme, make_member):
    member = make_member(open_theme, "schrijver@example.org")
    client.force_login(member)
    url = new_post_url(open_theme)
    assert "more post" not in client.get(url).content.decode()

    for number in range(7):
        assert client.post(url, post_form_data(open_theme, title=f"Bericht {number}")).status_code == 302
    html = client.get(url).content.decode()
    notice = re.search(r'<p class="notice rate-notice" role="status">(.*?)</p>', html, re.S)
    assert notice and re.search(r"You can place 3 more posts in the next \d+ seconds\.", notice.group(1))

    for number in range(7, 10):
        client.post(url, post_form_data(open_theme, title=f"Bericht {number}"))
    html = client.get(url).content.decode()
    assert re.search(r"wait \d+ seconds before you place the next one", html)
    refused = client.post(url, post_form_data(open_theme, title="Te veel"))
    assert refused.status_code == 429
    assert re.search(r"Wait \d+ seconds and try again\.", refused.content.decode())


def test_someone_elses_posts_do_not_count(client, open_theme, make_member):
    busy = make_member(open_theme, "druk@example.org")
    calm = make_member(open_theme, "rustig@example.org")
    client.force_login(busy)
    for number in range(8):
        client.post(new_post_url(open_theme), post_form_data(open_theme, title=f"Bericht {number}"))
    client.force_login(calm)
    assert "rate-notice" not in client.get(new_post_url(open_theme)).content.decode()
    assert reverse("participation:post_create", args=[open_theme.pk]) == new_post_url(open_theme)
