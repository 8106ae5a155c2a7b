"""Reports (Melden, issue 4 §2): a member who sees a published post or reaction reports it with a reason; one
report per member and item; at the theme's threshold of distinct reporters the item hides itself until a
moderator keeps or removes it; reporters hear the outcome; rate-limited; refusals are clear (SEC-12, REL-02)."""

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.models import Notification
from participation import factories
from participation.access import NotAllowed
from participation.models import Post, PostStatus, Reaction, Report, ReportStatus
from participation.moderation import services as moderation_services
from tests.fixtures.browser import ensure_wagtail_tree

pytestmark = pytest.mark.django_db

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the in-memory SQLite test database cannot be shared by concurrent connections",
)


@pytest.fixture
def author(open_theme, make_member):
    return make_member(open_theme, "auteur@example.org")


@pytest.fixture
def post(open_theme, author):
    return factories.post(author=author, page=open_theme, title="Fietspad kapot", category=open_theme.vraag)


@pytest.fixture
def reporters(open_theme, make_member):
    return [make_member(open_theme, f"melder{i}@example.org") for i in range(4)]


@pytest.fixture
def moderator(open_theme, make_moderator):
    return make_moderator(open_theme, "moderator@example.org")


def report(user, post=None, reaction=None, reason="spam", text=""):
    return moderation_services.report_create(reporter=user, post=post, reaction=reaction, reason=reason, text=text)


