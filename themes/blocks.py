"""StreamField blocks of theme and subtheme pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"), max_length=250, help_text=_("What the image shows, for people who cannot see it.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "themes/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "themes/blocks/document_link.html"


class PhaseBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Phase"), max_length=120)
    start_date = blocks.DateBlock(label=_("Start date"))
    end_date = blocks.DateBlock(label=_("End date"), required=False)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "date"
        label = _("Phase")

    def clean(self, value):
        value = super().clean(value)
        if value.get("end_date") and value["end_date"] < value["start_date"]:
            raise blocks.StructBlockValidationError(
                block_errors={"end_date": ValidationError(_("The end date cannot be before the start date."))}
            )
        return value


class TimelineBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    phases = blocks.ListBlock(PhaseBlock(), label=_("Phases"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Timeline")
        template = "themes/blocks/timeline.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    button_label = blocks.CharBlock(label=_("Button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or a web address"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "themes/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or fill in a web address."))}
            )
        return value


class ThemeBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
    )
    image = ImageBlock()
    document = DocumentLinkBlock()
    timeline = TimelineBlock()
    call_to_action = CallToActionBlock()
