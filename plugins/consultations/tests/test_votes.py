"""Stemmen (budget vote for "Begroting 2027"): the allowed ballot and its nearest forbidden ones. Nothing is stored
when a ballot is refused (REL-01)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from werkgroepen_consultations.consultation.models import Ballot, Tally
from werkgroepen_consultations.consultation.services import Refused
from werkgroepen_consultations.factories import consultation
from werkgroepen_consultations.votes.models import VoteChoice
from werkgroepen_consultations.votes.services import vote_cast


def option_ids(page, *titles):
    return [str(option.pk) for option in page.vote_options.all() if option.title in titles]


def test_a_member_spends_the_budget_and_the_counters_follow(budget_vote, theme_member):
    ballot = vote_cast(
        page=budget_vote, user=theme_member, option_ids=option_ids(budget_vote, "Speeltuin", "Fietsenstalling")
    )
    assert sorted(c.option.title for c in ballot.vote_choices.all()) == ["Fietsenstalling", "Speeltuin"]
    assert ballot.user == theme_member
    assert Tally.objects.get(consultation=budget_vote).ballots == 1


def test_a_ballot_above_the_budget_is_refused_and_nothing_is_stored(budget_vote, theme_member):
    with pytest.raises(Refused, match="more than the budget"):
        vote_cast(
            page=budget_vote,
            user=theme_member,
            option_ids=option_ids(budget_vote, "Speeltuin", "Fietsenstalling", "Bankjes"),
        )
    assert not Ballot.objects.exists() and not VoteChoice.objects.exists()
    assert not Tally.objects.filter(consultation=budget_vote, ballots__gt=0).exists()


def test_a_second_ballot_is_refused_as_already_taken_part(budget_vote, theme_member):
    vote_cast(page=budget_vote, user=theme_member, option_ids=option_ids(budget_vote, "Bankjes"))
    with pytest.raises(Refused) as refused:
        vote_cast(page=budget_vote, user=theme_member, option_ids=option_ids(budget_vote, "Speeltuin"))
    assert refused.value.already
    assert Ballot.objects.count() == 1 and VoteChoice.objects.count() == 1


def test_an_option_of_another_consultation_is_refused(budget_vote, theme, theme_member):
    other = consultation(
        parent=theme, title="Andere stemming", kind="vote", options=[("Elders", 1)], audience="signed_in"
    )
    with pytest.raises(Refused, match="not part of this vote"):
        vote_cast(page=budget_vote, user=theme_member, option_ids=option_ids(other, "Elders"))
    assert not Ballot.objects.exists()


def test_duplicates_and_nonsense_ids_are_refused(budget_vote, theme_member):
    bankjes = option_ids(budget_vote, "Bankjes")[0]
    for ids in ([bankjes, bankjes], ["abc"], []):
        with pytest.raises(Refused):
            vote_cast(page=budget_vote, user=theme_member, option_ids=ids)
    assert not Ballot.objects.exists()


def test_someone_who_is_not_a_member_of_the_theme_may_not_vote(budget_vote, outsider):
    with pytest.raises(Refused, match="Only members of this theme"):
        vote_cast(page=budget_vote, user=outsider, option_ids=option_ids(budget_vote, "Bankjes"))
    with pytest.raises(Refused, match="Log in"):
        vote_cast(
            page=budget_vote, user=AnonymousUser(), option_ids=option_ids(budget_vote, "Bankjes"), session_key="x"
        )
    assert not Ballot.objects.exists()


def test_a_vote_after_closing_is_refused_on_the_server(closed, theme_member):
    with pytest.raises(Refused, match="closed"):
        vote_cast(page=closed, user=theme_member, option_ids=option_ids(closed, "Bankjes"))
    assert not Ballot.objects.exists()


def test_one_option_and_several_options_modes(enabled, theme, member):
    one = consultation(parent=theme, title="Eén", kind="vote", vote_mode="one", options=[("A", 0), ("B", 0)])
    several = consultation(
        parent=theme,
        title="Meer",
        kind="vote",
        vote_mode="several",
        max_choices=2,
        options=[("A", 0), ("B", 0), ("C", 0)],
    )
    with pytest.raises(Refused, match="Choose one option"):
        vote_cast(page=one, user=member, option_ids=option_ids(one, "A", "B"))
    vote_cast(page=one, user=member, option_ids=option_ids(one, "A"))
    with pytest.raises(Refused, match="at most 2"):
        vote_cast(page=several, user=member, option_ids=option_ids(several, "A", "B", "C"))
    vote_cast(page=several, user=member, option_ids=option_ids(several, "A", "C"))
    assert Ballot.objects.count() == 2


def test_one_ballot_per_organisation(enabled, theme, member, user_factory):
    from themes.models import MemberOrganisation

    club = MemberOrganisation.objects.create(organisation=enabled, name="Fietsclub")
    colleague = user_factory("collega@example.org", "Collega")
    club.representatives.add(member, colleague)
    page = consultation(
        parent=theme, title="Per organisatie", kind="vote", one_per="organisation", options=[("A", 0), ("B", 0)]
    )
    vote_cast(page=page, user=member, option_ids=option_ids(page, "A"), organisation=club)
    with pytest.raises(Refused, match="organisation already took part"):
        vote_cast(page=page, user=colleague, option_ids=option_ids(page, "B"), organisation=club)
    with pytest.raises(Refused, match="Here one answer per organisation"):
        vote_cast(page=page, user=user_factory("los@example.org"), option_ids=option_ids(page, "B"))
    assert Ballot.objects.get().organisation == club
