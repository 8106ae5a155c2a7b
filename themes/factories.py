"""Builders for the page tree, used by tests and seed_demo."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from themes.models import HomePage, OrganisationPage, SubthemePage, ThemePage


def home_page():
    """The site's HomePage, created under the tree root (and made the default site) if missing."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Werkgroepen", slug="werkgroepen"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Werkgroepen"
        )
    else:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Werkgroepen"
        site.save()
        if old_root.specific_class is Page and old_root.pk != home.pk and not old_root.get_children().exists():
            old_root.delete()
    return home


def organisation_page(*, title, parent=None, **fields):
    parent = parent or home_page()
    return _add_child(parent, OrganisationPage(title=title, **fields))


def theme_page(*, title, organisation, **fields):
    return _add_child(organisation, ThemePage(title=title, **fields))


def subtheme_page(*, title, theme, **fields):
    return _add_child(theme, SubthemePage(title=title, **fields))


def _add_child(parent, page):
    """``parent.add_child(instance=page)`` without the form validation of Wagtail's ``save`` (``full_clean``).

    The builders give valid values; what ``full_clean`` checks (every foreign key, the slug among the siblings,
    unique fields, the organisation's brand colour) cost seven queries per page, and the suite builds a thousand
    organisations and themes. During the save only Wagtail's defaults are set in its place (the slug from the title,
    the draft title, the locale); the save, the tree, the log entry and the signals are Wagtail's. Validation has
    tests of its own (``tests/themes/test_organisation_fields.py``) and runs in the administration's forms."""
    page.full_clean = page._set_core_field_defaults  # what Wagtail's save calls first, once the tree path is known
    try:
        return parent.add_child(instance=page)
    finally:
        del page.full_clean


def png_bytes(*, colour="#1f4e79", text="", width=240, height=96):
    """A small PNG: a coloured block with white initials (logos for the demo and the tests)."""
    canvas = PILImage.new("RGB", (width, height), colour)
    if text:
        draw = ImageDraw.Draw(canvas)
        font = ImageFont.load_default(size=int(height * 0.45))
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        draw.text(
            ((width - (right - left)) / 2 - left, (height - (bottom - top)) / 2 - top), text, fill="#ffffff", font=font
        )
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def image(*, title, colour="#1f4e79", text="", width=240, height=96, content=None, collection=None):
    """A Wagtail image stored in `collection` (the root collection when none); `content` (bytes) overrides the drawn
    PNG."""
    data = content if content is not None else png_bytes(colour=colour, text=text, width=width, height=height)
    image_model = get_image_model()
    extra = {"collection": collection} if collection is not None else {}
    return image_model.objects.create(
        title=title, file=ContentFile(data, name=f"{slugify(title) or 'image'}.png"), **extra
    )
