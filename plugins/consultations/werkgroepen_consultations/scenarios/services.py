"""Every write of scenario planning: ranking all scenarios, with a reason."""

from django.db import transaction
from django.utils.translation import gettext as _

from werkgroepen_consultations.consultation.models import Kind
from werkgroepen_consultations.consultation.policies import refusal_to_take_part
from werkgroepen_consultations.consultation.services import Refused, ballot_start
from werkgroepen_consultations.scenarios.models import ScenarioRank

REASON_MAX = 2000


def ranks_checked(*, page, ranks):
    """`ranks` ({scenario id: place}) as ``[(scenario, place)]``, when every scenario of `page` has its own place
    from 1 to n; else :class:`Refused` (a duplicate, a gap, a scenario of another consultation)."""
    scenarios = {scenario.pk: scenario for scenario in page.scenarios.all()}
    try:
        given = {int(pk): int(place) for pk, place in ranks.items()}
    except (TypeError, ValueError):
        raise Refused(_("Give every scenario a place.")) from None
    if set(given) - set(scenarios):
        raise Refused(_("That scenario is not part of this consultation."))
    if set(given) != set(scenarios) or sorted(given.values()) != list(range(1, len(scenarios) + 1)):
        raise Refused(
            _("Give every scenario its own place, from 1 to %(n)d: no place twice, none left out.")
            % {"n": len(scenarios)}
        )
    return [(scenarios[pk], place) for pk, place in sorted(given.items(), key=lambda item: item[1])]


@transaction.atomic
def scenarios_rank(*, page, user, ranks, reason, organisation=None, session_key="", now=None):
    """Store `user`'s order of the scenarios of `page` and their reason, or raise :class:`Refused`."""
    if page.kind != Kind.SCENARIOS:
        raise Refused(_("This consultation is not a scenario planning."))
    refusal = refusal_to_take_part(user, page, now)
    if refusal:
        raise Refused(refusal)
    ordered = ranks_checked(page=page, ranks=ranks)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why you chose this order."), field="reason")
    if len(reason) > REASON_MAX:
        raise Refused(_("At most %(n)d characters.") % {"n": REASON_MAX}, field="reason")
    ballot = ballot_start(
        page=page, user=user, organisation=organisation, session_key=session_key, reason=reason, now=now
    )
    ScenarioRank.objects.bulk_create([ScenarioRank(ballot=ballot, scenario=s, rank=place) for s, place in ordered])
    return ballot
