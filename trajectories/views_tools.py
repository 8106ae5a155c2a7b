"""Views of the Agenda and Documenten tools. Every page of a space goes through
:func:`trajectories.views.space_view` (same 404 for missing and invisible, MFA for professionals, the access
log written before the response leaves, ``Cache-Control: no-store, private``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trajectories import agenda, audit, documents, selectors, services
from trajectories.forms_tools import (
    DocumentUploadForm,
    TextDocumentForm,
    TextEditForm,
    VersionUploadForm,
)
from trajectories.models_tools import CalendarFeed, DocumentKind
from trajectories.presenters import note, show
from trajectories.views import ItemNotFound, _add_errors, _context, _int, _next_url, _refused, no_store, space_view

# --- Agenda -----------------------------------------------------------------------------------------------------


def _feed_context(request):
    return {
        "has_feed": CalendarFeed.objects.filter(user_id=request.user.pk).exists(),
        "new_feed_url": getattr(request, "new_feed_url", ""),
    }


@space_view
def agenda_page(request, space):
    show_past = request.GET.get("eerder") == "1"
    rows = agenda.past(request, space) if show_past else agenda.upcoming(request, space)
    return render(
        request,
        "trajectories/agenda.html",
        _context(
            request, space, "agenda", rows=rows, show_past=show_past, kind=agenda.kind(), **_feed_context(request)
        ),
    )


@space_view
@require_POST
def agenda_feed_reset(request, space):
    """Make a new personal calendar link; the page shows it once (only its hash is kept)."""
    token = agenda.feed_reset(user=request.user)
    request.new_feed_url = agenda.feed_url(token)
    messages.success(request, _("Your new calendar link is ready. An older link no longer works."))
    rows = agenda.upcoming(request, space)
    return render(
        request,
        "trajectories/agenda.html",
        _context(request, space, "agenda", rows=rows, show_past=False, kind=agenda.kind(), **_feed_context(request)),
    )


@require_GET
def agenda_feed(request, token):
    """The personal iCal feed: the appointments its owner may read now, without care content (no title, place,
    notes or video link). An unknown or replaced token answers 404."""
    feed = agenda.feed_owner(token)
    if feed is None:
        raise Http404
    appointments = agenda.feed_appointments(feed.user)
    agenda.record_feed_reads(feed.user, appointments)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(agenda.render_ical(appointments), content_type="text/calendar; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, no_store=True, private=True)
    return response


@space_view
def appointment(request, space, item_id):
    """One appointment: its details and video link for who may read it, a placeholder for the young person when
    it is not for them; its form for who may change it."""
    kind = agenda.kind()
    found = selectors.item_in_space(space, request.user, kind, item_id)
    if found is None:
        raise ItemNotFound(kind, item_id)
    shown = show(space, kind, found)
    note(request, space, kind, [shown])
    form = None
    status = 200
    editing = shown.can_edit and (request.method == "POST" or request.GET.get("wijzigen") == "1")
    if editing:
        form = kind.form_class(request.POST or None, space=space, user=request.user, instance=found)
    if request.method == "POST":
        if form is None:
            return _refused(request, space, _("You cannot change this."), item_type=kind.key, item_id=found.pk)
        if form.is_valid():
            try:
                services.item_update(item=found, by=request.user, **form.item_fields())
            except ValidationError as error:
                _add_errors(form, error)
            except services.NotAllowed as error:
                return _refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
            else:
                messages.success(request, _("Saved."))
                return redirect(kind.item_url(space.pk, found.pk))
        status = 400
    return render(
        request,
        "trajectories/appointment_detail.html",
        _context(request, space, kind.tool, kind=kind, shown=shown, form=form),
        status=status,
    )


# --- Documents ----------------------------------------------------------------------------------------------------


@space_view
def documents_page(request, space):
    rows = documents.documents(request, space)
    return render(
        request,
        "trajectories/documents.html",
        _context(request, space, "documenten", rows=rows, kind=documents.kind()),
    )


def _closed(request, space):
    return _refused(request, space, _("This space is closed. You can still read it, but nothing can be changed."))


@space_view
def document_create(request, space):
    """A new document: a file (``?soort=bestand``, the default) or a text written here (``?soort=tekst``)."""
    kind = documents.kind()
    if not space.writable:
        return _closed(request, space)
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
                    document = documents.document_create_text(text=data["text"], **common)
                else:
                    document = documents.document_create_file(upload=data["upload"], **common)
            except ValidationError as error:
                _add_errors(form, error)
            except services.NotAllowed as error:
                return _refused(request, space, str(error))
            else:
                messages.success(request, _("Saved."))
                return redirect(_next_url(request, kind.item_url(space.pk, document.pk)))
        status = 400
    return render(
        request,
        "trajectories/document_form.html",
        _context(request, space, kind.tool, form=form, kind=kind, is_text=is_text),
        status=status,
    )


def _document_or_404(request, space, item_id):
    kind = documents.kind()
    found = selectors.item_in_space(space, request.user, kind, item_id)
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
            return _refused(request, space, _("You cannot change this."), item_type=kind.key, item_id=found.pk)
        return render(request, "trajectories/document_detail.html", _context(request, space, kind.tool, **context))
    versions = documents.versions(found, space)
    context["versions"] = versions
    context["selected"] = next((v for v in versions if v.number == _int(request.GET.get("versie"))), None)
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
    return render(request, "trajectories/document_detail.html", _context(request, space, kind.tool, **context))


def _document_post(request, space, kind, found, context):
    if "form" not in context:
        return _refused(request, space, _("You cannot change this."), item_type=kind.key, item_id=found.pk)
    if found.kind == DocumentKind.TEXT:
        form = TextEditForm(request.POST)
        context["form"] = form
        if form.is_valid():
            try:
                saved = documents.text_save(
                    document=found,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    based_on=form.cleaned_data["version"],
                )
            except documents.EditConflict as conflict:
                # Nothing is lost: the typed text stays in the form, the newer text is shown beside it, and the
                # form is now based on the newer version, so saving again is a deliberate choice.
                data = request.POST.copy()
                data["version"] = conflict.current.number if conflict.current else found.version
                context["form"] = TextEditForm(data)
                context["form"].is_valid()
                context["conflict"] = conflict.current
                context["latest"] = conflict.current
                return _document_render(request, space, kind, context, 409)
            except services.NotAllowed as error:
                return _refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
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
                saved = documents.version_add_file(document=found, by=request.user, upload=form.cleaned_data["upload"])
            except ValidationError as error:
                _add_errors(form, error)
            except services.NotAllowed as error:
                return _refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
            else:
                messages.success(request, _("Saved as version %(number)s.") % {"number": saved.number})
                return redirect(kind.item_url(space.pk, found.pk))
    return _document_render(request, space, kind, context, 400)


def _document_render(request, space, kind, context, status):
    return render(
        request, "trajectories/document_detail.html", _context(request, space, kind.tool, **context), status=status
    )


@space_view
@require_GET
def document_download(request, space, item_id, number):
    """One version's file, only for who may read the document (SEC-06): never from MEDIA_URL, always as an
    attachment, with nosniff and a policy that runs nothing."""
    kind = documents.kind()
    from trajectories.models_tools import Document

    found = Document.objects.visible_to(request.user, space=space).filter(trajectory_id=space.pk, pk=item_id).first()
    if found is None:
        raise ItemNotFound(kind, item_id)
    version = found.versions.filter(number=number).exclude(file="").first()
    if version is None:
        raise Http404
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    audit.note_reads(request, space=space, item_type=kind.key, item_ids=[found.pk])
    response = FileResponse(
        handle, content_type=version.content_type, as_attachment=True, filename=version.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response._csp_exempt = True  # django-csp must not replace this response's own policy
    return no_store(response)
