"""The administration sweep (issue 9; SEC-04, SEC-11, SEC-14, SEC-21).

No role on the platform, however high, reaches a young person's space through the administration, reads a
two-step secret there, or gets a way to change another person's e-mail address, password or authenticator.

Every URL pattern of Wagtail's admin (walked from the resolver, so screens added later are swept too) is requested
with GET as a superadmin, an organisation admin of the organisation that runs the space, and an editor of that
organisation. Path parameters are filled with the ids of every account (the young person, parents, the network,
the professionals in the space, the admins) and of every row of every model of trajectories and participation,
with the app and model names of those models, with the moderation queues' slugs, and for search and chooser
screens with the care markers as query. No response may contain:

- care content: a unique marker in the space's title, a goal, a logbook entry, a message, a document's text, the
  social map and participants' names (the young person's, a parent's);
- a TOTP secret or a recovery code of anyone;
- a form field that changes another person's address, password or authenticator;
- an internal error (500).

Images and documents (issue 14 §12): each organisation keeps them in its own collection. Organisation A and B each
have an image and a document with a unique title; the organisation admin and the editor of A never see B's on any
of these URLs (listings, choosers, edit screens, searched by a word of the title), while the superadmin does.

``/django-admin/`` answers 404. The world is built once for the module (rows read-only; each request's writes
are rolled back with its test).
"""

import functools
import re
import uuid

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.mfa import decrypt_value
from core.models import OutboundMessage, OutboundStatus, Role
from core.roles.services import assign_role
from tests.fixtures.not_found import one_not_found_page
from tests.fixtures.worlds import built_once, compact_ids
from tests.trajectories.world import build_world, with_totp

MARKERS = {
    "space": "Werkruimte van Sara Peeters",
    "young": "Sara Peeters",
    "parent": "ZORGOUDER7391",
    "goal": "ZORGDOEL7391",
    "logbook": "ZORGLOGBOEK7391",
    "message": "ZORGBERICHT7391",
    "document": "ZORGDOCUMENT7391",
    "social_map": "ZORGNETWERK7391",
    "task": "ZORGTAAK7391",
}
# Images and documents of organisation B (the search screens are asked for "Zomerfeest", a word of each title).
MEDIA_OF_B = {"image": "Zomerfeest beeldmerk B7391", "document": "Zomerfeest verslagmerk B7391"}
MEDIA_OF_A = {"image": "Zomerfeest beeldmerk A7391", "document": "Zomerfeest verslagmerk A7391"}
SEARCH_WORDS = [
    "Sara",
    "Peeters",
    "Werkruimte",
    "ZORGDOEL",
    "ZORGOUDER",
    "ZORGBERICHT",
    "ZORGLOGBOEK",
    "Zomerfeest",
]
# What each role must not see beside the care content: the organisation admin and the editor are of A.
FOREIGN_MEDIA = {"superadmin": {}, "org_admin": MEDIA_OF_B, "editor": MEDIA_OF_B}
ROLES = ["superadmin", "org_admin", "editor"]
# Views that act on GET or exist to fail: not requested.
SKIPPED_NAMES = {"wagtailadmin_logout", "wagtailadmin_error_test"}
# Forms that create something new for an address someone types (an account, an invitation, a role): an e-mail field
# there changes nobody's address.
NEW_WITH_ADDRESS = {"/admin/users/new/", "/admin/invitations/new/", "/admin/roles/new/"}
# Previews of public pages: their contact form asks the visitor's own address.
PUBLIC_RENDERINGS = ("/view_draft/", "/preview/")
CHANGING_FIELD = re.compile(
    r'<(?:input|select|textarea)\b[^>]*\bname="(?:[\w-]*-)?'
    r'(email|password|password1|password2|new_password1|new_password2|old_password|secret|code|recovery_codes)"',
)
SLUG_WORDS = ["index", "original", "delete", "set_active_state", "assign_role", "approve"]


