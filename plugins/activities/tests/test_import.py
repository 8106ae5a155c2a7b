"""Import of the UiTdatabank feed (seed 002): the shipped 50-event sample gives the expected counts, a second run
duplicates nothing, a changed record is updated, bad records are refused one by one with their reason and a bad
feed fails as a whole with a clear message. One notification per run. REL-03 (idempotent imports), SEC-08 (HTML from
outside is cleaned)."""

import json
from datetime import datetime

import pytest
from django.utils import timezone

from core.imports.models import ImportOutcome, ImportRun
from core.imports.services import import_start
from core.notifications.models import Notification
from werkgroepen_activities.activities.models import Activity, Source, Status
from werkgroepen_activities.feed import services as feed
from werkgroepen_activities.feed.hooks import UitImportForm
from werkgroepen_activities.feed.models import FeedImport

from .conftest import switch_on

NOW = timezone.make_aware(datetime(2026, 12, 1, 12, 0))  # the sample's dates are in 2027, a few in 2024-2025


def sample():
    return json.loads(feed.SAMPLE.read_text(encoding="utf-8"))


def write_feed(tmp_path, events):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"member": events}), encoding="utf-8")
    return str(path)


def test_the_sample_of_50_events_gives_the_expected_counts(switched_on):
    run = feed.feed_import(organisation=switched_on, source="sample", now=NOW)
    assert (run.total, run.created, run.updated, run.skipped, run.refused) == (50, 37, 0, 7, 6)
    activities = Activity.objects.filter(organisation=switched_on)
    assert activities.count() == 37
    assert set(activities.values_list("status", flat=True)) == {Status.DRAFT}
    assert set(activities.values_list("source", flat=True)) == {Source.UIT}
    assert set(activities.values_list("changed_by_name", flat=True)) == {"UiTinVlaanderen"}
    assert set(activities.values_list("postcode", flat=True)) <= {"8630", "8999"}
    reasons = {problem["reason"] for problem in run.problems if problem["refused"]}
    assert reasons == {
        "Al zijn data liggen in het verleden.",
        "Het evenement heeft geen adres.",
        "Het evenement heeft geen Nederlandse naam.",
        "Onleesbare datum: volgende dinsdag",
    }


def test_a_second_run_duplicates_nothing_and_a_changed_record_is_updated(switched_on, tmp_path):
    events = sample()["member"]
    first = feed.feed_import(organisation=switched_on, source=write_feed(tmp_path, events), now=NOW)
    events[0]["name"]["nl"] = "Praatcafé Nederlands (nieuwe zaal)"
    second = feed.feed_import(organisation=switched_on, source=write_feed(tmp_path, events), now=NOW)
    assert first.created == 37
    assert (second.created, second.updated, second.unchanged) == (0, 1, 36)
    assert Activity.objects.filter(organisation=switched_on).count() == 37
    changed = Activity.objects.get(external_id=events[0]["@id"])
    assert changed.title == "Praatcafé Nederlands (nieuwe zaal)"


def test_the_same_event_in_another_organisation_is_its_own_activity(switched_on, other_organisation):
    switch_on(other_organisation, postcodes="")
    feed.feed_import(organisation=switched_on, source="sample", now=NOW)
    run = feed.feed_import(organisation=other_organisation, source="sample", now=NOW)
    assert run.skipped == 0 and run.created == 44  # no territory: nothing skipped
    assert Activity.objects.count() == 37 + 44


def test_html_in_a_description_is_cleaned_and_said(switched_on):
    run = feed.feed_import(organisation=switched_on, source="sample", now=NOW)
    cooking = Activity.objects.get(external_id=sample()["member"][4]["@id"])
    assert "<script" not in cooking.description_html and "onclick" not in cooking.description_html
    assert "<b>koken</b>" in cooking.description_html or "<strong>koken</strong>" in cooking.description_html
    cleaned = [problem for problem in run.problems if not problem["refused"]]
    assert {problem["reason"] for problem in cleaned} >= {
        "HTML in de beschrijving werd opgekuist.",
        "Onbekend type Circusvoorstelling bewaard als trefwoord.",
        "1 voorbije datum/data weggelaten.",
    }


