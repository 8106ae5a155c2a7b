"""Views of the collaboration spaces: parse, call one service, render.

Every page of a space goes through :func:`space_view`: it reads the viewer's seat (one query), answers the same
404 for a space that is missing and one the viewer does not take part in, sends whoever reads what is only for the
professionals or holds regie (the young person excepted) to set up two-step verification first, without showing
anything of the space (SEC-11, :attr:`trajectories.access.Space.requires_mfa`), writes the access log of what the
page showed before the response leaves (SEC-14), and marks every response ``Cache-Control: no-store, private``
(SEC-19).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import get_resolver, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.hooks import REGISTER_TRAJECTORY_TOOL, call
from core.ratelimit import allow
from trajectories import audit, selectors, services
from trajectories.access import care_organisations, space_for
from trajectories.forms import (
    AccessLogFilterForm,
    AudienceForm,
    InviteForm,
    LogEntryForm,
    ParticipantForm,
    RegieForm,
    StartForm,
)
from trajectories.models import PROFESSIONAL_ROLES, AccessOutcome, LogEntry, Participant, ParticipantStatus, Role
from trajectories.presenters import note, show
from trajectories.registry import kind_for_model, kind_for_segment, kinds_of_tool

SESSION_INVITATION = "trajectories_invitation"
INVITE_RATE_LIMIT = (20, 3600)  # invitations per person per hour (SEC-13)


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
        if space.needs_mfa:
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


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _refused(request, space, message, *, item_type=audit.SPACE, item_id=None, status=403):
    audit.record_denied(
        user=request.user, trajectory_id=space.pk, item_type=item_type, item_id=item_id or space.pk, space=space
    )
    return render(request, "trajectories/refused.html", {**_context(request, space), "message": message}, status=status)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def space_tools(request, space):
    """The tools of this space (Plan, Logboek, and whatever other modules and switched-on plugins add)."""
    tools = getattr(request, "_trajectory_tools", None)
    if tools is None:
        tools = call(REGISTER_TRAJECTORY_TOOL, space.trajectory, request, organisation=space.trajectory.organisation)
        request._trajectory_tools = tools
    return tools


def _context(request, space, current=None, **extra):
    return {
        "space": space,
        "trajectory": space.trajectory,
        "tools": space_tools(request, space),
        "current": current,
        **extra,
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- My spaces, starting one -----------------------------------------------------------------------------------


@login_required
def my_spaces(request):
    spaces = selectors.my_spaces(request.user)
    for space in spaces:
        space.my_role_label = Role(space.my_role).label
    locked = []
    if any(space.requires_mfa for space in spaces) and not selectors.has_authenticator(request.user):
        # Not even the names of these spaces before the second step is set up.
        locked = [space for space in spaces if space.requires_mfa]
        spaces = [space for space in spaces if not space.requires_mfa]
    return no_store(
        render(
            request,
            "trajectories/my_spaces.html",
            {
                "spaces": spaces,
                "locked_count": len(locked),
                "invitations": selectors.open_invitations(request.user),
            },
        )
    )


@login_required
def start(request):
    organisations = list(services.allowed_organisations(request.user))
    form = StartForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                trajectory = services.trajectory_start(
                    user=request.user,
                    title=data["title"],
                    role=data["role"],
                    regie=data["regie"],
                    name=data["name"],
                    relation=data["relation"],
                    organisation=data.get("organisation"),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your space is ready. Invite the others under 'People'."))
                return no_store(redirect("trajectories:overview", trajectory.pk))
        status = 400
    return no_store(render(request, "trajectories/start.html", {"form": form}, status=status))


# --- The space and its tools -----------------------------------------------------------------------------------


@space_view
def overview(request, space):
    widgets = [(tool, tool.widget()) for tool in space_tools(request, space) if tool.widget is not None]
    return render(request, "trajectories/overview.html", _context(request, space, "overview", widgets=widgets))


@space_view
def plan(request, space):
    return render(
        request,
        "trajectories/plan.html",
        _context(request, space, "plan", plan=selectors.plan(request, space), kinds=kinds_of_tool("plan")),
    )


@space_view
def logbook(request, space):
    entries, more = selectors.log_entries(request, space, before=_int(request.GET.get("voor")))
    kind = kind_for_model(LogEntry)
    form = LogEntryForm(space=space, user=request.user) if space.writable else None
    return render(
        request,
        "trajectories/logbook.html",
        _context(request, space, "logboek", entries=entries, more=more, form=form, kind=kind),
    )


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
    if not space.writable:
        return _refused(request, space, _("This space is closed. You can still read it, but nothing can be changed."))
    initial = {"goal": _int(request.GET.get("doel"))} if request.GET.get("doel") else None
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
                _add_errors(form, error)
            except services.NotAllowed as error:
                return _refused(request, space, str(error))
            else:
                messages.success(request, _("Saved."))
                return redirect(_next_url(request, kind.list_url(space.pk)))
        status = 400
    return render(
        request,
        kind.form_template,
        _context(request, space, kind.tool, form=form, kind=kind, shown=None),
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
    if shown.can_edit:
        form = _item_form(kind, space, request, data=request.POST or None, instance=found)
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
                return redirect(_next_url(request, kind.list_url(space.pk)))
        status = 400
    details = _details(kind, found) if shown.content_visible else []
    return render(
        request,
        "trajectories/item_detail.html",
        _context(request, space, kind.tool, kind=kind, shown=shown, form=form, details=details),
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
    except services.NotAllowed as error:
        return _refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
    messages.success(request, _("Deleted."))
    return redirect(kind.list_url(space.pk))


@space_view
def item_audience(request, space, segment, item_id):
    kind = _kind_or_404(segment)
    found = selectors.item_in_space(space, request.user, kind, item_id)
    if found is None or not found.content_visible:
        raise ItemNotFound(kind, item_id)
    if not space.holds_regie:
        return _refused(
            request,
            space,
            _("Only the person who decides in this space (who holds regie) can do this."),
            item_type=kind.key,
            item_id=found.pk,
        )
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
                _add_errors(form, error)
            except services.NotAllowed as error:
                return _refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
            else:
                messages.success(request, _("Saved. Who may see this has changed."))
                return redirect(_next_url(request, kind.list_url(space.pk)))
        status = 400
    return render(
        request,
        "trajectories/item_audience.html",
        _context(request, space, "wie-ziet-wat", kind=kind, shown=shown, form=form),
        status=status,
    )


# --- People, regie, invitations --------------------------------------------------------------------------------


def _participants_page(request, space, *, invite_form=None, regie_form=None, status=200):
    if space.holds_regie and space.writable:
        invite_form = invite_form or InviteForm(member_organisations=selectors.member_organisations(space.trajectory))
        regie_form = regie_form or RegieForm(
            space=space, initial={"regie": space.trajectory.regie, "counsellor": space.trajectory.counsellor_id}
        )
    else:
        invite_form = regie_form = None
    return render(
        request,
        "trajectories/participants.html",
        _context(
            request,
            space,
            "deelnemers",
            listed=selectors.listed_participants(space),
            professional_roles=PROFESSIONAL_ROLES,
            invite_form=invite_form,
            regie_form=regie_form,
        ),
        status=status,
    )


@space_view
def participants(request, space):
    return _participants_page(request, space)


@space_view
@require_POST
def invite(request, space):
    if not space.holds_regie:
        return _refused(request, space, _("Only the person who decides in this space (who holds regie) can do this."))
    limit, period = INVITE_RATE_LIMIT
    if not allow(scope="trajectory-invite", key=request.user.pk, limit=limit, period=period):
        return render(
            request,
            "429.html",
            {"message": _("You sent many invitations in a short time. Wait a while and try again.")},
            status=429,
        )
    form = InviteForm(request.POST, member_organisations=selectors.member_organisations(space.trajectory))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_invite(
                trajectory=space.trajectory,
                by=request.user,
                email=data["email"],
                role=data["role"],
                name=data["name"],
                relation=data["relation"],
                organisation_name=data["organisation_name"],
                member_organisation=data.get("member_organisation"),
                has_parental_authority=data["has_parental_authority"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except services.NotAllowed as error:
            return _refused(request, space, str(error))
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % {"email": data["email"]})
            return redirect("trajectories:participants", space.pk)
    return _participants_page(request, space, invite_form=form, status=400)


def _participant_or_404(space, participant_id):
    participant = space.participant(_int(participant_id))
    if participant is None:
        raise Http404
    return participant


@space_view
def participant_edit(request, space, participant_id):
    participant = _participant_or_404(space, participant_id)
    if not space.holds_regie or not (participant.is_active or space.holds_regie):
        return _refused(
            request,
            space,
            _("Only the person who decides in this space (who holds regie) can do this."),
            item_type=audit.PARTICIPANT,
            item_id=participant.pk,
        )
    initial = {
        "name": participant.name,
        "role": participant.role,
        "relation": participant.relation,
        "organisation_name": participant.organisation_name,
        "has_parental_authority": participant.has_parental_authority,
        "contact_ban": participant.contact_ban,
    }
    form = ParticipantForm(request.POST or None, initial=initial, participant=participant)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.participant_update(participant=participant, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            except services.NotAllowed as error:
                return _refused(request, space, str(error), item_type=audit.PARTICIPANT, item_id=participant.pk)
            else:
                messages.success(request, _("Saved."))
                return redirect("trajectories:participants", space.pk)
        status = 400
    return render(
        request,
        "trajectories/participant_edit.html",
        _context(request, space, "deelnemers", participant=participant, form=form),
        status=status,
    )


@space_view
@require_POST
def participant_remove(request, space, participant_id):
    participant = _participant_or_404(space, participant_id)
    try:
        services.participant_remove(participant=participant, by=request.user)
    except services.NotAllowed as error:
        return _refused(request, space, str(error), item_type=audit.PARTICIPANT, item_id=participant.pk)
    if participant.status == ParticipantStatus.INVITED:
        messages.success(request, _("The invitation is withdrawn."))
    else:
        messages.success(request, _("%(name)s is no longer in this space.") % {"name": participant.label})
    return redirect("trajectories:participants", space.pk)


@space_view
@require_POST
def invitation_resend(request, space, participant_id):
    participant = _participant_or_404(space, participant_id)
    try:
        services.invitation_resend(participant=participant, by=request.user)
    except services.NotAllowed as error:
        return _refused(request, space, str(error), item_type=audit.PARTICIPANT, item_id=participant.pk)
    messages.success(request, _("The invitation is on its way to %(email)s.") % {"email": participant.email})
    return redirect("trajectories:participants", space.pk)


@space_view
@require_POST
def regie(request, space):
    form = RegieForm(request.POST, space=space)
    if not space.holds_regie:
        return _refused(request, space, _("Only the person who decides in this space (who holds regie) can do this."))
    if form.is_valid():
        try:
            services.regie_change(
                trajectory=space.trajectory,
                by=request.user,
                regie=form.cleaned_data["regie"],
                counsellor=form.cleaned_data["counsellor"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except services.NotAllowed as error:
            return _refused(request, space, str(error))
        else:
            messages.success(request, _("Saved. The page shows who decides now."))
            return redirect("trajectories:participants", space.pk)
    return _participants_page(request, space, regie_form=form, status=400)


@space_view
@require_POST
def close(request, space):
    try:
        services.trajectory_close(trajectory=space.trajectory, by=request.user)
    except services.NotAllowed as error:
        return _refused(request, space, str(error))
    messages.success(request, _("The space is closed. Everyone in it can still read it."))
    return redirect("trajectories:overview", space.pk)


@space_view
@require_POST
def reopen(request, space):
    try:
        services.trajectory_reopen(trajectory=space.trajectory, by=request.user)
    except services.NotAllowed as error:
        return _refused(request, space, str(error))
    messages.success(request, _("The space is open again."))
    return redirect("trajectories:overview", space.pk)


# --- Wie ziet wat?, access log ---------------------------------------------------------------------------------


@space_view
def who_sees(request, space):
    tools = {tool.slug: tool.label for tool in space_tools(request, space)}
    rows = selectors.who_sees(request, space)
    for row in rows:
        by_tool = {}
        for count in row["kinds"]:
            by_tool.setdefault(count["kind"].tool, []).append(count)
        row["tools"] = [{"label": tools.get(slug, slug), "kinds": counts} for slug, counts in by_tool.items()]
    shut_out = [
        p for p in selectors.listed_participants(space) if p.contact_ban and p.status == ParticipantStatus.ACTIVE
    ]
    return render(
        request,
        "trajectories/who_sees.html",
        _context(request, space, "wie-ziet-wat", rows=rows, shut_out=shut_out),
    )


@space_view
def access_log(request, space):
    if not space.can_read_access_log:
        raise Http404
    form = AccessLogFilterForm(request.GET or None, space=space)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows, more = selectors.access_log(
        request,
        space,
        start=filters.get("start"),
        end=filters.get("end"),
        participant_id=filters.get("person"),
        before=_int(request.GET.get("voor")),
    )
    query = request.GET.copy()
    query.pop("voor", None)
    return render(
        request,
        "trajectories/access_log.html",
        _context(
            request,
            space,
            "toegangslog",
            form=form,
            rows=rows,
            more=more,
            query=query.urlencode(),
            outcomes=AccessOutcome,
        ),
    )


# --- Invitations ------------------------------------------------------------------------------------------------


def _invitation_invalid(request):
    return no_store(render(request, "trajectories/invitation_invalid.html", status=404))


def invitation_open(request, token):
    """The link in the e-mail: remember the invitation in the session and continue on an address without the
    token (it must not reach logs or other sites through the Referer header, SEC-19)."""
    participant = selectors.invitation_by_token(token)
    if participant is None:
        return _invitation_invalid(request)
    request.session[SESSION_INVITATION] = participant.pk
    return no_store(redirect("trajectories:invitation"))


def _invitation_context(request, participant, **extra):
    """What the invitation page shows: who invites, as what, and for a professional seat the organisations that
    declare the person (a choice when there are several; a clear word when there is none)."""
    context = {"participant": participant, "role": Role(participant.role).label, **extra}
    if participant.role in PROFESSIONAL_ROLES and request.user.is_authenticated:
        context["professional_seat"] = True
        context["care_organisations"] = list(care_organisations(request.user))
    return context


def invitation(request):
    pk = request.session.get(SESSION_INVITATION)
    participant = Participant.objects.filter(pk=pk).select_related("invited_by").first() if pk else None
    if participant is None or not participant.invitation_valid():
        return _invitation_invalid(request)
    context = _invitation_context(request, participant)
    if not request.user.is_authenticated:
        context["next"] = reverse("trajectories:invitation")
        return no_store(render(request, "trajectories/invitation_login.html", context))
    if not services.email_belongs_to(request.user, participant.email):
        return no_store(render(request, "trajectories/invitation_other_address.html", context, status=403))
    return no_store(render(request, "trajectories/invitation.html", context))


@login_required
@require_POST
def invitation_respond(request, participant_id):
    participant = selectors.invitation_for(request.user, participant_id)
    if participant is None:
        return _invitation_invalid(request)
    accept = request.POST.get("answer") == "accept"
    try:
        if accept:
            services.invitation_accept(
                participant=participant,
                user=request.user,
                care_organisation=_int(request.POST.get("care_organisation")),
                via_link=request.session.get(SESSION_INVITATION) == participant.pk,
            )
        else:
            services.invitation_decline(participant=participant, user=request.user)
    except services.NotAllowed as error:
        return no_store(render(request, "trajectories/refused.html", {"message": str(error)}, status=403))
    except ValidationError as error:
        context = _invitation_context(request, participant, errors=error.messages)
        return no_store(render(request, "trajectories/invitation.html", context, status=400))
    request.session.pop(SESSION_INVITATION, None)
    if accept:
        messages.success(request, _("Welcome! You now take part in this space."))
        return no_store(redirect("trajectories:overview", participant.trajectory_id))
    messages.success(request, _("You said no to the invitation."))
    return no_store(redirect("trajectories:my_spaces"))
