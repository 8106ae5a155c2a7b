"""Wagtail's default workflow and its task are created in English ("Moderators approval"), so the editors' button read
"Stuur door naar Moderators approval" (issue 14 §13). Give them Dutch names; reversible."""

from django.db import migrations

ENGLISH = "Moderators approval"
DUTCH_TASK = "beheerders ter goedkeuring"  # the button: "Stuur door naar beheerders ter goedkeuring"
DUTCH_WORKFLOW = "Goedkeuring door de beheerders"


def to_dutch(apps, schema_editor):
    apps.get_model("wagtailcore", "Task").objects.filter(name=ENGLISH).update(name=DUTCH_TASK)
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=ENGLISH).update(name=DUTCH_WORKFLOW)


def to_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Task").objects.filter(name=DUTCH_TASK).update(name=ENGLISH)
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=DUTCH_WORKFLOW).update(name=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("wg_themes", "0005_theme_tell_moderators_when_members_leave"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_dutch, to_english)]
