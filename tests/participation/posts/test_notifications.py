"""What the working groups tell people about posts and reactions (issue 4 §4): decisions on them (with the reason),
reactions on my post, new posts in my themes, and items to moderate for moderators.
Mail really leaves over SMTP to a local sink; preferences (off, daily) are honoured; nobody is told about what
they may not see (SEC-22: no mail about a closed theme reaches a non-member)."""

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Frequency, Notification, OutboundMessage
from core.notifications.services import set_frequency
from participation import factories
from participation.models import MembershipStatus, PostStatus, Section
from participation.moderation import notifications as moderation_notifications
from participation.posts import notifications as post_notifications
from participation.posts import services as post_services

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def told(code, user=None):
    rows = Notification.objects.filter(type=code)
    return rows.filter(recipient=user) if user is not None else rows


@pytest.fixture
def author(open_theme, make_member):
    return make_member(open_theme, "auteur@example.org")


@pytest.fixture
def moderator(open_theme, make_moderator):
    return make_moderator(open_theme, "moderator@example.org")


@pytest.fixture
def waiting_post(open_theme, author):
    return factories.post(author=author, page=open_theme, title="Bankje op het plein", status=PostStatus.PENDING)


def test_a_refused_post_reaches_its_author_by_mail_with_the_reason(
    waiting_post, author, moderator, smtp_sink, django_capture_on_commit_callbacks
):
    """REL-03: the reason the moderator typed arrives over SMTP, after commit, with one-click unsubscribe."""
    with django_capture_on_commit_callbacks(execute=True):
        response = login(moderator).post(
            reverse("participation:post_reject", args=[waiting_post.pk]), {"reason": "Graag zonder namen van buren"}
        )
    assert response.status_code == 302
    message = smtp_sink.wait_for(1)[0]
    assert message["To"] == "auteur@example.org"
    assert "Bankje op het plein" in message["Subject"]
    body = message.get_content()
    assert "Graag zonder namen van buren" in body
    assert waiting_post.get_absolute_url() in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [m["To"] for m in smtp_sink.messages] == ["auteur@example.org"], "the moderator is not told of their own act"


