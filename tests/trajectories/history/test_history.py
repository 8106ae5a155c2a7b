"""History of everything written (issue 13 §2): goals, actions, agreements, evaluations, logbook entries, contacts
(and appointments) keep every version with who and when; the item says who changed it last beside its author; the
history page lists the versions, compares two and restores one (a new version, in the access log); a change by
someone else tells the author (and, for a goal, the young person).

The history is read exactly by who reads the item now, and each version only by who was in the audience it was
written for: an item of another space, an item whose audience was narrowed, a version written while the audience
was narrower all answer the 404 of a missing item.

Requirements: SEC-01 (who sees what), SEC-04 (invisible and missing alike), SEC-14 (the restore in the access log),
SEC-22 (notifications carry no care content), PERF-* (the history page in constant queries).
"""

import datetime
import functools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from tests.security.test_trajectory_sweep import AUDIENCES, build, normalised, readers
from tests.trajectories.closure.test_closure import once_in_english, sweep_world
from tests.trajectories.world import PEOPLE
from trajectories import factories
from trajectories.access import Audience
from trajectories.audit.models import AccessAction, AccessLogEntry
from trajectories.history.models import ItemVersion, VersionAction, readers_field
from trajectories.history.services import NOTIFICATION_TYPE, news_title
from trajectories.items import services
from trajectories.items.selectors import item_kinds
from trajectories.messaging.services import news_title as messaging_title
from trajectories.models import Action, ActionStatus, Agreement, Contact, EvaluationMoment, Goal, GoalStatus, LogEntry

pytestmark = pytest.mark.django_db


def history_url(world, segment, pk):
    return reverse("trajectories:item_history", args=[world.space.pk, segment, pk])


def compare_url(world, segment, pk, old=None, new=None):
    url = reverse("trajectories:item_history_compare", args=[world.space.pk, segment, pk])
    query = "&".join(f"{name}={value}" for name, value in (("van", old), ("naar", new)) if value is not None)
    return f"{url}?{query}" if query else url


def restore_url(world, segment, pk, number):
    return reverse("trajectories:item_history_restore", args=[world.space.pk, segment, pk, number])


def write_goal(world, who="young", **fields):
    values = {"title": "Zelf naar school fietsen", "description": "Elke dag", "progress": 10, **fields}
    return services.item_create(model=Goal, trajectory=world.space, by=world.users[who], **values)


def versions_of(item):
    return list(ItemVersion.objects.of_item(item).order_by("number"))


def post_change(world, who, segment, item, **data):
    return world.client(who).post(reverse("trajectories:item", args=[world.space.pk, segment, item.pk]), data)


# --- Versions with who and when ----------------------------------------------------------------------------------


def test_every_change_is_a_version_and_the_item_says_who_changed_it_beside_its_author(world):
    """Sara writes a goal, her mum changes it on its page: two versions, each with who and when; the goal still says
    "Written by" Sara and now "last changed by" her mum; the history page lists both, newest first."""
    goal = write_goal(world)
    response = post_change(
        world,
        "parent",
        "doelen",
        goal,
        title="Zelf naar school fietsen, ook bij regen",
        description="Elke dag",
        progress=30,
        status=GoalStatus.OPEN,
    )
    assert response.status_code == 302
    first, second = versions_of(goal)
    assert (first.number, first.action, first.by_id) == (1, VersionAction.CREATED, world.seats["young"].pk)
    assert (second.number, second.action, second.by_id) == (2, VersionAction.CHANGED, world.seats["parent"].pk)
    assert first.fields["title"] == "Zelf naar school fietsen"
    assert second.fields["title"] == "Zelf naar school fietsen, ook bij regen" and second.fields["progress"] == 30
    page = world.client("pro_a").get(reverse("trajectories:item", args=[world.space.pk, "doelen", goal.pk]))
    body = page.content.decode()
    assert "Written by EchteYoung" not in body  # a participant is shown by the name of their seat
    assert "Written by Sara Peeters" in body and "last changed by" in body and "mama" in body
    assert history_url(world, "doelen", goal.pk) in body
    history = world.client("pro_a").get(history_url(world, "doelen", goal.pk)).content.decode()
    assert history.index("Version 2") < history.index("Version 1")
    assert "changed it" in history and "wrote it" in history


