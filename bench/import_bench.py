"""Bench: import and export of 100,000 initiatives.

    DANVAN_DATA_DIR=/tmp/h_import_bench .venv/bin/python bench/import_bench.py [--rows 100000]

Uses a scratch database (DANVAN_DATA_DIR, default /tmp/h_import_bench; or DATABASE_URL): migrates it,
loads the territory if missing and creates organisations in two provinces. Then it writes a messy-ish
workbook (two title rows, a header merged over two lines, columns in their own order, NFD text, dates
as dd/mm/yyyy text and as Excel dates, pre-2025 commune names) and measures, each step in a fresh
process so its peak memory (max RSS) is its own:

  read     python-calamine alone reading every row of the file (the yardstick)
  check    the preview: every row read and checked, nothing written
  import   the whole import: parse, validate, resolve units and organisations, write, audit
  floor    the database alone storing the same rows again (INSERT … SELECT, no Python per row): the
           least any importer could take for what this one writes
  again    importing the same file a second time (every row is found, nothing is written)
  xlsx/csv exporting the imported rows from the initiative list page (?q=bench&export=...)
  (floor runs last: its copies would otherwise be exported too; the next run removes them)

The figures are printed and written to bench/results.md (replacing the section of the last run on the same
database).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DANVAN_DATA_DIR", "/tmp/h_import_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
os.environ.setdefault("DANVAN_DEMO", "1")  # a benchmark database, not an installation: the demo key will do

PROVINCES = ("Tỉnh Sơn La", "Tỉnh Đắk Lắk")
USERNAME = "bench_import"
TITLE_PREFIX = "BENCH"
FIELDS = ["Kinh tế", "Văn hóa - Xã hội", "Quốc phòng – an ninh", "Xây dựng hệ thống chính trị", "VH-XH", "KT"]
TOPICS = ["thu gom rác thải", "thắp sáng đường quê", "sen – cá", "dân vận khéo trong giải phóng mặt bằng",
          "tổ tự quản an ninh", "hũ gạo tình thương", "con đường hoa", "chuyển đổi số ở thôn bản"]
STATUSES = (["Đã đăng ký"] * 10 + ["Đang thực hiện"] * 6 + ["Đã sơ kết"] * 2 + ["Kết thúc", "Tạm dừng"])


def vn(number) -> str:
    """1234567 -> "1.234.567" (Vietnamese grouping, as the rest of the product writes numbers)."""
    return f"{number:,.0f}".replace(",", ".")


def django_setup():
    import django

    django.setup()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------------ setup

def setup() -> dict:
    """Migrate, load units, create the bench organisations and user (idempotent); return the pool."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from danvan.accounts.models import Assignment, Role
    from danvan.organizations.models import Organization, OrganizationKind
    from danvan.territory.models import AdminUnit

    if AdminUnit.objects.communes().count() < 3000:
        call_command("load_units", verbosity=0)
    provinces = list(AdminUnit.objects.provinces().filter(name__in=PROVINCES))
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=USERNAME, defaults={"is_active": True})
    for p in provinces:
        Assignment.objects.get_or_create(user=user, role=Role.MASS_MOBILIZATION_STAFF, unit=p)
    communes = list(AdminUnit.objects.communes().filter(province__in=provinces).select_related("province"))
    if not Organization.objects.filter(province__in=provinces, name__startswith="Hội Nông dân").exists():
        orgs = []
        for c in communes:
            for kind, name in ((OrganizationKind.PEOPLES_COMMITTEE, "Uỷ ban nhân dân"),
                               (OrganizationKind.FARMERS, "Hội Nông dân"), (OrganizationKind.WOMEN, "Hội Phụ nữ")):
                o = Organization(kind=kind, name=f"{name} {c.name}", unit=c, commune=c, province=c.province)
                o.refresh_search_columns()
                orgs.append(o)
        Organization.objects.bulk_create(orgs, batch_size=1000)
    pool = []
    for c in communes:
        names = list(Organization.objects.filter(commune=c).values_list("name", flat=True))
        old = list(c.predecessors.filter(level=3).values_list("name", flat=True))
        if names:  # a database that had organisations already may lack them in some communes
            pool.append({"commune": c.name, "province": c.province.short_name, "orgs": names, "old": old})
    return {"user": USERNAME, "pool": pool}


