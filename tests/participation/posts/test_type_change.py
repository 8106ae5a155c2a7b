"""A change of working-group type never widens who reads the posts that already exist (issue 9, hole 8; SEC-01,
SEC-02, SEC-05).

A closed theme's posts are written for its members, whom a moderator admits. When an organisation admin makes the
theme open (through the real Wagtail edit view), anyone can join at once: those people were never the audience of
the old posts, so they do not see them on any surface (listing, post page, reactions, attachments, search, feed,
widget, digest), and neither does an anonymous visitor. The members admitted before, and a request a moderator
accepts afterwards, still read them; new posts follow the new type; editing an old post keeps it for members.
"""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from core.models import Role
from core.outbox.services import deliver_pending
from core.roles.services import assign_role
from participation import factories
from participation.groups import services as group_services
from participation.models import Attachment, Membership, MembershipStatus, Post, PostStatus, Section
from participation.posts import services as post_services
from participation.theme_digests import services as digest_services
from tests.participation.helpers import new_post_url, post_form_data
from themes.models import GroupType

pytestmark = pytest.mark.django_db


def login(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def set_type(admin, page, group_type):
    """The organisation admin switches the type in the Wagtail admin and publishes; returns what they were told."""
    client = login(admin)
    data = querydict_from_html(client.get(f"/admin/pages/{page.pk}/edit/").content.decode(), form_id="page-edit-form")
    data["group_type"] = group_type
    data["body-count"] = "0"
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.group_type == group_type
    return client.get(response["Location"]).content.decode()


@pytest.fixture
def world(closed_theme, organisation, make_member, make_moderator, user_factory, settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False
    admin = user_factory("organisatiebeheer@example.org")
    assign_role(user=admin, role=Role.ORGANISATION_ADMIN, page=organisation)
    author = make_member(closed_theme, "auteur@example.org")
    old_member = make_member(closed_theme, "lid@example.org")
    waiting = make_member(closed_theme, "wacht@example.org", status=MembershipStatus.PENDING)
    moderator = make_moderator(closed_theme, "beheerder@example.org")
    secret = post_services.post_create(
        author=author,
        page=closed_theme,
        title="Verslag besloten vergadering",
        body="Alleen voor de leden",
        category=closed_theme.vraag,
    )
    factories.reaction(post=secret, author=old_member, body="<p>Reactie voor leden</p>")
    Attachment.objects.create(
        post=secret,
        kind="document",
        file=ContentFile(b"notulen", name="notulen.txt"),
        original_name="notulen.txt",
        content_type="text/plain",
        size=7,
        created_at=timezone.now(),
    )
    return {
        "theme": closed_theme,
        "admin": admin,
        "author": author,
        "old_member": old_member,
        "waiting": waiting,
        "moderator": moderator,
        "secret": secret,
    }


def surfaces(client, theme, post):
    """Where `post` shows for this client: listing, post page, attachment, search, feed, widget."""
    attachment = Attachment.objects.get(post=post)
    return {
        "listing": post.get_absolute_url() in client.get(f"{theme.url}?tab=berichten").content.decode(),
        "post page": client.get(post.get_absolute_url()).status_code == 200,
        "attachment": client.get(attachment.get_absolute_url()).status_code == 200,
        "search": post.get_absolute_url() in client.get("/zoeken/?q=vergadering").content.decode(),
        "search (reactions)": post.get_absolute_url() in client.get("/zoeken/?q=Reactie").content.decode(),
        "feed": post.get_absolute_url() in client.get(f"/deelname/werkgroep/{theme.pk}/feed/").content.decode(),
        "widget": post.get_absolute_url() in client.get(f"/deelname/werkgroep/{theme.pk}/widget/").content.decode(),
    }


NOWHERE = dict.fromkeys(["listing", "post page", "attachment", "search", "search (reactions)", "feed", "widget"], False)
FOR_MEMBERS = {**NOWHERE, "listing": True, "post page": True, "attachment": True, "search": True}
FOR_MEMBERS["search (reactions)"] = True


def test_opening_a_closed_theme_shows_its_members_posts_to_nobody_new(world, user_factory):
    theme, secret = world["theme"], world["secret"]

    told = set_type(world["admin"], theme, GroupType.OPEN)

    assert "is now an open working group" in told
    newcomer = user_factory("nieuw@example.org")
    joined = login(newcomer).post(reverse("participation:join", args=[theme.pk]))
    assert joined.status_code == 302
    membership = Membership.objects.get(user=newcomer, theme=theme)
    assert membership.status == MembershipStatus.APPROVED and membership.joined_at_once, "open: in at once"

    assert surfaces(login(), theme, secret) == NOWHERE, "an anonymous visitor"
    assert surfaces(login(user_factory("bezoeker@example.org")), theme, secret) == NOWHERE, "a signed-in visitor"
    assert surfaces(login(newcomer), theme, secret) == NOWHERE, "who joined at once after the change"
    assert surfaces(login(world["old_member"]), theme, secret) == FOR_MEMBERS, "the members admitted before"
    # Forged actions on the old post by the newcomer: the 404 of a missing post, nothing written.
    for name, data in [("star", {"starred": "1"}), ("reaction_create", {"body": "Ik lees mee"})]:
        assert login(newcomer).post(reverse(f"participation:{name}", args=[secret.pk]), data).status_code == 404
    secret.refresh_from_db()
    assert (secret.star_count, secret.reaction_count) == (0, 1)


def test_a_request_a_moderator_accepts_after_the_change_is_part_of_the_members(world):
    """The person waiting when the type changed is admitted by a moderator: the audience the posts were written for."""
    theme = world["theme"]
    set_type(world["admin"], theme, GroupType.OPEN)
    membership = Membership.objects.get(user=world["waiting"], theme=theme)

    group_services.membership_approve(membership=membership, by=world["moderator"])

    assert surfaces(login(world["waiting"]), theme, world["secret"]) == FOR_MEMBERS


def test_new_posts_follow_the_new_type(world, user_factory):
    theme = world["theme"]
    set_type(world["admin"], theme, GroupType.OPEN)
    newcomer = user_factory("nieuw@example.org")
    group_services.membership_join(user=newcomer, theme=theme)

    login(newcomer).post(new_post_url(theme), post_form_data(theme, title="Nieuwe open oproep"))
    post = Post.objects.get(title="Nieuwe open oproep")
    assert (post.section, post.status) == (Section.PUBLIC, PostStatus.PENDING)
    post_services.post_approve(post=post, by=world["moderator"])

    feed = login().get(f"/deelname/werkgroep/{theme.pk}/feed/").content.decode()
    assert post.get_absolute_url() in feed
    assert world["secret"].get_absolute_url() not in feed


def test_editing_an_old_post_after_the_change_keeps_it_for_members(world, user_factory):
    theme, secret = world["theme"], world["secret"]
    set_type(world["admin"], theme, GroupType.OPEN)
    newcomer = user_factory("nieuw@example.org")
    group_services.membership_join(user=newcomer, theme=theme)
    client = login(world["author"])
    form = client.get(reverse("participation:post_edit", args=[secret.pk])).content.decode()
    assert "It stays in the members' section" in form
    assert "Only the members of this working group and its moderators see this post." in form

    client.post(
        reverse("participation:post_edit", args=[secret.pk]),
        post_form_data(theme, title="Verslag besloten vergadering (aangevuld)"),
    )

    secret.refresh_from_db()
    assert secret.title.endswith("(aangevuld)")
    assert (secret.section, secret.status) == (Section.MEMBERS, PostStatus.PUBLISHED)
    assert surfaces(login(newcomer), theme, secret) == NOWHERE
    assert surfaces(login(), theme, secret) == NOWHERE


def test_a_member_who_joined_at_once_keeps_reading_what_was_written_while_they_were_a_member(
    world, user_factory, open_theme
):
    """Open → closed → open again: who joined at once in the first open time reads the members' posts written
    while they were a member; who joins at once in the second open time does not."""
    theme = world["theme"]
    set_type(world["admin"], theme, GroupType.OPEN)
    early = user_factory("vroeg@example.org")
    group_services.membership_join(user=early, theme=theme)
    set_type(world["admin"], theme, GroupType.CLOSED)
    later_post = post_services.post_create(
        author=world["author"], page=theme, title="Tweede vergadering", body="Voor de leden", category=theme.vraag
    )
    set_type(world["admin"], theme, GroupType.OPEN)
    late = user_factory("laat@example.org")
    group_services.membership_join(user=late, theme=theme)

    visible_early = set(Post.objects.visible_to(early).filter(theme=theme))
    visible_late = set(Post.objects.visible_to(late).filter(theme=theme))

    assert visible_early == {later_post}, "not the post from before they joined, the one written while a member"
    assert visible_late == set()


def test_the_moderators_digest_leaves_old_members_posts_out_for_who_joined_at_once(world, user_factory, smtp_sink):
    theme = world["theme"]
    set_type(world["admin"], theme, GroupType.OPEN)
    newcomer = user_factory("nieuw@example.org")
    group_services.membership_join(user=newcomer, theme=theme)
    public = factories.post(author=world["author"], page=theme, title="Open oproep", section=Section.PUBLIC)

    digest_services.digest_send(
        sender=world["moderator"], theme=theme, subject="Overzicht", posts=[world["secret"], public]
    )
    deliver_pending()

    mails = {str(m["To"]): smtp_sink.body(m) for m in smtp_sink.messages}
    assert "Open oproep" in mails["nieuw@example.org"]
    assert "Verslag besloten vergadering" not in mails["nieuw@example.org"]
    assert "Verslag besloten vergadering" in mails["lid@example.org"]


def test_closing_an_open_theme_keeps_its_public_posts_for_members(world, open_theme, make_member, user_factory):
    """Narrowing is allowed at once: public posts of a theme that closes are read by its members only."""
    member = make_member(open_theme, "fietser@example.org")
    post = factories.post(author=member, page=open_theme, title="Open bericht")
    assert Post.objects.visible_to(user_factory("bezoeker@example.org")).filter(pk=post.pk).exists()

    told = set_type(world["admin"], open_theme, GroupType.CLOSED)

    assert "is now a closed working group" in told
    assert not Post.objects.visible_to(user_factory("ander@example.org")).filter(pk=post.pk).exists()
    assert Post.objects.visible_to(member).filter(pk=post.pk).exists()


def test_a_closed_subtheme_of_an_open_theme_keeps_showing_its_members_posts_to_new_members(
    open_theme, make_member, user_factory
):
    """Nothing changed type here: the members of an open theme join at once, and its closed subtheme's posts were
    written for exactly them, also for those who join later."""
    from themes.factories import subtheme_page

    sub = subtheme_page(title="Besloten fietsoverleg", theme=open_theme, group_type=GroupType.CLOSED)
    sub.vraag = factories.category(page=sub, name="Vraag")
    author = make_member(open_theme, "auteur@example.org")
    post = post_services.post_create(author=author, page=sub, title="Overleg", body="Voor de leden", category=sub.vraag)
    later = user_factory("later@example.org")

    group_services.membership_join(user=later, theme=open_theme)

    assert post.section == Section.MEMBERS and post.theme_type_at_writing == GroupType.OPEN
    assert Post.objects.visible_to(later).filter(pk=post.pk).exists()
    assert not Post.objects.visible_to(user_factory("bezoeker@example.org")).filter(pk=post.pk).exists()


def test_the_migration_records_what_exists_on_the_narrow_side(open_theme, closed_theme, make_member, make_moderator):
    """participation 0005: a members' post found in a theme that is open now was written while it was closed; an
    approved membership of an open theme that no moderator decided was taken at once."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("participation.migrations.0005_keep_audience_on_type_change")
    author = make_member(open_theme, "auteur@example.org")
    old_members_post = factories.post(author=author, page=open_theme, section=Section.MEMBERS, title="Van vroeger")
    public_post = factories.post(author=author, page=open_theme, title="Openbaar")
    closed_post = factories.post(author=make_member(closed_theme, "lid@example.org"), page=closed_theme)
    make_member(open_theme, "meteen@example.org")
    admitted = make_member(open_theme, "toegelaten@example.org")
    Membership.objects.filter(user=admitted).update(decided_by=make_moderator(open_theme, "beheerder@example.org"))
    Post.objects.update(theme_type_at_writing="")
    Membership.objects.update(joined_at_once=False)

    migration.record_what_exists(apps, None)

    written = dict(Post.objects.values_list("pk", "theme_type_at_writing"))
    assert written == {old_members_post.pk: "closed", public_post.pk: "open", closed_post.pk: "closed"}
    assert set(Membership.objects.filter(joined_at_once=True).values_list("user__email", flat=True)) == {
        "auteur@example.org",
        "meteen@example.org",
    }
