"""Who may act on templates and on the phases of a space (issue 13 §1). The services refuse what these refuse;
views hand templates the booleans.

* Templates in the admin: editors and admins of an organisation manage its templates; superadmins manage every
  template, also the ones shipped with the platform. Nobody sees another organisation's templates.
* In a space: whoever holds regie and the (declared) professionals lead the trajectory — they move it to the next
  phase and choose who signs a document; each chosen person signs for themselves. Nothing moves in a closed space.
"""

from core.models import Role as SiteRole
from core.roles.selectors import user_roles
from trajectories.access import Space

# The roles that manage an organisation's templates (the editors of a care organisation, and its admins).
TEMPLATE_ROLES = (SiteRole.EDITOR, SiteRole.ORGANISATION_ADMIN)


def template_role_paths(user):
    """The page paths on which `user` holds a role that manages templates (organisations, or above them)."""
    return [path for role, path in user_roles(user) if role in TEMPLATE_ROLES]


def may_manage_templates(user):
    """Whether `user` opens the templates screen at all: a superadmin, or an editor or admin of an organisation."""
    if not user.is_active:
        return False
    return user.is_superuser or bool(template_role_paths(user))


def leads_trajectory(space: Space):
    """Whoever holds regie and the professionals lead the trajectory of an open space."""
    return space.writable and (space.holds_regie or space.is_professional)


def can_advance(space: Space, current):
    """Move the space from its current phase to the next: one action of whoever leads the trajectory, while there is
    a current phase."""
    return leads_trajectory(space) and current is not None


def can_choose_signers(space: Space):
    """Choose who signs a document of the trajectory: whoever leads it."""
    return leads_trajectory(space)


def can_sign(space: Space, signature):
    """Sign ("ik onderschrijf dit"): the chosen person themselves, once, while the space is open."""
    return (
        space.writable
        and signature is not None
        and signature.participant_id == space.me.pk
        and signature.signed_at is None
    )
