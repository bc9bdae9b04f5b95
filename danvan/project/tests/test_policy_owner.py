"""Who may do what is answered in one place, the scope policy (accounts/policy.py). This test reads every module
and fails when a permission is read from a user's scope or assignments anywhere else: the scope's fields, the
function that builds it, the Assignment model or its `assignments` relation, roles, or `is_superuser`.

The accounts app itself (which owns assignments and roles, and their admin), the demo generator (which creates
the demo accounts), tests and migrations are not read.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
SCOPE_FIELDS = {"national_view", "national_change", "view_provinces", "view_communes", "view_orgs",
                "change_provinces", "change_communes", "change_orgs", "steering_user_id", "can_audit"}
FORBIDDEN_NAMES = {"get_scope", "build_scope", "Assignment", "Role"}
ALLOWED_FILES = {"generators/demo.py", "generators/national.py"}


def _is_policy(node) -> bool:
    """`policy.x`, `policy().x`: asking the policy is the point."""
    if isinstance(node, ast.Name):
        return node.id == "policy"
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "policy"


def findings_in(path: Path, rel: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in SCOPE_FIELDS and not _is_policy(node.value):
                found.append(f"{rel}:{node.lineno} reads the scope's `{node.attr}`")
            elif node.attr in ("assignments", "is_superuser"):
                found.append(f"{rel}:{node.lineno} reads `{node.attr}`")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"{rel}:{node.lineno} uses `{node.id}`")
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] in FORBIDDEN_NAMES:
            found.append(f"{rel}:{node.lineno} imports `{node.name}`")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "assignments__" in node.value:
            found.append(f"{rel}:{node.lineno} filters through assignments")
    return found


def permission_reads_outside_the_policy(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        parts = rel.split("/")
        if parts[0] in ("accounts", "conftest.py") or "tests" in parts or "migrations" in parts or rel in ALLOWED_FILES:
            continue
        found += findings_in(path, rel)
    return found


def test_permissions_are_read_only_in_the_scope_policy():
    assert permission_reads_outside_the_policy() == []


def test_the_check_sees_a_permission_read_by_hand(tmp_path):
    (tmp_path / "reporting").mkdir()
    (tmp_path / "reporting" / "views.py").write_text(
        "from danvan.core.scoping import policy\n"
        "def ok(user):\n    return policy().can_audit(user)\n"
        "def bad(user, scope):\n    return scope.national_change or user.is_superuser\n")
    assert permission_reads_outside_the_policy(tmp_path) == [
        "reporting/views.py:5 reads the scope's `national_change`", "reporting/views.py:5 reads `is_superuser`"]
