"""The activity types of seed 002 (ikdoemee.be); organisations choose which they offer on the Plugins tab."""

from django.db import migrations

TYPES = [
    ("vrijwilligerswerk", "Volunteering"),
    ("ontmoeting", "Meeting"),
    ("workshop", "Workshop"),
    ("buddywerking", "Buddy scheme"),
    ("uitstap", "Outing"),
    ("cursus", "Course"),
    ("sport", "Sport"),
    ("cultuur", "Culture"),
]


def add_types(apps, schema_editor):
    ActivityType = apps.get_model("werkgroepen_activities", "ActivityType")
    for code, label in TYPES:
        ActivityType.objects.update_or_create(code=code, defaults={"label": label})


def remove_types(apps, schema_editor):
    apps.get_model("werkgroepen_activities", "ActivityType").objects.filter(code__in=[c for c, _ in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("werkgroepen_activities", "0001_initial")]

    operations = [migrations.RunPython(add_types, remove_types)]
