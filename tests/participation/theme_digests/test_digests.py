"""Digests (issue 4 §7): the automatic daily and weekly digests of notifications, and the digest of interesting
posts a moderator composes for their theme (seed 000: "een beheerder zal periodiek een overzicht sturen van de
interessante berichten").

Mail really leaves over SMTP to a local aiosmtpd sink (``deliver_pending``); every command runs twice and the
second run sends nothing (REL-03, REL-04); preferences are honoured; every recipient only receives what they may
see (SEC-05, SEC-22). Mail bodies are rendered in the site language (Dutch first), so these tests look for post
titles, addresses and links rather than for template sentences.
"""

import re
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.models import Frequency, Notification, NotificationPreference, OutboundMessage
from core.notifications.services import notify, set_frequency
from core.outbox.services import deliver_pending
from participation import factories
from participation.models import MembershipStatus

pytestmark = pytest.mark.django_db


def send_digests(period, **kwargs):
    out = StringIO()
    call_command("send_digests", "--period", period, stdout=out, **kwargs)
    return out.getvalue()


def bodies(sink):
    return {str(message["To"]): sink.body(message) for message in sink.messages}


@pytest.fixture
def lotte(open_theme, make_member):
    return make_member(open_theme, "lotte@example.org")


@pytest.fixture
def author(open_theme, closed_theme, make_member):
    user = make_member(open_theme, "auteur@example.org")
    factories.membership(user=user, theme=closed_theme)
    return user


def tell(users, post, key, code="core.invitation"):
    notify(code=code, users=users, key=key, title=f"Nieuw: {post.title}", url=post.get_absolute_url(), obj=post)


# --- Automatic daily and weekly digests ---------------------------------------------------------------------------


def test_daily_digest_collects_notifications_in_one_mail_and_a_second_run_sends_nothing(
    open_theme, lotte, author, smtp_sink
):
    """REL-03/REL-04: one mail per person and period; the notifications are marked mailed with the outbox row,
    so running the command again (cron twice, a retry) sends nothing more."""
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    first = factories.post(author=author, page=open_theme, title="Fietspad langs de Leie")
    second = factories.post(author=author, page=open_theme, title="Zebrapad aan de school")
    tell([lotte], first, "t:1")
    tell([lotte], second, "t:2")
    assert deliver_pending() == 0, "a daily choice sends nothing at once"

    assert "1 daily" in send_digests("daily")
    assert deliver_pending() == 1
    message = smtp_sink.wait_for(1)[0]
    assert message["To"] == "lotte@example.org"
    body = smtp_sink.body(message)
    assert "Nieuw: Fietspad langs de Leie" in body and "Nieuw: Zebrapad aan de school" in body
    assert f"/deelname/berichten/{first.pk}/" in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/account/meldingen/overzicht-afmelden/" in message["List-Unsubscribe"]
    assert not Notification.objects.filter(recipient=lotte, emailed_at__isnull=True).exists()

    assert "0 daily" in send_digests("daily")
    assert deliver_pending() == 0
    assert len(smtp_sink.messages) == 1
    assert OutboundMessage.objects.filter(recipient=lotte).count() == 1


def test_daily_and_weekly_digests_keep_to_their_own_notifications(open_theme, lotte, author, make_member, smtp_sink):
    jonas = make_member(open_theme, "jonas@example.org")
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    set_frequency(user=jonas, code="core.invitation", frequency=Frequency.WEEKLY)
    post = factories.post(author=author, page=open_theme, title="Bankjes op het plein")
    tell([lotte, jonas], post, "t:bank")

    send_digests("daily")
    deliver_pending()
    assert [str(m["To"]) for m in smtp_sink.wait_for(1)] == ["lotte@example.org"]
    assert Notification.objects.get(recipient=jonas).emailed_at is None, "the weekly one waits for its week"

    send_digests("weekly")
    send_digests("weekly")
    deliver_pending()
    assert sorted(str(m["To"]) for m in smtp_sink.wait_for(2)) == ["jonas@example.org", "lotte@example.org"]
    assert len(smtp_sink.messages) == 2


