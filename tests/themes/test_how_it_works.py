"""First-time visitors see "zo werkt het" on the home page (issue 14 §13): three steps (find a theme, join, take
part) with the way to make an account. People who are logged in no longer need it."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_three_steps_with_the_sign_up_link(home, organisation):
    html = Client(headers={"accept-language": "en"}).get(home.url).content.decode()
    steps = html.split('<ol class="how-it-works__steps">')[1].split("</ol>")[0]
    assert steps.count("<li>") == 3
    assert "Find a theme" in steps and "Join the working group" in steps and "Take part" in steps
    assert f'<a href="{reverse("account_signup")}">Make an account</a>' in steps


def test_a_member_does_not_get_the_steps(home, organisation, member):
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    assert "how-it-works" not in client.get(home.url).content.decode()
