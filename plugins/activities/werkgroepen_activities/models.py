"""The plugin's models, gathered from its rooms for Django's app registry."""

from werkgroepen_activities.activities.models import (  # noqa: F401
    Activity,
    ActivityDate,
    ActivityReport,
    ActivityType,
    StatusChange,
)
from werkgroepen_activities.feed.models import FeedImport  # noqa: F401