def test_saving_without_a_change_writes_no_version_and_tells_nobody(world):
    """Pressing "Save changes" on an unchanged goal is not a change: no version, nobody told, no "last changed"."""
    goal = write_goal(world)
    post_change(
        world,
        "pro_a",
        "doelen",
        goal,
        title=goal.title,
        description=goal.description,
        progress=10,
        status=GoalStatus.OPEN,
    )
    assert len(versions_of(goal)) == 1
    goal.refresh_from_db()
    assert goal.updated_by_id is None
    assert not Notification.objects.filter(type=NOTIFICATION_TYPE).exists()


def test_an_item_written_before_versions_were_kept_starts_its_history_from_how_it_stood(world):
    """A goal without versions (written before this feature) gets its earlier state as version 1, by its author at
    its time, before the first change is recorded as version 2."""
    goal = factories.goal(trajectory=world.space, author=world.seats["young"], title="Oud doel")
    services.item_update(item=goal, by=world.users["pro_a"], title="Nieuw doel")
    first, second = versions_of(goal)
    assert first.fields["title"] == "Oud doel" and first.by_id == world.seats["young"].pk
    assert first.at == goal.created_at
    assert second.fields["title"] == "Nieuw doel" and second.by_id == world.seats["pro_a"].pk


# --- Restoring ---------------------------------------------------------------------------------------------------


def test_a_restored_version_equals_the_old_one(world):
    """The goal changed twice (every field); putting version 1 back makes it say exactly what version 1 said, as a
    new version 4 by whoever restored it, and the access log says who restored what when."""
    goal = write_goal(world)
    services.item_update(item=goal, by=world.users["parent"], title="Met de bus", progress=50)
    services.item_update(
        item=goal, by=world.users["pro_a"], description="Niet meer nodig", progress=100, status=GoalStatus.ACHIEVED
    )
    old = versions_of(goal)[0]
    response = world.client("network").post(restore_url(world, "doelen", goal.pk, 1))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert {name: getattr(goal, name) for name in Goal.VERSIONED_FIELDS} == old.fields
    newest = versions_of(goal)[-1]
    assert (newest.number, newest.action, newest.restored_from) == (4, VersionAction.RESTORED, 1)
    assert newest.by_id == world.seats["network"].pk and newest.fields == old.fields
    row = AccessLogEntry.objects.get(trajectory=world.space, item_id=goal.pk, action=AccessAction.RESTORE)
    assert row.participant_id == world.seats["network"].pk and row.item_type == "goal"
    history = world.client("network").get(history_url(world, "doelen", goal.pk)).content.decode()
    assert "restored an earlier version" in history and "version 1" in history


def test_a_restored_action_gets_back_its_goal_person_and_date(world):
    """Related fields come back too: an action's goal, who does it and its date."""
    goal_a, goal_b = write_goal(world, title="Doel A"), write_goal(world, title="Doel B")
    due = timezone.localdate() + datetime.timedelta(days=10)
    action = services.item_create(
        model=Action,
        trajectory=world.space,
        by=world.users["young"],
        goal=goal_a,
        title="Fiets laten maken",
        owner=world.seats["parent"],
        due_date=due,
    )
    services.item_update(
        item=action, by=world.users["pro_a"], goal=goal_b, owner=None, due_date=None, status=ActionStatus.DONE
    )
    services.item_restore(item=action, by=world.users["young"], number=1)
    action.refresh_from_db()
    assert (action.goal_id, action.owner_id, action.due_date, action.status) == (
        goal_a.pk,
        world.seats["parent"].pk,
        due,
        ActionStatus.TODO,
    )
    assert action.done_at is None  # the kind's own rules ran: an action put back to "to do" is not done


def test_restore_by_someone_who_may_not_change_the_item_is_refused(world):
    """A logbook entry is changed only by its author: the counsellor reads its history but may not put a version
    back (no button; a forged POST is refused with the reason and changes nothing). Outside the space: 404."""
    entry = services.item_create(model=LogEntry, trajectory=world.space, by=world.users["parent"], text="Eerste")
    services.item_update(item=entry, by=world.users["parent"], text="Tweede")
    page = world.client("pro_a").get(history_url(world, "logboek", entry.pk))
    assert page.status_code == 200 and "Put this version back" not in page.content.decode()
    refused = world.client("pro_a").post(restore_url(world, "logboek", entry.pk, 1))
    assert refused.status_code == 403 and "You cannot change this." in refused.content.decode()
    assert world.client("outsider").post(restore_url(world, "logboek", entry.pk, 1)).status_code == 404
    entry.refresh_from_db()
    assert entry.text == "Tweede" and len(versions_of(entry)) == 2
    assert world.client("parent").post(restore_url(world, "logboek", entry.pk, 1)).status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Eerste"


