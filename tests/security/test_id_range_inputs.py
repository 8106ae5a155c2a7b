"""Ids no database can hold, sent through forms and query parameters: a form error or the page without the filter,
never a server error (issue 9 hole 9). The URL part of the same rule is swept in test_id_range_sweep.py.

SQLite's driver cannot bind a number of 2**63 or more; Django 5 guards ``exact`` on an integer column but not ``in``
(which ``ModelMultipleChoiceField`` uses) nor lookups on a foreign key. On PostgreSQL the failures were NUL bytes
(text it can neither store nor compare) and numbers ``int()`` refuses ("²", thousands of digits).
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from core.ids import id_from, out_of_range
from core.models import Role
from core.roles.services import assign_role
from participation import factories
from participation.models import Membership, Post, PostStatus
from tests.conftest import make_user
from tests.trajectories.world import build_world
from themes.factories import theme_page
from themes.models import GroupType
from trajectories.models import LogEntry, Participant

pytestmark = pytest.mark.django_db

HUGE = (2**63, 2**64, 10**30)
# Also what str.isdigit() accepts but int() does not, other scripts' digits, a sign, and more digits than int()
# converts by default.
ODD = ("²", "١٢", "-9223372036854775809", "9" * 5000, "\x00", "1\x002")


def browser(user=None):
    client = Client(raise_request_exception=False, headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def group(organisation):
    theme = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.CLOSED)
    theme.vraag = factories.category(page=theme, name="Vraag")
    theme.regio = factories.filter_group(page=theme, name="Regio", options=["Noord", "Zuid"])
    author = make_user("auteur@example.org", "auteur")
    other = make_user("ander@example.org", "ander")
    for user in (author, other):
        factories.membership(user=user, theme=theme)
    theme.author, theme.other = author, other
    theme.post = factories.post(author=author, page=theme, title="Fietsenstalling")
    return theme


def post_data(group, **override):
    option = group.regio.options.first()
    data = {
        "title": "Een nieuw bericht",
        "body": "Over de fietspaden.",
        "category": str(group.vraag.pk),
        f"filter_{group.regio.pk}": [str(option.pk)],
    }
    data.update(override)
    return data


# --- The ORM: a number no id can have matches no row -------------------------------------------------------------


def test_numbers_beyond_an_id_match_no_row_in_every_lookup_a_form_or_filter_uses(group):
    """``in`` on ids, ``exact`` and ``in`` on foreign keys: no row, no error; ``exclude`` keeps every row; a list
    with a real id and an impossible one finds the real one."""
    real = group.post
    for huge in HUGE:
        assert list(Post.objects.filter(pk__in=[huge])) == []
        assert list(Post.objects.filter(pk__in=[real.pk, huge])) == [real]
        assert list(Post.objects.exclude(pk__in=[huge])) == [real]
        assert list(Post.objects.filter(author_id=huge)) == []
        assert list(Post.objects.filter(author=huge)) == []
        assert list(Post.objects.filter(author_id__in=[huge, real.author_id])) == [real]
        assert list(Post.objects.exclude(author_id=huge)) == [real]
        assert not Membership.objects.filter(theme_id=huge, user_id=-huge).exists()
        assert list(Post.objects.filter(pk=huge)) == []  # Django's own guard, unchanged


def test_out_of_range_reads_numbers_as_the_database_would():
    assert (
        out_of_range(2**63) and out_of_range(str(2**63)) and out_of_range("9" * 5000) and out_of_range("-" + "9" * 30)
    )
    assert out_of_range(-(2**63) - 1) and not out_of_range(-(2**63)) and not out_of_range(2**63 - 1)
    assert not out_of_range("0009223372036854775807")  # leading zeros do not make a number larger
    assert not out_of_range("abc") and not out_of_range(None) and not out_of_range(True) and not out_of_range("12a")
    assert id_from("42") == 42 and id_from(" 7 ") == 7
    for value in ("", None, "0", "-3", "²", "x", str(2**63), "9" * 5000, "1.5"):
        assert id_from(value) is None, value


# --- Forms -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("huge", HUGE)
def test_post_form_with_impossible_ids_shows_form_errors(group, huge):
    """Category, filter options and the shielded post's audience: an id beyond the database is "not one of the
    choices", the form comes back and no post is made."""
    client = browser(group.author)
    url = reverse("participation:post_create", args=[group.pk])
    before = Post.objects.count()
    cases = {
        "audience": post_data(group, shielded="on", audience=[str(huge)]),
        "audience with a real member": post_data(group, shielded="on", audience=[str(group.other.pk), str(huge)]),
        "category": post_data(group, category=str(huge)),
        "filter": post_data(group, **{f"filter_{group.regio.pk}": [str(huge)]}),
    }
    for case, data in cases.items():
        response = client.post(url, data)
        assert response.status_code in (200, 400), (case, response.status_code)
        assert "error" in response.content.decode(), case
    assert Post.objects.count() == before


