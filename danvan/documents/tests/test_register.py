"""The register of issued papers: consecutive numbers per issuing body and year, no gap, no duplicate, even
when several people issue at once; a cancelled paper keeps its number."""
import datetime
import io
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from danvan.documents import register
from danvan.documents.models import DocumentStatus, IssuedDocument

DAY = datetime.date(2026, 3, 2)


def _issue(unit=None, key="BDVTU-14", fail=False, day=DAY):
    def make(number):
        if fail:
            raise OSError("ổ đĩa đầy")
        return f"bc-{number}.txt", "text/plain", f"Số {number}".encode()

    return register.issue(issuer_key=key, issuer_name="Ban Dân vận Tỉnh uỷ Sơn La", symbol="BC/BDVTU",
                          kind="report", title="Báo cáo", unit=unit, make=make, issued_on=day)


@pytest.mark.django_db
def test_numbers_are_consecutive_per_issuer_and_year_and_a_failure_leaves_no_gap(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert [_issue(world.p1).number for _ in range(3)] == [1, 2, 3]
    with pytest.raises(OSError):
        _issue(world.p1, fail=True)
    assert _issue(world.p1).number == 4  # the failed issue gave its number back
    assert _issue(world.p1, key="BDVTU-66").number == 1  # another issuing body: its own register
    assert _issue(world.p1, day=datetime.date(2027, 1, 5)).number == 1  # a new year starts again
    doc = IssuedDocument.objects.get(issuer="BDVTU-14", year=2026, number=2)
    assert doc.file.read() == "Số 2".encode() and doc.number_text == "2-BC/BDVTU"


@pytest.mark.django_db
def test_a_cancelled_paper_keeps_its_number(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = _issue(world.p1)
    register.cancel(first, reason="Sai số liệu")
    assert first.status == DocumentStatus.CANCELLED and first.number == 1
    assert _issue(world.p1).number == 2
    with pytest.raises(Exception):
        register.cancel(first, reason="lần hai")


@pytest.mark.django_db(transaction=True)
def test_two_people_issuing_at_once_get_distinct_consecutive_numbers(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    per_thread, errors = 25, []

    def work():
        try:
            for _ in range(per_thread):
                _issue(world.p1)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(IssuedDocument.objects.filter(issuer="BDVTU-14").values_list("number", flat=True))
    assert numbers == list(range(1, 2 * per_thread + 1)), connection.vendor


@pytest.mark.django_db
def test_issuing_a_report_from_the_documents_page(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users.province_staff)
    form = {"unit": str(world.p1.pk), "period": "2025", "format": "docx", "signer": "Lò Văn Minh"}
    response = client.post(reverse("documents:document_issue"), form)
    doc = IssuedDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == doc.get_absolute_url()
    assert (doc.number, doc.symbol, doc.signer, doc.province) == (1, "BC/BDVTU", "Lò Văn Minh", world.p1)
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(client.get(
        reverse("documents:issued_file", args=[doc.pk])).getvalue())).paragraphs)
    table_text = " ".join(c.text for t in Document(io.BytesIO(doc.file.open("rb").read())).tables
                          for row in t.rows for c in row.cells)
    assert "Số 1-BC/BDVTU" in text + table_text and "Lò Văn Minh" in text + table_text
    assert doc.number_text in client.get(reverse("documents:issued_list")).content.decode()
    client.force_login(world.users.leader_p1)  # a reader sees the register but may not issue
    assert client.post(reverse("documents:document_issue"), form).status_code == 403
    assert client.get(doc.get_absolute_url()).status_code == 200
    client.force_login(world.users.staff_c)  # another province: the paper does not exist for them
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert client.get(reverse("documents:issued_file", args=[doc.pk])).status_code == 404
