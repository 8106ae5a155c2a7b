"""Background task results in the administration (issue 9): a read-only list for superadmins of what the task
worker (django-tasks-db) did: status, task, when it was queued and finished, and the kind of error.

This replaces the Django admin's screen for ``DBTaskResult``, which showed each task's arguments, return value and
traceback. Those can hold ids and addresses of the people a task was about, so they are never shown here; the
error is named by its exception class only. Moderators, editors and organisation admins neither see the menu
item nor reach the page (403)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import include, path
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tasks_db.models import DBTaskResult
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.accounts.policies import is_superadmin

PER_PAGE = 50
# Only these columns are read: arguments, return values and tracebacks never leave the database.
COLUMNS = ["id", "status", "task_path", "queue_name", "enqueued_at", "finished_at", "exception_class_path"]


class TaskResultsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/task_results/admin/task_results.html"
    header_icon = "cogs"
    page_title = gettext_lazy("Background tasks")

    def dispatch(self, request, *args, **kwargs):
        if not is_superadmin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = DBTaskResult.objects.only(*COLUMNS).order_by("-enqueued_at")
        status = self.request.GET.get("status", "")
        statuses = dict(DBTaskResult._meta.get_field("status").choices)
        if status in statuses:
            results = results.filter(status=status)
        context["page_obj"] = Paginator(results, PER_PAGE).get_page(self.request.GET.get("p"))
        context["statuses"] = statuses
        context["status"] = status
        return context


urlpatterns = [path("taken/", include(([path("", TaskResultsView.as_view(), name="index")], "task_results")))]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser
