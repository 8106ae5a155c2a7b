# Owned by the "digests" work stream (issue 4 §7).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_communication"),
        ("wg_themes", "0003_moderation_and_mail_settings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Digest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("subject", models.CharField(max_length=200, verbose_name="subject")),
                ("introduction", models.TextField(blank=True, verbose_name="introduction")),
                ("sent_at", models.DateTimeField()),
                ("recipient_count", models.PositiveIntegerField(default=0)),
                ("key", models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True)),
                (
                    "posts",
                    models.ManyToManyField(related_name="digests", to="participation.post", verbose_name="posts"),
                ),
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
                        on_delete=django.db.models.deletion.CASCADE, related_name="digests", to="wg_themes.themepage"
                    ),
                ),
            ],
            options={
                "verbose_name": "digest",
                "verbose_name_plural": "digests",
                "indexes": [models.Index(fields=["theme", "-sent_at"], name="digest_theme_sent")],
            },
        ),
    ]
