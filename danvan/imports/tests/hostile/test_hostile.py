"""Every hostile file through the real job services, preview (check) and import (commit): each ends with a clear
Vietnamese message and a job that is not running, the test process (the worker here) alive and its memory
unharmed, and every reading child under the stated memory bound (IMPORT_READ_MEMORY_BYTES)."""
import os
import re
import resource
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.imports import limits, sandbox, services, tasks
from danvan.imports.errors import FileRejected
from danvan.imports.models import ImportJob, JobState
from danvan.imports.tests.hostile.files import HOSTILE

pytestmark = pytest.mark.django_db
VIETNAMESE = re.compile("[ảãạăằắẳẵặâầấẩẫậđẻẽẹêềếểễệỉĩịỏõọôồốổỗộơờớởỡợủũụưừứửữựỳỷỹỵ]")
PARENT_BOUND = 1024 * 1024 * 1024   # the test process itself (a worker) never holds a hostile file


@pytest.fixture
def user(django_user_model):
    # No file here gets as far as its rows, so no scope is needed (the `world` fixture would cost more than the files).
    return django_user_model.objects.create(username="hostile")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {name: builder(folder) for name, (builder, _fragment) in HOSTILE.items()}


def _children_since(count):
    return list(sandbox.RECENT)[count:]


def _run(phase, path, user):
    """The preview as the upload page runs it (upload → queued check), or the import of a job whose file
    is the hostile one (as if it had been swapped after its check): commit_import, the worker's task."""
    if phase == "check":
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        job = services.upload(upload, kind="initiatives", user=user)
    else:
        job = ImportJob(kind="initiatives", user=user, original_name=path.name, extension=path.suffix.lstrip("."),
                        size=path.stat().st_size, sha256="0" * 64, state=JobState.COMMIT_QUEUED)
        job.file.save(path.name, SimpleUploadedFile(path.name, path.read_bytes()), save=False)
        job.save()
        tasks.commit_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("phase", ["check", "commit"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_ends_its_job_with_a_vietnamese_message(name, phase, built, user):
    fragment = HOSTILE[name][1]
    seen = len(sandbox.RECENT)
    job = _run(phase, built[name], user)
    assert job.state == (JobState.INVALID if phase == "check" else JobState.FAILED), (job.state, job.message)
    assert not job.is_running and job.counts.get("new", 0) == 0
    assert fragment in job.message and VIETNAMESE.search(job.message), job.message
    bound = limits.current().read_memory_bytes
    for child in _children_since(seen):
        assert 0 < child.peak_rss < bound, child
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < PARENT_BOUND


def test_the_two_files_of_the_issue_are_small_and_cost_no_child(built, user):
    """1.7 KB (one cell at XFD1048576) and ~0.5 MB (shared strings inflating to 204 MB): refused before any reader."""
    assert built["xfd1048576"].stat().st_size < 2500
    assert built["shared-strings-bomb"].stat().st_size < 600_000   # ~0.5 MB inflating to 204 MB
    seen = len(sandbox.RECENT)
    for name in ("xfd1048576", "shared-strings-bomb"):
        outcome = services.import_file(built[name], "initiatives", user=user, commit=False)
        assert outcome.fatal and not outcome.counts["rows"]
    for child in _children_since(seen):
        assert child.outcome == "stopped"   # started beside the checks, stopped by them before reading anything


@pytest.mark.parametrize("name", ["xfd1048576", "unique-count"])
def test_what_the_static_checks_let_through_costs_the_child_not_the_worker(name, built, user, settings):
    """With the static bounds lifted (as if a check were missing), the same files reach python-calamine, which
    asks for hundreds of GiB and aborts: the child dies, the job says why, the worker goes on."""
    settings.IMPORT_MAX_COLUMNS = 16384
    settings.IMPORT_MAX_CELLS = 10 ** 12
    settings.IMPORT_MAX_SHARED_STRINGS = 10 ** 10
    settings.IMPORT_READ_MEMORY_BYTES = 512 * 1024 * 1024
    seen = len(sandbox.RECENT)
    job = _run("check", built[name], user)
    assert job.state == JobState.INVALID and "quá nhiều bộ nhớ" in job.message and "512 MB" in job.message
    children = _children_since(seen)
    assert [c.outcome for c in children] == ["memory"]
    assert children[0].peak_rss < 512 * 1024 * 1024
    # the worker is fine: the next file imports
    job = _run("check", built["empty-workbook"], user)
    assert "Không tìm thấy dòng tiêu đề" in job.message


def test_a_child_that_never_answers_is_killed_after_the_timeout(tmp_path, settings):
    """A reader stuck for good (here: a FIFO nobody writes to) costs IMPORT_READ_TIMEOUT seconds, then a message."""
    settings.IMPORT_READ_TIMEOUT = 1
    fifo = tmp_path / "stuck.csv"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    child = sandbox.start(fifo, "csv", None, "calamine", limits.current())
    with pytest.raises(FileRejected) as caught:
        child.frame()
    assert "quá nhiều thời gian" in str(caught.value.message)
    assert child.report.outcome == "time" and child.proc.returncode is not None


def test_the_child_runs_with_its_limits_and_without_the_environment(tmp_path, settings, monkeypatch):
    settings.IMPORT_READ_MEMORY_BYTES = 300 * 1024 * 1024
    settings.IMPORT_READ_CPU_SECONDS = 42
    monkeypatch.setenv("DATABASE_URL", "postgres://secret@db/x")
    fifo = tmp_path / "wait.csv"
    os.mkfifo(fifo)
    child = sandbox.start(fifo, "csv", None, "calamine", limits.current())
    try:
        with open(fifo, "wb"):   # returns once the child has opened the file: its limits are set by then
            proc_limits = (open(f"/proc/{child.proc.pid}/limits").read())
            environ = open(f"/proc/{child.proc.pid}/environ", "rb").read()
        assert re.search(r"Max address space\s+314572800\s+314572800", proc_limits)
        assert re.search(r"Max cpu time\s+42\s+47", proc_limits)
        assert re.search(r"Max core file size\s+0\s+0", proc_limits)
        assert b"DATABASE_URL" not in environ and b"secret" not in environ
    finally:
        report = child.close()
    assert report.outcome == "stopped" and child.proc.returncode == -9


def test_a_refusal_in_the_middle_of_the_rows_rolls_back_what_was_written(world, tmp_path):
    """Line 1,202 has a cell longer than Excel allows: the child refuses it after 1,200 good rows were read and
    (chunk by chunk, inside the import's transaction) written; nothing stays, and the job says which line."""
    from danvan.initiatives.models import Initiative

    lines = ["Tên mô hình;Lĩnh vực;Tổ chức chủ trì;Năm"]
    lines += [f"Mô hình số {n};Kinh tế;Hội Nông dân Phổng Lái Mới;2025" for n in range(1200)]
    lines.append("x" * 40_000 + ";Kinh tế;Hội Nông dân Phổng Lái Mới;2025")
    path = tmp_path / "giua.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = Initiative.objects.count()
    job = _run("commit", path, world.users.staff_a)
    assert job.state == JobState.FAILED and "dòng 1.202" in job.message and "quá dài" in job.message, job.message
    assert Initiative.objects.count() == before
