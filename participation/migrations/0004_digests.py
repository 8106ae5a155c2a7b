from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("participation", "0003_communication")]

    operations = []
