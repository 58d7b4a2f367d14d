"""Canonical unpadded base64, the only base64 the age header allows.

The spec requires decoders to reject ``=`` padding and non-canonical encodings (unused
trailing bits set), so that a header has exactly one byte representation and its MAC
cannot be sidestepped by re-encoding.
"""

from __future__ import annotations

import base64
import binascii
import re

from .errors import AgeHeaderError

_BASE64 = re.compile(rb"[A-Za-z0-9+/]*")


def encode(data: bytes) -> bytes:
    """Standard base64 of ``data`` without padding."""
    return base64.b64encode(data).rstrip(b"=")


def is_base64(text: bytes) -> bool:
    """True when ``text`` holds only base64 alphabet characters (no padding, no spaces)."""
    return _BASE64.fullmatch(text) is not None


def decode(text: bytes, what: str) -> bytes:
    """Decode canonical unpadded base64, naming ``what`` in the :class:`AgeHeaderError`."""
    if not is_base64(text):
        raise AgeHeaderError(f"age header: {what} is not valid unpadded base64")
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise AgeHeaderError(f"age header: {what} is not valid unpadded base64") from None
    if encode(data) != text:
        raise AgeHeaderError(f"age header: {what} is not canonical base64")
    return data
