"""Who keeps the counts of what the registry writes (settings.COUNT_KEEPER; core imports no app).

The keeper is a module of a layer above the registry (danvan.stats.counts). The writers call it explicitly,
in their own transaction, never through signals:
- `counting(record)`: a context manager around the write of one record (core.services wraps every save);
- `tracking(model, qs)`: around a bulk update of records that must select the same records afterwards;
- `tally(model)`: an object with `add(rows)` (rows just inserted, as {attname: value} dicts with
  "organization__kind") and `apply()` (write the sum), for the batch services;
- `rebuild()`: recount everything once (a batch made with `recount=True`, the national data set, at its end).
"""
import importlib

from django.conf import settings


def count_keeper():
    """The keeper module (imported here: nothing else may have imported it yet, e.g. in a fresh worker)."""
    return importlib.import_module(settings.COUNT_KEEPER)
