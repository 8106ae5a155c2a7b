"""Small builders shared by the participation behaviour tests: real files to upload and the post form's data."""

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from themes.factories import png_bytes

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_file(name="verslag.pdf", *, padding=0):
    """A small, real PDF (`padding` bytes of comment make it as large as a test needs)."""
    content = MINIMAL_PDF + (b"%" + b"x" * (padding - 1) + b"\n" if padding else b"")
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(text="Verslag van de werkgroep"):
    """A minimal valid Word document: the zip parts Word itself needs to open it (the same bytes every call)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def part(name, xml):  # a fixed time stamp: the same bytes on every call
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), xml, zipfile.ZIP_DEFLATED)

        part(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        part(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        part(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def docx_file(name="verslag.docx"):
    return SimpleUploadedFile(name, docx_bytes(), content_type=DOCX_TYPE)


def png_file(name="foto.png"):
    return SimpleUploadedFile(name, png_bytes(width=40, height=30), content_type="image/png")


def exe_as_pdf(name="factuur.pdf"):
    """A Windows program renamed to .pdf (the browser even claims it is a PDF)."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf")


def post_form_data(page, *, category=None, **fields):
    """What the post form sends for `page` (a furnished theme or subtheme fixture), with `fields` overriding."""
    data = {
        "title": "Trage fietsbrug",
        "body": "De brug aan het station is te smal.",
        "category": (category or page.vraag).pk,
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def new_post_url(page):
    return reverse("participation:post_create", args=[page.pk])


def body_without_csrf(response):
    return CSRF.sub("", response.content.decode())
