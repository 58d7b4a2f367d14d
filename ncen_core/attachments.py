"""Checking attachment bytes before they are stored: size, media type, thumbnail.

The media type is decided from the bytes, never from the file name, and only image, PDF
and DICOM (X-ray) content is accepted. Images are decoded once, with Pillow's
decompression-bomb warning (above ``Image.MAX_IMAGE_PIXELS``) turned into a hard error, to make a small thumbnail; nothing
else is ever rendered or extracted.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from ncen_core.errors import AttachmentError

THUMBNAIL_SIZE = (256, 256)

_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"BM", 0, "image/bmp"),
    (b"%PDF-", 0, "application/pdf"),
    (b"DICM", 128, "application/dicom"),
)


@dataclass(frozen=True)
class AttachmentFacts:
    """What was learnt from the bytes of an accepted attachment."""

    sha256: str
    media_type: str
    size: int
    width: int | None
    height: int | None
    thumbnail: bytes | None


def sniff_media_type(data: bytes) -> str | None:
    """The media type the content's magic bytes announce, or None if not an accepted kind."""
    for magic, offset, media_type in _SIGNATURES:
        if data[offset:offset + len(magic)] == magic:
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def inspect_attachment(data: bytes, max_size: int) -> AttachmentFacts:
    """Accept ``data`` as an attachment or raise AttachmentError saying why not."""
    if not data:
        raise AttachmentError("the attachment is empty")
    if len(data) > max_size:
        raise AttachmentError(
            f"the attachment is {len(data) / 1e6:.1f} MB; the limit is {max_size / 1e6:.1f} MB"
        )
    media_type = sniff_media_type(data)
    if media_type is None:
        raise AttachmentError(
            "unsupported content: attach JPEG, PNG, GIF, TIFF, BMP or WebP images, PDF or DICOM files"
        )
    width = height = None
    thumbnail = None
    if media_type.startswith("image/"):
        width, height, thumbnail = _thumbnail(data)
    return AttachmentFacts(
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        size=len(data),
        width=width,
        height=height,
        thumbnail=thumbnail,
    )


def _thumbnail(data: bytes) -> tuple[int, int, bytes]:
    from PIL import Image, UnidentifiedImageError  # only to attach a photo, not to start

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                image.thumbnail(THUMBNAIL_SIZE)
                thumb = image.convert("RGB")
                out = io.BytesIO()
                thumb.save(out, format="PNG", optimize=True)
                return width, height, out.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AttachmentError(
            f"the image has more than {Image.MAX_IMAGE_PIXELS:,} pixels and was refused"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise AttachmentError(f"the image cannot be read: {exc}") from None
