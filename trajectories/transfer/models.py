"""Transfer of a space to another organisation (issue 13 §5, seed 004: the information travels with the young
person to the next organisation while previous carers lose access). The access log and everything written stay
with the space; only who runs it and who reads it change."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.spaces.models import Participant, Trajectory


class SpaceTransfer(models.Model):
    """One transfer: asked by whoever holds regie, carried out once the young person consented (at once when she
    asked herself). The previous organisation's professionals read until ``effective_on``."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    from_organisation = models.ForeignKey(
        "wg_themes.OrganisationPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "wg_themes.OrganisationPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("new organisation"),
    )
    effective_on = models.DateField(_("from this day on"))
    receiving_email = models.EmailField(_("e-mail address of the new professional"))
    requested_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    consented_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    consented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("transfer of a space")
        verbose_name_plural = _("transfers of spaces")

    def __str__(self):
        return f"{self.trajectory_id} → {self.to_organisation_id} ({self.effective_on})"

    @property
    def pending(self):
        return self.consented_at is None
