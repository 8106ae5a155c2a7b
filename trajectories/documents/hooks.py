"""The Documenten's hooks: its item kind (documents) and its tool, ordered after the Agenda. Imported by
:mod:`trajectories.wagtail_hooks`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_SPACE_ITEM_KIND, REGISTER_TRAJECTORY_TOOL, SpaceItemKind, TrajectoryTool
from trajectories.documents import DOCUMENTS
from trajectories.documents.forms import DocumentUploadForm
from trajectories.documents.models import Document


@hooks.register(REGISTER_SPACE_ITEM_KIND)
def document_kind():
    return SpaceItemKind(
        key="document",
        add_label=_("Add a document"),
        model=Document,
        tool=DOCUMENTS,
        segment="documenten",
        label=_("document"),
        label_plural=_("documents"),
        form_class=DocumentUploadForm,
        list_url_name="trajectories:documents",
        order=70,
    )


@hooks.register(REGISTER_TRAJECTORY_TOOL, order=20)
def documents_tool(trajectory, request):
    return TrajectoryTool(
        slug=DOCUMENTS,
        label=_("Documents"),
        url=reverse("trajectories:documents", args=[trajectory.pk]),
    )
