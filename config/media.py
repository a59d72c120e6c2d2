"""Serving files that members and editors upload so that none of them can run script on the
site's origin (issue #15: an .html document loading a .js document ran under `script-src 'self'`).

Every media and document response gets `X-Content-Type-Options: nosniff` (no guessing text/html
from a file's bytes) and a sandboxing CSP (a file opened directly is a unique, script-less origin).
Anything but the raster images we re-encode ourselves is sent as an attachment, so the browser
saves it instead of rendering it. Documents also pass WAGTAILDOCS_EXTENSIONS, an allow-list.
On object storage (config/s3storage.py) the same disposition is stored with each object.
"""

import os
from functools import wraps

from django.conf import settings
from django.http import Http404
from django.utils.http import content_disposition_header
from django.views import static
from wagtail.documents.views import serve as wagtail_serve

SANDBOX_CSP = "sandbox; default-src 'none'"
# Our upload pipeline re-encodes these from pixels (forum/uploads.py): they carry no script.
INLINE_SAFE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def shown_inline(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in INLINE_SAFE_EXTENSIONS


def attachment_disposition(name: str) -> str:
    return content_disposition_header(as_attachment=True, filename=os.path.basename(name))


def harden(response, name: str):
    """Headers that keep a served file from running script, whatever its content or type."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    if response.status_code == 200 and not shown_inline(name):
        if not response.get("Content-Disposition", "").startswith("attachment"):
            response["Content-Disposition"] = attachment_disposition(name)
    return response


def serve_media(request, path):
    """MEDIA_URL on one machine without a proxy (and under `make run`)."""
    if not settings.MEDIA_URL.startswith("/"):
        raise Http404("Media is on object storage.")
    return harden(static.serve(request, path, document_root=settings.MEDIA_ROOT), path)


@wraps(wagtail_serve.serve)
def serve_document(request, document_id, document_filename):
    """Wagtail's document view (permissions, collections, the document_served signal), hardened."""
    return harden(wagtail_serve.serve(request, document_id, document_filename), document_filename)
