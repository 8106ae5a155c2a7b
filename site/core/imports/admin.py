"""The *Import* screen of the administration: per organisation the person administers, the importers offered there
(``register_importer``) with a form and a run button each, and the last runs. Organisation admins and superadmins
only; runs go through :mod:`core.imports.services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.imports.policies import shows_import
from core.imports.selectors import import_organisations, importer_for, importers_for, last_runs
from core.imports.services import import_start


def _prefix(organisation, slug):
    return f"import-{organisation.pk}-{slug}"


class ImportView(WagtailAdminTemplateMixin, TemplateView):
    """GET: every organisation of the person with its importers and last runs. POST (``run``): start a run of one
    importer for one of the person's organisations; a form that fails comes back with its errors and what was
    typed."""

    template_name = "core/imports/admin/index.html"
    header_icon = "download"
    page_title = gettext_lazy("Import")
    bound = None  # ((organisation id, slug), form) of a posted form that failed

    def dispatch(self, request, *args, **kwargs):
        if not shows_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, organisation_id=None, slug=None):
        if organisation_id is None:
            return redirect("imports:index")
        organisation = import_organisations(request.user).filter(pk=organisation_id).first()
        importer = importer_for(organisation, slug, request) if organisation is not None else None
        if importer is None:
            raise Http404
        form = importer.form_class(request.POST, request.FILES, prefix=_prefix(organisation, slug))
        if not form.is_valid():
            self.bound = ((organisation.pk, slug), form)
            return self.render_to_response(self.get_context_data(), status=400)
        import_start(organisation=organisation, slug=slug, form=form, by=request.user, request=request)
        messages.success(
            request,
            _("%(importer)s started for %(organisation)s. It runs in the background: its result appears below.")
            % {"importer": importer.name, "organisation": organisation.title},
        )
        return redirect("imports:index")

    def get(self, request, organisation_id=None, slug=None):
        if organisation_id is not None:
            return redirect("imports:index")
        return super().get(request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = []
        for organisation in import_organisations(self.request.user):
            importers = []
            for slug, importer in importers_for(organisation, self.request):
                if self.bound and self.bound[0] == (organisation.pk, slug):
                    form = self.bound[1]
                else:
                    form = importer.form_class(prefix=_prefix(organisation, slug))
                importers.append({"slug": slug, "importer": importer, "form": form})
            sections.append({"organisation": organisation, "importers": importers, "runs": last_runs(organisation)})
        context["sections"] = sections
        return context


urlpatterns = [
    path(
        "import/",
        include(
            (
                [
                    path("", ImportView.as_view(), name="index"),
                    path("<int:organisation_id>/<slug:slug>/", ImportView.as_view(), name="run"),
                ],
                "imports",
            )
        ),
    )
]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return shows_import(request.user)


menu_label = gettext_lazy("Import")
