"""The item kinds and tools of the Agenda and Documenten (issue 5 §4): registered like any plugin would."""

from django.utils.translation import gettext_lazy as _

from trajectories.forms_tools import AppointmentForm, DocumentUploadForm
from trajectories.models_tools import Appointment, Document
from trajectories.registry import ItemKind, register_item_kind

AGENDA = "agenda"
DOCUMENTS = "documenten"


def register():
    register_item_kind(
        ItemKind(
            key="appointment",
            add_label=_("Add an appointment"),
            model=Appointment,
            tool=AGENDA,
            segment="agenda-afspraken",
            label=_("appointment"),
            label_plural=_("appointments"),
            form_class=AppointmentForm,
            list_url_name="trajectories:agenda",
            order=60,
        )
    )
    register_item_kind(
        ItemKind(
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
    )
    from trajectories import hooks_tools  # noqa: F401 - registers the Agenda and Documenten tools
