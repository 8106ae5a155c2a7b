"""Pages of the spaces and their people: my spaces, starting one, the Overzicht, the participants page (invite,
change, remove, regie, close) and the invitation pages. Parse, call one service, render.

Every page of a space goes through :func:`trajectories.space_view.space_view`; what the viewer may do is asked of
:mod:`trajectories.spaces.policies` and handed to the templates as booleans.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ratelimit import allow
from trajectories.access import PROFESSIONAL_ROLES, ParticipantStatus, Role
from trajectories.audit.services import PARTICIPANT
from trajectories.blueprints import selectors as blueprint_selectors
from trajectories.blueprints import services as blueprint_services
from trajectories.deletion import policies as deletion_policies
from trajectories.deletion import selectors as deletion_selectors
from trajectories.export import policies as export_policies
from trajectories.majority import policies as majority_policies
from trajectories.majority import services as majority_services
from trajectories.space_view import (
    add_errors,
    confirm_first,
    no_store,
    parse_int,
    refused,
    space_context,
    space_tools,
    space_view,
)
from trajectories.spaces import policies, selectors, services
from trajectories.spaces.forms import (
    BirthDateForm,
    CloseForm,
    InvitationAccountForm,
    InviteForm,
    KeepReadersForm,
    LookForm,
    ParticipantForm,
    RegieForm,
    ReopenForm,
    StartForm,
)
from trajectories.spaces.look import LOOKS
from trajectories.transfer import policies as transfer_policies

SESSION_INVITATION = "trajectories_invitation"
INVITE_RATE_LIMIT = (20, 3600)  # invitations per person per hour (SEC-13)
ACCOUNT_RATE_LIMIT = (10, 3600)  # tries to make an account behind one invitation per hour
LOGIN_BACKEND = "core.accounts.backends.AuthenticationBackend"  # allauth's, as in settings.AUTHENTICATION_BACKENDS


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
            "trajectories/spaces/my_spaces.html",
            {
                "spaces": spaces,
                "locked_count": len(locked),
                "invitations": selectors.open_invitations(request.user),
            },
        )
    )


@login_required
def start(request):
    organisations = list(selectors.allowed_organisations(request.user))
    templates = list(blueprint_selectors.templates_offered(request.user))
    form = StartForm(request.POST or None, organisations=organisations, templates=templates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            start = {
                "user": request.user,
                "title": data["title"],
                "role": data["role"],
                "regie": data["regie"],
                "name": data["name"],
                "relation": data["relation"],
                "organisation": data.get("organisation"),
            }
            try:
                if data.get("template") is not None:
                    # Issue 13 §1: the phases, default goals and documents of the template, in the same transaction.
                    trajectory = blueprint_services.trajectory_start_from_template(
                        template=data["template"], target_group=data.get("target_group", ""), **start
                    )
                else:
                    trajectory = services.trajectory_start(**start)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your space is ready. Invite the others under 'People'."))
                return no_store(redirect("trajectories:overview", trajectory.pk))
        status = 400
    return no_store(render(request, "trajectories/spaces/start.html", {"form": form}, status=status))


@login_required
def look(request):
    """How my spaces look (issue 15 §10): colours, text size, pictograms; kept for the person, in all their spaces."""
    current = selectors.look_for(request.user)
    form = LookForm(request.POST or None, initial=current)
    back = request.GET.get("terug") or request.POST.get("terug") or ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.look_save(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved. Your spaces look like this now."))
                stays = back.startswith("/werkruimte/") and url_has_allowed_host_and_scheme(back, None)
                return redirect(back if stays else reverse("trajectories:my_spaces"))
        status = 400
    return no_store(
        render(
            request,
            "trajectories/spaces/look.html",
            {"form": form, "back": back, "look": current, "looks": LOOKS},
            status=status,
        )
    )


# --- The space and its tools -----------------------------------------------------------------------------------


@space_view
def overview(request, space):
    widgets = [(tool, tool.widget()) for tool in space_tools(request, space) if tool.widget is not None]
    return render(
        request, "trajectories/spaces/overview.html", space_context(request, space, "overview", widgets=widgets)
    )


# --- People, regie, invitations --------------------------------------------------------------------------------


def _person_row(space, person):
    """One person on the participants page, with what the viewer may do about them."""
    return {
        "person": person,
        "can_change": policies.can_change_participant(space, person),
        "can_remove": policies.can_remove(space, person),
        "can_resend": policies.can_resend_invitation(space, person),
        # Taking part with a professional seat that no organisation backs: they read like any other participant.
        "undeclared": person.status == ParticipantStatus.ACTIVE
        and person.role in PROFESSIONAL_ROLES
        and not person.is_declared,
    }


def participants_page(
    request, space, *, invite_form=None, regie_form=None, keep_form=None, birth_date_form=None, status=200
):
    if policies.can_invite(space):
        invite_form = invite_form or InviteForm(member_organisations=selectors.member_organisations(space.trajectory))
    else:
        invite_form = None
    if policies.can_change_regie(space):
        regie_form = regie_form or RegieForm(
            space=space, initial={"regie": space.trajectory.regie, "counsellor": space.trajectory.counsellor_id}
        )
    else:
        regie_form = None
    if policies.can_keep_readers(space):
        keep_form = keep_form or KeepReadersForm(
            space=space, initial={"keep": [p.pk for p in space.participants if p.is_active]}
        )
    else:
        keep_form = None
    young = next((p for p in space.participants if p.role == Role.CLIENT and p.is_active), None)
    if majority_policies.can_set_birth_date(space) and young is not None:
        birth_date_form = birth_date_form or BirthDateForm(initial={"birth_date": young.birth_date})
    else:
        birth_date_form = None
    return render(
        request,
        "trajectories/spaces/participants.html",
        space_context(
            request,
            space,
            "deelnemers",
            people=[_person_row(space, person) for person in selectors.listed_participants(space)],
            former=[_person_row(space, person) for person in selectors.former_participants(space)],
            birth_date_form=birth_date_form,
            birth_date=young.birth_date if young is not None else None,
            sees_invitations=policies.sees_invitations(space),
            invite_form=invite_form,
            regie_form=regie_form,
            can_close=policies.can_close(space),
            can_reopen=policies.can_reopen(space),
            keep_form=keep_form,
            deletion_requests=deletion_selectors.pending_requests(space),
            declined_requests=deletion_selectors.declined_requests(space),
            can_request_deletion=deletion_policies.can_request_deletion(space),
            can_export=export_policies.can_export(space),
            can_transfer=transfer_policies.can_transfer(space) or transfer_policies.can_consent_transfer(space),
        ),
        status=status,
    )


@space_view
def participants(request, space):
    return participants_page(request, space)


@space_view
@require_POST
def birth_date(request, space):
    """The young person or whoever holds regie records her birth date (issue 13 §6); a date in the future is refused
    with a message and the form keeps what was typed."""
    if not majority_policies.can_set_birth_date(space):
        return refused(request, space, _("Only the young person or the person who decides can fill in the birth date."))
    form = BirthDateForm(request.POST)
    if form.is_valid():
        try:
            majority_services.birth_date_set(
                trajectory=space.trajectory, by=request.user, birth_date=form.cleaned_data["birth_date"]
            )
        except ValidationError as error:
            add_errors(form, error)
        except services.NotAllowed as error:
            return refused(request, space, str(error))
    if form.errors:
        return participants_page(request, space, birth_date_form=form, status=400)
    messages.success(request, _("The birth date is saved."))
    return redirect("trajectories:participants", space.pk)


@space_view
@require_POST
def invite(request, space):
    if not policies.can_invite(space):
        return refused(request, space, str(services.refusal(space)))
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
            add_errors(form, error)
        except services.NotAllowed as error:
            return refused(request, space, str(error))
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % {"email": data["email"]})
            return redirect("trajectories:participants", space.pk)
    return participants_page(request, space, invite_form=form, status=400)


def _participant_or_404(space, participant_id):
    participant = space.participant(parse_int(participant_id))
    if participant is None:
        raise Http404
    return participant


@space_view
def participant_edit(request, space, participant_id):
    participant = _participant_or_404(space, participant_id)
    if not policies.can_change_participant(space, participant):
        return refused(
            request,
            space,
            str(services.refusal(space, _("You cannot change this.") if space.holds_regie else None)),
            item_type=PARTICIPANT,
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
                add_errors(form, error)
            except services.NotAllowed as error:
                return refused(request, space, str(error), item_type=PARTICIPANT, item_id=participant.pk)
            else:
                messages.success(request, _("Saved."))
                return redirect("trajectories:participants", space.pk)
        status = 400
    return render(
        request,
        "trajectories/spaces/participant_edit.html",
        space_context(request, space, "deelnemers", participant=participant, form=form),
        status=status,
    )


@space_view
@require_POST
def participant_remove(request, space, participant_id):
    participant = _participant_or_404(space, participant_id)
    if not policies.can_remove(space, participant):
        return refused(request, space, str(services.refusal(space)), item_type=PARTICIPANT, item_id=participant.pk)
    people = reverse("trajectories:participants", args=[space.pk])
    if participant.status == ParticipantStatus.INVITED:
        second_step = confirm_first(
            request,
            space,
            current="deelnemers",
            heading=_("Withdraw the invitation?"),
            consequence=_("The link in the e-mail to %(email)s stops working. You can invite them again later.")
            % {"email": participant.email},
            button=_("Yes, withdraw the invitation"),
            cancel_url=people,
        )
    else:
        second_step = confirm_first(
            request,
            space,
            current="deelnemers",
            heading=_("Remove %(name)s from the space?") % {"name": participant.label},
            consequence=_(
                "%(name)s can no longer open this space and sees nothing in it any more. What they wrote stays in "
                "the space. You can invite them again later."
            )
            % {"name": participant.label},
            button=_("Yes, remove %(name)s") % {"name": participant.label},
            cancel_url=people,
        )
    if second_step is not None:
        return second_step
    try:
        services.participant_remove(participant=participant, by=request.user)
    except services.NotAllowed as error:
        return refused(request, space, str(error), item_type=PARTICIPANT, item_id=participant.pk)
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
        return refused(request, space, str(error), item_type=PARTICIPANT, item_id=participant.pk)
    messages.success(request, _("The invitation is on its way to %(email)s.") % {"email": participant.email})
    return redirect("trajectories:participants", space.pk)


@space_view
@require_POST
def regie(request, space):
    form = RegieForm(request.POST, space=space)
    if not policies.can_change_regie(space):
        return refused(request, space, str(services.refusal(space)))
    if form.is_valid():
        try:
            services.regie_change(
                trajectory=space.trajectory,
                by=request.user,
                regie=form.cleaned_data["regie"],
                counsellor=form.cleaned_data["counsellor"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except services.NotAllowed as error:
            return refused(request, space, str(error))
        else:
            messages.success(request, _("Saved. The page shows who decides now."))
            return redirect("trajectories:participants", space.pk)
    return participants_page(request, space, regie_form=form, status=400)


def _closure_page(request, space, template, form, status=200, **extra):
    return no_store(
        render(request, template, space_context(request, space, "deelnemers", form=form, **extra), status=status)
    )


@space_view
def close(request, space):
    """Closing a space (issue 13 §4): a page with the reason and, for the young person, who keeps reading."""
    if not policies.can_close(space):
        return refused(request, space, str(services.refusal(space)))
    template = "trajectories/spaces/close.html"
    days = services.closure_access_days(space.trajectory)
    if request.method != "POST":
        form = CloseForm(space=space, initial={"keep": sorted(services.default_kept(space))})
        return _closure_page(request, space, template, form, days=days)
    form = CloseForm(request.POST, space=space)
    if not form.is_valid():
        return _closure_page(request, space, template, form, status=400, days=days)
    try:
        services.trajectory_close(
            trajectory=space.trajectory,
            by=request.user,
            reason=form.cleaned_data["reason"],
            keep=form.cleaned_data.get("keep"),
        )
    except ValidationError as error:
        add_errors(form, error)
        return _closure_page(request, space, template, form, status=400, days=days)
    except services.NotAllowed as error:
        return refused(request, space, str(error))
    messages.success(request, _("The space is closed. The young person and the people she keeps can still read it."))
    if selectors.space_for(request.user, space.pk) is None:
        return redirect("trajectories:my_spaces")
    return redirect("trajectories:overview", space.pk)


@space_view
@require_POST
def keep_readers(request, space):
    """The young person chooses who keeps reading her closed space."""
    if not policies.can_keep_readers(space):
        return refused(request, space, _("Only the young person chooses who keeps reading a closed space."))
    form = KeepReadersForm(request.POST, space=space)
    if not form.is_valid():
        return participants_page(request, space, keep_form=form, status=400)
    try:
        services.trajectory_keep_readers(trajectory=space.trajectory, by=request.user, keep=form.cleaned_data["keep"])
    except services.NotAllowed as error:
        return refused(request, space, str(error))
    messages.success(request, _("Saved. Only the people you ticked can still read the space."))
    return redirect("trajectories:participants", space.pk)


@space_view
def reopen(request, space):
    """Opening a closed space again needs the consent of the young person or whoever holds regie, on this page."""
    if not policies.can_reopen(space):
        message = (
            _("The space is open already.")
            if space.writable
            else _("Only the young person or the person who decides can open the space again.")
        )
        return refused(request, space, message)
    template = "trajectories/spaces/reopen.html"
    returning = [p for p in space.participants if p.closed_out]
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return _closure_page(request, space, template, form, status=status, returning=returning)
    try:
        services.trajectory_reopen(trajectory=space.trajectory, by=request.user, consent=form.cleaned_data["consent"])
    except ValidationError as error:
        add_errors(form, error)
        return _closure_page(request, space, template, form, status=400, returning=returning)
    except services.NotAllowed as error:
        return refused(request, space, str(error))
    messages.success(request, _("The space is open again."))
    return redirect("trajectories:overview", space.pk)


# --- Invitations ------------------------------------------------------------------------------------------------


def _invitation_invalid(request):
    return no_store(render(request, "trajectories/spaces/invitation_invalid.html", status=404))


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
        context["care_organisations"] = list(selectors.care_organisations(request.user))
    return context


def invitation(request):
    pk = request.session.get(SESSION_INVITATION)
    participant = selectors.invitation_in_session(pk)
    if participant is None or not participant.invitation_valid():
        return _invitation_invalid(request)
    context = _invitation_context(request, participant)
    if not request.user.is_authenticated:
        if participant.role not in PROFESSIONAL_ROLES and not selectors.has_account(participant.email):
            return _invitation_account(request, participant, context)
        context["next"] = reverse("trajectories:invitation")
        return no_store(render(request, "trajectories/spaces/invitation_login.html", context))
    if not selectors.email_belongs_to(request.user, participant.email):
        return no_store(render(request, "trajectories/spaces/invitation_other_address.html", context, status=403))
    return no_store(render(request, "trajectories/spaces/invitation.html", context))


def _invitation_account(request, participant, context):
    """No account yet: a name and a password, and the person is in the space (issue 15 §2). The link proved the
    address, so there is no confirmation mail, no second log-in and no invitation to look for."""
    form = InvitationAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not allow(scope="invitation-account", key=participant.pk, limit=ACCOUNT_RATE_LIMIT[0], period=3600):
            form.add_error(None, _("Too many tries. Wait an hour and open the link in your e-mail again."))
        elif form.is_valid():
            try:
                user, _seat = services.invitation_accept_with_new_account(
                    participant=participant,
                    display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password"],
                )
            except ValidationError as error:
                add_errors(form, error)
            except services.NotAllowed as error:
                return no_store(render(request, "trajectories/refused.html", {"message": str(error)}, status=403))
            else:
                login(request, user, backend=LOGIN_BACKEND)
                request.session.pop(SESSION_INVITATION, None)
                messages.success(request, _("Welcome! You now take part in this space."))
                return no_store(redirect("trajectories:overview", participant.trajectory_id))
    context["form"] = form
    return no_store(render(request, "trajectories/spaces/invitation_account.html", context, status=status))


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
                care_organisation=parse_int(request.POST.get("care_organisation")),
                via_link=request.session.get(SESSION_INVITATION) == participant.pk,
            )
        else:
            services.invitation_decline(participant=participant, user=request.user)
    except services.NotAllowed as error:
        return no_store(render(request, "trajectories/refused.html", {"message": str(error)}, status=403))
    except ValidationError as error:
        context = _invitation_context(request, participant, errors=error.messages)
        return no_store(render(request, "trajectories/spaces/invitation.html", context, status=400))
    request.session.pop(SESSION_INVITATION, None)
    if accept:
        messages.success(request, _("Welcome! You now take part in this space."))
        return no_store(redirect("trajectories:overview", participant.trajectory_id))
    messages.success(request, _("You said no to the invitation."))
    return no_store(redirect("trajectories:my_spaces"))
