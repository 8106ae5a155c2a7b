"""Reads of the Documenten: the documents of a space as its viewer may see them (noted for the access log), the
versions of one, and one readable document for its download."""

from trajectories.documents.models import Document
from trajectories.items.selectors import kind_for_model, show_all


def kind():
    return kind_for_model(Document)


def documents(request, space):
    """Every document the viewer may know exists in `space`, newest change first, noted for the access log."""
    rows = list(
        Document.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk)
        .prefetch_related("chosen")
        .order_by("-updated_at", "-pk")
    )
    return show_all(request, space, kind(), rows)


def versions(document, space):
    """The versions of `document`, newest first, each with ``author`` taken from the space's participants."""
    rows = list(document.versions.order_by("-number"))
    for row in rows:
        seat = space.participant(row.author_id)
        if seat is not None:
            row.author = seat
    return rows


def readable_document(space, user, pk):
    """The document `pk` of `space` whose content `user` may read (the download), or None."""
    return Document.objects.visible_to(user, space=space).filter(trajectory_id=space.pk, pk=pk).first()
