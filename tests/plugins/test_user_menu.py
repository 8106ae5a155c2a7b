"""``register_user_menu_item``: the header's personal menu lists what apps and plugins add, for whom it means
something."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_plugins_menu_item_shows_to_the_people_it_is_for(client, user_factory, home):
    for_it = user_factory("iemand@dummy.example", "Iemand")
    client.force_login(for_it)
    html = client.get("/").content.decode()
    assert 'class="site-nav__dummy"' in html and "Dummy-menu" in html and 'badge--count">2<' in html


def test_others_do_not_see_it(client, member, home):
    client.force_login(member)
    assert "Dummy-menu" not in client.get("/").content.decode()


def test_anonymous_visitors_have_no_personal_menu(client, home):
    assert "Dummy-menu" not in client.get("/").content.decode()
