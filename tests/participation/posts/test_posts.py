"""Writing, editing, withdrawing and moderating posts (seed 000; BRIEF.md, the working-group table).

Public-section posts (open themes, the public part of mixed ones) wait for a moderator; members' section posts
appear at once. Bad input is refused next to the field with what was typed kept (status 400, nothing saved);
forged requests meet the same rules as the form (SEC-03, SEC-04), member text is sanitised (SEC-08) and a
post someone may not see answers 404 like a missing one (SEC-01).
"""

import html
import re

import pytest
from django.urls import reverse

from participation import factories
from participation.models import Attachment, Post, PostStatus, Reaction, Section, Star
from participation.posts import services as post_services
from tests.participation.helpers import exe_as_pdf, new_post_url, pdf_file, png_file, post_form_data
from themes.models import MemberOrganisation, ThemeMemberOrganisation

pytestmark = pytest.mark.django_db


def detail_url(post):
    return reverse("participation:post_detail", args=[post.pk])


def field_errors(response, field):
    """The messages shown next to `field` (the error block tied to it with aria-describedby)."""
    match = re.search(rf'<div class="errorlist" id="id_{field}_error">(.*?)</div>', response.content.decode(), re.S)
    return [html.unescape(text) for text in re.findall(r"<p>(.*?)</p>", match.group(1))] if match else []


@pytest.fixture
def open_member(open_theme, make_member):
    return make_member(open_theme, "fietser@example.org")


@pytest.fixture
def closed_member(closed_theme, make_member):
    return make_member(closed_theme, "jongere@example.org")


@pytest.fixture
def mixed_member(mixed_theme, make_member):
    return make_member(mixed_theme, "buur@example.org")


# --- Status after posting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theme_fixture", "author_fixture", "section", "expected_section", "expected_status", "message"),
    [
        ("open_theme", "open_member", None, Section.PUBLIC, PostStatus.PENDING, "is waiting for approval"),
        ("closed_theme", "closed_member", None, Section.MEMBERS, PostStatus.PUBLISHED, "has been published"),
        ("mixed_theme", "mixed_member", "public", Section.PUBLIC, PostStatus.PENDING, "is waiting for approval"),
        ("mixed_theme", "mixed_member", "members", Section.MEMBERS, PostStatus.PUBLISHED, "has been published"),
    ],
)
def test_the_status_of_a_new_post_follows_the_type_and_section(
    client, request, theme_fixture, author_fixture, section, expected_section, expected_status, message
):
    theme = request.getfixturevalue(theme_fixture)
    client.force_login(request.getfixturevalue(author_fixture))

    response = client.post(new_post_url(theme), post_form_data(theme, section=section), follow=True)

    post = Post.objects.get()
    assert (post.section, post.status) == (expected_section, expected_status)
    assert message in response.content.decode()
    assert (post.published_at is not None) == (expected_status == PostStatus.PUBLISHED)


def test_a_forged_section_in_an_open_theme_still_waits_for_a_moderator(client, open_theme, open_member):
    client.force_login(open_member)

    client.post(new_post_url(open_theme), post_form_data(open_theme, section="members"))

    post = Post.objects.get()
    assert (post.section, post.status) == (Section.PUBLIC, PostStatus.PENDING)


def test_a_mixed_theme_requires_a_section(client, mixed_theme, mixed_member):
    client.force_login(mixed_member)

    response = client.post(new_post_url(mixed_theme), post_form_data(mixed_theme, section="iedereen"))

    assert response.status_code == 400
    assert field_errors(response, "section")
    assert not Post.objects.exists()


def test_the_author_sees_waiting_for_approval_and_others_do_not_see_the_post(
    client, open_theme, open_member, make_member
):
    client.force_login(open_member)
    client.post(new_post_url(open_theme), post_form_data(open_theme, title="Trage fietsbrug"))
    post = Post.objects.get()

    content = client.get(detail_url(post)).content.decode()
    assert "Waiting for approval" in content
    assert "Your post is waiting for approval by a moderator." in content
    assert "Waiting for approval" in client.get(reverse("participation:my_posts")).content.decode()

    client.force_login(make_member(open_theme, "ander@example.org"))
    assert client.get(detail_url(post)).status_code == 404
    client.logout()
    assert client.get(detail_url(post)).status_code == 404
    assert "Trage fietsbrug" not in client.get(f"{open_theme.url}?tab=berichten").content.decode()


