"""The upload page: upload → preview with row errors in Vietnamese → confirm → records exist."""
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.imports import progress
from danvan.imports.models import ImportJob, JobState
from danvan.imports.tests.conftest import messy_initiatives
from danvan.imports.tests.test_import_initiatives import GOOD_ROWS, imported

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, wb, name="mo-hinh.xlsx", kind="initiatives"):
    data = io.BytesIO()
    wb.save(data)
    return client.post("/imports/", {"kind": kind, "file": SimpleUploadedFile(name, data.getvalue(), XLSX)})


def test_upload_preview_confirm(world, login):
    client = login(world.users.staff_a)
    assert "Tải lên và kiểm tra" in client.get("/imports/").content.decode()

    response = upload(client, messy_initiatives(GOOD_ROWS))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert job.state == JobState.CHECKED and not imported().exists()  # checked, nothing written yet
    assert "Sẽ thêm mới" in page and 'id="confirm-import"' in page
    assert "Xã Phổng Lái" in page and "Phổng Lái Mới" in page  # the old commune's warning, row by row

    response = client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert response.status_code == 302 and job.state == JobState.DONE
    assert imported().count() == 3 and job.counts["new"] == 3
    assert "Đã nhập xong" in client.get(f"/imports/{job.pk}/").content.decode()
    assert not job.file  # the sheet is not kept once imported
    # a second click does not import twice
    client.post(f"/imports/{job.pk}/confirm/")
    assert imported().count() == 3


def test_a_file_with_a_bad_row_is_shown_with_its_errors_and_cannot_be_confirmed(world, login):
    client = login(world.users.staff_a)
    rows = GOOD_ROWS[:2] + [{**GOOD_ROWS[2], "field": "Thể thao"}]
    response = upload(client, messy_initiatives(rows))
    page = client.get(response["Location"]).content.decode()
    job = ImportJob.objects.get()
    assert job.state == JobState.INVALID
    assert 'id="import-errors"' in page and "Không có trong danh sách" in page and "Thể thao" in page
    assert "<td>8</td>" in page and "B – Lĩnh vực" in page
    assert 'id="confirm-import"' not in page
    client.post(f"/imports/{job.pk}/confirm/")
    assert not imported().exists()


def test_only_spreadsheets_are_accepted(world, login):
    client = login(world.users.staff_a)
    response = client.post("/imports/", {"kind": "initiatives",
                                         "file": SimpleUploadedFile("a.exe", b"MZ....", "application/octet-stream")})
    text = response.content.decode()
    assert response.status_code == 400 and "Tệp “a.exe” không phải bảng tính. Chỉ nhận tệp" in text
    assert not ImportJob.objects.exists()


def test_a_broken_file_gives_a_message_not_a_server_error(world, login):
    client = login(world.users.staff_a)
    response = client.post("/imports/", {"kind": "initiatives",
                                         "file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04broken", XLSX)})
    page = client.get(response["Location"]).content.decode()
    assert ImportJob.objects.get().state == JobState.INVALID and 'id="job-message"' in page


def test_a_job_is_seen_only_by_the_person_who_uploaded_it(world, login):
    job = ImportJob.objects.create(kind="initiatives", user=world.users.staff_b, original_name="b.xlsx",
                                   sha256="0" * 64, state=JobState.CHECKED, counts={"new": 1})
    client = login(world.users.staff_a)
    for url in (f"/imports/{job.pk}/", f"/imports/{job.pk}/progress/"):
        assert client.get(url).status_code == 404
    for url in (f"/imports/{job.pk}/confirm/", f"/imports/{job.pk}/cancel/"):
        assert client.post(url).status_code == 404
    job.refresh_from_db()
    assert job.state == JobState.CHECKED


def test_people_who_only_read_cannot_import(world, login):
    assert login(world.users.leader_p1).get("/imports/").status_code == 403


