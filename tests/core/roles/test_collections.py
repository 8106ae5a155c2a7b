"""Images and documents for editors (issue 14 §12; SEC-01, SEC-04, SEC-21): each organisation has a Wagtail
collection; the roles given through core.roles carry its collection permissions, so editors, organisation admins
and moderators upload and choose images and documents of their own organisation, and no listing or chooser of the
administration shows another organisation's."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from core.models import OrganisationCollection, Role
from core.roles import services as roles
from themes.factories import image, organisation_page, png_bytes, theme_page

MIGRATION = importlib.import_module("themes.migrations.0009_organisation_collections_representation_requests")


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


def collection_of(page):
    return OrganisationCollection.objects.get(page=page).collection


def document(*, title, collection):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"verslag", name=f"{title.lower()}.txt"), collection=collection
    )


@pytest.fixture
def media(organisation, other_organisation):
    """An image and a document with a unique title in each organisation's collection."""
    return {
        "image_a": image(title="BEELDA4411", collection=collection_of(organisation)),
        "image_b": image(title="BEELDB4411", collection=collection_of(other_organisation)),
        "document_a": document(title="DOCA4411", collection=collection_of(organisation)),
        "document_b": document(title="DOCB4411", collection=collection_of(other_organisation)),
    }


def _policy(model):
    """Wagtail's permission policy of images or documents (what its listings and choosers ask)."""
    return policy_registry.get_by_type(model)


def admin_client(client, user):
    client.force_login(user)
    return client


def test_a_new_organisation_gets_its_own_collection_below_the_root(home):
    first = organisation_page(title="Gemeente Oost")
    second = organisation_page(title="Gemeente West")

    assert collection_of(first).name == "Gemeente Oost"
    assert collection_of(first) != collection_of(second)
    assert collection_of(first).get_parent() == Collection.get_first_root_node()
    # Publishing the page again (a save of an existing page) makes no second one.
    first.save_revision().publish()
    assert OrganisationCollection.objects.filter(page=first).count() == 1


@pytest.mark.parametrize(
    ("role", "on_theme", "can_change_others"),
    [
        (Role.EDITOR, False, True),
        (Role.ORGANISATION_ADMIN, False, True),
        (Role.EDITOR, True, True),  # an editor of one theme works in the organisation's collection
        (Role.MODERATOR, True, False),  # adds and chooses; changes only what they uploaded themselves
    ],
)
def test_roles_give_image_and_document_rights_on_their_organisations_collection_only(
    user_factory, organisation, other_organisation, theme, media, role, on_theme, can_change_others
):
    person = user_factory("rol@example.org", "Rol")
    roles.assign_role(user=person, role=role, page=theme if on_theme else organisation)
    own, foreign = collection_of(organisation), collection_of(other_organisation)

    for model in (get_image_model(), get_document_model()):
        policy = _policy(model)
        assert list(policy.collections_user_has_permission_for(person, "add")) == [own]
        choosable = policy.instances_user_has_permission_for(person, "choose")
        assert {item.collection_id for item in choosable} == {own.pk}
        assert not choosable.filter(collection=foreign).exists()
        changeable = policy.instances_user_has_permission_for(person, "change")
        assert changeable.filter(collection=own).exists() is can_change_others
        assert not changeable.filter(collection=foreign).exists()


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.CARE_PROFESSIONAL])
def test_observers_and_care_professionals_get_no_images_or_documents(user_factory, organisation, media, role):
    person = user_factory("kijker@example.org", "Kijker")
    roles.assign_role(user=person, role=role, page=organisation)

    for model in (get_image_model(), get_document_model()):
        assert not _policy(model).instances_user_has_permission_for(person, "choose").exists()
        assert not _policy(model).collections_user_has_permission_for(person, "add").exists()


@pytest.mark.parametrize(
    ("listing", "kind"),
    [
        ("/admin/images/", "image"),
        ("/admin/images/chooser/", "image"),
        ("/admin/images/chooser/results/?q={}", "image"),
        ("/admin/images/?q={}", "image"),
        ("/admin/documents/", "document"),
        ("/admin/documents/chooser/", "document"),
        ("/admin/documents/chooser/results/?q={}", "document"),
        ("/admin/documents/?q={}", "document"),
    ],
)
def test_an_editor_of_a_sees_a_s_images_and_documents_and_none_of_b_s(
    client, user_factory, organisation, media, listing, kind
):
    editor = user_factory("redacteur@example.org", "Redacteur")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    client = admin_client(client, editor)
    own, foreign = media[f"{kind}_a"], media[f"{kind}_b"]
    # A link to the item (its edit or chooser address) shows it is listed; a search screen echoes the query, so the
    # title alone proves nothing there.
    link = re.compile(rf"{kind}s/(?:edit/|chooser/chosen/|chooser/)?{{}}/")

    response = client.get(listing.format(own.title))
    assert response.status_code == 200
    assert link.pattern and re.search(link.pattern.format(own.pk), response.content.decode())
    # Searched by its exact title, B's item stays out of sight too.
    for url in {listing.format(own.title), listing.format(foreign.title)}:
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert not re.search(link.pattern.format(foreign.pk), body), url
        if "q=" not in url:
            assert foreign.title not in body, url