def test_a_members_section_post_of_a_mixed_theme_is_for_members_only(
    client, mixed_theme, mixed_member, make_member, user_factory
):
    client.force_login(mixed_member)
    client.post(new_post_url(mixed_theme), post_form_data(mixed_theme, title="Onder ons", section="members"))
    post = Post.objects.get()

    client.force_login(make_member(mixed_theme, "medelid@example.org"))
    assert "Onder ons" in client.get(detail_url(post)).content.decode()
    for outsider in (
        user_factory("buiten@example.org"),
        make_member(mixed_theme, "wacht@example.org", status="pending"),
    ):
        client.force_login(outsider)
        assert client.get(detail_url(post)).status_code == 404
        assert "Onder ons" not in client.get(f"{mixed_theme.url}?tab=berichten").content.decode()
    client.logout()
    assert client.get(detail_url(post)).status_code == 404


# --- Editing -------------------------------------------------------------------------------------------------


def edit_url(post):
    return reverse("participation:post_edit", args=[post.pk])


def test_editing_an_approved_public_post_sends_it_back_to_the_moderators(client, open_theme, open_member):
    post = factories.post(author=open_member, page=open_theme, title="Oude titel", category=open_theme.vraag)
    client.force_login(open_member)

    response = client.post(edit_url(post), post_form_data(open_theme, title="Nieuwe titel"), follow=True)

    post.refresh_from_db()
    assert (post.title, post.status) == ("Nieuwe titel", PostStatus.PENDING)
    assert "Your changes are saved and wait for approval by a moderator." in response.content.decode()
    client.logout()
    assert client.get(detail_url(post)).status_code == 404


def test_editing_a_members_section_post_keeps_it_published(client, mixed_theme, mixed_member):
    post = factories.post(
        author=mixed_member, page=mixed_theme, section=Section.MEMBERS, title="Oud", category=mixed_theme.vraag
    )
    client.force_login(mixed_member)

    response = client.post(edit_url(post), post_form_data(mixed_theme, title="Nieuw", section="members"), follow=True)

    post.refresh_from_db()
    assert (post.title, post.status) == ("Nieuw", PostStatus.PUBLISHED)
    assert "Your changes are saved." in response.content.decode()


def test_moving_a_members_post_to_the_public_section_needs_approval(client, mixed_theme, mixed_member):
    post = factories.post(author=mixed_member, page=mixed_theme, section=Section.MEMBERS, category=mixed_theme.vraag)
    client.force_login(mixed_member)

    client.post(edit_url(post), post_form_data(mixed_theme, section="public"))

    post.refresh_from_db()
    assert (post.section, post.status) == (Section.PUBLIC, PostStatus.PENDING)


def test_a_bad_edit_is_refused_and_changes_nothing(client, closed_theme, closed_member):
    post = factories.post(author=closed_member, page=closed_theme, title="Oud", category=closed_theme.vraag)
    client.force_login(closed_member)

    response = client.post(edit_url(post), post_form_data(closed_theme, title="", body="Nieuwe tekst die blijft staan"))

    assert response.status_code == 400
    assert field_errors(response, "title") == ["Give your post a title."]
    assert "Nieuwe tekst die blijft staan" in response.content.decode()
    post.refresh_from_db()
    assert (post.title, post.status) == ("Oud", PostStatus.PUBLISHED)


def test_only_the_author_can_edit(client, closed_theme, closed_member, make_member, make_moderator):
    post = factories.post(author=closed_member, page=closed_theme, title="Van mij", category=closed_theme.vraag)

    for other in (make_member(closed_theme, "ander@example.org"), make_moderator(closed_theme, "mod@example.org")):
        client.force_login(other)
        assert client.get(edit_url(post)).status_code == 404
        assert client.post(edit_url(post), post_form_data(closed_theme, title="Overgenomen")).status_code == 404

    post.refresh_from_db()
    assert post.title == "Van mij"


