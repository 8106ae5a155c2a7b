"""The page tree of Werkgroepen: HomePage → OrganisationPage → ThemePage → SubthemePage.

Editors meet these pages in the Wagtail admin. A theme is a working group (werkgroep, seed 000); its
subthemes belong to the same group: joining a theme covers its subthemes. Theme and subtheme pages are
public while live; what a group type makes private is its content (participation app). Categories,
filter groups and member organisations are edited inline per (sub)theme; a subtheme offers its
parent's categories and filters plus its own.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, get_page_models
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from config.hooks import REGISTER_HOME_PANEL, REGISTER_ORGANISATION_SECTION, REGISTER_THEME_TAB, call
from config.plugins import installed_plugins
from core.pages.selectors import page_visible_to, path_visible_to, visible_pages
from core.roles.models import Role
from core.roles.selectors import administered_organisations
from core.roles.services import organisation_collection_ensure
from core.tree_cache import cached
from themes.blocks import ThemeBodyBlock
from themes.colour import validate_brand_colour
from themes.contact.forms import ContactForm
from themes.contact.models import ContactMessage  # noqa: F401  (the contact room's model, gathered for Django)
from themes.contact.views import theme_contact
from themes.embedding import parse_embed_origins, validate_embed_origins
from themes.fiches.models import RepresentationRequest  # noqa: F401  (the fiches room's model, gathered for Django)
from themes.page_rights import EDITOR, MODERATOR, ORGANISATION_ADMIN, RoleScopedPageForm, ScopedInlinePanel
from themes.plugin_switch import PluginSettingsPanel, PluginSwitchPanel, settings_of

# The roles core.roles may give on these pages (core.roles.selectors reads ``assignable_roles``): an organisation
# takes every role but superadmin (care professionals and organisation admins only there); themes and subthemes the
# roles that work on a working group.
ORGANISATION_ROLES = (
    Role.ORGANISATION_ADMIN,
    Role.EDITOR,
    Role.MODERATOR,
    Role.OBSERVER,
    Role.CARE_PROFESSIONAL,
)
WORKING_GROUP_ROLES = (Role.EDITOR, Role.MODERATOR, Role.OBSERVER)

INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class GroupType(models.TextChoices):
    """Working-group types of seed 000 (see BRIEF.md)."""

    OPEN = "open", _("(Half)open: everyone can read, posts are approved first")
    CLOSED = "closed", _("Closed: members only, membership is approved")
    MIXED = "mixed", _("Mixed: public and members-only sections")


# Short names for badges, and what each type means for a visitor (BRIEF.md, seed 000).
GROUP_TYPE_BADGES = {
    GroupType.OPEN: _("Open working group"),
    GroupType.CLOSED: _("Closed working group"),
    GroupType.MIXED: _("Mixed working group"),
}
GROUP_TYPE_EXPLANATIONS = {
    GroupType.OPEN: _(
        "Anyone can join this working group straight away. Everyone can read its posts once a moderator "
        "has approved them: a moderator approves every post first."
    ),
    GroupType.CLOSED: _(
        "A moderator approves who joins this working group. Only members can read its posts; "
        "members' posts appear without prior approval."
    ),
    GroupType.MIXED: _(
        "A moderator approves who joins this working group. Every post goes either to the public section, "
        "which everyone can read once a moderator has approved it, or to the members' section, which only "
        "members can read."
    ),
}


# A subtheme with a type of its own: joining is always its theme's (a membership covers all the subthemes), reading
# and approval follow the subtheme's own type. Its page says both, so what is shown is what is applied (issue 14 §5).
GROUP_TYPE_JOINING = {
    GroupType.OPEN: _("You join through the theme %(theme)s: anyone can join it straight away."),
    GroupType.CLOSED: _("You join through the theme %(theme)s: a moderator approves who joins."),
    GroupType.MIXED: _("You join through the theme %(theme)s: a moderator approves who joins."),
}
GROUP_TYPE_READING = {
    GroupType.OPEN: _(
        "Everyone can read the posts of this subtheme once a moderator has approved them: a moderator approves "
        "every post first."
    ),
    GroupType.CLOSED: _(
        "Only members can read the posts of this subtheme; members' posts appear without prior approval."
    ),
    GroupType.MIXED: _(
        "Every post of this subtheme goes either to the public section, which everyone can read once a moderator "
        "has approved it, or to the members' section, which only members can read."
    ),
}


class SubthemeGroupType(models.TextChoices):
    INHERIT = "", _("Same as the theme")
    OPEN = GroupType.OPEN.value, GroupType.OPEN.label
    CLOSED = GroupType.CLOSED.value, GroupType.CLOSED.label
    MIXED = GroupType.MIXED.value, GroupType.MIXED.label


def view_restrictions(page):
    """Wagtail's view restrictions of `page`, without the two queries per page view while no restriction exists
    anywhere (the usual case: our own rules, not Wagtail privacy, guard working groups)."""
    if not cached("any-view-restriction", PageViewRestriction.objects.exists):
        return PageViewRestriction.objects.none()
    return Page.get_view_restrictions(page)


class HideableMixin(models.Model):
    """Editors may temporarily hide a live page (seed 001): it and its subtree then answer 404 to the public."""

    hidden = models.BooleanField(
        _("temporarily hidden"),
        default=False,
        help_text=_(
            "Hidden pages and everything below them answer 'not found' to visitors. People with a role here still see them."
        ),
    )

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # Checked here, before RoutablePageMixin.serve: that one calls sub-route views (contact/) directly.
        if not page_visible_to(self, request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_view_restrictions(self):
        return view_restrictions(self)

    def breadcrumb_pages(self, user):
        """The ancestors a visitor may see, from the home page down (the site root page is left out).

        The ancestors come from the tree cache; who may see each is decided by the one page rule."""
        ancestors = cached(
            f"ancestors:{self.pk}", lambda: list(self.get_ancestors().filter(depth__gt=1).order_by("depth"))
        )
        return [page for page in ancestors if page.live and path_visible_to(page.path, user)]


class HomePage(Page):
    """The front door of a site: an introduction and the organisations as cards."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]  # a site root
    subpage_types = ["wg_themes.OrganisationPage"]
    template = "themes/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the deepest page of the URL in one query on ``url_path`` instead of one query per level, then let
        that page route the rest (sub-routes such as ``contact/``). Same result as Wagtail's walk (PERF-02)."""
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "/".join(path_components[:length]) + "/" for length in range(1, len(path_components) + 1)
        ]
        page = (
            Page.objects.filter(url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth)
            .order_by("-depth")
            .first()
        )
        if page is None:
            raise Http404
        return page.specific.route(request, path_components[page.depth - self.depth :])

    def get_view_restrictions(self):
        return view_restrictions(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisations = list(
            visible_pages(request.user, OrganisationPage.objects.child_of(self))
            .select_related("logo")
            .prefetch_related("logo__renditions")
            .order_by("path")
        )
        # One query for every organisation's number of visible themes, however many there are.
        theme_paths = visible_pages(request.user, ThemePage.objects.descendant_of(self)).values_list("path", flat=True)
        counts = {}
        for theme_path in theme_paths:
            parent_path = theme_path[: -ThemePage.steplen]
            counts[parent_path] = counts.get(parent_path, 0) + 1
        for organisation in organisations:
            organisation.visible_theme_count = counts.get(organisation.path, 0)
        context["organisations"] = organisations
        # Panels beside "zo werkt het" (participation's recent public posts …): called with the page only, so what
        # they show is the same for every viewer.
        context["home_panels"] = sorted(call(REGISTER_HOME_PANEL, self), key=lambda panel: panel.order)
        return context


# The kinds of data of the collaboration spaces with a retention period (issue 13 §9), in the order of the form.
RETENTION_KINDS = ("logbook", "messages", "documents", "access_log", "closed_spaces", "care_record")


def retention_limits():
    """``{kind: {"min", "max", "default"}}`` in days, from ``settings.WERKGROEPEN_RETENTION_LIMITS``."""
    return settings.WERKGROEPEN_RETENTION_LIMITS


class OrganisationPage(HideableMixin, Page):
    """A municipality, umbrella association or care provider that runs working groups on the site."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1f4e79",
        validators=[validate_brand_colour],
        help_text=_("Hexadecimal, e.g. #1f4e79. White text on it must have a contrast of at least 4.5:1."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    embed_origins = models.TextField(
        _("sites that may embed the widget"),
        blank=True,
        validators=[validate_embed_origins],
        help_text=_(
            "One address per line, e.g. https://www.houtem.be. Only these sites may show the latest public "
            "posts of this organisation's themes in a frame."
        ),
    )

    observer_update_months = models.PositiveSmallIntegerField(
        _("months between observer updates"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Observers receive the organisation's figures and highlights this often."),
    )
    # Issue 13 §4: when a collaboration space this organisation runs is closed, the professionals the young person
    # keeps go on reading it for this many days; everyone else of the profession loses access at once.
    closure_access_days = models.PositiveSmallIntegerField(
        _("days professionals keep reading a closed space"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_(
            "When a collaboration space is closed, the professionals the young person keeps can still read it for "
            "this many days (0 to 365)."
        ),
    )

    # Issue 13 §9: how long the collaboration spaces this organisation runs keep each kind of data, in days, within
    # the limits of ``settings.WERKGROEPEN_RETENTION_LIMITS`` (empty: the default there). ``manage.py apply_retention``
    # deletes what expired.
    retention_logbook_days = models.PositiveIntegerField(
        _("days logbook entries are kept"), null=True, blank=True, help_text=_("Counted from the last change.")
    )
    retention_messages_days = models.PositiveIntegerField(
        _("days conversations are kept"), null=True, blank=True, help_text=_("Counted from the last message.")
    )
    retention_documents_days = models.PositiveIntegerField(
        _("days documents are kept"), null=True, blank=True, help_text=_("Counted from the last change.")
    )
    retention_access_log_days = models.PositiveIntegerField(
        _("days the access log is kept"), null=True, blank=True, help_text=_("Counted from each entry.")
    )
    retention_closed_spaces_days = models.PositiveIntegerField(
        _("days a closed space is kept as a whole"),
        null=True,
        blank=True,
        help_text=_("Counted from the closing; then everything in it is deleted."),
    )
    retention_care_record_days = models.PositiveIntegerField(
        _("days the care record is kept after a deletion request"),
        null=True,
        blank=True,
        help_text=_(
            "What professionals wrote and the young person asked to delete is kept out of sight this long (legal "
            "duty), then deleted."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("logo"),
        FieldPanel("brand_colour"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address"), FieldPanel("website")],
            heading=_("Contact details"),
        ),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("hidden"),
        FieldPanel("embed_origins"),
        FieldPanel("observer_update_months"),
        FieldPanel("closure_access_days"),
        MultiFieldPanel(
            [FieldPanel(f"retention_{kind}_days") for kind in RETENTION_KINDS],
            heading=_("How long collaboration spaces keep their data"),
            help_text=_(
                "In days. Empty: the site's default. Each kind has limits the site sets: a value outside them is refused with the limits in the message."
            ),
        ),
    ]
    plugin_panels = [
        PluginSwitchPanel(
            "plugins",
            label=_("Plugin"),
            heading=_("Plugins switched on for this organisation"),
            help_text=_(
                "Plugins add tabs, sections and tools to this organisation's pages. A plugin without a row here "
                "is off. Changes take effect when the page is published."
            ),
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
            ObjectList(plugin_panels, heading=_("Plugins")),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("intro")]

    # Who may change what (themes.page_rights; README, Roles): editors build the page, the organisation admin
    # decides what the organisation shows and to whom.
    base_form_class = RoleScopedPageForm
    field_rights = {
        **{
            name: EDITOR
            for name in (
                "intro",
                "logo",
                "brand_colour",
                "contact_email",
                "contact_phone",
                "address",
                "website",
            )
        },
        "hidden": ORGANISATION_ADMIN,
        "embed_origins": ORGANISATION_ADMIN,
        "observer_update_months": ORGANISATION_ADMIN,
        "closure_access_days": ORGANISATION_ADMIN,
        **{f"retention_{kind}_days": ORGANISATION_ADMIN for kind in RETENTION_KINDS},
        "plugins": ORGANISATION_ADMIN,
    }

    parent_page_types = ["wg_themes.HomePage"]
    subpage_types = ["wg_themes.ThemePage"]
    template = "themes/organisation_page.html"
    assignable_roles = ORGANISATION_ROLES  # an organisation, for core.roles (and its role requests)

    class Meta:
        verbose_name = _("organisation")

    def save(self, *args, **kwargs):
        # A new organisation gets its collection of images and documents at once (issue 14 §12), however it was
        # created (the admin, the demo seeding, a copy): its editors find an upload place on their first visit.
        is_new = self.pk is None
        result = super().save(*args, **kwargs)
        if is_new:
            organisation_collection_ensure(organisation=self)
        return result

    def clean(self):
        super().clean()
        errors = {}
        for kind in RETENTION_KINDS:
            value = getattr(self, f"retention_{kind}_days")
            limits = retention_limits()[kind]
            if value is not None and not limits["min"] <= value <= limits["max"]:
                errors[f"retention_{kind}_days"] = (
                    _(
                        "Choose between %(min)d and %(max)d days (the limits this site sets), or leave it empty for the "
                        "default of %(default)d days."
                    )
                    % limits
                )
        if errors:
            raise ValidationError(errors)
        if self.logo_id and _image_size(self.logo) > settings.ORGANISATION_LOGO_MAX_BYTES:
            raise ValidationError(
                {
                    "logo": _("The logo is too large (at most %(mb)d MB). Choose a smaller image.")
                    % {"mb": settings.ORGANISATION_LOGO_MAX_BYTES // (1024 * 1024)}
                }
            )

    def retention_days(self, kind):
        """How many days the spaces of this organisation keep `kind` of data (issue 13 §9): its own setting, or the
        site's default."""
        value = getattr(self, f"retention_{kind}_days")
        return value if value is not None else retention_limits()[kind]["default"]

    @property
    def organisation(self):
        return self

    def embed_origin_list(self):
        """The origins (scheme://host[:port]) allowed to frame this organisation's widgets."""
        return parse_embed_origins(self.embed_origins)

    def enabled_plugin_labels(self):
        """Labels of the plugins switched on for this organisation (tree cache: switching is a page edit)."""
        return cached(
            f"plugins:{self.pk}",
            lambda: frozenset(
                OrganisationPlugin.objects.filter(organisation_id=self.pk, enabled=True).values_list(
                    "plugin", flat=True
                )
            ),
        )

    def plugin_settings(self, plugin_label):
        """What this organisation saved as the settings of plugin `plugin_label` (``register_organisation_settings``,
        edited on the Plugins tab), over the initial values of the plugin's settings form: a dict, empty for a plugin
        without settings. Read from the tree cache: saving is a page edit."""
        return cached(f"plugin-settings:{self.pk}:{plugin_label}", lambda: settings_of(self, plugin_label))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisation"] = self
        context["breadcrumbs"] = self.breadcrumb_pages(request.user)
        context["themes"] = visible_pages(request.user, ThemePage.objects.child_of(self)).order_by("path")
        context["sections"] = sorted(
            call(REGISTER_ORGANISATION_SECTION, self, request, organisation=self), key=lambda s: s.order
        )
        context["member_organisations"] = (
            MemberOrganisation.objects.filter(organisation=self)
            .select_related("logo")
            .prefetch_related("logo__renditions")
        )
        return context


def _image_size(image):
    """The stored size of an image in bytes, measured from the file when Wagtail has not recorded it yet."""
    if image.file_size:
        return image.file_size
    try:
        return image.file.size
    except (OSError, ValueError):
        return 0


def installed_plugin_choices():
    return [(config.label, f"{config.verbose_name} ({config.plugin_version})") for config in installed_plugins()]


class OrganisationPlugin(Orderable):
    """A plugin switched on (or off) for one organisation, with the organisation's settings for it. Without a row, a
    plugin is off."""

    organisation = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="plugins")
    plugin = models.CharField(_("plugin"), max_length=100, choices=installed_plugin_choices)
    enabled = models.BooleanField(_("switched on"), default=True)
    # What the organisation set for the plugin (register_organisation_settings), as the plugin's form cleaned it.
    settings = models.JSONField(_("settings"), default=dict, blank=True)

    panels = [FieldPanel("plugin"), FieldPanel("enabled"), PluginSettingsPanel()]

    class Meta(Orderable.Meta):
        verbose_name = _("plugin")
        constraints = [models.UniqueConstraint(fields=["organisation", "plugin"], name="organisationplugin_unique")]

    def __str__(self):
        return self.plugin


