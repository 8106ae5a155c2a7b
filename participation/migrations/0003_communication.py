# Owned by the "pushmail" work stream (issue 4 §6).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0002_moderation"),
        ("wg_themes", "0003_moderation_and_mail_settings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PushMail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64, unique=True)),
                ("subject", models.CharField(max_length=200, verbose_name="subject")),
                ("body", models.TextField(verbose_name="message")),
                (
                    "selection",
                    models.CharField(
                        choices=[
                            ("all", "All members"),
                            ("organisations", "Members of chosen organisations"),
                            ("members", "Members I pick"),
                        ],
                        max_length=20,
                        verbose_name="recipients",
                    ),
                ),
                ("organisation_names", models.JSONField(blank=True, default=list)),
                ("recipient_ids", models.JSONField(default=list)),
                ("recipient_count", models.PositiveIntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expanded_at", models.DateTimeField(blank=True, null=True)),
                (
                    "sender",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="push_mails",
                        to="wg_themes.themepage",
                    ),
                ),
            ],
            options={
                "verbose_name": "push mail",
                "verbose_name_plural": "push mails",
                "indexes": [models.Index(fields=["sender", "-created_at"], name="pushmail_sender_created")],
            },
        ),
    ]