def test_the_edit_form_shows_what_the_author_typed(client, closed_theme, closed_member):
    client.force_login(closed_member)
    client.post(new_post_url(closed_theme), post_form_data(closed_theme, body="Dit is **belangrijk**."))
    post = Post.objects.get()

    content = client.get(edit_url(post)).content.decode()

    assert "<strong>belangrijk</strong>" in post.body
    assert "Dit is **belangrijk**." in content


# --- Withdrawing ---------------------------------------------------------------------------------------------


def test_a_withdrawn_post_is_seen_only_by_its_author(client, open_theme, open_member, make_member, make_moderator):
    post = factories.post(author=open_member, page=open_theme, title="Spijt", category=open_theme.vraag)
    client.force_login(open_member)

    response = client.post(reverse("participation:post_withdraw", args=[post.pk]), follow=True)

    post.refresh_from_db()
    assert post.status == PostStatus.WITHDRAWN
    assert "Your post has been withdrawn. Only you still see it." in response.content.decode()
    assert "You withdrew this post. Only you see it." in client.get(detail_url(post)).content.decode()
    for other in (make_member(open_theme, "ander@example.org"), make_moderator(open_theme, "mod@example.org")):
        client.force_login(other)
        assert client.get(detail_url(post)).status_code == 404
    client.logout()
    assert client.get(detail_url(post)).status_code == 404
    assert "Spijt" not in client.get(f"{open_theme.url}?tab=berichten").content.decode()


def test_nobody_but_the_author_can_withdraw(client, open_theme, open_member, make_member, make_moderator):
    post = factories.post(author=open_member, page=open_theme, category=open_theme.vraag)
    url = reverse("participation:post_withdraw", args=[post.pk])

    client.force_login(make_member(open_theme, "ander@example.org"))
    refused = client.post(url)
    assert refused.status_code == 403
    assert "Only the author can withdraw this post." in refused.content.decode()
    client.force_login(make_moderator(open_theme, "mod@example.org"))
    assert client.post(url).status_code == 403

    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


# --- Moderating --------------------------------------------------------------------------------------------


@pytest.fixture
def waiting_post(open_theme, open_member):
    return factories.post(
        author=open_member,
        page=open_theme,
        title="Wacht op goedkeuring",
        status=PostStatus.PENDING,
        category=open_theme.vraag,
    )


@pytest.fixture
def open_moderator(open_theme, make_moderator):
    return make_moderator(open_theme, "mod@example.org")


def test_a_moderator_approves_a_waiting_post_and_everyone_sees_it(client, open_theme, waiting_post, open_moderator):
    client.force_login(open_moderator)
    assert "Approve and publish" in client.get(detail_url(waiting_post)).content.decode()

    response = client.post(reverse("participation:post_approve", args=[waiting_post.pk]), follow=True)

    waiting_post.refresh_from_db()
    assert waiting_post.status == PostStatus.PUBLISHED
    assert waiting_post.published_at is not None
    assert "The post has been published." in response.content.decode()
    client.logout()
    assert client.get(detail_url(waiting_post)).status_code == 200
    assert "Wacht op goedkeuring" in client.get(f"{open_theme.url}?tab=berichten").content.decode()


def test_a_moderator_rejects_with_a_reason_and_the_author_reads_it(client, waiting_post, open_moderator, open_member):
    client.force_login(open_moderator)

    client.post(reverse("participation:post_reject", args=[waiting_post.pk]), {"reason": "Dubbel bericht."})

    waiting_post.refresh_from_db()
    assert (waiting_post.status, waiting_post.decision_reason) == (PostStatus.REJECTED, "Dubbel bericht.")
    client.force_login(open_member)
    content = client.get(detail_url(waiting_post)).content.decode()
    assert "A moderator refused this post. Only you see it." in content
    assert "Dubbel bericht." in content
    client.logout()
    assert client.get(detail_url(waiting_post)).status_code == 404


