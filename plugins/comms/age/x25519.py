"""X25519 recipients (``age1...``) and identities (``AGE-SECRET-KEY-1...``).

These are the keys of ``age-keygen``: a package is encrypted to each recipient office's
X25519 recipient and opened with that office's identity. Strings parse and format exactly
as age does (lowercase recipients, uppercase identities, Bech32 with no length limit).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from . import b64, bech32
from .errors import AgeHeaderError, AgeKeyFormatError
from .keywrap import WRAPPED_FILE_KEY_SIZE, hkdf_sha256, unwrap_file_key, wrap_file_key
from .stanza import Stanza

RECIPIENT_HRP = "age"
IDENTITY_HRP = "AGE-SECRET-KEY-"
STANZA_TYPE = "X25519"
KEY_SIZE = 32
_INFO = b"age-encryption.org/v1/X25519"


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _decode_key(text: str, hrp: str, kind: str) -> bytes:
    found_hrp, data = bech32.decode(text)
    if found_hrp != hrp:
        raise AgeKeyFormatError(f"age key: {kind} must start with '{hrp}1', not '{found_hrp}1'")
    if len(data) != KEY_SIZE:
        raise AgeKeyFormatError(f"age key: {kind} holds {len(data)} bytes, expected {KEY_SIZE}")
    return data


@dataclass(frozen=True, repr=False)
class X25519Recipient:
    """The public half of an office key: files encrypted to it open with its identity."""

    public_bytes: bytes

    def __post_init__(self) -> None:
        if len(self.public_bytes) != KEY_SIZE:
            raise AgeKeyFormatError(f"age key: X25519 recipient must be {KEY_SIZE} bytes")

    @classmethod
    def parse(cls, text: str) -> X25519Recipient:
        """Parse an ``age1...`` string as printed by ``age-keygen``."""
        return cls(_decode_key(text, RECIPIENT_HRP, "X25519 recipient"))

    def __str__(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self.public_bytes)

    def __repr__(self) -> str:
        return f"X25519Recipient({str(self)!r})"

    def wrap(self, file_key: bytes) -> list[Stanza]:
        """One ``X25519`` stanza under a fresh ephemeral key."""
        ephemeral = X25519PrivateKey.generate()
        share = _raw_public(ephemeral.public_key())
        try:
            shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(self.public_bytes))
        except ValueError:
            raise AgeKeyFormatError(
                f"age key: recipient {self} is a low-order point and cannot receive files"
            ) from None
        wrap_key = hkdf_sha256(shared, share + self.public_bytes, _INFO)
        body = wrap_file_key(wrap_key, file_key)
        return [Stanza((STANZA_TYPE, b64.encode(share).decode("ascii")), body)]


@dataclass(frozen=True, repr=False)
class X25519Identity:
    """The secret half of an office key. ``repr`` shows only the public recipient."""

    secret_bytes: bytes
    recipient: X25519Recipient = field(init=False)
    _private: X25519PrivateKey = field(init=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.secret_bytes) != KEY_SIZE:
            raise AgeKeyFormatError(f"age key: X25519 identity must be {KEY_SIZE} bytes")
        private = X25519PrivateKey.from_private_bytes(self.secret_bytes)
        object.__setattr__(self, "_private", private)
        object.__setattr__(self, "recipient", X25519Recipient(_raw_public(private.public_key())))

    @classmethod
    def generate(cls) -> X25519Identity:
        """A new random identity, as ``age-keygen`` makes."""
        return cls(os.urandom(KEY_SIZE))

    @classmethod
    def parse(cls, text: str) -> X25519Identity:
        """Parse an ``AGE-SECRET-KEY-1...`` string."""
        return cls(_decode_key(text, IDENTITY_HRP, "X25519 identity"))

    def __str__(self) -> str:
        return bech32.encode(IDENTITY_HRP, self.secret_bytes)

    def __repr__(self) -> str:
        return f"X25519Identity(recipient={str(self.recipient)!r})"

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        """The file key from the first ``X25519`` stanza this identity opens."""
        for stanza in stanzas:
            if stanza.type != STANZA_TYPE:
                continue
            share = _check_stanza(stanza)
            wrap_key = hkdf_sha256(
                _shared_secret(self._private, share), share + self.recipient.public_bytes, _INFO
            )
            file_key = unwrap_file_key(wrap_key, stanza.body)
            if file_key is not None:
                return file_key
        return None


def _check_stanza(stanza: Stanza) -> bytes:
    if len(stanza.args) != 2:
        raise AgeHeaderError(
            f"age header: X25519 stanza must have 2 arguments, found {len(stanza.args)}"
        )
    share = b64.decode(stanza.args[1].encode("ascii"), "X25519 ephemeral share")
    if len(share) != KEY_SIZE:
        raise AgeHeaderError(
            f"age header: X25519 ephemeral share is {len(share)} bytes, expected {KEY_SIZE}"
        )
    if len(stanza.body) != WRAPPED_FILE_KEY_SIZE:
        raise AgeHeaderError(
            f"age header: X25519 stanza body is {len(stanza.body)} bytes, "
            f"expected {WRAPPED_FILE_KEY_SIZE}"
        )
    return share


def _shared_secret(private: X25519PrivateKey, share: bytes) -> bytes:
    try:
        return private.exchange(X25519PublicKey.from_public_bytes(share))
    except ValueError:
        # cryptography refuses the all-zero shared secret of a low-order point.
        raise AgeHeaderError(
            "age header: X25519 ephemeral share is a low-order point (all-zero shared secret)"
        ) from None
