"""Measure the pages that must stay fast at national scale, against a prepared database.

    .venv/bin/python bench/run.py --scale demo|national [--db sqlite|postgres] [-n 30] [--seed-log FILE]

Server time of each request through the Django test client (middleware, views, queries, template
rendering; no network), warm cache (a few requests first), N requests per case: p50 / p95 / max in ms.
Prints the figures and writes them to bench/results.md (one section per scale and engine; other
sections, e.g. the importer's, are kept) and bench/results.json. See bench/README.md for preparing the
databases. `--profile CASE` prints a pyinstrument profile of one request of that case instead.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_MD = ROOT / "bench" / "results.md"
RESULTS_JSON = ROOT / "bench" / "results.json"
DEFAULT_DIRS = {"demo": "/tmp/bench_demo", "national": "/tmp/bench_national"}
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_{scale}"
PROVINCE = "Sơn La"  # the province of the province-level cases (a demo province, so both scales have it)
SEARCH = "dan van kheo"
TARGETS = {  # case -> (p95 limit in ms, compare with demo scale)
    "national_dashboard": (50, True), "province_dashboard": (50, True),
    "list_filtered_search": (100, False), "api_search": (100, False),
    "report_docx": (2000, False), "report_xlsx": (2000, False),
    "round_rollup": (200, False), "national_report_docx": (3000, False), "national_report_xlsx": (3000, False),
}


def configure(args) -> dict:
    """Point Django at the database of this scale and engine (unless the environment already does)."""
    sys.path.insert(0, str(ROOT))
    if args.db == "postgres":
        os.environ.setdefault("DATABASE_URL", DEFAULT_PG.format(scale=args.scale))
    else:
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            sys.exit("--db sqlite, nhưng DATABASE_URL trỏ tới PostgreSQL: hãy bỏ DATABASE_URL.")
        os.environ.setdefault("DANVAN_DATA_DIR", DEFAULT_DIRS[args.scale])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    os.environ.setdefault("DANVAN_DEMO", "1")  # a benchmark database, not an installation: the demo key will do
    import django

    django.setup()
    from django.db import connection

    expected = {"sqlite": "sqlite", "postgres": "postgresql"}[args.db]
    if connection.vendor != expected:
        sys.exit(f"Cơ sở dữ liệu đang cấu hình là {connection.vendor}, không phải {expected}.")
    return {"DANVAN_DATA_DIR": os.environ.get("DANVAN_DATA_DIR", ""), "DATABASE_URL": os.environ.get("DATABASE_URL", "")}


# ---------------------------------------------------------------------------------------------
# What is measured
# ---------------------------------------------------------------------------------------------
def cases(scale: str) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from danvan.territory.models import AdminUnit

    admin = get_user_model().objects.filter(username="admin").first()
    staff = get_user_model().objects.filter(username="bdv.tinh").first()
    commune_staff = get_user_model().objects.filter(username="bdv.xa").first() or staff
    if admin is None or staff is None:
        sys.exit("Thiếu tài khoản trình diễn (admin, bdv.tinh): chuẩn bị cơ sở dữ liệu như bench/README.md.")
    province = AdminUnit.objects.provinces().get(short_name=PROVINCE)
    year = str(datetime.date.today().year - 1)
    round_ = province_round(province, year, admin)
    return [
        {"name": "national_dashboard", "label": "Bảng điều khiển toàn quốc", "user": admin,
         "url": reverse("dashboards:home"), "params": {}},
        {"name": "province_dashboard", "label": f"Bảng điều khiển tỉnh {PROVINCE}", "user": admin,
         "url": reverse("dashboards:unit", args=[province.pk]), "params": {}},
        {"name": "list_filtered_search", "label": "Danh sách mô hình: tỉnh + lĩnh vực + tìm kiếm", "user": admin,
         "url": reverse("initiatives:initiative_list"),
         "params": {"unit": province.pk, "field": "culture_society", "q": SEARCH}},
        {"name": "list_province_user_search", "label": "Danh sách mô hình của cán bộ tỉnh, tìm kiếm", "user": staff,
         "url": reverse("initiatives:initiative_list"), "params": {"q": SEARCH}},
        {"name": "list_commune_user_search", "label": "Danh sách mô hình của cán bộ xã, tìm kiếm",
         "user": commune_staff, "url": reverse("initiatives:initiative_list"), "params": {"q": SEARCH}},
        {"name": "api_search", "label": "API mô hình: tỉnh + tìm kiếm", "user": admin,
         "url": "/api/v1/initiatives/", "params": {"unit": province.pk, "search": SEARCH}},
        {"name": "list_national_rare", "label": "Danh sách toàn quốc, tìm một tên riêng (chỉ để tham khảo)",
         "user": admin, "url": reverse("initiatives:initiative_list"), "params": {"q": "giàng a chống"}},
        {"name": "list_national_common", "label": "Danh sách toàn quốc, tìm từ phổ biến (chỉ để tham khảo)",
         "user": admin, "url": reverse("initiatives:initiative_list"), "params": {"q": SEARCH}, "n": 5},
        {"name": "report_docx", "label": f"Báo cáo năm {year} tỉnh {PROVINCE} (.docx)", "user": admin,
         "url": "/reports/documents/download/", "params": {"unit": province.pk, "period": year, "format": "docx"},
         "n": 10},
        {"name": "report_xlsx", "label": f"Phụ lục số liệu năm {year} tỉnh {PROVINCE} (.xlsx)", "user": admin,
         "url": "/reports/documents/download/", "params": {"unit": province.pk, "period": year, "format": "xlsx"},
         "n": 10},
        {"name": "round_rollup", "label": f"Tổng hợp đợt báo cáo năm {year} của tỉnh {PROVINCE} "
                                          f"({round_.reports.count()} xã)", "user": admin,
         "url": reverse("reporting:round_rollup", args=[round_.pk]), "params": {}, "n": 10},
        {"name": "national_report_docx", "label": f"Báo cáo năm {year} toàn quốc (.docx)", "user": admin,
         "url": "/reports/documents/download/", "params": {"unit": "VN", "period": year, "format": "docx"},
         "n": 3},
        {"name": "national_report_xlsx", "label": f"Phụ lục số liệu năm {year} toàn quốc (.xlsx)", "user": admin,
         "url": "/reports/documents/download/", "params": {"unit": "VN", "period": year, "format": "xlsx"},
         "n": 3},
    ]


def province_round(province, year: str, admin):
    """The province's reporting round for the year (its 75 communes at national scale), opened the first time
    with half of its reports handed in, so the roll-up sums snapshots and counts the rest live."""
    from django.utils import timezone

    from danvan.reporting import services
    from danvan.reporting.models import ReportingRound

    round_ = ReportingRound.objects.filter(issuing_unit=province, period_code=year).first()
    if round_ is None:
        round_ = services.open_round(province, year, timezone.localdate(), admin)
        for report in list(round_.reports.order_by("pk"))[::2]:
            report.results = "Kết quả."
            services.submit(report, user=None, expected_version=report.version)
    return round_


def measure(case: dict, n: int, warmup: int = 3) -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(case["user"])
    response = client.get(case["url"], case["params"])
    if response.status_code != 200:
        return {"status": response.status_code, "error": _error_text(response)}
    for _ in range(warmup - 1):
        client.get(case["url"], case["params"])
    with CaptureQueriesContext(connection) as context:
        client.get(case["url"], case["params"])
    queries = list(context.captured_queries)
    slowest = max(queries, key=lambda q: float(q["time"]), default=None)
    times = []
    for _ in range(case.get("n", n)):
        reset_queries()
        t0 = time.perf_counter()
        response = client.get(case["url"], case["params"])
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return {
        "status": 200, "n": len(times), "p50": statistics.median(times), "p95": _percentile(times, 95),
        "max": times[-1], "queries": len(queries),
        "slowest_query_ms": float(slowest["time"]) * 1000 if slowest else 0,
        "slowest_query": slowest["sql"][:300] if slowest else "", "bytes": len(response.content),
    }


def _percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 values is the 29th)."""
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


