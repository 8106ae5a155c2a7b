"""Joining, leaving and moderating memberships of working groups (BRIEF.md, the working-group table).

Open themes accept at once; closed and mixed themes make a request for the moderators (SEC-04). Members see
each other by display name only; nobody else sees who is a member (SEC-02).
"""

import pytest
from django.urls import reverse

from participation.access import NotAllowed
from participation.groups import services as group_services
from participation.models import Membership, MembershipStatus, Post, PostStatus
from tests.participation.helpers import new_post_url, post_form_data
from themes.models import MemberOrganisation, ThemeMemberOrganisation

pytestmark = pytest.mark.django_db


def join_url(theme):
    return reverse("participation:join", args=[theme.pk])


def leave_url(theme):
    return reverse("participation:leave", args=[theme.pk])


def approve_url(membership):
    return reverse("participation:membership_approve", args=[membership.pk])


def reject_url(membership):
    return reverse("participation:membership_reject", args=[membership.pk])


def members_tab(theme):
    return f"{theme.url}?tab=leden"


def status_of(user, theme):
    return Membership.objects.get(user=user, theme=theme).status


# --- Joining and leaving ---------------------------------------------------------------------------------


def test_joining_an_open_theme_makes_you_a_member_at_once(client, open_theme, member):
    client.force_login(member)

    response = client.post(join_url(open_theme), follow=True)

    assert status_of(member, open_theme) == MembershipStatus.APPROVED
    assert "Welcome! You are now a member of Mobiliteit." in response.content.decode()
    assert "You are a member of this working group." in response.content.decode()


@pytest.mark.parametrize("theme_fixture", ["closed_theme", "mixed_theme"])
def test_joining_a_closed_or_mixed_theme_makes_a_request_for_the_moderators(client, request, theme_fixture, member):
    theme = request.getfixturevalue(theme_fixture)
    client.force_login(member)

    response = client.post(join_url(theme), follow=True)

    assert status_of(member, theme) == MembershipStatus.PENDING
    content = response.content.decode()
    assert f"Your request to join {theme.title} is waiting for approval by a moderator." in content
    # Still not a member: posting is refused with the reason.
    refused = client.get(new_post_url(theme))
    assert refused.status_code == 403
    assert "Your request to join is still waiting for approval." in refused.content.decode()


def test_an_anonymous_visitor_cannot_join_and_is_sent_to_log_in(client, open_theme):
    response = client.post(join_url(open_theme))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Membership.objects.exists()


def test_joining_is_a_post_only_action(client, open_theme, member):
    client.force_login(member)

    assert client.get(join_url(open_theme)).status_code == 405
    assert not Membership.objects.exists()


@pytest.mark.parametrize("theme_fixture", ["open_theme", "closed_theme"])
def test_joining_twice_changes_nothing(client, request, theme_fixture, member):
    theme = request.getfixturevalue(theme_fixture)
    client.force_login(member)

    client.post(join_url(theme))
    first = Membership.objects.get(user=member, theme=theme)
    client.post(join_url(theme))

    assert Membership.objects.filter(user=member, theme=theme).count() == 1
    again = Membership.objects.get(user=member, theme=theme)
    assert (again.status, again.created_at) == (first.status, first.created_at)


def test_joining_a_subtheme_is_not_possible_you_join_its_theme(client, open_subtheme, member):
    client.force_login(member)

    response = client.post(join_url(open_subtheme))

    assert response.status_code == 404
    assert not Membership.objects.exists()


def test_leaving_then_joining_an_open_theme_again(client, open_theme, member):
    client.force_login(member)
    client.post(join_url(open_theme))

    response = client.post(leave_url(open_theme), follow=True)

    assert status_of(member, open_theme) == MembershipStatus.LEFT
    assert "You are no longer a member of Mobiliteit. Your posts and reactions stay." in response.content.decode()
    assert client.get(new_post_url(open_theme)).status_code == 403

    client.post(join_url(open_theme))

    assert Membership.objects.filter(user=member, theme=open_theme).count() == 1
    assert status_of(member, open_theme) == MembershipStatus.APPROVED
    assert client.get(new_post_url(open_theme)).status_code == 200


def test_leaving_a_closed_theme_and_joining_again_asks_the_moderators_again(client, closed_theme, make_member):
    former = make_member(closed_theme, "oud-lid@example.org")
    client.force_login(former)

    client.post(leave_url(closed_theme))
    client.post(join_url(closed_theme))

    assert status_of(former, closed_theme) == MembershipStatus.PENDING


