"""Reads about organisation fiches and requests to represent them (issue 14 §4)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from config.hooks import REGISTER_ORGANISATION_PEOPLE, call
from core.accounts.models import User
from core.pages.selectors import visible_pages
from core.roles.selectors import administered_organisations
from themes.fiches.models import RepresentationRequest, RepresentationStatus
from themes.models import MemberOrganisation, OrganisationPage

OFFERED_AT_ONCE = 50  # candidates listed in the representatives picker before searching narrows them


def fiche_to_edit(user, pk):
    """The fiche `pk` if `user` may edit it, with its organisation; else None (missing and forbidden alike)."""
    return MemberOrganisation.objects.editable_by(user).select_related("organisation").filter(pk=pk).first()


def askable_fiches(user=None):
    """The fiches a person may ask to represent: those of the organisations they may see (at registration: those a
    visitor sees), by name."""
    organisations = visible_pages(user or AnonymousUser(), OrganisationPage.objects.live())
    return MemberOrganisation.objects.filter(organisation__in=organisations.values("pk")).order_by("name")


def eligible_representatives(fiche):
    """The people who may be chosen as `fiche`'s representatives: its current representatives and the people the apps
    count among the running organisation's own (``register_organisation_people``: the approved members of its
    themes), active accounts only. Nobody else: a representative speaks for the organisation in its working
    groups."""
    organisation = fiche.organisation
    condition = Q(pk__in=fiche.representatives.values("pk"))
    for named in call(REGISTER_ORGANISATION_PEOPLE, organisation, organisation=organisation):
        condition |= Q(pk__in=named.people.values("pk"))
    return User.objects.filter(is_active=True).filter(condition).distinct().order_by("display_name", "pk")


def offered_representatives(fiche, *, search="", keep=()):
    """What the picker lists: the current representatives and the people in `keep` (ticked in the form), then the
    eligible people whose display name contains `search`, at most :data:`OFFERED_AT_ONCE` of them."""
    eligible = eligible_representatives(fiche)
    kept = list(eligible.filter(Q(pk__in=fiche.representatives.values("pk")) | Q(pk__in=list(keep))))
    found = eligible.exclude(pk__in=[person.pk for person in kept])
    if search:
        found = found.filter(display_name__icontains=search)
    return kept, list(found[:OFFERED_AT_ONCE])


def own_fiches(user):
    """The fiches `user` represents or may edit as an admin of the running organisation, by name."""
    return MemberOrganisation.objects.editable_by(user).select_related("organisation").order_by("name")


def own_requests(user):
    """`user`'s own requests still waiting or refused (a confirmed one shows as a fiche they represent)."""
    return (
        RepresentationRequest.objects.visible_to(user)
        .filter(user=user)
        .exclude(status=RepresentationStatus.APPROVED)
        .select_related("member_organisation")
        .order_by("member_organisation__name")
    )


def requests_to_decide(user):
    """Waiting requests for the fiches of the organisations `user` administers (superadmins: all), of people who
    confirmed their address, oldest first."""
    requests = RepresentationRequest.objects.visible_to(user).filter(
        status=RepresentationStatus.PENDING, user__emailaddress__verified=True
    )
    if not user.is_superuser:
        requests = requests.filter(
            member_organisation__organisation__in=administered_organisations(user).values("pk")
        ).exclude(user=user)
    return requests.select_related("user", "member_organisation").distinct().order_by("created_at", "pk")


def request_to_decide(user, pk):
    """The waiting request `pk` if `user` may decide it, else None."""
    return requests_to_decide(user).filter(pk=pk).first()


def pending_requests_of(user):
    """`user`'s own waiting requests (told to the admins once the address is confirmed)."""
    return RepresentationRequest.objects.filter(user=user, status=RepresentationStatus.PENDING).select_related(
        "member_organisation__organisation", "user"
    )