def test_a_notification_arriving_after_the_days_digest_waits_for_the_next_day(open_theme, lotte, author, smtp_sink):
    """The key per person and period stops a second mail the same day, and never drops what came in late."""
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    now = timezone.now()
    tell([lotte], factories.post(author=author, page=open_theme, title="Eerste"), "t:a")
    call_command("send_digests", "--period", "daily", stdout=StringIO())
    late = factories.post(author=author, page=open_theme, title="Laat binnengekomen")
    tell([lotte], late, "t:b")

    from core.notifications.services import send_digests as run

    assert run(period=Frequency.DAILY, now=now) == 0
    assert Notification.objects.get(key="t:b").emailed_at is None
    assert run(period=Frequency.DAILY, now=now + timedelta(days=1)) == 1
    deliver_pending()
    messages = smtp_sink.wait_for(2)
    assert "Laat binnengekomen" in smtp_sink.body(messages[1]) and "Eerste" not in smtp_sink.body(messages[1])


def test_the_digest_leaves_out_what_the_person_may_no_longer_see(closed_theme, make_member, author, smtp_sink):
    """SEC-22: no mail about a closed theme's members-only post reaches someone who left the theme."""
    kobe = make_member(closed_theme, "kobe@example.org")
    set_frequency(user=kobe, code="core.invitation", frequency=Frequency.DAILY)
    secret = factories.post(author=author, page=closed_theme, title="Verslag van de besloten vergadering")
    open_post = factories.post(author=author, page=closed_theme, title="Nog een bericht")
    tell([kobe], secret, "t:secret")
    tell([kobe], open_post, "t:other")
    factories.membership(user=kobe, theme=closed_theme, status=MembershipStatus.LEFT)

    send_digests("daily")
    deliver_pending()
    assert smtp_sink.messages == [], "nothing he may still see, so no mail at all"
    assert not Notification.objects.filter(recipient=kobe, emailed_at__isnull=True).exists()


def test_only_the_visible_notifications_are_mailed(open_theme, closed_theme, make_member, author, smtp_sink):
    elif_ = make_member(open_theme, "elif@example.org")
    factories.membership(user=elif_, theme=closed_theme)
    set_frequency(user=elif_, code="core.invitation", frequency=Frequency.WEEKLY)
    tell([elif_], factories.post(author=author, page=closed_theme, title="Besloten agenda"), "t:closed")
    tell([elif_], factories.post(author=author, page=open_theme, title="Open oproep"), "t:open")
    factories.membership(user=elif_, theme=closed_theme, status=MembershipStatus.LEFT)

    send_digests("weekly")
    deliver_pending()
    body = smtp_sink.body(smtp_sink.wait_for(1)[0])
    assert "Open oproep" in body
    assert "Besloten agenda" not in body


def test_a_type_switched_off_after_the_fact_is_not_mailed(open_theme, lotte, author, smtp_sink):
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    tell([lotte], factories.post(author=author, page=open_theme, title="Iets"), "t:off")
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.OFF)

    send_digests("daily")
    deliver_pending()
    assert smtp_sink.messages == []
    assert Notification.objects.get(key="t:off").emailed_at is not None, "it does not wait for ever either"


