"""The initiative table had two identical indexes on organization_id: the foreign key's own and one in
Meta.indexes. Dropping the second makes every insert (and a 100,000-row import) one index cheaper; a plain
DROP INDEX on both engines (SQLite does not rebuild the table, so the search triggers of 0004 stay)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0004_search_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="initiative",
            name="initiatives_organiz_d96914_idx",
        ),
    ]
