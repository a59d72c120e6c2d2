"""Image uploads: verify with Pillow, refuse what is not an image, cap bytes and pixels, strip
metadata by re-encoding, resize, and store. Used for post images (Attachment) and avatars."""

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from forum.models import Attachment

NO_FILE = _("Please choose an image to upload.")
NOT_AN_IMAGE = _("That file is not an image we can use. Please upload a JPEG, PNG, GIF or WebP picture.")
TOO_BIG = _("That image is too large: at most %(limit)s MB.")
TOO_MANY_PIXELS = _("That image has too many pixels (at most %(limit)s megapixels). Please resize it first.")

FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
AVATAR_SIZE = 256


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):g}"


def _open_checked(upload) -> Image.Image:
    """Open an uploaded file as an image after every check; raise ValidationError otherwise."""
    if upload is None:
        raise ValidationError(NO_FILE)
    limit = settings.FORUM["UPLOAD_MAX_BYTES"]
    if upload.size is not None and upload.size > limit:
        raise ValidationError(TOO_BIG % {"limit": _megabytes(limit)})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(TOO_BIG % {"limit": _megabytes(limit)})
    max_pixels = settings.FORUM["UPLOAD_MAX_PIXELS"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))  # reads the header only
            if probe.format not in FORMATS:
                raise ValidationError(NOT_AN_IMAGE)
            width, height = probe.size
            if width * height > max_pixels:
                raise ValidationError(TOO_MANY_PIXELS % {"limit": max_pixels // 1_000_000})
            probe.verify()  # structure check; the object is unusable afterwards
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(TOO_MANY_PIXELS % {"limit": max_pixels // 1_000_000}) from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_AN_IMAGE) from None
    return image


def _encode(image: Image.Image, *, max_dimension: int, square: bool = False) -> tuple[bytes, str, int, int]:
    """Re-encode without metadata (EXIF, GPS…): only pixels survive. Returns bytes, extension, size."""
    image = ImageOps.exif_transpose(image)  # keep the photo upright before EXIF goes
    if square:
        image = ImageOps.fit(image, (max_dimension, max_dimension))
    else:
        image.thumbnail((max_dimension, max_dimension))
    has_alpha = image.mode in ("RGBA", "LA", "P") and (
        image.mode != "P" or "transparency" in image.info
    )
    clean = Image.new("RGBA" if has_alpha else "RGB", image.size)
    clean.paste(image.convert(clean.mode))  # a fresh image carries no info/exif of the original
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return out.getvalue(), extension, clean.width, clean.height


def _safe_stem(name: str) -> str:
    stem = os.path.splitext(os.path.basename(name or "image"))[0]
    return "".join(ch for ch in stem if ch.isalnum() or ch in "-_")[:40] or "image"


def attachment_create(*, uploader, upload) -> Attachment:
    """Store an uploaded image for posts. Callers check permissions.check_upload_image first."""
    image = _open_checked(upload)
    data, extension, width, height = _encode(image, max_dimension=settings.FORUM["UPLOAD_MAX_DIMENSION"])
    attachment = Attachment(uploader=uploader, width=width, height=height,
                            original_name=os.path.basename(upload.name or "")[:200])
    attachment.image.save(f"{_safe_stem(upload.name)}.{extension}", ContentFile(data), save=False)
    attachment.save()
    return attachment


def avatar_file(upload) -> ContentFile:
    """A square, resized, metadata-free copy of an uploaded avatar."""
    image = _open_checked(upload)
    data, extension, _w, _h = _encode(image, max_dimension=AVATAR_SIZE, square=True)
    return ContentFile(data, name=f"avatar.{extension}")
