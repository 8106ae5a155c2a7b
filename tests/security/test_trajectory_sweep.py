"""The visibility sweep of the collaboration spaces (issue 5 §3, §6; SEC-01, SEC-04, SEC-05, SEC-06, SEC-14,
SEC-19, SEC-22).

Every role the issue names (young person, parent, parent under a contact ban, network member, professional of
organisation A, professional of organisation B not in the space, coordinator, the organisation's own admin, an
outsider, the platform superadmin — who has no content access either, seed 004) × every audience (everyone,
chosen people, professionals only) × every surface: every page of the space (every tool the hook returns,
Overzicht, People, Wie ziet wat?, the access log) and every item page, for every item kind in the registry —
the kinds of the Agenda/Documenten and Berichten/Netwerk modules and whatever a plugin registers are covered
without changing this file — plus files, the iCal feed, notifications (in the centre and by e-mail) and site
search.

The expected answer is written here independently of ``trajectories.access`` (``readers()``): the two must
agree everywhere. Invisible and missing answer the same 404; the young person sees that an item exists and who
wrote it, never its content.
"""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from config.hooks import REGISTER_TRAJECTORY_TOOL, call
from core.models import Notification, OutboundMessage
from tests.conftest import make_organisation, make_other_organisation
from tests.fixtures.worlds import built_once, computed_once, fresh_copy
from tests.trajectories.world import ACTIVE, PEOPLE, build_world
from trajectories import factories
from trajectories.agenda.ical import feed_url
from trajectories.agenda.services import feed_reset
from trajectories.documents.services import document_create_file
from trajectories.items import services as item_services
from trajectories.items.selectors import item_kinds, kind_for_key
from trajectories.models import Audience
from trajectories.spaces import services as space_services

pytestmark = pytest.mark.django_db

AUTHOR = "pro_a"
CHOSEN = "network"
AUDIENCES = [Audience.EVERYONE, Audience.CHOSEN, Audience.PROFESSIONALS]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
NEXT = re.compile(r'name="next" type="hidden" value="[^"]*"')  # the language switch echoes the address
KINDS = [kind.key for kind in item_kinds()]


def readers(audience):
    """Who reads an item by `pro_a` for `audience` (chosen: the teacher): the issue's rule, restated."""
    if audience == Audience.EVERYONE:
        return set(ACTIVE)
    if audience == Audience.CHOSEN:
        return {AUTHOR, CHOSEN}
    return {AUTHOR, "coordinator"}


def knowers(audience):
    """Who may know the item exists: its readers and the young person (seed 004)."""
    return readers(audience) | {"young"}