class WorkingGroupPage(HideableMixin, RoutablePageMixin, Page):
    """Fields shared by themes and subthemes: a project page (seed 001) that is also a working group."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(ThemeBodyBlock(), blank=True, verbose_name=_("content"))
    goal = models.TextField(_("goal"), blank=True)
    target_audience = models.TextField(_("target audience"), blank=True)
    process = models.TextField(
        _("process"), blank=True, help_text=_("How the participation runs and what happens with the input.")
    )

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("goal"),
        index.SearchField("target_audience"),
        index.SearchField("process"),
        index.SearchField("body"),
    ]

    project_panels = [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("target_audience"), FieldPanel("process")], heading=_("Project")
        ),
        FieldPanel("body"),
    ]
    group_panels = [
        ScopedInlinePanel("categories", label=_("Category"), heading=_("Categories")),
        ScopedInlinePanel("filter_groups", label=_("Filter group"), heading=_("Filter groups")),
        ScopedInlinePanel(
            "participating_organisations", label=_("Member organisation"), heading=_("Member organisations")
        ),
    ]
    group_type_help = _(
        "Only organisation admins change the type. A change never shows the posts that already exist to more "
        "people: a post keeps the readers it was written for (posts for members stay with the members admitted "
        "so far, even when anyone can join at once from now on). New posts follow the new type."
    )

    assignable_roles = WORKING_GROUP_ROLES  # core.roles: who works on this working group

    # Who may change what (themes.page_rights; README, Roles): the moderator runs the group (its texts,
    # categories, filters, moderation); editors build the page; the organisation admin decides who reads it.
    base_form_class = RoleScopedPageForm
    field_rights = {
        **{
            name: MODERATOR
            for name in (
                "intro",
                "goal",
                "target_audience",
                "process",
                "body",
                "categories",
                "filter_groups",
                "report_threshold",
                "members_may_push_mail",
                "tell_moderators_when_members_leave",
            )
        },
        "participating_organisations": EDITOR,
        "group_type": ORGANISATION_ADMIN,
        "hidden": ORGANISATION_ADMIN,
    }
    # A new page has no posts yet: the editor who creates it chooses its type.
    creation_field_rights = {"group_type": EDITOR}

    class Meta:
        abstract = True

    @cached_property
    def organisation(self):
        return cached(f"organisation-of:{self.pk}", lambda: OrganisationPage.objects.ancestor_of(self).first())

    @cached_property
    def theme(self):
        return self

    @classmethod
    def clean_subpage_models(cls):
        """The declared subpage types, plus every page model that names this one in its own ``parent_page_types``:
        a plugin (e.g. consultations) adds pages below themes and subthemes without the themes app knowing it."""
        declared = list(super().clean_subpage_models())
        for model in get_page_models():
            if (
                model not in declared
                and getattr(model, "parent_page_types", None) is not None
                and cls in model.clean_parent_page_models()
            ):
                declared.append(model)
        return declared

    def own_and_inherited_pages(self):
        return [self.pk]

    def _furniture(self, name, build):
        """`build()` kept in the tree cache (core.tree_cache): what editors set on the page changes only when they
        publish, and the page, its posts tab and its forms all read it (PERF-02)."""
        pages = "-".join(str(pk) for pk in self.own_and_inherited_pages())
        return cached(f"{name}:{pages}", build)

    def available_categories(self):
        """Categories a post here may have: the theme's, and for a subtheme also its own (a queryset)."""
        return Category.objects.filter(page_id__in=self.own_and_inherited_pages()).order_by("page__depth", "sort_order")

    def available_filter_groups(self):
        """Filter groups with their options: the theme's, and for a subtheme also its own (a queryset)."""
        return (
            FilterGroup.objects.filter(page_id__in=self.own_and_inherited_pages())
            .prefetch_related("options")
            .order_by("page__depth", "sort_order")
        )

    def listed_pages(self):
        """The pages whose posts this page's listing shows: a subtheme its own; a theme itself and its subthemes."""
        return [self.pk]

    def facet_category_list(self):
        """The categories the listing's facets offer: those of every page whose posts it lists (a theme's page then
        offers its subthemes' categories too; issue 14 §11), each with ``facet_label`` (a subtheme's own ones say
        which subtheme). From the tree cache."""

        def build():
            categories = list(
                Category.objects.filter(page_id__in=self.own_and_inherited_pages() + self.listed_pages())
                .select_related("page")
                .order_by("page__depth", "page__path", "sort_order")
            )
            for category in categories:
                category.facet_label = _facet_label(category.name, category.page, self)
            return categories

        return cached(f"facet-categories:{self.pk}", build)

    def facet_filter_group_list(self):
        """The filter groups (with options) the listing's facets offer, like :meth:`facet_category_list`."""

        def build():
            groups = list(
                FilterGroup.objects.filter(page_id__in=self.own_and_inherited_pages() + self.listed_pages())
                .select_related("page")
                .prefetch_related("options")
                .order_by("page__depth", "page__path", "sort_order")
            )
            for group in groups:
                group.facet_label = _facet_label(group.name, group.page, self)
            return groups

        return cached(f"facet-filter-groups:{self.pk}", build)

    def category_list(self):
        """:meth:`available_categories` as a list, from the tree cache."""
        return self._furniture("categories", lambda: list(self.available_categories()))

    def filter_group_list(self):
        """:meth:`available_filter_groups` as a list (options prefetched), from the tree cache."""
        return self._furniture("filter-groups", lambda: list(self.available_filter_groups()))

    @property
    def group_type_badge(self):
        return GROUP_TYPE_BADGES[GroupType(self.effective_group_type)]

    @property
    def group_type_explanation(self):
        return GROUP_TYPE_EXPLANATIONS[GroupType(self.effective_group_type)]

    def get_effective_group_type_display(self):
        return GroupType(self.effective_group_type).label

    def participating_organisations_list(self):
        """Member organisations taking part here: the theme's, and for a subtheme also its own.

        When an organisation takes part in both, the subtheme's own entry (with its own vision) wins.
        """
        rows = self._furniture(
            "participating-organisations",
            lambda: list(
                ThemeMemberOrganisation.objects.filter(page_id__in=self.own_and_inherited_pages())
                .select_related("member_organisation__logo")
                .prefetch_related("member_organisation__logo__renditions")
                .order_by("page__depth", "sort_order")
            ),
        )
        by_organisation = {}
        for row in rows:
            by_organisation.pop(row.member_organisation_id, None)
            by_organisation[row.member_organisation_id] = row
        return list(by_organisation.values())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisation = self.organisation
        context["organisation"] = organisation
        context["breadcrumbs"] = self.breadcrumb_pages(request.user)
        tabs = sorted(call(REGISTER_THEME_TAB, self, request, organisation=organisation), key=lambda t: t.order)
        context["tabs"] = tabs
        # Without JavaScript the tabs are plain links (?tab=<slug>); the first tab is open by default.
        wanted = request.GET.get("tab", "")
        context["selected_tab"] = next((tab for tab in tabs if tab.slug == wanted), tabs[0] if tabs else None)
        context["categories"] = self.category_list()
        context["filter_groups"] = self.filter_group_list()
        context["participants"] = self.participating_organisations_list()
        if "contact_form" not in context:
            user = request.user
            initial = {"name": user.display_name, "email": user.email} if user.is_authenticated else {}
            context["contact_form"] = ContactForm(initial=initial)
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("contact/")
    def contact(self, request):
        return theme_contact(request, self)


