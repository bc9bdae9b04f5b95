"""The cells' dimension "changed" now keeps every status (it kept only recognised and not implemented): recount.

The dashboards' "moved to this status in the period" read the whole registry on every request (6 s for the nation);
it is now read from the cells like the other figures. The recount is the keeper's own (stats.counts.rebuild): an
empty registry costs nothing, a national one a few minutes, once.
"""
from django.db import migrations


def recount(apps, schema_editor):
    from danvan.stats.counts import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0002_nation_cells_sharded"),
        ("initiatives", "0008_exemplar_search_index_again"),
    ]
    operations = [migrations.RunPython(recount, migrations.RunPython.noop, elidable=False)]
