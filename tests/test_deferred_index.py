"""The tests' task backend keeps Wagtail's two index tasks until something reads an index (tests/fixtures/
deferred_index.py): whatever reads one finds it as the immediate backend would have left it, query counts around the
read do not change, and every other task still runs at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import task
from django_tasks.base import TaskResultStatus
from modelsearch.backends import get_search_backend
from wagtail.models import Page, ReferenceIndex

from tests.fixtures.deferred_index import pending
from themes.factories import image, organisation_page, theme_page
from themes.models import ThemePage

pytestmark = pytest.mark.django_db


@task()
def double(number):
    return 2 * number


def test_a_page_saved_in_the_test_is_found_by_the_search_after_it(home, organisation):
    kept = pending()  # the organisation fixture's pages, not indexed yet
    theme_page(title="Zwerfvuilrondes in Zeldegem", organisation=organisation)
    assert pending() > kept  # the new page's indexing waits for a read too

    found = list(ThemePage.objects.live().search("Zwerfvuilrondes"))

    assert [page.title for page in found] == ["Zwerfvuilrondes in Zeldegem"]
    assert pending() == 0
    assert list(ThemePage.objects.live().search("Klimaattafel")) == []


def test_the_last_saved_title_is_the_one_found(home, organisation):
    theme = theme_page(title="Eerste naam", organisation=organisation)
    theme.title = "Buurtmoestuin"
    theme.save()

    assert [page.pk for page in Page.objects.live().search("Buurtmoestuin")] == [theme.pk]
    assert list(Page.objects.live().search("Eerste")) == []


def test_a_page_deleted_before_any_read_is_in_neither_index(home, organisation):
    logo = image(title="Beeldmerk")
    doomed = organisation_page(title="Opgeheven vereniging", logo=logo)
    doomed.delete()

    assert list(Page.objects.search("Opgeheven")) == []
    assert ReferenceIndex.get_references_to(logo).count() == 0


def test_the_reference_index_knows_what_uses_an_image_when_asked(home):
    logo = image(title="Beeldmerk")
    organisation = organisation_page(title="Gemeente Beeldrijk", logo=logo)

    users = [reference.object_id for reference in ReferenceIndex.get_references_to(logo)]

    assert users == [str(organisation.pk)]


def test_a_query_count_around_a_read_does_not_see_the_kept_tasks(home, organisation):
    theme_page(title="Speelstraten", organisation=organisation)
    backend = get_search_backend()
    with CaptureQueriesContext(connection) as first:
        assert len(list(backend.search("Speelstraten", ThemePage))) == 1
    with CaptureQueriesContext(connection) as second:
        assert len(list(backend.search("Speelstraten", ThemePage))) == 1

    assert len(first) == len(second)


def test_every_other_task_runs_at_once():
    result = double.enqueue(21)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 42
    assert pending() == 0
