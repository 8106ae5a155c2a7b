# Agenda and Documenten (stream werkruimte-agenda-docs): appointments, personal calendar feeds, documents and
# their versions.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import trajectories.documents.models


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarFeed",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_feed",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar link",
                "verbose_name_plural": "calendar links",
            },
        ),
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "audience",
                    models.CharField(
                        choices=[
                            ("everyone", "Everyone in this space"),
                            ("chosen", "Only the people I choose"),
                            ("professionals", "Only the professionals"),
                        ],
                        default="everyone",
                        max_length=20,
                        verbose_name="who may see this",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("title", models.CharField(max_length=200, verbose_name="name of the document")),
                (
                    "kind",
                    models.CharField(
                        choices=[("file", "File"), ("text", "Text written here")],
                        default="file",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=0)),
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
                    "trajectory",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="trajectories.trajectory"
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
            ],
            options={
                "verbose_name": "document",
                "verbose_name_plural": "documents",
            },
        ),
        migrations.CreateModel(
            name="DocumentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        storage=trajectories.documents.models.files_storage,
                        upload_to=trajectories.documents.models.version_path,
                    ),
                ),
                ("original_name", models.CharField(blank=True, max_length=160)),
                ("content_type", models.CharField(blank=True, max_length=100)),
                ("size", models.PositiveBigIntegerField(default=0)),
                ("text", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT, related_name="+", to="trajectories.participant"
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="versions", to="trajectories.document"
                    ),
                ),
            ],
            options={
                "verbose_name": "document version",
                "verbose_name_plural": "document versions",
                "ordering": ["-number"],
            },
        ),
        migrations.CreateModel(
            name="Appointment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "audience",
                    models.CharField(
                        choices=[
                            ("everyone", "Everyone in this space"),
                            ("chosen", "Only the people I choose"),
                            ("professionals", "Only the professionals"),
                        ],
                        default="everyone",
                        max_length=20,
                        verbose_name="who may see this",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("title", models.CharField(max_length=200, verbose_name="what")),
                ("start", models.DateTimeField(verbose_name="starts")),
                ("end", models.DateTimeField(verbose_name="ends")),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="place")),
                ("video_call", models.BooleanField(default=False, verbose_name="video call")),
                ("video_room", models.CharField(blank=True, editable=False, max_length=64)),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
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
                    "trajectory",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="trajectories.trajectory"
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
            ],
            options={
                "verbose_name": "appointment",
                "verbose_name_plural": "appointments",
                "indexes": [models.Index(fields=["trajectory", "start"], name="appointment_trajectory_start")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end__gt", models.F("start"))), name="appointment_ends_after_start"
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["trajectory", "-updated_at"], name="document_trajectory_updated"),
        ),
        migrations.AddConstraint(
            model_name="documentversion",
            constraint=models.UniqueConstraint(fields=("document", "number"), name="documentversion_unique_number"),
        ),
    ]
