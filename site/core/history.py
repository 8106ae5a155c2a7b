"""Wagtail's history view of an object, narrowed to the rows the person may see (SEC-04).

Wagtail's own history view looks the object up among all rows; the admin screens of roles, invitations and role
requests use this one, which looks it up only among the rows their permission policy gives the person, so an
organisation admin cannot read the audit trail of another organisation's invitations or roles.
"""

from wagtail.admin.views.generic.history import HistoryView


class ScopedHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
