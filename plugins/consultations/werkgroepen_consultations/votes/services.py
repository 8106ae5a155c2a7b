"""Every write of a vote: casting a ballot (one option, several, or a budget to spend)."""

from django.db import transaction
from django.utils.translation import gettext as _

from werkgroepen_consultations.consultation.models import Kind, VoteMode
from werkgroepen_consultations.consultation.policies import refusal_to_take_part
from werkgroepen_consultations.consultation.services import Refused, ballot_start
from werkgroepen_consultations.votes.models import VoteChoice, VoteOption


def _ids(option_ids):
    try:
        return [int(pk) for pk in option_ids]
    except (TypeError, ValueError):
        raise Refused(_("That option is not part of this vote.")) from None


def vote_options_checked(*, page, option_ids):
    """The chosen options of `page`, checked against the vote's mode, or :class:`Refused` with the reason."""
    ids = _ids(option_ids)
    if len(set(ids)) != len(ids):
        raise Refused(_("Choose each option once."))
    options = list(VoteOption.objects.filter(page=page, pk__in=ids))
    if len(options) != len(ids):
        raise Refused(_("That option is not part of this vote."))
    if not options:
        raise Refused(_("Choose at least one option."))
    if page.vote_mode == VoteMode.ONE and len(options) != 1:
        raise Refused(_("Choose one option."))
    if page.vote_mode == VoteMode.SEVERAL and len(options) > (page.max_choices or 1):
        raise Refused(_("Choose at most %(n)d options.") % {"n": page.max_choices or 1})
    if page.vote_mode == VoteMode.BUDGET:
        spent = sum(option.cost for option in options)
        if spent > (page.budget or 0):
            raise Refused(
                _("Your choice costs € %(spent)s, more than the budget of € %(budget)s. Leave something out.")
                % {"spent": f"{spent:,}".replace(",", "."), "budget": f"{page.budget or 0:,}".replace(",", ".")}
            )
    return options


@transaction.atomic
def vote_cast(*, page, user, option_ids, organisation=None, session_key="", now=None):
    """Store `user`'s vote on `page` for the options `option_ids`, or raise :class:`Refused`: another
    consultation's option, too many, over budget, not allowed, closed, or a second ballot. Nothing is stored then."""
    if page.kind != Kind.VOTE:
        raise Refused(_("This consultation is not a vote."))
    refusal = refusal_to_take_part(user, page, now)
    if refusal:
        raise Refused(refusal)
    options = vote_options_checked(page=page, option_ids=option_ids)
    ballot = ballot_start(page=page, user=user, organisation=organisation, session_key=session_key, now=now)
    VoteChoice.objects.bulk_create([VoteChoice(ballot=ballot, option=option) for option in options])
    return ballot
