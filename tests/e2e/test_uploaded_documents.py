"""In Chromium: an .html document from the CMS that loads a .js document (issue #15's probe) does not
render on the site's origin; the browser downloads it, and its script never runs.

The CMS's allow-list of document types is met in Chromium too: an .html upload is refused.
The same files under /media/ get the same headers from config.media.serve_media (tested with the
test client in tests/foundation/test_uploaded_files_cannot_run_script.py): the live server used
here answers /media/ itself, before the site's URLs, so it cannot show that part."""

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection

pytestmark = pytest.mark.django_db(transaction=True)


def stored(name: str, data: bytes) -> Document:
    # An earlier browser test's flush may have emptied Wagtail's collection tree: plant its root again.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    document = Document(title=name, collection=root)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def open_and_expect_download(page, url: str):
    with page.expect_download() as info:
        try:
            page.goto(url)
        except Exception as error:  # Chromium aborts a navigation that turns into a download
            assert "ERR_ABORTED" in str(error) or "Download is starting" in str(error), error
    return info.value


def test_a_scripted_html_document_downloads_instead_of_running(page, live_server):
    script = stored("steal.js", b"document.title = 'script ran'; window.ran = true;")
    html = stored("invoice.html", f"<!doctype html><title>invoice</title><script src='{script.file.url}'></script>"
                                  .encode())
    page.goto("/")
    download = open_and_expect_download(page, html.url)
    assert download.suggested_filename == "invoice.html"
    assert page.title() != "script ran" and not page.evaluate("window.ran === true")
    assert page.url.rstrip("/") == live_server.url  # still on the home page: nothing opened inline


def test_the_cms_refuses_an_html_document_and_keeps_a_pdf(page, live_server, settings):
    """The allow-list (WAGTAILDOCS_EXTENSIONS) as an editor meets it: the upload form in Chromium says
    the type is not allowed and stores nothing; a PDF goes through."""
    from tests.e2e.test_badges_journey import sign_in
    from tests.factories import make_member

    Collection.get_first_root_node() or Collection.add_root(name="Root")
    admin = make_member(username="ada", email="ada@example.com", is_staff=True)
    admin.is_superuser = True
    admin.save()
    sign_in(page, live_server, admin)
    for name, data in (("invoice.html", b"<script>alert(1)</script>"), ("manual.pdf", b"%PDF-1.4 a manual")):
        page.goto("/cms/documents/add/")
        page.fill("#id_title", name)
        page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/octet-stream",
                                                  "buffer": data}])
        page.locator("form[enctype] button[type=submit], form[enctype] input[type=submit]").first.click()
        page.wait_for_load_state()
        if name.endswith(".html"):
            page.get_by_text("File extension “html” is not allowed").wait_for()
            assert not Document.objects.filter(title=name).exists()
        else:
            page.wait_for_url(re.compile(r"/cms/documents/(\?.*)?$"))  # the list, after saving
            assert Document.objects.get(title=name).filename == "manual.pdf"
    assert "html" not in settings.WAGTAILDOCS_EXTENSIONS and "pdf" in settings.WAGTAILDOCS_EXTENSIONS
