"""Reads of the transfers: the organisations a space can go to, and the transfer waiting for consent."""

from core.models import Role as SiteRole
from core.models import RoleAssignment
from themes.models import OrganisationPage
from trajectories.transfer.models import SpaceTransfer


def destinations(space):
    """The organisations a space can be transferred to: live organisation pages other than its own."""
    return OrganisationPage.objects.live().exclude(pk=space.trajectory.organisation_id).order_by("title")


def declares_professionals(organisation):
    """Whether `organisation` has declared at least one care professional on the site."""
    return RoleAssignment.objects.filter(role=SiteRole.CARE_PROFESSIONAL, page_id=organisation.pk).exists()


def declared_by(organisation, email):
    """Whether the account with `email` is declared a care professional by `organisation`."""
    return RoleAssignment.objects.filter(
        role=SiteRole.CARE_PROFESSIONAL, page_id=organisation.pk, user__email__iexact=email.strip()
    ).exists()


def pending_transfer(space):
    """The transfer of `space` waiting for the young person's consent, or None."""
    return SpaceTransfer.objects.filter(trajectory_id=space.pk, consented_at__isnull=True).order_by("-pk").first()
