"""`danvan worker`: the background worker (imports) as its own process, for a service manager.

The same worker as `danvan db_worker` (django-tasks-db's, which also reaps import jobs whose process died):
one name for docs/deploy.md's systemd unit next to `danvan serve` and `danvan scheduler`.
"""
from danvan.imports.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    pass
