"""Files in an S3-compatible object store (issue 11, item 5) and a storage that is full.

S3: moto's server mode on loopback (a real HTTP S3 endpoint on a free port, in a thread), a bucket of each
test's own. Evidence uploaded through the page lands in the bucket (nothing on the local disk), is downloaded
through the scope-checked view by a user of its commune (streamed, or a redirect to a signed URL that expires),
and is a 404 for a user of another commune; the object is not public.

Disk full: a storage that raises OSError(ENOSPC) while writing: the page says so in Vietnamese, no record is
left (progress update, import job, issued document and its number), no 500.
"""
import errno
import uuid

import boto3
import pytest
import requests
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.initiatives.models import Evidence, ProgressUpdate

PNG = b"\x89PNG\r\n\x1a\n" + b"evidence-bytes" * 50
KEYS = {"access_key": "danvan-test", "secret_key": "danvan-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    name = f"danvan-{uuid.uuid4().hex[:20]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id=KEYS["access_key"], aws_secret_access_key=KEYS["secret_key"])
    client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": name, "endpoint_url": s3_endpoint, "region_name": "us-east-1", **KEYS,
        "addressing_style": "path", "location": "media", "default_acl": None, "querystring_auth": True,
        "querystring_expire": 60, "file_overwrite": False, "signature_version": "s3v4"}}}
    settings.S3_DOWNLOADS = "stream"
    return client, name


def post_progress(client, initiative, text="Xây 3 nhà đại đoàn kết"):
    return client.post(reverse("initiatives:initiative_progress", args=[initiative.pk]), {
        "date": "10/05/2025", "text": text,
        "files": [SimpleUploadedFile("anh-nha.png", PNG, content_type="image/png")]}, follow=True)


@pytest.mark.django_db
def test_evidence_lives_in_the_bucket_and_is_downloaded_only_through_the_scoped_view(
        world, login, bucket, settings, tmp_path):
    s3, name = bucket
    settings.MEDIA_ROOT = tmp_path / "media"
    ini = world.records["a"]
    body = post_progress(login(world.users.staff_a), ini).content.decode()
    assert "Đã ghi nhận tiến độ" in body
    evidence = Evidence.objects.get(progress_update__initiative=ini)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]]
    assert keys == [f"media/{evidence.file.name}"] and not (tmp_path / "media").exists()   # nothing on the disk
    grants = s3.get_object_acl(Bucket=name, Key=keys[0])["Grants"]
    assert not [g for g in grants if "AllUsers" in str(g.get("Grantee", {}).get("URI", ""))]   # not public

    url = reverse("initiatives:evidence_download", args=[evidence.pk])
    own = login(world.users.staff_a).get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content) == PNG
    assert 'filename="anh-nha.png"' in own["Content-Disposition"] and "no-store" in own["Cache-Control"]
    assert login(world.users.staff_b).get(url).status_code == 404          # another commune: not even seen

    settings.S3_DOWNLOADS = "redirect"                                     # the file need not pass the web worker
    moved = login(world.users.staff_a).get(url)
    assert moved.status_code == 302 and moved["Location"].startswith(f"{bucket_endpoint(s3)}/{name}/media/")
    assert "X-Amz-Signature=" in moved["Location"] and "X-Amz-Expires=60" in moved["Location"]
    fetched = requests.get(moved["Location"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == PNG
    assert "anh-nha.png" in fetched.headers["Content-Disposition"]
    assert login(world.users.staff_b).get(url).status_code == 404


def bucket_endpoint(s3) -> str:
    return s3.meta.endpoint_url.rstrip("/")


# ------------------------------------------------------------------------------------------------ disk full

class FullDisk(FileSystemStorage):
    """A disk with no space left: every write fails as the kernel says it."""

    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device", name)


FULL = "Máy chủ đã hết chỗ lưu tệp"


@pytest.fixture
def full_disk(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": str(tmp_path / "full")}}}


@pytest.mark.django_db
def test_disk_full_while_writing_evidence_says_so_and_keeps_no_record(world, login, full_disk):
    ini = world.records["a"]
    response = post_progress(login(world.users.staff_a), ini, text="Tệp không lưu được")
    assert response.status_code == 200 and FULL in response.content.decode()
    assert not ProgressUpdate.objects.filter(initiative=ini).exists() and not Evidence.objects.exists()
    ini.refresh_from_db()
    assert ini.last_progress_at is None


@pytest.mark.django_db
def test_disk_full_while_keeping_an_import_file_says_so_and_keeps_no_job(world, login, monkeypatch):
    from danvan.imports.models import ImportJob
    from danvan.imports.tests.conftest import messy_initiatives
    from danvan.imports.tests.test_import_initiatives import GOOD_ROWS
    from danvan.imports.tests.test_views import upload

    storage = ImportJob._meta.get_field("file").storage
    monkeypatch.setattr(storage, "_save", FullDisk._save.__get__(storage))
    response = upload(login(world.users.staff_a), messy_initiatives(GOOD_ROWS))
    assert response.status_code == 400 and FULL in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_disk_full_while_issuing_a_document_takes_no_number(world, full_disk):
    from danvan.core.exceptions import DomainError
    from danvan.documents import register
    from danvan.documents.models import IssuedDocument, RegisterCounter

    def issue():
        return register.issue(issuer_key="BDVX-A", issuer_name="Ban Dân vận", symbol="BC/BDV", kind="report",
                              title="Báo cáo", unit=world.a, make=lambda n: (f"bao-cao-{n}.docx", "application/x", b"x"))

    with pytest.raises(DomainError) as refused:
        issue()
    assert FULL in refused.value.message
    assert not IssuedDocument.objects.exists() and not RegisterCounter.objects.filter(last_number__gt=0).exists()
