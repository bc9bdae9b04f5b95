"""Evidence is bounded per file, per update, per initiative and per request.

Before: only each file was limited (10 MB), so 79 MB arrived in one request and were stored.
"""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.exceptions import DomainError
from danvan.initiatives.models import Evidence, ProgressUpdate
from danvan.initiatives.services import record_progress

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def pdf(name, size):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"0" * (size - 9), content_type="application/pdf")


def test_one_update_may_not_carry_more_than_the_update_limit(world, settings):
    settings.EVIDENCE_MAX_BYTES, settings.EVIDENCE_MAX_UPDATE_BYTES = 2 * MB, 3 * MB
    with pytest.raises(DomainError, match="cộng lại"):
        record_progress(world.records["a"], text="Ra quân", files=[pdf("1.pdf", 2 * MB), pdf("2.pdf", 2 * MB)])
    with pytest.raises(DomainError, match="tối đa 10 tệp"):
        record_progress(world.records["a"], text="Ra quân", files=[pdf(f"{i}.pdf", 100) for i in range(11)])
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_an_initiative_may_not_hold_more_than_the_record_limit(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_RECORD_BYTES = 3 * MB
    record_progress(world.records["a"], text="Lần 1", files=[pdf("1.pdf", 2 * MB)])
    with pytest.raises(DomainError, match="đã có 2.0 MB"):
        record_progress(world.records["a"], text="Lần 2", files=[pdf("2.pdf", 2 * MB)])
    record_progress(world.records["b"], text="Mô hình khác", files=[pdf("3.pdf", 2 * MB)])  # per initiative
    assert Evidence.objects.count() == 2


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(world, client, settings):
    settings.MAX_REQUEST_BYTES = 1 * MB
    client.force_login(world.users.staff_a)
    url = reverse("initiatives:initiative_progress", args=[world.records["a"].pk])
    response = client.post(url, {"text": "Ra quân", "files": [pdf("to.pdf", 2 * MB)]})
    assert response.status_code == 413 and "quá lớn" in response.content.decode()
    api = client.post("/api/v1/initiatives/", {"title": "x" * (2 * MB)}, content_type="application/json")
    assert api.status_code == 413 and api.json()["code"] == "too_large"
    assert not ProgressUpdate.objects.exists()
