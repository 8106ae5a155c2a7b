"""Push mail screens: compose with a preview, then send; the sender's list of sent push mails and their detail.

Who may write one is ``participation.pushmail.may_push``; a theme the visitor may not see is a 404, a theme they
see but may not mail is a 403 with a reason. Nothing is sent unless the service accepted the request.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.content.services import render_member_text
from participation import pushmail
from participation.pushmail_models import PushMail, PushMailSelection
from participation.views import _no_store, _refused, _working_group

PICK_LIMIT = 500


class PushMailForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=pushmail.SUBJECT_MAX)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=pushmail.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Plain text. You may use **bold**, *italic*, lists and links. At most 20,000 characters."
        ),
    )
    selection = forms.ChoiceField(
        label=gettext_lazy("Send to"),
        choices=PushMailSelection.choices,
        initial=PushMailSelection.ALL,
        widget=forms.RadioSelect,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organisations"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, theme, sender, **kwargs):
        super().__init__(*args, **kwargs)
        from core.models import User
        from themes.models import MemberOrganisation

        approved = pushmail.members(theme).exclude(user_id=sender.pk)
        self.fields["organisations"].queryset = MemberOrganisation.objects.filter(
            pk__in=approved.exclude(on_behalf_of=None).values("on_behalf_of")
        ).order_by("name")
        # Picking by hand is for small groups: a list of thousands of check boxes helps nobody.
        self.may_pick = approved.count() <= PICK_LIMIT
        people = User.objects.filter(pk__in=approved.values("user_id"))
        self.fields["people"].queryset = people.order_by("display_name") if self.may_pick else people.none()
        self.fields["people"].label_from_instance = lambda user: user.display_name

    def clean(self):
        data = super().clean()
        selection = data.get("selection")
        if selection == PushMailSelection.ORGANISATIONS and not data.get("organisations"):
            self.add_error("organisations", _("Choose at least one organisation."))
        if selection == PushMailSelection.MEMBERS and not self.may_pick:
            self.add_error("selection", _("This working group is too large to pick members by hand."))
        elif selection == PushMailSelection.MEMBERS and not data.get("people"):
            self.add_error("people", _("Pick at least one member."))
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "key": str(data["token"]),
            "subject": data["subject"],
            "body": data["body"],
            "selection": data["selection"],
            "organisations": list(data.get("organisations") or []),
            "people": list(data.get("people") or []),
        }


def _theme(request, theme_id):
    page, group = _working_group(request.user, theme_id)
    if group.theme_id != page.pk:  # a subtheme: push mail belongs to the theme
        raise Http404
    return page


@login_required
def compose(request, theme_id):
    theme = _theme(request, theme_id)
    if not pushmail.may_push(request.user, theme):
        return _refused(request, _("You may not send a push mail to the members of this working group."), page=theme)
    preview = None
    status = 200
    if request.method == "POST":
        form = PushMailForm(request.POST, theme=theme, sender=request.user)
        if form.is_valid():
            arguments = form.service_arguments()
            if "send" in request.POST:
                try:
                    push = pushmail.push_mail_send(sender=request.user, theme=theme, **arguments)
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                    status = 400
                except pushmail.NotAllowed as error:
                    return _refused(request, error, page=theme)
                else:
                    messages.success(
                        request,
                        _("Your push mail is on its way to %(count)d members.") % {"count": push.recipient_count},
                    )
                    return redirect(push.get_absolute_url())
            else:
                ids = pushmail.recipient_ids(
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
    return _no_store(render(request, "participation/pushmail/compose.html", context, status=status))


@login_required
def sent_list(request):
    push_mails = (
        PushMail.objects.visible_to(request.user)
        .filter(sender_id=request.user.pk)
        .select_related("theme")
        .order_by("-created_at", "-id")[:200]
    )
    return _no_store(render(request, "participation/pushmail/list.html", {"push_mails": push_mails}))


@login_required
def detail(request, pk):
    push = PushMail.objects.visible_to(request.user).select_related("theme", "sender").filter(pk=pk).first()
    if push is None:
        raise Http404
    context = {"push": push, "delivery": pushmail.delivery(push), "html": render_member_text(push.body)}
    return _no_store(render(request, "participation/pushmail/detail.html", context))
