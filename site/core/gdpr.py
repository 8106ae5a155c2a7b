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
from importlib import import_module

from django.conf import settings
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from config.hooks import REGISTER_USER_DATA, call
from core.models import (
    DataExport,
    DataExportStatus,
    Invitation,
    Notification,
    NotificationAddress,
    NotificationPreference,
    OutboundMessage,
    OutboundStatus,
    RoleAssignment,
    RoleRequest,
)

logger = logging.getLogger("werkgroepen.gdpr")

EXPORT_HOURS = 24


def _when(value):
    return value.isoformat() if value else None


def _slug(label):
    return re.sub(r"[^a-z0-9]+", "-", str(label).lower()).strip("-") or "data"


def core_export(user):
    """What the core itself holds about `user`."""
    from allauth.account.models import EmailAddress

    return {
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "themes_i_come_for": list(user.interested_themes.values_list("title", flat=True)),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "roles": [
            {"role": a.role, "page": a.page.title if a.page_id else None, "since": _when(a.created_at)}
            for a in RoleAssignment.objects.filter(user=user).select_related("page")
        ],
        "role_requests": [
            {
                "organisation": r.organisation.title,
                "work_phone": r.work_phone,
                "work_email": r.work_email,
                "reason": r.reason,
                "status": r.status,
                "requested_at": _when(r.created_at),
                "decision_reason": r.decision_reason,
            }
            for r in RoleRequest.objects.filter(user=user).select_related("organisation")
        ],
        "notifications": [
            {
                "type": n.type,
                "title": n.title,
                "text": n.text,
                "url": n.url,
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
            }
            for n in Notification.objects.filter(recipient=user).order_by("pk").iterator(chunk_size=1000)
        ],
        # What the person agreed to receive, and where.
        "consents": {
            "notification_preferences": {
                p.type: p.frequency for p in NotificationPreference.objects.filter(user=user).order_by("type")
            },
            "extra_notification_addresses": [
                {"email": a.email, "confirmed_at": _when(a.confirmed_at)}
                for a in NotificationAddress.objects.filter(user=user)
            ],
        },
    }


@transaction.atomic
def export_request(*, user):
    """Ask for an export of everything about `user`; it is built in the background after commit."""
    export = DataExport.objects.create(user=user, public_id=uuid.uuid4())
    log(instance=export, action="werkgroepen.data_export_requested", user=user, title=f"#{export.pk}")
    transaction.on_commit(lambda: _enqueue_build(export.pk))
    return export


def _enqueue_build(export_id):
    from core.tasks import build_data_export

    build_data_export.enqueue(export_id)


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
                from core.notifications import notify

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


def purge_expired_exports():
    """Delete the files of exports that expired (and mark them expired); returns how many. Safe to run twice."""
    expired = list(DataExport.objects.filter(status=DataExportStatus.READY, expires_at__lte=timezone.now()))
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(status=DataExportStatus.EXPIRED, file="")
    return len(expired)


def end_sessions(user):
    """End every session of `user` (database rows and their cached copies)."""
    from django.contrib.sessions.models import Session

    engine = import_module(settings.SESSION_ENGINE)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=1000):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            engine.SessionStore(session_key=session.session_key).delete()


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
    end_sessions(user)
    user.delete()
    transaction.on_commit(lambda: _reindex(authored))


def _authored_objects(user):
    """Indexed objects that name `user` as their author: re-indexed once the author is gone."""
    from django.apps import apps
    from wagtail.search.index import class_is_indexed

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
    from wagtail.search.index import insert_or_update_object

    for model, pk in objects:
        instance = model._default_manager.filter(pk=pk).first()
        if instance is not None:
            try:
                insert_or_update_object(instance)
            except Exception:  # noqa: BLE001 - the search index is rebuilt nightly anyway
                logger.warning("Could not re-index %s %s", model.__name__, pk, exc_info=True)
