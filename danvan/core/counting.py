"""Who keeps the counts of what the registry writes in bulk (settings.COUNT_KEEPER; core imports no app).

The keeper is a module of a layer above the registry. Its `tally(model)` returns an object with `add(rows)`
(rows just inserted, as {attname: value} dicts with "organization__kind") and `apply()` (write the sum, in
the caller's transaction). The batch services call it explicitly for every record they write; a batch made
with `recount=True` (the national data set) calls the keeper's `rebuild()` once at its end instead.
"""
from django.conf import settings
from django.utils.module_loading import import_string


def count_keeper():
    return import_string(settings.COUNT_KEEPER)