def test_nobody_restores_in_a_closed_space(world):
    """A closed space is read-only: its history is read, nothing is put back."""
    goal = write_goal(world)
    services.item_update(item=goal, by=world.users["young"], title="Anders")
    world.space.status = "closed"
    world.space.save(update_fields=["status"])
    assert world.client("young").get(history_url(world, "doelen", goal.pk)).status_code == 200
    assert world.client("young").post(restore_url(world, "doelen", goal.pk, 1)).status_code == 403
    goal.refresh_from_db()
    assert goal.title == "Anders"


# --- Telling the author ------------------------------------------------------------------------------------------


def test_a_change_by_someone_else_tells_the_author_and_a_change_by_the_author_does_not(world):
    """Mum changes her own agreement: nobody is told. The counsellor changes it: mum is told, with the neutral
    title and no word of the agreement; nobody else is."""
    agreement = services.item_create(
        model=Agreement, trajectory=world.space, by=world.users["parent"], title="Bellen op vrijdag"
    )
    services.item_update(item=agreement, by=world.users["parent"], title="Bellen op zaterdag")
    assert not Notification.objects.filter(type=NOTIFICATION_TYPE).exists()
    services.item_update(item=agreement, by=world.users["pro_a"], title="Bellen op zondag")
    told = list(Notification.objects.filter(type=NOTIFICATION_TYPE))
    assert [n.recipient_id for n in told] == [world.users["parent"].pk]
    assert told[0].title == news_title() == messaging_title() and "zondag" not in f"{told[0].title} {told[0].text}"
    assert told[0].url.endswith(f"/afspraken/{agreement.pk}/")


def test_the_young_person_is_told_when_someone_else_changes_her_goal(world):
    """The counsellor changes a goal of Sara's plan: Sara (its author) is told; when the counsellor changes a goal
    her mum wrote, both her mum and Sara are told; Sara's own change tells only the author."""
    own = write_goal(world)
    services.item_update(item=own, by=world.users["pro_a"], progress=60)
    assert set(Notification.objects.filter(type=NOTIFICATION_TYPE).values_list("recipient_id", flat=True)) == {
        world.users["young"].pk
    }
    Notification.objects.all().delete()
    mums = write_goal(world, who="parent", title="Samen koken")
    services.item_update(item=mums, by=world.users["pro_a"], progress=20)
    assert set(Notification.objects.filter(type=NOTIFICATION_TYPE).values_list("recipient_id", flat=True)) == {
        world.users["young"].pk,
        world.users["parent"].pk,
    }
    Notification.objects.all().delete()
    services.item_update(item=mums, by=world.users["young"], progress=40)
    assert list(Notification.objects.filter(type=NOTIFICATION_TYPE).values_list("recipient_id", flat=True)) == [
        world.users["parent"].pk
    ]


def test_restoring_someone_elses_item_tells_its_author(world):
    goal = write_goal(world, who="parent")
    services.item_update(item=goal, by=world.users["parent"], title="Anders")
    services.item_restore(item=goal, by=world.users["network"], number=1)
    assert world.users["parent"].pk in set(
        Notification.objects.filter(type=NOTIFICATION_TYPE).values_list("recipient_id", flat=True)
    )


# --- Who reads the history ---------------------------------------------------------------------------------------


def test_the_history_is_read_exactly_by_who_reads_the_item(world):
    """An "only the professionals" goal: the professionals read its history; the young person, who only knows that
    it exists, everyone else in the space and everyone outside get the 404 of a missing item."""
    goal = write_goal(world, who="pro_a", title="Zorgen over thuis", audience=Audience.PROFESSIONALS)
    services.item_update(item=goal, by=world.users["coordinator"], title="Zorgen over thuis en school")
    missing = world.client("young").get(history_url(world, "doelen", goal.pk + 100000))
    assert missing.status_code == 404
    for who in PEOPLE:
        response = world.client(who).get(history_url(world, "doelen", goal.pk))
        compare = world.client(who).get(compare_url(world, "doelen", goal.pk, 1, 2))
        if who in ("pro_a", "coordinator"):
            assert response.status_code == 200 and "Version 2" in response.content.decode(), who
            assert compare.status_code == 200 and "Zorgen over thuis" in compare.content.decode(), who
        else:
            assert response.status_code == 404, who
            assert compare.status_code == 404, who
            assert "Zorgen" not in response.content.decode() + compare.content.decode(), who


