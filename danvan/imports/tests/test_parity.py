"""The importer writes in bulk; these tests prove it leaves what the domain services leave.

If a service gains a rule or a field, these comparisons fail until the importer follows.
"""
import datetime

import openpyxl
import pytest
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.forms.models import model_to_dict
from django.utils import translation

from danvan.imports.services import import_file
from danvan.imports.tests.conftest import save
from danvan.initiatives.models import Exemplar, Field, Initiative, Status
from danvan.initiatives.services import create_exemplar, register_initiative, transition

pytestmark = pytest.mark.django_db

IGNORED = {"id", "created_at", "updated_at", "version", "title"}
DAY = datetime.date(2024, 4, 10)


def state(obj):
    data = {k: v for k, v in model_to_dict(obj, exclude=IGNORED).items()}
    data.update(status=getattr(obj, "status", None), registered_on=getattr(obj, "registered_on", None),
                status_changed_at=getattr(obj, "status_changed_at", None),
                commune=obj.commune_id, province=obj.province_id, unit=obj.unit_id, created_by=obj.created_by_id,
                deleted_at=obj.deleted_at)
    return data


def sheet(tmp_path, header, *rows):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    return save(wb, tmp_path)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REGISTERED, Status.IMPLEMENTING, Status.CLOSED])
def test_an_imported_initiative_equals_one_made_by_the_services(world, tmp_path, status):
    with translation.override("en"):  # what is stored must not depend on the importer's language
        _compare_with_services(world, tmp_path, status)


def _compare_with_services(world, tmp_path, status):
    user = world.users.staff_a
    path = sheet(tmp_path, ["Tên mô hình", "Lĩnh vực", "Tổ chức chủ trì", "Năm đăng ký", "Ngày đăng ký", "Mô tả",
                            "Trạng thái", "Lý do"],
                 ["Mô hình nhập", "Kinh tế", "Hội Nông dân Phổng Lái Mới", 2024, "10/04/2024", "Đèn đường",
                  str(Status(status).label), "Hết kinh phí" if status == Status.CLOSED else None])
    assert import_file(path, "initiatives", user=user).committed
    imported = Initiative.objects.get(title="Mô hình nhập")

    made = register_initiative(Initiative(title="Mô hình dịch vụ", field=Field.ECONOMY, description="Đèn đường",
                                          organization=world.orgs["a_farmers"], year=2024),
                               user=user, submit=status != Status.DRAFT and status != Status.CLOSED, date=DAY)
    if status == Status.IMPLEMENTING:
        transition(made, Status.IMPLEMENTING, user=user, date=DAY)
    if status == Status.CLOSED:
        transition(made, Status.CLOSED, user=user, date=DAY, reason="Hết kinh phí")
    made.refresh_from_db()

    assert state(imported) == state(made)
    steps = lambda obj: list(obj.transitions.values_list("from_status", "to_status", "date", "user"))  # noqa: E731
    assert steps(imported) == steps(made)
    reasons = lambda obj: [t.reason for t in obj.transitions.all() if t.to_status in ("draft", "registered", "closed")]  # noqa: E731
    assert reasons(imported) == reasons(made)
    # the audit entry holds what auditlog itself records for a new record
    entry = LogEntry.objects.get_for_object(imported).get()
    expected = {k: list(v) for k, v in model_instance_diff(None, imported).items()}
    assert entry.changes == expected
    assert entry.actor == user and entry.additional_data["version"] == 1


def test_an_imported_exemplar_equals_one_made_by_the_service(world, tmp_path):
    user = world.users.staff_a
    path = sheet(tmp_path, ["Tên điển hình", "Loại", "Lĩnh vực", "Tổ chức", "Năm", "Thành tích"],
                 ["Bà Lò Thị Hoa", "Cá nhân", "Kinh tế", "Hội Nông dân Phổng Lái Mới", 2024, "Nuôi cá giỏi"])
    assert import_file(path, "exemplars", user=user).committed
    imported = Exemplar.objects.get(name="Bà Lò Thị Hoa")
    made = create_exemplar(Exemplar(name="Ông Lò Văn Nam", field=Field.ECONOMY, organization=world.orgs["a_farmers"],
                                    year=2024, achievements="Nuôi cá giỏi"), user=user)
    ignore = {"name"}
    assert {k: v for k, v in state(imported).items() if k not in ignore} == \
        {k: v for k, v in state(made).items() if k not in ignore}
    entry = LogEntry.objects.get_for_object(imported).get()
    assert entry.changes == {k: list(v) for k, v in model_instance_diff(None, imported).items()}
    assert entry.actor == user


def test_the_search_and_sort_columns_are_those_save_computes(world, tmp_path):
    title = "Đường hoa – “Dân vận khéo” ở bản Mường Lựm"
    path = sheet(tmp_path, ["Tên mô hình", "Lĩnh vực", "Tổ chức chủ trì", "Năm", "Mô tả"],
                 [title, "Kinh tế", "Hội Nông dân Phổng Lái Mới", 2024, "Trồng hoa hai bên đường"])
    assert import_file(path, "initiatives", user=world.users.staff_a).committed
    imported = Initiative.objects.get(title=title)
    search, sort = imported.search_text, imported.sort_key
    imported.refresh_search_columns()
    assert (search, sort) == (imported.search_text, imported.sort_key)


def test_the_dashboard_counts_follow_a_bulk_import(world, tmp_path):
    """Bulk inserts skip save() and its signals: the importer tells the dashboards' cell tables itself."""
    from danvan.dashboards.aggregates import derive, recount, rebuild, stored

    rebuild()
    path = sheet(tmp_path, ["Tên mô hình", "Lĩnh vực", "Tổ chức chủ trì", "Năm đăng ký", "Ngày đăng ký"],
                 *[[f"Mô hình {n}", "Kinh tế", "Hội Nông dân Phổng Lái Mới", 2024, "10/04/2024"] for n in range(5)])
    assert import_file(path, "initiatives", user=world.users.staff_a).committed
    assert stored() == derive(recount())
