"""What the fiches room shows inside other pages: the profile's section "Organisaties die je vertegenwoordigt"."""

from django.template.loader import render_to_string

from themes.fiches import selectors
from themes.fiches.forms import AskToRepresentForm
from themes.fiches.policies import administers_fiche


def render_profile_section(request):
    """The fiches the person represents or edits as admin (with "Fiche bewerken"), their own waiting and refused
    requests, the requests waiting for them as admin, and the form to ask to represent another organisation."""
    user = request.user
    fiches = list(selectors.own_fiches(user))
    for fiche in fiches:
        fiche.as_admin = administers_fiche(user, fiche)
    form = AskToRepresentForm(user=user)
    return render_to_string(
        "themes/fiches/profile_section.html",
        {
            "fiches": fiches,
            "own_requests": list(selectors.own_requests(user)),
            "to_decide": selectors.requests_to_decide(user).count(),
            "form": form,
            "can_ask": form.fields["fiche"].queryset.exists(),
        },
        request=request,
    )
