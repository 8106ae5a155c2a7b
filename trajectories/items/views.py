"""The generic pages of an item of any kind (add, read and change, who may see this, delete) and "Wie ziet wat?".

A tool whose items need pages of their own (an appointment, a document, a conversation, a social map) includes its
URLs before these (``trajectories.urls``). What the viewer may do comes from :mod:`trajectories.items.policies`,
handed to the templates as booleans (``Shown.can_edit`` …). Every view goes through
:func:`trajectories.space_view.space_view`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectories.deletion import policies as deletion_policies
from trajectories.items import policies, selectors, services
from trajectories.items.forms import AudienceForm
from trajectories.items.selectors import kind_for_segment, note, show
from trajectories.space_view import (
    ItemNotFound,
    add_errors,
    next_url,
    parse_int,
    refused,
    space_context,
    space_tools,
    space_view,
)
from trajectories.spaces import selectors as space_selectors
from trajectories.spaces.services import NotAllowed, refusal


def _item_form(kind, space, request, *, data=None, instance=None, initial=None):
    kwargs = {"space": space, "user": request.user, "instance": instance}
    if initial is not None:
        kwargs["initial"] = initial
    return kind.form_class(data, **kwargs)


def _kind_or_404(segment):
    kind = kind_for_segment(segment)
    if kind is None or kind.form_class is None:
        raise Http404
    return kind


@space_view
def item_create(request, space, segment):
    kind = _kind_or_404(segment)
    if not policies.can_add_item(space):
        return refused(request, space, str(refusal(space)))
    # ``?doel=<id>``: "Add an action" under a goal of the plan starts the form with that goal.
    initial = {"goal": parse_int(request.GET.get("doel"))} if request.GET.get("doel") else None
    form = _item_form(kind, space, request, data=request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.item_create(
                    model=kind.model,
                    trajectory=space.trajectory,
                    by=request.user,
                    audience=form.cleaned_data["audience"],
                    chosen=form.cleaned_data.get("chosen", []),
                    **form.item_fields(),
                )
            except ValidationError as error:
                add_errors(form, error)
            except NotAllowed as error:
                return refused(request, space, str(error))
            else:
                messages.success(request, _("Saved."))
                return redirect(next_url(request, kind.list_url(space.pk)))
        status = 400
    return render(
        request,
        kind.form_template,
        space_context(request, space, kind.tool, form=form, kind=kind, shown=None),
        status=status,
    )


@space_view
def item(request, space, segment, item_id):
    kind = _kind_or_404(segment)
    found = selectors.item_in_space(space, request.user, kind, item_id)
    if found is None:
        raise ItemNotFound(kind, item_id)
    shown = show(space, kind, found)
    note(request, space, kind, [shown])
    form = None
    status = 200
    if shown.can_edit:  # policies.can_edit_item
        form = _item_form(kind, space, request, data=request.POST or None, instance=found)
    if request.method == "POST":
        if form is None:
            return refused(request, space, _("You cannot change this."), item_type=kind.key, item_id=found.pk)
        if form.is_valid():
            try:
                services.item_update(item=found, by=request.user, **form.item_fields())
            except ValidationError as error:
                add_errors(form, error)
            except NotAllowed as error:
                return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
            else:
                messages.success(request, _("Saved."))
                return redirect(next_url(request, kind.list_url(space.pk)))
        status = 400
    details = _details(kind, found) if shown.content_visible else []
    return render(
        request,
        "trajectories/items/detail.html",
        space_context(
            request,
            space,
            kind.tool,
            kind=kind,
            shown=shown,
            form=form,
            details=details,
            can_request_deletion=deletion_policies.can_request_deletion(space),
        ),
        status=status,
    )


def _details(kind, found):
    """Label and value of every field of the kind's form, for reading without changing."""
    rows = []
    for name, field in kind.form_class.base_fields.items():
        display = getattr(found, f"get_{name}_display", None)
        value = display() if callable(display) else getattr(found, name, "")
        rows.append((field.label, "" if value is None else value))
    return rows


@space_view
@require_POST
def item_delete(request, space, segment, item_id):
    kind = _kind_or_404(segment)
    found = selectors.item_in_space(space, request.user, kind, item_id)
    if found is None or not found.content_visible:
        raise ItemNotFound(kind, item_id)
    try:
        services.item_delete(item=found, by=request.user)
    except NotAllowed as error:
        return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
    messages.success(request, _("Deleted."))
    return redirect(kind.list_url(space.pk))


@space_view
def item_audience(request, space, segment, item_id):
    kind = _kind_or_404(segment)
    found = selectors.item_in_space(space, request.user, kind, item_id)
    if found is None or not found.content_visible:
        raise ItemNotFound(kind, item_id)
    if not policies.can_change_audience(space, found):
        return refused(request, space, str(refusal(space)), item_type=kind.key, item_id=found.pk)
    shown = show(space, kind, found)
    note(request, space, kind, [shown])
    initial = {"audience": found.audience, "chosen": [p.pk for p in found.chosen.all()]}
    form = AudienceForm(request.POST or None, space=space, author_id=found.author_id, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.item_set_audience(
                    item=found,
                    by=request.user,
                    audience=form.cleaned_data["audience"],
                    chosen=form.cleaned_data.get("chosen", []),
                )
            except ValidationError as error:
                add_errors(form, error)
            except NotAllowed as error:
                return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
            else:
                messages.success(request, _("Saved. Who may see this has changed."))
                return redirect(next_url(request, kind.list_url(space.pk)))
        status = 400
    return render(
        request,
        "trajectories/items/audience.html",
        space_context(request, space, "wie-ziet-wat", kind=kind, shown=shown, form=form),
        status=status,
    )


# --- Wie ziet wat? ---------------------------------------------------------------------------------------------


@space_view
def who_sees(request, space):
    tools = {tool.slug: tool.label for tool in space_tools(request, space)}
    rows = selectors.who_sees(request, space)
    for row in rows:
        by_tool = {}
        for count in row["kinds"]:
            by_tool.setdefault(count["kind"].tool, []).append(count)
        row["tools"] = [{"label": tools.get(slug, slug), "kinds": counts} for slug, counts in by_tool.items()]
    return render(
        request,
        "trajectories/items/who_sees.html",
        space_context(request, space, "wie-ziet-wat", rows=rows, shut_out=space_selectors.shut_out(space)),
    )
