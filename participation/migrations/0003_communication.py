# Owned by one work stream; its operations are added as its models land.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("participation", "0002_moderation")]

    operations = []
