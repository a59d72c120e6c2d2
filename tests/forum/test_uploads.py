"""Image uploads: Pillow verifies, non-images and oversize files are refused, EXIF is stripped, big images shrink."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from forum import permissions, uploads
from forum.models import Attachment
from tests import factories

pytestmark = pytest.mark.django_db


def image_file(name="photo.jpg", size=(40, 30), fmt="JPEG", exif=False) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 40, 90))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x010E] = "Home address 12"  # ImageDescription
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def uploader(member):
    return factories.grant(member, "upload_images")


def post(client, upload):
    return client.post(reverse("forum:upload"), {"image": upload})


def test_an_image_is_stored_and_markdown_comes_back(client_for, uploader):
    response = post(client_for(uploader), image_file())
    data = response.json()
    attachment = Attachment.objects.get()
    assert response.status_code == 200 and data["markdown"] == f"![photo]({attachment.image.url})"
    assert attachment.uploader == uploader and (attachment.width, attachment.height) == (40, 30)


def test_exif_and_gps_are_stripped(uploader):
    upload = image_file(exif=True)
    assert b"SecretCam" in upload.read()
    upload.seek(0)
    attachment = uploads.attachment_create(uploader=uploader, upload=upload)
    stored = attachment.image.open("rb").read()
    assert b"SecretCam" not in stored and b"Exif" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_large_images_are_resized(uploader, settings):
    settings.FORUM = {**settings.FORUM, "UPLOAD_MAX_DIMENSION": 100}
    attachment = uploads.attachment_create(uploader=uploader, upload=image_file(size=(400, 200), fmt="PNG",
                                                                                 name="wide.png"))
    assert (attachment.width, attachment.height) == (100, 50)


def test_a_file_that_is_not_an_image_is_refused(client_for, uploader):
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 this is not a picture", content_type="image/jpeg")
    response = post(client_for(uploader), fake)
    assert response.status_code == 400 and response.json()["error"] == str(uploads.NOT_AN_IMAGE)
    assert Attachment.objects.count() == 0


def test_a_truncated_image_is_refused(client_for, uploader):
    whole = image_file(size=(200, 200)).read()
    response = post(client_for(uploader), SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]))
    assert response.json()["error"] == str(uploads.NOT_AN_IMAGE)


def test_a_too_big_file_is_refused(client_for, uploader, settings):
    settings.FORUM = {**settings.FORUM, "UPLOAD_MAX_BYTES": 1024 * 1024}
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10))
    response = post(client_for(uploader), big)
    assert response.json()["error"] == str(uploads.TOO_BIG % {"limit": "1"})
    assert Attachment.objects.count() == 0


def test_a_decompression_bomb_is_refused_before_decoding(client_for, uploader, settings):
    settings.FORUM = {**settings.FORUM, "UPLOAD_MAX_PIXELS": 1_000_000}
    # A small file that claims 5000 x 5000 pixels: a PNG of one colour compresses to almost nothing.
    bomb = image_file(name="bomb.png", size=(5000, 5000), fmt="PNG")
    assert bomb.size < 200_000
    response = post(client_for(uploader), bomb)
    assert response.json()["error"] == str(uploads.TOO_MANY_PIXELS % {"limit": 1})
    assert Attachment.objects.count() == 0


def test_members_without_the_privilege_cannot_upload(client_for, member):
    client = client_for(member)  # signing in may grant a starting rank; take it away afterwards
    factories.without_privileges(member)
    response = post(client, image_file())
    assert response.status_code == 403 and response.json()["error"] == str(permissions.UPLOAD_NOT_ALLOWED)


def test_anonymous_visitors_cannot_upload(client_for):
    assert post(client_for(), image_file()).status_code == 403


def test_no_file_is_a_clear_refusal(client_for, uploader):
    response = client_for(uploader).post(reverse("forum:upload"), {})
    assert response.json()["error"] == str(uploads.NO_FILE)


def test_the_image_button_shows_only_to_members_who_may_upload(client_for, uploader, other_member):
    assert "Add image" in client_for(uploader).get(reverse("forum:ask")).content.decode()
    client = client_for(other_member)
    factories.without_privileges(other_member)
    assert "Add image" not in client.get(reverse("forum:ask")).content.decode()
