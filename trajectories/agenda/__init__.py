"""The Agenda of a space: appointments, the personal calendar feed (iCal) and reminders."""

AGENDA = "agenda"  # the slug of the tool (its tab in the space, and the ``tool`` of its item kinds)