def clean() -> None:
    """Remove what an earlier run imported, so the import writes 100,000 new rows again."""
    from auditlog.models import LogEntry
    from django.db import transaction

    from danvan.initiatives.models import Initiative, InitiativeTransition

    from django.db import connection

    with transaction.atomic():
        ids = Initiative.all_objects.filter(title__startswith=TITLE_PREFIX).values("pk")
        InitiativeTransition.objects.filter(initiative__in=ids)._raw_delete(InitiativeTransition.objects.db)
        LogEntry.objects.filter(cid__startswith="import-")._raw_delete(LogEntry.objects.db)
        Initiative.all_objects.filter(title__startswith=TITLE_PREFIX)._raw_delete(Initiative.objects.db)
    if connection.vendor == "postgresql":
        # Earlier runs leave dead rows and swollen indexes (100,000 rows deleted, the same dashboard cells
        # updated again and again): rewrite those tables so that every run starts from the same state.
        from danvan.stats.counts import TABLES

        with connection.cursor() as cursor:
            for model in (Initiative, InitiativeTransition, LogEntry, *(t.model for t in TABLES)):
                cursor.execute(f"VACUUM FULL ANALYZE {model._meta.db_table}")


def generate(path: Path, rows: int, pool: list, seed: int = 2025) -> None:
    """The workbook, written row by row in xlsxwriter's constant-memory mode."""
    import xlsxwriter

    from danvan.territory.services import resolve_unit_name

    rng = random.Random(seed)
    # Only old names that resolve to the commune itself (some old names repeat inside a province).
    usable_old = {}
    for place in pool:
        for old in place["old"][:3]:
            unit, _warning = resolve_unit_name(f"{old}, {place['province']}")
            if unit is not None and unit.name == place["commune"]:
                usable_old.setdefault(place["commune"], []).append(old)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Danh sách")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    ws.write(0, 0, "DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” (dữ liệu thử)")
    ws.write(1, 0, f"Kèm theo báo cáo ngày {datetime.date.today():%d/%m/%Y}")
    # Constant-memory mode writes rows strictly in order, so a heading spanning both header lines is
    # written in the upper line with the lower cell left empty (what a merged cell reads as anyway).
    ws.write(2, 0, "STT", head)
    ws.merge_range(2, 1, 2, 3, "Thông tin mô hình", head)
    for col, title in ((4, "Cơ quan, đơn vị chủ trì"), (5, "Xã, phường"), (6, "Năm"), (7, "Ngày đăng ký"),
                       (8, "Tình trạng"), (9, "Lý do")):
        ws.write(2, col, title, head)
    ws.write_row(3, 1, [unicodedata.normalize("NFD", "Tên mô hình"), "Lĩnh vực", "Tập thể/cá nhân"], head)
    today = datetime.date.today()
    for i in range(1, rows + 1):
        place = pool[rng.randrange(len(pool))]
        title = f"{TITLE_PREFIX} Mô hình {TOPICS[i % len(TOPICS)]} số {i}"
        if i % 3 == 0:
            title = unicodedata.normalize("NFD", title)
        unit = f"{place['commune']}, {place['province']}"
        if i % 10 == 0 and usable_old.get(place["commune"]):
            unit = f"{usable_old[place['commune']][0]}, {place['province']}"
        year = rng.choice((2022, 2023, 2024, 2025))
        day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        day = min(day, today)
        status = rng.choice(STATUSES)
        r = i + 3
        ws.write_number(r, 0, i)
        ws.write_string(r, 1, title)
        ws.write_string(r, 2, FIELDS[i % len(FIELDS)])
        ws.write_string(r, 3, "Tập thể" if i % 4 else "Cá nhân")
        ws.write_string(r, 4, rng.choice(place["orgs"]))
        ws.write_string(r, 5, unit)
        ws.write_number(r, 6, year)
        if i % 2:
            ws.write_string(r, 7, f"{day:%d/%m/%Y}")
        else:
            ws.write_datetime(r, 7, datetime.datetime(day.year, day.month, day.day), date_fmt)
        ws.write_string(r, 8, status)
        if status in ("Kết thúc", "Tạm dừng"):
            ws.write_string(r, 9, "Đã hoàn thành mục tiêu" if status == "Kết thúc" else "Thiếu kinh phí")
    wb.close()


# ------------------------------------------------------------------------------------------------ steps

