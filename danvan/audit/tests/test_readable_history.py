"""A record's change history as people read it: Vietnamese field names, labels instead of codes, names instead of
ids, only what changed, local time, a person's full name; the logged form only for auditors, on demand."""
import datetime

import pytest
from auditlog.models import LogEntry

from danvan.initiatives.models import Field
from danvan.initiatives.services import update_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(world):
    staff = world.users.staff_a
    staff.first_name, staff.last_name = "Lò Thị", "Xuân"
    staff.save()
    initiative = world.records["a"]
    initiative.field = Field.ECONOMY
    initiative.organization = world.orgs["a_farmers"]
    initiative.start_date = datetime.date(2025, 4, 1)
    return update_initiative(initiative, expected_version=initiative.version, user=staff)


def _history(page: str) -> str:
    start = page.index('id="history"')
    return page[start:]


def test_the_history_speaks_vietnamese_names_labels_and_people(world, edited, login):
    history = _history(login(world.users.staff_a).get(edited.get_absolute_url()).content.decode())
    assert "Lĩnh vực: <del>Văn hoá – xã hội</del> → <ins>Kinh tế</ins>" in history
    assert "<del>Uỷ ban nhân dân Phổng Lái Mới</del> → <ins>Hội Nông dân Phổng Lái Mới</ins>" in history
    assert "Ngày bắt đầu: <ins>01/04/2025</ins>" in history
    assert "Lò Thị Xuân" in history
    for raw in ("culture_society", "economy", "None", "organization:", "start_date", "bdv_a"):
        assert raw not in history, raw
    # the time is Vietnam's (UTC+7), as the heading says
    entry = LogEntry.objects.get_for_object(edited).order_by("-timestamp").first()
    local = (entry.timestamp + datetime.timedelta(hours=7)).strftime("%d/%m/%Y %H:%M")
    assert local in history


def test_the_logged_form_is_for_auditors_on_demand(world, edited, login):
    url = edited.get_absolute_url()
    auditor = login(world.users.auditor_p1)
    assert "culture_society" not in _history(auditor.get(url).content.decode())
    assert "Xem bản ghi gốc" in auditor.get(url).content.decode()
    assert "field: culture_society → economy" in _history(auditor.get(url + "?raw=1").content.decode())
    leader = login(world.users.leader_p1)  # sees the record, may not audit
    page = leader.get(url + "?raw=1").content.decode()
    assert "culture_society" not in _history(page) and "Xem bản ghi gốc" not in page


def test_the_audit_page_reads_the_same_way(world, edited, login):
    auditor = login(world.users.auditor_p1)
    page = auditor.get("/audit/").content.decode()
    assert "Lĩnh vực: <del>Văn hoá – xã hội</del> → <ins>Kinh tế</ins>" in page and "Lò Thị Xuân" in page
    assert "culture_society" not in page
    assert "culture_society" in auditor.get("/audit/?raw=1").content.decode()


def test_a_delete_and_a_restore_read_as_such(world, login):
    from danvan.core.audit import timeline
    from danvan.core.services import restore, soft_delete

    initiative = world.records["a"]
    initiative = soft_delete(initiative, expected_version=initiative.version, user=world.users.staff_a)
    initiative = restore(initiative, expected_version=initiative.version, user=world.users.staff_a)
    entries = timeline(initiative)
    assert [e["action"] for e in entries[:2]] == ["Khôi phục", "Xoá"]
    restored = entries[0]
    # the deleted row was found as the "before": the restore logs when it had been deleted, not "None → None"
    assert restored["changes"]["deleted_at"][0] not in (None, "None")
    assert restored["readable"][0]["before"] and not restored["readable"][0]["after"]
