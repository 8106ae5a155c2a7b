"""Pages of the majority choice (issue 13 §6): the young person's choice at 18 (the birth date is set on the People
page, :mod:`trajectories.spaces.views`). Parse, call one
service, tell the outcome in plain words."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectories.export import policies as export_policies
from trajectories.majority import policies, services
from trajectories.majority.forms import KeepParentsForm, MajorityChoiceForm
from trajectories.space_view import add_errors, no_store, refused, space_context, space_view
from trajectories.spaces.selectors import space_for
from trajectories.spaces.services import NotAllowed


def _not_yours():
    return _("Only the young person makes this choice, once she is 18.")


def _page(request, space, *, form=None, parents_form=None, status=200):
    parents = services.parents_in(space)
    if form is None and policies.can_choose(space):
        form = MajorityChoiceForm(parents=parents, initial={"keep_parents": [p.pk for p in parents if p.is_active]})
    if parents_form is None and not policies.can_choose(space) and parents:
        parents_form = KeepParentsForm(
            parents=parents, initial={"keep_parents": [p.pk for p in parents if p.is_active]}
        )
    context = space_context(
        request,
        space,
        "deelnemers",
        form=form if policies.can_choose(space) else None,
        parents_form=parents_form,
        choice=space.me.majority_choice,
        choice_label=dict(services.MajorityChoice.choices).get(space.me.majority_choice, ""),
        can_export=export_policies.can_export(space),
        can_delete=space.me.majority_choice == services.MajorityChoice.EXPORT_DELETE,
    )
    return no_store(render(request, "trajectories/majority/page.html", context, status=status))


@space_view
def majority_page(request, space):
    """The young person's choice at 18; for anyone else (a parent, a professional) a refusal that says why."""
    if not policies.is_asked(space):
        if policies.sees_majority_banner(space) and request.method != "POST":
            return _page(request, space)  # reminded: the page says what will be asked, and when
        return refused(request, space, _not_yours())
    if request.method != "POST":
        return _page(request, space)
    if not policies.can_choose(space):
        return refused(request, space, _("You made your choice already."))
    form = MajorityChoiceForm(request.POST, parents=services.parents_in(space))
    if not form.is_valid():
        return _page(request, space, form=form, status=400)
    try:
        export = services.majority_choose(
            trajectory=space.trajectory,
            by=request.user,
            choice=form.cleaned_data["choice"],
            keep_parents=form.cleaned_data.get("keep_parents", ()),
        )
    except ValidationError as error:
        add_errors(form, error)
        return _page(request, space, form=form, status=400)
    except NotAllowed as error:
        return refused(request, space, str(error))
    if export is not None:
        messages.success(request, _("Your download is being made. Download it; then you can delete the space."))
        return redirect("trajectories:majority", space.pk)
    messages.success(request, _("Saved. You decide in your space now."))
    if space_for(request.user, space.pk) is None:
        return redirect("trajectories:my_spaces")
    return redirect("trajectories:overview", space.pk)


@space_view
@require_POST
def keep_parents(request, space):
    """The young person changes which parents keep reading, after her choice."""
    if not policies.can_keep_parents(space):
        return refused(request, space, _not_yours())
    parents = services.parents_in(space)
    form = KeepParentsForm(request.POST, parents=parents)
    if not form.is_valid():
        return _page(request, space, parents_form=form, status=400)
    try:
        services.parents_keep(
            trajectory=space.trajectory, by=request.user, keep=form.cleaned_data.get("keep_parents", ())
        )
    except ValidationError as error:
        add_errors(form, error)
        return _page(request, space, parents_form=form, status=400)
    except NotAllowed as error:
        return refused(request, space, str(error))
    messages.success(request, _("Saved. Only the parents you ticked can read your space."))
    return redirect("trajectories:majority", space.pk)
