"""The signed keyring file, and the checks an office makes before it trusts one.

Layout (all lengths big-endian)::

    b"ncen-keyring/1\\n"              magic and format version
    32 bytes                          headquarters' Ed25519 public key
    uint32 n, n bytes                 the keyring document, canonical JSON
    64 bytes                          Ed25519 signature of every byte before it

The public key sits in front of the document so that the signature is checked over the
raw bytes before any JSON is parsed. Checks, in order: layout; the headquarters key is the
pinned one (the fingerprint given at first import, then the key of the keyring already
held); signature; strict canonical JSON; document consistency; serial not lower than the
held keyring (and not equal with other content, which would mean two different keyrings
under one serial); not expired.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import wire
from .fingerprint import fingerprint
from .keyring import Keyring, KeyringError, KeyringFormatError
from .keys import OfficeKeys

MAGIC = b"ncen-keyring/1\n"
MAX_DOCUMENT_SIZE = 16 << 20
_KEY_SIZE = 32
_SIGNATURE_SIZE = 64
_LENGTH = struct.Struct(">I")


class KeyringUntrustedError(KeyringError):
    """The keyring is signed by a key other than the pinned headquarters key."""


class KeyringSignatureError(KeyringError):
    """The signature does not match: the keyring was altered or not signed by its key."""


class KeyringRollbackError(KeyringError):
    """The keyring is older than (or conflicts with) the one already held."""


@dataclass(frozen=True)
class SignedKeyring:
    """A verified keyring with the headquarters key that signed it and its exact bytes."""

    keyring: Keyring
    hq_signing_key: bytes
    raw: bytes

    @property
    def hq_key_id(self) -> str:
        """Fingerprint of the headquarters signing key."""
        return fingerprint(self.hq_signing_key)


def sign_keyring(keyring: Keyring, hq: OfficeKeys) -> bytes:
    """The signed file for ``keyring`` under the headquarters keys ``hq``."""
    keyring.check_consistent()
    document = wire.dumps_canonical(keyring.to_json())
    signed = MAGIC + hq.signing_public + _LENGTH.pack(len(document)) + document
    return signed + hq.sign(signed)


def verify_keyring_file(
    data: bytes,
    *,
    now: dt.datetime,
    pinned_hq_key_id: str | None = None,
    held: SignedKeyring | None = None,
) -> SignedKeyring:
    """Verify ``data`` against the pin (else the held keyring's key) and the held keyring.

    Returns the held keyring unchanged when ``data`` is the very same file. Raises a
    :class:`~.keyring.KeyringError` subclass naming the first check that failed.
    """
    pin = pinned_hq_key_id or (held.hq_key_id if held else None)
    if pin is None:
        raise KeyringUntrustedError(
            "no headquarters key is trusted yet: give its fingerprint, read to you by "
            "headquarters, with the first import")
    verified = _verify_signed(data, pin)
    if held is not None:
        if verified.raw == held.raw:
            return held
        _check_not_older(verified.keyring, held.keyring)
    verified.keyring.check_usable(now)
    return verified


def read_signed_keyring(data: bytes, where: str) -> SignedKeyring:
    """A keyring file already trusted (the office's own copy), checked against its own key.

    Expiry is not checked, so that an expired keyring can still be shown.
    """
    try:
        return _verify_signed(data, fingerprint(_split(data)[0]))
    except KeyringError as error:
        raise type(error)(f"{where}: {error}") from None


def _verify_signed(data: bytes, pin: str) -> SignedKeyring:
    """Layout, headquarters key against ``pin``, signature, then strict JSON, in that order."""
    hq_key, document, signed, signature = _split(data)
    if fingerprint(hq_key) != pin:
        raise KeyringUntrustedError(
            f"the keyring is signed by key {fingerprint(hq_key)}, not by the headquarters "
            f"key {pin}")
    try:
        Ed25519PublicKey.from_public_bytes(hq_key).verify(signature, signed)
    except InvalidSignature:
        raise KeyringSignatureError(
            "the keyring signature does not match (the file was altered)") from None
    try:
        keyring = Keyring.from_json(wire.loads_strict(document, "keyring"))
    except wire.StrictJsonError as error:
        raise KeyringFormatError(str(error)) from None
    return SignedKeyring(keyring, hq_key, data)


def _check_not_older(keyring: Keyring, held: Keyring) -> None:
    if keyring.serial < held.serial:
        raise KeyringRollbackError(
            f"the keyring has serial {keyring.serial}, older than the serial {held.serial} "
            "already imported; it was refused")
    if keyring.serial == held.serial:
        raise KeyringRollbackError(
            f"the keyring has serial {keyring.serial} like the one already imported but "
            "different content; headquarters must issue a new serial")


def _split(data: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    """(headquarters key, document, signed bytes, signature), or KeyringFormatError."""
    if not data.startswith(MAGIC):
        raise KeyringFormatError("not an ncen keyring file (it does not start with "
                                 "'ncen-keyring/1')")
    header_end = len(MAGIC) + _KEY_SIZE + _LENGTH.size
    if len(data) < header_end + _SIGNATURE_SIZE:
        raise KeyringFormatError("the keyring file is truncated")
    hq_key = data[len(MAGIC) : len(MAGIC) + _KEY_SIZE]
    (length,) = _LENGTH.unpack_from(data, len(MAGIC) + _KEY_SIZE)
    if length > MAX_DOCUMENT_SIZE:
        raise KeyringFormatError(f"the keyring document is larger than {MAX_DOCUMENT_SIZE} bytes")
    if len(data) != header_end + length + _SIGNATURE_SIZE:
        raise KeyringFormatError("the keyring file is truncated or has trailing bytes")
    signed_end = header_end + length
    return hq_key, data[header_end:signed_end], data[:signed_end], data[signed_end:]
