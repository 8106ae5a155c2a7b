"""Shielding a post ("post afschermen") is never wider than the author chose (issue 9, hole 5; SEC-02, SEC-04).

Picking members under "Wie mag het zien?" shields the post for them, whether "Post afschermen" is ticked or not;
the box ticked with nobody chosen is refused with a clear message and everything typed is kept; the form, its
preview and the post page say in plain words who will see the post; the service refuses the same when the request
is forged. A post shielded either way reaches only the chosen members on every surface: the theme listing, the
post page, site search, the Atom feed, the widget, the new-post mail, the daily digest and the moderator's digest.
"""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.models import Frequency, OutboundMessage
from core.notifications.services import set_frequency
from core.outbox.services import deliver_pending
from participation import factories
from participation.models import Attachment, Post, PostStatus, Section
from participation.posts import notifications as post_notifications
from participation.posts import services as post_services
from participation.theme_digests import services as digest_services
from tests.participation.helpers import new_post_url, pdf_file, post_form_data

pytestmark = pytest.mark.django_db

NOBODY = (
    "You chose to shield this post but picked nobody. Choose the members who may see it, "
    "or untick “Shield this post” to show it to everyone who may read this working group."
)
ONLY_FATIMA_AND_JONAS = "Only Fatima, Jonas, you and the moderators of this theme see this post."


