"""Who may act on accounts: only an active superadmin acts on another person's account, and never on their own
(deactivating, ending sessions), while a reset link can go to any active account's own confirmed address."""

ACTIONS = ("deactivate", "reactivate", "end_sessions", "send_password_reset")


def is_superadmin(user):
    """An active superadmin: the only one who opens the site-wide screens (accounts, failed mail, background tasks)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def may_manage_accounts(user):
    """Only an active superadmin acts on other people's accounts."""
    return is_superadmin(user)


def available_actions(account, by):
    """The actions `by` may take on `account` now, in the order they are offered."""
    if not may_manage_accounts(by):
        return []
    actions = []
    if account.pk != by.pk:
        actions.append("deactivate" if account.is_active else "reactivate")
        actions.append("end_sessions")
    if account.is_active:
        actions.append("send_password_reset")
    return actions