def test_leaving_a_theme_you_never_joined_answers_not_found(client, open_theme, member):
    client.force_login(member)

    assert client.post(leave_url(open_theme)).status_code == 404
    assert not Membership.objects.exists()


def test_after_a_rejection_joining_asks_again(closed_theme, make_member, make_moderator):
    applicant = make_member(closed_theme, "kandidaat@example.org", status=MembershipStatus.PENDING)
    moderator = make_moderator(closed_theme, "beheerder@example.org")
    membership = Membership.objects.get(user=applicant)
    group_services.membership_reject(membership=membership, by=moderator, reason="Alleen voor jongeren.")

    group_services.membership_join(user=applicant, theme=closed_theme)

    membership.refresh_from_db()
    assert (membership.status, membership.reason, membership.decided_by) == (MembershipStatus.PENDING, "", None)


# --- Moderating requests -------------------------------------------------------------------------------


@pytest.fixture
def request_to_join(closed_theme, make_member):
    applicant = make_member(closed_theme, "kandidaat@example.org", status=MembershipStatus.PENDING)
    return Membership.objects.get(user=applicant, theme=closed_theme)


def test_a_moderator_sees_the_request_and_approves_it(client, closed_theme, request_to_join, make_moderator):
    client.force_login(make_moderator(closed_theme, "beheerder@example.org"))

    tab = client.get(members_tab(closed_theme)).content.decode()
    assert "1 request to join" in tab
    assert "Accept kandidaat" in tab

    response = client.post(approve_url(request_to_join), follow=True)

    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.APPROVED
    assert request_to_join.decided_by.email == "beheerder@example.org"
    assert "kandidaat is now a member." in response.content.decode()


def test_the_approved_member_can_post_straight_away(client, closed_theme, request_to_join, make_moderator):
    group_services.membership_approve(
        membership=request_to_join, by=make_moderator(closed_theme, "beheerder@example.org")
    )
    client.force_login(request_to_join.user)

    response = client.post(new_post_url(closed_theme), post_form_data(closed_theme))

    assert response.status_code == 302
    assert Post.objects.get().status == PostStatus.PUBLISHED


def test_a_moderator_rejects_a_request_with_a_reason(client, closed_theme, request_to_join, make_moderator):
    client.force_login(make_moderator(closed_theme, "beheerder@example.org"))

    response = client.post(reject_url(request_to_join), {"reason": "Alleen voor jongeren."}, follow=True)

    request_to_join.refresh_from_db()
    assert (request_to_join.status, request_to_join.reason) == (MembershipStatus.REJECTED, "Alleen voor jongeren.")
    assert "The request of kandidaat was refused." in response.content.decode()


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_rejecting_without_a_reason_is_refused_and_changes_nothing(
    client, closed_theme, request_to_join, make_moderator, reason
):
    client.force_login(make_moderator(closed_theme, "beheerder@example.org"))

    response = client.post(reject_url(request_to_join), {"reason": reason}, follow=True)

    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING
    assert request_to_join.decided_by is None
    assert "Say why you refuse this request: the person will read it." in response.content.decode()


def test_a_too_long_reason_is_refused_with_its_own_message(client, closed_theme, request_to_join, make_moderator):
    client.force_login(make_moderator(closed_theme, "beheerder@example.org"))

    response = client.post(reject_url(request_to_join), {"reason": "x" * 2001}, follow=True)

    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING
    content = response.content.decode()
    assert "Ensure this value has at most 2000 characters (it has 2001)." in content
    assert "Say why you refuse this request" not in content


def test_a_request_decided_once_cannot_be_decided_again(client, closed_theme, request_to_join, make_moderator):
    client.force_login(make_moderator(closed_theme, "beheerder@example.org"))
    client.post(approve_url(request_to_join))

    response = client.post(reject_url(request_to_join), {"reason": "Toch niet."}, follow=True)

    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.APPROVED
    assert "This request has already been decided." in response.content.decode()


@pytest.mark.parametrize("url", [approve_url, reject_url])
def test_a_member_cannot_decide_on_a_request(client, closed_theme, request_to_join, make_member, url):
    client.force_login(make_member(closed_theme, "lid2@example.org"))

    response = client.post(url(request_to_join), {"reason": "Nee."})

    assert response.status_code == 404
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING


