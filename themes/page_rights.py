"""Who may change which field of an organisation, theme or subtheme page in the Wagtail admin (issue 9, hole 8).

Wagtail's page permissions say who may edit a page at all; they cannot say which fields. Wagtail's per-field
``FieldPanel(permission=...)`` asks ``user.has_perm``, which knows no page: an organisation admin of one
organisation would hold it for every other one. So each page model lists, per field and per inline list
(formset), the lowest role that may change it (``field_rights``), and :class:`RoleScopedPageForm` drops from the
form what the person's role on *this* page does not allow. A dropped field is neither shown nor read from the
request: a forged POST leaves it as it was. On save, the dropped fields and inline lists are set back to the
page's current values, so reverting to an old revision cannot bring back an old value either.

The roles, lowest first: theme moderator, editor, organisation admin, superadmin (README, *Roles*). A field that a
page model does not list needs an organisation admin, so a field added later is never open to everybody by
accident.
"""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel, Panel

from core.roles.models import Role
from core.roles.selectors import user_roles

MODERATOR, EDITOR, ORGANISATION_ADMIN, SUPERADMIN = 1, 2, 3, 4
RANKS = {
    Role.MODERATOR: MODERATOR,
    Role.EDITOR: EDITOR,
    Role.ORGANISATION_ADMIN: ORGANISATION_ADMIN,
    Role.SUPERADMIN: SUPERADMIN,
}
# Wagtail's own fields that come with every page: scheduling and comments go with whoever may edit the page.
WAGTAIL_FIELD_RIGHTS = {
    "go_live_at": MODERATOR,
    "expire_at": MODERATOR,
    "comment_notifications": MODERATOR,
    "comments": MODERATOR,
    "title": EDITOR,
    "slug": EDITOR,
    "seo_title": EDITOR,
    "search_description": EDITOR,
    "show_in_menus": EDITOR,
}


def rank_on(user, path):
    """The highest role `user` holds on the page at `path` (on it or on an ancestor) as a rank; 0 for none."""
    if not user.is_authenticated:
        return 0
    if user.is_superuser:
        return SUPERADMIN
    return max(
        (RANKS.get(role, 0) for role, role_path in user_roles(user) if path.startswith(role_path)),
        default=0,
    )


class RoleScopedPageForm(WagtailAdminPageForm):
    """The admin form of a page whose model declares ``field_rights`` (and ``creation_field_rights`` for fields a
    lower role may set when creating the page, but not change afterwards)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = []
        user = self.for_user
        if user is None:
            return  # not an admin request (a system check or a test building the form class): nothing to scope
        model = type(self.instance)
        creating = self.instance.pk is None
        path = self.parent_page.path if creating and self.parent_page is not None else self.instance.path
        rank = rank_on(user, path or "")
        rights = {**WAGTAIL_FIELD_RIGHTS, **model.field_rights}
        if creating:
            rights.update(getattr(model, "creation_field_rights", {}))
        for name in list(self.fields):
            if rank < rights.get(name, ORGANISATION_ADMIN):
                del self.fields[name]
                self.locked.append(name)
        for name in list(self.formsets):
            if rank < rights.get(name, ORGANISATION_ADMIN):
                del self.formsets[name]
                self.locked.append(name)

    def save(self, commit=True):
        if self.locked and self.instance.pk is not None:
            current = type(self.instance).objects.get(pk=self.instance.pk).get_latest_revision_as_object()
            for name in self.locked:
                value = getattr(current, name)
                if hasattr(value, "all"):  # an inline list (child relation): its current rows
                    value = list(value.all())
                setattr(self.instance, name, value)
        return super().save(commit=commit)


class ScopedInlinePanel(InlinePanel):
    """An InlinePanel that stays out of sight when :class:`RoleScopedPageForm` took its list out of the form."""

    class AbsentBoundPanel(Panel.BoundPanel):
        def is_shown(self):
            return False

    def get_bound_panel(self, instance=None, request=None, form=None, prefix="panel"):
        if form is not None and self.relation_name not in form.formsets:
            return self.AbsentBoundPanel(panel=self, instance=instance, request=request, form=form, prefix=prefix)
        return super().get_bound_panel(instance=instance, request=request, form=form, prefix=prefix)
