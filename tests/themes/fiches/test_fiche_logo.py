"""The logo of an organisation fiche, changed on the site (issue 14 §4 and §12): the admins of the running
organisation and the fiche's representatives upload a picture, checked by its content and size (SEC-07), which
becomes an image in the running organisation's own collection; a bad file is refused with a message and what was
typed stays; someone of another organisation gets the 404 and no image is made."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from core.models import OrganisationCollection
from tests.themes.fiches.test_fiches import as_user, client, edit_url, fiche_data, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(name="logo.png", size=(60, 30)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (20, 80, 120)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("who", ["AdminA", "Rep"])
def test_an_admin_or_a_representative_sets_the_logo_in_the_organisations_collection(client, world, who):  # noqa: F811
    fiche = world["a"]
    client = as_user(client, world[who])
    assert "No logo yet." in client.get(edit_url(fiche)).content.decode()

    response = client.post(edit_url(fiche), {**fiche_data(fiche), "logo_upload": png()})

    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.logo is not None and fiche.logo.title == "Logo of Fietsersbond"
    own = OrganisationCollection.objects.get(page_id=fiche.organisation_id).collection_id
    assert fiche.logo.collection_id == own
    page = client.get(edit_url(fiche)).content.decode()
    assert "Current logo:" in page and 'alt="Fietsersbond"' in page


def test_a_file_that_is_not_a_picture_is_refused_and_what_was_typed_stays(client, world):  # noqa: F811
    fiche = world["a"]
    client = as_user(client, world["AdminA"])
    fake = SimpleUploadedFile("logo.png", b"dit is geen afbeelding", content_type="image/png")

    response = client.post(edit_url(fiche), {**fiche_data(fiche, website="https://nieuw.example"), "logo_upload": fake})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Upload a valid image." in body  # Django's own check of the picture, in the field's error list
    assert "https://nieuw.example" in body  # what was typed stays
    fiche.refresh_from_db()
    assert fiche.logo is None and fiche.website != "https://nieuw.example"
    assert not get_image_model().objects.exists()


def test_a_picture_above_the_size_limit_is_refused_with_the_limit(client, world, settings):  # noqa: F811
    settings.PARTICIPATION_ATTACHMENT_MAX_BYTES = 1024 * 1024
    fiche = world["a"]
    client = as_user(client, world["AdminA"])
    big = png(size=(2500, 2500))
    big_bytes = big.read()
    noise = SimpleUploadedFile("groot.png", big_bytes + b"\0" * (1024 * 1024), content_type="image/png")

    response = client.post(edit_url(fiche), {**fiche_data(fiche), "logo_upload": noise})

    assert response.status_code == 400
    assert "groot.png is too large" in response.content.decode() and "at most 1 MB" in response.content.decode()
    fiche.refresh_from_db()
    assert fiche.logo is None


def test_the_logo_can_be_removed(client, world):  # noqa: F811
    fiche = world["a"]
    client = as_user(client, world["AdminA"])
    client.post(edit_url(fiche), {**fiche_data(fiche), "logo_upload": png()})

    response = client.post(edit_url(fiche), {**fiche_data(fiche), "remove_logo": "on"})

    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.logo is None
    assert "No logo yet." in client.get(edit_url(fiche)).content.decode()


@pytest.mark.parametrize("who", ["AdminB", "Jonas", "Buiten"])
def test_someone_who_may_not_edit_the_fiche_gets_the_404_and_no_image_is_made(client, world, who):  # noqa: F811
    fiche = world["a"]
    client = as_user(client, world[who])

    response = client.post(edit_url(fiche), {**fiche_data(fiche), "logo_upload": png()})

    assert response.status_code == 404
    fiche.refresh_from_db()
    assert fiche.logo is None and not get_image_model().objects.exists()