def test_after_refusing_a_post_the_moderator_lands_on_the_working_group_not_on_a_404(
    client, open_theme, open_subtheme, open_member, open_moderator
):
    post = factories.post(author=open_member, page=open_subtheme, status=PostStatus.PENDING, title="Dubbel")
    client.force_login(open_moderator)

    response = client.post(reverse("participation:post_reject", args=[post.pk]), {"reason": "Dubbel."}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == open_subtheme.url
    assert "The post was refused. The author sees your reason." in response.content.decode()


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_a_post_without_a_reason_is_refused(client, waiting_post, open_moderator, reason):
    client.force_login(open_moderator)

    response = client.post(
        reverse("participation:post_reject", args=[waiting_post.pk]), {"reason": reason}, follow=True
    )

    waiting_post.refresh_from_db()
    assert waiting_post.status == PostStatus.PENDING
    assert "Say why you refuse this post: the author will read it." in response.content.decode()


def test_a_too_long_reason_is_refused_with_its_own_message(client, waiting_post, open_moderator):
    client.force_login(open_moderator)

    response = client.post(
        reverse("participation:post_reject", args=[waiting_post.pk]), {"reason": "x" * 2001}, follow=True
    )

    waiting_post.refresh_from_db()
    assert waiting_post.status == PostStatus.PENDING
    content = response.content.decode()
    assert "Ensure this value has at most 2000 characters (it has 2001)." in content
    assert "Say why you refuse this post" not in content


def test_members_and_other_moderators_cannot_approve(
    client, mixed_theme, waiting_post, open_theme, make_member, make_moderator
):
    url = reverse("participation:post_approve", args=[waiting_post.pk])

    client.force_login(make_member(open_theme, "ander@example.org"))
    assert client.post(url).status_code == 404
    client.force_login(make_moderator(mixed_theme, "elders@example.org"))
    assert client.post(url).status_code == 404
    client.force_login(waiting_post.author)
    refused = client.post(url)
    assert refused.status_code == 403
    assert "Only the moderators of this working group can do this." in refused.content.decode()
    client.logout()
    assert client.post(url).status_code == 302

    waiting_post.refresh_from_db()
    assert waiting_post.status == PostStatus.PENDING


# --- Bad input ---------------------------------------------------------------------------------------------


def assert_refused_and_kept(response, field, message, *, typed=("Trage fietsbrug", "De brug aan het station")):
    assert response.status_code == 400
    assert message in field_errors(response, field)
    content = response.content.decode()
    assert "Please correct the errors below." in content
    for text in typed:
        assert text in content
    assert not Post.objects.exists()
    assert not Attachment.objects.exists()


def test_an_empty_title_is_refused(client, open_theme, open_member):
    client.force_login(open_member)

    response = client.post(new_post_url(open_theme), post_form_data(open_theme, title="   "))

    assert_refused_and_kept(response, "title", "Give your post a title.", typed=["De brug aan het station"])


def test_an_empty_body_is_refused(client, open_theme, open_member):
    client.force_login(open_member)

    response = client.post(new_post_url(open_theme), post_form_data(open_theme, body="<p> </p>"))

    assert_refused_and_kept(response, "body", "Write a message.", typed=["Trage fietsbrug"])


def test_a_missing_category_is_refused(client, open_theme, open_member):
    client.force_login(open_member)
    data = post_form_data(open_theme)
    del data["category"]

    response = client.post(new_post_url(open_theme), data)

    assert_refused_and_kept(response, "category", "Choose a category.")


def test_a_category_of_another_theme_is_refused(client, open_theme, closed_theme, open_member):
    client.force_login(open_member)

    response = client.post(new_post_url(open_theme), post_form_data(open_theme, category=closed_theme.vraag))

    assert_refused_and_kept(response, "category", "Choose one of the categories of this working group.")


def test_a_filter_option_of_another_theme_is_refused(client, open_theme, closed_theme, open_member):
    client.force_login(open_member)
    foreign = closed_theme.regio.options.get(name="Noord")
    group = open_theme.regio

    response = client.post(new_post_url(open_theme), post_form_data(open_theme, **{f"filter_{group.pk}": foreign.pk}))

    assert_refused_and_kept(response, f"filter_{group.pk}", "Choose filters of this working group only.")


def test_a_filter_of_another_theme_is_never_attached(client, open_theme, closed_theme, open_member):
    client.force_login(open_member)
    foreign = closed_theme.regio.options.get(name="Noord")
    own = open_theme.regio.options.get(name="Zuid")

    client.post(
        new_post_url(open_theme),
        post_form_data(
            open_theme, **{f"filter_{closed_theme.regio.pk}": foreign.pk, f"filter_{open_theme.regio.pk}": own.pk}
        ),
    )

    assert list(Post.objects.get().filter_options.all()) == [own]


def test_the_service_refuses_foreign_categories_and_filters(open_theme, closed_theme, open_member):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        post_services.post_create(
            author=open_member,
            page=open_theme,
            title="Titel",
            body="Tekst",
            category=closed_theme.vraag,
            filter_options=[closed_theme.regio.options.first()],
        )

    assert set(error.value.message_dict) == {"category", "filter_options"}
    assert not Post.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, settings, open_theme, open_member):
    settings.PARTICIPATION_ATTACHMENT_MAX_BYTES = 1024 * 1024
    client.force_login(open_member)
    big = pdf_file("plan.pdf", padding=1024 * 1024 + 400 * 1024)

    response = client.post(new_post_url(open_theme), post_form_data(open_theme, file_1=big))

    assert_refused_and_kept(response, "file_1", "plan.pdf is too large (1.4 MB). A file may be at most 1 MB.")
    assert "Choose your attachments again: a browser does not keep them after an error." in response.content.decode()


