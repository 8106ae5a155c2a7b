"""The moderators' queues in the Wagtail administration (issue 4 §1, §3): memberships, posts and reactions waiting
for a decision, approve and refuse with a reason, bulk decisions, the theme filter, the dashboard panel and menu
count, the item history and the admin's Logs report.

Requirements: SEC-03 (scope checked on every read and every write), REL-01 (each decision is one service call in
its own transaction), PERF-02 (constant queries per page at two data sizes)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from config.hooks import REGISTER_MODERATION_QUEUE
from core.models import Role
from core.roles.services import assign_role
from participation import factories
from participation.models import Attachment, Membership, MembershipStatus, Post, PostStatus, Reaction
from tests.fixtures.plugin_costs import plugin_query_allowance

pytestmark = pytest.mark.django_db


def staff_login(client, user):
    """An admin user with an authenticator app (the administration requires one: SEC-11)."""
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return client


def queue(slug, **params):
    url = reverse("participation_moderation:queue", args=[slug])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


@pytest.fixture
def moderator(open_theme, make_moderator):
    return make_moderator(open_theme, "moderator@example.org")


@pytest.fixture
def mod_client(client, moderator):
    return staff_login(client, moderator)


def attach(post=None, reaction=None, name="plan.pdf"):
    item = Attachment(
        post=post,
        reaction=reaction,
        kind="document",
        original_name=name,
        content_type="application/pdf",
        size=10,
        created_at=timezone.now(),
    )
    item.file.save(name, ContentFile(b"%PDF-1.4 x"), save=False)
    item.save()
    return item


# --- Memberships ----------------------------------------------------------------------------------------------


def test_membership_queue_lists_requests_of_my_themes_and_approve_lets_the_person_in(
    mod_client, moderator, closed_theme, open_theme, make_member
):
    assign_role(user=moderator, role=Role.MODERATOR, page=closed_theme)
    anna = make_member(closed_theme, "anna@example.org", status=MembershipStatus.PENDING)
    page = mod_client.get(queue("lidmaatschappen"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "anna" in html and "Jeugdraad" in html
    assert "anna@example.org" not in html  # moderators see the display name, never the address
    membership = Membership.objects.get(user=anna)

    response = mod_client.post(queue("lidmaatschappen"), {"approve": membership.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == moderator
    follow = mod_client.get(response["Location"])
    assert "1 item approved." in follow.content.decode()
    assert "anna" not in follow.content.decode().split("<main", 1)[-1] or "Nothing waiting here" in (
        follow.content.decode()
    )
    entry = ModelLogEntry.objects.get(action="werkgroepen.membership_approved")
    assert entry.user == moderator and entry.object_id == str(membership.pk)


def test_refusing_needs_a_reason_and_keeps_the_request_waiting_until_given(
    mod_client, moderator, closed_theme, make_member
):
    assign_role(user=moderator, role=Role.MODERATOR, page=closed_theme)
    make_member(closed_theme, "bert@example.org", status=MembershipStatus.PENDING)
    membership = Membership.objects.get(user__email="bert@example.org")
    reject_url = reverse("participation_moderation:reject", args=["lidmaatschappen", membership.pk])

    empty = mod_client.post(reject_url, {"reason": "   "})
    assert empty.status_code == 400
    assert "Say why you refuse: the author will read it." in empty.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING

    bulk_empty = mod_client.post(queue("lidmaatschappen"), {"ids": [membership.pk], "action": "reject", "reason": ""})
    assert bulk_empty.status_code == 400
    assert f'value="{membership.pk}" id="select-{membership.pk}" checked' in bulk_empty.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING

    done = mod_client.post(reject_url, {"reason": "Deze groep is enkel voor jongeren uit Testdorp."})
    assert done.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert membership.reason == "Deze groep is enkel voor jongeren uit Testdorp."
    entry = ModelLogEntry.objects.get(action="werkgroepen.membership_rejected")
    assert entry.data["reason"] == membership.reason


def test_a_request_decided_meanwhile_is_reported_not_decided_twice(mod_client, moderator, closed_theme, make_member):
    assign_role(user=moderator, role=Role.MODERATOR, page=closed_theme)
    make_member(closed_theme, "cis@example.org", status=MembershipStatus.PENDING)
    membership = Membership.objects.get(user__email="cis@example.org")
    Membership.objects.filter(pk=membership.pk).update(status=MembershipStatus.APPROVED)
    response = mod_client.post(queue("lidmaatschappen"), {"approve": membership.pk})
    assert response.status_code == 404  # no longer waiting: not in the queue
    assert not ModelLogEntry.objects.filter(action__startswith="werkgroepen.membership").exists()


# --- Posts and reactions ------------------------------------------------------------------------------------


@pytest.fixture
def author(open_theme, make_member):
    return make_member(open_theme, "auteur@example.org")


def test_post_queue_shows_context_and_bulk_approve_publishes_each(mod_client, moderator, open_theme, author):
    first = factories.post(author=author, page=open_theme, title="Fietsstraat", status=PostStatus.PENDING)
    second = factories.post(author=author, page=open_theme, title="Zebrapad", status=PostStatus.PENDING)
    published = factories.post(author=author, page=open_theme, title="Al gepubliceerd")
    attach(post=first)
    attach(post=first, name="kaart.pdf")
    html = mod_client.get(queue("berichten")).content.decode()
    assert "Fietsstraat" in html and "Zebrapad" in html and "Mobiliteit" in html
    assert "Al gepubliceerd" not in html
    assert "by auteur" in html and "2 attachments" in html
    assert "Tekst van het bericht." in html

    response = mod_client.post(queue("berichten"), {"ids": [first.pk, second.pk], "action": "approve"})
    assert response.status_code == 302
    assert set(Post.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {
        PostStatus.PUBLISHED
    }
    assert ModelLogEntry.objects.filter(action="werkgroepen.post_approved").count() == 2
    assert "2 items approved." in mod_client.get(response["Location"]).content.decode()
    published.refresh_from_db()
    assert published.status == PostStatus.PUBLISHED


def test_bulk_refuse_gives_every_author_the_one_reason(mod_client, open_theme, author, make_member):
    other = make_member(open_theme, "ander@example.org")
    posts = [
        factories.post(author=author, page=open_theme, title="Reclame 1", status=PostStatus.PENDING),
        factories.post(author=other, page=open_theme, title="Reclame 2", status=PostStatus.PENDING),
    ]
    reason = "Reclame hoort niet in de werkgroep."
    response = mod_client.post(queue("berichten"), {"ids": [p.pk for p in posts], "action": "reject", "reason": reason})
    assert response.status_code == 302
    for post in posts:
        post.refresh_from_db()
        assert post.status == PostStatus.REJECTED
        assert post.decision_reason == reason
    assert "2 items refused; the authors have been told why." in mod_client.get(response["Location"]).content.decode()


def test_bulk_with_an_item_outside_my_themes_decides_mine_and_refuses_the_other(
    mod_client, open_theme, closed_theme, author, make_member
):
    outsider = make_member(closed_theme, "buiten@example.org")
    mine = factories.post(author=author, page=open_theme, title="Van mij", status=PostStatus.PENDING)
    theirs = factories.post(author=outsider, page=closed_theme, title="Niet van mij", status=PostStatus.PENDING)
    response = mod_client.post(queue("berichten"), {"ids": [mine.pk, theirs.pk], "action": "approve"})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == PostStatus.PUBLISHED
    assert theirs.status == PostStatus.PENDING
    follow = mod_client.get(response["Location"]).content.decode()
    assert "1 item approved." in follow
    assert "1 item could not be decided" in follow


def test_reaction_queue_approves_and_refuses_reactions_with_their_post_as_context(
    mod_client, moderator, open_theme, author, make_member
):
    post = factories.post(author=author, page=open_theme, title="Brug aan het station")
    reacter = make_member(open_theme, "reageer@example.org")
    waiting = factories.reaction(post=post, author=reacter, body="<p>Ik ben akkoord.</p>", status=PostStatus.PENDING)
    rude = factories.reaction(post=post, author=reacter, body="<p>Onbeleefd.</p>", status=PostStatus.PENDING)
    attach(reaction=waiting)
    html = mod_client.get(queue("reacties")).content.decode()
    assert "On: Brug aan het station" in html and "Ik ben akkoord." in html and "1 attachment" in html

    mod_client.post(queue("reacties"), {"approve": waiting.pk})
    reject_url = reverse("participation_moderation:reject", args=["reacties", rude.pk])
    assert "Onbeleefd." in mod_client.get(reject_url).content.decode()
    mod_client.post(reject_url, {"reason": "Blijf beleefd."})
    waiting.refresh_from_db()
    rude.refresh_from_db()
    assert waiting.status == PostStatus.PUBLISHED
    assert (rude.status, rude.decision_reason) == (PostStatus.REJECTED, "Blijf beleefd.")
    post.refresh_from_db()
    assert post.reaction_count == 1


def test_theme_filter_narrows_to_one_of_my_themes_and_ignores_others(
    mod_client, moderator, open_theme, closed_theme, mixed_theme, author, make_member
):
    assign_role(user=moderator, role=Role.MODERATOR, page=mixed_theme)
    mixed_author = make_member(mixed_theme, "gemengd@example.org")
    closed_author = make_member(closed_theme, "gesloten@example.org")
    factories.post(author=author, page=open_theme, title="Open bericht", status=PostStatus.PENDING)
    factories.post(author=mixed_author, page=mixed_theme, title="Gemengd bericht", status=PostStatus.PENDING)
    factories.post(author=closed_author, page=closed_theme, title="Gesloten bericht", status=PostStatus.PENDING)

    only_open = mod_client.get(queue("berichten", thema=open_theme.pk)).content.decode()
    assert "Open bericht" in only_open and "Gemengd bericht" not in only_open
    everything = mod_client.get(queue("berichten")).content.decode()
    assert "Open bericht" in everything and "Gemengd bericht" in everything
    # A theme they do not moderate is not offered and, forged, filters nothing in: never its posts.
    forged = mod_client.get(queue("berichten", thema=closed_theme.pk)).content.decode()
    assert "Gesloten bericht" not in forged and f'value="{closed_theme.pk}"' not in forged


def test_subtheme_posts_are_in_the_theme_moderators_queue(mod_client, open_subtheme, author):
    factories.post(author=author, page=open_subtheme, title="Over fietspaden", status=PostStatus.PENDING)
    html = mod_client.get(queue("berichten", thema=open_subtheme.get_parent().pk)).content.decode()
    assert "Over fietspaden" in html and "Fietspaden" in html


def test_organisation_admin_sees_every_theme_of_the_organisation_but_not_another(
    client, organisation, other_organisation, open_theme, user_factory, make_member
):
    from themes.factories import theme_page

    elsewhere = theme_page(title="Elders", organisation=other_organisation)
    admin = user_factory("orgadmin@example.org")
    assign_role(user=admin, role=Role.ORGANISATION_ADMIN, page=organisation)
    here_author = make_member(open_theme, "hier@example.org")
    there_author = make_member(elsewhere, "daar@example.org")
    factories.post(author=here_author, page=open_theme, title="Hier", status=PostStatus.PENDING)
    factories.post(author=there_author, page=elsewhere, title="Daar", status=PostStatus.PENDING)
    html = staff_login(client, admin).get(queue("berichten")).content.decode()
    assert "Hier" in html and "Daar" not in html


# --- Query counts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["lidmaatschappen", "berichten", "reacties"])
def test_queue_pages_cost_the_same_queries_with_3_and_40_items(
    slug, mod_client, open_theme, closed_theme, moderator, author, user_factory, django_assert_max_num_queries
):
    """PERF-02: a queue page costs the same number of queries whatever the number of waiting items."""
    assign_role(user=moderator, role=Role.MODERATOR, page=closed_theme)
    post = factories.post(author=author, page=open_theme, title="Onderwerp")
    made = 0

    def add(n):
        nonlocal made
        for _ in range(n):
            made += 1
            person = user_factory(f"p{made}@example.org")
            factories.membership(user=person, theme=closed_theme, status=MembershipStatus.PENDING)
            factories.membership(user=person, theme=open_theme)
            waiting = factories.post(author=person, page=open_theme, title=f"Post {made}", status=PostStatus.PENDING)
            attach(post=waiting)
            reaction = factories.reaction(post=post, author=person, status=PostStatus.PENDING)
            attach(reaction=reaction)

    add(3)
    mod_client.get(queue(slug))  # warm the session and caches
    # 25, and one count per moderation queue an installed real plugin adds (tests/fixtures/plugin_costs.py).
    with django_assert_max_num_queries(25 + plugin_query_allowance(REGISTER_MODERATION_QUEUE)) as small:
        assert mod_client.get(queue(slug)).status_code == 200
    few = len(small.captured_queries)  # read now: the connection keeps only the last 9,000 queries
    add(37)
    with django_assert_max_num_queries(few) as large:
        response = mod_client.get(queue(slug))
    assert response.content.decode().count('name="ids"') == 25  # one page of 25
    assert len(large.captured_queries) == few


# --- Dashboard, menu, history, logs ---------------------------------------------------------------------------


def test_dashboard_panel_and_menu_count_what_waits_for_me(
    mod_client, moderator, open_theme, closed_theme, author, make_member
):
    factories.post(author=author, page=open_theme, title="Wacht 1", status=PostStatus.PENDING)
    factories.post(author=author, page=open_theme, title="Wacht 2", status=PostStatus.PENDING)
    outsider = make_member(closed_theme, "x@example.org", status=MembershipStatus.PENDING)
    assert outsider  # a request in a theme they do not moderate: not counted
    html = mod_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "To moderate: 2" in html
    assert queue("berichten") in html and queue("lidmaatschappen") in html


def test_no_panel_and_no_queue_for_an_editor(client, organisation, open_theme, author, user_factory):
    editor = user_factory("editor@example.org")
    assign_role(user=editor, role=Role.EDITOR, page=organisation)
    factories.post(author=author, page=open_theme, title="Wacht", status=PostStatus.PENDING)
    staff_login(client, editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "To moderate" not in html
    refused = client.get(queue("berichten"))  # Wagtail turns the refusal into a message on the dashboard
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert "Wacht" not in client.get(refused["Location"]).content.decode()


PANEL = 'id="moderation-queues-section"'
MENU_ITEM = '"name": "moderation"'  # in the sidebar's data


def test_the_panel_and_the_menu_item_appear_once_for_a_moderator(mod_client, open_theme, author):
    """The core's moderation room draws both for every app's queues (participation keeps no copy): once each."""
    factories.post(author=author, page=open_theme, title="Wacht", status=PostStatus.PENDING)
    html = mod_client.get(reverse("wagtailadmin_home")).content.decode()
    assert html.count(PANEL) == 1 and html.count('class="moderation-panel"') == 1
    assert html.count(MENU_ITEM) == 1
    assert "To moderate: 1" in html and queue("berichten") in html


@pytest.mark.parametrize("who", ["member", "editor"])
def test_no_panel_and_no_menu_item_for_a_plain_member_or_an_editor(
    client, who, organisation, open_theme, author, make_member, user_factory
):
    factories.post(author=author, page=open_theme, title="Wacht", status=PostStatus.PENDING)
    if who == "member":
        person = make_member(open_theme, "lid@example.org")
    else:
        person = user_factory("editor@example.org")
        assign_role(user=person, role=Role.EDITOR, page=organisation)
    staff_login(client, person)
    html = client.get(reverse("wagtailadmin_home"), follow=True).content.decode()
    assert PANEL not in html and MENU_ITEM not in html and "To moderate" not in html


def test_history_shows_the_decision_with_its_reason_to_moderators_of_the_theme_only(
    mod_client, client, open_theme, closed_theme, author, make_moderator
):
    post = factories.post(author=author, page=open_theme, title="Te refuseren", status=PostStatus.PENDING)
    mod_client.post(queue("berichten"), {"ids": [post.pk], "action": "reject", "reason": "Dubbel bericht."})
    url = reverse("participation_moderation:history", args=["bericht", post.pk])
    html = mod_client.get(url).content.decode()
    assert "Post refused in Mobiliteit. Reason: Dubbel bericht." in html and "moderator" in html
    from django.test import Client

    other = staff_login(Client(headers={"accept-language": "en"}), make_moderator(closed_theme, "b@example.org"))
    assert other.get(url).status_code == 404


def test_the_admin_logs_report_names_the_decision_and_the_reason(client, superadmin, open_theme, author):
    post = factories.post(author=author, page=open_theme, title="Voor het logboek", status=PostStatus.PENDING)
    staff_login(client, superadmin)
    client.post(queue("berichten"), {"ids": [post.pk], "action": "reject", "reason": "Hoort elders."})
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Post refused in Mobiliteit. Reason: Hoort elders." in html
    assert "Voor het logboek" in html


def test_reactions_are_counted_per_reaction_not_per_post(mod_client, open_theme, author, make_member):
    post = factories.post(author=author, page=open_theme, title="Eén bericht")
    for index in range(3):
        factories.reaction(post=post, author=author, body=f"<p>R{index}</p>", status=PostStatus.PENDING)
    assert Reaction.objects.filter(status=PostStatus.PENDING).count() == 3
    html = mod_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "To moderate: 3" in html


# --- Reports -------------------------------------------------------------------------------------------------


@pytest.fixture
def reported(open_theme, author, make_member):
    """A published post reported by three members (it hides itself at the threshold) and a reported reaction."""
    from participation.moderation import services as moderation_services

    post = factories.post(author=author, page=open_theme, title="Koop nu goedkope fietsen")
    other = factories.post(author=author, page=open_theme, title="Gewoon een vraag")
    reaction = factories.reaction(post=other, author=author, body="<p>Jij bent dom.</p>")
    reporters = [make_member(open_theme, f"melder{index}@example.org") for index in range(3)]
    moderation_services.report_create(reporter=reporters[0], reason="spam", post=post)
    moderation_services.report_create(reporter=reporters[1], reason="spam", post=post)
    moderation_services.report_create(
        reporter=reporters[2], reason="other", text="Dit is reclame voor een winkel.", post=post
    )
    moderation_services.report_create(reporter=reporters[0], reason="offensive", reaction=reaction)
    return post, reaction


def test_reports_are_grouped_per_item_with_count_reasons_and_explanations(mod_client, reported):
    post, reaction = reported
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN  # three distinct reports: hidden until a moderator decides
    html = mod_client.get(queue("meldingen")).content.decode()
    assert html.count('name="ids"') == 2  # one row per item, not per report
    assert "Koop nu goedkope fietsen" in html and "3 reports" in html and "Spam or advertising (2)" in html
    assert "Dit is reclame voor een winkel." in html and "Hidden until you decide" in html
    assert "Reaction on: Gewoon een vraag" in html and "1 report" in html and "Jij bent dom." in html
    assert "melder0" not in html  # moderators never learn who reported
    assert "To moderate: 2" in mod_client.get(reverse("wagtailadmin_home")).content.decode()


def test_keep_online_brings_a_hidden_post_back_and_closes_its_reports(mod_client, reported):
    from participation.models import Report

    post, reaction = reported
    response = mod_client.post(queue("meldingen"), {"approve": f"p{post.pk}"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert set(Report.objects.filter(post=post, reaction=None).values_list("status", flat=True)) == {"kept"}
    follow = mod_client.get(response["Location"]).content.decode()
    assert "1 item kept online." in follow
    assert "Koop nu goedkope fietsen" not in follow and "Gewoon een vraag" in follow


def test_remove_needs_a_reason_and_then_refuses_the_item(mod_client, reported):
    from participation.models import Report

    post, reaction = reported
    url = reverse("participation_moderation:reject", args=["meldingen", f"r{reaction.pk}"])
    assert "Jij bent dom." in mod_client.get(url).content.decode()
    assert mod_client.post(url, {"reason": ""}).status_code == 400
    reaction.refresh_from_db()
    assert reaction.status == PostStatus.PUBLISHED
    mod_client.post(url, {"reason": "Schelden mag niet."})
    reaction.refresh_from_db()
    assert (reaction.status, reaction.decision_reason) == (PostStatus.REJECTED, "Schelden mag niet.")
    assert Report.objects.get(reaction=reaction).status == "removed"
    bulk = mod_client.post(queue("meldingen"), {"ids": [f"p{post.pk}"], "action": "reject", "reason": "Reclame."})
    assert bulk.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED


def test_reports_of_other_themes_and_my_own_reports_elsewhere_are_not_my_queue(
    client, reported, closed_theme, make_moderator, make_member
):
    post, reaction = reported
    other = make_moderator(closed_theme, "andere@example.org")
    staff_login(client, other)
    html = client.get(queue("meldingen")).content.decode()
    assert "Koop nu goedkope fietsen" not in html and "Nothing waiting here" in html
    for forged in ({"approve": f"p{post.pk}"}, {"ids": [f"r{reaction.pk}"], "action": "reject", "reason": "x"}):
        assert client.post(queue("meldingen"), forged).status_code == 404
    reaction.refresh_from_db()
    post.refresh_from_db()
    assert (post.status, reaction.status) == (PostStatus.HIDDEN, PostStatus.PUBLISHED)
    url = reverse("participation_moderation:reject", args=["meldingen", f"p{post.pk}"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("participation_moderation:reject", args=["meldingen", "x1"])).status_code == 404


def test_reports_queue_costs_the_same_queries_with_few_and_many_items(
    mod_client, open_theme, author, make_member, django_assert_max_num_queries
):
    """PERF-02 for the grouped reports queue."""
    from participation.moderation import services as moderation_services

    reporter = make_member(open_theme, "melder@example.org")
    made = 0

    def add(n):
        nonlocal made
        for _ in range(n):
            made += 1
            post = factories.post(author=author, page=open_theme, title=f"Gemeld {made}")
            reaction = factories.reaction(post=post, author=author)
            moderation_services.report_create(reporter=reporter, reason="spam", post=post)
            moderation_services.report_create(reporter=reporter, reason="other", text="Waarom?", reaction=reaction)

    from django.core.cache import cache

    add(2)
    cache.clear()  # the reporters' rate limit
    mod_client.get(queue("meldingen"))
    with django_assert_max_num_queries(30) as small:
        assert mod_client.get(queue("meldingen")).status_code == 200
    few = len(small.captured_queries)  # read now: the connection keeps only the last 9,000 queries
    for _ in range(4):
        add(5)
        cache.clear()
    mod_client.get(queue("meldingen"))  # the tree cache was cleared with the rate limits: warm it again
    with django_assert_max_num_queries(few) as large:
        response = mod_client.get(queue("meldingen"))
    assert response.content.decode().count('name="ids"') == 25
    assert len(large.captured_queries) == few


def test_a_resubmitted_post_links_to_its_history_with_the_earlier_refusal(mod_client, moderator, open_theme, author):
    from participation.posts import services as post_services

    post = factories.post(author=author, page=open_theme, title="Tweede poging", status=PostStatus.PENDING)
    post_services.post_reject(post=post, by=moderator, reason="Te weinig uitleg.")
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PENDING)  # the author edited it: it waits again
    html = mod_client.get(queue("berichten")).content.decode()
    history = reverse("participation_moderation:history", args=["bericht", post.pk])
    assert f'href="{history}"' in html
    assert "Post refused in Mobiliteit. Reason: Te weinig uitleg." in mod_client.get(history).content.decode()
