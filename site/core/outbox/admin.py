"""Failed e-mail in the administration (issue 4 §5): a read-only list for superadmins of the messages the outbox
gave up on (recipient, subject, error, attempts), each with "retry". Moderators and editors neither see the menu
item nor reach the pages (403): the list holds addresses and subjects of every theme."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.access import may_see, object_of
from core.accounts.policies import is_superadmin
from core.outbox import services
from core.outbox.models import OutboundMessage, OutboundStatus

PER_PAGE = 50


def _require_superuser(user):
    if not is_superadmin(user):
        raise PermissionDenied


def shown_subject(message, user):
    """The subject, unless the mail is about something `user` may not see (issue 9): a message in a young person's
    space stays between its participants, also when its notification bounced. Then only its kind is shown."""
    if message.content_type_id and message.object_id:
        about = object_of(message.content_type_id, message.object_id)
        if about is not None and not may_see(user, about):
            return _("(about something only its participants may see: %(type)s)") % {"type": message.type or "—"}
    return message.subject


class FailedMailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/outbox/admin/failed_mail.html"
    header_icon = "mail"
    page_title = gettext_lazy("Failed e-mail")

    def dispatch(self, request, *args, **kwargs):
        _require_superuser(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        failed = OutboundMessage.objects.filter(status=OutboundStatus.FAILED).order_by("-id")
        context["page_obj"] = page = Paginator(failed, PER_PAGE).get_page(self.request.GET.get("p"))
        for message in page.object_list:
            message.shown_subject = shown_subject(message, self.request.user)
        return context


@require_POST
def retry(request, pk):
    _require_superuser(request.user)
    message = OutboundMessage.objects.filter(pk=pk, status=OutboundStatus.FAILED).first()
    if message is None:
        raise Http404
    services.retry(message=message)
    messages.success(request, _("The e-mail to %(email)s is queued again.") % {"email": message.email})
    return redirect("failed_mail:index")


urlpatterns = [
    path(
        "mislukte-mail/",
        include(
            (
                [path("", FailedMailView.as_view(), name="index"), path("<int:pk>/opnieuw/", retry, name="retry")],
                "failed_mail",
            )
        ),
    )
]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser
