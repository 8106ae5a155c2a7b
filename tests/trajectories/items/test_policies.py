"""Who may do what with an item (trajectories.items.policies): add, change, delete, decide who may see it. For each
allowed case the nearest forbidden ones; a forged POST and the buttons on the page agree (issue 10 §5)."""

import pytest
from django.urls import reverse

from trajectories import factories
from trajectories.access import Audience, TrajectoryStatus
from trajectories.items import policies
from trajectories.items.selectors import kind_for_model, show
from trajectories.logbook.models import LogEntry
from trajectories.plan.models import Goal
from trajectories.spaces.selectors import space_for

pytestmark = pytest.mark.django_db


def seat(world, who):
    return space_for(world.users[who], world.space.pk)


def read(world, who, model, item):
    """`item` as `who` reads it on a page (``existence_visible_to``: annotated ``editable``)."""
    return model.objects.existence_visible_to(world.users[who], space=seat(world, who)).get(pk=item.pk)


def close(world):
    world.space.status = TrajectoryStatus.CLOSED
    world.space.save(update_fields=["status"])


def page(world, who, name):
    response = world.client(who).get(reverse(f"trajectories:{name}", args=[world.space.pk]))
    assert response.status_code == 200
    return response.content.decode()


def item_url(world, segment, item, action=None):
    if action is None:
        return reverse("trajectories:item", args=[world.space.pk, segment, item.pk])
    return reverse(f"trajectories:item_{action}", args=[world.space.pk, segment, item.pk])


# --- Adding ----------------------------------------------------------------------------------------------------


def test_anyone_taking_part_adds_items_while_the_space_is_open(world):
    assert policies.can_add_item(seat(world, "network"))
    create = reverse("trajectories:item_create", args=[world.space.pk, "doelen"])
    assert create in page(world, "network", "plan")
    response = world.client("network").post(
        create, {"title": "Zwemmen", "progress": 0, "status": "open", "audience": "everyone"}
    )
    assert response.status_code == 302
    assert Goal.objects.filter(title="Zwemmen").exists()


def test_in_a_closed_space_nothing_is_added(world):
    close(world)
    assert not policies.can_add_item(seat(world, "young"))
    create = reverse("trajectories:item_create", args=[world.space.pk, "doelen"])
    assert create not in page(world, "young", "plan")
    assert reverse("trajectories:item_create", args=[world.space.pk, "logboek"]) not in page(world, "young", "logbook")
    forged = world.client("young").post(
        create, {"title": "Zwemmen", "progress": 0, "status": "open", "audience": "everyone"}
    )
    assert forged.status_code == 403
    assert not Goal.objects.filter(title="Zwemmen").exists()


# --- Changing ----------------------------------------------------------------------------------------------------


def test_a_shared_plan_is_changed_by_everyone_who_reads_it(world):
    goal = factories.goal(trajectory=world.space, author=world.seats["pro_a"])
    space = seat(world, "parent")
    assert policies.can_edit_item(space, read(world, "parent", Goal, goal))
    assert policies.can_edit_item(space, Goal.objects.get(pk=goal.pk))  # without the annotation: the same rule
    response = world.client("parent").post(
        item_url(world, "doelen", goal), {"title": "Samen naar school", "progress": 40, "status": "open"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.progress == 40


def test_a_log_entry_is_changed_only_by_its_author(world):
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"], text="Goede dag")
    assert policies.can_edit_item(seat(world, "parent"), read(world, "parent", LogEntry, entry))
    assert not policies.can_edit_item(seat(world, "network"), read(world, "network", LogEntry, entry))
    assert not policies.can_edit_item(seat(world, "network"), LogEntry.objects.get(pk=entry.pk))
    url = item_url(world, "logboek", entry)
    assert 'name="text"' not in world.client("network").get(url).content.decode()  # no form, only the details
    forged = world.client("network").post(url, {"text": "Slechte dag"})
    assert forged.status_code == 403
    entry.refresh_from_db()
    assert entry.text == "Goede dag"


def test_in_a_closed_space_nothing_is_changed(world):
    goal = factories.goal(trajectory=world.space, author=world.seats["parent"])
    close(world)
    assert not policies.can_edit_item(seat(world, "parent"), read(world, "parent", Goal, goal))
    forged = world.client("parent").post(item_url(world, "doelen", goal), {"title": "x", "progress": 0})
    assert forged.status_code == 403


# --- Deleting ----------------------------------------------------------------------------------------------------


def test_only_the_author_deletes(world):
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    delete = item_url(world, "logboek", entry, "delete")
    assert policies.can_delete_item(seat(world, "parent"), entry)
    assert delete in page(world, "parent", "logbook")
    assert not policies.can_delete_item(seat(world, "young"), entry)  # regie decides who sees, not what stays
    assert delete not in page(world, "young", "logbook")
    assert world.client("young").post(delete).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert world.client("parent").post(delete).status_code == 302
    assert not LogEntry.objects.filter(pk=entry.pk).exists()


def test_in_a_closed_space_not_even_the_author_deletes(world):
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    close(world)
    assert not policies.can_delete_item(seat(world, "parent"), entry)
    delete = item_url(world, "logboek", entry, "delete")
    assert delete not in page(world, "parent", "logbook")
    assert world.client("parent").post(delete).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


# --- Who may see it ----------------------------------------------------------------------------------------------


def test_whoever_holds_regie_decides_who_may_see_an_item(world):
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    audience = item_url(world, "logboek", entry, "audience")
    assert policies.can_change_audience(seat(world, "young"), entry)
    assert audience in page(world, "young", "logbook")
    response = world.client("young").post(audience, {"audience": Audience.PROFESSIONALS})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.audience == Audience.PROFESSIONALS


def test_without_regie_not_even_the_author_changes_who_may_see_it(world):
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    audience = item_url(world, "logboek", entry, "audience")
    assert not policies.can_change_audience(seat(world, "parent"), entry)
    assert audience not in page(world, "parent", "logbook")
    assert world.client("parent").get(audience).status_code == 403
    assert world.client("parent").post(audience, {"audience": Audience.PROFESSIONALS}).status_code == 403
    entry.refresh_from_db()
    assert entry.audience == Audience.EVERYONE


def test_in_a_closed_space_regie_changes_no_audience(world):
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    close(world)
    assert not policies.can_change_audience(seat(world, "young"), entry)
    audience = item_url(world, "logboek", entry, "audience")
    assert audience not in page(world, "young", "logbook")
    assert world.client("young").post(audience, {"audience": Audience.PROFESSIONALS}).status_code == 403


def test_the_presenter_hands_the_policies_to_the_templates(world):
    """What a row of a page says the viewer may do is what the policies say (no template works it out)."""
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    kind = kind_for_model(LogEntry)
    for who in ("young", "parent", "network", "pro_a"):
        space, item = seat(world, who), read(world, who, LogEntry, entry)
        shown = show(space, kind, item)
        assert shown.can_edit == policies.can_edit_item(space, item), who
        assert shown.can_delete == policies.can_delete_item(space, item), who
        assert shown.can_change_audience == policies.can_change_audience(space, item), who
