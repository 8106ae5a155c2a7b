"""The editors' workflow button speaks Dutch (issue 14 §13): Wagtail's default task and workflow were named
"Moderators approval", so the button read "Stuur door naar Moderators approval"."""

import pytest
from wagtail.models import Task, Workflow

pytestmark = pytest.mark.django_db


def test_the_default_workflow_and_its_task_have_dutch_names():
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Task.objects.filter(name="beheerders ter goedkeuring").exists()
    assert Workflow.objects.filter(name="Goedkeuring door de beheerders").exists()