def test_an_unknown_type_becomes_a_keyword_and_known_ones_a_type(switched_on):
    feed.feed_import(organisation=switched_on, source="sample", now=NOW)
    circus = Activity.objects.get(external_id=sample()["member"][8]["@id"])
    assert list(circus.types.all()) == []
    assert "Circusvoorstelling" in circus.tags.names()
    workshop = Activity.objects.get(external_id=sample()["member"][0]["@id"])
    assert [kind.code for kind in workshop.types.all()] == ["workshop"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<html>not json</html>", "De feed is geen geldige JSON."),
        (b'{"member": "nope"}', "De feed bevat geen lijst van evenementen."),
    ],
)
def test_a_feed_that_is_not_a_json_list_fails_as_a_whole(switched_on, tmp_path, content, message):
    path = tmp_path / "feed.json"
    path.write_bytes(content)
    with pytest.raises(feed.FeedError, match=message):
        feed.feed_import(organisation=switched_on, source=str(path), now=NOW)
    assert not Activity.objects.exists() and not FeedImport.objects.exists()


def test_a_huge_feed_is_refused_and_says_its_limit(switched_on, tmp_path, monkeypatch):
    monkeypatch.setattr(feed, "MAX_BYTES", 1000)
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"member": [{"@id": "x" * 2000}]}), encoding="utf-8")
    with pytest.raises(feed.FeedError, match="te groot"):
        feed.feed_import(organisation=switched_on, source=str(path), now=NOW)


def test_too_many_events_are_refused(switched_on, tmp_path, monkeypatch):
    monkeypatch.setattr(feed, "MAX_EVENTS", 3)
    with pytest.raises(feed.FeedError, match="meer dan 3"):
        feed.feed_import(organisation=switched_on, source=write_feed(tmp_path, [{}] * 4), now=NOW)


def test_a_bad_record_is_not_half_written(switched_on, tmp_path, monkeypatch):
    events = sample()["member"][:2]
    calls = []
    original = feed.activity_save

    def failing_save(**kwargs):
        calls.append(kwargs["values"]["title"])
        activity = original(**kwargs)
        if len(calls) == 1:
            raise ValueError("boom after the row was written")
        return activity

    monkeypatch.setattr(feed, "activity_save", failing_save)
    run = feed.feed_import(organisation=switched_on, source=write_feed(tmp_path, events), now=NOW)
    assert (run.created, run.refused) == (1, 1)
    assert list(Activity.objects.values_list("title", flat=True)) == [events[1]["name"]["nl"]]


def test_one_notification_per_import_tells_how_many_arrived(switched_on, moderator, manager):
    run = feed.feed_import(organisation=switched_on, source="sample", now=NOW)
    notices = Notification.objects.filter(type="activities.imported")
    assert notices.count() == 2  # one per moderator (two people), not one per activity
    assert set(notices.values_list("recipient", flat=True)) == {moderator.pk, manager.pk}
    assert notices.first().title == "37 nieuwe activiteiten zijn geïmporteerd uit UiT."
    again = feed.feed_import(organisation=switched_on, source="sample", now=NOW)
    assert again.created == 0 and Notification.objects.filter(type="activities.imported").count() == 2
    assert run.pk != again.pk


def test_the_import_screen_runs_the_importer_in_the_background(
    switched_on, manager, django_capture_on_commit_callbacks
):
    form = UitImportForm(data={"source": "sample"})
    assert form.is_valid()
    with django_capture_on_commit_callbacks(execute=True):
        run = import_start(organisation=switched_on, slug="uitdatabank", form=form, by=manager)
    run.refresh_from_db()
    # The test settings run tasks at once; the sample's 2024-2025 events are past anyway.
    assert run.outcome == ImportOutcome.SUCCEEDED
    assert run.count == Activity.objects.filter(organisation=switched_on).count() > 30


def test_the_import_screen_fails_clearly_without_a_feed_address(
    switched_on, manager, django_capture_on_commit_callbacks
):
    form = UitImportForm(data={"source": "url"})
    form.is_valid()
    with django_capture_on_commit_callbacks(execute=True):
        run = import_start(organisation=switched_on, slug="uitdatabank", form=form, by=manager)
    run = ImportRun.objects.get(pk=run.pk)
    assert run.outcome == ImportOutcome.FAILED
    assert "feedadres" in run.error


def test_no_importer_is_offered_where_the_plugin_is_off(switched_on, manager):
    switch_on(switched_on, enabled=False)
    form = UitImportForm(data={"source": "sample"})
    form.is_valid()
    with pytest.raises(Exception) as refused:
        import_start(organisation=switched_on, slug="uitdatabank", form=form, by=manager)
    assert type(refused.value).__name__ == "PermissionDenied"
