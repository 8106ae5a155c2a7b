"""The fiches room's pages on the public site (issue 14 §4): editing a fiche, asking to represent an organisation,
and the admins' list of requests with their decision. Missing and forbidden both answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from themes.fiches import selectors, services
from themes.fiches.forms import AskToRepresentForm, FicheForm, RefuseForm
from themes.fiches.policies import can_choose_representatives


def _ticked(request):
    return [value for value in request.POST.getlist("representatives") if value.isdigit()]


@login_required
def fiche_edit(request, pk):
    """An admin of the running organisation or a representative edits the fiche; admins also choose its
    representatives among the organisation's members, narrowed by a search on the name ("Zoeken" keeps what was
    typed and saves nothing)."""
    fiche = selectors.fiche_to_edit(request.user, pk)
    if fiche is None:
        raise Http404
    chooses = can_choose_representatives(request.user, fiche)
    searching = request.method == "POST" and "search_members" in request.POST
    search = (request.POST.get("search") or "").strip() if request.method == "POST" else ""
    eligible = offered = None
    if chooses:
        eligible = selectors.eligible_representatives(fiche)
        kept, found = selectors.offered_representatives(fiche, search=search, keep=_ticked(request))
        offered = [*kept, *found]
    if searching:
        # Only the search runs: nothing is checked or saved, and what was typed stays in the fields.
        typed = {name: request.POST.get(name, "") for name in FicheForm.Meta.fields}
        form = FicheForm(
            instance=fiche,
            initial={**typed, "search": search, "representatives": _ticked(request)},
            eligible=eligible,
            offered=offered,
        )
    else:
        form = FicheForm(
            request.POST or None, request.FILES or None, instance=fiche, eligible=eligible, offered=offered or ()
        )
    status = 200
    if request.method == "POST" and not searching:
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("search", None)
            data["logo"] = data.pop("logo_upload", None)
            representatives = data.pop("representatives", None) if chooses else None
            # The form's validation wrote into `fiche`; the service writes from a fresh copy.
            fresh = selectors.fiche_to_edit(request.user, pk)
            try:
                services.fiche_update(fiche=fresh, by=request.user, representatives=representatives, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The fiche of %(name)s has been saved.") % {"name": fresh.name})
                return redirect("themes_fiches:edit", pk=fresh.pk)
        status = 400
    return render(
        request,
        "themes/fiches/edit.html",
        {
            "fiche": fiche,
            "form": form,
            "chooses": chooses,
            "search": search,
            "searched": searching,
            "found": found if chooses else [],
        },
        status=status,
    )


@login_required
@require_POST
def ask_to_represent(request):
    """A member asks to represent an organisation (from the profile); the admins decide."""
    form = AskToRepresentForm(request.POST, user=request.user)
    if form.is_valid():
        fiche = form.cleaned_data["fiche"]
        services.representation_request(user=request.user, fiche=fiche)
        messages.success(
            request,
            _("Your request to represent %(name)s has been sent. Its administrators will confirm it.")
            % {"name": fiche.name},
        )
    else:
        messages.error(request, _("Choose an organisation from the list."))
    return redirect("profile")


@login_required
def requests_list(request):
    """The waiting requests an organisation admin decides, with the fiches they may edit."""
    requests = list(selectors.requests_to_decide(request.user))
    fiches = selectors.own_fiches(request.user)
    if not requests and not fiches.exists():
        raise Http404
    return render(
        request,
        "themes/fiches/requests.html",
        {"requests": requests, "fiches": fiches, "refuse_form": RefuseForm()},
    )


@login_required
@require_POST
def request_decide(request, pk):
    """Confirm or refuse one waiting request (a refusal needs a reason)."""
    representation = selectors.request_to_decide(request.user, pk)
    if representation is None:
        raise Http404
    name = representation.user.display_name
    organisation = representation.member_organisation.name
    if request.POST.get("decision") == "approve":
        services.representation_approve(request=representation, by=request.user)
        messages.success(
            request, _("%(name)s now represents %(organisation)s.") % {"name": name, "organisation": organisation}
        )
        return redirect("themes_fiches:requests")
    form = RefuseForm(request.POST)
    if form.is_valid():
        services.representation_refuse(request=representation, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The request of %(name)s was refused.") % {"name": name})
        return redirect("themes_fiches:requests")
    return render(
        request,
        "themes/fiches/requests.html",
        {
            "requests": list(selectors.requests_to_decide(request.user)),
            "fiches": selectors.own_fiches(request.user),
            "refuse_form": RefuseForm(),
            "failed": representation.pk,
            "failed_form": form,
        },
        status=400,
    )