def secret_for(key, audience):
    return f"Geheim{key.replace('_', '')}{audience}"[:40]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The space and its people, built once for the module (tests/fixtures/worlds.py); each test's writes (the items
    it builds, the roles it revokes) are rolled back when it ends."""
    yield from built_once(django_db_blocker, _build)


def _build():
    world = build_world(make_organisation(), make_other_organisation())
    # A plain goal for everyone, so kinds that need a goal (actions, evaluations) can choose one.
    factories.goal(trajectory=world.space, author=world.seats[AUTHOR], title="Gewoon doel")
    return world


# --- Building one item of any registered kind --------------------------------------------------------------------


def _build_thread(world, audience, chosen, secret):
    from trajectories.messaging.services import thread_start

    return thread_start(
        trajectory=world.space,
        by=world.users[AUTHOR],
        subject=secret,
        text=f"{secret} tekst",
        audience=audience,
        chosen=chosen,
    )


def _build_social_map(world, audience, chosen, secret):
    from trajectories.network.models import SocialMap
    from trajectories.network.services import social_map_add_person, social_map_share

    # One map per person: each audience replaces the author's map (the tests check one audience at a time).
    SocialMap.objects.filter(trajectory=world.space, author=world.seats[AUTHOR]).delete()
    social_map_add_person(trajectory=world.space, by=world.users[AUTHOR], name=secret, circle="familie")
    return social_map_share(trajectory=world.space, by=world.users[AUTHOR], audience=audience, chosen=chosen)


def _build_document(world, audience, chosen, secret):
    from trajectories.documents.services import document_create_text

    return document_create_text(
        trajectory=world.space,
        by=world.users[AUTHOR],
        title=secret,
        text=f"{secret} tekst",
        audience=audience,
        chosen=chosen,
    )


# Kinds whose content is not made by the generic item form (their own pages and services).
BUILDERS = {"message_thread": _build_thread, "social_map": _build_social_map, "document": _build_document}


def _form_data(form, secret):
    """Values for every field of an item form: the secret in every text, a date next week, the first choice."""
    data = {}
    hour = 9
    for name, field in form.fields.items():
        if name in ("audience", "chosen") or isinstance(field, forms.BooleanField):
            continue
        if isinstance(field, forms.FileField):
            return None
        if isinstance(field, forms.ChoiceField):
            choices = [value for value, _label in field.choices if value not in ("", None)]
            if choices:
                data[name] = choices[0]
        elif isinstance(field, forms.DateTimeField):
            data[name] = (timezone.localtime() + timedelta(days=7, hours=hour)).strftime("%Y-%m-%d %H:%M")
            hour += 1
        elif isinstance(field, forms.DateField):
            data[name] = (timezone.localdate() + timedelta(days=7)).isoformat()
        elif isinstance(field, forms.TimeField):
            data[name] = f"{hour:02d}:00"
            hour += 1
        elif isinstance(field, forms.IntegerField):
            data[name] = field.min_value or 0
        elif isinstance(field, forms.EmailField):
            data[name] = "iemand@example.org"
        elif isinstance(field, forms.CharField):
            data[name] = secret[: field.max_length] if field.max_length else secret
    return data


def _build_with_form(world, kind, audience, chosen, secret):
    from trajectories.spaces.selectors import forget_space, space_for

    forget_space()
    user = world.users[AUTHOR]
    space = space_for(user, world.space.pk)
    data = _form_data(kind.form_class(space=space, user=user), secret)
    assert data is not None, f"{kind.key}: add a builder to BUILDERS (its form needs a file)"
    data.update({"audience": audience, "chosen": chosen})
    form = kind.form_class(data, space=space, user=user)
    assert form.is_valid(), f"{kind.key}: {form.errors.as_json()}"
    return item_services.item_create(
        model=kind.model, trajectory=world.space, by=user, audience=audience, chosen=chosen, **form.item_fields()
    )


def build(world, key, audience):
    kind = kind_for_key(key)
    secret = secret_for(key, audience)
    chosen = [world.seats[CHOSEN].pk] if audience == Audience.CHOSEN else []
    builder = BUILDERS.get(key)
    if builder is not None:
        item = builder(world, audience, chosen, secret)
    else:
        assert kind.form_class is not None, f"{key}: register a builder in BUILDERS for a kind without a form"
        item = _build_with_form(world, kind, audience, chosen, secret)
    return kind, item, secret


@pytest.fixture
def scene(world, db):
    return fresh_copy(world)


# --- The pages of a space ----------------------------------------------------------------------------------------


def space_pages(world):
    """Every page of the space: the Overzicht, each tool the hook returns (whatever module added it), People,
    Wie ziet wat? and the access log."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.users["young"]
    tools = call(REGISTER_TRAJECTORY_TOOL, world.space, request, organisation=world.space.organisation)
    pk = world.space.pk
    pages = [reverse("trajectories:overview", args=[pk])]
    pages += [tool.url for tool in tools]
    for name in ("participants", "who_sees", "access_log"):
        pages.append(reverse(f"trajectories:{name}", args=[pk]))
    return pages


def normalised(response):
    return NEXT.sub("", CSRF.sub("", response.content.decode()))


def assert_no_store(response, where):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, f"{where}: Cache-Control {cache_control!r}"


def build_round(world, audience, keys=KINDS):
    """One item of each kind in `keys` for `audience`, by the counsellor: {key: (kind, item, secret)}. One round at a
    time: some kinds (the social map) hold one item per author."""
    return {key: build(world, key, audience) for key in keys}


