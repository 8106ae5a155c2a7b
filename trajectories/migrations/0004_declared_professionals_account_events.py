# Issue 9: professional seats backed by an organisation's declaration (care_organisation), erased participants,
# how a session had logged in (access log), and account security events (log-ins after a password reset or a new
# address). Existing professional and coordinator seats name the organisation that runs their space: they read
# what is only for the professionals again once that organisation declares them as care professionals.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def name_running_organisation(apps, schema_editor):
    Participant = apps.get_model("trajectories", "Participant")
    Trajectory = apps.get_model("trajectories", "Trajectory")
    for trajectory_id, organisation_id in Trajectory.objects.filter(organisation__isnull=False).values_list(
        "pk", "organisation_id"
    ):
        Participant.objects.filter(
            trajectory_id=trajectory_id, role__in=["professional", "coordinator"], care_organisation__isnull=True
        ).update(care_organisation_id=organisation_id)


class Migration(migrations.Migration):

    dependencies = [
        ('trajectories', '0003_messages_network'),
        ('wg_themes', '0003_moderation_and_mail_settings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='accesslogentry',
            name='authentication',
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name='participant',
            name='care_organisation',
            field=models.ForeignKey(blank=True, help_text='For professionals and coordinators: the organisation that declared them as a care professional.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wg_themes.organisationpage', verbose_name='declared by organisation'),
        ),
        migrations.AddField(
            model_name='participant',
            name='erased_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='accesslogentry',
            name='action',
            field=models.CharField(choices=[('read', 'read'), ('create', 'added'), ('update', 'changed'), ('delete', 'deleted'), ('denied', 'tried to open'), ('login', 'logged in')], max_length=10),
        ),
        migrations.CreateModel(
            name='AccountSecurityEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('password_reset', 'Logged in after a password reset'), ('new_email', 'Logged in after a new e-mail address was confirmed')], max_length=20)),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('consumed_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'account security event',
                'verbose_name_plural': 'account security events',
                'indexes': [models.Index(fields=['user', 'consumed_at'], name='accountevent_user_open')],
            },
        ),
        migrations.RunPython(name_running_organisation, migrations.RunPython.noop),
    ]
