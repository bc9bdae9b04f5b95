"""Notifications moved from the dashboards app into their own app: bring the existing ones over."""
from django.db import migrations


def copy(apps, schema_editor):
    Old = apps.get_model("dashboards", "Notification")
    New = apps.get_model("notifications", "Notification")
    New.objects.bulk_create(
        [New(recipient_id=n.recipient_id, kind="alert", title=n.title, body=n.body, url=n.url,
             created_at=n.created_at, read_at=n.read_at) for n in Old.objects.all().iterator()],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("dashboards", "0001_initial"),
    ]
    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