def test_preference_off_sends_nothing(waiting_post, author, moderator, smtp_sink, django_capture_on_commit_callbacks):
    set_frequency(user=author, code=post_notifications.ITEM_DECIDED, frequency=Frequency.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        post_services.post_reject(post=waiting_post, by=moderator, reason="Niet hier")
    assert not told(post_notifications.ITEM_DECIDED).exists()
    assert not OutboundMessage.objects.filter(email="auteur@example.org").exists()
    assert smtp_sink.messages == []


def test_daily_preference_queues_no_immediate_mail(
    waiting_post, author, moderator, smtp_sink, django_capture_on_commit_callbacks
):
    set_frequency(user=author, code=post_notifications.ITEM_DECIDED, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        post_services.post_reject(post=waiting_post, by=moderator, reason="Niet hier")
    row = told(post_notifications.ITEM_DECIDED, author).get()
    assert (row.frequency, row.emailed_at) == (Frequency.DAILY, None), "kept for the daily digest"
    assert "Niet hier" in row.text
    assert not OutboundMessage.objects.filter(email="auteur@example.org").exists()
    assert smtp_sink.messages == []


def test_an_approved_post_tells_its_author_and_the_members_but_not_outsiders(
    open_theme, waiting_post, author, moderator, make_member, user_factory, django_capture_on_commit_callbacks
):
    member = make_member(open_theme, "lid@example.org")
    pending = make_member(open_theme, "wacht@example.org", status=MembershipStatus.PENDING)
    outsider = user_factory("buiten@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        post_services.post_approve(post=waiting_post, by=moderator)
    assert "has been published" in told(post_notifications.ITEM_DECIDED, author).get().title
    new_post = told(post_notifications.NEW_POST)
    assert [n.recipient for n in new_post] == [member]
    assert (
        not told(post_notifications.NEW_POST, pending).exists()
        and not told(post_notifications.NEW_POST, outsider).exists()
    )
    assert new_post.get().frequency == Frequency.DAILY, "new posts come in the daily digest unless chosen otherwise"


def test_no_mail_about_a_closed_theme_reaches_a_non_member(
    closed_theme, open_theme, make_member, user_factory, django_capture_on_commit_callbacks
):
    """SEC-22: a members-only post: its theme's members are told; a member of another theme, a person who left
    and a pending member are not; a shielded post only reaches its audience."""
    author = make_member(closed_theme, "auteur@example.org")
    member = make_member(closed_theme, "lid@example.org")
    picked = make_member(closed_theme, "gekozen@example.org")
    left = make_member(closed_theme, "weg@example.org", status=MembershipStatus.LEFT)
    pending = make_member(closed_theme, "wacht@example.org", status=MembershipStatus.PENDING)
    elsewhere = make_member(open_theme, "elders@example.org")
    for user in (member, picked, left, pending, elsewhere):
        set_frequency(user=user, code=post_notifications.NEW_POST, frequency=Frequency.IMMEDIATELY)
    with django_capture_on_commit_callbacks(execute=True):
        post_services.post_create(
            author=author, page=closed_theme, title="Vergadering", body="Donderdag", category=closed_theme.vraag
        )
    assert {n.recipient for n in told(post_notifications.NEW_POST)} == {member, picked}
    assert set(OutboundMessage.objects.filter(type=post_notifications.NEW_POST).values_list("email", flat=True)) == {
        "lid@example.org",
        "gekozen@example.org",
    }
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        post_services.post_create(
            author=author,
            page=closed_theme,
            title="Alleen voor jou",
            body="Afgeschermd",
            category=closed_theme.vraag,
            shielded=True,
            audience=[picked],
        )
    assert [n.recipient for n in told(post_notifications.NEW_POST)] == [picked]


def test_reactions_tell_the_posts_author_once_published(
    open_theme, author, moderator, make_member, django_capture_on_commit_callbacks
):
    post = factories.post(author=author, page=open_theme, title="Verkeerslicht")
    reactor = make_member(open_theme, "reageerder@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        reaction = post_services.reaction_create(author=reactor, post=post, body="Goed idee")
    assert reaction.status == PostStatus.PENDING
    assert not told(post_notifications.REACTION_ON_MY_POST).exists(), "not before a moderator approved it"
    assert told(moderation_notifications.TO_MODERATE, moderator).filter(url=reaction.get_absolute_url()).exists()
    with django_capture_on_commit_callbacks(execute=True):
        post_services.reaction_approve(reaction=reaction, by=moderator)
    assert "reacted on your post" in told(post_notifications.REACTION_ON_MY_POST, author).get().title
    assert "has been published" in told(post_notifications.ITEM_DECIDED, reactor).get().title


def test_a_refused_reaction_tells_its_author_the_reason(open_theme, author, moderator, make_member):
    post = factories.post(author=author, page=open_theme)
    reactor = make_member(open_theme, "reageerder@example.org")
    reaction = factories.reaction(post=post, author=reactor, status=PostStatus.PENDING)
    post_services.reaction_reject(reaction=reaction, by=moderator, reason="Te persoonlijk")
    row = told(post_notifications.ITEM_DECIDED, reactor).get()
    assert "was refused" in row.title and "Te persoonlijk" in row.text
    assert not told(post_notifications.REACTION_ON_MY_POST).exists()


def test_members_section_reactions_tell_the_author_at_once(mixed_theme, make_member):
    author = make_member(mixed_theme, "auteur@example.org")
    post = factories.post(author=author, page=mixed_theme, section=Section.MEMBERS)
    reactor = make_member(mixed_theme, "reageerder@example.org")
    post_services.reaction_create(author=reactor, post=post, body="Meteen zichtbaar")
    assert told(post_notifications.REACTION_ON_MY_POST, author).exists()
    post_services.reaction_create(author=author, post=post, body="Mijn eigen reactie")
    assert told(post_notifications.REACTION_ON_MY_POST, author).count() == 1, "not about my own reaction"


def test_moderators_hear_of_waiting_posts(open_theme, author, moderator):
    post = post_services.post_create(
        author=author, page=open_theme, title="Wacht", body="Tekst", category=open_theme.vraag
    )
    assert post.status == PostStatus.PENDING
    assert told(moderation_notifications.TO_MODERATE, moderator).filter(url=post.get_absolute_url()).exists()
    assert not told(post_notifications.NEW_POST).exists(), "members hear of it once it is published"