def test_the_digests_one_click_unsubscribe_switches_off_its_kinds(open_theme, lotte, author, smtp_sink):
    """RFC 8058: the mail client POSTs to the List-Unsubscribe address without a session or CSRF token."""
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    tell([lotte], factories.post(author=author, page=open_theme, title="Iets"), "t:unsub")
    send_digests("daily")
    deliver_pending()
    url = smtp_sink.wait_for(1)[0]["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]

    client = Client(enforce_csrf_checks=True)
    assert client.get(f"/{path}").status_code == 200
    assert NotificationPreference.objects.get(user=lotte, type="core.invitation").frequency == Frequency.DAILY
    assert client.post(f"/{path}", {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert NotificationPreference.objects.get(user=lotte, type="core.invitation").frequency == Frequency.OFF
    assert client.post(f"/{path[:-5]}xxxxx/").status_code == 404, "a forged token changes nothing"


def test_an_unknown_period_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        send_digests("hourly")


# --- The moderator's digest of interesting posts -----------------------------------------------------------------


@pytest.fixture
def wijk(mixed_theme, make_member, make_moderator, user_factory):
    """A mixed theme: a moderator, three members, a waiting request, an outsider and a post of each kind."""
    from participation.models import Section

    theme = mixed_theme
    theme.moderator = make_moderator(theme, "beheerder@example.org")
    theme.author = make_member(theme, "auteur@example.org")
    theme.lotte = make_member(theme, "lotte@example.org")
    theme.fatima = make_member(theme, "fatima@example.org")
    theme.waiting = make_member(theme, "wacht@example.org", status=MembershipStatus.PENDING)
    theme.outsider = user_factory("buiten@example.org")
    theme.public = factories.post(author=theme.author, page=theme, title="Buurtfeest in juni", section=Section.PUBLIC)
    theme.members_only = factories.post(
        author=theme.author, page=theme, title="Verslag ledenvergadering", section=Section.MEMBERS
    )
    theme.shielded = factories.post(
        author=theme.author,
        page=theme,
        title="Afgeschermd voor Fatima",
        section=Section.MEMBERS,
        audience=[theme.fatima],
    )
    theme.waiting_post = factories.post(
        author=theme.author, page=theme, title="Nog niet goedgekeurd", status="pending", section=Section.PUBLIC
    )
    return theme


def compose_url(theme):
    from django.urls import reverse

    return reverse("participation:digest_compose", args=[theme.pk])


def english_client(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def form_data(theme, posts, **extra):
    return {
        "subject": "Interessant deze maand",
        "introduction": "Lees zeker even mee.",
        "posts": [p.pk for p in posts],
        **extra,
    }


def test_a_moderator_previews_and_sends_a_digest_and_every_member_gets_only_what_they_may_see(wijk, smtp_sink):
    """Seed 000; SEC-05: Lotte (member) gets the public and members' posts, Fatima also the post shielded for her,
    the author gets their own shielded post; the outsider, the waiting member and the sender get nothing."""
    from participation.theme_digests.models import Digest

    client = english_client(wijk.moderator)
    page = client.get(compose_url(wijk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Buurtfeest in juni" in html and "Afgeschermd voor Fatima" in html
    assert "Nog niet goedgekeurd" not in html, "only published posts can be picked"

    chosen = [wijk.public, wijk.members_only, wijk.shielded]
    preview = client.post(compose_url(wijk), {**form_data(wijk, chosen), "preview": "1"})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "3 members will be told." in text
    assert "1 of them may not see every post and receives fewer." in text
    assert "Lees zeker even mee." in text and 'name="send"' in text
    assert not Digest.objects.exists() and deliver_pending() == 0, "a preview sends nothing"

    sent = client.post(compose_url(wijk), {**form_data(wijk, chosen), "send": "1"})
    digest = Digest.objects.get()
    assert sent.status_code == 302 and sent["Location"] == digest.get_absolute_url()
    assert digest.sender == wijk.moderator and digest.recipient_count == 3
    assert set(digest.posts.all()) == set(chosen)

    assert deliver_pending() == 3
    mails = bodies(smtp_sink)
    assert set(mails) == {"lotte@example.org", "fatima@example.org", "auteur@example.org"}
    for body in mails.values():
        assert "Buurtfeest in juni" in body and "Verslag ledenvergadering" in body
        assert "Lees zeker even mee." in body
    assert "Afgeschermd voor Fatima" not in mails["lotte@example.org"]
    assert "Afgeschermd voor Fatima" in mails["fatima@example.org"]
    assert "Afgeschermd voor Fatima" in mails["auteur@example.org"]
    message = smtp_sink.to("lotte@example.org")[0]
    assert message["Subject"] == "[Werkgroepen] Interessant deze maand"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/account/meldingen/afmelden/" in message["List-Unsubscribe"]

    # The record stays visible to the sender: the detail page and the tab on the theme page.
    detail = client.get(digest.get_absolute_url()).content.decode()
    assert "Interessant deze maand" in detail and "3 members were told" in detail
    tab = client.get(f"{wijk.url}?tab=overzichten").content.decode()
    assert "Compose a digest" in tab and digest.get_absolute_url() in tab


def test_the_rule_of_the_digest_never_gives_a_member_more_than_visible_to(wijk, open_subtheme, make_member):
    """SEC-05: for every recipient the posts of the digest are a subset of ``Post.objects.visible_to`` (and equal
    for members without roles)."""
    from participation.models import Post
    from participation.theme_digests.selectors import plan

    posts = list(Post.objects.filter(theme=wijk, status="published"))
    recipients = plan(theme=wijk, posts=posts, exclude=wijk.moderator)
    assert {member.email for member, _seen in recipients} == {
        "lotte@example.org",
        "fatima@example.org",
        "auteur@example.org",
    }
    for member, seen in recipients:
        visible = set(Post.objects.visible_to(member).filter(pk__in=[p.pk for p in posts]))
        assert set(seen) == visible, member.email


def test_preferences_of_the_members_are_honoured(wijk, smtp_sink):
    """Off: nothing at all; daily: no mail now, the posts come in the daily digest (re-checked then)."""
    from participation.theme_digests.services import THEME_DIGEST, digest_send

    set_frequency(user=wijk.lotte, code=THEME_DIGEST, frequency=Frequency.OFF)
    set_frequency(user=wijk.fatima, code=THEME_DIGEST, frequency=Frequency.DAILY)
    digest = digest_send(sender=wijk.moderator, theme=wijk, subject="Overzicht", posts=[wijk.public, wijk.shielded])
    assert digest.recipient_count == 2
    deliver_pending()
    assert set(bodies(smtp_sink)) == {"auteur@example.org"}
    assert not Notification.objects.filter(recipient=wijk.lotte).exists()

    send_digests("daily")
    send_digests("daily")
    deliver_pending()
    mails = bodies(smtp_sink)
    assert set(mails) == {"auteur@example.org", "fatima@example.org"}
    assert "Buurtfeest in juni" in mails["fatima@example.org"]
    assert "Afgeschermd voor Fatima" in mails["fatima@example.org"]


def test_a_member_who_leaves_before_the_daily_digest_gets_nothing_of_a_members_only_post(wijk, smtp_sink):
    """No mail about members-only posts reaches someone who is no longer a member (SEC-22)."""
    from participation.theme_digests.services import THEME_DIGEST, digest_send

    set_frequency(user=wijk.lotte, code=THEME_DIGEST, frequency=Frequency.WEEKLY)
    digest_send(sender=wijk.moderator, theme=wijk, subject="Overzicht", posts=[wijk.public, wijk.members_only])
    factories.membership(user=wijk.lotte, theme=wijk, status=MembershipStatus.LEFT)
    send_digests("weekly")
    deliver_pending()
    body = bodies(smtp_sink)["lotte@example.org"]
    assert "Buurtfeest in juni" in body, "the public post she may still read"
    assert "Verslag ledenvergadering" not in body


@pytest.mark.parametrize("who", ["member", "other_moderator", "outsider"])
def test_only_the_themes_moderators_compose_or_read_digests(wijk, open_theme, make_moderator, who):
    """SEC-04: a member, a moderator of another theme or an outsider gets 403 on the compose screen (GET and
    POST), nothing is sent, and a sent digest answers 404 like a missing one."""
    from django.urls import reverse

    from participation.theme_digests.models import Digest
    from participation.theme_digests.services import digest_send

    digest = digest_send(sender=wijk.moderator, theme=wijk, subject="Eerder", posts=[wijk.public])
    user = {
        "member": wijk.lotte,
        "other_moderator": make_moderator(open_theme, "ander@example.org"),
        "outsider": wijk.outsider,
    }[who]
    client = english_client(user)
    assert client.get(compose_url(wijk)).status_code == 403
    response = client.post(compose_url(wijk), {**form_data(wijk, [wijk.public]), "send": "1"})
    assert response.status_code == 403
    assert "Only the moderators of this working group can send it a digest." in response.content.decode()
    assert Digest.objects.count() == 1
    assert client.get(reverse("participation:digest_list", args=[wijk.pk])).status_code == 403
    assert client.get(digest.get_absolute_url()).status_code == 404
    assert client.get(reverse("participation:digest_detail", args=[digest.pk + 100])).status_code == 404
    assert "Compose a digest" not in client.get(f"{wijk.url}?tab=overzichten").content.decode()


def test_visitors_are_sent_to_log_in_and_a_theme_they_cannot_see_is_missing(wijk, organisation):
    from themes.factories import theme_page

    anonymous = english_client()
    response = anonymous.get(compose_url(wijk))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    hidden = theme_page(title="Begroting", organisation=organisation, group_type="closed", hidden=True)
    assert english_client(wijk.moderator).get(compose_url(hidden)).status_code == 404


def test_the_service_refuses_a_moderator_of_another_theme(wijk, open_theme, make_moderator):
    from participation.access import NotAllowed
    from participation.theme_digests.services import digest_send

    other = make_moderator(open_theme, "ander@example.org")
    with pytest.raises(NotAllowed):
        digest_send(sender=other, theme=wijk, subject="Niet van mij", posts=[wijk.public])


def test_bad_input_keeps_what_was_typed_and_sends_nothing(wijk, open_theme):
    """No posts, no subject, a post of another theme (a forged id) or a waiting post: 400, nothing sent."""
    from participation.theme_digests.models import Digest

    client = english_client(wijk.moderator)
    foreign = factories.post(author=wijk.author, page=open_theme, title="Van elders")
    response = client.post(compose_url(wijk), {"subject": "", "introduction": "Mijn inleiding", "send": "1"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose at least one post." in text and "This field is required." in text
    assert "Mijn inleiding" in text
    for post in (foreign, wijk.waiting_post):
        response = client.post(compose_url(wijk), {**form_data(wijk, [post]), "send": "1"})
        assert response.status_code == 400
    response = client.post(compose_url(wijk), {**form_data(wijk, [wijk.public]), "introduction": "x" * 5001})
    assert response.status_code == 400
    assert not Digest.objects.exists() and not OutboundMessage.objects.exists()


def _fill(theme, make_member, members, posts):
    from participation.models import Post, Section

    author = make_member(theme, f"schrijver{members}@example.org")
    for index in range(members):
        make_member(theme, f"lid{members}-{index}@example.org")
    for index in range(posts):
        factories.post(
            author=author,
            page=theme,
            title=f"Bericht {index}",
            section=Section.MEMBERS if index % 2 else Section.PUBLIC,
            audience=[author] if index % 3 == 0 else (),
        )
    return list(Post.objects.filter(theme=theme, status="published"))


def _empty(theme):
    """No posts or members left, and every cache cold (tree cache, content types), the same for each size."""
    from participation.models import Membership, Post

    Post.objects.filter(theme=theme).delete()
    Membership.objects.filter(theme=theme).delete()
    _empty_caches()


def _empty_caches():
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    ContentType.objects.clear_cache()


def test_building_a_digest_costs_the_same_queries_for_3_or_60_members_and_posts(
    mixed_theme, make_member, make_moderator, django_assert_max_num_queries
):
    """PERF-02: who gets which post (and the preview) is a fixed number of queries, whatever the numbers of
    members and posts: no query per member or per post."""
    from participation.theme_digests.mail import preview
    from participation.theme_digests.selectors import plan

    moderator = make_moderator(mixed_theme, "beheerder@example.org")
    assert mixed_theme.url  # Wagtail keeps the site's root paths on the page object after the first use
    counts = []
    for members, posts in ((3, 3), (60, 30)):
        _empty(mixed_theme)
        chosen = _fill(mixed_theme, make_member, members, posts)
        _empty_caches()
        with django_assert_max_num_queries(12) as captured:
            recipients = plan(theme=mixed_theme, posts=chosen, exclude=moderator)
            shown = preview(theme=mixed_theme, sender=moderator, subject="Veel", introduction="", posts=chosen)
        assert len(recipients) == members + 1 and shown["recipient_count"] == members + 1
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_sending_a_digest_costs_the_same_queries_for_3_or_25_members(
    mixed_theme, make_member, make_moderator, django_assert_max_num_queries
):
    """PERF-02: sending writes the notifications and outbox rows in bulk (a batch per 1,000 rows on PostgreSQL;
    SQLite's batches are smaller, so the sizes here stay within one)."""
    from participation.theme_digests.services import digest_send

    moderator = make_moderator(mixed_theme, "beheerder@example.org")
    assert mixed_theme.url  # Wagtail keeps the site's root paths on the page object after the first use
    counts = []
    for members in (3, 25):
        _empty(mixed_theme)
        chosen = _fill(mixed_theme, make_member, members, 2)
        _empty_caches()
        with django_assert_max_num_queries(30) as captured:
            digest = digest_send(sender=moderator, theme=mixed_theme, subject="Veel", posts=chosen)
        assert digest.recipient_count == members + 1
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_same_compose_form_sent_twice_sends_one_digest(wijk, smtp_sink):
    """REL-02: a double click on "send" (the same form with its hidden token twice) records one digest and mails
    every member once; a new form (a new token) is a new digest."""
    from participation.theme_digests.models import Digest

    client = english_client(wijk.moderator)
    page = client.get(compose_url(wijk)).content.decode()
    token = re.search(r'name="token" value="([0-9a-f-]+)"', page).group(1)
    data = {**form_data(wijk, [wijk.public]), "token": token, "send": "1"}

    first = client.post(compose_url(wijk), data)
    second = client.post(compose_url(wijk), data)

    digest = Digest.objects.get()
    assert first["Location"] == second["Location"] == digest.get_absolute_url()
    assert deliver_pending() == 3
    assert len(smtp_sink.to("lotte@example.org")) == 1

    other = client.post(compose_url(wijk), {**data, "token": str(uuid.uuid4())})
    assert other.status_code == 302 and Digest.objects.count() == 2