def test_the_history_of_an_item_of_another_space_is_a_404(world, organisation):
    """A goal of another space, asked for under this space's address or its own: a 404 for the people here."""
    other = factories.trajectory(title="Andere werkruimte", organisation=organisation)
    stranger = factories.participant(trajectory=other, role="client", email="iemand@example.org")
    goal = factories.goal(trajectory=other, author=stranger, title="Geheim ander doel")
    for who in ("young", "pro_a", "coordinator"):
        client = world.client(who)
        assert client.get(history_url(world, "doelen", goal.pk)).status_code == 404
        assert client.get(reverse("trajectories:item_history", args=[other.pk, "doelen", goal.pk])).status_code == 404
        assert client.post(restore_url(world, "doelen", goal.pk, 1)).status_code == 404


def test_a_narrowed_audience_takes_the_whole_history_away(world):
    """Mum changed a goal while it was for everyone; then it became "only the professionals": its history, every
    version (her own included) and restoring answer her 404 now."""
    goal = write_goal(world, who="pro_a", title="Weekendregeling")
    services.item_update(item=goal, by=world.users["parent"], title="Weekendregeling bij mama")
    services.item_set_audience(item=goal, by=world.users["young"], audience=Audience.PROFESSIONALS)
    client = world.client("parent")
    assert client.get(history_url(world, "doelen", goal.pk)).status_code == 404
    for old, new in ((1, 2), (None, 2), (None, None)):
        assert client.get(compare_url(world, "doelen", goal.pk, old, new)).status_code == 404
    assert client.post(restore_url(world, "doelen", goal.pk, 1)).status_code == 404
    assert world.client("pro_a").get(history_url(world, "doelen", goal.pk)).status_code == 200


def test_a_widened_audience_does_not_show_what_it_said_while_it_was_narrower(world):
    """The counsellor wrote a goal for the professionals with a remark for them only, took the remark out, and shared
    the goal with everyone (she decides together with Sara): her mum reads the goal and its history from then on, never the earlier versions
    (not listed, compare and restore refused); the professionals still read all of them."""
    goal = write_goal(
        world, who="pro_a", title="Rust thuis", description="VerborgenOpmerking", audience=Audience.PROFESSIONALS
    )
    services.item_update(item=goal, by=world.users["pro_a"], description="Samen afspraken maken")
    services.item_set_audience(item=goal, by=world.users["pro_a"], audience=Audience.EVERYONE)
    versions = versions_of(goal)
    assert [v.action for v in versions] == [VersionAction.CREATED, VersionAction.CHANGED, VersionAction.AUDIENCE]
    mum = world.client("parent")
    history = mum.get(history_url(world, "doelen", goal.pk)).content.decode()
    assert "Version 3" in history and "Version 2" not in history and "Version 1" not in history
    newest = mum.get(compare_url(world, "doelen", goal.pk)).content.decode()
    assert "Samen afspraken maken" in newest and "VerborgenOpmerking" not in newest
    assert mum.get(compare_url(world, "doelen", goal.pk, 1, 3)).status_code == 404
    assert mum.get(compare_url(world, "doelen", goal.pk, 2, 3)).status_code == 404
    assert mum.post(restore_url(world, "doelen", goal.pk, 1)).status_code == 404
    goal.refresh_from_db()
    assert goal.description == "Samen afspraken maken"
    pro = world.client("coordinator").get(compare_url(world, "doelen", goal.pk, 1, 3)).content.decode()
    assert "VerborgenOpmerking" in pro


