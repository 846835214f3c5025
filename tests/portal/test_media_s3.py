"""S3-compatible storage: private objects under random names, handed out by short-lived signed links.

Runs against moto's S3 server (the only S3 stand-in these machines can install), started on a free port.
"""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.base import ContentFile
from django.urls import reverse

from services.models import Attachment
from tests import factories, uploads

pytestmark = pytest.mark.django_db
MOTO = Path(sys.executable).parent / "moto_server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    if not MOTO.exists() and not shutil.which("moto_server"):
        pytest.skip("moto[server] is not installed")
    port = free_port()
    server = subprocess.Popen(
        [str(MOTO), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(endpoint, timeout=0.5)
            break
        except requests.RequestException:
            time.sleep(0.1)
    yield endpoint
    server.terminate()
    server.wait(10)


@pytest.fixture
def s3(settings, s3_endpoint):
    import boto3

    options = {
        "bucket_name": "gongjian-media",
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "addressing_style": "path",
        "signature_version": "s3v4",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket="gongjian-media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "portal.storage.S3MediaStorage", "OPTIONS": options},
    }
    return client


@pytest.fixture
def attachment(actors, s3):
    req = factories.make_request(actors.community, applicant=actors.resident)
    row = Attachment(request=req, name="低保申请.pdf")
    row.file.save("低保申请.pdf", ContentFile(uploads.pdf().read()), save=False)
    row.save()
    return row


def test_the_object_is_stored_under_a_random_name(attachment, s3):
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="gongjian-media")["Contents"]]
    assert keys == [attachment.file.name] and "低保" not in keys[0] and keys[0].endswith(".pdf")


def test_a_reader_is_redirected_to_a_short_lived_signed_link(actors, attachment):
    url = reverse("services:attachment", args=[attachment.request.reference, attachment.pk])
    response = actors.client("resident").get(url)
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    link = response["Location"]
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    download = requests.get(link, timeout=5)
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    assert "filename*=utf-8''%E4%BD%8E%E4%BF%9D" in download.headers["Content-Disposition"]


def test_the_access_check_comes_before_any_link(actors, attachment):
    url = reverse("services:attachment", args=[attachment.request.reference, attachment.pk])
    assert actors.client("outsider").get(url).status_code == 404
    assert actors.client(None).get(url)["Location"].startswith("/accounts/login/")