def _sweep_every_kind(world):
    """The sweep behind test_every_kind_every_audience_every_role_every_page, made once for all kinds: per audience,
    one item of every kind, every page of the space and every item asked by everyone; the problems per kind. A
    problem of a page (its status) is every kind's problem; a response that may be cached fails them all at once."""
    problems = {key: [] for key in KINDS}
    pages = space_pages(world)

    def everyone(problem):
        for found in problems.values():
            found.append(problem)

    # The 404 of a missing item, per person and kind: the same page whichever id is missing (NEXT and CSRF aside,
    # see `normalised`), so it is asked once rather than again beside every item of every audience.
    missing_pages = {}

    def missing_page(client, who, kind, item):
        if (who, kind.key) not in missing_pages:
            missing_pages[who, kind.key] = normalised(client.get(kind.item_url(world.space.pk, item.pk + 100000)))
        return missing_pages[who, kind.key]

    for audience in AUDIENCES:
        built = build_round(world, audience)
        for who in PEOPLE:
            client = world.client(who)
            on_pages = {key: [] for key in KINDS}
            # People outside the space get a 404 for every page: checked once, not again for each audience.
            for page in pages if (who in ACTIVE or audience == AUDIENCES[0]) else ():
                response = client.get(page)
                assert_no_store(response, page)
                if who in ACTIVE and response.status_code not in (200, 404):  # 404: the access log, for some
                    everyone(f"{who} {page}: {response.status_code}")
                if who not in ACTIVE and response.status_code != 404:
                    everyone(f"{who} {page}: {response.status_code}, expected 404 (not in the space)")
                body = response.content.decode()
                for key, (_kind, _item, secret) in built.items():
                    if secret in body:
                        on_pages[key].append(page)
            for key, (kind, item, secret) in built.items():
                item_url = kind.item_url(world.space.pk, item.pk)
                response = client.get(item_url)
                assert_no_store(response, item_url)
                body = response.content.decode()
                if who in readers(audience):
                    if response.status_code != 200 or secret not in body:
                        problems[key].append(f"{who} cannot read {key}/{audience} ({response.status_code})")
                    continue
                if on_pages[key]:
                    problems[key].append(f"{who} reads {key}/{audience} on {on_pages[key]}")
                if secret in body:
                    problems[key].append(f"{who} reads {key}/{audience} on its page")
                if who in knowers(audience):
                    if response.status_code != 200 or "not for you" not in body or "EchteProA" not in body:
                        problems[key].append(f"{who} {key}/{audience}: expected the placeholder with the author")
                elif response.status_code != 404 or normalised(response) != missing_page(client, who, kind, item):
                    problems[key].append(f"{who} {key}/{audience}: {response.status_code}, not a missing item's 404")
    return problems


@pytest.fixture(scope="module")
def every_kind_problems(world, django_db_blocker):
    """The sweep, once for the module (its writes rolled back at once, tests/fixtures/worlds.py)."""
    return computed_once(django_db_blocker, lambda: _sweep_every_kind(fresh_copy(world)))


@pytest.mark.parametrize("key", KINDS)
def test_every_kind_every_audience_every_role_every_page(every_kind_problems, key):
    """SEC-01/SEC-04: for each audience, the item's content appears on a page exactly for its readers; the young
    person gets a placeholder with the author; everyone else gets the 404 of a missing item. Every response of
    the space is ``no-store, private`` (SEC-19). The items of every kind are in the space at once: a page that
    shows one kind's content to the wrong person is found whichever kind's page it is."""
    assert every_kind_problems[key] == []


@pytest.mark.parametrize("key", KINDS)
def test_notifications_and_mail_never_carry_content(scene, key):
    """SEC-22: whatever a kind sends (a new message, a reminder), the notification centre and the e-mail carry no
    care content; and only readers are told about an item."""
    world = scene
    built = {audience: build(world, key, audience) for audience in AUDIENCES}
    secrets = [secret for _kind, _item, secret in built.values()]
    for notification in Notification.objects.all():
        for secret in secrets:
            assert secret not in notification.title + notification.text
    for message in OutboundMessage.objects.all():
        for secret in secrets:
            assert secret not in message.subject + message.body
    for audience, (_kind, item, _secret) in built.items():
        told = set(
            Notification.objects.filter(object_id=str(item.pk), content_type__model=item._meta.model_name).values_list(
                "recipient__email", flat=True
            )
        )
        allowed = {world.users[who].email for who in readers(audience)}
        assert told <= allowed, (audience, told - allowed)
    for who in PEOPLE:
        page = world.client(who).get(reverse("notification_centre"))
        for secret in secrets:
            assert secret not in page.content.decode()


