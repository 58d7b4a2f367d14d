"""Key fingerprints that two people can read to each other over the telephone.

A fingerprint is the first 160 bits of the SHA-256 of a public key (the raw 32 bytes of an
Ed25519 or X25519 key, the DER bytes of a TLS certificate), written in RFC 4648 base32
(letters A-Z and digits 2-7: no 0/O or 1/I/L to confuse) as eight groups of four joined
by dashes, e.g. ``K7QX-M2AB-C3DE-FGH4-JKLM-N5PQ-RSTU-VW6X``. Reading it aloud group by
group takes under a minute; 160 bits leave no room for a look-alike key. The same string
is the key's id in the keyring and in package manifests.
"""

from __future__ import annotations

import base64
import hashlib
import re

FINGERPRINT_PATTERN = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}")
_FINGERPRINT_BYTES = 20
_GROUP = 4


def fingerprint(public: bytes) -> str:
    """The phone-readable fingerprint (and key id) of a public key or certificate."""
    digest = hashlib.sha256(public).digest()[:_FINGERPRINT_BYTES]
    text = base64.b32encode(digest).decode("ascii")
    return "-".join(text[start : start + _GROUP] for start in range(0, len(text), _GROUP))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed by a person (any case, spaces or no dashes) in canonical form.

    Raises ``ValueError`` when it cannot be a fingerprint.
    """
    compact = re.sub(r"[\s-]", "", text).upper()
    grouped = "-".join(compact[start : start + _GROUP] for start in range(0, len(compact), _GROUP))
    if not FINGERPRINT_PATTERN.fullmatch(grouped):
        raise ValueError(
            f"{text!r} is not a key fingerprint (32 letters A-Z and digits 2-7, "
            "in groups of four)"
        )
    return grouped
