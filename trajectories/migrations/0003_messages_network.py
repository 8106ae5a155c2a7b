# Berichten and Netwerk (stream werkruimte-messages): message threads, messages, read states, outside contacts,
# social maps and their people.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

AUDIENCE = models.CharField(
    choices=[
        ("everyone", "Everyone in this space"),
        ("chosen", "Only the people I choose"),
        ("professionals", "Only the professionals"),
    ],
    default="everyone",
    max_length=20,
    verbose_name="who may see this",
)


def item_fields():
    """The fields every SpaceItem carries (trajectories.models.SpaceItem)."""
    return [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("audience", AUDIENCE.clone()),
        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
        ("updated_at", models.DateTimeField(auto_now=True)),
        (
            "author",
            models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="trajectories.participant",
                verbose_name="written by",
            ),
        ),
        (
            "chosen",
            models.ManyToManyField(
                blank=True,
                related_name="%(class)s_chosen_for",
                to="trajectories.participant",
                verbose_name="chosen people",
            ),
        ),
        (
            "updated_by",
            models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="trajectories.participant",
            ),
        ),
        (
            "trajectory",
            models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="trajectories.trajectory"
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0002_tools"),
    ]

    operations = [
        migrations.CreateModel(
            name="MessageThread",
            fields=[
                *item_fields(),
                ("subject", models.CharField(max_length=120, verbose_name="subject")),
                ("message_count", models.PositiveIntegerField(default=0)),
                ("last_message_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "conversation",
                "verbose_name_plural": "conversations",
                "indexes": [
                    models.Index(fields=["trajectory", "-last_message_at", "-id"], name="thread_trajectory_latest")
                ],
            },
        ),
        migrations.CreateModel(
            name="Message",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="message")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="+",
                        to="trajectories.participant",
                        verbose_name="written by",
                    ),
                ),
                (
                    "thread",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="trajectories.messagethread",
                    ),
                ),
                (
                    "trajectory",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="trajectories.trajectory"
                    ),
                ),
            ],
            options={
                "verbose_name": "message",
                "verbose_name_plural": "messages",
                "indexes": [models.Index(fields=["thread", "id"], name="message_thread_id")],
            },
        ),
        migrations.CreateModel(
            name="ThreadReadState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("read_count", models.PositiveIntegerField(default=0)),
                ("read_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "participant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="trajectories.participant"
                    ),
                ),
                (
                    "thread",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="read_states",
                        to="trajectories.messagethread",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["participant", "thread"], name="threadreadstate_participant")],
                "constraints": [
                    models.UniqueConstraint(fields=("thread", "participant"), name="threadreadstate_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Contact",
            fields=[
                *item_fields(),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                (
                    "relation",
                    models.CharField(
                        blank=True, help_text="For example: grandma, GP.", max_length=80, verbose_name="who is this?"
                    ),
                ),
                ("organisation", models.CharField(blank=True, max_length=120, verbose_name="organisation")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone number")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail address")),
                ("note", models.TextField(blank=True, max_length=1000, verbose_name="note")),
                (
                    "is_emergency",
                    models.BooleanField(
                        default=False,
                        help_text="Someone to call when things go wrong.",
                        verbose_name="emergency contact",
                    ),
                ),
            ],
            options={
                "verbose_name": "contact",
                "verbose_name_plural": "contacts",
                "indexes": [models.Index(fields=["trajectory", "name"], name="contact_trajectory_name")],
            },
        ),
        migrations.CreateModel(
            name="SocialMap",
            fields=item_fields(),
            options={
                "verbose_name": "social map",
                "verbose_name_plural": "social maps",
                "constraints": [
                    models.UniqueConstraint(fields=("trajectory", "author"), name="socialmap_one_per_person")
                ],
            },
        ),
        migrations.CreateModel(
            name="SocialMapPerson",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80, verbose_name="name")),
                (
                    "circle",
                    models.CharField(
                        choices=[
                            ("gezin", "Household"),
                            ("familie", "Family"),
                            ("vrienden", "Friends"),
                            ("school", "School or work"),
                            ("hulpverlening", "Care and support"),
                            ("vrije_tijd", "Free time"),
                        ],
                        max_length=20,
                        verbose_name="circle",
                    ),
                ),
                (
                    "closeness",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Very close to me"), (2, "Close to me"), (3, "A bit further away")],
                        default=2,
                        verbose_name="how close",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "social_map",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="people",
                        to="trajectories.socialmap",
                    ),
                ),
            ],
            options={
                "verbose_name": "person on the social map",
                "verbose_name_plural": "people on the social map",
                "indexes": [models.Index(fields=["social_map", "circle"], name="socialmapperson_map_circle")],
            },
        ),
    ]
