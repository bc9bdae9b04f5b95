"""`danvan db_worker`: django-tasks-db's worker, which also reaps import jobs whose process died.

It reaps when it starts (the jobs its predecessor left running) and then every IMPORT_REAP_INTERVAL seconds
in a daemon thread (see imports.leases). INSTALLED_APPS lists danvan.imports before django_tasks_db, so this
command is the one `db_worker` runs; every option is django-tasks-db's.
"""
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from danvan.imports.leases import Reaper


class Command(WorkerCommand):
    help = WorkerCommand.help + " (and reap import jobs whose process died)"

    def handle(self, *args, **options):
        reaper = Reaper().start()
        try:
            return super().handle(*args, **options)
        finally:
            reaper.stop.set()