def test_chosen_people_read_only_the_versions_written_for_them(world):
    """A contact shared with the teacher, then with mum instead: mum reads the version written since, the teacher
    none any more; the readers of each version are its author and the people chosen then."""
    contact = services.item_create(
        model=Contact,
        trajectory=world.space,
        by=world.users["young"],
        name="Oma Rita",
        phone="0470 12 34 56",
        audience=Audience.CHOSEN,
        chosen=[world.seats["network"].pk],
    )
    services.item_set_audience(
        item=contact, by=world.users["young"], audience=Audience.CHOSEN, chosen=[world.seats["parent"].pk]
    )
    first, second = versions_of(contact)
    assert first.readers == readers_field([world.seats["young"].pk, world.seats["network"].pk])
    assert second.readers == readers_field([world.seats["young"].pk, world.seats["parent"].pk])
    history = world.client("parent").get(history_url(world, "contacten", contact.pk)).content.decode()
    assert "Version 2" in history and "Version 1" not in history
    assert world.client("network").get(history_url(world, "contacten", contact.pk)).status_code == 404
    assert "Version 1" in world.client("young").get(history_url(world, "contacten", contact.pk)).content.decode()


# --- Comparing ---------------------------------------------------------------------------------------------------


def test_the_comparison_marks_removed_and_added_words_in_text_and_escapes_what_people_wrote(world):
    """Removed words are in <del> and added ones in <ins>, each with a label for screen readers (not colour alone);
    markup people typed is shown as text."""
    entry = services.item_create(
        model=LogEntry, trajectory=world.space, by=world.users["parent"], text="Vandaag ging het goed op school"
    )
    services.item_update(item=entry, by=world.users["parent"], text="Vandaag ging het <b>slecht</b> op school")
    body = world.client("parent").get(compare_url(world, "logboek", entry.pk, 1, 2)).content.decode()
    assert '<del><span class="visually-hidden">[removed: </span>goed' in body
    assert '<ins><span class="visually-hidden">[added: </span>&lt;b&gt;slecht&lt;/b&gt;' in body
    assert "<b>slecht</b>" not in body
    assert "Struck-through text was removed, underlined text was added." in body


def test_a_related_goal_the_viewer_may_not_read_is_named_only_by_its_kind(world):
    """An evaluation about a goal for the professionals: mum reads the evaluation's history but not that goal's
    title."""
    secret_goal = write_goal(world, who="pro_a", title="GeheimDoel", audience=Audience.PROFESSIONALS)
    evaluation = services.item_create(
        model=EvaluationMoment,
        trajectory=world.space,
        by=world.users["pro_a"],
        date=timezone.localdate(),
        note="Eerste",
        goal=secret_goal,
    )
    services.item_update(item=evaluation, by=world.users["pro_a"], note="Tweede")
    mum = world.client("parent").get(compare_url(world, "evaluaties", evaluation.pk, 1, 2)).content.decode()
    assert "GeheimDoel" not in mum and "goal that you may not read" in mum.lower()
    pro = world.client("pro_a").get(compare_url(world, "evaluaties", evaluation.pk, 1, 2)).content.decode()
    assert "GeheimDoel" in pro


# --- Deletion and performance ------------------------------------------------------------------------------------


def test_deleting_an_item_deletes_its_versions_also_through_a_cascade(world):
    """The author deletes her entry: its versions go. A goal deleted on request takes its actions' versions along."""
    entry = services.item_create(model=LogEntry, trajectory=world.space, by=world.users["parent"], text="Eerst")
    services.item_update(item=entry, by=world.users["parent"], text="Dan")
    services.item_delete(item=entry, by=world.users["parent"])
    assert not ItemVersion.objects.filter(object_id=entry.pk, content_type=ContentType.objects.get_for_model(LogEntry))
    goal = write_goal(world)
    services.item_create(model=Action, trajectory=world.space, by=world.users["young"], goal=goal, title="Stap")
    assert ItemVersion.objects.filter(trajectory=world.space).count() == 2
    goal.delete()  # the deletion room deletes a goal with its actions (tests/trajectories/deletion)
    assert not ItemVersion.objects.filter(trajectory=world.space).exists()


def _goal_with_versions(world, count):
    goal = write_goal(world)
    content_type = ContentType.objects.get_for_model(Goal)
    people = [world.seats[who].pk for who in ("young", "parent", "pro_a", "network")]
    ItemVersion.objects.bulk_create(
        ItemVersion(
            trajectory=world.space,
            content_type=content_type,
            object_id=goal.pk,
            number=number,
            action=VersionAction.CHANGED,
            by_id=people[number % len(people)],
            fields={"title": f"Doel {number}", "description": "", "progress": number % 100, "status": "open"},
            audience=Audience.EVERYONE,
            readers=readers_field([world.seats["young"].pk]),
        )
        for number in range(2, count + 1)
    )
    return goal