@pytest.mark.parametrize("url", [approve_url, reject_url])
def test_a_moderator_of_another_theme_cannot_decide_on_a_request(
    client, closed_theme, mixed_theme, request_to_join, make_moderator, url
):
    client.force_login(make_moderator(mixed_theme, "andere-beheerder@example.org"))

    response = client.post(url(request_to_join), {"reason": "Nee."})

    assert response.status_code == 404
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING


def test_a_moderator_of_a_subtheme_only_cannot_decide_on_theme_memberships(
    client, closed_theme, request_to_join, make_moderator
):
    from themes.factories import subtheme_page

    subtheme = subtheme_page(title="Werkgroep school", theme=closed_theme)
    client.force_login(make_moderator(subtheme, "sub-beheerder@example.org"))

    response = client.post(approve_url(request_to_join))

    assert response.status_code == 404
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING


@pytest.mark.parametrize("url", [approve_url, reject_url])
def test_an_anonymous_visitor_cannot_decide_on_a_request(client, request_to_join, url):
    response = client.post(url(request_to_join), {"reason": "Nee."})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING


def test_the_applicant_cannot_approve_their_own_request(client, request_to_join):
    client.force_login(request_to_join.user)

    response = client.post(approve_url(request_to_join))

    assert response.status_code == 403
    assert "Only the moderators of this working group can do this." in response.content.decode()
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING


def test_the_services_refuse_a_decision_by_a_non_moderator(closed_theme, request_to_join, make_member):
    outsider = make_member(closed_theme, "lid2@example.org")

    with pytest.raises(NotAllowed):
        group_services.membership_approve(membership=request_to_join, by=outsider)
    with pytest.raises(NotAllowed):
        group_services.membership_reject(membership=request_to_join, by=outsider, reason="Nee.")

    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING


# --- Subthemes ---------------------------------------------------------------------------------------------


def test_a_member_of_a_theme_posts_on_its_subtheme(client, open_subtheme, open_theme, make_member):
    client.force_login(make_member(open_theme, "lid@example.org"))

    response = client.post(new_post_url(open_subtheme), post_form_data(open_subtheme, category=open_subtheme.verslag))

    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.page_id, post.theme_id) == (open_subtheme.pk, open_theme.pk)


def test_a_non_member_cannot_post_on_a_subtheme(client, open_subtheme, member):
    client.force_login(member)

    response = client.post(new_post_url(open_subtheme), post_form_data(open_subtheme, category=open_subtheme.verslag))

    assert response.status_code == 403
    assert "Only members of this working group can post." in response.content.decode()
    assert not Post.objects.exists()


def test_membership_of_a_closed_theme_opens_its_subthemes_posts(client, closed_theme, make_member, member):
    from participation import factories
    from themes.factories import subtheme_page

    subtheme = subtheme_page(title="Werkgroep school", theme=closed_theme)
    post = factories.post(author=make_member(closed_theme, "schrijver@example.org"), page=subtheme, title="Schoolplan")
    url = reverse("participation:post_detail", args=[post.pk])

    client.force_login(member)
    assert client.get(url).status_code == 404

    factories.membership(user=member, theme=closed_theme)
    response = client.get(url)
    assert response.status_code == 200
    assert "Schoolplan" in response.content.decode()


# --- The member list ---------------------------------------------------------------------------------------


@pytest.fixture
def named_members(closed_theme, user_factory):
    """Two members with a private full name and e-mail address, and one request still waiting."""
    from participation import factories

    people = [
        user_factory("an.peeters@example.org", "Fietser An", first_name="Annemie", last_name="Peetersen"),
        user_factory("bert.claes@example.org", "Bert B", first_name="Bertrand", last_name="Claessens"),
    ]
    for person in people:
        factories.membership(user=person, theme=closed_theme)
    waiting = user_factory("wacht@example.org", "Wachter", first_name="Wilfried", last_name="Wachtebeke")
    factories.membership(user=waiting, theme=closed_theme, status=MembershipStatus.PENDING)
    return people


PRIVATE_DETAILS = [
    "an.peeters@example.org",
    "Annemie",
    "Peetersen",
    "bert.claes@example.org",
    "Bertrand",
    "Claessens",
    "wacht@example.org",
    "Wilfried",
    "Wachtebeke",
]