def test_a_new_message_is_notified_to_the_people_in_the_conversation_only(scene):
    from trajectories.messaging.services import message_send

    world = scene
    for audience in AUDIENCES:
        _kind, thread, _secret = build(world, "message_thread", audience)
        message_send(thread=thread, by=world.users["young" if audience == Audience.EVERYONE else AUTHOR], text="x")
        told = set(
            Notification.objects.filter(object_id=str(thread.pk), content_type__model="messagethread").values_list(
                "recipient__email", flat=True
            )
        )
        expected = {world.users[who].email for who in readers(audience)}
        assert told and told <= expected
        assert world.users["banned_parent"].email not in told


@pytest.mark.parametrize("key", KINDS)
def test_site_search_never_finds_a_space(scene, key):
    """Spaces never appear in site search: not for the people in them, not for the superadmin."""
    world = scene
    built = {audience: build(world, key, audience) for audience in AUDIENCES}
    queries = [secret for _kind, _item, secret in built.values()] + [world.space.title, "Sara Peeters"]
    for who in ["anonymous", *PEOPLE]:
        client = world.client(who)
        for query in queries:
            body = client.get(reverse("search"), {"q": query}).content.decode()
            assert f"/werkruimte/{world.space.pk}/" not in body, (who, query)


def test_files_are_served_only_to_readers(scene):
    """SEC-06: a document's file through the download view only, for readers; the young person's placeholder
    gives no file; everyone else the 404 of a missing file."""
    world = scene
    problems = []
    for audience in AUDIENCES:
        chosen = [world.seats[CHOSEN].pk] if audience == Audience.CHOSEN else []
        secret = secret_for("file", audience)
        upload = SimpleUploadedFile(f"{secret}.txt", f"{secret} inhoud".encode(), content_type="text/plain")
        document = document_create_file(
            trajectory=world.space,
            by=world.users[AUTHOR],
            title="Verslag",
            upload=upload,
            audience=audience,
            chosen=chosen,
        )
        url = reverse("trajectories:document_download", args=[world.space.pk, document.pk, 1])
        missing = reverse("trajectories:document_download", args=[world.space.pk, document.pk + 1000, 1])
        for who in PEOPLE:
            client = world.client(who)
            response = client.get(url)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            if who in readers(audience):
                if response.status_code != 200 or secret.encode() not in content:
                    problems.append(f"{who} cannot download {audience}")
            else:
                other = client.get(missing)
                if response.status_code != 404 or secret.encode() in content or other.status_code != 404:
                    problems.append(f"{who} {audience}: {response.status_code}")
    assert problems == []


def test_the_ical_feed_holds_only_what_its_owner_reads(scene):
    """The personal iCal feed: links to the appointments its owner reads, no placeholders, never a title or a
    note (no care content in a calendar that syncs to other devices)."""
    world = scene
    if kind_for_key("appointment") is None:
        pytest.fail("the Agenda registers no appointment kind")

    built = {audience: build(world, "appointment", audience) for audience in AUDIENCES}
    for who in PEOPLE:
        if who == "anonymous":
            continue
        token = feed_reset(user=world.users[who])
        try:
            url = feed_url(token)
        except NoReverseMatch:  # pragma: no cover
            url = reverse("trajectories:agenda_feed", args=[token])
        path = url.split("://", 1)[-1]
        path = path[path.index("/") :] if "://" in url else url
        body = world.client("anonymous").get(path).content.decode()
        for audience, (kind, item, secret) in built.items():
            assert secret not in body, (who, audience)  # the feed carries no care content at all
            listed = kind.item_url(world.space.pk, item.pk) in body
            assert listed == (who in readers(audience)), (who, audience)


def test_professionals_and_coordinators_need_two_step_verification_on_every_page(scene):
    """SEC-11 (issue 5 §6): without an authenticator app a professional or coordinator is sent to set it up, on
    every page of the space, with a clear message; the young person and the network need none."""
    world = scene
    pages = space_pages(world)
    Authenticator.objects.filter(user__in=[world.users["pro_a"], world.users["coordinator"]]).delete()
    for who in ("pro_a", "coordinator"):
        client = world.client(who)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 302, (who, page)
            assert response["Location"] == reverse("mfa_activate_totp")
            assert_no_store(response, page)
        followed = client.get(pages[0], follow=True).content.decode()
        assert "Set up two-step verification first." in followed
    for who in ("young", "parent", "network"):
        assert not Authenticator.objects.filter(user=world.users[who]).exists()
        assert world.client(who).get(pages[0]).status_code == 200