def login(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def status_of(item):
    item.refresh_from_db()
    return item.status


# --- Through the views -----------------------------------------------------------------------------------


def test_a_member_reports_a_post_from_its_page(post, reporters):
    """The report form is on the post page and works without JavaScript."""
    client = login(reporters[0])
    page = client.get(post.get_absolute_url())
    assert reverse("participation:report_post", args=[post.pk]) in page.content.decode()
    response = client.post(reverse("participation:report_post", args=[post.pk]), {"reason": "offensive"}, follow=True)
    assert "Thank you. A moderator will look at your report." in response.content.decode()
    report_row = Report.objects.get()
    assert (report_row.reporter, report_row.post, report_row.reaction, report_row.reason) == (
        reporters[0],
        post,
        None,
        "offensive",
    )
    post.refresh_from_db()
    assert post.open_report_count == 1 and post.status == PostStatus.PUBLISHED


def test_reason_other_needs_an_explanation_and_the_form_keeps_what_was_typed(post, reporters):
    client = login(reporters[0])
    url = reverse("participation:report_post", args=[post.pk])
    response = client.post(url, {"reason": "other", "text": "   "})
    assert response.status_code == 400
    assert "Explain what is wrong." in response.content.decode()
    response = client.post(url, {"text": "Klopt niet"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose why you report this." in body and "Klopt niet" in body
    assert not Report.objects.exists()
    assert client.post(url, {"reason": "other", "text": "Reclame voor een winkel"}).status_code == 302
    assert Report.objects.get().text == "Reclame voor een winkel"


def test_an_unknown_reason_is_refused_by_the_service(post, reporters):
    with pytest.raises(ValidationError) as error:
        report(reporters[0], post=post, reason="boring")
    assert "reason" in error.value.message_dict


def test_a_member_reports_a_reaction(post, reporters, author):
    reaction = factories.reaction(post=post, author=author)
    client = login(reporters[0])
    page = client.get(post.get_absolute_url()).content.decode()
    assert reverse("participation:report_reaction", args=[reaction.pk]) in page
    assert (
        client.post(reverse("participation:report_reaction", args=[reaction.pk]), {"reason": "spam"}).status_code == 302
    )
    assert Report.objects.get().reaction == reaction
    reaction.refresh_from_db()
    assert reaction.open_report_count == 1


def test_the_author_cannot_report_their_own_post(post, author):
    client = login(author)
    assert (
        reverse("participation:report_post", args=[post.pk]) not in client.get(post.get_absolute_url()).content.decode()
    )
    response = client.post(reverse("participation:report_post", args=[post.pk]), {"reason": "spam"})
    assert response.status_code == 403
    assert "You cannot report your own post or reaction." in response.content.decode()
    assert not Report.objects.exists()


def test_a_visitor_and_a_non_member_cannot_report(post, user_factory):
    url = reverse("participation:report_post", args=[post.pk])
    response = Client().post(url, {"reason": "spam"})
    assert response.status_code == 302 and "/login" in response["Location"] or "inloggen" in response["Location"]
    outsider = user_factory("buiten@example.org")
    response = login(outsider).post(url, {"reason": "spam"})
    assert response.status_code == 403
    assert "Only members of this working group can report." in response.content.decode()
    assert not Report.objects.exists()


def test_an_invisible_post_answers_404(closed_theme, make_member, user_factory):
    """SEC-01: a post of a closed theme is not reportable (nor visible) to a non-member: 404, like a missing one."""
    author = make_member(closed_theme, "a@example.org")
    hidden_post = factories.post(author=author, page=closed_theme)
    outsider = user_factory("buiten@example.org")
    client = login(outsider)
    assert (
        client.post(reverse("participation:report_post", args=[hidden_post.pk]), {"reason": "spam"}).status_code == 404
    )
    assert client.post(reverse("participation:report_post", args=[999999]), {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


def test_reporting_something_already_hidden_is_refused(post, reporters, moderator):
    moderation_services.post_hide(post=post, by=moderator, reason="Even nakijken")
    # The hidden post is invisible to the reporter (404); the service refuses it with a clear message too.
    assert (
        login(reporters[0]).post(reverse("participation:report_post", args=[post.pk]), {"reason": "spam"}).status_code
        == 404
    )
    with pytest.raises(NotAllowed) as error:
        report(reporters[0], post=Post.objects.get(pk=post.pk))
    assert "This cannot be found." in str(error.value) or "already hidden" in str(error.value)
    assert not Report.objects.exists()


def test_reporting_a_hidden_reaction_says_it_is_already_hidden(post, reporters, author, moderator):
    """A moderator who sees a hidden reaction cannot report it either: it is already with the moderators."""
    reaction = factories.reaction(post=post, author=author)
    moderation_services.reaction_hide(reaction=reaction, by=moderator, reason="Kwetsend")
    member_moderator = moderator
    factories.membership(user=member_moderator, theme=post.theme, status="approved")
    with pytest.raises(NotAllowed) as error:
        report(member_moderator, reaction=reaction)
    assert "already hidden" in str(error.value)


def test_reporting_twice_keeps_one_report(post, reporters):
    client = login(reporters[0])
    url = reverse("participation:report_post", args=[post.pk])
    client.post(url, {"reason": "spam"})
    response = client.post(url, {"reason": "offensive"}, follow=True)
    assert "You already reported this." in response.content.decode()
    assert Report.objects.count() == 1
    post.refresh_from_db()
    assert post.open_report_count == 1


def test_reports_are_rate_limited_per_reporter(open_theme, reporters, author, settings):
    settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, "report": (2, 3600)}
    posts = [factories.post(author=author, page=open_theme, title=f"Bericht {i}") for i in range(3)]
    client = login(reporters[0])
    for item in posts[:2]:
        assert client.post(reverse("participation:report_post", args=[item.pk]), {"reason": "spam"}).status_code == 302
    response = client.post(reverse("participation:report_post", args=[posts[2].pk]), {"reason": "spam"})
    assert response.status_code == 403
    assert "You have reported a lot in a short time." in response.content.decode()
    assert Report.objects.count() == 2
    # Another member is not slowed down by the first one's reports.
    assert (
        login(reporters[1])
        .post(reverse("participation:report_post", args=[posts[2].pk]), {"reason": "spam"})
        .status_code
        == 302
    )


# --- The threshold ---------------------------------------------------------------------------------------


def test_the_item_hides_itself_at_exactly_the_threshold(post, reporters, moderator, django_capture_on_commit_callbacks):
    """N-1 distinct reporters leave it online; the same reporter twice counts once; the N-th hides it and tells
    the moderators; the hiding is in the audit log."""
    assert post.theme.specific.report_threshold == 3
    report(reporters[0], post=post)
    report(reporters[1], post=post)
    report(reporters[1], post=post, reason="offensive")  # same reporter again: still two
    assert status_of(post) == PostStatus.PUBLISHED
    assert Post.objects.get(pk=post.pk).open_report_count == 2
    # Still visible to everyone.
    assert Client().get(post.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        report(reporters[2], post=post)
    assert status_of(post) == PostStatus.HIDDEN
    assert Post.objects.get(pk=post.pk).open_report_count == 3
    assert Client().get(post.get_absolute_url()).status_code == 404
    assert login(reporters[3]).get(post.get_absolute_url()).status_code == 404
    assert login(moderator).get(post.get_absolute_url()).status_code == 200
    entry = ModelLogEntry.objects.get(action="werkgroepen.hidden_by_reports")
    assert entry.object_id == str(post.pk)
    assert Notification.objects.filter(
        recipient=moderator, type="participation.to_moderate", url=post.get_absolute_url()
    ).exists()


def test_the_threshold_is_the_themes(open_theme, post, reporters):
    open_theme.report_threshold = 2
    open_theme.save()
    report(reporters[0], post=post)
    assert status_of(post) == PostStatus.PUBLISHED
    report(reporters[1], post=Post.objects.get(pk=post.pk))
    assert status_of(post) == PostStatus.HIDDEN


def test_a_reaction_hides_itself_and_leaves_the_counters(open_theme, post, reporters, author):
    open_theme.report_threshold = 2
    open_theme.save()
    reaction = factories.reaction(post=post, author=author)
    assert Post.objects.get(pk=post.pk).reaction_count == 1
    for user in reporters[:2]:
        report(user, reaction=reaction)
    assert status_of(reaction) == PostStatus.HIDDEN
    assert Post.objects.get(pk=post.pk).reaction_count == 0
    assert not Reaction.objects.visible_to(reporters[3]).filter(pk=reaction.pk).exists()
    assert Reaction.objects.visible_to(author).filter(pk=reaction.pk).exists()


# --- Decisions -------------------------------------------------------------------------------------------


def hide_by_reports(post, reporters):
    for user in reporters[:3]:
        report(user, post=Post.objects.get(pk=post.pk))
    assert status_of(post) == PostStatus.HIDDEN


def test_keep_puts_it_back_and_tells_the_reporters(post, reporters, moderator, django_capture_on_commit_callbacks):
    hide_by_reports(post, reporters)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(moderator).post(reverse("participation:post_keep", args=[post.pk]), {"reason": ""})
    assert response.status_code == 302
    assert status_of(post) == PostStatus.PUBLISHED
    assert Post.objects.get(pk=post.pk).open_report_count == 0
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.KEPT}
    told = Notification.objects.filter(type="participation.report_outcome")
    assert sorted(n.recipient.email for n in told) == [f"melder{i}@example.org" for i in range(3)]
    assert "left it online" in told.first().title
    entry = ModelLogEntry.objects.get(action="werkgroepen.reports_kept")
    assert entry.user == moderator and entry.data["actor"] == moderator.pk
    assert Client().get(post.get_absolute_url()).status_code == 200


def test_remove_needs_a_reason_then_refuses_the_post(post, reporters, moderator, author):
    hide_by_reports(post, reporters)
    client = login(moderator)
    response = client.post(reverse("participation:post_remove", args=[post.pk]), {"reason": " "}, follow=True)
    assert "Say why you remove this: the author will read it." in response.content.decode()
    assert status_of(post) == PostStatus.HIDDEN
    client.post(reverse("participation:post_remove", args=[post.pk]), {"reason": "Persoonsgegevens van een ander"})
    assert status_of(post) == PostStatus.REJECTED
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.REMOVED}
    outcome = Notification.objects.filter(type="participation.report_outcome", recipient=reporters[0]).get()
    assert "removed it" in outcome.title
    decided = Notification.objects.get(type="participation.item_decided", recipient=author)
    assert "Persoonsgegevens van een ander" in decided.text
    page = login(author).get(post.get_absolute_url()).content.decode()
    assert "Persoonsgegevens van een ander" in page
    assert (
        ModelLogEntry.objects.get(action="werkgroepen.reports_removed").data["reason"]
        == "Persoonsgegevens van een ander"
    )


def test_a_moderator_of_another_theme_cannot_decide(post, reporters, mixed_theme, make_moderator):
    """SEC-03: a moderator of theme B acting on theme A's reports: refused (404 when invisible, 403 when
    visible), nothing changes."""
    other = make_moderator(mixed_theme, "ander@example.org")
    report(reporters[0], post=post)
    client = login(other)
    response = client.post(reverse("participation:post_keep", args=[post.pk]))
    assert response.status_code == 403
    assert "Only the moderators of this working group can do this." in response.content.decode()
    for user in reporters[1:3]:
        report(user, post=Post.objects.get(pk=post.pk))
    assert status_of(post) == PostStatus.HIDDEN
    assert client.post(reverse("participation:post_keep", args=[post.pk])).status_code == 404
    assert client.post(reverse("participation:post_remove", args=[post.pk]), {"reason": "x"}).status_code == 404
    assert status_of(post) == PostStatus.HIDDEN
    assert Report.objects.filter(status=ReportStatus.OPEN).count() == 3
    assert not ModelLogEntry.objects.filter(
        action__in=["werkgroepen.reports_kept", "werkgroepen.reports_removed"]
    ).exists()


def test_moderators_see_the_open_reports_but_members_never_see_who_reported(post, reporters, moderator):
    report(reporters[0], post=post, reason="other", text="Dit is reclame")
    page = login(moderator).get(post.get_absolute_url()).content.decode()
    assert "1 open report" in page and "Dit is reclame" in page
    page = login(reporters[1]).get(post.get_absolute_url()).content.decode()
    assert "Dit is reclame" not in page and "open report" not in page
    assert list(Report.objects.visible_to(reporters[1])) == []
    assert list(Report.objects.visible_to(reporters[0])) == list(Report.objects.all())


# --- Concurrency -----------------------------------------------------------------------------------------


@pytest.fixture
def committed_db(transactional_db):
    ensure_wagtail_tree()


def run_together(count, work):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs"
    return results, errors


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_reports_at_once_leave_one(committed_db, open_theme, make_member):
    """SEC-12, REL-02: 20 identical report requests of one member at the same moment: no 5xx, one row, counter 1."""
    author = make_member(open_theme, "auteur@example.org")
    post = factories.post(author=author, page=open_theme)
    reporter = make_member(open_theme, "melder@example.org")
    clients = [login(reporter) for _ in range(20)]
    url = reverse("participation:report_post", args=[post.pk])

    def work(i):
        return clients[i].post(url, {"reason": "spam"}).status_code

    results, errors = run_together(20, work)
    assert errors == []
    assert Counter(results) == {302: 20}
    assert Report.objects.filter(post=post).count() == 1
    assert Post.objects.get(pk=post.pk).open_report_count == 1


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_distinct_reporters_at_once_hide_once(committed_db, open_theme, make_member):
    """REL-02: five members report at the same moment: five rows, the counter says five, hidden once."""
    author = make_member(open_theme, "auteur@example.org")
    post = factories.post(author=author, page=open_theme)
    members = [make_member(open_theme, f"m{i}@example.org") for i in range(5)]

    def work(i):
        return moderation_services.report_create(reporter=members[i], post=Post.objects.get(pk=post.pk), reason="spam")[
            1
        ]

    results, errors = run_together(5, work)
    # Reports after the third find the post hidden and are refused with a message, not an error page.
    assert all(isinstance(error, NotAllowed) for error in errors)
    assert results.count(True) == 3
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN and post.open_report_count == 3 == Report.objects.count()
    assert ModelLogEntry.objects.filter(action="werkgroepen.hidden_by_reports").count() == 1