@pytest.mark.parametrize("huge", HUGE)
def test_post_edit_with_an_impossible_attachment_to_remove_is_refused(group, huge, settings, tmp_path):
    from tests.participation.helpers import pdf_file

    settings.MEDIA_ROOT = tmp_path
    client = browser(group.author)
    created = client.post(
        reverse("participation:post_create", args=[group.pk]), {**post_data(group), "file_1": pdf_file()}
    )
    assert created.status_code == 302
    post = Post.objects.latest("pk")
    assert post.attachments.count() == 1
    response = client.post(
        reverse("participation:post_edit", args=[post.pk]), post_data(group, remove_attachments=[str(huge)])
    )
    assert response.status_code == 400  # the form again, with its errors
    assert "is not one of the available choices" in response.content.decode()
    assert post.attachments.count() == 1


def test_joining_on_behalf_of_an_impossible_organisation_is_no_error(group):
    newcomer = make_user("nieuw@example.org", "nieuw")
    response = browser(newcomer).post(reverse("participation:join", args=[group.pk]), {"on_behalf_of": str(2**64)})
    assert response.status_code < 500


@pytest.fixture
def moderator(group):
    user = make_user("moderator@example.org", "moderator")
    assign_role(user=user, role=Role.MODERATOR, page=group)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.mark.parametrize("value", [*map(str, HUGE), *ODD])
def test_moderation_queue_with_impossible_ids_changes_nothing(group, moderator, value):
    """The admin queues: selected ids, the one-click approve button and the theme filter (issue 9 hole 9)."""
    pending = factories.post(author=group.author, page=group, title="Wacht", status=PostStatus.PENDING)
    client = browser(moderator)
    url = reverse("participation_moderation:queue", args=["berichten"])
    for data in ({"ids": [value], "action": "approve"}, {"approve": value}, {"ids": [value, str(pending.pk)]}):
        assert client.post(url, data).status_code < 500, data
    assert client.get(url, {"thema": value}).status_code == 200
    assert client.get(url, {"p": value}).status_code == 200
    assert client.post(url, {"thema": value, "ids": [value], "action": "approve"}).status_code < 500
    pending.refresh_from_db()
    assert pending.status == PostStatus.PENDING


# --- Query parameters on list pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*map(str, HUGE), *ODD])
def test_list_pages_with_impossible_ids_in_their_filters_and_cursors(group, value):
    """Facets (category, organisation, filter option), "Load more" cursors, ?page= and the notification
    centre's "older": the page answers without that filter, never 500."""
    import base64
    import json

    member = group.author
    cursor = base64.urlsafe_b64encode(json.dumps([value, value]).encode()).decode().rstrip("=")
    pages = {
        group.url: ["categorie", "organisatie", f"filter-{group.regio.pk}", "na", "page", "p", "sort", "tab"],
        reverse("participation:posts_fragment", args=[group.pk]): ["na", "categorie", f"filter-{group.regio.pk}"],
        reverse("participation:my_posts"): ["na"],
        reverse("participation:my_stars"): ["na"],
        reverse("notification_centre"): ["voor"],
        reverse("search"): ["q", "page"],
    }
    client = browser(member)
    for url, params in pages.items():
        for param in params:
            for sent in (value, cursor):
                response = client.get(url, {param: sent})
                assert response.status_code in (200, 302, 404), (url, param, sent[:40], response.status_code)