# --- Issue 9: professionals backed by an organisation, two-step verification by what a seat reads or decides ------


def _invite_and_open(world, who, role, *, inviter="young"):
    """`inviter` (regie) invites `who`'s address with `role`; returns the open invitation."""
    from trajectories.models import Participant

    space_services.participant_invite(
        trajectory=world.space, by=world.users[inviter], email=world.users[who].email, role=role
    )
    return Participant.objects.get(trajectory=world.space, email=world.users[who].email)


def _respond(world, who, participant, **data):
    url = reverse("trajectories:invitation_respond", args=[participant.pk])
    return world.client(who).post(url, {"answer": "accept", **data})


@pytest.mark.parametrize("role", ["professional", "coordinator"])
def test_family_member_promoted_by_the_regie_holder_is_refused(scene, role):
    """Hole 3 (SEC-04): the young person, who holds regie, cannot make the mother a professional or coordinator —
    not by a forged POST of the edit form (the form does not offer it) and not through the service. She then
    reads no professionals-only item and no file; the refusal is in the access log."""
    from trajectories.models import AccessLogEntry, AccessOutcome

    world = scene
    kind, item, secret = build(world, "log_entry", Audience.PROFESSIONALS)
    parent = world.seats["parent"]
    edit = reverse("trajectories:participant_edit", args=[world.space.pk, parent.pk])
    form = world.client("young").get(edit).content.decode()
    assert f'value="{role}"' not in form
    forged = world.client("young").post(
        edit, {"name": "", "role": role, "relation": "mama", "organisation_name": "", "has_parental_authority": "on"}
    )
    assert forged.status_code == 403
    assert "Nobody can be made a professional or coordinator here." in forged.content.decode()
    parent.refresh_from_db()
    assert parent.role == "network"
    assert AccessLogEntry.objects.filter(
        item_type="participant", item_id=parent.pk, outcome=AccessOutcome.REFUSED
    ).exists()
    with pytest.raises(space_services.NotAllowed):
        space_services.participant_update(
            participant=parent,
            by=world.users["young"],
            name="",
            role=role,
            relation="mama",
            organisation_name="",
            has_parental_authority=True,
            contact_ban=False,
        )
    # Even with an authenticator app, the mother still reads nothing that is only for the professionals.
    from tests.trajectories.world import with_totp

    with_totp(world.users["parent"])
    client = world.client("parent")
    response = client.get(kind.item_url(world.space.pk, item.pk))
    assert response.status_code == 404 and secret not in response.content.decode()
    for page in space_pages(world):
        assert secret not in client.get(page).content.decode()


def test_nobody_is_made_the_young_person_and_the_young_persons_role_stays(scene):
    """The nearest cases of hole 3: regie cannot move to another person by making them "the young person", and the
    counsellor (who decides with the young person) cannot make the young person a network member."""
    world = scene
    edit = reverse("trajectories:participant_edit", args=[world.space.pk, world.seats["parent"].pk])
    base = {"name": "", "relation": "mama", "organisation_name": ""}
    assert world.client("young").post(edit, {**base, "role": "client"}).status_code == 403
    edit_young = reverse("trajectories:participant_edit", args=[world.space.pk, world.seats["young"].pk])
    assert world.client("pro_a").post(edit_young, {**base, "role": "network"}).status_code == 403
    world.seats["parent"].refresh_from_db()
    world.seats["young"].refresh_from_db()
    assert (world.seats["parent"].role, world.seats["young"].role) == ("network", "client")


