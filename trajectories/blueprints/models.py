"""Trajectory templates and the phases of a space started from one (issue 13 §1).

Templates (:class:`TrajectoryTemplate` with its :class:`TemplatePhase` and :class:`DocumentTemplate` rows) are
managed by editors in the Wagtail admin: one organisation's templates belong to it, templates without an organisation
ship with the platform and are offered to everyone. A space started from a template gets a *copy* of its phases
(:class:`SpacePhase`) and documents (:class:`PhaseDocument`): editing the template later never changes a space that
is under way. The goals and documents of a phase are written into the space when the phase starts.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from trajectories.blueprints import placeholders
from trajectories.documents.models import Document
from trajectories.spaces.models import Participant, Trajectory


def lines(text):
    """The non-empty lines of a text field that holds one entry per line (a checklist, default goals)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def unknown_placeholders_error(texts):
    """A message naming every placeholder of `texts` that is not known, or "" when they are all known."""
    names = []
    for text in texts:
        names += [name for name in placeholders.unknown(text) if name not in names]
    if not names:
        return ""
    return _("Unknown placeholders: %(names)s. You can use %(known)s.") % {
        "names": ", ".join(f"{{{name}}}" for name in names),
        "known": ", ".join(f"{{{name}}}" for name in placeholders.KNOWN),
    }


class TrajectoryTemplate(ClusterableModel):
    """A template of a trajectory: its phases and documents. ``organisation`` empty: shipped with the platform and
    offered to everyone (only superadmins change it); otherwise it belongs to that organisation, whose editors and
    admins manage it and whose people are offered it when they start a space."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "wg_themes.OrganisationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Empty: shipped with the platform, offered to every organisation."),
    )
    offered = models.BooleanField(
        _("offered when starting a space"),
        default=True,
        help_text=_("Untick to stop offering it; spaces that follow it keep their phases."),
    )
    # Shipped templates carry a stable key, so installing them again finds them instead of adding copies.
    key = models.SlugField(max_length=60, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trajectory template")
        verbose_name_plural = _("trajectory templates")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="trajectorytemplate_unique_key")
        ]

    def __str__(self):
        return self.name


class TemplatePhase(Orderable):
    """One phase of a template, in order: what it is about, what to check before moving on, and the goals it adds to
    the plan when it starts."""

    template = ParentalKey(TrajectoryTemplate, on_delete=models.CASCADE, related_name="phases")
    title = models.CharField(_("phase"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    checklist = models.TextField(_("checklist"), blank=True, help_text=_("One point per line."))
    default_goals = models.TextField(
        _("default goals"),
        blank=True,
        help_text=_("One goal per line. They are added to the plan when the phase starts."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return self.title


class DocumentTemplate(Orderable):
    """A document made in the space when its phase starts, with the placeholders filled in. With ``to_sign`` the
    people chosen in the space sign it ("ik onderschrijf dit"), like the engagement declaration of seed 003."""

    template = ParentalKey(TrajectoryTemplate, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("name of the document"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Light formatting (**bold**, lists). Placeholders filled in when the document is made: {organisatie}, "
            "{datum}, {doelgroep}, {trekkers}, {jongere}, {werkruimte}."
        ),
    )
    phase_number = models.PositiveSmallIntegerField(
        _("made in phase number"), default=1, help_text=_("1 is the first phase: the document is made at the start.")
    )
    to_sign = models.BooleanField(_("people sign this document"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self):
        return self.title

    def clean(self):
        """Placeholders the template cannot fill are named, so the editor sees the typo (issue 13, bad input)."""
        super().clean()
        message = unknown_placeholders_error([self.title, self.body])
        if message:
            raise ValidationError({"body": message})
        if not self.phase_number:
            raise ValidationError({"phase_number": _("Choose a phase number from 1.")})


class SpacePlan(models.Model):
    """The template a space was started from, and what its documents fill in for ``{doelgroep}``."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(TrajectoryTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    template_name = models.CharField(max_length=120)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("template of a space")
        verbose_name_plural = _("templates of spaces")

    def __str__(self):
        return f"{self.trajectory_id}: {self.template_name}"


class SpacePhase(models.Model):
    """A phase of one space, copied from its template. The current phase has started and not ended; moving on ends
    it and starts the next (``trajectories.blueprints.services.phase_advance``)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    checklist = models.TextField(blank=True)
    default_goals = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phase of a space")
        verbose_name_plural = _("phases of spaces")
        ordering = ["trajectory", "position"]
        constraints = [models.UniqueConstraint(fields=["trajectory", "position"], name="spacephase_unique_position")]

    def __str__(self):
        return f"{self.trajectory_id} {self.position}. {self.title}"

    @property
    def is_current(self):
        return self.started_at is not None and self.ended_at is None

    @property
    def is_done(self):
        return self.ended_at is not None

    @property
    def checklist_lines(self):
        return lines(self.checklist)


class PhaseDocument(models.Model):
    """A document template copied into a space with its phase; ``document`` is the document made from it once the
    phase started (empty before, and again when the document was deleted on request)."""

    phase = models.ForeignKey(SpacePhase, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    body = models.TextField()
    to_sign = models.BooleanField(default=False)
    document = models.OneToOneField(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("document of a phase")
        verbose_name_plural = _("documents of phases")

    def __str__(self):
        return self.title


class Signature(models.Model):
    """One chosen person's "ik onderschrijf dit" under a document to sign: chosen by whoever leads the trajectory,
    signed by the person themselves (``signed_at``), in the access log both times."""

    phase_document = models.ForeignKey(PhaseDocument, on_delete=models.CASCADE, related_name="signatures")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["phase_document", "participant"], name="signature_unique_person")
        ]

    def __str__(self):
        return f"{self.phase_document_id} {self.participant_id} {self.signed_at or '-'}"
