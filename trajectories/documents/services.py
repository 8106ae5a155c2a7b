"""The Documenten of a space (issue 5 §4): uploaded files and texts written in the browser, each with versions.

* Files are checked by their content and size (:func:`core.content.services.check_upload`, SEC-07), stored under
  a random name outside the public media folder, and served only by the download view after ``visible_to``
  (SEC-06).
* Texts are kept as typed (plain text with light Markdown) and shown through nh3 (SEC-08). Saving is optimistic:
  the form says which version it was based on; when someone else saved a newer one in between,
  :class:`EditConflict` is raised and nothing is saved, so the view can show both texts (nothing is lost).
* Every write goes through the items' rules (:mod:`trajectories.items.services`: seat read fresh, space open, the
  document editable by the actor) and writes its access-log row in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.content.services import check_upload
from trajectories.access import Audience
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.documents.models import Document, DocumentKind, DocumentVersion
from trajectories.documents.selectors import kind
from trajectories.items.services import editable_item, item_create
from trajectories.spaces.services import NotAllowed


class EditConflict(Exception):
    """Someone saved a newer version of the text while this one was being edited; ``current`` is that version."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def _checked(upload, title):
    try:
        return check_upload(upload, alt_text=title or getattr(upload, "name", ""))
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error


def _add_file_version(document, *, number, checked, author):
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        author=author,
    )
    checked.upload.seek(0)
    version.file.save(checked.name, checked.upload, save=False)
    version.save()
    return version


@transaction.atomic
def document_create_file(*, trajectory, by, title, upload, audience=Audience.EVERYONE, chosen=()):
    """`by` adds a document from a file (checked by content and size) for `audience`."""
    checked = _checked(upload, title)
    document = item_create(
        model=Document,
        trajectory=trajectory,
        by=by,
        audience=audience,
        chosen=chosen,
        title=title,
        kind=DocumentKind.FILE,
        version=1,
    )
    _add_file_version(document, number=1, checked=checked, author=document.author)
    return document


@transaction.atomic
def document_create_text(*, trajectory, by, title, text, audience=Audience.EVERYONE, chosen=()):
    """`by` starts a text document written in the browser (version 1)."""
    document = item_create(
        model=Document,
        trajectory=trajectory,
        by=by,
        audience=audience,
        chosen=chosen,
        title=title,
        kind=DocumentKind.TEXT,
        version=1,
    )
    DocumentVersion.objects.create(document=document, number=1, text=text or "", author=document.author)
    return document


@transaction.atomic
def version_add_file(*, document, by, upload):
    """`by` uploads a new version of a file document they may change; the older versions stay."""
    space, current = editable_item(document, by)
    if current.kind != DocumentKind.FILE:
        raise NotAllowed(_("You cannot change this."))
    checked = _checked(upload, current.title)
    current.version += 1
    current.updated_by = space.me
    current.save(update_fields=["version", "updated_by", "updated_at"])
    version = _add_file_version(current, number=current.version, checked=checked, author=space.me)
    audit.record(space=space, item_type=kind().key, item_id=current.pk, action=AccessAction.UPDATE)
    return version


@transaction.atomic
def text_save(*, document, by, text, based_on):
    """`by` saves `text` as a new version of a text document, if nobody saved a newer one since `based_on`.

    Raises :class:`EditConflict` (nothing saved) when the document moved on in the meantime. Returns the new
    version, or None when the text did not change.
    """
    space, current = editable_item(document, by)
    if current.kind != DocumentKind.TEXT:
        raise NotAllowed(_("You cannot change this."))
    latest = current.versions.order_by("-number").first()
    if based_on != current.version:
        raise EditConflict(latest)
    text = text or ""
    if latest is not None and latest.text == text:
        return None
    current.version += 1
    current.updated_by = space.me
    current.save(update_fields=["version", "updated_by", "updated_at"])
    version = DocumentVersion.objects.create(document=current, number=current.version, text=text, author=space.me)
    audit.record(space=space, item_type=kind().key, item_id=current.pk, action=AccessAction.UPDATE)
    return version


def remove_version_file(sender, instance, **kwargs):
    """A deleted version's file leaves the disk once the deletion is committed, however the row went (a deleted
    document takes its versions along). Storage upkeep, not business logic: connected in
    ``TrajectoriesConfig.ready()`` as a ``post_delete`` receiver of ``DocumentVersion``."""
    if instance.file and instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
