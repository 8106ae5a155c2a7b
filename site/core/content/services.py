"""Member content: what members write and upload, checked before anything stores it (moved from participation).

Working groups and collaboration spaces (and plugins) all take text and files from people; both must be made safe
the same way, so the one implementation lives here and the apps call it.

**Text** (SEC-08).

Members write in a plain text box with a few marks (Markdown: ``**vet**``, ``*cursief*``, lists, links and
blank lines between paragraphs). Whatever they type, HTML included, passes nh3's allow-list before it is
stored: no script, no style, no event handler, no image, links only to http(s) and mailto.

**Files** (SEC-07).

Documents: pdf, docx, xlsx, odt, ods, txt. Photos: jpg, png, webp (with a required description). At most
``PARTICIPATION_ATTACHMENT_MAX_BYTES`` each. The extension must match the content: an ``.exe`` renamed to
``.pdf`` has no PDF header and is refused; a ``.docx`` must be a zip holding a Word document.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import Truncator, get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

DOCUMENT, PHOTO = "document", "photo"  # the kinds of file a member may upload

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html):
    """`html` reduced to the allow-list; links get rel="nofollow noopener noreferrer ugc"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    ).strip()


def render_member_text(source):
    """What a member typed (light Markdown) as sanitised HTML."""
    html = markdown.markdown(source or "", extensions=["sane_lists", "nl2br"], output_format="html")
    return sanitise_html(html)


def plain_text(html):
    """Sanitised member HTML (:func:`render_member_text`) as readable plain text, for the text part of a mail:
    paragraphs and line breaks kept, list items as "- " lines, links as "text (address)", no Markdown marks."""
    import html as html_module
    import re

    text = re.sub(r">\s+<", "><", html)  # the source's own line breaks between tags say nothing
    text = re.sub(
        r"<a [^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", lambda m: _link_text(m.group(2), m.group(1)), text, flags=re.S
    )
    text = re.sub(r"<br\s*/?>\s*", "\n", text)
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"</(p|ul|ol|blockquote)>", "\n\n", text)
    text = re.sub(r"</li>", "\n", text)
    text = html_module.unescape(strip_tags(text))
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _link_text(label, href):
    import html as html_module

    # Both stay escaped here: the caller unescapes the whole text once.
    label = strip_tags(label)
    address = href.removeprefix("mailto:")
    return label if html_module.unescape(label) == html_module.unescape(address) else f"{label} ({address})"


def has_text(html):
    """Whether sanitised HTML still says something (a body of only tags or spaces is empty)."""
    return bool(strip_tags(html).strip())


def excerpt(html, words=40):
    return Truncator(strip_tags(html).replace("\xa0", " ")).words(words)


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
        kind=PHOTO if is_photo else DOCUMENT,
        content_type=PHOTO_TYPES[extension] if is_photo else DOCUMENT_TYPES[extension],
        size=upload.size,
        alt_text=alt_text[:250] if is_photo else "",
    )