def test_an_exe_renamed_to_pdf_is_refused(client, open_theme, open_member):
    client.force_login(open_member)

    response = client.post(new_post_url(open_theme), post_form_data(open_theme, file_1=exe_as_pdf()))

    assert_refused_and_kept(
        response,
        "file_1",
        "factuur.pdf is not a real .pdf file. Save it again in that format, or choose another file.",
    )


@pytest.mark.parametrize("name", ["script.exe", "pagina.html", "logo.svg"])
def test_file_types_we_do_not_accept_are_refused(client, open_theme, open_member, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(open_member)
    upload = SimpleUploadedFile(name, b"<svg onload=alert(1)>", content_type="image/svg+xml")

    response = client.post(new_post_url(open_theme), post_form_data(open_theme, file_1=upload))

    assert response.status_code == 400
    assert field_errors(response, "file_1")[0].startswith(f"{name} is not a file type we accept.")
    assert not Post.objects.exists()


def test_a_photo_without_a_description_is_refused(client, open_theme, open_member):
    client.force_login(open_member)

    response = client.post(new_post_url(open_theme), post_form_data(open_theme, file_1=png_file(), alt_1="  "))

    assert_refused_and_kept(response, "file_1", "Describe what the photo foto.png shows, for people who cannot see it.")


def test_script_in_the_body_is_never_stored_nor_shown(client, closed_theme, closed_member):
    client.force_login(closed_member)
    body = (
        'Hallo <script>alert("xss")</script> en <img src=x onerror=alert(1)> <a href="javascript:alert(2)">klik</a>'
        " [ook](javascript:alert(3)) <svg onload=alert(4)>"
    )

    response = client.post(new_post_url(closed_theme), post_form_data(closed_theme, body=body), follow=True)

    post = Post.objects.get()
    stored = post.body.lower()
    for dangerous in ("<script", "onerror", "onload", "<svg", "javascript:"):
        assert dangerous not in stored
    assert "Hallo" in post.body
    content = response.content.decode()
    for dangerous in ('alert("xss")', "onerror=", "onload=", "javascript:alert"):
        assert dangerous not in content


def test_script_in_the_title_is_shown_as_text(client, closed_theme, closed_member):
    client.force_login(closed_member)

    response = client.post(
        new_post_url(closed_theme), post_form_data(closed_theme, title="<script>alert(1)</script>"), follow=True
    )

    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_a_non_member_cannot_post(client, open_theme, member):
    client.force_login(member)

    for response in (
        client.get(new_post_url(open_theme)),
        client.post(new_post_url(open_theme), post_form_data(open_theme)),
    ):
        assert response.status_code == 403
        assert "Only members of this working group can post. Join the working group first." in response.content.decode()
    assert not Post.objects.exists()


def test_a_member_of_another_theme_cannot_post_here(client, open_theme, mixed_theme, mixed_member):
    client.force_login(mixed_member)

    response = client.post(new_post_url(open_theme), post_form_data(open_theme))

    assert response.status_code == 403
    assert not Post.objects.exists()


def test_a_non_member_of_a_closed_theme_cannot_post(client, closed_theme, member):
    client.force_login(member)

    response = client.post(new_post_url(closed_theme), post_form_data(closed_theme))

    assert response.status_code == 403
    assert "Only members of this working group can post." in response.content.decode()
    assert not Post.objects.exists()


def test_a_member_waiting_for_approval_cannot_post(client, mixed_theme, make_member):
    client.force_login(make_member(mixed_theme, "wacht@example.org", status="pending"))

    response = client.post(new_post_url(mixed_theme), post_form_data(mixed_theme, section="members"))

    assert response.status_code == 403
    assert "Your request to join is still waiting for approval." in response.content.decode()
    assert not Post.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, open_theme):
    response = client.post(new_post_url(open_theme), post_form_data(open_theme))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Post.objects.exists()


