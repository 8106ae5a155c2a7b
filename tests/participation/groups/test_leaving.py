"""Leaving a working group and the profile's "Mijn werkgroepen" (issue 14 §1).

A member stops their membership on the theme page or in the profile, told first in plain words what happens to
their posts; a request that waits can be withdrawn; the theme's moderators hear of it where the theme asks for it.
Nobody leaves a group they are not in, nor stops someone else's membership (SEC-04).
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Notification
from participation.access import NotAllowed
from participation.groups import notifications as group_notifications
from participation.groups import services as group_services
from participation.models import Membership, MembershipStatus, Post
from participation.posts.services import post_create
from themes.factories import theme_page

pytestmark = pytest.mark.django_db


def leave_url(theme):
    return reverse("participation:leave", args=[theme.pk])


def status_of(user, theme):
    return Membership.objects.get(user=user, theme=theme).status


def test_the_theme_page_offers_to_stop_the_membership_and_says_what_happens(client, closed_theme, make_member):
    member = make_member(closed_theme, "lid2@example.org")
    client.force_login(member)
    html = client.get(closed_theme.url).content.decode()
    assert "Stop membership" in html and leave_url(closed_theme) in html
    assert "Your posts and reactions stay, with your name." in html
    assert "To become a member again, you ask a moderator again." in html


def test_a_visitor_and_a_non_member_get_no_leave_button(client, open_theme, member):
    assert leave_url(open_theme) not in client.get(open_theme.url).content.decode()
    client.force_login(member)
    assert leave_url(open_theme) not in client.get(open_theme.url).content.decode()


def test_leaving_keeps_the_posts_and_ends_the_reading_of_members_posts(client, closed_theme, make_member):
    member = make_member(closed_theme, "schrijver@example.org")
    other = make_member(closed_theme, "ander@example.org")
    post = post_create(author=member, page=closed_theme, title="Mijn idee", body="Tekst", category=closed_theme.vraag)
    theirs = post_create(author=other, page=closed_theme, title="Hun idee", body="Tekst", category=closed_theme.idee)
    assert Post.objects.visible_to(member).filter(pk=theirs.pk).exists()
    client.force_login(member)

    response = client.post(leave_url(closed_theme), {"next": closed_theme.url}, follow=True)

    assert "You are no longer a member of Jeugdraad. Your posts and reactions stay." in response.content.decode()
    assert status_of(member, closed_theme) == MembershipStatus.LEFT
    assert Post.objects.filter(pk=post.pk).exists()
    assert not Post.objects.visible_to(member).filter(pk=theirs.pk).exists()


def test_a_pending_request_can_be_withdrawn(client, mixed_theme, make_member):
    applicant = make_member(mixed_theme, "vraagt@example.org", status=MembershipStatus.PENDING)
    client.force_login(applicant)
    assert "Withdraw request" in client.get(mixed_theme.url).content.decode()

    response = client.post(leave_url(mixed_theme), follow=True)

    assert "Your request to join Wijkwerking is withdrawn." in response.content.decode()
    assert status_of(applicant, mixed_theme) == MembershipStatus.LEFT


def test_leaving_a_group_you_left_or_were_refused_from_answers_not_found(client, closed_theme, make_member):
    refused = make_member(closed_theme, "geweigerd@example.org", status=MembershipStatus.REJECTED)
    client.force_login(refused)
    assert client.post(leave_url(closed_theme)).status_code == 404
    assert status_of(refused, closed_theme) == MembershipStatus.REJECTED
    with pytest.raises(ValidationError):
        group_services.membership_leave(membership=refused.memberships.get())


def test_nobody_stops_someone_elses_membership(closed_theme, make_member, make_moderator):
    member = make_member(closed_theme, "lid3@example.org")
    moderator = make_moderator(closed_theme, "moderator@example.org")
    with pytest.raises(NotAllowed):
        group_services.membership_leave(membership=member.memberships.get(), by=moderator)
    assert status_of(member, closed_theme) == MembershipStatus.APPROVED


def test_the_moderators_are_told_only_where_the_theme_asks_for_it(
    closed_theme, mixed_theme, make_member, make_moderator
):
    closed_theme.tell_moderators_when_members_leave = True
    closed_theme.save()
    told_here = make_moderator(closed_theme, "hier@example.org")
    not_asked = make_moderator(mixed_theme, "daar@example.org")
    leaving = make_member(closed_theme, "weg@example.org")
    leaving.memberships.create(theme=mixed_theme, status=MembershipStatus.APPROVED)

    for membership in leaving.memberships.all():
        group_services.membership_leave(membership=membership)

    notice = Notification.objects.get(type=group_notifications.MEMBER_LEFT)
    assert notice.recipient == told_here and "stopped their membership of Jeugdraad" in notice.title
    assert not Notification.objects.filter(recipient=not_asked, type=group_notifications.MEMBER_LEFT).exists()


# --- The profile's "Mijn werkgroepen" ---------------------------------------------------------------------------


def test_the_profile_lists_each_membership_with_its_state_and_acts_on_it(
    client, open_theme, closed_theme, mixed_theme, organisation, make_member
):
    person = make_member(open_theme, "fien@example.org")
    person.memberships.create(theme=closed_theme, status=MembershipStatus.PENDING)
    person.memberships.create(theme=mixed_theme, status=MembershipStatus.REJECTED, reason="Alleen voor buurtbewoners")
    hidden = theme_page(title="Verborgen thema", organisation=organisation, hidden=True)
    person.memberships.create(theme=hidden, status=MembershipStatus.APPROVED)
    client.force_login(person)

    html = client.get(reverse("profile")).content.decode()

    assert "My working groups" in html
    assert 'Mobiliteit</a> –\n      <strong class="my-groups__state">member' in html
    assert 'Jeugdraad</a> –\n      <strong class="my-groups__state">requested' in html
    assert 'Wijkwerking</a> –\n      <strong class="my-groups__state">refused' in html
    assert "Alleen voor buurtbewoners" in html
    assert "Verborgen thema" not in html  # a theme hidden since is out of sight here too
    assert leave_url(open_theme) in html and leave_url(closed_theme) in html
    assert leave_url(mixed_theme) not in html
    assert reverse("participation:join", args=[mixed_theme.pk]) in html  # ask again

    response = client.post(leave_url(open_theme), {"next": reverse("profile")})
    assert response["Location"] == reverse("profile")
    assert status_of(person, open_theme) == MembershipStatus.LEFT
    html = client.get(reverse("profile")).content.decode()
    assert "You are no longer a member of Mobiliteit." in html  # the message, on the page the person was on
    assert leave_url(open_theme) not in html


def test_the_profile_shows_nobody_elses_memberships(client, open_theme, make_member, member):
    make_member(open_theme, "ander@example.org")
    client.force_login(member)
    html = client.get(reverse("profile")).content.decode()
    assert "Mobiliteit" not in html
    assert "You are not in a working group yet." in html
