"""`danvan report …` on the command line and the document page: files named after the unit and period,
clear Vietnamese errors, and a commune cadre who can only produce their own commune's report."""
import datetime
import io
import re

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from danvan.cli import main
from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.services import register_initiative
from danvan.stats.figures import figures
from danvan.stats.periods import parse_period

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def registry(world):
    for key, day in (("a", datetime.date(2025, 3, 1)), ("b", datetime.date(2025, 4, 1)),
                     ("c", datetime.date(2025, 5, 1))):
        register_initiative(Initiative(title=f"Thắp sáng đường quê {key}", field=Field.ECONOMY,
                                       organization=world.orgs[key], year=2025), submit=True, date=day)
    return world


# --- command line --------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_report_command_writes_the_default_file_name_in_the_current_folder(registry, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    call_command("report", "--unit", "14", "--period", "2025", "--format", "docx", "--date", "05/02/2026",
                 "--number", "45", "--signer", "Nguyễn Văn An")
    path = tmp_path / "bao-cao-tinh-son-la-2025.docx"
    doc = Document(str(path))
    header = doc.tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "TỈNH UỶ SƠN LA"
    assert header.cell(1, 0).text == "Số 45-BC/BDVTU"
    assert header.cell(1, 1).text == "Sơn La, ngày 05 tháng 02 năm 2026"
    assert "Nguyễn Văn An" in doc.tables[-1].cell(0, 1).text
    out = capsys.readouterr().out
    assert "bao-cao-tinh-son-la-2025.docx" in out and "2 mô hình" in out


@pytest.mark.django_db
def test_report_command_output_path_sets_the_format(registry, tmp_path):
    target = tmp_path / "gui-tinh" / "phu-luc.xlsx"
    call_command("report", "--unit", "old:14", "--period", "2025", "-o", str(target))
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == "1. Theo lĩnh vực" and "Tỉnh Sơn La (cũ)" in wb.active["A2"].value
    call_command("report", "--unit", "VN", "--period", "2016-2025", "--format", "xlsx", "-o", str(tmp_path / "moi"))
    assert (tmp_path / "moi" / "bao-cao-toan-quoc-2016-2025.xlsx").exists()  # a new folder, default name


@pytest.mark.django_db
def test_danvan_console_script_runs_the_report_command(registry, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    main(["danvan", "report", "--unit", "04000", "--period", "2025-H1", "--format", "docx"])
    doc = Document(str(tmp_path / "bao-cao-xa-phong-lai-moi-2025-h1.docx"))
    assert "Sơ kết 6 tháng đầu năm 2025 phong trào thi đua “Dân vận khéo”" in [p.text for p in doc.paragraphs]


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--unit", "99", "--period", "2025"], "Không tìm thấy đơn vị hiện nay “99”"),
    (["--unit", "14", "--period", "2025-H3"], "Kỳ báo cáo không hợp lệ"),
    (["--unit", "14", "--period", "2025", "--date", "31/02/2026"], "Ngày không hợp lệ"),
    (["--unit", "14", "--period", "2025", "--as-user", "ai-do"], "Không có tài khoản"),
    (["--unit", "14", "--period", "2025", "--format", "docx", "-o", "bao-cao.xlsx"], "có đuôi .xlsx"),
])
def test_report_command_explains_bad_input(world, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError) as exc:
        call_command("report", *args)
    assert message in str(exc.value)
    assert not list(tmp_path.iterdir())


# --- web page ------------------------------------------------------------------------------------------------

def _download(client, **params):
    return client.get(reverse("documents:document_download"), {"period": "2025", "format": "docx", **params})