# --- Shielded posts ------------------------------------------------------------------------------------------


def test_a_member_shields_a_post_for_chosen_members(client, closed_theme, closed_member, make_member):
    chosen = make_member(closed_theme, "gekozen@example.org")
    other = make_member(closed_theme, "ander@example.org")
    client.force_login(closed_member)

    client.post(new_post_url(closed_theme), post_form_data(closed_theme, shielded="on", audience=[chosen.pk]))

    post = Post.objects.get()
    assert post.shielded
    client.force_login(chosen)
    assert client.get(detail_url(post)).status_code == 200
    client.force_login(other)
    assert client.get(detail_url(post)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "pending", "member_elsewhere"])
def test_a_forged_audience_with_a_non_member_is_refused(
    client, closed_theme, mixed_theme, closed_member, make_member, user_factory, who
):
    if who == "outsider":
        intruder = user_factory("buiten@example.org")
    elif who == "pending":
        intruder = make_member(closed_theme, "wacht@example.org", status="pending")
    else:
        intruder = make_member(mixed_theme, "elders@example.org")
    client.force_login(closed_member)

    response = client.post(
        new_post_url(closed_theme), post_form_data(closed_theme, shielded="on", audience=[intruder.pk])
    )

    assert_refused_and_kept(response, "audience", "You can only choose members of this working group.")


def test_a_shielded_post_without_an_audience_is_refused(client, closed_theme, closed_member):
    client.force_login(closed_member)

    response = client.post(new_post_url(closed_theme), post_form_data(closed_theme, shielded="on"))

    assert_refused_and_kept(
        response,
        "audience",
        "You chose to shield this post but picked nobody. Choose the members who may see it, "
        "or untick “Shield this post” to show it to everyone who may read this working group.",
    )


