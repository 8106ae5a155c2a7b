"""The export page of a space (issue 13 §7): ask for a download, watch it being made, download it once."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectories.export import policies, selectors, services
from trajectories.space_view import refused, space_context, space_view
from trajectories.spaces.services import NotAllowed


def _refusal():
    return _("Only the young person or the person who decides can download the space.")


@space_view
def export_page(request, space):
    if not policies.can_export(space):
        return refused(request, space, _refusal())
    services.exports_expire(trajectory_id=space.pk)
    latest = selectors.latest_export(space, request.user)
    return render(request, "trajectories/export/page.html", space_context(request, space, "deelnemers", export=latest))


@space_view
@require_POST
def export_start(request, space):
    if not policies.can_export(space):
        return refused(request, space, _refusal())
    try:
        services.export_request(trajectory=space.trajectory, by=request.user)
    except NotAllowed as error:
        return refused(request, space, str(error))
    messages.success(request, _("Your download is being made. This page shows how far it is."))
    return redirect("trajectories:export", space.pk)


@space_view
def export_download(request, space, export_id):
    export = selectors.export_of(space, request.user, export_id)
    if export is None:
        raise Http404
    try:
        handle = services.export_download(export=export, by=request.user)
    except NotAllowed as error:
        return refused(request, space, str(error), status=410)
    filename = f"werkruimte-{space.pk}-{export.created_at:%Y%m%d}.zip"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")
