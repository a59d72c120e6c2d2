"""Image uploads: verify with Pillow, refuse what is not an image, cap bytes and pixels, strip
metadata by re-encoding, resize, and store. Used for post images (Attachment) and avatars.

Files are never lost: a new file is written under a name of its own, then the database row is
pointed at it, and only after that commits is the old file deleted. A full or read-only disk (or an
object store that does not answer) raises StorageUnavailable, which views turn into a clear message;
a half-written file is removed and nothing the member had is touched.
"""

import io
import logging
import os
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from forum.models import Attachment

logger = logging.getLogger(__name__)

NO_FILE = _("Please choose an image to upload.")
NOT_AN_IMAGE = _("That file is not an image we can use. Please upload a JPEG, PNG, GIF or WebP picture.")
TOO_BIG = _("That image is too large: at most %(limit)s MB.")
TOO_MANY_PIXELS = _("That image has too many pixels (at most %(limit)s megapixels). Please resize it first.")

STORAGE_FULL = _(
    "We could not store your picture: the server's storage is full or read-only right now. "
    "Nothing was changed; please try again later."
)

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


class StorageUnavailable(Exception):
    """The file store refused a write (disk full, read-only, object store down). Nothing changed."""

    message = STORAGE_FULL


def _storage_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError,)  # ENOSPC, EROFS, EACCES, EDQUOT…
    try:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # no object storage installed
        return errors
    return (*errors, Boto3Error, BotoCoreError, ClientError)


def _write_new(field_file, filename: str, data: bytes) -> None:
    """Write `data` under a name no other file has (so nothing existing is overwritten) and point
    field_file at it, without saving the row. On failure remove what was half written."""
    stem, extension = os.path.splitext(filename)
    name = field_file.field.generate_filename(field_file.instance, f"{stem}-{uuid.uuid4().hex[:12]}{extension}")
    try:
        field_file.name = field_file.storage.save(name, ContentFile(data), max_length=field_file.field.max_length)
    except _storage_errors() as error:
        logger.error("could not store %s: %s", name, error)
        _delete_quietly(field_file.storage, name)  # a full disk leaves a truncated file behind
        raise StorageUnavailable(str(error)) from error
    field_file._committed = True


def _delete_quietly(storage, name: str) -> None:
    """Delete a file that is no longer referenced; a failure only leaves an orphan, so log it."""
    if not name:
        return
    try:
        storage.delete(name)
    except Exception as error:  # noqa: BLE001 - an orphan file is harmless, a 500 is not
        logger.warning("could not delete %s: %s", name, error)


def _delete_after_commit(storage, name: str) -> None:
    """The old file goes only once the row pointing elsewhere is committed: if the transaction
    rolls back, the row still names the old file and it must still be there."""
    if name:
        transaction.on_commit(lambda: _delete_quietly(storage, name))


def attachment_create(*, uploader, upload) -> Attachment:
    """Store an uploaded image for posts. Callers check permissions.check_upload_image first.
    Raises ValidationError for a bad image and StorageUnavailable when the file cannot be written."""
    image = _open_checked(upload)
    data, extension, width, height = _encode(image, max_dimension=settings.FORUM["UPLOAD_MAX_DIMENSION"])
    attachment = Attachment(uploader=uploader, width=width, height=height,
                            original_name=os.path.basename(upload.name or "")[:200])
    _write_new(attachment.image, f"{_safe_stem(upload.name)}.{extension}", data)
    try:
        attachment.save()
    except Exception:
        _delete_quietly(attachment.image.storage, attachment.image.name)
        raise
    return attachment


def avatar_file(upload) -> ContentFile:
    """A square, resized, metadata-free copy of an uploaded avatar."""
    image = _open_checked(upload)
    data, extension, _w, _h = _encode(image, max_dimension=AVATAR_SIZE, square=True)
    return ContentFile(data, name=f"avatar.{extension}")


def avatar_replace(profile, upload) -> None:
    """Point profile.avatar at a new picture (upload=None: none) and save the row: the new file is
    written first, the row switched, and the old file deleted after the commit. Raises
    ValidationError or StorageUnavailable with the old avatar untouched."""
    field_file = profile.avatar
    old_name = field_file.name
    if upload is None:
        profile.avatar = ""
    else:
        content = avatar_file(upload)
        _write_new(field_file, content.name, content.read())
    try:
        profile.save(update_fields=["avatar"])
    except Exception:
        if upload is not None:
            _delete_quietly(field_file.storage, field_file.name)
        raise
    _delete_after_commit(field_file.storage, old_name)
