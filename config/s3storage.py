"""Media on S3-compatible object storage (switched on by MEDIA_S3_BUCKET, see config/env.py), for
several app servers. Imported only then, so boto3 is needed only there."""

from storages.backends.s3 import S3Storage

from config import media


class MediaS3Storage(S3Storage):
    """Objects other than our re-encoded images are stored with an attachment disposition, so a
    file opened from the bucket downloads instead of rendering (the bucket cannot send a CSP)."""

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if not media.shown_inline(name):
            parameters.setdefault("ContentDisposition", media.attachment_disposition(name))
        return parameters
