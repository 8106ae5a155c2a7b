"""Push mail screens: compose with a preview, then send; the sender's list of sent push mails and their detail.

Who may write one is ``participation.pushmail.policies.can_push``; a theme the visitor may not see is a 404, a theme
they see but may not mail is a 403 with a reason. Nothing is sent unless the service accepted the request.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.content.services import render_member_text
from participation.access import NotAllowed
from participation.groups.selectors import working_group
from participation.http import no_store, refused
from participation.pushmail import selectors, services
from participation.pushmail.forms import PushMailForm
from participation.pushmail.policies import can_push


def _theme(request, theme_id):
    found = working_group(request.user, theme_id)
    if found is None:
        raise Http404
    page, group = found
    if group.theme_id != page.pk:  # a subtheme: push mail belongs to the theme
        raise Http404
    return page


@login_required
def compose(request, theme_id):
    theme = _theme(request, theme_id)
    verdict = can_push(request.user, theme)
    if not verdict:
        return refused(request, verdict.reason, page=theme)
    preview = None
    status = 200
    if request.method == "POST":
        form = PushMailForm(request.POST, theme=theme, sender=request.user)
        if form.is_valid():
            arguments = form.service_arguments()
            if "send" in request.POST:
                try:
                    push = services.push_mail_send(sender=request.user, theme=theme, **arguments)
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                    status = 400
                except NotAllowed as error:
                    return refused(request, error, page=theme)
                else:
                    messages.success(
                        request,
                        _("Your push mail is on its way to %(count)d members.") % {"count": push.recipient_count},
                    )
                    return redirect(push.get_absolute_url())
            else:
                ids = selectors.recipient_ids(
                    theme=theme,
                    sender=request.user,
                    selection=arguments["selection"],
                    organisations=arguments["organisations"],
                    people=arguments["people"],
                )
                preview = {
                    "subject": arguments["subject"],
                    "html": render_member_text(arguments["body"]),
                    "recipient_count": len(ids),
                }
                if not ids:
                    form.add_error("selection", _("This selection reaches no member. Choose other recipients."))
                    preview = None
        else:
            status = 400
    else:
        form = PushMailForm(initial={"token": uuid.uuid4()}, theme=theme, sender=request.user)
    context = {"theme": theme, "form": form, "preview": preview}
    return no_store(render(request, "participation/pushmail/compose.html", context, status=status))


@login_required
def sent_list(request):
    push_mails = selectors.sent_by(request.user)
    return no_store(render(request, "participation/pushmail/list.html", {"push_mails": push_mails}))


@login_required
def detail(request, pk):
    push = selectors.push_mail_for(request.user, pk)
    if push is None:
        raise Http404
    context = {"push": push, "delivery": selectors.delivery(push), "html": render_member_text(push.body)}
    return no_store(render(request, "participation/pushmail/detail.html", context))