@pytest.mark.parametrize("count", [5, 500])
def test_the_history_page_takes_the_same_queries_for_5_and_500_versions(world, count, django_assert_max_num_queries):
    """PERF: the history page (one page of 50, newest first) and the comparison take a fixed number of queries
    whatever the number of versions; "Older versions" pages on by version number."""
    goal = _goal_with_versions(world, count)
    client = world.client("parent")
    client.get(history_url(world, "doelen", goal.pk))  # warm the session and the content types
    # Measured: 8 queries for the history page and 9 for the comparison, at 5 and at 500 versions.
    with django_assert_max_num_queries(10):
        response = client.get(history_url(world, "doelen", goal.pk))
    body = response.content.decode()
    assert f"Version {count}" in body
    assert ("Older versions" in body) == (count > 50)
    with django_assert_max_num_queries(10):
        compare = client.get(compare_url(world, "doelen", goal.pk, 1, count))
    assert compare.status_code == 200 and f"Doel {count}" in compare.content.decode(), compare.content.decode()[-3000:]
    if count > 50:
        older = client.get(f"{history_url(world, 'doelen', goal.pk)}?voor={count - 49}").content.decode()
        assert f"Version {count - 50}" in older and f"Version {count - 49}<" not in older


# --- The sweep: every kind that keeps a history × every audience × every person ---------------------------------

VERSIONED = [kind.key for kind in item_kinds() if kind.model.VERSIONED_FIELDS]


def _history_sweep(shared):
    """For each audience: one item of every versioned kind, its history and comparison asked by everyone, beside
    the same pages of a missing item; the problems per kind. Once for the module: every kind's items at once."""
    world = sweep_world(shared)
    problems = {key: [] for key in VERSIONED}
    # The 404 of a missing item's history and comparison, per person and kind: the same page whichever id is missing,
    # so asked once rather than beside every item of every audience.
    missing_pages = {}
    for audience in AUDIENCES:
        for key in VERSIONED:
            kind, item, secret = build(world, key, audience)
            pages = [history_url(world, kind.segment, item.pk), compare_url(world, kind.segment, item.pk)]
            missing = [
                history_url(world, kind.segment, item.pk + 100000),
                compare_url(world, kind.segment, item.pk + 100000),
            ]
            for who in PEOPLE:
                client = world.client(who)
                history, compare = (client.get(page) for page in pages)
                if who in readers(audience):
                    if (
                        history.status_code != 200
                        or compare.status_code != 200
                        or secret not in compare.content.decode()
                    ):
                        problems[key].append(f"{who} cannot read the history of {key}/{audience}")
                    continue
                for index, (response, absent) in enumerate(zip((history, compare), missing, strict=True)):
                    if (who, key, index) not in missing_pages:
                        missing_pages[who, key, index] = normalised(client.get(absent))
                    if response.status_code != 404 or normalised(response) != missing_pages[who, key, index]:
                        problems[key].append(
                            f"{who} {key}/{audience}: {response.status_code}, not a missing item's 404"
                        )
                    if secret in response.content.decode():
                        problems[key].append(f"{who} reads {key}/{audience} in its history")
    return problems


@pytest.fixture(scope="module")
def history_problems(shared_world, django_db_blocker):
    return once_in_english(django_db_blocker, functools.partial(_history_sweep, shared_world))


@pytest.mark.parametrize("key", VERSIONED)
def test_every_kind_every_audience_every_person_reads_the_history_exactly_when_they_read_the_item(
    history_problems, key
):
    """SEC-01/SEC-04, the sweep of tests/security/test_trajectory_sweep.py on the history pages: for each audience,
    the history and the comparison show the item's words exactly to its readers (``readers``, restated there
    independently of the code); everyone else — the young person who only knows it exists included — gets the 404
    of a missing item, the same page."""
    assert {"goal", "action", "agreement", "evaluation_moment", "log_entry", "contact"} <= set(VERSIONED)
    assert history_problems[key] == []
