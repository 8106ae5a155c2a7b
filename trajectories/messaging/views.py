"""Pages of Berichten. Every view goes through :func:`trajectories.space_view.space_view` (404 for what is missing or
not for the viewer, MFA for professionals, the access log, ``Cache-Control: no-store, private``).

New messages appear without reloading: the thread page polls :func:`poll` every 2 seconds (htmx) for the
messages after the last one it shows; the answer is a small fragment at a fixed number of queries. Without
JavaScript the page has a link that reloads it.
"""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from trajectories.items.policies import can_add_item
from trajectories.items.selectors import kind_for_model, note, show
from trajectories.messaging import MESSAGES as TOOL
from trajectories.messaging import selectors, services
from trajectories.messaging.forms import MessageForm, ThreadForm
from trajectories.messaging.models import MessageThread
from trajectories.space_view import ItemNotFound, add_errors, parse_int, refused, space_context, space_view
from trajectories.spaces.services import NotAllowed, refusal


def _kind():
    return kind_for_model(MessageThread)


@space_view
def thread_list(request, space):
    return render(
        request,
        "trajectories/messaging/threads.html",
        space_context(request, space, TOOL, threads=selectors.threads(request, space), can_add=can_add_item(space)),
    )


@space_view
def thread_create(request, space):
    if not can_add_item(space):
        return refused(request, space, str(refusal(space)))
    form = ThreadForm(request.POST or None, space=space)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                thread = services.thread_start(
                    trajectory=space.trajectory,
                    by=request.user,
                    subject=data["subject"],
                    text=data["text"],
                    audience=data["audience"],
                    chosen=data.get("chosen", []),
                )
            except ValidationError as error:
                add_errors(form, error)
            except NotAllowed as error:
                return refused(request, space, str(error))
            else:
                flash.success(request, _("Your message is sent."))
                return redirect("trajectories:thread", space.pk, thread.pk)
        status = 400
    return render(
        request,
        "trajectories/messaging/thread_form.html",
        space_context(request, space, TOOL, form=form),
        status=status,
    )


def _found(request, space, thread_id, *, with_chosen=True):
    found = selectors.thread(request, space, thread_id, with_chosen=with_chosen)
    if found is None:
        raise ItemNotFound(_kind(), thread_id)
    return found


def _message_rows(space, rows):
    for row in rows:
        row.author_participant = space.participant(row.author_id)
        row.mine = row.author_id == space.me.pk
    return rows


@space_view
def thread(request, space, thread_id):
    found = _found(request, space, thread_id)
    shown = show(space, _kind(), found)
    note(request, space, _kind(), [shown])
    if not shown.content_visible:
        if request.method == "POST":
            raise ItemNotFound(_kind(), thread_id)
        return render(request, "trajectories/messaging/thread.html", space_context(request, space, TOOL, shown=shown))
    form = MessageForm(request.POST or None) if can_add_item(space) else None
    status = 200
    if request.method == "POST":
        if form is None:
            return refused(request, space, str(refusal(space)))
        if form.is_valid():
            try:
                services.message_send(thread=found, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_errors(form, error)
            except services.ThreadNotFound:
                raise ItemNotFound(_kind(), thread_id) from None
            except NotAllowed as error:
                return refused(request, space, str(error))
            else:
                if request.htmx:
                    return _message_form(request, space, found, MessageForm(), sent=True)
                return redirect(reverse("trajectories:thread", args=[space.pk, found.pk]) + "#nieuw-bericht")
        status = 400
        if request.htmx:
            return _message_form(request, space, found, form, status=status)
    rows, older = selectors.messages(found)
    services.thread_mark_read(thread=found, space=space, count=found.message_count)
    return render(
        request,
        "trajectories/messaging/thread.html",
        space_context(
            request,
            space,
            TOOL,
            shown=shown,
            thread=found,
            rows=_message_rows(space, rows),
            older=older,
            last_id=rows[-1].pk if rows else 0,
            form=form,
        ),
        status=status,
    )


def _message_form(request, space, thread, form, *, sent=False, status=200):
    """The answer to a message sent with htmx: only the form (emptied after sending, or with its errors), and after
    sending the "message-sent" event that makes the poller fetch the new message at once (issue 15 §7)."""
    if sent:
        form.fields["text"].widget.attrs["autofocus"] = True  # keep typing where you were
    response = render(
        request,
        "trajectories/messaging/message_form.html",
        {"trajectory": space.trajectory, "thread": thread, "form": form, "sent": sent},
        status=status,
    )
    if sent:
        response["HX-Trigger"] = "message-sent"
    return response


@space_view
def poll(request, space, thread_id):
    """The messages after ``?na=<id>`` and a new poller: the htmx fragment of the 2-second refresh."""
    found = _found(request, space, thread_id, with_chosen=False)
    if not found.content_visible:
        raise ItemNotFound(_kind(), thread_id)
    after = max(parse_int(request.GET.get("na")) or 0, 0)
    rows, _more = selectors.messages(found, after=after)
    if rows:
        note(request, space, _kind(), [show(space, _kind(), found, chosen=False)])
        services.thread_mark_read(thread=found, space=space, count=found.message_count)
    return render(
        request,
        "trajectories/messaging/poll.html",
        {
            "space": space,
            "trajectory": space.trajectory,
            "thread": found,
            "rows": _message_rows(space, rows),
            "last_id": rows[-1].pk if rows else after,
        },
    )
