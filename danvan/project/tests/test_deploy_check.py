"""docs/deploy.md cannot rot (issue 11, item 1): the templates it installs render completely and check out.

`scripts/deploy-check.sh --render-only` renders the env file, danvan-manage, the systemd units and the nginx
site exactly as the document does, fails on a placeholder left or a unit's program missing, and runs
`nginx -t` where nginx is installed. The full script (database, services, nginx over HTTPS) runs in CI
(.ci/run); the document's commands name the same files.
"""
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_the_deploy_templates_render_and_check():
    done = subprocess.run(["bash", "scripts/deploy-check.sh", "--render-only"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "deploy-check: rendered files OK" in done.stdout


def test_a_placeholder_left_unfilled_is_refused(tmp_path):
    template = tmp_path / "unit.service"
    template.write_text("ExecStart=@APP_DIR@/.venv/bin/danvan serve --bind @NOT_A_VALUE@\n")
    done = subprocess.run(["bash", "deploy/render.sh", str(template)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode != 0 and "@NOT_A_VALUE@" in done.stderr


def test_the_document_installs_every_template_the_script_checks():
    document = (REPO / "docs" / "deploy.md").read_text()
    for path in sorted((REPO / "deploy").rglob("*")):
        if path.is_file() and path.name != "render.sh":
            assert str(path.relative_to(REPO)) in document, f"docs/deploy.md does not use {path.relative_to(REPO)}"
    # Every command the units run exists.
    for unit in (REPO / "deploy" / "systemd").glob("*.service"):
        for command in re.findall(r"^ExecStart=\S+/danvan (\w+)", unit.read_text(), re.M):
            assert any((REPO / "danvan").rglob(f"management/commands/{command}.py")), command
