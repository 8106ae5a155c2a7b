"""Pages of the Documenten: the documents of a space, adding a file or a text, one document with its versions (a
new version of a file, the editor of a text with optimistic locking), and the download of a version's file. Every
page goes through :func:`trajectories.space_view.space_view`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trajectories.audit.services import note_reads
from trajectories.documents import DOCUMENTS, selectors, services
from trajectories.documents.forms import DocumentUploadForm, TextDocumentForm, TextEditForm, VersionUploadForm
from trajectories.documents.models import DocumentKind
from trajectories.items.policies import can_add_item
from trajectories.items.selectors import item_in_space, note, show
from trajectories.space_view import (
    ItemNotFound,
    add_errors,
    next_url,
    no_store,
    parse_int,
    refused,
    space_context,
    space_view,
)
from trajectories.spaces.services import NotAllowed, refusal


@space_view
def documents_page(request, space):
    rows = selectors.documents(request, space)
    return render(
        request,
        "trajectories/documents/documents.html",
        space_context(request, space, DOCUMENTS, rows=rows, kind=selectors.kind(), can_add=can_add_item(space)),
    )


@space_view
def document_create(request, space):
    """A new document: a file (``?soort=bestand``, the default) or a text written here (``?soort=tekst``)."""
    kind = selectors.kind()
    if not can_add_item(space):
        return refused(request, space, str(refusal(space)))
    is_text = (request.POST.get("soort") or request.GET.get("soort")) == "tekst"
    form_class = TextDocumentForm if is_text else DocumentUploadForm
    form = form_class(request.POST or None, request.FILES or None, space=space, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            common = {
                "trajectory": space.trajectory,
                "by": request.user,
                "title": data["title"],
                "audience": data["audience"],
                "chosen": data.get("chosen", []),
            }
            try:
                if is_text:
                    document = services.document_create_text(text=data["text"], **common)
                else:
                    document = services.document_create_file(upload=data["upload"], **common)
            except ValidationError as error:
                add_errors(form, error)
            except NotAllowed as error:
                return refused(request, space, str(error))
            else:
                messages.success(request, _("Saved."))
                return redirect(next_url(request, kind.item_url(space.pk, document.pk)))
        status = 400
    return render(
        request,
        "trajectories/documents/form.html",
        space_context(request, space, kind.tool, form=form, kind=kind, is_text=is_text),
        status=status,
    )


def _document_or_404(request, space, item_id):
    kind = selectors.kind()
    found = item_in_space(space, request.user, kind, item_id)
    if found is None:
        raise ItemNotFound(kind, item_id)
    return kind, found


@space_view
def document(request, space, item_id):
    """One document with its versions; a form for a new version (file) or the editor (text, optimistic)."""
    kind, found = _document_or_404(request, space, item_id)
    shown = show(space, kind, found)
    note(request, space, kind, [shown])
    context = {"kind": kind, "shown": shown, "status": 200}
    if not shown.content_visible:
        if request.method == "POST":
            return refused(request, space, _("You cannot change this."), item_type=kind.key, item_id=found.pk)
        return render(
            request, "trajectories/documents/document.html", space_context(request, space, kind.tool, **context)
        )
    versions = selectors.versions(found, space)
    context["versions"] = versions
    context["selected"] = next((v for v in versions if v.number == parse_int(request.GET.get("versie"))), None)
    if found.kind == DocumentKind.TEXT:
        context["latest"] = versions[0] if versions else None
        if shown.can_edit:
            context["form"] = TextEditForm(
                initial={"version": found.version, "text": context["latest"].text if context["latest"] else ""}
            )
    elif shown.can_edit:
        context["form"] = VersionUploadForm()
    if request.method == "POST":
        return _document_post(request, space, kind, found, context)
    return render(request, "trajectories/documents/document.html", space_context(request, space, kind.tool, **context))


def _document_post(request, space, kind, found, context):
    if "form" not in context:
        return refused(request, space, _("You cannot change this."), item_type=kind.key, item_id=found.pk)
    if found.kind == DocumentKind.TEXT:
        form = TextEditForm(request.POST)
        context["form"] = form
        if form.is_valid():
            try:
                saved = services.text_save(
                    document=found,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    based_on=form.cleaned_data["version"],
                )
            except services.EditConflict as conflict:
                # Nothing is lost: the typed text stays in the form, the newer text is shown beside it, and the
                # form is now based on the newer version, so saving again is a deliberate choice.
                data = request.POST.copy()
                data["version"] = conflict.current.number if conflict.current else found.version
                context["form"] = TextEditForm(data)
                context["form"].is_valid()
                context["conflict"] = conflict.current
                context["latest"] = conflict.current
                return _document_render(request, space, kind, context, 409)
            except NotAllowed as error:
                return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
            if saved is None:
                messages.info(request, _("Nothing changed, so no new version was saved."))
            else:
                messages.success(request, _("Saved as version %(number)s.") % {"number": saved.number})
            return redirect(kind.item_url(space.pk, found.pk))
    else:
        form = VersionUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                saved = services.version_add_file(document=found, by=request.user, upload=form.cleaned_data["upload"])
            except ValidationError as error:
                add_errors(form, error)
            except NotAllowed as error:
                return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
            else:
                messages.success(request, _("Saved as version %(number)s.") % {"number": saved.number})
                return redirect(kind.item_url(space.pk, found.pk))
    return _document_render(request, space, kind, context, 400)


def _document_render(request, space, kind, context, status):
    return render(
        request,
        "trajectories/documents/document.html",
        space_context(request, space, kind.tool, **context),
        status=status,
    )


@space_view
@require_GET
def document_download(request, space, item_id, number):
    """One version's file, only for who may read the document (SEC-06): never from MEDIA_URL, always as an
    attachment, with nosniff and a policy that runs nothing."""
    kind = selectors.kind()
    found = selectors.readable_document(space, request.user, item_id)
    if found is None:
        raise ItemNotFound(kind, item_id)
    version = found.versions.filter(number=number).exclude(file="").first()
    if version is None:
        raise Http404
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    note_reads(request, space=space, item_type=kind.key, item_ids=[found.pk])
    response = FileResponse(
        handle, content_type=version.content_type, as_attachment=True, filename=version.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response._csp_exempt = True  # django-csp must not replace this response's own policy
    return no_store(response)
