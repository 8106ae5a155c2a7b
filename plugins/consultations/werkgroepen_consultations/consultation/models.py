"""A consultation (seed 001: "een tijdelijke consultatie organiseren (bvb. enquête, ruimtelijk plan, scenarioplanning,
verzamelen reacties of stemmen)") is a Wagtail page below a theme or subtheme page, and the ballots people cast on it.

The four kinds share the page, its rules (who may take part, when, how often, how results are shown) and the ballot;
what a ballot holds lives in the room of its kind (``surveys``, ``votes``, ``scenarios``, ``plans``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from core.pages.selectors import page_visible_to, visible_pages
from core.tree_cache import cached
from themes.models import OrganisationPage, OrganisationPlugin, view_restrictions

PLUGIN_LABEL = "werkgroepen_consultations"


class Kind(models.TextChoices):
    SURVEY = "survey", _("Survey (enquête)")
    VOTE = "vote", _("Vote")
    SCENARIOS = "scenarios", _("Scenario planning")
    PLAN = "plan", _("Spatial plan")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone, also without an account")
    SIGNED_IN = "signed_in", _("Signed-in members")
    THEME_MEMBERS = "theme_members", _("Members of the theme")
    ORGANISATIONS = "organisations", _("Representatives of chosen member organisations")


class OnePer(models.TextChoices):
    PERSON = "person", _("One answer per person")
    ORGANISATION = "organisation", _("One answer per member organisation")


class ResultsPolicy(models.TextChoices):
    LIVE = "live", _("Public while it runs")
    AFTER_CLOSING = "after_closing", _("Public after closing")
    NEVER = "never", _("Never public (moderators and observers only)")


class VoteMode(models.TextChoices):
    ONE = "one", _("One option")
    SEVERAL = "several", _("Several options (up to a maximum)")
    BUDGET = "budget", _("A budget to spend on options with a cost")


def enabled_organisation_paths():
    """Paths of the organisations that switched this plugin on, from the tree cache (the switch is a row of the
    organisation page, which the cache watches: switching starts a new version)."""
    return cached(
        "consultations:enabled-paths",
        lambda: list(
            OrganisationPlugin.objects.filter(plugin=PLUGIN_LABEL, enabled=True).values_list(
                "organisation__path", flat=True
            )
        ),
    )


class ConsultationPageForm(WagtailAdminPageForm):
    """The editor's form: besides the page's own rules (:meth:`ConsultationPage.clean`), a kind is refused without
    enough of its parts, which only the inline formsets know: a survey without a question, a vote with fewer than two
    options, scenario planning with fewer than two scenarios (the panel already stops at five)."""

    def clean(self):
        cleaned = super().clean()
        rule = {
            Kind.SURVEY: ("questions", 1, _("A survey needs at least one question.")),
            Kind.VOTE: ("vote_options", 2, _("A vote needs at least two options.")),
            Kind.SCENARIOS: ("scenarios", 2, _("Scenario planning needs two to five scenarios.")),
        }.get(cleaned.get("kind"))
        if rule:
            name, least, message = rule
            formset = self.formsets.get(name)
            if formset is not None and _kept(formset) < least:
                self.add_error(None, message)
        return cleaned


def _kept(formset):
    """How many forms of `formset` will be saved: filled in (or already saved) and not marked for deletion."""
    kept = 0
    for form in formset.forms:
        if not (form.has_changed() or form.instance.pk):
            continue
        if form.is_valid() and form.cleaned_data.get("DELETE"):
            continue
        kept += 1
    return kept


class ConsultationQuerySet(PageQuerySet):
    def visible_to(self, user):
        """The one definition of who sees a consultation: a live page of the page tree that `user` may see (hidden
        and unpublished subtrees excluded, core.pages), below an organisation that switched the plugin on."""
        paths = enabled_organisation_paths()
        if not paths:
            return self.none()
        condition = models.Q()
        for path in paths:
            condition |= models.Q(path__startswith=path)
        return visible_pages(user, self.filter(condition))


class ConsultationManager(PageManager.from_queryset(ConsultationQuerySet)):
    pass


class ConsultationPage(Page):
    """A consultation on a theme or project page (seed 001). Editors and moderators build it in the Wagtail admin
    like any page: it is public while live, follows the hidden subtree of its theme, and answers 404 where the
    organisation switched the plugin off. People take part on the page itself; results follow ``results_policy``.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SURVEY)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    audience = models.CharField(
        _("who may take part"), max_length=16, choices=Audience.choices, default=Audience.SIGNED_IN
    )
    organisations = ParentalManyToManyField(
        "wg_themes.MemberOrganisation",
        blank=True,
        related_name="+",
        verbose_name=_("member organisations"),
        help_text=_("Only for 'Representatives of chosen member organisations'."),
    )
    one_per = models.CharField(_("answers"), max_length=12, choices=OnePer.choices, default=OnePer.PERSON)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Anonymous: nobody, not even a moderator or an export, sees who answered what."),
    )
    results_policy = models.CharField(
        _("results"), max_length=16, choices=ResultsPolicy.choices, default=ResultsPolicy.AFTER_CLOSING
    )
    # Votes
    vote_mode = models.CharField(_("vote"), max_length=8, choices=VoteMode.choices, default=VoteMode.ONE)
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of options"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    budget = models.PositiveIntegerField(_("budget per voter"), null=True, blank=True)
    # Spatial plan
    plan_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("plan"),
        help_text=_("An image of the map or design on which people drop pins."),
    )
    pin_categories = models.TextField(
        _("pin categories"), blank=True, help_text=_("One per line, e.g. 'Idee', 'Probleem', 'Vraag'.")
    )
    follow_up = RichTextField(
        _("what we did with it"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("The follow-up ('wat deden we ermee'). Publishing it notifies the people who took part."),
    )

    objects = ConsultationManager()
    base_form_class = ConsultationPageForm

    # Not in Wagtail's page index: the site's page search knows the page tree's rule but not the organisation's
    # plugin switch. Site search finds consultations through this plugin's register_search_provider instead, which
    # starts from visible_to (switched-off organisations excluded).
    search_fields = []

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("When")),
        InlinePanel("questions", label=_("Question"), heading=_("Survey questions")),
        MultiFieldPanel([FieldPanel("vote_mode"), FieldPanel("max_choices"), FieldPanel("budget")], heading=_("Vote")),
        InlinePanel("vote_options", label=_("Option"), heading=_("Vote options")),
        InlinePanel("scenarios", label=_("Scenario"), heading=_("Scenarios"), min_num=0, max_num=5),
        MultiFieldPanel([FieldPanel("plan_image"), FieldPanel("pin_categories")], heading=_("Spatial plan")),
        FieldPanel("follow_up"),
    ]
    rules_panels = [
        FieldPanel("audience"),
        FieldPanel("organisations"),
        FieldPanel("one_per"),
        FieldPanel("anonymous"),
        FieldPanel("results_policy"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(rules_panels, heading=_("Rules")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    # Below a theme or a subtheme: the project page of seed 001. The themes app lets every page model that names
    # its pages in parent_page_types live there (themes.models.WorkingGroupPage.clean_subpage_models).
    parent_page_types = ["wg_themes.ThemePage", "wg_themes.SubthemePage"]
    subpage_types = []
    template = "werkgroepen_consultations/consultation/page.html"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The closing time must come after the opening time.")
        if self.kind == Kind.VOTE and self.vote_mode == VoteMode.BUDGET and not self.budget:
            errors["budget"] = _("A budget vote needs a budget per voter.")
        if self.kind == Kind.VOTE and self.vote_mode == VoteMode.SEVERAL and not self.max_choices:
            errors["max_choices"] = _("Say how many options a voter may choose.")
        if self.kind == Kind.PLAN and not self.plan_image_id:
            errors["plan_image"] = _("A spatial plan needs the image of the plan.")
        if self.one_per == OnePer.ORGANISATION and self.audience == Audience.EVERYONE:
            errors["one_per"] = _("One answer per organisation needs people who sign in.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def can_create_at(cls, parent):
        """Only where the organisation switched the plugin on: elsewhere it is not offered in the admin."""
        if not super().can_create_at(parent):
            return False
        # A theme or subtheme knows its organisation from the tree cache: the admin's userbar asks on every view.
        organisation = getattr(parent, "organisation", None)
        if not isinstance(organisation, OrganisationPage):
            organisation = OrganisationPage.objects.ancestor_of(parent, inclusive=True).first()
        return organisation is not None and PLUGIN_LABEL in organisation.enabled_plugin_labels()

    @cached_property
    def working_group(self):
        """The theme or subtheme page this consultation belongs to (specific), from the tree cache."""
        return cached(f"consultation-parent:{self.pk}", lambda: self.get_parent().specific)

    @property
    def organisation(self):
        return self.working_group.organisation

    def get_view_restrictions(self):
        return view_restrictions(self)  # no query while no Wagtail view restriction exists anywhere (themes)

    def breadcrumb_pages(self, user):
        """The visible ancestors from the home page down: the working group's, then the working group."""
        group = self.working_group
        return group.breadcrumb_pages(user) + ([group] if page_visible_to(group, user) else [])

    def pin_category_list(self):
        return [line.strip() for line in self.pin_categories.splitlines() if line.strip()]

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisation"] = self.organisation  # the brand colour of base.html
        context["breadcrumbs"] = self.breadcrumb_pages(request.user)
        return context

    def serve(self, request, *args, **kwargs):
        # Invisible, switched off and missing all answer the same 404 (SEC-05): the rule of visible_to, without a
        # query of its own (hidden paths and the switch come from the tree cache).
        switched_on = any(self.path.startswith(path) for path in enabled_organisation_paths())
        if not switched_on or not page_visible_to(self, request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)


class Ballot(models.Model):
    """One person's (or one member organisation's) submitted answer to a consultation, of any kind.

    ``participant_key`` makes "one answer per person" a database rule: ``u:<user>``, ``o:<member organisation>``
    or ``s:<session>`` for a visitor; for an anonymous consultation it is a keyed hash of that, and ``user`` and
    ``organisation`` stay empty, so no screen or export can name who answered."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="ballots")
    participant_key = models.CharField(max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "wg_themes.MemberOrganisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)  # scenario planning: why this order
    reason_hidden = models.BooleanField(default=False)  # hidden from public results by a moderator

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "participant_key"], name="consultations_one_ballot")
        ]
        indexes = [models.Index(fields=["consultation", "id"], name="consultations_ballot_keyset")]

    def __str__(self):
        return f"ballot {self.pk} of {self.consultation_id}"


class Tally(models.Model):
    """Counters of a consultation, kept in the transaction that changes them: the number of ballots, and a
    version that also moves when a moderator hides an answer. Results are cached per version (PERF)."""

    consultation = models.OneToOneField(
        ConsultationPage, primary_key=True, on_delete=models.CASCADE, related_name="tally"
    )
    ballots = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"tally of {self.consultation_id}: {self.ballots}"
