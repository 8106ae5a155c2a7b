"""Notifications through core's fan-out (opened, closing in 24 h, results published, follow-up), each told once
(REL-03), and personal data: export and erasure (register_user_data)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Notification
from werkgroepen_consultations.consultation.models import Ballot, ConsultationPage
from werkgroepen_consultations.consultation.selectors import personal_data
from werkgroepen_consultations.consultation.services import (
    CLOSING_SOON,
    FOLLOW_UP,
    OPENED,
    RESULTS_PUBLISHED,
    notices_send,
    notices_send_all,
    personal_data_erase,
)
from werkgroepen_consultations.plans.models import Pin
from werkgroepen_consultations.plans.services import pin_drop
from werkgroepen_consultations.surveys.models import SurveyDraft
from werkgroepen_consultations.surveys.services import survey_draft_save
from werkgroepen_consultations.votes.services import vote_cast


def told(code):
    return set(Notification.objects.filter(type=code).values_list("recipient__email", flat=True))


def test_opening_tells_the_members_of_the_theme_once(budget_vote, theme_member, outsider):
    notices_send(page=budget_vote)
    notices_send_all()
    assert told(OPENED) == {theme_member.email}
    assert Notification.objects.filter(type=OPENED).count() == 1


def test_closing_soon_tells_who_started_but_did_not_submit(survey, member, user_factory):
    done = user_factory("klaar@example.org")
    survey_draft_save(page=survey, user=member, data={"q1": ["1"]})
    survey_draft_save(page=survey, user=done, data={"q1": ["1"]})
    Ballot.objects.create(consultation=survey, participant_key=f"u:{done.pk}", user=done)
    notices_send(page=survey)
    assert told(CLOSING_SOON) == set()  # a week left
    notices_send(page=survey, now=survey.closes_at - timedelta(hours=2))
    assert told(CLOSING_SOON) == {member.email}


def test_results_published_after_closing_and_the_follow_up_when_written(budget_vote, theme_member):
    vote_cast(page=budget_vote, user=theme_member, option_ids=[str(budget_vote.vote_options.first().pk)])
    ConsultationPage.objects.filter(pk=budget_vote.pk).update(results_policy="after_closing")
    later = budget_vote.closes_at + timedelta(minutes=5)
    notices_send(page=budget_vote)
    assert told(RESULTS_PUBLISHED) == set()
    notices_send(page=budget_vote, now=later)
    assert told(RESULTS_PUBLISHED) == {theme_member.email}
    assert told(FOLLOW_UP) == set()
    page = ConsultationPage.objects.get(pk=budget_vote.pk)
    page.follow_up = "<p>De speeltuin komt er in 2027.</p>"
    page.save_revision().publish()
    notices_send(page=page, now=later)
    notices_send(page=page, now=later)
    assert Notification.objects.filter(type=FOLLOW_UP, recipient=theme_member).count() == 1


def test_switched_off_nobody_is_told(budget_vote, theme_member, enabled):
    from django.core.cache import cache

    from werkgroepen_consultations.factories import switch_on

    switch_on(enabled, enabled=False)
    cache.clear()
    notices_send(page=budget_vote)
    assert told(OPENED) == set()


def test_personal_data_export_and_erasure(plan, survey, member):
    pin_drop(page=plan, user=member, x="5", y="5", category="Idee", comment="Mijn idee")
    survey_draft_save(page=survey, user=member, data={"q1": ["1"]})
    Ballot.objects.create(consultation=plan, participant_key=f"u:{member.pk}", user=member, reason="Omdat")
    exported = personal_data(member)
    assert exported["pins"][0]["comment"] == "Mijn idee" and exported["ballots"][0]["reason"] == "Omdat"
    assert exported["drafts"][0]["consultation"] == survey.title
    personal_data_erase(member)
    assert not Pin.objects.exists() and not SurveyDraft.objects.exists()
    ballot = Ballot.objects.get()
    assert ballot.user is None  # the count in the results stays
    assert personal_data(member) == {"ballots": [], "drafts": [], "pins": [], "reactions": []}


@pytest.mark.parametrize("delta", [timedelta(hours=-1), timedelta(days=40)])
def test_the_cron_run_leaves_out_consultations_not_yet_open_or_long_closed(enabled, theme, theme_member, delta):
    from werkgroepen_consultations.factories import consultation

    now = timezone.now()
    if delta.total_seconds() < 0:
        consultation(
            parent=theme,
            title="Later",
            kind="vote",
            opens_at=now + timedelta(days=1),
            closes_at=now + timedelta(days=3),
        )
    else:
        consultation(
            parent=theme,
            title="Lang geleden",
            kind="vote",
            results_policy="after_closing",
            opens_at=now - delta - timedelta(days=1),
            closes_at=now - delta,
        )
    assert notices_send_all() == 0
    assert not Notification.objects.exists()


def test_the_cron_command_tells_once(budget_vote, theme_member):
    from io import StringIO

    from django.core.management import call_command

    call_command("send_consultation_notices", stdout=StringIO())
    call_command("send_consultation_notices", stdout=StringIO())
    assert Notification.objects.filter(type=OPENED, recipient=theme_member).count() == 1
