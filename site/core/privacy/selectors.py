"""What the core itself holds about a person, for their "Mijn gegevens" export (the apps add theirs through
``register_user_data``)."""

from allauth.account.models import EmailAddress

from core.notifications.models import Notification, NotificationAddress, NotificationPreference
from core.privacy.models import DataExport
from core.role_requests.models import RoleRequest
from core.roles.models import RoleAssignment


def _when(value):
    return value.isoformat() if value else None


def core_export(user):
    """What the core itself holds about `user`."""
    return {
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "themes_i_come_for": list(user.interested_themes.values_list("title", flat=True)),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "roles": [
            {"role": a.role, "page": a.page.title if a.page_id else None, "since": _when(a.created_at)}
            for a in RoleAssignment.objects.filter(user=user).select_related("page")
        ],
        "role_requests": [
            {
                "organisation": r.organisation.title,
                "work_phone": r.work_phone,
                "work_email": r.work_email,
                "reason": r.reason,
                "status": r.status,
                "requested_at": _when(r.created_at),
                "decision_reason": r.decision_reason,
            }
            for r in RoleRequest.objects.filter(user=user).select_related("organisation")
        ],
        "notifications": [
            {
                "type": n.type,
                "title": n.title,
                "text": n.text,
                "url": n.url,
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
            }
            for n in Notification.objects.filter(recipient=user).order_by("pk").iterator(chunk_size=1000)
        ],
        # What the person agreed to receive, and where.
        "consents": {
            "notification_preferences": {
                p.type: p.frequency for p in NotificationPreference.objects.filter(user=user).order_by("type")
            },
            "extra_notification_addresses": [
                {"email": a.email, "confirmed_at": _when(a.confirmed_at)}
                for a in NotificationAddress.objects.filter(user=user)
            ],
        },
    }


def recent_exports(user):
    """The person's own latest exports (SEC-16: nobody else's)."""
    return DataExport.objects.visible_to(user)[:5]
