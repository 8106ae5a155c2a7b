"""An activity's image lands in the running organisation's own Wagtail collection (issue 14 §12): the admins of
that organisation find it in /admin/images/, those of another organisation do not."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from core.models import OrganisationCollection, Role
from core.roles.services import assign_role
from tests.trajectories.world import with_totp
from themes.factories import organisation_page

from .conftest import build_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile("praatcafe.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_image_is_in_the_organisations_collection_and_only_its_admins_find_it(client, switched_on, user_factory):
    from werkgroepen_activities.activities.services import activity_save

    activity = build_activity(switched_on)
    activity = activity_save(
        organisation=switched_on,
        by=None,
        activity=activity,
        values={"image_description": "Mensen rond een tafel met koffie"},
        occurrences=None,
        types=None,
        image_upload=photo(),
    )
    own = OrganisationCollection.objects.get(page_id=switched_on.pk).collection_id
    assert activity.image.collection_id == own

    other = organisation_page(title="Gemeente Elders")
    admins = {}
    for key, organisation in (("own", switched_on), ("other", other)):
        admins[key] = user_factory(f"admin-{key}@example.org", f"Admin {key}")
        assign_role(user=admins[key], role=Role.ORGANISATION_ADMIN, page=organisation)
    for key, finds in (("own", True), ("other", False)):
        client.force_login(with_totp(admins[key]))  # staff need two-step verification
        body = client.get("/admin/images/", headers={"accept-language": "en"}).content.decode()
        assert ("Mensen rond een tafel met koffie" in body) is finds, key
