"""Both moves out of the dashboards app: the count tables to stats, the notifications to their own app."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dashboards", "0002_cells_move_to_stats"),
        ("dashboards", "0002_delete_notification"),
    ]

    operations = []
