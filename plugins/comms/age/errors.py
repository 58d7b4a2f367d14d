"""Errors of the age layer, one class per outcome an age decryption can have.

The classes follow the outcome classes of the C2SP CCTV age test vectors, so a caller (and
the vector tests) can tell a file that is not for this office (:class:`AgeNoMatchError`)
from one that is damaged or forged (header, HMAC or payload errors).
"""

from __future__ import annotations

from ncen_core.errors import NcenError


class AgeError(NcenError):
    """Base class of every age failure caused by a file, a key or a passphrase."""


class AgeKeyFormatError(AgeError):
    """A recipient or identity string is not a valid age key (bad Bech32, wrong type or size)."""


class AgeNoMatchError(AgeError):
    """None of the given identities could open any recipient stanza of the file."""


class AgeHeaderError(AgeError):
    """The header is malformed, or a stanza is malformed for its recipient type."""


class AgeHmacError(AgeError):
    """The header MAC does not match: the header was altered after encryption."""


class AgePayloadError(AgeError):
    """The encrypted payload is truncated, altered or followed by trailing data."""


class AgeUnsupportedError(AgeError):
    """A valid age feature ncen deliberately does not implement (plugins, post-quantum keys)."""


class AgeArmorError(AgeUnsupportedError):
    """The file is ASCII-armored (PEM); ncen reads and writes binary age files only."""