def test_a_professional_of_an_organisation_that_did_not_declare_them_is_refused(scene):
    """Build item "care roles are backed by the organisation": the professional of organisation B (an editor there,
    never declared as a care professional) cannot take a professional seat, not even by naming an organisation in
    a forged answer; once B declares them they can, and the space shows B; when B takes the declaration back,
    their seat no longer reads what is only for the professionals."""
    from core.models import Role as SiteRole
    from core.roles.services import assign_role, revoke_role
    from trajectories.models import ParticipantStatus

    world = scene
    kind, item, secret = build(world, "log_entry", Audience.PROFESSIONALS)
    invitation = _invite_and_open(world, "pro_b", "professional")
    refused = _respond(world, "pro_b", invitation)
    assert refused.status_code == 403
    assert "Only a care professional whom an organisation has declared" in refused.content.decode()
    forged = _respond(world, "pro_b", invitation, care_organisation=world.organisation_b.pk)
    assert forged.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == ParticipantStatus.INVITED and invitation.user_id is None

    # Organisation A did not declare them either: naming A is refused even once B did.
    assign_role(user=world.users["pro_b"], role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_b)
    forged = _respond(world, "pro_b", invitation, care_organisation=world.organisation_a.pk)
    assert forged.status_code == 403
    assert "This organisation has not declared you as a care professional." in forged.content.decode()
    accepted = _respond(world, "pro_b", invitation)
    assert accepted.status_code == 302
    invitation.refresh_from_db()
    assert invitation.care_organisation_id == world.organisation_b.pk
    people = world.client("young").get(reverse("trajectories:participants", args=[world.space.pk]))
    assert world.organisation_b.title in people.content.decode()
    client = world.client("pro_b")
    assert secret in client.get(kind.item_url(world.space.pk, item.pk)).content.decode()

    revoke_role(user=world.users["pro_b"], role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_b)
    response = client.get(kind.item_url(world.space.pk, item.pk))
    assert response.status_code == 404 and secret not in response.content.decode()


def test_a_space_without_organisation_still_takes_only_declared_professionals(scene):
    """A space a parent starts on their own: an invited professional must still be declared by some organisation,
    and nobody starts a space as a professional without a declaration (the start form says why)."""
    from trajectories.models import Role as SpaceRole

    world = scene
    own = space_services.trajectory_start(user=world.users["parent"], title="Thuis", role=SpaceRole.NETWORK)
    assert own.organisation_id is None
    space_services.participant_invite(
        trajectory=own, by=world.users["parent"], email=world.users["outsider"].email, role=SpaceRole.PROFESSIONAL
    )
    from trajectories.models import Participant

    invitation = Participant.objects.get(trajectory=own, email=world.users["outsider"].email)
    answer = world.client("outsider").post(
        reverse("trajectories:invitation_respond", args=[invitation.pk]), {"answer": "accept"}
    )
    assert answer.status_code == 403
    start = world.client("outsider").post(
        reverse("trajectories:start"), {"title": "Mijn dossier", "role": "professional", "regie": "client"}
    )
    assert start.status_code == 400
    assert "Only a care professional whom an organisation has declared" in start.content.decode()
    # Declared by organisation B, the same person starts one as a professional: the seat names B.
    from core.models import Role as SiteRole
    from core.roles.services import assign_role

    assign_role(user=world.users["outsider"], role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_b)
    started = space_services.trajectory_start(user=world.users["outsider"], title="Dossier", role="professional")
    seat = Participant.objects.get(trajectory=started, user=world.users["outsider"])
    assert seat.care_organisation_id == world.organisation_b.pk and seat.is_professional


