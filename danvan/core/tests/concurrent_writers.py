"""Several processes writing to one SQLite file at once, through the real web views.

Run by test_sqlite_concurrency.py as `python -m danvan.core.tests.concurrent_writers DATA_DIR WORKERS N`:
migrates a fresh SQLite database in DATA_DIR, creates a commune with a few initiatives, then starts
WORKERS processes that each post N progress updates (the form a cadre submits) at the same time.
Prints one JSON line: the status codes seen and the rows stored.
"""
import json
import multiprocessing as mp
import os
import sys


def _setup():
    import django

    django.setup()
    from django.core.management import call_command

    from danvan.accounts.models import Role
    from danvan.conftest import make_unit, make_user
    from danvan.initiatives.models import Field, Initiative
    from danvan.initiatives.services import register_initiative
    from danvan.organizations.models import Organization, OrganizationKind
    from danvan.territory.models import UnitKind, UnitLevel

    call_command("migrate", verbosity=0)
    province = make_unit("14", "Tỉnh Sơn La", UnitKind.PROVINCE, UnitLevel.PROVINCE)
    commune = make_unit("04000", "Xã Phổng Lái", UnitKind.COMMUNE, UnitLevel.COMMUNE, parent=province)
    org = Organization.objects.create(kind=OrganizationKind.PEOPLES_COMMITTEE, name="UBND xã", unit=commune)
    user = make_user("bdv_xa", Role.MASS_MOBILIZATION_STAFF, unit=commune)
    ids = [register_initiative(Initiative(title=f"Mô hình {i}", field=Field.ECONOMY, organization=org, year=2025),
                               submit=True).pk for i in range(4)]
    return user.pk, ids


def _writer(args):
    user_id, initiative_id, count = args
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(pk=user_id))
    codes = []
    for i in range(count):
        response = client.post(f"/initiatives/{initiative_id}/progress/",
                               {"text": f"Ra quân lần {i}", "date": "01/09/2025"})
        codes.append(response.status_code)
    return codes


def main(data_dir: str, workers: int, count: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "danvan.settings_test"
    os.environ["DANVAN_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/danvan.sqlite3"
    user_id, ids = _setup()
    with mp.get_context("spawn").Pool(workers) as pool:
        results = pool.map(_writer, [(user_id, ids[i % len(ids)], count) for i in range(workers)])
    from danvan.initiatives.models import ProgressUpdate

    codes: dict[str, int] = {}
    for code in (c for r in results for c in r):
        codes[str(code)] = codes.get(str(code), 0) + 1
    print(json.dumps({"codes": codes, "rows": ProgressUpdate.objects.count(),
                      "write_during_backup": _write_during_backup_snapshot(data_dir)}))


def _write_during_backup_snapshot(data_dir: str) -> str:
    """Can another process write while a backup reads its snapshot? ("ok" or SQLite's error)."""
    import sqlite3

    from danvan.core.backup import snapshot
    from danvan.initiatives.models import ProgressUpdate

    with snapshot():
        ProgressUpdate.objects.count()  # the read transaction has begun
        other = sqlite3.connect(f"{data_dir}/danvan.sqlite3", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return "ok"
        except sqlite3.OperationalError as exc:
            return str(exc)
        finally:
            other.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
