"""The `danvan` console script: Django's management commands under one name.

`danvan demo`, `danvan load-units`, `danvan seed` ... (dashes and underscores are equivalent).
"""
import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        if argv[1] == "demo":
            # `danvan demo` is demo mode: the public demo key and the demo accounts' published passwords work
            # (in this process, its runserver and the db_worker it starts). Nothing else turns it on.
            os.environ["DANVAN_DEMO"] = "1"
        if argv[1] in {"serve", "worker", "scheduler"}:
            # The long-running production processes log one JSON object per line (journald, a log collector).
            os.environ.setdefault("DANVAN_LOG_FORMAT", "json")
        if argv[1] == "serve":
            os.environ.setdefault("DANVAN_ACCESS_LOG", "1")
        if argv[1] in {"serve", "collectstatic"}:
            # Static files under hashed, compressed names, collected by `danvan collectstatic` (settings.py).
            os.environ.setdefault("DANVAN_STATIC_MANIFEST", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["danvan", *argv[1:]])


if __name__ == "__main__":
    main()
