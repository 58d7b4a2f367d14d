"""The plaintext layout of a package, inside its age encryption.

All lengths are big-endian::

    b"ncen-package/1\\n"         magic line with the framing version
    uint8 k, k bytes            key id (fingerprint) of the sender's signing key, ASCII
    uint32 m, m bytes           the manifest, canonical JSON
    64 bytes                    Ed25519 signature of every byte above
    parts                       each part's bytes, back to back, in manifest order

The key id comes first so the verifying key is chosen, and the signature checked over the
raw manifest bytes, before any JSON is parsed. Parts carry no framing of their own: their
sizes are in the signed manifest, and the age layer marks the end of the file, so any byte
more or less than declared is detected.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

from .fingerprint import FINGERPRINT_PATTERN
from .package_errors import (
    PackageLayoutError,
    PackageTooLarge,
    PackageVersionError,
    UnsignedPackage,
)

MAGIC = b"ncen-package/1\n"
SIGNATURE_SIZE = 64
_MAGIC_PREFIX = b"ncen-package/"
_KEY_ID_LENGTH = struct.Struct(">B")
_MANIFEST_LENGTH = struct.Struct(">I")
_LONGEST_VERSION_LINE = len(_MAGIC_PREFIX) + 12


@dataclass(frozen=True)
class Preamble:
    """Everything before the parts: signer key id, raw manifest, signed bytes, signature."""

    key_id: str
    manifest: bytes
    signed: bytes
    signature: bytes

    @property
    def size(self) -> int:
        """Bytes of plaintext the preamble occupies."""
        return len(self.signed) + SIGNATURE_SIZE


def encode_preamble(key_id: str, manifest: bytes, sign: Callable[[bytes], bytes]) -> bytes:
    """The preamble for ``manifest`` signed by ``sign`` (the key named by ``key_id``)."""
    encoded_id = key_id.encode("ascii")
    signed = (MAGIC + _KEY_ID_LENGTH.pack(len(encoded_id)) + encoded_id
              + _MANIFEST_LENGTH.pack(len(manifest)) + manifest)
    return signed + sign(signed)


def parse_preamble(data: bytes, *, complete: bool, max_manifest_size: int) -> Preamble | None:
    """The preamble at the start of ``data``; ``None`` if more data is needed.

    ``complete`` says ``data`` is all the plaintext there is, so a short preamble is an
    error rather than a reason to wait. Raises :class:`UnsignedPackage`,
    :class:`PackageVersionError`, :class:`PackageLayoutError` or (for a manifest above
    ``max_manifest_size``) :class:`PackageTooLarge`.
    """
    if not _check_magic(data, complete):
        return None
    position = len(MAGIC)
    key_id_end = position + _KEY_ID_LENGTH.size
    if len(data) < key_id_end:
        return _need_more(complete)
    (key_id_length,) = _KEY_ID_LENGTH.unpack_from(data, position)
    length_start = key_id_end + key_id_length
    if len(data) < length_start + _MANIFEST_LENGTH.size:
        return _need_more(complete)
    key_id = data[key_id_end:length_start].decode("ascii", "replace")
    if not FINGERPRINT_PATTERN.fullmatch(key_id):
        raise PackageLayoutError("the package's signer key id is not a key fingerprint")
    (manifest_length,) = _MANIFEST_LENGTH.unpack_from(data, length_start)
    if manifest_length > max_manifest_size:
        raise PackageTooLarge(
            f"the package manifest is {manifest_length} bytes, more than {max_manifest_size}")
    manifest_start = length_start + _MANIFEST_LENGTH.size
    signed_end = manifest_start + manifest_length
    if len(data) < signed_end + SIGNATURE_SIZE:
        return _need_more(complete)
    return Preamble(key_id, bytes(data[manifest_start:signed_end]), bytes(data[:signed_end]),
                    bytes(data[signed_end : signed_end + SIGNATURE_SIZE]))


def _check_magic(data: bytes, complete: bool) -> bool:
    """True once the magic line is there; raises when it cannot be."""
    if data[: len(MAGIC)] == MAGIC:
        return True
    head = bytes(data[:_LONGEST_VERSION_LINE])
    if not head.startswith(_MAGIC_PREFIX[: len(head)]) or (complete and not head):
        raise UnsignedPackage(
            "the decrypted file is not an ncen package (no signed manifest): it may be a "
            "plain age file; it was refused as unsigned")
    if head.startswith(_MAGIC_PREFIX) and b"\n" in head:
        version = head[len(_MAGIC_PREFIX) : head.index(b"\n")].decode("ascii", "replace")
        raise PackageVersionError(
            f"the package is in framing version {version!r}, not 1; it was refused")
    if complete or len(head) >= _LONGEST_VERSION_LINE:
        raise PackageLayoutError("the package's first line is cut short or malformed")
    return False


def _need_more(complete: bool) -> None:
    """Nothing to return yet, unless the plaintext is complete: then it is cut short."""
    if complete:
        raise PackageLayoutError("the package ends inside its manifest or signature")
