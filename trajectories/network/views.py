"""Pages of Netwerk: who is who, emergency contacts, outside contacts and the personal social maps. Every view
goes through :func:`trajectories.space_view.space_view` (same 404, MFA, access log, no-store)."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectories.access import Audience
from trajectories.items.policies import can_add_item
from trajectories.items.selectors import kind_for_model
from trajectories.network import NETWORK as TOOL
from trajectories.network import policies, selectors, services
from trajectories.network.forms import ONLY_ME, ShareForm, SocialMapPersonForm, WorkContactForm
from trajectories.network.models import Contact, SocialMap
from trajectories.space_view import (
    ItemNotFound,
    add_errors,
    confirm_first,
    parse_int,
    refused,
    space_context,
    space_view,
)
from trajectories.spaces import services as space_services
from trajectories.spaces.services import NotAllowed, refusal


@space_view
def network(request, space):
    return _network_page(request, space)


def _network_page(request, space, *, work_form=None, status=200):
    contacts = selectors.contacts(request, space)
    me = space.me
    if work_form is None and policies.can_share_work_contact(space):
        work_form = WorkContactForm(
            initial={"phone": me.work_phone, "email": me.work_email, "share": me.shares_work_contact}
        )
    return render(
        request,
        "trajectories/network/network.html",
        space_context(
            request,
            space,
            TOOL,
            people=selectors.who_is_who(space),
            emergency=[row for row in contacts if row.content_visible and row.item.is_emergency],
            contacts=contacts,
            maps=selectors.social_maps(request, space),
            contact_kind=kind_for_model(Contact),
            can_add=can_add_item(space),
            work_form=work_form,
        ),
        status=status,
    )


@space_view
@require_POST
def work_contact(request, space):
    """A professional's own work phone and e-mail, and whether who-is-who shows them (issue 15 §9)."""
    if not policies.can_share_work_contact(space):
        return refused(request, space, str(refusal(space)))
    form = WorkContactForm(request.POST)
    if form.is_valid():
        try:
            space_services.work_contact_update(
                trajectory=space.trajectory,
                by=request.user,
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                share=form.cleaned_data["share"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except NotAllowed as error:
            return refused(request, space, str(error))
        else:
            flash.success(request, _("Saved. Who is who shows what you chose."))
            return redirect(reverse("trajectories:network", args=[space.pk]) + "#my-work-contact")
    return _network_page(request, space, work_form=form, status=400)


@space_view
def social_map(request, space, map_id):
    found = next((row for row in selectors.social_maps(request, space) if row.pk == parse_int(map_id)), None)
    if found is None:
        raise ItemNotFound(kind_for_model(SocialMap), map_id)
    return render(request, "trajectories/network/social_map.html", space_context(request, space, TOOL, row=found))


def _share_initial(own):
    if own is None or own.item is None:
        return {"audience": ONLY_ME}
    item = own.item
    if item.audience == Audience.CHOSEN and not own.chosen:
        return {"audience": ONLY_ME}
    return {"audience": item.audience, "chosen": [p.pk for p in own.chosen]}


def _my_map_page(request, space, *, form=None, share_form=None, status=200):
    own = next((row for row in selectors.social_maps(request, space) if row.owner_is_me), None)
    return render(
        request,
        "trajectories/network/my_map.html",
        space_context(
            request,
            space,
            TOOL,
            row=own,
            form=form or SocialMapPersonForm(),
            share_form=share_form or ShareForm(initial=_share_initial(own), space=space),
            can_change_map=policies.can_change_own_map(space),
        ),
        status=status,
    )


@space_view
def my_map(request, space):
    if request.method != "POST":
        return _my_map_page(request, space)
    if not policies.can_change_own_map(space):
        return refused(request, space, str(refusal(space)))
    form = SocialMapPersonForm(request.POST)
    if form.is_valid():
        try:
            services.social_map_add_person(trajectory=space.trajectory, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        except NotAllowed as error:
            return refused(request, space, str(error))
        else:
            flash.success(request, _("%(name)s is on your social map.") % {"name": form.cleaned_data["name"]})
            return redirect("trajectories:my_social_map", space.pk)
    return _my_map_page(request, space, form=form, status=400)


@space_view
@require_POST
def my_map_remove(request, space, person_id):
    person = selectors.my_map_person(space, parse_int(person_id))
    if person is None:
        raise Http404
    second_step = confirm_first(
        request,
        space,
        current="netwerk",
        heading=_("Remove %(name)s from your social map?") % {"name": person.name},
        consequence=_("%(name)s is no longer on your map, also not for the people you shared it with.")
        % {"name": person.name},
        button=_("Yes, remove %(name)s") % {"name": person.name},
        cancel_url=reverse("trajectories:my_social_map", args=[space.pk]),
    )
    if second_step is not None:
        return second_step
    try:
        services.social_map_remove_person(trajectory=space.trajectory, by=request.user, person_id=parse_int(person_id))
    except NotAllowed:
        raise Http404 from None
    flash.success(request, _("Removed from your social map."))
    return redirect("trajectories:my_social_map", space.pk)


@space_view
@require_POST
def my_map_share(request, space):
    form = ShareForm(request.POST, space=space)
    if form.is_valid():
        audience = form.cleaned_data["audience"]
        try:
            services.social_map_share(
                trajectory=space.trajectory,
                by=request.user,
                audience=Audience.CHOSEN if audience == ONLY_ME else audience,
                chosen=form.cleaned_data.get("chosen", []),
            )
        except ValidationError as error:
            add_errors(form, error)
        except NotAllowed as error:
            return refused(request, space, str(error))
        else:
            flash.success(request, _("Saved. Who may see your social map has changed."))
            return redirect("trajectories:my_social_map", space.pk)
    return _my_map_page(request, space, share_form=form, status=400)