def test_before_any_role_the_image_and_document_screens_stay_closed(client, user_factory, organisation, media):
    """The nearest forbidden case: a member without a role reaches none of it (the admin sends them away)."""
    person = user_factory("lid2@example.org", "Lid2")
    client.force_login(person)
    for url in ("/admin/images/", "/admin/documents/", "/admin/images/chooser/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "BEELDA4411" not in response.content.decode()


def test_an_editor_of_a_cannot_open_or_change_an_image_or_document_of_b(
    client, user_factory, organisation, other_organisation, media
):
    editor = user_factory("redacteur@example.org", "Redacteur")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    client = admin_client(client, editor)
    image_b, document_b = media["image_b"], media["document_b"]

    for url in (
        f"/admin/images/{image_b.pk}/",
        f"/admin/images/{image_b.pk}/delete/",
        f"/admin/images/chooser/{image_b.pk}/",
        f"/admin/documents/edit/{document_b.pk}/",
        f"/admin/documents/delete/{document_b.pk}/",
        f"/admin/documents/chooser/{document_b.pk}/",
    ):
        response = client.get(url)
        assert response.status_code != 200 or "4411" not in response.content.decode(), url
    changed = client.post(f"/admin/images/{image_b.pk}/", {"title": "Overgenomen", "collection": image_b.collection_id})
    assert changed.status_code != 200 or "Overgenomen" not in changed.content.decode()
    image_b.refresh_from_db()
    assert image_b.title == "BEELDB4411"
    # Its own organisation's image opens.
    assert client.get(f"/admin/images/{media['image_a'].pk}/").status_code == 200


def test_an_editor_uploads_an_image_into_their_organisations_collection(client, user_factory, organisation, media):
    editor = user_factory("redacteur@example.org", "Redacteur")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    client = admin_client(client, editor)

    response = client.post(
        "/admin/images/add/",
        {"title": "Fietspad", "file": ContentFile(png_bytes(colour="#225522"), name="fietspad.png")},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    uploaded = get_image_model().objects.get(title="Fietspad")
    assert uploaded.collection == collection_of(organisation)
    assert uploaded.uploaded_by_user == editor


def test_an_editor_cannot_upload_into_another_organisations_collection(
    client, user_factory, organisation, other_organisation
):
    editor = user_factory("redacteur@example.org", "Redacteur")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    client = admin_client(client, editor)

    client.post(
        "/admin/images/add/",
        {
            "title": "Ingeschoven",
            "collection": collection_of(other_organisation).pk,
            "file": ContentFile(png_bytes(colour="#552222"), name="ingeschoven.png"),
        },
    )

    assert not get_image_model().objects.filter(collection=collection_of(other_organisation)).exists()


def test_losing_the_role_closes_the_collection(client, user_factory, organisation, media):
    editor = user_factory("redacteur@example.org", "Redacteur")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    roles.revoke_role(user=editor, role=Role.EDITOR, page=organisation)

    assert not _policy(get_image_model()).instances_user_has_permission_for(editor, "choose").exists()


def test_the_data_migration_gives_existing_organisations_a_collection_their_roles_and_their_logos(user_factory, home):
    """Organisations and roles from before collections: the migration's step makes what the services make now."""
    logo = image(title="Logo Oud")
    organisation = organisation_page(title="Gemeente Oud", logo=logo)
    theme = theme_page(title="Oud thema", organisation=organisation)
    editor = user_factory("oud@example.org", "Oud")
    roles.assign_role(user=editor, role=Role.MODERATOR, page=theme)
    # As before this change: no collection, no collection permissions.
    old = collection_of(organisation)
    OrganisationCollection.objects.filter(page=organisation).delete()
    old.delete()
    assert not _policy(get_image_model()).instances_user_has_permission_for(editor, "choose").exists()

    MIGRATION.create_collections(django_apps, None)
    MIGRATION.create_collections(django_apps, None)  # safe to run twice

    collection = collection_of(organisation)
    assert collection.name == "Gemeente Oud"
    logo.refresh_from_db()
    assert logo.collection == collection
    editor = type(editor).objects.get(pk=editor.pk)  # Wagtail caches a person's collection permissions on them
    assert list(_policy(get_image_model()).instances_user_has_permission_for(editor, "choose")) == [logo]
    assert Collection.get_first_root_node().get_children().filter(name="Gemeente Oud").count() == 1
    # The tree written by hand is a valid treebeard tree.
    assert Collection.find_problems() == ([], [], [], [], [])


def test_the_admin_api_lists_only_the_editors_own_organisations_images_and_documents(
    client, user_factory, organisation, media
):
    """Wagtail's admin API listed every image and document to anyone in the admin (found by the admin sweep)."""
    editor = user_factory("redacteur@example.org", "Redacteur")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    client = admin_client(client, editor)

    for kind in ("image", "document"):
        listing = client.get(f"/admin/api/main/{kind}s/")
        assert listing.status_code == 200
        titles = {item["title"] for item in listing.json()["items"]}
        assert titles == {media[f"{kind}_a"].title}
        assert client.get(f"/admin/api/main/{kind}s/{media[f'{kind}_b'].pk}/").status_code == 404
        assert client.get(f"/admin/api/main/{kind}s/{media[f'{kind}_a'].pk}/").status_code == 200
