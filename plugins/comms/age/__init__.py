"""age v1 file encryption (C2SP age specification) on top of `cryptography`.

Implemented: X25519 recipients and identities (``age-keygen`` keys), scrypt passphrase
recipients, the header MAC and the 64 KiB STREAM payload, with the strict parsing the
spec requires. Refused with :class:`AgeUnsupportedError`: ASCII armor
(:class:`AgeArmorError`), plugin keys, post-quantum hybrid keys and SSH keys.
"""

from .encryption import decrypt, decrypt_bytes, encrypt, encrypt_bytes
from .errors import (
    AgeArmorError,
    AgeError,
    AgeHeaderError,
    AgeHmacError,
    AgeKeyFormatError,
    AgeNoMatchError,
    AgePayloadError,
    AgeUnsupportedError,
)
from .keys import parse_identities, parse_identity, parse_recipient
from .scrypt import ScryptIdentity, ScryptRecipient
from .stanza import Identity, Recipient, Stanza
from .x25519 import X25519Identity, X25519Recipient

__all__ = [
    "AgeArmorError",
    "AgeError",
    "AgeHeaderError",
    "AgeHmacError",
    "AgeKeyFormatError",
    "AgeNoMatchError",
    "AgePayloadError",
    "AgeUnsupportedError",
    "Identity",
    "Recipient",
    "ScryptIdentity",
    "ScryptRecipient",
    "Stanza",
    "X25519Identity",
    "X25519Recipient",
    "decrypt",
    "decrypt_bytes",
    "encrypt",
    "encrypt_bytes",
    "parse_identities",
    "parse_identity",
    "parse_recipient",
]