class ThemePage(WorkingGroupPage):
    """A theme: one working group of an organisation, with its own rules (open, closed or mixed)."""

    group_type = models.CharField(
        _("working-group type"), max_length=10, choices=GroupType.choices, default=GroupType.OPEN
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("reports before a post is hidden"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "After this many different members report a post or reaction, it is hidden until a moderator decides."
        ),
    )
    members_may_push_mail = models.BooleanField(
        _("members may send push mail"),
        default=False,
        help_text=_("Moderators can always mail the members. Tick this to let members do so too."),
    )
    tell_moderators_when_members_leave = models.BooleanField(
        _("tell moderators when a member leaves"),
        default=False,
        help_text=_("The moderators get a notification when a member stops their membership."),
    )

    content_panels = Page.content_panels + WorkingGroupPage.project_panels
    group_settings_panels = (
        [FieldPanel("group_type", help_text=WorkingGroupPage.group_type_help)]
        + WorkingGroupPage.group_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("report_threshold"),
                    FieldPanel("members_may_push_mail"),
                    FieldPanel("tell_moderators_when_members_leave"),
                ],
                heading=_("Moderation and mail"),
            )
        ]
    )
    settings_panels = Page.settings_panels + [FieldPanel("hidden")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(group_settings_panels, heading=_("Working group")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["wg_themes.OrganisationPage"]
    subpage_types = ["wg_themes.SubthemePage"]
    template = "themes/theme_page.html"
    offered_at_registration = True  # newcomers pick the themes they come for (core.accounts)

    class Meta:
        verbose_name = _("theme")

    @property
    def effective_group_type(self):
        return self.group_type

    def listed_pages(self):
        # The theme's listing shows its subthemes' posts too (participation's page_posts filters on the theme).
        return [self.pk, *SubthemePage.objects.child_of(self).live().values_list("pk", flat=True)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        subthemes = [
            subtheme
            for subtheme in cached(
                f"subthemes:{self.pk}", lambda: list(SubthemePage.objects.child_of(self).live().order_by("path"))
            )
            if path_visible_to(subtheme.path, request.user)
        ]
        for subtheme in subthemes:
            subtheme.theme = self  # their inherited type needs no query per subtheme
        context["subthemes"] = subthemes
        return context


class SubthemePage(WorkingGroupPage):
    """A subtheme of a theme. Members of the theme are members here; type, categories and filters are inherited."""

    group_type = models.CharField(
        _("working-group type"), max_length=10, choices=SubthemeGroupType.choices, default="", blank=True
    )

    content_panels = Page.content_panels + WorkingGroupPage.project_panels
    subtheme_type_help = _(
        "People always join through the theme, as the theme's type says; this subtheme's type decides who reads its "
        "posts and which posts a moderator approves first. The page says both."
    )
    group_settings_panels = [
        FieldPanel("group_type", help_text=format_lazy("{} {}", subtheme_type_help, WorkingGroupPage.group_type_help))
    ] + WorkingGroupPage.group_panels
    settings_panels = Page.settings_panels + [FieldPanel("hidden")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(group_settings_panels, heading=_("Working group")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["wg_themes.ThemePage"]
    subpage_types = []
    template = "themes/subtheme_page.html"

    class Meta:
        verbose_name = _("subtheme")

    @cached_property
    def theme(self):
        return cached(f"theme-of:{self.pk}", lambda: ThemePage.objects.get(pk=self.get_parent().pk))

    @property
    def effective_group_type(self):
        return self.group_type or self.theme.group_type

    @property
    def overrides_group_type(self):
        return bool(self.group_type)

    @property
    def group_type_explanation(self):
        """With a type of its own: how one joins (always through the theme, by the theme's type) and who reads the
        posts (this subtheme's type). Without: the theme's explanation."""
        if not self.overrides_group_type:
            return super().group_type_explanation
        joining = GROUP_TYPE_JOINING[GroupType(self.theme.group_type)] % {"theme": self.theme.title}
        return f"{joining} {GROUP_TYPE_READING[GroupType(self.group_type)]}"

    def own_and_inherited_pages(self):
        return [self.theme.pk, self.pk]


def _facet_label(name, owner, page):
    """A facet option's label on `page`: its name, with the subtheme it belongs to when that is another page."""
    if owner.pk == page.pk or owner.depth < page.depth:
        return name
    return f"{name} ({owner.title})"


class CategoryIcon(models.TextChoices):
    QUESTION = "help", _("Question")
    IDEA = "pick", _("Idea")
    REPORT = "doc-full", pgettext_lazy("kind of post: the minutes of a meeting", "Report")
    EVENT = "date", _("Event")
    NEWS = "openquote", _("News")
    OTHER = "tag", _("Other")


class Category(Orderable):
    """A kind of post in a (sub)theme: vraag, idee, verslag… (seed 000). Every post has one."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=250, blank=True)
    icon = models.CharField(_("icon"), max_length=20, choices=CategoryIcon.choices, default=CategoryIcon.OTHER)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("icon")]

    class Meta(Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class FilterGroup(Orderable, ClusterableModel):
    """An editor-defined filter of a (sub)theme (e.g. "Regio") with its options."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="filter_groups")
    name = models.CharField(_("name"), max_length=60)

    panels = [FieldPanel("name"), InlinePanel("options", label=_("Option"), min_num=1)]

    class Meta(Orderable.Meta):
        verbose_name = _("filter group")
        verbose_name_plural = _("filter groups")

    def __str__(self):
        return self.name


class FilterOption(Orderable):
    group = ParentalKey(FilterGroup, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(_("name"), max_length=60)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("filter option")
        verbose_name_plural = _("filter options")

    def __str__(self):
        return self.name


class MemberOrganisationQuerySet(models.QuerySet):
    def editable_by(self, user):
        """The fiches `user` may edit (issue 14 §4): superadmins all; an organisation admin those their organisations
        run; a representative their own (themes.fiches.policies says who may change which part)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            models.Q(organisation__in=administered_organisations(user).values("pk")) | models.Q(representatives=user)
        ).distinct()


@register_snippet
class MemberOrganisation(index.Indexed, models.Model):
    """An organisation fiche (organisatiefiche, seed 000): an organisation that takes part in themes.

    Superadmins manage every fiche here, as a snippet; the admins of the organisation that runs a fiche and the fiche's
    own representatives edit it on the site (themes.fiches: ``/organisatiefiches/<id>/bewerken/``)."""

    organisation = models.ForeignKey(
        OrganisationPage, on_delete=models.CASCADE, related_name="organisation_fiches", verbose_name=_("run by")
    )
    name = models.CharField(_("name"), max_length=120)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    activities = models.TextField(_("activities"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="represented_organisations",
        verbose_name=_("representatives"),
        help_text=_("Members who may join themes and post on behalf of this organisation."),
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldPanel("logo"),
        FieldPanel("activities"),
        FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
        FieldPanel("website"),
        FieldPanel("representatives"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("activities"), index.FilterField("organisation")]

    objects = MemberOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="memberorganisation_unique_name")]

    def __str__(self):
        return self.name


class ThemeMemberOrganisation(Orderable):
    """A member organisation taking part in a (sub)theme, with its vision on the theme."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="participating_organisations")
    member_organisation = models.ForeignKey(
        MemberOrganisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    vision = models.TextField(_("vision on the theme"), blank=True)

    panels = [FieldPanel("member_organisation"), FieldPanel("vision")]

    class Meta(Orderable.Meta):
        verbose_name = _("member organisation")
        constraints = [models.UniqueConstraint(fields=["page", "member_organisation"], name="thememember_unique")]
