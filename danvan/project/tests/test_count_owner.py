"""What a figure counts is answered in one place, the stats app. This test reads every module and fails when
one outside stats counts registry records itself: a module that names the registry (Initiative, Exemplar or
the stats helpers that select them) and calls `.count()` or `Count(`.

Tests, migrations and the data generators (which report what they wrote, not a figure) are not read.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
REGISTRY_NAMES = {"Initiative", "Exemplar", "initiatives_in", "exemplars_in"}
SKIPPED_APPS = {"stats", "generators"}


def findings_in(path: Path, rel: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names_registry = any(
        (isinstance(node, ast.Name) and node.id in REGISTRY_NAMES)
        or (isinstance(node, ast.alias) and node.name.split(".")[-1] in REGISTRY_NAMES)
        for node in ast.walk(tree))
    if not names_registry:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "count" and not node.args:
            found.append(f"{rel}:{node.lineno} counts records with .count()")
        elif (isinstance(node.func, ast.Name) and node.func.id == "Count") or (
                isinstance(node.func, ast.Attribute) and node.func.attr == "Count"):
            found.append(f"{rel}:{node.lineno} counts records with Count()")
    return found


def counts_outside_stats(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        parts = rel.split("/")
        if parts[0] in SKIPPED_APPS or "tests" in parts or "migrations" in parts or rel == "conftest.py":
            continue
        found += findings_in(path, rel)
    return found


def test_registry_figures_are_counted_only_in_stats():
    assert counts_outside_stats() == []


def test_the_check_sees_a_count_written_outside_stats(tmp_path):
    (tmp_path / "dashboards").mkdir()
    (tmp_path / "dashboards" / "views.py").write_text(
        "from django.db.models import Count\n"
        "from danvan.initiatives.models import Initiative\n"
        "def home(user):\n"
        "    by_status = Initiative.objects.values('status').annotate(n=Count('id'))\n"
        "    return Initiative.objects.filter(status='draft').count(), by_status\n",
        encoding="utf-8")
    (tmp_path / "stats").mkdir()
    (tmp_path / "stats" / "figures.py").write_text(
        "from danvan.initiatives.models import Initiative\n"
        "def n():\n    return Initiative.objects.count()\n", encoding="utf-8")
    found = sorted(counts_outside_stats(tmp_path))
    assert found == ["dashboards/views.py:4 counts records with Count()",
                     "dashboards/views.py:5 counts records with .count()"]