@pytest.fixture
def shielded_post(closed_theme, closed_member, make_member):
    chosen = make_member(closed_theme, "gekozen@example.org")
    post = factories.post(
        author=closed_member, page=closed_theme, title="Vertrouwelijk", audience=[chosen], category=closed_theme.vraag
    )
    return post


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("post_detail", None),
        ("star", {"starred": "1"}),
        ("reaction_create", {"body": "Ik lees mee."}),
        ("post_edit", {"title": "Overgenomen", "body": "x"}),
        ("post_withdraw", {}),
        ("post_approve", {}),
        ("post_reject", {"reason": "Weg"}),
    ],
)
def test_a_shielded_post_looks_missing_to_a_member_outside_its_audience(
    client, closed_theme, shielded_post, make_member, name, data
):
    client.force_login(make_member(closed_theme, "ander@example.org"))
    url = reverse(f"participation:{name}", args=[shielded_post.pk])
    missing = reverse(f"participation:{name}", args=[shielded_post.pk + 1000])

    response = client.get(url) if data is None else client.post(url, data)

    assert response.status_code == 404
    assert (client.get(missing) if data is None else client.post(missing, data)).status_code == 404
    shielded_post.refresh_from_db()
    assert (shielded_post.title, shielded_post.status, shielded_post.star_count) == (
        "Vertrouwelijk",
        PostStatus.PUBLISHED,
        0,
    )
    assert not Star.objects.exists()
    assert not Reaction.objects.exists()


# --- On behalf of an organisation ------------------------------------------------------------------------------


@pytest.fixture
def fiche(organisation, mixed_theme):
    fiche = MemberOrganisation.objects.create(organisation=organisation, name="Buurtcomité Noord")
    ThemeMemberOrganisation.objects.create(page=mixed_theme, member_organisation=fiche)
    return fiche


def test_a_representative_posts_on_behalf_of_their_organisation(client, mixed_theme, mixed_member, fiche):
    fiche.representatives.add(mixed_member)
    client.force_login(mixed_member)

    response = client.post(
        new_post_url(mixed_theme), post_form_data(mixed_theme, section="members", on_behalf_of=fiche.pk), follow=True
    )

    assert Post.objects.get().on_behalf_of == fiche
    assert "Buurtcomité Noord (by buur)" in response.content.decode()


def test_a_member_who_is_no_representative_never_posts_on_behalf(client, mixed_theme, mixed_member, fiche):
    client.force_login(mixed_member)

    assert "Post on behalf of" not in client.get(new_post_url(mixed_theme)).content.decode()
    client.post(new_post_url(mixed_theme), post_form_data(mixed_theme, section="members", on_behalf_of=fiche.pk))

    assert Post.objects.get().on_behalf_of is None


def test_a_representative_cannot_forge_another_organisation(client, organisation, mixed_theme, mixed_member, fiche):
    fiche.representatives.add(mixed_member)
    other = MemberOrganisation.objects.create(organisation=organisation, name="Andere vzw")
    ThemeMemberOrganisation.objects.create(page=mixed_theme, member_organisation=other)
    client.force_login(mixed_member)

    response = client.post(
        new_post_url(mixed_theme), post_form_data(mixed_theme, section="members", on_behalf_of=other.pk)
    )

    assert response.status_code == 400
    assert field_errors(response, "on_behalf_of")
    assert not Post.objects.exists()


def test_the_service_refuses_an_organisation_you_do_not_represent(mixed_theme, mixed_member, fiche):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        post_services.post_create(
            author=mixed_member,
            page=mixed_theme,
            title="Titel",
            body="Tekst",
            category=mixed_theme.vraag,
            section=Section.MEMBERS,
            on_behalf_of=fiche,
        )

    assert error.value.message_dict == {
        "on_behalf_of": ["You cannot speak for this organisation in this working group."]
    }
    assert not Post.objects.exists()


def test_editing_a_refused_members_post_sends_it_back_to_the_moderators(closed_theme, make_member, make_moderator):
    """A moderator's refusal cannot be undone by editing: the post waits for a moderator again, even in a
    members' section that is not pre-moderated."""
    author = make_member(closed_theme, "auteur-weigering@example.org")
    moderator = make_moderator(closed_theme, "beheer-weigering@example.org")
    post = factories.post(author=author, page=closed_theme, category=closed_theme.vraag)
    post_services.post_reject(post=post, by=moderator, reason="Hoort hier niet.")

    post = post_services.post_update(
        post=post, by=author, title="Aangepast", body="Nieuwe tekst", category=closed_theme.vraag
    )

    assert post.status == PostStatus.PENDING
    post_services.post_approve(post=post, by=moderator)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
