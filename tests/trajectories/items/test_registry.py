"""The registry of item kinds reads the catalogue hook ``register_space_item_kind`` (issue 10 §3): every room
registers its kinds in its own hooks.py, a plugin adds one without importing the registry, and the system checks
refuse unregistered item models, clashing URL parts and keys registered twice."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_SPACE_ITEM_KIND, REGISTER_TRAJECTORY_TOOL, SpaceItemKind, call
from trajectories.items import checks
from trajectories.items.models import ItemKind
from trajectories.items.selectors import forget_kinds, item_kinds, kind_for_key, kind_for_model, registered_kinds
from trajectories.logbook.models import LogEntry
from trajectories.plan.forms import GoalForm
from trajectories.plan.models import Goal
from trajectories.spaces.models import Participant

KEYS = [
    "goal",
    "action",
    "agreement",
    "evaluation_moment",
    "log_entry",
    "appointment",
    "document",  # order 70 like conversations: then by key
    "message_thread",
    "contact",
    "social_map",
]


@pytest.fixture(autouse=True)
def _fresh_registry():
    forget_kinds()
    yield
    forget_kinds()


def ids(errors):
    return sorted(error.id for error in errors)


def test_every_kind_of_the_spaces_comes_from_the_hook_in_display_order():
    kinds = item_kinds()
    assert [kind.key for kind in kinds] == KEYS
    assert all(isinstance(kind, ItemKind) for kind in kinds)
    assert len(registered_kinds()) == len(KEYS)  # each room registers each kind once
    assert kind_for_model(Goal).segment == "doelen" and kind_for_key("log_entry").model is LogEntry


def test_the_registry_is_clean():
    assert checks.check_item_kinds() == []


def test_a_plugin_adds_a_kind_through_the_hook_alone():
    """A plain ``config.hooks.SpaceItemKind`` (what a plugin returns, no import of the registry) gets the spaces'
    addresses; the generic item pages take it from there."""

    def plugin_kinds():
        return SpaceItemKind(
            key="plugin_goal",
            model=Goal,
            tool="plan",
            segment="plugin-doelen",
            label=_("goal"),
            label_plural=_("goals"),
            form_class=GoalForm,
            list_url_name="trajectories:plan",
        )

    with hooks.register_temporarily(REGISTER_SPACE_ITEM_KIND, plugin_kinds):
        forget_kinds()
        kind = kind_for_key("plugin_goal")
        assert isinstance(kind, ItemKind) and kind.order == 100 and kind.form_template == "trajectories/items/form.html"
        assert kind.item_url(3, 7) == reverse("trajectories:item", args=[3, "plugin-doelen", 7])
        assert kind.create_url(3) == reverse("trajectories:item_create", args=[3, "plugin-doelen"])
        assert kind.list_url(3) == reverse("trajectories:plan", args=[3])
        assert [k.key for k in item_kinds()][-1] == "plugin_goal"
    forget_kinds()
    assert kind_for_key("plugin_goal") is None


def test_a_kind_with_pages_of_its_own_keeps_them():
    social_map = kind_for_key("social_map")
    assert social_map.item_url(3, 7) == reverse("trajectories:social_map", args=[3, 7])
    assert social_map.create_url(3) == reverse("trajectories:my_social_map", args=[3])
    assert kind_for_key("message_thread").item_url(3, 7) == reverse("trajectories:thread", args=[3, 7])


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"key": "plan_again", "segment": "plan"}, ["trajectories.E003"]),  # a page of the space
        ({"key": "goal_again", "segment": "doelen"}, ["trajectories.E003"]),  # another kind's URL part
        ({"key": "goal", "segment": "nog-doelen", "model": LogEntry}, ["trajectories.E004"]),  # a key twice
        ({"key": "no_item", "segment": "geen-item", "model": Participant}, ["trajectories.E002"]),
    ],
)
def test_the_checks_refuse_clashes(fields, expected):
    def clashing():
        values = {"model": Goal, "tool": "plan", "label": "x", "label_plural": "x", **fields}
        return SpaceItemKind(**values)

    with hooks.register_temporarily(REGISTER_SPACE_ITEM_KIND, clashing):
        assert ids(checks.check_item_kinds()) == expected


def test_the_checks_refuse_an_item_model_nobody_registers(monkeypatch):
    monkeypatch.setattr(checks, "registered_kinds", lambda: [k for k in registered_kinds() if k.model is not Goal])
    errors = checks.check_item_kinds()
    assert ids(errors) == ["trajectories.E001"] and errors[0].obj is Goal


@pytest.mark.django_db
def test_the_tools_of_a_space_keep_their_order(world):
    request = RequestFactory().get("/")
    request.user = world.users["young"]
    tools = call(REGISTER_TRAJECTORY_TOOL, world.space, request, organisation=world.space.organisation)
    assert [tool.slug for tool in tools] == ["plan", "logboek", "agenda", "documenten", "berichten", "netwerk"]