def _build(home_factory):
    from themes.factories import organisation_page, theme_page
    from themes.models import GroupType

    compact_ids()  # the same ids, so the same URLs, wherever the module runs in the suite (tests/fixtures/worlds.py)
    home_factory()
    organisation_a = organisation_page(title="Organisatie A")
    organisation_b = organisation_page(title="Organisatie B")
    world = build_world(organisation_a, organisation_b)
    users = world.users
    editor = type(users["young"]).objects.create_user(
        email="redacteur-a@example.org", password="een-lang-wachtwoord-42", display_name="RedacteurA"
    )
    assign_role(user=editor, role=Role.EDITOR, page=organisation_a)
    with_totp(editor)
    users["editor"] = editor
    _care_content(world)
    _participation(world, theme_page(title="Gesloten groep", organisation=organisation_a, group_type=GroupType.CLOSED))
    _traces(world)
    _media(organisation_a, MEDIA_OF_A)
    _media(organisation_b, MEDIA_OF_B)
    return world


def _media(organisation, titles):
    """An image and a document in `organisation`'s collection (issue 14 §12)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from core.models import OrganisationCollection
    from themes.factories import image

    collection = OrganisationCollection.objects.get(page=organisation).collection
    image(title=titles["image"], collection=collection)
    get_document_model().objects.create(
        title=titles["document"], file=ContentFile(b"verslag", name="verslag.txt"), collection=collection
    )


def _care_content(world):
    from trajectories import factories
    from trajectories.documents.services import document_create_text
    from trajectories.messaging.services import message_send, thread_start
    from trajectories.network.services import social_map_add_person, social_map_share

    space, users, seats = world.space, world.users, world.seats
    seats["parent"].name = MARKERS["parent"]
    seats["parent"].save(update_fields=["name"])
    goal = factories.goal(trajectory=space, author=seats["pro_a"], title=MARKERS["goal"])
    factories.action(trajectory=space, author=seats["pro_a"], goal=goal, title=f"{MARKERS['goal']} actie")
    factories.log_entry(trajectory=space, author=seats["young"], text=MARKERS["logbook"])
    thread = thread_start(
        trajectory=space,
        by=users["pro_a"],
        subject=MARKERS["message"],
        text=MARKERS["message"],
        chosen=[seats["young"].pk],
    )
    message_send(thread=thread, by=users["young"], text=f"{MARKERS['message']} antwoord")
    document_create_text(trajectory=space, by=users["pro_a"], title="Verslag", text=MARKERS["document"])
    social_map_add_person(trajectory=space, by=users["young"], name=MARKERS["social_map"], circle="familie")
    social_map_share(trajectory=space, by=users["young"], audience="everyone")
    # Reads write the access log: the young person opens their space once.
    world.client("young").get(reverse("trajectories:overview", args=[space.pk]))


def _participation(world, theme):
    from participation import factories
    from participation.moderation import services

    users = world.users
    for who in ("young", "parent", "network"):
        factories.membership(user=users[who], theme=theme)
    post = factories.post(author=users["young"], page=theme, title="Besloten bericht")
    factories.reaction(post=post, author=users["parent"])
    factories.post(author=users["parent"], page=theme, title="Afgeschermd", audience=[users["network"]])
    factories.star(post=post, user=users["network"])
    services.report_create(reporter=users["network"], reason="spam", post=post)


def _traces(world):
    """What administrators may come across: failed mail about the space, a task result naming it, the audit log of
    account actions, recovery codes."""
    from django_tasks_db.models import DBTaskResult

    from core.accounts.services import account_end_sessions

    OutboundMessage.objects.update(status=OutboundStatus.FAILED, last_error="550 mailbox unavailable")
    DBTaskResult.objects.create(
        task_path="core.tasks.deliver_outbox",
        args_kwargs={"args": [MARKERS["task"], MARKERS["space"]], "kwargs": {}},
        status="FAILED",
        exception_class_path="smtplib.SMTPException",
        traceback=f"Traceback: {MARKERS['task']}",
        backend_name="default",
        run_after=timezone.now(),
        return_value=MARKERS["task"],
    )
    for who in ("pro_a", "coordinator", "young"):
        RecoveryCodes.activate(world.users[who])
    account_end_sessions(user=world.users["young"], by=world.users["superadmin"])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from themes.factories import home_page

    yield from built_once(django_db_blocker, lambda: _build(home_page))  # tests/fixtures/worlds.py


@pytest.fixture(scope="module")
def secrets(world, django_db_blocker):
    """Every TOTP secret and every recovery code (and seed) in the database, in the clear."""
    found = []
    with django_db_blocker.unblock():
        authenticators = list(Authenticator.objects.all())
    for authenticator in authenticators:
        if authenticator.type == Authenticator.Type.TOTP:
            found.append(decrypt_value(authenticator.data["secret"]))
        elif authenticator.type == Authenticator.Type.RECOVERY_CODES:
            found.append(decrypt_value(authenticator.data["seed"]))
            found.extend(RecoveryCodes(authenticator).generate_codes())
    assert len(found) > 10
    return found


def private_models():
    return [*apps.get_app_config("trajectories").get_models(), *apps.get_app_config("participation").get_models()]


def sweep_ids(world):
    """The ids of every account, of every row of the private models and of every image and document."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from core.models import User

    ids = set(User.objects.values_list("pk", flat=True))
    ids.update(get_image_model().objects.values_list("pk", flat=True))
    ids.update(get_document_model().objects.values_list("pk", flat=True))
    for model in private_models():
        ids.update(pk for pk in model.objects.values_list("pk", flat=True) if isinstance(pk, int))
    return sorted(ids)


