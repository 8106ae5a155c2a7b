"""The digest of interesting posts a moderator composes for their theme's members (issue 4 §7). Not the daily or
weekly digest of notifications, which is the core's."""
