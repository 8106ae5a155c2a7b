"""A subtheme with a type of its own says what is applied (issue 14 §5): one joins through its theme, by the
theme's type (a membership covers every subtheme), and the subtheme's own type decides who reads its posts. A
subtheme badged open under a mixed theme no longer promises joining at once and then makes a request."""

import pytest
from django.test import Client
from django.urls import reverse

from participation.models import Membership, MembershipStatus
from themes.factories import subtheme_page, theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db


def english(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def test_an_open_subtheme_of_a_mixed_theme_says_joining_is_asked_of_the_theme(organisation, member):
    mixed = theme_page(title="Wijkwerking", organisation=organisation, group_type=GroupType.MIXED)
    sub = subtheme_page(title="Speelpleinen", theme=mixed, group_type=GroupType.OPEN)
    client = english(member)

    html = client.get(sub.url).content.decode()

    explanation = html.split('class="group-type__explanation">')[1].split("</p>")[0]
    assert "You join through the theme Wijkwerking: a moderator approves who joins." in explanation
    assert "Everyone can read the posts of this subtheme once a moderator has approved them" in explanation
    assert "Anyone can join" not in explanation
    assert "Ask to join Wijkwerking" in html and "Join this working group" not in html
    # What the page says is what happens: a request to the theme's moderators.
    client.post(reverse("participation:join", args=[mixed.pk]))
    assert Membership.objects.get(user=member).status == MembershipStatus.PENDING


def test_a_closed_subtheme_of_an_open_theme_says_anyone_joins_and_only_members_read(organisation, member):
    open_theme = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN)
    sub = subtheme_page(title="Besloten overleg", theme=open_theme, group_type=GroupType.CLOSED)

    html = english(member).get(sub.url).content.decode()

    explanation = html.split('class="group-type__explanation">')[1].split("</p>")[0]
    assert "anyone can join it straight away" in explanation
    assert "Only members can read the posts of this subtheme" in explanation
    assert "A moderator approves who joins" not in explanation
    assert "Join Mobiliteit" in html


def test_a_subtheme_without_a_type_of_its_own_explains_its_themes(organisation, member):
    mixed = theme_page(title="Wijkwerking", organisation=organisation, group_type=GroupType.MIXED)
    sub = subtheme_page(title="Speelpleinen", theme=mixed)
    html = english(member).get(sub.url).content.decode()
    assert "A moderator approves who joins this working group." in html
    assert "You join through the theme" not in html
