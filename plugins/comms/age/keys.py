"""Parsing recipient and identity strings, with clear refusals for unsupported key types.

ncen implements the X25519 keys of ``age-keygen``. Other valid age keys (post-quantum
hybrid keys, plugin keys such as YubiKeys, SSH keys) are recognised and refused with
:class:`AgeUnsupportedError`, so an officer learns the key is of another kind rather than
mistyped.
"""

from __future__ import annotations

from . import bech32
from .errors import AgeKeyFormatError, AgeUnsupportedError
from .x25519 import IDENTITY_HRP, RECIPIENT_HRP, X25519Identity, X25519Recipient

_PQ_RECIPIENT_HRP = "age1pq"
_PQ_IDENTITY_HRP = "AGE-SECRET-KEY-PQ-"
_PLUGIN_IDENTITY_PREFIX = "AGE-PLUGIN-"


def parse_recipient(text: str) -> X25519Recipient:
    """Parse an ``age1...`` recipient; surrounding whitespace is ignored."""
    text = text.strip()
    if text.startswith("ssh-"):
        raise AgeUnsupportedError("age key: SSH public keys are not supported as recipients")
    hrp, _ = bech32.decode(text)
    if hrp == RECIPIENT_HRP:
        return X25519Recipient.parse(text)
    if hrp == _PQ_RECIPIENT_HRP:
        raise AgeUnsupportedError(
            "age key: post-quantum hybrid recipients (age1pq1...) are not supported"
        )
    if hrp.startswith(RECIPIENT_HRP + "1"):
        raise AgeUnsupportedError(
            f"age key: recipients of the age plugin {hrp[4:]!r} ({hrp}1...) are not supported"
        )
    raise AgeKeyFormatError(f"age key: not an age recipient (starts with {hrp!r}, not 'age1')")


def parse_identity(text: str) -> X25519Identity:
    """Parse an ``AGE-SECRET-KEY-1...`` identity; surrounding whitespace is ignored."""
    text = text.strip()
    hrp, _ = bech32.decode(text)
    if hrp == IDENTITY_HRP:
        return X25519Identity.parse(text)
    if hrp == _PQ_IDENTITY_HRP:
        raise AgeUnsupportedError(
            "age key: post-quantum hybrid identities (AGE-SECRET-KEY-PQ-1...) are not supported"
        )
    if hrp.startswith(_PLUGIN_IDENTITY_PREFIX):
        name = hrp[len(_PLUGIN_IDENTITY_PREFIX) : -1].lower()
        raise AgeUnsupportedError(
            f"age key: identities of the age plugin {name!r} ({hrp}1...) are not supported"
        )
    raise AgeKeyFormatError(
        f"age key: not an age identity (starts with {hrp!r}, not 'AGE-SECRET-KEY-1')"
    )


def parse_identities(text: str) -> list[X25519Identity]:
    """Parse an identity file as ``age-keygen`` writes it: ``#`` comments and blank lines
    are skipped, every other line is one identity. Errors name the line."""
    identities = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            identities.append(parse_identity(line))
        except (AgeKeyFormatError, AgeUnsupportedError) as error:
            raise type(error)(f"identity file line {number}: {error}") from None
    if not identities:
        raise AgeKeyFormatError("age key: the identity file holds no identities")
    return identities
