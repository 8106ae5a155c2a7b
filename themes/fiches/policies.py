"""Who may do what with an organisation fiche (issue 14 §4). Services refuse what these refuse; templates get the
booleans.

- The admins of the organisation that runs the fiche (and superadmins) edit the fiche, choose its representatives
  and decide the requests to represent it.
- Its representatives edit what the fiche says (name, activities, contact details, website), not who represents it.
- Anyone else edits nothing: the fiche answers 404 to them, as a missing one would.
"""

from core.roles.selectors import administered_organisations


def _active(user):
    return bool(user.is_authenticated and user.is_active)


def administers_fiche(user, fiche):
    """Whether `user` is an admin of the organisation that runs `fiche` (or a superadmin)."""
    if not _active(user):
        return False
    return user.is_superuser or administered_organisations(user).filter(pk=fiche.organisation_id).exists()


def represents_fiche(user, fiche):
    """Whether `user` is one of `fiche`'s representatives."""
    return _active(user) and fiche.representatives.filter(pk=user.pk).exists()


def can_edit_fiche(user, fiche):
    """Admins of the running organisation and the fiche's own representatives."""
    return administers_fiche(user, fiche) or represents_fiche(user, fiche)


def can_choose_representatives(user, fiche):
    """Only the admins choose who represents the fiche (a representative does not co-opt others)."""
    return administers_fiche(user, fiche)


def can_decide_request(user, request):
    """The admins of the organisation running the fiche decide a request; nobody decides their own."""
    return administers_fiche(user, request.member_organisation) and request.user_id != user.pk


def can_ask_to_represent(user, fiche):
    """A member with a confirmed account may ask, unless they already represent the fiche."""
    return _active(user) and not represents_fiche(user, fiche)
