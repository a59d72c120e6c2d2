"""Media on S3-compatible object storage (MEDIA_S3_BUCKET), so several app servers share uploads:
tested against moto's S3 server on 127.0.0.1 (a dev dependency), started by the test."""

import json
import subprocess
import sys
import urllib.request
import uuid

import pytest
from django.urls import reverse

from config import env
from forum.models import Attachment, Profile
from tests import factories
from tests.forum.test_uploads import image_file
from tests.foundation.test_production_serving import free_port
from tests.foundation.test_settings_from_environment import ROOT, clean_environment

moto_server = pytest.importorskip("moto.server", reason="moto[server] is missing: pip install '.[dev]'")
boto3 = pytest.importorskip("boto3", reason="boto3 is missing: pip install .")

pytestmark = pytest.mark.django_db
CREDENTIALS = {"access_key": "flawsome-test", "secret_key": "flawsome-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint):
    """A fresh bucket, and the site's default storage pointed at it as MEDIA_S3_* would."""
    name = f"flawsome-media-{uuid.uuid4().hex[:10]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id=CREDENTIALS["access_key"],
                          aws_secret_access_key=CREDENTIALS["secret_key"])
    client.create_bucket(Bucket=name)
    # What the README asks of the operator: anonymous reads of objects (links in posts never expire).
    client.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}]}))
    storage, media_url = env.s3_media_settings(bucket=name, endpoint_url=s3_endpoint, **CREDENTIALS)
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_URL = media_url
    client.bucket_name = name
    return client


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers, response.read()


def keys(bucket) -> list[str]:
    return sorted(item["Key"] for item in bucket.list_objects_v2(Bucket=bucket.bucket_name).get("Contents", []))


def test_an_image_uploaded_through_the_site_lands_in_the_bucket_and_the_page_links_it(
        client_for, member, category, bucket, s3_endpoint):
    factories.grant(member, "upload_images")
    client = client_for(member)
    data = client.post(reverse("forum:upload"), {"image": image_file(size=(64, 48))}).json()
    attachment = Attachment.objects.get()
    assert keys(bucket) == [attachment.image.name]
    assert data["url"] == f"{s3_endpoint}/{bucket.bucket_name}/{attachment.image.name}"

    status, headers, body = fetch(data["url"])
    assert status == 200 and body == attachment.image.open("rb").read() and body[:2] == b"\xff\xd8"

    thread = factories.make_thread(author=member, category=category, title="A photo of the broken hinge",
                                   body=f"Look at this:\n\n{data['markdown']}")
    response = client_for().get(thread.get_absolute_url())
    assert f'src="{data["url"]}"' in response.content.decode()
    assert f"img-src 'self' {s3_endpoint} " in response["Content-Security-Policy"]


def test_a_new_avatar_replaces_the_old_object_in_the_bucket(client_for, member, bucket,
                                                            django_capture_on_commit_callbacks):
    form = {"display_name": "Mia", "bio": "", "language": "en", "email_mode": "each"}
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:settings"), {**form, "avatar": image_file(name="one.png", fmt="PNG")})
    first = Profile.objects.get(user=member).avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:settings"), {**form, "avatar": image_file(name="two.png", fmt="PNG")})
    second = Profile.objects.get(user=member).avatar.name
    assert first != second and keys(bucket) == [second]
    assert fetch(Profile.objects.get(user=member).avatar.url)[0] == 200


def test_a_document_in_the_bucket_is_stored_as_a_download(bucket):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    document = Document(title="Invoice", collection=Collection.get_first_root_node())
    document.file.save("invoice.html", ContentFile(b"<script>alert(1)</script>"), save=False)
    document.save()
    _status, headers, _body = fetch(document.file.url)
    disposition = headers.get("Content-Disposition", "")
    assert disposition.startswith("attachment") and "invoice" in disposition


PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.core.files.storage import default_storage
print(json.dumps({"backend": settings.STORAGES["default"]["BACKEND"], "media_url": settings.MEDIA_URL,
                  "bucket": default_storage.bucket_name, "endpoint": default_storage.endpoint_url}))
"""


def test_the_environment_switches_media_to_the_bucket(tmp_path):
    variables = clean_environment(tmp_path, MEDIA_S3_BUCKET="community-media",
                                  MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9000",
                                  AWS_ACCESS_KEY_ID="key", AWS_SECRET_ACCESS_KEY="secret")
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=variables, capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "backend": "config.s3storage.MediaS3Storage", "media_url": "http://127.0.0.1:9000/community-media/",
        "bucket": "community-media", "endpoint": "http://127.0.0.1:9000",
    }


def test_with_a_bucket_the_site_serves_no_local_media(client_for, bucket, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "left-over.html").write_bytes(b"<script>alert(1)</script>")
    assert client_for().get("/media/left-over.html").status_code == 404