@pytest.mark.parametrize("value", [*map(str, HUGE), *ODD])
def test_space_pages_with_impossible_ids_in_query_parameters(organisation, other_organisation, value):
    """The logbook's and access log's "older", the access log's person filter, the document version, the goal an
    action starts from and the message poll: no server error for anyone in the space."""
    world = build_world(organisation, other_organisation)
    pk = world.space.pk
    pages = {
        reverse("trajectories:logbook", args=[pk]): ["voor"],
        reverse("trajectories:access_log", args=[pk]): ["voor", "person", "start"],
        reverse("trajectories:item_create", args=[pk, "acties"]): ["doel"],
        reverse("trajectories:documents", args=[pk]): ["versie", "eerder"],
        reverse("trajectories:agenda", args=[pk]): ["eerder"],
        reverse("trajectories:messages", args=[pk]): ["na"],
        reverse("notification_centre"): ["voor"],
    }
    for who in ("young", "pro_a"):
        client = world.client(who)
        client.raise_request_exception = False
        for url, params in pages.items():
            for param in params:
                response = client.get(url, {param: value})
                assert response.status_code in (200, 302, 404), (who, url, param, value[:40], response.status_code)


@pytest.mark.parametrize("huge", HUGE)
def test_space_forms_with_impossible_participant_ids_show_form_errors(organisation, other_organisation, huge):
    """Who may see a logbook entry (chosen people), the action's owner and goal: "not one of the choices"."""
    world = build_world(organisation, other_organisation)
    pk = world.space.pk
    client = world.client("young")
    client.raise_request_exception = False
    before = LogEntry.objects.count()
    response = client.post(
        reverse("trajectories:item_create", args=[pk, "logboek"]),
        {"text": "Vandaag", "mood": "", "audience": "chosen", "chosen": [str(huge)]},
    )
    assert response.status_code == 400  # the form again, with its errors
    assert LogEntry.objects.count() == before
    response = client.post(
        reverse("trajectories:item_create", args=[pk, "acties"]),
        {"title": "Bellen", "goal": str(huge), "owner": str(huge), "audience": "everyone", "status": "todo"},
    )
    assert response.status_code == 400
    seat = world.seats["young"]
    response = client.post(reverse("trajectories:access_log", args=[pk]), {"person": str(huge)})
    assert response.status_code < 500
    assert Participant.objects.filter(pk=seat.pk).exists()


# --- NUL bytes -------------------------------------------------------------------------------------------------


def test_a_nul_byte_in_a_posted_form_is_a_bad_request_and_changes_nothing(group, moderator):
    """PostgreSQL cannot store text with a NUL byte: the refusal reason a moderator types (read straight from the
    form), a post's title. Nothing is stored, the answer is 400 with the site's page, for anyone."""
    pending = factories.post(author=group.author, page=group, title="Wacht", status=PostStatus.PENDING)
    client = browser(moderator)
    refuse = reverse("participation_moderation:reject", args=["berichten", pending.pk])
    response = client.post(refuse, {"reason": "Niet\x00toegelaten"})
    assert response.status_code == 400
    assert "This request cannot be read" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == PostStatus.PENDING
    before = Post.objects.count()
    response = browser(group.author).post(
        reverse("participation:post_create", args=[group.pk]), post_data(group, title="Fiets\x00pad")
    )
    assert response.status_code == 400
    assert Post.objects.count() == before
    # The nearest allowed case: the same forms without the NUL byte work.
    assert client.post(refuse, {"reason": "Niet toegelaten"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == PostStatus.REJECTED


def test_a_nul_byte_in_a_query_parameter_reads_as_a_space(group):
    """Searching "Fietsen\\x00stalling" is searching two words; nothing answers 500."""
    response = browser(group.author).get(reverse("search"), {"q": "Fietsenstalling\x00"})
    assert response.status_code == 200
    assert "Fietsenstalling" in response.content.decode()
