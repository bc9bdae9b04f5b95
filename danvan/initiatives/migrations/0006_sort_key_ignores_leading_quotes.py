"""Titles and names that open with a quote mark (“Dân vận khéo”…, « … ») get the sort key that ignores it
(core.text.record_sort_key), so a list sorted by title puts them under their first letter. Only those rows change."""
from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

from danvan.core.text import _QUOTES, record_sort_key


def recompute(apps, schema_editor):
    for model_name, field in (("Initiative", "title"), ("Exemplar", "name")):
        model = apps.get_model("initiatives", model_name)
        opens_with_quote = reduce(or_, (Q(**{f"{field}__startswith": ch}) for ch in _QUOTES + " "))
        changed = []
        for row in model._base_manager.filter(opens_with_quote).only("pk", field, "sort_key").iterator():
            key = record_sort_key(getattr(row, field))
            if key != row.sort_key:
                row.sort_key = key
                changed.append(row)
        model._base_manager.bulk_update(changed, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_drop_duplicate_organization_index")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
