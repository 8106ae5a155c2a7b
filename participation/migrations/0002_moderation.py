# Owned by one work stream; its operations are added as its models land.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial"), ("wg_themes", "0003_moderation_and_mail_settings")]

    operations = []
