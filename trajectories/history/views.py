"""The history of an item (issue 13 §2): its versions, newest first, a comparison of any two, and restoring one.

Read exactly by who reads the item now (anyone else, the young person who only knows the item exists included,
gets the 404 of a missing item); each version only by who was in the audience it was written for. Restoring is a
change: for who may change the item. Every view goes through :func:`trajectories.space_view.space_view`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectories.history import policies, selectors
from trajectories.history.diff import compare
from trajectories.items import selectors as item_selectors
from trajectories.items import services as item_services
from trajectories.space_view import ItemNotFound, parse_int, refused, space_context, space_view
from trajectories.spaces.services import NotAllowed


def _readable_item(request, space, segment, item_id):
    """The kind and the item when it keeps a history and the viewer reads its content now; else the 404 of a
    missing item."""
    kind = item_selectors.kind_for_segment(segment)
    if kind is None or not kind.model.VERSIONED_FIELDS:
        raise Http404
    found = item_selectors.item_in_space(space, request.user, kind, item_id)
    if found is None or not found.content_visible:
        raise ItemNotFound(kind, item_id)
    shown = item_selectors.show(space, kind, found)
    item_selectors.note(request, space, kind, [shown])
    return kind, found, shown


def _history_url(space, kind, item_id):
    return reverse("trajectories:item_history", args=[space.pk, kind.segment, item_id])


@space_view
def history(request, space, segment, item_id):
    kind, found, shown = _readable_item(request, space, segment, item_id)
    before = parse_int(request.GET.get("voor"))
    rows, more = selectors.versions_page(space, request.user, found, before=before)
    newest = None if before is not None else (rows[0].number if rows else None)
    for row in rows:
        row.person = space.participant(row.by_id)
    return render(
        request,
        "trajectories/history/history.html",
        space_context(
            request,
            space,
            kind.tool,
            kind=kind,
            shown=shown,
            rows=rows,
            newest=newest,
            older_url=f"{_history_url(space, kind, found.pk)}?voor={rows[-1].number}" if more else "",
            can_restore=policies.can_restore(space, found),
        ),
    )


@space_view
def history_compare(request, space, segment, item_id):
    kind, found, shown = _readable_item(request, space, segment, item_id)
    old_number, new_number = parse_int(request.GET.get("van")), parse_int(request.GET.get("naar"))
    if old_number is None and new_number is None:
        new, old = selectors.newest_pair(space, request.user, found)
    else:
        old = selectors.version_of(space, request.user, found, old_number)
        new = selectors.version_of(space, request.user, found, new_number)
    if new is None or (old is None and old_number is not None):
        raise Http404
    versions = [v for v in (old, new) if v is not None]
    values = selectors.shown_values(space, request.user, kind.model, versions)
    changes = compare(values[old.pk] if old else values[new.pk], values[new.pk])
    for version in versions:
        version.person = space.participant(version.by_id)
    return render(
        request,
        "trajectories/history/compare.html",
        space_context(
            request,
            space,
            kind.tool,
            kind=kind,
            shown=shown,
            old=old,
            new=new,
            changes=changes,
            history_url=_history_url(space, kind, found.pk),
            can_restore=policies.can_restore(space, found),
        ),
    )


@space_view
@require_POST
def history_restore(request, space, segment, item_id, number):
    kind, found, _shown = _readable_item(request, space, segment, item_id)
    if not policies.can_restore(space, found):
        return refused(request, space, _("You cannot change this."), item_type=kind.key, item_id=found.pk)
    try:
        item_services.item_restore(item=found, by=request.user, number=number)
    except NotAllowed as error:
        return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
    except ValidationError as error:
        reasons = " ".join(message for messages_ in error.message_dict.values() for message in messages_)
        return refused(
            request,
            space,
            _("This version cannot be put back: %(reasons)s") % {"reasons": reasons},
            item_type=kind.key,
            item_id=found.pk,
            status=400,
        )
    messages.success(request, _("Version %(number)s is back. It is saved as a new version.") % {"number": number})
    return redirect(_history_url(space, kind, found.pk))
