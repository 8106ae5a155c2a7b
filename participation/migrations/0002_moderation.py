# Owned by the moderation-public stream: reports (Melden), blocks, open report counters.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("wg_themes", "0003_moderation_and_mail_settings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="open_report_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="reaction",
            name="open_report_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="Block",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(verbose_name="reason")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="blocks", to="wg_themes.themepage"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="theme_blocks",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "blocked member",
                "verbose_name_plural": "blocked members",
                "indexes": [models.Index(fields=["theme", "created_at"], name="block_theme_created")],
                "constraints": [models.UniqueConstraint(fields=("user", "theme"), name="block_unique")],
            },
        ),
        migrations.CreateModel(
            name="Report",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("spam", "Spam or advertising"),
                            ("offensive", "Offensive or hurtful"),
                            ("personal_data", "Personal data of someone"),
                            ("other", "Something else"),
                        ],
                        max_length=20,
                        verbose_name="reason",
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="explanation")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("kept", "Kept: the moderator left the item online"),
                            ("removed", "Removed by a moderator"),
                        ],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decision_reason", models.TextField(blank=True, verbose_name="reason for the decision")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="reports", to="participation.post"
                    ),
                ),
                (
                    "reaction",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="participation.reaction",
                    ),
                ),
                (
                    "reporter",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reports",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="reports", to="wg_themes.themepage"
                    ),
                ),
            ],
            options={
                "verbose_name": "report",
                "verbose_name_plural": "reports",
                "indexes": [
                    models.Index(fields=["theme", "status", "created_at"], name="report_theme_status"),
                    models.Index(fields=["post", "reaction", "status"], name="report_item_status"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("reaction__isnull", True)),
                        fields=("reporter", "post"),
                        name="report_unique_post",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("reaction__isnull", False)),
                        fields=("reporter", "reaction"),
                        name="report_unique_reaction",
                    ),
                ],
            },
        ),
    ]
