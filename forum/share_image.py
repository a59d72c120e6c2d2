"""The picture a link to a thread shows on social sites and chat apps (og:image), drawn with Pillow.

1200×630 PNG: the category, the title, and a solved or verified mark. Its URL carries a fingerprint
of what it shows (title, category, state), so a change of any of them is a new URL (social sites
keep images for weeks) and a new file; drawn once on first request and kept on `default_storage`
(files on disk, or the S3 bucket with MEDIA_S3_BUCKET), under one folder per thread so the
outdated picture is deleted when the new one is drawn.
"""

import hashlib
import io
import logging
import textwrap
from functools import cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

SIZE = (1200, 630)
VERSION = "1"  # bump when the drawing changes: every picture gets a new URL
BACKGROUND = "#1f1846"
ACCENT = "#5b3fd6"
TEXT = "#ffffff"
MUTED = "#c9c3ee"
SOLVED = "#0f9d76"
VERIFIED = "#2563eb"
_FONT_FILES = {
    True: ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    False: ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
}


def state_of(thread, *, verified: bool) -> str:
    if thread.is_solved and verified:
        return "verified"
    return "solved" if thread.is_solved else "open"


def _language(thread) -> str | None:
    return thread.language if thread.language in dict(settings.LANGUAGES) else None


def category_name(thread) -> str:
    """The category's name in the thread's language, as the rest of the picture: the same picture (and
    URL) whichever language the page was read in, the company's Dutch name on a Dutch thread's."""
    with translation.override(_language(thread)):
        return thread.category.name


def fingerprint(thread, *, verified: bool) -> str:
    """Changes whenever the picture would: the title, the category's name, solved or verified."""
    parts = [VERSION, settings.SITE_NAME, thread.language, thread.title, category_name(thread),
             state_of(thread, verified=verified)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def url_for(thread, *, verified: bool) -> str:
    return reverse("forum:share_image", kwargs={"pk": thread.pk, "key": fingerprint(thread, verified=verified)})


def storage_path(thread_pk: int, key: str) -> str:
    return f"share/threads/{thread_pk}/{key}.png"


@cache
def _font(size: int, bold: bool):
    for name in _FONT_FILES[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # Pillow's own font: always there


def _wrap(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Lines of `text` that fit `width` pixels, at most max_lines (the last ends with … if cut)."""
    average = max(1, int(draw.textlength("abcdefghijklmnopqrstuvwxyz", font=font) / 26))
    lines = textwrap.wrap(text, width=max(8, width // average)) or [""]
    while any(draw.textlength(line, font=font) > width for line in lines) and average < width:
        average += 1
        lines = textwrap.wrap(text, width=max(8, width // average))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return lines


def draw(thread, *, verified: bool) -> bytes:
    """The PNG for this thread as it is now."""
    state = state_of(thread, verified=verified)
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 24, SIZE[1]), fill=ACCENT)
    margin = 84
    pen.text((margin, 70), category_name(thread).upper(), font=_font(30, True), fill=MUTED)
    title_font = _font(64, True)
    y = 140
    for line in _wrap(pen, thread.title, title_font, SIZE[0] - 2 * margin, 4):
        pen.text((margin, y), line, font=title_font, fill=TEXT)
        y += 78
    with translation.override(_language(thread)):
        marks = {
            "verified": (VERIFIED, "✓ " + _("Verified by %(SITE_NAME)s") % {"SITE_NAME": settings.SITE_NAME}),
            "solved": (SOLVED, "✓ " + _("Solved")),
        }
    if state in marks:
        colour, label = marks[state]
        font = _font(34, True)
        width = int(pen.textlength(label, font=font))
        top = SIZE[1] - 120
        pen.rounded_rectangle((margin, top, margin + width + 56, top + 64), radius=32, fill=colour)
        pen.text((margin + 28, top + 13), label, font=font, fill=TEXT)
    site_font = _font(30, False)
    site_width = pen.textlength(settings.SITE_NAME, font=site_font)
    pen.text((SIZE[0] - margin - site_width, SIZE[1] - 100), settings.SITE_NAME, font=site_font, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def image_for(thread, *, verified: bool) -> bytes:
    """The stored PNG, drawn and stored first if this version is not there yet.

    A storage that fails (full disk, bucket unreachable) still gets the picture drawn for this
    request; it is stored on a later one.
    """
    key = fingerprint(thread, verified=verified)
    path = storage_path(thread.pk, key)
    try:
        if default_storage.exists(path):
            with default_storage.open(path, "rb") as stored:
                return stored.read()
    except OSError:
        logger.warning("share image %s could not be read", path, exc_info=True)
    png = draw(thread, verified=verified)
    try:
        _forget_older(thread.pk, keep=f"{key}.png")
        default_storage.save(path, ContentFile(png))
    except Exception:  # a storage fault never breaks the picture itself (logged)
        logger.warning("share image %s could not be stored", path, exc_info=True)
    return png


def _forget_older(thread_pk: int, *, keep: str) -> None:
    folder = f"share/threads/{thread_pk}"
    try:
        _, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        if name != keep:
            default_storage.delete(f"{folder}/{name}")