def step_read(path: str) -> dict:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    wb = CalamineWorkbook.from_path(path)
    rows = sum(1 for _ in wb.get_sheet_by_index(0).iter_rows())
    return {"seconds": time.perf_counter() - started, "rows": rows}


def step_import(path: str) -> dict:
    django_setup()
    from django.contrib.auth import get_user_model

    from danvan.imports.services import import_file

    user = get_user_model().objects.get(username=USERNAME)
    started = time.perf_counter()
    outcome = import_file(path, "initiatives", user=user, commit=True, cid="import-bench")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "counts": outcome.counts, "committed": outcome.committed,
            "errors": [i for i in outcome.issues if i["level"] == "error"][:5]}


def step_check(path: str) -> dict:
    """The preview: every row read and checked, nothing written."""
    django_setup()
    from django.contrib.auth import get_user_model

    from danvan.imports.services import import_file

    user = get_user_model().objects.get(username=USERNAME)
    started = time.perf_counter()
    outcome = import_file(path, "initiatives", user=user, commit=False, cid="import-bench-check")
    return {"seconds": time.perf_counter() - started, "counts": outcome.counts}


def step_floor() -> dict:
    """What the database alone takes to store what the import stored: the same initiatives, lifecycle steps
    and audit entries copied inside the database by INSERT … SELECT (no Python per row, no parsing, no
    look-ups), with the same indexes, constraints and search index (SQLite: filled in bulk, as the importer
    does), committed. The copies stay until the next run's clean-up."""
    django_setup()
    from auditlog.models import LogEntry
    from django.db import connection, transaction

    from danvan.core.search import DeferredIndex
    from danvan.initiatives.models import Initiative, InitiativeTransition

    def columns(model):
        return ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields if not f.primary_key)

    ini, tra, log = (m._meta.db_table for m in (Initiative, InitiativeTransition, LogEntry))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {ini}")
        (top,) = cursor.fetchone()
    counts = {}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        index = DeferredIndex(connection, ini)
        index.start()
        cursor.execute(f"INSERT INTO {ini} ({columns(Initiative)}) SELECT {columns(Initiative)} FROM {ini} "
                       f"WHERE title LIKE %s AND id <= %s ORDER BY id", [f"{TITLE_PREFIX}%", top])
        counts["initiatives"] = cursor.rowcount
        index.finish()
        cursor.execute(f"INSERT INTO {tra} ({columns(InitiativeTransition)}) SELECT {columns(InitiativeTransition)} "
                       f"FROM {tra} WHERE initiative_id IN (SELECT id FROM {ini} WHERE title LIKE %s AND id <= %s)",
                       [f"{TITLE_PREFIX}%", top])
        counts["transitions"] = cursor.rowcount
        cursor.execute(f"INSERT INTO {log} ({columns(LogEntry)}) SELECT {columns(LogEntry)} FROM {log} "
                       f"WHERE cid = %s", ["import-bench"])
        counts["audit"] = cursor.rowcount
    return {"seconds": time.perf_counter() - started, "counts": counts}


def step_export(fmt: str) -> dict:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=USERNAME))
    started = time.perf_counter()
    response = client.get(f"/initiatives/?q={TITLE_PREFIX.lower()}&export={fmt}")
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": size, "status": response.status_code}


