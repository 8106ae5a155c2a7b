"""The territory screens in the Wagtail administration (wagtail-modeladmin, design card): a group "Activiteiten" with
the activities a person moderates (their organisations' and their territories'), list filters, search and an inspect
view. Read-only: every change goes through the plugin's services on its own pages (publish with the rules' check,
depublish with a reason), which modeladmin's generic edit form would bypass."""

from django.contrib.admin import SimpleListFilter
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from werkgroepen_activities.activities.models import Activity, ActivityType, organisation_paths_of
from werkgroepen_activities.feed.models import FeedImport
from werkgroepen_activities.territory.selectors import postcodes_of_paths


def moderated_by(user, queryset):
    """`queryset` (already ``visible_to(user)``) narrowed to what `user` moderates: the activities of the
    organisations they manage and those located in the territories they moderate. Superadmins: everything."""
    if user.is_superuser:
        return queryset
    managed, moderated = organisation_paths_of(user)
    condition = Q(organisation__path__in=sorted(set(managed) | set(moderated)))
    codes = postcodes_of_paths(moderated)
    if codes:
        condition |= Q(postcode__in=codes)
    return queryset.filter(condition)


class ModeratorPermissions(PermissionHelper):
    """List and inspect for people who manage or moderate an organisation; nobody adds, edits or deletes here."""

    def user_has_any_permissions(self, user):
        if not user.is_active:
            return False
        managed, moderated = organisation_paths_of(user)
        return user.is_superuser or bool(managed or moderated)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class TypeFilter(SimpleListFilter):
    title = _("type")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return [(kind.code, str(kind)) for kind in ActivityType.objects.all()]

    def queryset(self, request, queryset):
        return queryset.filter(types__code=self.value()) if self.value() else queryset


class ActivityAdmin(ModelAdmin):
    model = Activity
    menu_label = _("Activities on my territory")
    menu_icon = "date"
    permission_helper_class = ModeratorPermissions
    inspect_view_enabled = True
    list_display = ("title", "published_at", "changed_at", "organisation", "view_count", "status")
    list_filter = ("status", TypeFilter, "source")
    search_fields = ("title", "municipality", "postcode", "organiser_name")
    ordering = ("-changed_at", "-id")
    list_per_page = 50
    inspect_view_fields = (
        "title",
        "status",
        "published_at",
        "changed_at",
        "changed_by_name",
        "organiser_name",
        "street",
        "postcode",
        "municipality",
        "price",
        "contact",
        "accessibility",
        "view_count",
        "depublish_reason",
    )

    def get_queryset(self, request):
        visible = Activity.objects.visible_to(request.user).select_related("organisation")
        return moderated_by(request.user, visible)


class FeedImportAdmin(ModelAdmin):
    model = FeedImport
    menu_label = _("UiT imports")
    menu_icon = "download"
    permission_helper_class = ModeratorPermissions
    inspect_view_enabled = True
    list_display = ("started_at", "organisation", "created", "updated", "unchanged", "skipped", "refused")
    ordering = ("-started_at",)
    inspect_view_fields = (
        "started_at",
        "source",
        "total",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "refused",
        "problems",
        "error",
    )

    def get_queryset(self, request):
        qs = FeedImport.objects.select_related("organisation")
        if request.user.is_superuser:
            return qs
        managed, moderated = organisation_paths_of(request.user)
        return qs.filter(organisation__path__in=sorted(set(managed) | set(moderated)))


class ActivitiesGroup(ModelAdminGroup):
    menu_label = _("Activities")
    menu_icon = "date"
    menu_order = 250
    items = (ActivityAdmin, FeedImportAdmin)


modeladmin_register(ActivitiesGroup)