@pytest.mark.django_db
def test_commune_cadre_picks_only_their_commune(registry, client):
    client.force_login(registry.users.staff_a)
    body = client.get(reverse("documents:document_form")).content.decode()
    assert "Xã Phổng Lái Mới" in body and "Mường Bú" not in body and "Toàn quốc" not in body
    assert 'name="commune"' not in body  # only national users type a commune code
    # The period is chosen from a list (years, halves, quarters, months, multi-year reviews), not typed as a code.
    period = re.search(r'<select name="period"[^>]*>(.*?)</select>', body, re.S)
    assert period and 'type="text" name="period"' not in body
    this_year = timezone.localdate().year
    for code, label in ((str(this_year), f"Năm {this_year}"), (f"{this_year - 1}-H1", "6 tháng đầu năm"),
                        (f"{this_year - 1}-Q3", f"Quý 3/{this_year - 1}"), (f"{this_year - 9}-{this_year}", "Giai đoạn")):
        assert re.search(rf'<option value="{code}"[^>]*>{label}', period.group(1)), code
    assert f'<option value="{this_year}" selected>' in period.group(1)


@pytest.mark.django_db
def test_commune_cadre_downloads_their_communes_report(registry, client):
    w = registry
    client.force_login(w.users.staff_a)
    response = _download(client, unit=w.a.pk)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-xa-phong-lai-moi-2025.docx"'
    doc = Document(io.BytesIO(response.content))
    f = figures(w.a, parse_period("2025"), user=w.users.staff_a)
    assert doc.tables[1].rows[-1].cells[2].text == str(f.initiatives.value) == "1"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["b", "c", "p1", "old_p1", "VN", "missing"])
def test_commune_cadre_gets_404_for_any_other_unit(registry, client, target):
    client.force_login(registry.users.staff_a)
    unit = {"VN": "VN", "missing": 987654}.get(target) or getattr(registry, target).pk
    assert _download(client, unit=unit).status_code == 404
    assert _download(client, unit=unit, format="xlsx").status_code == 404


@pytest.mark.django_db
def test_province_cadre_reports_on_the_province_its_communes_and_the_old_province(registry, client):
    w = registry
    client.force_login(w.users.province_staff)
    response = _download(client, unit=w.p1.pk, format="xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    wb = openpyxl.load_workbook(io.BytesIO(response.content), data_only=True)
    assert "5. Theo đơn vị" in wb.sheetnames
    for unit in (w.b, w.old_p1):
        assert _download(client, unit=unit.pk).status_code == 200
    assert _download(client, unit=w.c.pk).status_code == 404


@pytest.mark.django_db
def test_national_admin_types_a_commune_code_or_picks_the_nation(registry, client):
    client.force_login(registry.users.admin)
    body = client.get(reverse("documents:document_form")).content.decode()
    assert "Toàn quốc" in body and 'name="commune"' in body
    response = _download(client, unit="", commune="24000")
    assert response.status_code == 200
    assert "bao-cao-phuong-buon-ma-thuot-2025.docx" in response["Content-Disposition"]
    doc = Document(io.BytesIO(_download(client, unit="VN").content))
    assert doc.tables[0].cell(0, 0).paragraphs[0].text == "BAN CHẤP HÀNH TRUNG ƯƠNG"


@pytest.mark.django_db
@pytest.mark.parametrize("params, message", [
    ({"period": "2025-H3"}, "Kỳ báo cáo không hợp lệ"),
    ({"format": "pdf"}, "Hãy chọn một lựa chọn hợp lệ"),
    ({"unit": "abc"}, "Hãy chọn đơn vị"),
])
def test_bad_input_is_a_form_error_not_a_crash(registry, client, params, message):
    client.force_login(registry.users.province_staff)
    response = _download(client, **{"unit": registry.p1.pk, **params})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_users_without_a_unit_are_told_so(registry, client):
    client.force_login(registry.users.reporter_a)  # an organisation's reporter: no unit of their own
    assert "chưa được phân công đơn vị" in client.get(reverse("documents:document_form")).content.decode()
    assert _download(client, unit=registry.a.pk).status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(world, client):
    response = _download(client, unit=world.a.pk)
    assert response.status_code == 302 and "/login/" in response["Location"]
