# Issue 9 (hole 8): a change of working-group type never widens who reads the posts that already exist.
from django.db import migrations, models


def record_what_exists(apps, schema_editor):
    """Fill in the new columns for what exists, on the narrow side where the past cannot be known.

    * A post gets its theme's type as the type it was written under; a members' post in a theme that is open now
      can only have been written while the theme was closed or mixed (an open theme writes public posts), so it
      counts as written for the members a moderator admitted.
    * An approved membership of a theme that is open now, that no moderator decided, was taken at once.
    """
    Post = apps.get_model("participation", "Post")
    Membership = apps.get_model("participation", "Membership")
    ThemePage = apps.get_model("wg_themes", "ThemePage")
    for theme_id, group_type in ThemePage.objects.values_list("pk", "group_type"):
        posts = Post.objects.filter(theme_id=theme_id)
        if group_type == "open":
            posts.filter(section="members").update(theme_type_at_writing="closed")
            posts.exclude(section="members").update(theme_type_at_writing="open")
        else:
            posts.update(theme_type_at_writing=group_type)
    Membership.objects.filter(status="approved", decided_by__isnull=True, theme__group_type="open").update(
        joined_at_once=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0004_digests"),
        ("wg_themes", "0003_moderation_and_mail_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="joined_at_once",
            field=models.BooleanField(
                default=False,
                help_text="Joined an open working group without a moderator's decision.",
                verbose_name="joined at once",
            ),
        ),
        migrations.AddField(
            model_name="post",
            name="theme_type_at_writing",
            field=models.CharField(default="closed", max_length=10, verbose_name="type of the theme when written"),
        ),
        migrations.RunPython(record_what_exists, migrations.RunPython.noop),
    ]
