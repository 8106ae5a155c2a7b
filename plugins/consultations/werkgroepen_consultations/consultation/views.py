"""The consultation's own pages beside the Wagtail page: taking part (each kind), moderation and exports.

Every view finds its consultation through ``ConsultationPage.objects.visible_to(user)``: invisible, switched off
for the organisation and missing all answer 404. Views parse the request, call one service and redirect back to
the page; a refusal renders the page again with the message and what was typed (status 400, or 409 for a second
ballot)."""

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from werkgroepen_consultations.consultation.models import ConsultationPage, Kind
from werkgroepen_consultations.consultation.policies import may_export, may_see_authors
from werkgroepen_consultations.consultation.selectors import consultation_for
from werkgroepen_consultations.consultation.services import Refused, answering_organisation, reason_moderate
from werkgroepen_consultations.plans import selectors as plans
from werkgroepen_consultations.plans.services import pin_drop, pin_moderate, pin_react, reaction_moderate
from werkgroepen_consultations.scenarios import selectors as scenarios
from werkgroepen_consultations.scenarios.services import scenarios_rank
from werkgroepen_consultations.surveys import selectors as surveys
from werkgroepen_consultations.surveys.services import SurveyInvalid, answer_moderate, survey_draft_save, survey_submit
from werkgroepen_consultations.votes import selectors as votes
from werkgroepen_consultations.votes.services import vote_cast


def _page(request, pk):
    page = consultation_for(request.user, pk)
    if page is None:
        raise Http404
    return page


def _session_key(request):
    """The visitor's session, made now if needed: a visitor's ballot on an 'everyone' consultation is one per
    browser session."""
    if request.user.is_authenticated:
        return ""
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def _again(request, page, *, refused, status=400, **extra):
    context = page.get_context(request)
    context.update(refused=refused, typed=dict(request.POST.lists()), **extra)
    return TemplateResponse(request, page.get_template(request), context, status=409 if refused.already else status)


def _done(request, page, text, anchor="take-part"):
    messages.success(request, text)
    return redirect(f"{page.url}#{anchor}")


def _organisation(request, page):
    return answering_organisation(page=page, user=request.user, organisation_id=request.POST.get("organisation"))


@require_POST
def survey(request, pk):
    page = _page(request, pk)
    data = dict(request.POST.lists())
    try:
        if request.POST.get("action") == "save":
            survey_draft_save(page=page, user=request.user, data=data)
            return _done(
                request, page, _("Your answers are saved. Come back before the consultation closes to send them.")
            )
        survey_submit(
            page=page,
            user=request.user,
            data=data,
            organisation=_organisation(request, page),
            session_key=_session_key(request),
        )
    except SurveyInvalid as refused:
        return _again(request, page, refused=refused, errors=refused.errors)
    except Refused as refused:
        return _again(request, page, refused=refused)
    return _done(request, page, _("Thank you! Your answers are in."))


@require_POST
def vote(request, pk):
    page = _page(request, pk)
    try:
        vote_cast(
            page=page,
            user=request.user,
            option_ids=request.POST.getlist("option"),
            organisation=_organisation(request, page),
            session_key=_session_key(request),
        )
    except Refused as refused:
        return _again(request, page, refused=refused)
    return _done(request, page, _("Thank you! Your vote is in."))


@require_POST
def scenario_ranking(request, pk):
    page = _page(request, pk)
    ranks = {name[len("scenario_") :]: value for name, value in request.POST.items() if name.startswith("scenario_")}
    try:
        scenarios_rank(
            page=page,
            user=request.user,
            ranks=ranks,
            reason=request.POST.get("reason", ""),
            organisation=_organisation(request, page),
            session_key=_session_key(request),
        )
    except Refused as refused:
        return _again(request, page, refused=refused)
    return _done(request, page, _("Thank you! Your order of the scenarios is in."))


@require_POST
def pin(request, pk):
    page = _page(request, pk)
    try:
        pin_drop(
            page=page,
            user=request.user,
            x=request.POST.get("x", ""),
            y=request.POST.get("y", ""),
            category=request.POST.get("category", ""),
            comment=request.POST.get("comment", ""),
        )
    except Refused as refused:
        return _again(request, page, refused=refused)
    return _done(request, page, _("Your pin is on the plan."), anchor="pins")


@require_POST
def pin_reaction(request, pin_pk):
    found = plans.pin_for(request.user, pin_pk)
    if found is None:
        raise Http404
    try:
        pin_react(pin=found, user=request.user, text=request.POST.get("text", ""))
    except Refused as refused:
        return _again(request, found.consultation, refused=refused, reaction_pin=found.pk)
    return _done(request, found.consultation, _("Your reaction is added."), anchor=f"pin-{found.pk}")


def _hidden(request):
    return request.POST.get("hidden") == "1"


@require_POST
def moderate_answer(request, answer_pk):
    visible = ConsultationPage.objects.visible_to(request.user)
    answer = surveys.answer_for_moderation(request.user, answer_pk, visible=visible)
    if answer is None:
        raise Http404
    try:
        answer_moderate(answer=answer, by=request.user, hidden=_hidden(request))
    except Refused:
        raise Http404 from None  # not a moderator here: as if the answer did not exist
    return _done(request, answer.ballot.consultation, _("Done."), anchor="results")


@require_POST
def moderate_reason(request, ballot_pk):
    ballot = scenarios.ballot_for_moderation(ballot_pk, visible=ConsultationPage.objects.visible_to(request.user))
    if ballot is None:
        raise Http404
    try:
        reason_moderate(ballot=ballot, by=request.user, hidden=_hidden(request))
    except Refused:
        raise Http404 from None
    return _done(request, ballot.consultation, _("Done."), anchor="results")


@require_POST
def moderate_pin(request, pin_pk):
    found = plans.pin_for(request.user, pin_pk)
    if found is None:
        raise Http404
    try:
        pin_moderate(pin=found, by=request.user, hidden=_hidden(request))
    except Refused:
        raise Http404 from None
    return _done(request, found.consultation, _("Done."), anchor="pins")


@require_POST
def moderate_reaction(request, reaction_pk):
    found = plans.reaction_for_moderation(request.user, reaction_pk)
    if found is None:
        raise Http404
    try:
        reaction_moderate(reaction=found, by=request.user, hidden=_hidden(request))
    except Refused:
        raise Http404 from None
    return _done(request, found.pin.consultation, _("Done."), anchor=f"pin-{found.pin_id}")


EXPORTS = {
    Kind.SURVEY: surveys.export,
    Kind.VOTE: votes.export,
    Kind.SCENARIOS: scenarios.export,
    Kind.PLAN: plans.export,
}


def _safe(value):
    """A cell a spreadsheet will not run: text starting with = + - @ (or a tab/return) gets a leading quote."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def export(request, pk, fmt):
    """The results as CSV or XLSX, for moderators and observers; names only for a named consultation's
    moderators."""
    page = _page(request, pk)
    if fmt not in {"csv", "xlsx"} or not may_export(request.user, page):
        raise Http404
    header, rows = EXPORTS[page.kind](page, with_names=may_see_authors(request.user, page))
    name = slugify(page.title) or f"raadpleging-{page.pk}"
    if fmt == "csv":
        writer = csv.writer(_Echo())
        lines = (writer.writerow([_safe(cell) for cell in row]) for row in _chain(header, rows))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=str(_("Results"))[:31])
        for row in _chain(header, rows):
            sheet.append([_safe(cell) for cell in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _chain(header, rows):
    yield header
    yield from rows
