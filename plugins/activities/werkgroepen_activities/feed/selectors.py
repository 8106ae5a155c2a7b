"""Reads of the feed imports: the last runs of an organisation, with their summary."""

from werkgroepen_activities.feed.models import FeedImport


def last_imports(organisation, *, limit=5):
    """The last `limit` feed imports of `organisation`, newest first."""
    return list(FeedImport.objects.filter(organisation=organisation).select_related("started_by")[:limit])
