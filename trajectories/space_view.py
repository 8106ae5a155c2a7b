"""The pages of a space, shared by every room: the :func:`space_view` wrapper and the few helpers its views use.

Every page of a space goes through :func:`space_view`: it reads the viewer's seat (one query), answers the same
404 for a space that is missing and one the viewer does not take part in, sends whoever must use two-step
verification and has not set it up (``trajectories.spaces.policies.needs_two_step``, SEC-11) to set it up first,
without showing anything of the space, writes the access log of what the page showed before the response leaves
(SEC-14), and marks every response ``Cache-Control: no-store, private`` (SEC-19).

A view of a space is ``view(request, space, *args)``; it renders with :func:`space_context` (the space, its tools
and the booleans every space page shows), answers refusals with :func:`refused` and missing items by raising
:class:`ItemNotFound`. A tool's dashboard widget is made with :func:`widget`.

An app-level module (not a room): every room's views and hooks import it.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_resolver
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from config.hooks import REGISTER_TRAJECTORY_TOOL, call
from trajectories.audit import policies as audit_policies
from trajectories.audit import services as audit
from trajectories.spaces import policies as space_policies
from trajectories.spaces.selectors import look_for, space_for


class ItemNotFound(Http404):
    """An item that is missing or not for the viewer: the same 404, and a refused attempt in the access log."""

    def __init__(self, kind, item_id):
        super().__init__()
        self.kind, self.item_id = kind, item_id


def no_store(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


def not_found(request):
    """The site's own 404 page: identical for what is missing and what the viewer may not see."""
    return get_resolver().resolve_error_handler(404)(request, Http404())


def space_view(view):
    """Wrap a view of one space: ``view(request, space, *args)``; see the module docstring."""

    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return no_store(redirect_to_login(request.get_full_path()))
        space = space_for(request.user, pk)
        if space is None:
            audit.record_denied(user=request.user, trajectory_id=pk)
            return no_store(not_found(request))
        if space_policies.needs_two_step(space):
            messages.warning(
                request,
                _(
                    "Set up two-step verification first. Whoever reads what is only for the professionals, or "
                    "decides who takes part, needs it to open this space."
                ),
            )
            return no_store(redirect("mfa_activate_totp"))
        request.space = space
        try:
            response = view(request, space, *args, **kwargs)
        except ItemNotFound as missing:
            audit.record_denied(
                user=request.user,
                trajectory_id=space.pk,
                item_type=missing.kind.key,
                item_id=missing.item_id,
                space=space,
            )
            response = not_found(request)
        except Http404:
            response = not_found(request)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response = response.render()
        audit.flush_reads(request)
        return no_store(response)

    return wrapped


def space_tools(request, space):
    """The tools of this space (Plan, Logboek, and whatever other rooms and switched-on plugins add)."""
    tools = getattr(request, "_trajectory_tools", None)
    if tools is None:
        tools = call(REGISTER_TRAJECTORY_TOOL, space.trajectory, request, organisation=space.trajectory.organisation)
        request._trajectory_tools = tools
    return tools


def space_context(request, space, current=None, **extra):
    """The context of every page of a space: the space, its tools, the page's place in the navigation
    (`current`), and whether the viewer reads the access log (the navigation shows it)."""
    return {
        "space": space,
        "trajectory": space.trajectory,
        "tools": space_tools(request, space),
        "current": current,
        "can_read_access_log": audit_policies.can_read_access_log(space),
        "look": look_for(request.user),
        **extra,
    }


def refused(request, space, message, *, item_type=audit.SPACE, item_id=None, status=403):
    """A refusal inside a space: the page says why, and the attempt is in the access log."""
    audit.record_denied(
        user=request.user, trajectory_id=space.pk, item_type=item_type, item_id=item_id or space.pk, space=space
    )
    return render(
        request, "trajectories/refused.html", {**space_context(request, space), "message": message}, status=status
    )


CONFIRMED = "yes"


def confirm_first(request, space, *, current, heading, consequence, button, cancel_url):
    """The second step of a destructive action (issue 15 §8): unless the POST says ``confirm=yes``, a page that
    names what will happen, with the button that does it and a way back. Returns that page, or None when the
    person confirmed. Works without JavaScript: the first button posts here, the second posts ``confirm=yes``."""
    if request.POST.get("confirm") == CONFIRMED:
        return None
    context = space_context(
        request,
        space,
        current,
        heading=heading,
        consequence=consequence,
        button=button,
        cancel_url=cancel_url,
        action_url=request.path,
        confirmed=CONFIRMED,
    )
    return no_store(render(request, "trajectories/confirm.html", context))


def add_errors(form, error):
    """Put a service's ``ValidationError`` on the form's fields (or on the form when the field is not there)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def next_url(request, default):
    """The ``next`` of the request when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def parse_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def widget(template, trajectory, request, read, *, name="rows"):
    """A tool's dashboard widget for the Overzicht: renders `template` with ``read(request, space)`` as `name`,
    inside the viewer's space (already read for this request); empty for who may not open it."""

    def render_widget():
        space = space_for(request.user, trajectory.pk)
        if space is None:
            return ""
        return render_to_string(template, {"space": space, name: read(request, space)}, request=request)

    return render_widget