def login(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(user_factory):
    """Lotte writes; Fatima, Jonas and Sara may be chosen; Kobe and Elif are members who are not."""

    def make(theme):
        found = {}
        for key in ("lotte", "fatima", "jonas", "sara", "kobe", "elif"):
            found[key] = user_factory(f"{key}@example.org", key.capitalize())
            factories.membership(user=found[key], theme=theme)
        return found

    return make


# --- Choosing members shields the post --------------------------------------------------------------------------


@pytest.mark.parametrize("theme_fixture", ["open_theme", "closed_theme"])
def test_picking_members_without_ticking_the_box_shields_the_post(request, people, make_moderator, theme_fixture):
    """The trap of issue 9: members picked, box left unticked, and the post went to every member."""
    theme = request.getfixturevalue(theme_fixture)
    who = people(theme)

    response = login(who["lotte"]).post(
        new_post_url(theme), post_form_data(theme, audience=[who["fatima"].pk, who["jonas"].pk]), follow=True
    )

    post = Post.objects.get()
    assert post.shielded
    assert set(post.audience.all()) == {who["fatima"], who["jonas"]}
    assert ONLY_FATIMA_AND_JONAS in response.content.decode(), "the confirmation says who sees it"
    if post.status == PostStatus.PENDING:  # an open theme: a moderator approves first
        post_services.post_approve(post=post, by=make_moderator(theme, "beheerder@example.org"))
    assert login(who["fatima"]).get(post.get_absolute_url()).status_code == 200
    assert login(who["kobe"]).get(post.get_absolute_url()).status_code == 404


def test_a_forged_call_with_members_but_no_flag_is_shielded_by_the_service(closed_theme, people):
    who = people(closed_theme)

    post = post_services.post_create(
        author=who["lotte"],
        page=closed_theme,
        title="Vertrouwelijk",
        body="Alleen voor Fatima",
        category=closed_theme.vraag,
        shielded=False,
        audience=[who["fatima"]],
    )

    assert post.shielded
    assert list(post.audience.all()) == [who["fatima"]]
    assert not Post.objects.visible_to(who["kobe"]).filter(pk=post.pk).exists()


@pytest.mark.parametrize(
    ("shielded", "audience"),
    [(True, []), (True, ["author"]), (False, ["author"])],
    ids=["box-and-nobody", "box-and-only-the-author", "only-the-author"],
)
def test_the_service_refuses_a_shielded_post_for_nobody(closed_theme, people, shielded, audience):
    """A forged request: shielding asked for (the box, or the author picking only themselves), nobody else chosen."""
    who = people(closed_theme)

    with pytest.raises(ValidationError) as refused:
        post_services.post_create(
            author=who["lotte"],
            page=closed_theme,
            title="Vertrouwelijk",
            body="Voor niemand",
            category=closed_theme.vraag,
            shielded=shielded,
            audience=[who["lotte"] for _key in audience],
        )

    assert refused.value.message_dict == {"audience": [NOBODY]}
    assert not Post.objects.exists()


def test_the_box_ticked_with_nobody_is_refused_and_everything_typed_is_kept(mixed_theme, people):
    who = people(mixed_theme)
    noord = mixed_theme.regio.options.get(name="Noord")
    data = post_form_data(
        mixed_theme,
        category=mixed_theme.idee,
        section="public",
        shielded="on",
        **{f"filter_{mixed_theme.regio.pk}": [noord.pk]},
    )
    data["file_1"] = pdf_file()

    response = login(who["lotte"]).post(new_post_url(mixed_theme), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert NOBODY in html
    assert "Please correct the errors below." in html
    assert "Trage fietsbrug" in html and "De brug aan het station is te smal." in html
    assert _checked(html, mixed_theme.idee.pk)
    assert _checked(html, noord.pk, name=f"filter_{mixed_theme.regio.pk}")
    assert _checked(html, "public", name="section")
    assert _checked(html, "on", name="shielded", kind="checkbox")
    assert "Choose your attachments again: a browser does not keep them after an error." in html
    assert not Post.objects.exists() and not Attachment.objects.exists()


def _checked(html, value, *, name="category", kind=None):
    """Whether the input `name` with `value` is rendered checked (the browser shows it as chosen)."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and (kind == "checkbox" or f'value="{value}"' in tag):
            if "checked" in tag:
                return True
    return False


# --- Editing ------------------------------------------------------------------------------------------------------


@pytest.fixture
def edit(closed_theme, people):
    who = people(closed_theme)

    def post_edit(post, **fields):
        data = post_form_data(closed_theme, **fields)
        return login(who["lotte"]).post(reverse("participation:post_edit", args=[post.pk]), data, follow=True)

    return who, post_edit


def test_picking_members_when_editing_shields_the_post(closed_theme, edit):
    who, post_edit = edit
    post = factories.post(author=who["lotte"], page=closed_theme, title="Eerst voor iedereen")

    response = post_edit(post, audience=[who["fatima"].pk, who["jonas"].pk])

    post.refresh_from_db()
    assert post.shielded and set(post.audience.all()) == {who["fatima"], who["jonas"]}
    assert ONLY_FATIMA_AND_JONAS in response.content.decode()


def test_unticking_the_box_while_members_stay_chosen_keeps_the_post_shielded(closed_theme, edit):
    who, post_edit = edit
    post = factories.post(author=who["lotte"], page=closed_theme, title="Geheim", audience=[who["fatima"]])

    post_edit(post, audience=[who["fatima"].pk])

    post.refresh_from_db()
    assert post.shielded and list(post.audience.all()) == [who["fatima"]]
    assert login(who["kobe"]).get(post.get_absolute_url()).status_code == 404


def test_an_edit_that_ticks_the_box_for_nobody_is_refused_and_changes_nothing(closed_theme, edit):
    who, post_edit = edit
    post = factories.post(author=who["lotte"], page=closed_theme, title="Geheim", audience=[who["fatima"]])

    response = post_edit(post, title="Nieuwe titel", shielded="on")

    assert response.status_code == 400
    assert NOBODY in response.content.decode()
    assert "Nieuwe titel" in response.content.decode()
    post.refresh_from_db()
    assert post.title == "Geheim" and post.shielded and list(post.audience.all()) == [who["fatima"]]


def test_choosing_nobody_and_unticking_the_box_shows_the_post_to_the_members_again(closed_theme, edit):
    """Widening is only ever the author's explicit choice: box unticked and every member unpicked."""
    who, post_edit = edit
    post = factories.post(author=who["lotte"], page=closed_theme, title="Geheim", audience=[who["fatima"]])

    response = post_edit(post)

    post.refresh_from_db()
    assert not post.shielded and not post.audience.exists()
    assert "Only the members of this working group and its moderators see this post." in response.content.decode()


# --- The form says who will see the post ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theme_fixture", "sentence"),
    [
        ("open_theme", "Everyone can read this post once a moderator has approved it."),
        ("closed_theme", "Only the members of this working group and its moderators see this post."),
        ("mixed_theme", "Only the members of this working group and its moderators see this post."),
    ],
)
def test_the_new_post_form_says_who_will_see_the_post(request, people, theme_fixture, sentence):
    theme = request.getfixturevalue(theme_fixture)
    who = people(theme)

    html = login(who["lotte"]).get(new_post_url(theme)).content.decode()

    assert "Who will see this post?" in html
    assert sentence in html


def test_the_preview_names_the_chosen_members_and_posts_nothing(open_theme, people):
    who = people(open_theme)
    data = post_form_data(open_theme, audience=[who["jonas"].pk, who["fatima"].pk], body="**Belangrijk** nieuws")

    response = login(who["lotte"]).post(new_post_url(open_theme), {**data, "preview": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert ONLY_FATIMA_AND_JONAS in html
    assert "<strong>Belangrijk</strong> nieuws" in html, "the message as it will look"
    assert "Nothing has been posted yet." in html
    assert not Post.objects.exists()


def test_the_preview_of_a_public_section_post_says_everyone_reads_it(mixed_theme, people):
    who = people(mixed_theme)

    response = login(who["lotte"]).post(
        new_post_url(mixed_theme), {**post_form_data(mixed_theme, section="public"), "preview": "1"}
    )

    assert "Everyone can read this post once a moderator has approved it." in response.content.decode()
    assert not Post.objects.exists()


def test_the_htmx_refresh_of_the_sentence_answers_even_before_the_form_is_complete(open_theme, people):
    who = people(open_theme)

    response = login(who["lotte"]).post(
        new_post_url(open_theme),
        {"preview": "audience", "audience": [who["fatima"].pk]},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "Only Fatima, you and the moderators of this theme see this post." in response.content.decode()
    assert not Post.objects.exists()


def test_the_preview_of_the_box_ticked_for_nobody_shows_the_refusal(open_theme, people):
    who = people(open_theme)

    response = login(who["lotte"]).post(
        new_post_url(open_theme), {**post_form_data(open_theme, shielded="on"), "preview": "1"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert NOBODY in html
    assert "You chose to shield this post but picked nobody yet: choose the members who may see it." in html
    assert not Post.objects.exists()


def test_the_post_page_says_who_sees_a_shielded_post(closed_theme, people):
    who = people(closed_theme)
    post = factories.post(author=who["lotte"], page=closed_theme, audience=[who["fatima"], who["jonas"]])

    assert ONLY_FATIMA_AND_JONAS in login(who["lotte"]).get(post.get_absolute_url()).content.decode()
    seen_by_fatima = login(who["fatima"]).get(post.get_absolute_url()).content.decode()
    assert "Only Fatima, Jonas, Lotte and the moderators of this theme see this post." in seen_by_fatima


# --- Every surface: only the chosen members ------------------------------------------------------------------------


def send_digests(period):
    call_command("send_digests", "--period", period, stdout=StringIO())


@pytest.mark.parametrize("box", [None, "on"], ids=["box-unticked", "box-ticked"])
def test_a_shielded_post_reaches_only_the_chosen_members_everywhere(
    open_theme, people, make_moderator, smtp_sink, django_capture_on_commit_callbacks, box
):
    """SEC-02, SEC-22: listing, post page, search, feed, widget, new-post mail, daily digest, moderator's digest."""
    who = people(open_theme)
    fatima, jonas, sara, kobe, elif_ = (who[key] for key in ("fatima", "jonas", "sara", "kobe", "elif"))
    moderator = make_moderator(open_theme, "beheerder@example.org")
    # Fatima and Kobe want new posts at once, Jonas in the daily digest (the default), Sara and Elif weekly.
    for user in (fatima, kobe):
        set_frequency(user=user, code=post_notifications.NEW_POST, frequency=Frequency.IMMEDIATELY)
    for user in (sara, elif_):
        set_frequency(user=user, code=post_notifications.NEW_POST, frequency=Frequency.WEEKLY)
    public = factories.post(author=moderator, page=open_theme, title="Open oproep aan iedereen")
    factories.membership(user=moderator, theme=open_theme)

    with django_capture_on_commit_callbacks(execute=True):
        login(who["lotte"]).post(
            new_post_url(open_theme),
            post_form_data(
                open_theme, title="Afgeschermd verslag", audience=[fatima.pk, jonas.pk, sara.pk], shielded=box
            ),
        )
        post = Post.objects.get(title="Afgeschermd verslag")
        assert post.status == PostStatus.PENDING
        login(moderator).post(reverse("participation:post_approve", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.shielded and post.section == Section.PUBLIC
    url = post.get_absolute_url()

    def seen(user, address):
        return url in login(user).get(address).content.decode()

    for user, expected in [(fatima, True), (jonas, True), (sara, True), (kobe, False), (elif_, False), (None, False)]:
        assert seen(user, f"{open_theme.url}?tab=berichten") is expected, ("listing", user)
        assert seen(user, "/zoeken/?q=verslag") is expected, ("search", user)
        status = login(user).get(url).status_code
        assert status == (200 if expected else 404), ("post page", user)
        assert not seen(user, f"/deelname/werkgroep/{open_theme.pk}/feed/"), ("feed", user)
        assert not seen(user, f"/deelname/werkgroep/{open_theme.pk}/widget/"), ("widget", user)
    assert seen(None, f"/deelname/werkgroep/{open_theme.pk}/widget/") is False
    assert public.get_absolute_url() in login().get(f"/deelname/werkgroep/{open_theme.pk}/feed/").content.decode()

    # New-post mail, sent at once to who chose so: Fatima, not Kobe (nor anyone else who was not chosen).
    deliver_pending()
    new_post_mail = OutboundMessage.objects.filter(type=post_notifications.NEW_POST)
    assert set(new_post_mail.values_list("email", flat=True)) == {"fatima@example.org"}
    titled = {
        str(m["To"]) for m in smtp_sink.messages if "Afgeschermd verslag" in str(m["Subject"]) + smtp_sink.body(m)
    }
    assert titled == {"fatima@example.org", "lotte@example.org", "beheerder@example.org"}, "the author and moderator"

    # The daily digest: Jonas only; the weekly one: Sara, not Elif.
    smtp_sink.clear()
    send_digests("daily")
    deliver_pending()
    daily = {str(m["To"]): smtp_sink.body(m) for m in smtp_sink.messages}
    assert [address for address, body in daily.items() if "Afgeschermd verslag" in body] == ["jonas@example.org"]
    smtp_sink.clear()
    send_digests("weekly")
    deliver_pending()
    weekly = {str(m["To"]): smtp_sink.body(m) for m in smtp_sink.messages}
    assert [address for address, body in weekly.items() if "Afgeschermd verslag" in body] == ["sara@example.org"]

    # The moderator's digest with the shielded post and a public one: only the chosen get the shielded one.
    smtp_sink.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digest_services.digest_send(sender=moderator, theme=open_theme, subject="Deze week", posts=[post, public])
    deliver_pending()
    mails = {str(m["To"]): smtp_sink.body(m) for m in smtp_sink.messages if "Deze week" in str(m["Subject"])}
    for address in ("fatima@example.org", "jonas@example.org", "sara@example.org"):
        assert "Afgeschermd verslag" in mails[address]
    for address in ("kobe@example.org", "elif@example.org"):
        assert "Open oproep aan iedereen" in mails[address]
        assert "Afgeschermd verslag" not in mails[address]
