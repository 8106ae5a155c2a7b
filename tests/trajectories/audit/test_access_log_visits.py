"""The access log readable per visit (issue 15 §6): one line per item shown on each page view became a wall of
rows. Reads by one person of one tool's items in one page view are one card ("read Plan (7 items)"), with every
row one click away; every underlying row stays in the log (NEN 7513).

Requirements: SEC-14 (the access log is complete and shown to the young person).
"""

import re

import pytest
from django.urls import reverse

from trajectories import factories
from trajectories.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_one_page_view_is_one_card_with_its_rows_one_click_away(world):
    pro = world.seats["pro_a"]
    for n in range(3):
        goal = factories.goal(trajectory=world.space, author=pro, title=f"Doel {n}")
        factories.action(trajectory=world.space, author=pro, goal=goal, title=f"Actie {n}")
    world.client("parent").get(reverse("trajectories:plan", args=[world.space.pk]))
    rows = AccessLogEntry.objects.filter(participant=world.seats["parent"], action="read")
    assert rows.count() >= 6  # every item shown is its own row in the log
    html = world.client("young").get(reverse("trajectories:access_log", args=[world.space.pk])).content.decode()
    cards = re.findall(r'<li class="log-card.*?</li>\n  \n', html, re.S) or html.split('<li class="log-card')[1:]
    mums = [card for card in cards if "mama" in card or world.seats["parent"].label in card]
    visit = next(card for card in mums if "read Plan" in card)
    assert f"read Plan ({rows.count()} items)" in visit
    assert "<details" in visit and "Doel 2" in visit and "Actie 0" in visit


def test_different_people_and_other_actions_stay_apart(world):
    from trajectories.audit.selectors import visits

    class Row:
        def __init__(self, pk, participant, action, seconds, tool="plan"):
            from datetime import datetime, timedelta

            self.pk, self.participant_id, self.action = pk, participant, action
            self.outcome, self.actor_name, self.item_type = "granted", f"p{participant}", "goal"
            self.at = datetime(2026, 12, 4, 12, 0, 0) - timedelta(seconds=seconds)
            self.kind = type("K", (), {"tool": tool, "label_plural": "goals", "label": "goal"})()

    rows = [
        Row(1, 1, "read", 0),
        Row(2, 1, "read", 1),
        Row(3, 2, "read", 2),  # someone else
        Row(4, 2, "update", 3),  # a change is a row of its own
        Row(5, 2, "read", 4),
        Row(6, 2, "read", 120),  # two minutes earlier: another visit
        Row(7, 2, "read", 121, tool="logboek"),  # another tool
    ]
    shown = visits(rows, {"plan": "Plan", "logboek": "Logbook"})
    assert [[row.pk for row in visit.rows] for visit in shown] == [[1, 2], [3], [4], [5], [6], [7]]
    assert shown[0].kinds == [("goals", 2)] and shown[0].tool_label == "Plan"
