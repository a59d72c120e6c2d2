"""Files are never lost: a new avatar or image is written first, the row switched, the old file
deleted after the commit; a full or read-only disk gives a clear message and keeps what there was."""

import errno
import io
import os
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from forum import uploads, views
from forum.models import Attachment, Profile
from tests import factories
from tests.forum.conftest import page_text, shows

pytestmark = pytest.mark.django_db

FAULTS = {
    "disk full": OSError(errno.ENOSPC, "No space left on device"),
    "read-only file system": OSError(errno.EROFS, "Read-only file system"),
    "permission denied": PermissionError(errno.EACCES, "Permission denied"),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture(colour="teal", name="me.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (300, 300), colour).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def settings_form(**extra):
    return {"display_name": "Mia Typed", "bio": "What I typed.", "language": "en", "email_mode": "each", **extra}


def files_under(folder) -> list[str]:
    return sorted(name for _root, _dirs, names in os.walk(folder) for name in names)


@pytest.fixture
def with_avatar(client_for, member, django_capture_on_commit_callbacks):
    """The member already has an uploaded avatar; returns its stored name and bytes."""
    with django_capture_on_commit_callbacks(execute=True):
        client_for(member).post(reverse("forum:settings"), settings_form(avatar=picture("navy")))
    avatar = Profile.objects.get(user=member).avatar
    return avatar.name, avatar.open("rb").read()


def failing_save(error, *, half_written=b""):
    """A storage _save that fails like a full disk does: maybe after writing part of the file."""

    def _save(storage, name, content):
        if half_written:
            path = storage.path(name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as partial:
                partial.write(half_written)
        raise error

    return mock.patch.object(FileSystemStorage, "_save", autospec=True, side_effect=_save)


def test_a_new_avatar_replaces_the_old_file_only_after_the_switch(client_for, member, with_avatar, media,
                                                                  django_capture_on_commit_callbacks):
    old_name, _old_bytes = with_avatar
    with django_capture_on_commit_callbacks(execute=True):
        client_for(member).post(reverse("forum:settings"), settings_form(avatar=picture("orange")))
    new_name = Profile.objects.get(user=member).avatar.name
    assert new_name != old_name and new_name.startswith("avatars/")
    assert files_under(media) == [os.path.basename(new_name)]


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_storage_fault_keeps_the_old_avatar_and_what_was_typed(client_for, member, with_avatar, media, fault,
                                                                 django_capture_on_commit_callbacks):
    old_name, old_bytes = with_avatar
    with failing_save(FAULTS[fault], half_written=b"\xff\xd8 truncated"), \
            django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post(reverse("forum:settings"), settings_form(
            display_name="Mia Changed", bio="Typed again.", avatar=picture("orange")))
    assert response.status_code == 400 and shows(response, uploads.STORAGE_FULL)
    assert 'value="Mia Changed"' in page_text(response) and "Typed again." in page_text(response)
    profile = Profile.objects.get(user=member)
    assert profile.avatar.name == old_name and profile.avatar.open("rb").read() == old_bytes
    assert profile.display_name == "Mia Typed"  # the whole change rolled back, as the message says
    assert files_under(media) == [os.path.basename(old_name)]  # the half-written file is gone


def test_the_old_avatar_stays_when_the_row_cannot_be_saved(member, with_avatar, media):
    old_name, old_bytes = with_avatar
    profile = Profile.objects.get(user=member)
    with mock.patch.object(Profile, "save", side_effect=RuntimeError("database went away")), \
            pytest.raises(RuntimeError):
        uploads.avatar_replace(profile, picture("orange"))
    assert Profile.objects.get(user=member).avatar.name == old_name
    assert files_under(media) == [os.path.basename(old_name)]  # new file removed, old one kept


def test_removing_the_avatar_deletes_the_file_after_the_commit(client_for, member, with_avatar, media,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(member).post(reverse("forum:settings"), settings_form(remove_avatar="on"))
    assert not Profile.objects.get(user=member).avatar and files_under(media) == []


@pytest.fixture
def uploader(member):
    return factories.grant(member, "upload_images")


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_an_image_upload_on_a_full_disk_answers_json_with_a_clear_message(client_for, uploader, media, fault):
    with failing_save(FAULTS[fault], half_written=b"\x89PNG truncated"):
        response = client_for(uploader).post(reverse("forum:upload"), {"image": picture()})
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert response.json() == {"error": str(uploads.STORAGE_FULL)} and response["Retry-After"] == "60"
    assert Attachment.objects.count() == 0 and files_under(media) == []


def test_an_image_upload_works_again_once_there_is_room(client_for, uploader, media):
    client = client_for(uploader)
    with failing_save(FAULTS["disk full"]):
        assert client.post(reverse("forum:upload"), {"image": picture()}).status_code == 503
    response = client.post(reverse("forum:upload"), {"image": picture()})
    assert response.status_code == 200 and response.json()["message"] == str(views.UPLOADED)
    assert files_under(media) == [os.path.basename(Attachment.objects.get().image.name)]


def _folder_is_really_read_only(folder) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return True
    probe.unlink()
    return False


def test_a_really_read_only_media_folder_keeps_the_avatar(client_for, member, with_avatar, media):
    old_name, old_bytes = with_avatar
    avatars = media / "avatars"
    os.chmod(avatars, 0o555)
    try:
        if not _folder_is_really_read_only(avatars):
            pytest.skip("permission bits do not stop this user (root) from writing; the mocked faults cover it")
        response = client_for(member).post(reverse("forum:settings"), settings_form(avatar=picture("orange")))
        assert response.status_code == 400 and shows(response, uploads.STORAGE_FULL)
        assert Profile.objects.get(user=member).avatar.open("rb").read() == old_bytes
    finally:
        os.chmod(avatars, 0o755)