def test_members_see_the_member_list_by_display_name_only(client, closed_theme, named_members, make_member):
    client.force_login(make_member(closed_theme, "kijker@example.org"))

    content = client.get(members_tab(closed_theme)).content.decode()

    assert "3 members" in content  # the two named members and the viewer
    assert "Fietser An" in content
    assert "Bert B" in content
    assert "Wachter" not in content  # a request is not a membership
    for detail in PRIVATE_DETAILS:
        assert detail not in content


def test_moderators_see_requests_by_display_name_only(client, closed_theme, named_members, make_moderator):
    client.force_login(make_moderator(closed_theme, "beheerder@example.org"))

    content = client.get(members_tab(closed_theme)).content.decode()

    assert "Accept Wachter" in content
    assert "Fietser An" in content
    for detail in PRIVATE_DETAILS:
        assert detail not in content


@pytest.mark.parametrize("who", ["anonymous", "registered", "pending", "left", "member_elsewhere"])
def test_non_members_do_not_see_the_member_list(client, closed_theme, mixed_theme, named_members, make_member, who):
    if who == "registered":
        client.force_login(make_member(mixed_theme, "buur@example.org", status=MembershipStatus.PENDING))
    elif who == "pending":
        client.force_login(make_member(closed_theme, "aanvrager@example.org", status=MembershipStatus.PENDING))
    elif who == "left":
        client.force_login(make_member(closed_theme, "weg@example.org", status=MembershipStatus.LEFT))
    elif who == "member_elsewhere":
        client.force_login(make_member(mixed_theme, "elders@example.org"))

    response = client.get(members_tab(closed_theme))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Only members of this working group see who its members are." in content
    assert "Fietser An" not in content
    assert "Bert B" not in content


def test_the_member_list_of_a_subtheme_is_its_themes(client, open_theme, open_subtheme, make_member):
    make_member(open_theme, "fietser@example.org")
    client.force_login(make_member(open_theme, "kijker@example.org"))

    content = client.get(f"{open_subtheme.url}?tab=leden").content.decode()

    assert "2 members" in content
    assert "fietser" in content


# --- On behalf of a member organisation ----------------------------------------------------------------------


@pytest.fixture
def fiche(organisation):
    return MemberOrganisation.objects.create(organisation=organisation, name="Fietsersbond Testdorp")


def test_a_representative_joins_on_behalf_of_a_taking_part_organisation(client, mixed_theme, fiche, member):
    fiche.representatives.add(member)
    ThemeMemberOrganisation.objects.create(page=mixed_theme, member_organisation=fiche)
    client.force_login(member)

    form = client.get(mixed_theme.url).content.decode()
    assert "Fietsersbond Testdorp" in form
    response = client.post(join_url(mixed_theme), {"on_behalf_of": fiche.pk})

    assert response.status_code == 302
    membership = Membership.objects.get(user=member)
    assert (membership.status, membership.on_behalf_of) == (MembershipStatus.PENDING, fiche)


def test_joining_on_behalf_of_an_organisation_that_does_not_list_you_is_refused(client, mixed_theme, fiche, member):
    ThemeMemberOrganisation.objects.create(page=mixed_theme, member_organisation=fiche)
    client.force_login(member)

    response = client.post(join_url(mixed_theme), {"on_behalf_of": fiche.pk})

    assert response.status_code == 403
    assert "You cannot speak for this organisation in this working group." in response.content.decode()
    assert not Membership.objects.exists()


def test_joining_on_behalf_of_an_organisation_not_taking_part_in_the_theme_is_refused(
    client, mixed_theme, open_theme, fiche, member
):
    fiche.representatives.add(member)
    ThemeMemberOrganisation.objects.create(page=open_theme, member_organisation=fiche)  # another theme only
    client.force_login(member)

    response = client.post(join_url(mixed_theme), {"on_behalf_of": fiche.pk})

    assert response.status_code == 403
    assert "You cannot speak for this organisation in this working group." in response.content.decode()
    assert not Membership.objects.exists()


def test_the_join_service_checks_the_organisation_too(mixed_theme, fiche, member):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        group_services.membership_join(user=member, theme=mixed_theme, on_behalf_of=fiche)

    assert error.value.message_dict == {
        "on_behalf_of": ["You cannot speak for this organisation in this working group."]
    }
    assert not Membership.objects.exists()
