"""The direction of imports between the apps (docs/architecture.md): each app imports only from the layers
below it, never from above, so a reader knows where a thing lives and a change cannot ripple upwards.

Every import counts, also one written inside a function. Tests and migrations are not checked (a test may
build its world from any app; a migration is frozen history).
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # danvan/

# Bottom up. An app may import itself and the apps of lower layers; apps of one layer do not import each other.
LAYERS = [
    ["core"],
    ["territory"],
    ["organizations"],
    ["accounts"],
    ["audit", "notifications"],
    ["initiatives"],
    ["stats"],
    ["documents"],
    ["reporting"],
    ["dashboards"],
    ["imports"],
    ["generators"],
    ["project"],
]
LAYER = {app: i for i, apps in enumerate(LAYERS) for app in apps}
# Modules at the package root: settings and wsgi see everything (they assemble the project), cli and __main__
# only start Django, formats are data.
ROOT_MODULES = {"settings", "settings_test", "wsgi", "cli", "__main__", "__init__", "conftest", "formats"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "danvan" else None


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if "tests" in rel.parts or "migrations" in rel.parts or len(rel.parts) == 1:
            continue
        app = rel.parts[0]
        if app in ROOT_MODULES:
            continue
        assert app in LAYER, f"{rel}: app {app!r} has no layer in LAYERS (docs/architecture.md)"
        for line, module in _imports(path):
            target = _app_of(module)
            if target is None or target == app:
                continue
            if target in ROOT_MODULES and target != "settings":
                continue
            if target not in LAYER:
                found.append(f"{rel}:{line} imports {module} (not an app of any layer)")
            elif LAYER[target] >= LAYER[app]:
                found.append(f"{rel}:{line} imports {module}: {app} (layer {LAYER[app]}) may not import "
                             f"{target} (layer {LAYER[target]})")
    return found


def test_every_app_imports_only_from_the_layers_below_it():
    assert violations() == []


def test_the_check_sees_a_wrong_import(tmp_path, monkeypatch):
    """The rule can fail: an import from core up into initiatives is reported."""
    fake = tmp_path / "danvan"
    (fake / "core").mkdir(parents=True)
    (fake / "core" / "bad.py").write_text("def f():\n    from danvan.initiatives.models import Initiative\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", fake)
    assert violations() == ["core/bad.py:2 imports danvan.initiatives.models: core (layer 0) may not import "
                            "initiatives (layer 5)"]
