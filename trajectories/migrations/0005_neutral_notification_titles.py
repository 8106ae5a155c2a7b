# Issue 9, hole 4: notifications about a new message in a space used to be titled "Nieuw bericht in <name of the
# space>". The title is listed in digests and mails that leave the site; rows written before this change (digests
# not sent yet, mails still queued) get the neutral title the code writes now, in the site's language (Dutch).

from django.db import migrations

NEUTRAL = "Er is iets nieuws in je werkruimte"


def neutral_titles(apps, schema_editor):
    Notification = apps.get_model("wg_core", "Notification")
    OutboundMessage = apps.get_model("wg_core", "OutboundMessage")
    for notification in Notification.objects.filter(type="trajectories.message").exclude(title=NEUTRAL).iterator():
        old = notification.title
        for message in OutboundMessage.objects.filter(
            key=notification.key, recipient_id=notification.recipient_id, status="queued"
        ):
            message.subject = message.subject.replace(old, NEUTRAL)
            message.body = message.body.replace(old, NEUTRAL)
            message.save(update_fields=["subject", "body"])
        notification.title = NEUTRAL
        notification.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0004_declared_professionals_account_events"),
        ("wg_core", "0004_invitations_role_requests_exports"),
    ]

    operations = [migrations.RunPython(neutral_titles, migrations.RunPython.noop)]