def test_a_running_job_shows_a_progress_bar_that_polls_until_done(world, login):
    client = login(world.users.staff_a)
    job = ImportJob.objects.create(kind="initiatives", user=world.users.staff_a, original_name="a.xlsx",
                                   sha256="1" * 64, state=JobState.COMMITTING)
    progress.write(job.pk, "commit", 25_000, 100_000)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "25%" in page and "25.000" in page
    job.state = JobState.DONE
    job.save()
    response = client.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


def test_the_template_has_headers_dropdowns_and_vietnamese_instructions_and_imports_as_filled(world, login):
    client = login(world.users.staff_a)
    response = client.get("/imports/templates/initiatives.xlsx")
    assert response["Content-Type"] == XLSX
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Dữ liệu", "Hướng dẫn", "Danh mục"]
    data = wb["Dữ liệu"]
    headers = [c.value for c in data[1]]
    assert "Tên mô hình (*)" in headers and "Lĩnh vực (*)" in headers and "Trạng thái" in headers
    listed = {str(v.sqref).split(":")[0][0] for v in data.data_validations.dataValidation if v.type == "list"}
    for heading in ("Lĩnh vực (*)", "Phạm vi", "Trạng thái", "Tổ chức chủ trì (*)"):
        assert openpyxl.utils.get_column_letter(headers.index(heading) + 1) in listed, heading
    choices = [c.value for c in wb["Danh mục"]["A"] if c.value]
    assert "Kinh tế" in choices
    guide = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "dd/mm/yyyy" in guide and "không dòng nào được nhập" in guide
    # filled in as a cadre would, the template imports
    values = {"Tên mô hình (*)": "Mô hình từ mẫu", "Lĩnh vực (*)": "Kinh tế", "Năm đăng ký (*)": 2025,
              "Tổ chức chủ trì (*)": "Hội Nông dân Phổng Lái Mới"}
    data.append([values.get(h) for h in headers])
    upload(client, wb, "mau.xlsx")
    job = ImportJob.objects.get()
    assert job.state == JobState.CHECKED, job.issues
    client.post(f"/imports/{job.pk}/confirm/")
    assert imported().model.objects.filter(title="Mô hình từ mẫu").exists()


@pytest.mark.parametrize("kind", ["initiatives", "exemplars", "indicator_values", "organizations"])
def test_every_kind_has_a_template(world, login, kind):
    response = login(world.users.staff_a).get(f"/imports/templates/{kind}.xlsx")
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_with_the_database_queue_the_worker_runs_the_check_and_the_import(world, login, settings, monkeypatch):
    """The real backend: the upload only queues; `danvan db_worker` does the work."""
    from django.core.management import call_command

    # The worker closes connections between tasks, which would end the test's own transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client = login(world.users.staff_a)
    response = upload(client, messy_initiatives(GOOD_ROWS))
    job = ImportJob.objects.get()
    assert job.state == JobState.QUEUED
    assert "Đang chờ" in client.get(response["Location"]).content.decode()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and job.counts["new"] == 3

    client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.state == JobState.COMMIT_QUEUED and not imported().exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.DONE and imported().count() == 3


def test_the_openpyxl_reader_used_for_huge_sheets_reads_the_same(world, tmp_path, settings):
    from danvan.imports.services import import_file

    path = tmp_path / "m.xlsx"
    messy_initiatives(GOOD_ROWS).save(path)
    fast = import_file(path, "initiatives", user=world.users.staff_a, commit=False)
    settings.IMPORT_CALAMINE_MAX_BYTES = 0  # every sheet is "too big" for calamine: openpyxl read-only
    lean = import_file(path, "initiatives", user=world.users.staff_a, commit=False)
    assert fast.ok and lean.ok and fast.counts == lean.counts and fast.header_row == lean.header_row
    assert [(i["row"], i["message"]) for i in fast.issues] == [(i["row"], i["message"]) for i in lean.issues]