def admin_routes():
    """(reverse name, parameter names) of every named URL pattern under /admin/."""

    def walk(resolver, namespace, prefix):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
                yield from walk(entry, inner or namespace, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield prefix + str(entry.pattern), name, entry

    routes = {}
    for route, name, entry in walk(get_resolver(), "", ""):
        if not route.startswith("admin/") or entry.name in SKIPPED_NAMES:
            continue
        params = list(entry.pattern.regex.groupindex)
        routes.setdefault((name, tuple(params)), route)
    return sorted(routes)


def values_for(param, ids):
    """Candidate values for one path parameter."""
    lowered = param.lower()
    if lowered in ("app_label", "app_name", "content_type_app_name"):
        return sorted({model._meta.app_label for model in private_models()} | {"wg_core", "wagtailcore"})
    if lowered in ("model_name", "content_type_model_name"):
        return sorted({model._meta.model_name for model in private_models()} | {"user", "page"})
    if lowered in ("slug", "kind", "action", "action_name", "filter_spec"):
        from participation.moderation.admin import HISTORY_MODELS
        from participation.moderation.queues import QUEUES

        return [*QUEUES, *HISTORY_MODELS, *SLUG_WORDS]
    if lowered in ("uidb64", "token"):
        return ["MQ", "x"]
    return [str(pk) for pk in ids]


def urls_to_sweep(world):
    ids = sweep_ids(world)
    urls = set()
    for name, params in admin_routes():
        if not params:
            try:
                urls.add(reverse(name))
            except NoReverseMatch:
                pass
            continue
        pairs = {
            "app_label": [m._meta.app_label for m in private_models()],
            "model_name": [m._meta.model_name for m in private_models()],
        }
        candidates = [values_for(param, ids) for param in params]
        # Parameters are filled together (the n-th id in every place) rather than in every combination: each id
        # still reaches every parameter, and app/model names stay in pairs.
        longest = max(len(values) for values in candidates)
        for index in range(longest):
            kwargs = {param: values[index % len(values)] for param, values in zip(params, candidates, strict=True)}
            for app_param, model_param in (
                ("app_label", "model_name"),
                ("content_type_app_name", "content_type_model_name"),
                ("app_name", "model_name"),
            ):
                if app_param in kwargs and model_param in kwargs:
                    position = index % len(pairs["app_label"])
                    kwargs[app_param] = pairs["app_label"][position]
                    kwargs[model_param] = pairs["model_name"][position]
            try:
                urls.add(reverse(name, kwargs=kwargs))
            except NoReverseMatch:
                continue
    # Bulk actions list the people they would act on.
    for action in ("delete", "set_active_state", "assign_role"):
        urls.add(f"/admin/bulk/wg_core/user/{action}/?next=/admin/users/&" + "&".join(f"id={pk}" for pk in ids))
    return sorted(urls)


def search_urls(world):
    """Search, chooser and listing screens, asked for each care marker."""
    searchable = []
    for name, params in admin_routes():
        if params:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if any(word in url for word in ("search", "choose", "chooser", "results", "site-history", "users", "snippets")):
            searchable.append(url)
    # Each query is a word of a marker, never a whole marker: the screens echo the query back.
    return [f"{url}?q={word}" for url in searchable for word in SEARCH_WORDS]


@functools.cache
def _any_secret(secrets):
    """Any of `secrets` as a whole word (the same test as the search for each one below)."""
    return re.compile(rf"(?<![0-9A-Za-z])(?:{'|'.join(re.escape(secret) for secret in secrets)})(?![0-9A-Za-z])")


def problems_in(url, response, secrets, foreign=None):
    found = []
    body = response.content.decode(errors="replace") if not response.streaming else ""
    if response.status_code >= 500:
        found.append(f"{url}: {response.status_code}")
    for key, marker in MARKERS.items():
        if marker in body:
            found.append(f"{url}: care content ({key})")
    for kind, marker in (foreign or {}).items():
        if marker in body:
            found.append(f"{url}: another organisation's {kind}")
    # One pass over the page for all the secrets; only a page that holds one is searched for each of them.
    if _any_secret(tuple(secrets)).search(body):
        for secret in secrets:
            if re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", body):
                found.append(f"{url}: a two-step secret or recovery code")
    path = url.split("?", 1)[0]
    for field in CHANGING_FIELD.findall(body):
        if field == "email" and (path in NEW_WITH_ADDRESS or path.endswith(PUBLIC_RENDERINGS)):
            continue
        found.append(f"{url}: a form field {field!r}")
    return found


def sweep(client, urls, secrets, foreign=None):
    """Each URL's problems. Most answers are 404s (an id of another model's row): the 404 page, which is the same for
    every URL (test_the_not_found_page_is_the_same_for_every_url), is drawn once per person and checked every time
    (tests/fixtures/not_found.py)."""
    problems = []
    with one_not_found_page():
        for url in urls:
            response = client.get(url)
            problems.extend(problems_in(url, response, secrets, foreign))
    return problems


def client_for(world, who):
    client = Client(headers={"accept-language": "en"}, raise_request_exception=False)
    client.force_login(world.users[who])
    return client


@pytest.fixture(scope="module")
def admin_urls(world, django_db_blocker):
    """The URLs to sweep: the same for every role, worked out once."""
    with django_db_blocker.unblock():
        return urls_to_sweep(world)


@pytest.fixture(scope="module")
def admin_search_urls(world):
    return search_urls(world)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_no_admin_url_shows_care_content_secrets_or_a_way_to_change_someone_elses_credentials(
    world, secrets, admin_urls, who
):
    urls = list(admin_urls)
    assert len(urls) > 500, len(urls)  # the sweep really reaches the admin's screens

    problems = sweep(client_for(world, who), urls, secrets, FOREIGN_MEDIA[who])

    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_admin_search_and_choosers_never_find_care_content(world, secrets, admin_search_urls, who):
    problems = sweep(client_for(world, who), admin_search_urls, secrets, FOREIGN_MEDIA[who])
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_the_media_sweep_really_reaches_the_images_and_documents(world, who):
    """The sweep for images and documents is only worth something if the screens list what the role may use: A's
    image and document show to A's organisation admin and editor (and the superadmin), B's only to the
    superadmin."""
    client = client_for(world, who)
    for url, kind in (
        ("/admin/images/", "image"),
        ("/admin/images/chooser/", "image"),
        ("/admin/documents/", "document"),
        ("/admin/documents/chooser/", "document"),
    ):
        body = client.get(url).content.decode()
        assert MEDIA_OF_A[kind] in body, (who, url)
        assert (MEDIA_OF_B[kind] in body) is (who == "superadmin"), (who, url)


@pytest.mark.django_db
def test_the_superadmin_sweep_really_opens_the_account_screens(world, secrets):
    """The sweep is only worth something if the superadmin gets the pages: the young person's account page opens,
    shows their address and no field to change it."""
    client = client_for(world, "superadmin")
    young = world.users["young"]
    page = client.get(f"/admin/users/edit/{young.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert young.email in html
    assert not CHANGING_FIELD.search(html)
    assert client.get(f"/admin/users/history/{young.pk}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", [*ROLES, "young"])
def test_the_django_admin_is_not_mounted(world, who):
    client = client_for(world, who)
    authenticator = Authenticator.objects.filter(user=world.users["pro_a"]).first()
    for url in (
        "/django-admin/",
        "/django-admin/login/",
        f"/django-admin/mfa/authenticator/{authenticator.pk}/change/",
        "/django-admin/account/emailaddress/add/",
        f"/django-admin/wg_core/user/{world.users['young'].pk}/change/",
        f"/django-admin/django_tasks_db/dbtaskresult/{uuid.uuid4()}/change/",
    ):
        assert client.get(url).status_code == 404, url
