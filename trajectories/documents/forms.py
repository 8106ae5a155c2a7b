"""Forms of the Documenten: a new document from a file or a text, a new version, and the text editor. They parse
and keep what was typed; the rules (file checks, optimistic locking) live in :mod:`trajectories.documents.services`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trajectories.forms import ItemForm

DOCUMENT_TEXT_LIMIT = 100_000


class DocumentUploadForm(ItemForm):
    """A new document from a file (the file is checked by its content in the service)."""

    title = forms.CharField(
        label=_("Name of the document"),
        max_length=200,
        error_messages={"required": _("Give the document a name.")},
    )
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, OpenDocument, text or a photo."),
        error_messages={"required": _("Choose a file."), "empty": _("This file is empty.")},
    )

    def initial_from(self, instance):
        return {"title": instance.title}


class TextDocumentForm(ItemForm):
    """A new text document written in the browser."""

    title = forms.CharField(
        label=_("Name of the document"),
        max_length=200,
        error_messages={"required": _("Give the document a name.")},
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=DOCUMENT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("You can use **bold**, *italic* and lists with -."),
    )

    def initial_from(self, instance):
        return {"title": instance.title}


class VersionUploadForm(forms.Form):
    upload = forms.FileField(
        label=_("New version"),
        error_messages={"required": _("Choose a file."), "empty": _("This file is empty.")},
    )


class TextEditForm(forms.Form):
    """Editing a text document: ``version`` is the version the text was based on (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=DOCUMENT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("You can use **bold**, *italic* and lists with -."),
    )


def keep_file_errors(error):
    """A ``ValidationError`` from :func:`core.content.services.check_upload` as messages for the upload field."""
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
