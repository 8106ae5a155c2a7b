"""The moderation queues of every app and plugin (``register_moderation_queue``), counted for one person."""

import logging

from config.hooks import REGISTER_MODERATION_QUEUE, call_safely
from core.request_cache import memoise

logger = logging.getLogger("werkgroepen.moderation")


def moderation_queues(user):
    """``([{label, count, url}], total)`` of every registered queue for `user` (counted once per request); a
    queue whose counter fails is left out and logged."""

    def compute():
        rows = []
        for queue in call_safely(REGISTER_MODERATION_QUEUE):
            try:
                count = int(queue.count(user))
            except Exception:  # noqa: BLE001 - a plugin's broken counter must not take the dashboard down
                logger.exception("Moderation queue %s failed to count", queue.label)
                continue
            rows.append({"label": queue.label, "count": count, "url": queue.url})
        return rows, sum(row["count"] for row in rows)

    return memoise(("moderation-queues", user.pk), compute)