def run_step(name: str, *args) -> dict:
    """Run one step in a fresh interpreter: its peak memory is its own."""
    out = subprocess.run([sys.executable, __file__, "--step", name, *args], capture_output=True, text=True,
                         env=os.environ.copy(), cwd=str(ROOT))
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"step {name} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def baseline_rss() -> float:
    """Peak memory of a process that only starts Django (what every step pays before any work)."""
    return run_step("idle")["rss_mb"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--step")
    parser.add_argument("args", nargs="*")
    parser.add_argument("--no-append", action="store_true", help="print only, do not append to bench/results.md")
    opts = parser.parse_args()
    if opts.step:
        result = {"idle": lambda: (django_setup(), {})[1], "read": lambda: step_read(*opts.args),
                  "import": lambda: step_import(*opts.args), "check": lambda: step_check(*opts.args),
                  "floor": step_floor, "export": lambda: step_export(*opts.args)}[opts.step]()
        result["rss_mb"] = rss_mb()
        print(json.dumps(result, default=str))
        return

    django_setup()
    data_dir = Path(os.environ["DANVAN_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"Chuẩn bị cơ sở dữ liệu thử ({os.environ.get('DATABASE_URL') or data_dir})…", flush=True)
    info = setup()
    clean()
    path = data_dir / f"import_bench_{opts.rows}.xlsx"
    started = time.perf_counter()
    generate(path, opts.rows, info["pool"])
    print(f"Tệp {path.name}: {path.stat().st_size / 1e6:.1f} MB, viết trong {time.perf_counter() - started:.1f} s",
          flush=True)
    from django.db import connection

    idle = baseline_rss()
    read = run_step("read", str(path))
    check = run_step("check", str(path))
    first = run_step("import", str(path))
    if not first["committed"]:
        raise SystemExit(f"the import did not commit: {first}")
    again = run_step("import", str(path))
    xlsx = run_step("export", "xlsx")
    csv_ = run_step("export", "csv")
    floor = run_step("floor")
    n = opts.rows
    ratio = first["seconds"] / read["seconds"]
    fc = floor["counts"]
    lines = [
        f"- file: {vn(n)} rows × 10 columns, {path.stat().st_size / 1e6:.1f} MB (.xlsx); database: {connection.vendor}",
        f"- python-calamine read alone: {read['seconds']:.2f} s ({vn(n / read['seconds'])} rows/s), "
        f"peak RSS {read['rss_mb']:.0f} MB",
        f"- whole import (parse, validate, resolve units/organisations, write, audit): {first['seconds']:.2f} s "
        f"= {vn(n / first['seconds'])} rows/s = {ratio:.1f}× the calamine read (target ≤ 3×); "
        f"peak RSS {first['rss_mb']:.0f} MB (a bare Django process: {idle:.0f} MB); "
        f"created {vn(first['counts']['new'])}",
        f"- the database alone storing the same rows (INSERT … SELECT of {vn(fc['initiatives'])} initiatives, "
        f"{vn(fc['transitions'])} lifecycle steps, {vn(fc['audit'])} audit entries, with every index, constraint "
        f"and the search index, committed; no Python per row): {floor['seconds']:.2f} s "
        f"= {floor['seconds'] / read['seconds']:.1f}× the calamine read",
        f"- the preview (read and check every row, write nothing): {check['seconds']:.2f} s "
        f"({vn(n / check['seconds'])} rows/s) = {check['seconds'] / read['seconds']:.1f}× the calamine read",
        f"- same file again (idempotent, nothing written): {again['seconds']:.2f} s "
        f"({vn(n / again['seconds'])} rows/s), new {again['counts']['new']}, already there "
        f"{vn(again['counts']['existing'])}; peak RSS {again['rss_mb']:.0f} MB",
        f"- export from the list page, streamed: .xlsx {xlsx['seconds']:.2f} s ({xlsx['bytes'] / 1e6:.1f} MB, "
        f"peak RSS {xlsx['rss_mb']:.0f} MB); .csv {csv_['seconds']:.2f} s ({csv_['bytes'] / 1e6:.1f} MB, "
        f"peak RSS {csv_['rss_mb']:.0f} MB)",
    ]
    text = "\n".join(lines)
    print(text)
    if not opts.no_append:
        results = ROOT / "bench" / "results.md"
        env = f"DATABASE_URL={os.environ['DATABASE_URL']} " if os.environ.get("DATABASE_URL") else ""
        cmd = f"{env}DANVAN_DATA_DIR={os.environ['DANVAN_DATA_DIR']} .venv/bin/python bench/import_bench.py" + (
            f" --rows {n}" if n != 100_000 else "")
        engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor, connection.vendor)
        heading = f"## Import/export ({vn(n)} rows) — {engine}"
        section = (f"{heading}\n\n{datetime.date.today():%d/%m/%Y}, `{cmd}` on {platform.machine()} "
                   f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end: other work shares "
                   f"the machine), Python {platform.python_version()}:\n\n{text}\n\n")
        # This run replaces the last one on the same database; every other section stays.
        old = results.read_text(encoding="utf-8") if results.exists() else "# Bench results\n\n"
        parts = re.split(r"(?m)^(?=## )", old)
        kept = [p for p in parts if not p.startswith(heading + "\n")]
        results.write_text("".join(kept).rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n", encoding="utf-8")
        print(f"→ {heading} written to {results.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
