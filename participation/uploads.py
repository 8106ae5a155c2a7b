"""Attachments are checked by what they contain, never by their name (SEC-07).

Documents: pdf, docx, xlsx, odt, ods, txt. Photos: jpg, png, webp (with a required description). At most
``PARTICIPATION_ATTACHMENT_MAX_BYTES`` each. The extension must match the content: an ``.exe`` renamed to
``.pdf`` has no PDF header and is refused; a ``.docx`` must be a zip holding a Word document.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from participation.models import AttachmentKind

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain",
}
PHOTO_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
PIL_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
ALLOWED_EXTENSIONS = sorted(set(DOCUMENT_TYPES) | set(PHOTO_TYPES))


@dataclass
class CheckedFile:
    upload: object
    name: str
    kind: str
    content_type: str
    size: int
    alt_text: str = ""


def _head(upload, length):
    upload.seek(0)
    data = upload.read(length)
    upload.seek(0)
    return data


def _zip_names(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None, ""
    finally:
        upload.seek(0)
    return names, mimetype


def _content_matches(extension, upload):
    head = _head(upload, 16)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("docx", "xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        names, _mimetype = _zip_names(upload)
        folder = "word/" if extension == "docx" else "xl/"
        return bool(names) and "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)
    if extension in ("odt", "ods"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        _names, mimetype = _zip_names(upload)
        return mimetype == DOCUMENT_TYPES[extension]
    if extension == "txt":
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if extension in PHOTO_TYPES:
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                if image.format != PIL_FORMATS[extension]:
                    return False
                if image.width * image.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                    return False
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            return False
        finally:
            upload.seek(0)
        return True
    return False


def check_upload(upload, *, alt_text=""):
    """A :class:`CheckedFile` for `upload`, or ``ValidationError`` with a message a member understands."""
    original = PurePath(upload.name or "").name
    extension = PurePath(original).suffix.lower().lstrip(".")
    max_bytes = settings.PARTICIPATION_ATTACHMENT_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(name)s is too large (%(size)s MB). A file may be at most %(max)s MB.")
            % {"name": original, "size": round(upload.size / 1024 / 1024, 1), "max": max_bytes // (1024 * 1024)}
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("%(name)s is not a file type we accept. Allowed: %(types)s.")
            % {"name": original, "types": ", ".join(ALLOWED_EXTENSIONS)}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": original})
    if not _content_matches(extension, upload):
        raise ValidationError(
            _("%(name)s is not a real .%(extension)s file. Save it again in that format, or choose another file.")
            % {"name": original, "extension": extension}
        )
    is_photo = extension in PHOTO_TYPES
    alt_text = " ".join((alt_text or "").split())
    if is_photo and not alt_text:
        raise ValidationError(
            _("Describe what the photo %(name)s shows, for people who cannot see it.") % {"name": original}
        )
    safe_name = get_valid_filename(original)[:150] or f"bijlage.{extension}"
    return CheckedFile(
        upload=upload,
        name=safe_name,
        kind=AttachmentKind.PHOTO if is_photo else AttachmentKind.DOCUMENT,
        content_type=PHOTO_TYPES[extension] if is_photo else DOCUMENT_TYPES[extension],
        size=upload.size,
        alt_text=alt_text[:250] if is_photo else "",
    )
