# The care professional role (issue 9): declared by an organisation admin, backs professional seats in spaces.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wg_core', '0004_invitations_role_requests_exports'),
    ]

    operations = [
        migrations.AlterField(
            model_name='invitation',
            name='role',
            field=models.CharField(choices=[('superadmin', 'Superadmin'), ('organisation_admin', 'Organisation admin'), ('editor', 'Editor'), ('moderator', 'Theme moderator'), ('observer', 'Observer'), ('care_professional', 'Care professional')], max_length=32, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='roleassignment',
            name='role',
            field=models.CharField(choices=[('superadmin', 'Superadmin'), ('organisation_admin', 'Organisation admin'), ('editor', 'Editor'), ('moderator', 'Theme moderator'), ('observer', 'Observer'), ('care_professional', 'Care professional')], max_length=32, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='rolegroup',
            name='role',
            field=models.CharField(choices=[('superadmin', 'Superadmin'), ('organisation_admin', 'Organisation admin'), ('editor', 'Editor'), ('moderator', 'Theme moderator'), ('observer', 'Observer'), ('care_professional', 'Care professional')], max_length=32),
        ),
    ]