def test_everyone_with_professionals_only_access_or_regie_needs_two_step_verification(scene):
    """SEC-11 (issue 9): without an authenticator app, whoever reads what is only for the professionals (the
    declared professional and coordinator) and whoever holds regie without being the young person (here the mother,
    who started a space the young person has not joined yet) is sent to set it up on every page — no content, not
    even the space's name, also not in "My spaces". The young person, who holds regie, and a network member, who
    does not, need none; neither does a declared care professional who takes part as a family member."""
    from core.models import Role as SiteRole
    from core.roles.services import assign_role
    from trajectories.models import Regie

    world = scene
    kind, item, secret = build(world, "log_entry", Audience.PROFESSIONALS)
    Authenticator.objects.filter(user__in=[world.users["pro_a"], world.users["coordinator"]]).delete()
    # The mother starts a second space; the young person has not joined it, so she decides there.
    own = space_services.trajectory_start(
        user=world.users["parent"], title="Geheim dossier van mama", role="network", regie=Regie.CLIENT
    )
    factories.log_entry(trajectory=own, author=own.participants.get(), text="Geheime notitie van mama")
    cases = [
        ("pro_a", world.space, space_pages(world) + [kind.item_url(world.space.pk, item.pk)], secret),
        ("coordinator", world.space, space_pages(world) + [kind.item_url(world.space.pk, item.pk)], secret),
        (
            "parent",
            own,
            [reverse("trajectories:overview", args=[own.pk]), reverse("trajectories:logbook", args=[own.pk])],
            "Geheime notitie",
        ),
    ]
    for who, space, pages, hidden in cases:
        client = world.client(who)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 302, (who, page)
            assert response["Location"] == reverse("mfa_activate_totp"), (who, page)
            assert hidden not in response.content.decode() and space.title not in response.content.decode()
        mine = client.get(reverse("trajectories:my_spaces")).content.decode()
        assert space.title not in mine and reverse("mfa_activate_totp") in mine, who
    # The same mother in the young person's space, where she does not decide: no second step needed.
    assert world.client("parent").get(reverse("trajectories:overview", args=[world.space.pk])).status_code == 200
    for who in ("young", "network"):
        assert not Authenticator.objects.filter(user=world.users[who]).exists()
        assert world.client(who).get(reverse("trajectories:overview", args=[world.space.pk])).status_code == 200
    # The teacher is declared as a care professional elsewhere, but takes part here as a network member.
    assign_role(user=world.users["network"], role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_b)
    teacher = world.client("network")
    assert teacher.get(reverse("trajectories:overview", args=[world.space.pk])).status_code == 200
    assert teacher.get(kind.item_url(world.space.pk, item.pk)).status_code == 404
    # With the authenticator app set up, the professional opens everything again.
    from tests.trajectories.world import with_totp

    with_totp(world.users["pro_a"])
    assert secret in world.client("pro_a").get(kind.item_url(world.space.pk, item.pk)).content.decode()


def test_a_superadmin_declared_as_care_professional_still_sees_nothing(scene):
    """Being declared a care professional (even by one's own hand, as superadmin) is not taking part: every page and
    item of the space answers the 404 of a missing space, and the attempt is in the young person's log under the
    administrator's own address (never a display name alone)."""
    from core.models import Role as SiteRole
    from core.roles.services import assign_role
    from trajectories.models import AccessLogEntry, AccessOutcome

    world = scene
    kind, item, secret = build(world, "log_entry", Audience.PROFESSIONALS)
    admin = world.users["superadmin"]
    admin.display_name = "Sara Peeters"  # a display name anyone can choose
    admin.save(update_fields=["display_name"])
    assign_role(user=admin, role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_a)
    client = world.client("superadmin")
    missing = normalised(client.get(reverse("trajectories:overview", args=[world.space.pk + 1000])))
    for page in [*space_pages(world), kind.item_url(world.space.pk, item.pk)]:
        response = client.get(page)
        assert response.status_code == 404, page
        assert secret not in response.content.decode()
    assert normalised(client.get(reverse("trajectories:overview", args=[world.space.pk]))) == missing
    refused = AccessLogEntry.objects.filter(trajectory=world.space, actor=admin, outcome=AccessOutcome.REFUSED)
    assert refused.exists()
    with translation.override(settings.LANGUAGE_CODE):  # the log is a record, written in the site's language
        administrator = gettext("platform administrator")
    for row in refused:
        assert row.actor_name != "Sara Peeters"
        assert admin.email in row.actor_name and administrator in row.actor_name


def test_the_people_page_says_when_no_organisation_declares_a_professional(scene):
    """A seat whose declaration was taken back is shown as such to everyone in the space (and reads nothing that is
    only for the professionals, see above); a declared one is not marked."""
    from core.models import Role as SiteRole
    from core.roles.services import revoke_role

    world = scene
    url = reverse("trajectories:participants", args=[world.space.pk])
    marker = "No organisation declares this person as a care professional"
    assert marker not in world.client("parent").get(url).content.decode()
    revoke_role(user=world.users["coordinator"], role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_a)
    assert world.client("parent").get(url).content.decode().count(marker) == 1
