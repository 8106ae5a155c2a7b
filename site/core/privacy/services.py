"""Personal data (issue 4 §10, SEC-16, SEC-17): "Mijn gegevens" exports and account deletion.

The core knows no feature by name: every app contributes its part through ``register_user_data``
(``UserData(label, export(user) -> dict, erase(user))``). An export dict may hold ``__files__``, a list of
``(name, file)`` pairs that are packed into the ZIP under ``files/<label>/`` rather than serialised.

An export is built in the background (django-tasks, after commit), stored outside MEDIA_URL's public folders,
downloadable once by its owner only, for 24 hours; the file is deleted when downloaded or expired.
Deleting an account removes the person's personal data and the account row; posts and reactions stay readable
under "deleted user" (their author becomes empty), queued mail is cancelled, sessions end.
"""

import json
import logging
import re
import shutil
import tempfile
import uuid
import zipfile
from datetime import timedelta

from django.apps import apps
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log
from wagtail.search.index import class_is_indexed, insert_or_update_object

from config.hooks import REGISTER_USER_DATA, call
from core.accounts.services import end_all_sessions
from core.invitations.models import Invitation
from core.notifications.services import notify
from core.outbox.models import OutboundMessage, OutboundStatus
from core.privacy.models import DataExport, DataExportStatus
from core.privacy.selectors import core_export

logger = logging.getLogger("werkgroepen.gdpr")

EXPORT_HOURS = 24


def _slug(label):
    return re.sub(r"[^a-z0-9]+", "-", str(label).lower()).strip("-") or "data"


@transaction.atomic
def export_request(*, user):
    """Ask for an export of everything about `user`; it is built in the background after commit."""
    export = DataExport.objects.create(user=user, public_id=uuid.uuid4())
    log(instance=export, action="werkgroepen.data_export_requested", user=user, title=f"#{export.pk}")
    transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export


@task()
def build_data_export(export_id):
    """Background task: build a person's "Mijn gegevens" ZIP (:func:`build_export`). Declared beside the services
    that enqueue it and that it runs, so one module holds both."""
    export = build_export(export_id)
    return export.pk if export else None


def build_export(export_id):
    """Build the ZIP of an export (the worker). Safe to run twice: a built export is left alone."""
    purge_expired_exports()
    export = DataExport.objects.select_related("user").filter(pk=export_id, status=DataExportStatus.PENDING).first()
    if export is None:
        return None
    user = export.user
    try:
        with tempfile.TemporaryFile() as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                sections = [("core", core_export(user))]
                sections += [(data.label, data.export(user)) for data in call(REGISTER_USER_DATA)]
                for label, data in sections:
                    data = dict(data)
                    files = data.pop("__files__", [])
                    archive.writestr(
                        f"{_slug(label)}.json",
                        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                    )
                    for name, field_file in files:
                        try:
                            with (
                                field_file.open("rb") as source,
                                archive.open(f"files/{_slug(label)}/{name}", "w") as target,
                            ):
                                shutil.copyfileobj(source, target, 1024 * 1024)
                        except OSError:
                            logger.warning("File %s missing from the export of user %s", name, user.pk)
            handle.seek(0)
            with transaction.atomic():
                export.file.save(f"private/exports/{export.public_id.hex}.zip", File(handle), save=False)
                now = timezone.now()
                export.status = DataExportStatus.READY
                export.ready_at = now
                export.expires_at = now + timedelta(hours=EXPORT_HOURS)
                export.save(update_fields=["file", "status", "ready_at", "expires_at"])
                notify(
                    code="core.data_export",
                    users=[user],
                    key=f"data-export:{export.pk}",
                    title=_("Your data is ready to download"),
                    text=_("You can download it once, within 24 hours."),
                    url=reverse("my_data"),
                )
    except Exception as error:  # noqa: BLE001 - recorded on the export; the person can ask again
        logger.exception("Export %s failed", export_id)
        DataExport.objects.filter(pk=export.pk).update(status=DataExportStatus.FAILED, error=str(error)[:2000])
        return None
    return export


def export_for_download(*, user, public_id):
    """Take the ready export `public_id` of `user` for its one download: marks it downloaded and returns it, or
    None when it does not exist, is someone else's, was downloaded already or has expired."""
    with transaction.atomic():
        export = (
            DataExport.objects.visible_to(user)
            .select_for_update()
            .filter(public_id=public_id, status=DataExportStatus.READY, expires_at__gt=timezone.now())
            .first()
        )
        if export is None:
            return None
        export.status = DataExportStatus.DOWNLOADED
        export.downloaded_at = timezone.now()
        export.save(update_fields=["status", "downloaded_at"])
        log(instance=export, action="werkgroepen.data_export_downloaded", user=user, title=f"#{export.pk}")
    return export


def export_file_delete(*, storage, name):
    """Delete the file of an export once its one download has been sent (the row already says downloaded)."""
    storage.delete(name)


def purge_expired_exports():
    """Delete the files of exports that expired (and mark them expired); returns how many. Safe to run twice."""
    expired = list(DataExport.objects.filter(status=DataExportStatus.READY, expires_at__lte=timezone.now()))
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(status=DataExportStatus.EXPIRED, file="")
    return len(expired)


@transaction.atomic
def account_delete(*, user):
    """Delete `user`'s account and personal data (SEC-17).

    Every app erases its part (``register_user_data``); queued mail to the person is cancelled and the addresses in
    the outbox are blanked; invitations to their address lose it; export files are deleted; the search index
    forgets them; their sessions end. Posts and reactions stay, shown as by "deleted user".
    """
    user_id = user.pk
    email = user.email.lower()
    for data in call(REGISTER_USER_DATA):
        data.erase(user)
    erased = f"erased-{user_id}@invalid.invalid"
    queued = OutboundMessage.objects.filter(status=OutboundStatus.QUEUED)
    queued.filter(recipient=user).update(status=OutboundStatus.CANCELLED, last_error="account deleted")
    queued.filter(email__iexact=email).update(status=OutboundStatus.CANCELLED, last_error="account deleted")
    for row in OutboundMessage.objects.filter(recipient=user) | OutboundMessage.objects.filter(email__iexact=email):
        OutboundMessage.objects.filter(pk=row.pk).update(
            email=f"erased-{row.pk}@invalid.invalid", subject="", body="", headers={}, recipient=None
        )
    Invitation.objects.filter(email__iexact=email).update(email=erased)
    for export in DataExport.objects.filter(user=user):
        if export.file:
            export.file.delete(save=False)
    authored = _authored_objects(user)
    log(instance=user, action="werkgroepen.account_deleted", user=None, title=f"#{user_id}", data={"user": user_id})
    end_all_sessions(user)
    user.delete()
    transaction.on_commit(lambda: _reindex(authored))


def _authored_objects(user):
    """Indexed objects that name `user` as their author: re-indexed once the author is gone."""
    objects = []
    for model in apps.get_models():
        if not class_is_indexed(model):
            continue
        field = next((f for f in model._meta.get_fields() if f.name == "author" and f.is_relation), None)
        if field is not None and field.related_model is type(user):
            objects.extend(
                (model, pk) for pk in model._default_manager.filter(author=user).values_list("pk", flat=True)
            )
    return objects


def _reindex(objects):
    for model, pk in objects:
        instance = model._default_manager.filter(pk=pk).first()
        if instance is not None:
            try:
                insert_or_update_object(instance)
            except Exception:  # noqa: BLE001 - the search index is rebuilt nightly anyway
                logger.warning("Could not re-index %s %s", model.__name__, pk, exc_info=True)