def _error_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode(errors="replace"))
    return " ".join(text.split())[:200]


def profile(case: dict) -> None:
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    client.force_login(case["user"])
    client.get(case["url"], case["params"])
    profiler = Profiler(interval=0.0005)
    profiler.start()
    client.get(case["url"], case["params"])
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


# ---------------------------------------------------------------------------------------------
# Context: machine, database, data
# ---------------------------------------------------------------------------------------------
def machine() -> dict:
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "ram_gb": round(int(mem) / 1024 / 1024, 1), "cpu": cpu,
            "python": platform.python_version(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def database() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            import sqlite3

            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            size = pages * cursor.fetchone()[0]
            return {"engine": f"SQLite {sqlite3.sqlite_version}", "size_gb": round(size / 1e9, 2),
                    "where": str(connection.settings_dict["NAME"])}
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        return {"engine": f"PostgreSQL {version}", "size_gb": round(cursor.fetchone()[0] / 1e9, 2),
                "where": connection.settings_dict["NAME"]}


def row_counts() -> dict:
    from danvan.initiatives.models import (
        Exemplar, Indicator, IndicatorValue, Initiative, InitiativeTransition, ProgressUpdate,
    )
    from danvan.organizations.models import Organization
    from danvan.territory.models import AdminUnit

    return {
        "provinces": AdminUnit.objects.provinces().count(), "communes": AdminUnit.objects.communes().count(),
        "organizations": Organization.objects.count(), "initiatives": Initiative.objects.count(),
        "exemplars": Exemplar.objects.count(), "transitions": InitiativeTransition.objects.count(),
        "indicators": Indicator.objects.count(), "progress_updates": ProgressUpdate.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
    }


def commands(args, env: dict) -> list[str]:
    py = ".venv/bin/python"
    if args.db == "postgres":
        db = env["DATABASE_URL"]
        name = db.rsplit("/", 1)[-1]
        prefix = f"DANVAN_DEMO=1 DATABASE_URL={db} "
        prep = [f"createdb -h 127.0.0.1 -U postgres {name}"]
    else:
        prefix = f"DANVAN_DEMO=1 DANVAN_DATA_DIR={env['DANVAN_DATA_DIR']} "
        prep = []
    if args.scale == "demo":
        prep.append(f"{prefix}{py} -m danvan demo --no-serve")
    else:
        log = args.seed_log or "seed.log"
        prep += [f"{prefix}{py} -m danvan migrate", f"{prefix}{py} -m danvan load-units",
                 f"{prefix}nohup /usr/bin/time -v {py} -m danvan seed --scale national > {log} 2>&1 &"]
    seed_log = f" --seed-log {args.seed_log}" if args.seed_log else ""
    return [*prep, f"{prefix}{py} bench/run.py --scale {args.scale} --db {args.db} -n {args.n}{seed_log}"]


def seed_summary(path: str | None) -> list[str]:
    if not path or not Path(path).exists():
        return []
    keep = ("Đã tạo", "Các bước", "Elapsed", "chỉ mục", "khoá ngoại", "Maximum resident", "Percent of CPU")
    return [line.strip() for line in Path(path).read_text().splitlines() if any(k in line for k in keep)]


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------
def verdicts(results: dict, scale: str, engine: str, previous: dict) -> dict:
    out = {}
    demo = previous.get(f"demo/{engine}", {}).get("results", {})
    for name, (limit, compare) in TARGETS.items():
        r = results.get(name)
        if not r or r.get("status") != 200:
            out[name] = "chưa đo được" if r else "—"
            continue
        ok = r["p95"] <= limit
        text = f"p95 {r['p95']:.0f} ≤ {limit} ms" if ok else f"p95 {r['p95']:.0f} > {limit} ms"
        if compare and scale == "national" and demo.get(name, {}).get("status") == 200:
            ratio = r["p95"] / demo[name]["p95"]
            ok = ok and ratio <= 2
            text += f"; {ratio:.1f}× demo ({demo[name]['p95']:.0f} ms)"
        elif compare and scale == "national":
            text += "; chưa có số đo demo để so"
        out[name] = ("đạt: " if ok else "KHÔNG đạt: ") + text
    return out


def section(data: dict) -> str:
    scale, engine = data["scale"], data["engine"]
    title = {"demo": "Quy mô demo", "national": "Quy mô quốc gia"}[scale]
    m, d, c = data["machine"], data["database"], data["rows"]
    lines = [
        f"## {title} — {engine}",
        "",
        f"Đo lúc {data['date']} (giờ Việt Nam); máy: {m['nproc']} nhân ({m['cpu']}), RAM {m['ram_gb']} GB, "
        f"Python {m['python']}; tải máy lúc đo (loadavg 1/5/15 phút): {data['load_before']} → {m['load']}.",
        f"Cơ sở dữ liệu: {d['engine']}, {d['size_gb']} GB ({d['where']}).",
        "",
        "Số dòng: " + ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in c.items()) + ".",
        "",
        "Lệnh chuẩn bị và đo:",
        "",
        "```",
        *data["commands"],
        "```",
        "",
    ]
    if data.get("seed"):
        lines += ["Thời gian nạp dữ liệu (`seed --scale national`, trích nhật ký):", "", "```", *data["seed"], "```", ""]
    lines += [
        "| trường hợp | n | p50 ms | p95 ms | max ms | truy vấn | truy vấn chậm nhất ms | mục tiêu |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for case in data["cases"]:
        r = data["results"][case["name"]]
        verdict = data["verdicts"].get(case["name"], "tham khảo")
        if r.get("status") != 200:
            lines.append(f"| {case['label']} | – | – | – | – | – | – | chưa đo được: HTTP {r.get('status')} "
                         f"{r.get('error', '')} |")
            continue
        lines.append(f"| {case['label']} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | "
                     f"{r['queries']} | {r['slowest_query_ms']:.1f} | {verdict} |")
    lines += ["", "Truy vấn chậm nhất của mỗi trường hợp (một lần đo):", ""]
    for case in data["cases"]:
        r = data["results"][case["name"]]
        if r.get("slowest_query"):
            lines.append(f"- {case['name']}: {r['slowest_query_ms']:.1f} ms — `{r['slowest_query'][:220]}…`")
    return "\n".join(lines) + "\n"


OURS = ("## Quy mô demo", "## Quy mô quốc gia")
HEADER = ("# Kết quả đo hiệu năng\n\nCác mục “Quy mô …” do `bench/run.py` ghi (xem bench/README.md); mục "
          "“Import/export” do `bench/import_bench.py` ghi.\n\n")


def write_markdown(all_data: dict) -> None:
    """Rewrite our sections of results.md from results.json; keep every other section (the importer's)."""
    text = RESULTS_MD.read_text() if RESULTS_MD.exists() else ""
    parts = re.split(r"(?m)^(?=## )", text)
    head = parts[0] if text and not parts[0].startswith("## ") else HEADER
    others = [p for p in parts if p.startswith("## ") and not p.startswith(OURS)]
    order = {"demo/SQLite": 0, "demo/PostgreSQL": 1, "national/SQLite": 2, "national/PostgreSQL": 3}
    ours = [section(all_data[k]) for k in sorted(all_data, key=lambda k: order.get(k, 9))]
    RESULTS_MD.write_text(head + "".join(s.rstrip() + "\n\n" for s in ours)
                          + "".join(p.rstrip() + "\n\n" for p in others))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["demo", "national"], required=True)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("-n", type=int, default=30, help="requests per case (reports: 10)")
    parser.add_argument("--seed-log", default=None, help="log of `danvan seed --scale national` (its times go in)")
    parser.add_argument("--profile", default=None, metavar="CASE", help="print a pyinstrument profile of one case")
    parser.add_argument("--only", nargs="*", default=None, metavar="CASE", help="measure only these cases")
    parser.add_argument("--no-write", action="store_true", help="print only, do not write results.md/json")
    args = parser.parse_args()
    env = configure(args)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    all_cases = cases(args.scale)
    if args.profile:
        profile(next(c for c in all_cases if c["name"] == args.profile))
        return
    selected = [c for c in all_cases if args.only is None or c["name"] in args.only]
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    engine = "SQLite" if args.db == "sqlite" else "PostgreSQL"
    rows = row_counts()
    print(f"{args.scale} / {engine}: " + ", ".join(f"{k} {v}" for k, v in rows.items()), flush=True)
    results = {}
    for case in selected:
        results[case["name"]] = r = measure(case, args.n)
        if r.get("status") == 200:
            print(f"  {case['name']:<26} n={r['n']:<3} p50 {r['p50']:8.1f}  p95 {r['p95']:8.1f}  max {r['max']:8.1f} ms"
                  f"  ({r['queries']} truy vấn, chậm nhất {r['slowest_query_ms']:.1f} ms)", flush=True)
        else:
            print(f"  {case['name']:<26} HTTP {r['status']}: {r.get('error', '')}", flush=True)
    previous = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    key = f"{args.scale}/{engine}"
    data = {
        "scale": args.scale, "engine": engine, "date": datetime.datetime.now().strftime("%d/%m/%Y %H:%M"),
        "machine": machine(), "load_before": load_before, "database": database(), "rows": rows,
        "commands": commands(args, env), "seed": seed_summary(args.seed_log),
        "cases": [{"name": c["name"], "label": c["label"]} for c in selected], "results": results,
    }
    data["verdicts"] = verdicts(results, args.scale, engine, previous)
    for name, verdict in data["verdicts"].items():
        if name in results:
            print(f"  {name}: {verdict}")
    if args.no_write:
        return
    previous[key] = data
    RESULTS_JSON.write_text(json.dumps(previous, ensure_ascii=False, indent=1, default=str))
    write_markdown(previous)
    print(f"Đã ghi {RESULTS_MD.relative_to(ROOT)} và {RESULTS_JSON.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
