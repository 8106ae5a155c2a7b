"""The plan of a space (hulpverleningsplan, seed 004): goals with their progress, the actions towards them,
agreements and evaluation moments. Each is an item of the space (:class:`trajectories.items.models.SpaceItem`):
who reads it follows its audience."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trajectories.items.models import SpaceItem
from trajectories.spaces.models import Participant


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    STOPPED = "stopped", _("Stopped")


class Goal(SpaceItem):
    """A goal of the care plan (hulpverleningsplan), with its progress."""

    VERSIONED_FIELDS = ("title", "description", "progress", "status")
    CHANGES_TOLD_TO_YOUNG_PERSON = (
        True  # issue 13 §2: "the young person is notified when someone else changes their goal"
    )

    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (percent)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        indexes = [models.Index(fields=["trajectory", "created_at"], name="goal_trajectory")]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_max_100")]

    def __str__(self):
        return self.title

    def item_title(self):
        return self.title

    def validate_in_space(self, *, space, previous=None):
        if not 0 <= (self.progress or 0) <= 100:
            raise ValidationError({"progress": _("Choose a number from 0 to 100.")})

    def deletion_refused(self):
        """A goal that still has actions is not deleted (they would go with it)."""
        if self.actions.exists():
            return gettext("This goal still has actions. Delete them first, or set the goal to 'Stopped'.")
        return ""


class ActionStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("Busy with it")
    DONE = "done", _("Done")


class Action(SpaceItem):
    """A step towards a goal: who does it, by when."""

    VERSIONED_FIELDS = ("goal", "title", "owner", "due_date", "status")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal"))
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
        verbose_name=_("who does it"),
    )
    due_date = models.DateField(_("done by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.TODO)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["trajectory", "status", "due_date"], name="action_trajectory_open"),
            models.Index(fields=["goal"], name="action_goal"),
        ]

    def __str__(self):
        return self.title

    def item_title(self):
        return self.title

    def validate_in_space(self, *, space, previous=None):
        errors = {}
        goal = self.goal if self.goal_id is not None else None
        readable_goal = (
            goal is not None
            and goal.trajectory_id == space.pk
            and Goal.objects.visible_to(space.me.user, space=space).filter(pk=goal.pk).exists()
        )
        if not readable_goal:
            errors["goal"] = _("Choose a goal.")
        if self.owner_id is not None:
            owner = space.participant(self.owner_id)
            if owner is None or not owner.is_active:
                errors["owner"] = _("Choose someone who takes part in this space.")
        changed_date = previous is None or previous.get("due_date") != self.due_date
        if self.due_date is not None and changed_date and self.due_date < timezone.localdate():
            errors["due_date"] = _("This date is in the past. Choose today or a later date.")
        if errors:
            raise ValidationError(errors)

    def prepare_save(self, *, previous=None):
        """``done_at``: when the action became done (kept while it stays done, cleared when it is reopened)."""
        if previous is None:
            if self.status == ActionStatus.DONE:
                self.done_at = timezone.now()
        elif "status" in previous:
            if self.status == ActionStatus.DONE and previous["status"] != ActionStatus.DONE:
                self.done_at = timezone.now()
            elif self.status != ActionStatus.DONE:
                self.done_at = None

    @property
    def is_open(self):
        return self.status != ActionStatus.DONE

    @property
    def is_late(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class Agreement(SpaceItem):
    """An agreement of the plan ("afspraak" in the sense of an arrangement, never an appointment)."""

    VERSIONED_FIELDS = ("title", "description")

    title = models.CharField(_("agreement"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [models.Index(fields=["trajectory", "created_at"], name="agreement_trajectory")]

    def __str__(self):
        return self.title

    def item_title(self):
        return self.title


class EvaluationMoment(SpaceItem):
    """A moment to look back on the plan together, optionally about one goal."""

    VERSIONED_FIELDS = ("date", "note", "goal")

    date = models.DateField(_("date"))
    note = models.TextField(_("notes"), blank=True)
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
        verbose_name=_("about goal"),
    )

    class Meta:
        verbose_name = _("evaluation moment")
        verbose_name_plural = _("evaluation moments")
        indexes = [models.Index(fields=["trajectory", "date"], name="evaluation_trajectory")]

    def __str__(self):
        return self.item_title()

    def item_title(self):
        return str(_("Evaluation on %(date)s") % {"date": date_format(self.date, "j F Y")})

    def validate_in_space(self, *, space, previous=None):
        if self.goal_id is None:
            return
        goal = self.goal
        if (
            goal.trajectory_id != space.pk
            or not Goal.objects.visible_to(space.me.user, space=space).filter(pk=goal.pk).exists()
        ):
            raise ValidationError({"goal": _("Choose a goal from the list.")})
