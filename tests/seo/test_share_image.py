"""The share picture of a thread: a 1200×630 PNG drawn with Pillow, kept on default_storage, a new
picture (and URL) when the thread is solved or verified, only for public threads."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from forum import services, share_image
from forum.models import Thread
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def image_url(client, thread) -> str:
    html = client.get(thread.get_absolute_url()).content.decode()
    return re.search(r'<meta property="og:image" content="http://testserver-canonical([^"]+)"', html).group(1)


def fetch_png(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    body = b"".join(response) if response.streaming else response.content
    picture = Image.open(io.BytesIO(body))
    picture.verify()
    assert picture.format == "PNG" and picture.size == (1200, 630)
    return body


def test_the_picture_changes_when_the_thread_is_solved_and_again_when_verified(client, member, other_member,
                                                                               moderator, category):
    thread = factories.make_thread(author=member, category=category, title="Lamp blinks red after the update")
    answer = factories.make_answer(thread=thread, author=other_member)
    open_url = image_url(client, thread)
    open_png = fetch_png(client, open_url)
    services.answer_accept(answer=answer, by=member)
    solved_url = image_url(client, thread)
    assert solved_url != open_url
    solved_png = fetch_png(client, solved_url)
    assert solved_png != open_png
    from moderation import services as moderation

    moderation.answer_verify(answer=answer, by=moderator)
    verified_url = image_url(client, thread)
    assert verified_url not in (open_url, solved_url)
    assert fetch_png(client, verified_url) != solved_png
    # The outdated address leads to the current picture.
    old = client.get(open_url)
    assert old.status_code == 302 and old["Location"] == verified_url


def test_the_picture_is_drawn_once_and_kept_on_storage(client, member, category, monkeypatch):
    thread = factories.make_thread(author=member, category=category)
    url = image_url(client, thread)
    first = fetch_png(client, url)
    key = share_image.fingerprint(thread, verified=False)
    assert default_storage.exists(share_image.storage_path(thread.pk, key))
    monkeypatch.setattr(share_image, "draw", lambda *a, **k: pytest.fail("drawn again"))
    assert fetch_png(client, url) == first


def test_a_retitled_thread_gets_a_new_picture_and_the_old_file_is_removed(client, member, category):
    thread = factories.make_thread(author=member, category=category, title="Lamp blinks red")
    fetch_png(client, image_url(client, thread))
    old_path = share_image.storage_path(thread.pk, share_image.fingerprint(thread, verified=False))
    services.post_edit(post=thread, by=member, body=thread.body, title="Lamp blinks red and green", note="")
    thread.refresh_from_db()
    fetch_png(client, image_url(client, thread))
    assert not default_storage.exists(old_path)


def test_a_title_of_any_length_fits(member, category):
    thread = factories.make_thread(author=member, category=category, title="Why " * 40 + "?")
    assert Image.open(io.BytesIO(share_image.draw(thread, verified=False))).size == (1200, 630)


def test_there_is_no_picture_of_a_hidden_thread(client, member, category):
    thread = factories.make_thread(author=member, category=category)
    key = share_image.fingerprint(thread, verified=False)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(f"/t/{thread.pk}/share-{key}.png").status_code == 404


def test_the_picture_names_the_category_in_the_threads_language_whoever_reads_the_page(client):
    """#15 item 7: categories have Dutch names now; the picture is one picture per thread version, not
    one per reader's language (two URLs would each delete the other's file)."""
    from forum.models import Category

    category = Category.objects.create(slug="orders", name_en="Orders & delivery", name_nl="Bestellingen & bezorging")
    thread = factories.make_thread(category=category, title="Waar blijft mijn pakket?")
    Thread.objects.filter(pk=thread.pk).update(language="nl")
    thread.refresh_from_db()
    client.cookies["django_language"] = "en"
    english_reader = image_url(client, thread)
    client.cookies["django_language"] = "nl"
    dutch_reader = image_url(client, thread)
    assert english_reader == dutch_reader
    assert share_image.category_name(thread) == "Bestellingen & bezorging"
    fetch_png(client, dutch_reader)
    client.cookies["django_language"] = "en"
    fetch_png(client, english_reader)  # still there: not replaced by another language's picture
