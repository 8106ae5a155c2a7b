"""Activities (seed 002, ikdoemee.be): things to do where people practise Dutch, published by an organisation.

An activity belongs to the organisation that switched the plugin on (``organisation``), is organised by one of its
organisation profiles or a named organiser (UiT), and goes through the statuses draft → published → depublished,
or expired once its last date has passed. Every change of status is recorded (who, when, why). Written only by
:mod:`werkgroepen_activities.activities.services`; every read that crosses a permission boundary starts from
``Activity.objects.visible_to(user)``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.roles.models import Role
from core.roles.selectors import user_roles
from themes.models import OrganisationPlugin
from werkgroepen_activities.settings import PLUGIN
from werkgroepen_activities.territory.selectors import postcodes_of_paths


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    DEPUBLISHED = "depublished", _("Depublished")
    EXPIRED = "expired", _("Expired")


class Source(models.TextChoices):
    LOCAL = "", _("Werkgroepen")
    UIT = "uit", _("UiTinVlaanderen")


class ActivityType(models.Model):
    """A kind of activity (vrijwilligerswerk, ontmoeting, workshop …); each organisation offers some of them."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=80)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["code"]

    def __str__(self):
        return str(_(self.label))


def enabled_organisation_ids():
    """Subquery: the organisations that switched the plugin on (switched off: nothing of theirs shows)."""
    return OrganisationPlugin.objects.filter(plugin=PLUGIN, enabled=True).values("organisation_id")


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may see: published activities of organisations with the plugin on, and everything of the
        organisations they manage (admin, editor) or whose territory they moderate. Superadmins see all."""
        live = self.filter(organisation_id__in=enabled_organisation_ids())
        if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
            return live
        condition = Q(status=Status.PUBLISHED)
        if user is not None and user.is_authenticated and user.is_active:
            managed, moderated = organisation_paths_of(user)
            if managed:
                condition |= Q(organisation__path__in=managed)
            postcodes = postcodes_of_paths(moderated)
            if postcodes:
                condition |= Q(postcode__in=postcodes)
        return live.filter(condition)

    def visible_in_territory(self, user, postcodes):
        """``visible_to(user)`` narrowed to `postcodes`, written so the database can use the postcode index: when
        `user` moderates every one of these postcodes (or is a superadmin), each activity there is visible anyway,
        so the OR of :meth:`visible_to` is not needed."""
        postcodes = list(postcodes)
        if user is not None and user.is_authenticated and user.is_active:
            _managed, moderated = organisation_paths_of(user)
            if user.is_superuser or set(postcodes) <= set(postcodes_of_paths(moderated)):
                return self.filter(organisation_id__in=enabled_organisation_ids(), postcode__in=postcodes)
        return self.visible_to(user).filter(postcode__in=postcodes)

    def public(self):
        """Published activities of organisations with the plugin on: what a visitor sees."""
        return self.filter(status=Status.PUBLISHED, organisation_id__in=enabled_organisation_ids())


MANAGING_ROLES = (Role.ORGANISATION_ADMIN, Role.EDITOR)
MODERATING_ROLES = (Role.ORGANISATION_ADMIN, Role.MODERATOR)


def organisation_paths_of(user):
    """``(managed, moderated)``: page paths where `user` manages activities (organisation admin, editor) and where
    they moderate the territory (organisation admin, moderator), from the request-memoised role list."""
    managed, moderated = set(), set()
    for role, path in user_roles(user):
        if role in MANAGING_ROLES:
            managed.add(path)
        if role in MODERATING_ROLES:
            moderated.add(path)
    return sorted(managed), sorted(moderated)


class Activity(models.Model):
    """One activity of an organisation (seed 002: "Tijd en locatie", "Beschrijving", "Status")."""

    organisation = models.ForeignKey(
        "wg_themes.OrganisationPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    types = models.ManyToManyField(ActivityType, blank=True, related_name="activities", verbose_name=_("types"))
    organiser = models.ForeignKey(
        "wg_themes.MemberOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_activities",
        verbose_name=_("organiser"),
    )
    organiser_name = models.CharField(_("organiser (name)"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online address"), blank=True)
    street = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    description_source = models.TextField(_("description"), blank=True)
    description_html = models.TextField(blank=True)  # sanitised (nh3): what the page shows
    language_hint = models.BooleanField(
        _("also for people who speak little Dutch"),
        default=False,
        help_text=_("Tick this when people who are just starting to learn Dutch are welcome."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_description = models.CharField(_("image description"), max_length=250, blank=True)
    price = models.CharField(_("price"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    recurring = models.BooleanField(_("recurring"), default=False)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    depublish_reason = models.TextField(_("reason for depublishing"), blank=True)
    # The first start and the last end of its dates, kept by the services: sorting, "upcoming" and expiry.
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LOCAL, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    source_hash = models.CharField(max_length=64, blank=True)

    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(_("last edited"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by_name = models.CharField(max_length=120, blank=True)  # "UiTinVlaanderen" for the import

    tags = TaggableManager(_("keywords"), blank=True, help_text=_("Keywords, separated by commas."))

    objects = ActivityQuerySet.as_manager()
    # Nothing in Wagtail's "usage" screens points here; indexing every save would double the import's time.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="activity_unique_external_id",
            )
        ]
        indexes = [
            # the public list: upcoming first (keyset on starts_at, id)
            models.Index(fields=["organisation", "status", "starts_at", "id"], name="activity_public_list"),
            # the territory table: last edited first, by postcode
            models.Index(fields=["postcode", "-changed_at", "-id"], name="activity_territory"),
            models.Index(fields=["organisation", "-changed_at", "-id"], name="activity_mine"),
            # a territory of several postcodes that holds most rows: walk the last edits and stop after one page
            models.Index(fields=["-changed_at", "-id"], name="activity_changed"),
            models.Index(fields=["status", "ends_at"], name="activity_expiry"),
        ]

    def __str__(self):
        return self.title or str(_("(untitled activity)"))

    def get_absolute_url(self):
        return reverse("werkgroepen_activities:detail", args=[self.organisation.slug, self.pk])

    @property
    def from_uit(self):
        return self.source == Source.UIT

    @property
    def organiser_label(self):
        return self.organiser.name if self.organiser_id else self.organiser_name


class ActivityDate(models.Model):
    """One occurrence: a start and an end (a recurring activity has several)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="dates")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["activity", "start"], name="activitydate_activity")]

    def __str__(self):
        return f"{self.start:%Y-%m-%d %H:%M} – {self.end:%H:%M}"


class StatusChange(models.Model):
    """A change of an activity's status, with who did it ("door UiTinVlaanderen") and why."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=12, choices=Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=120, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.activity_id} → {self.status}"


class ActivityReport(models.Model):
    """A visitor reports an activity ("Een activiteit werd gerapporteerd"); moderators resolve it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "reporter"], condition=Q(resolved_at__isnull=True), name="activityreport_open_once"
            )
        ]
        indexes = [models.Index(fields=["activity", "resolved_at"], name="activityreport_open")]

    def __str__(self):
        return f"{self.activity_id}: {self.reason[:40]}"
