"""A document uploaded in the CMS, or any file served from MEDIA_URL, cannot run script on the
site's origin: it is a download, the browser may not sniff it into HTML, and a sandboxing CSP
applies if it is opened anyway; the CMS refuses document types outside the allow-list."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection

from config import media

pytestmark = pytest.mark.django_db

SCRIPTED_HTML = b"<!doctype html><script src='/media/documents/steal.js'></script><h1>Invoice</h1>"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_document(name: str, data: bytes) -> Document:
    """A document as one uploaded before the allow-list existed would be stored."""
    document = Document(title=name, collection=Collection.get_first_root_node())
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def assert_cannot_run(response, filename: str):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_an_html_document_from_the_cms_downloads_with_a_sandbox(client_for):
    document = stored_document("invoice.html", SCRIPTED_HTML)
    response = client_for().get(document.url)
    assert document.url == reverse("wagtaildocs_serve", args=[document.pk, "invoice.html"])
    assert_cannot_run(response, "invoice.html")
    assert b"".join(response.streaming_content) == SCRIPTED_HTML  # the editor still gets the file


def test_a_pdf_document_downloads_too(client_for):
    document = stored_document("manual.pdf", b"%PDF-1.4 a manual")
    assert_cannot_run(client_for().get(document.url), "manual.pdf")


@pytest.mark.parametrize("name", ["invoice.html", "steal.js", "logo.svg"])
def test_the_same_files_under_media_url_download_with_a_sandbox(client_for, name):
    document = stored_document(name, SCRIPTED_HTML)
    response = client_for().get(document.file.url)
    assert document.file.url.startswith("/media/documents/")
    assert_cannot_run(response, document.file.name.rsplit("/", 1)[-1])


def test_our_re_encoded_images_still_show_inline_but_sandboxed(client_for, member):
    from forum import uploads
    from tests.forum.test_uploads import image_file

    attachment = uploads.attachment_create(uploader=member, upload=image_file())
    response = client_for().get(attachment.image.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == media.SANDBOX_CSP


def upload_in_cms(client, name: str, data: bytes):
    return client.post(reverse("wagtaildocs:add"), {
        "title": name, "file": SimpleUploadedFile(name, data), "collection": Collection.get_first_root_node().pk,
    })


@pytest.mark.parametrize("name", ["page.html", "page.htm", "steal.js", "logo.svg", "app.xhtml"])
def test_the_cms_refuses_documents_that_could_run_script(client_for, admin_user, name):
    response = upload_in_cms(client_for(admin_user), name, SCRIPTED_HTML)
    extension = name.rsplit(".", 1)[1]
    assert response.status_code == 200 and f"File extension “{extension}” is not allowed" in response.content.decode()
    assert Document.objects.count() == 0


def test_the_cms_accepts_a_pdf(client_for, admin_user):
    response = upload_in_cms(client_for(admin_user), "manual.pdf", b"%PDF-1.4 a manual")
    assert response.status_code == 302 and Document.objects.get().filename == "manual.pdf"
